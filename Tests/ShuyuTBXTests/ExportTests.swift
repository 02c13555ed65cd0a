import Foundation
import ShuyuTestSupport
import Testing
import ShuyuGlossary
import ShuyuModel
@testable import ShuyuTBX

/// Concepts that use every field the model has.
let sampleConcepts: [Concept] = [
    Concept(
        id: "demo.phonogram", subject: "related rights", definition: "Sounds fixed on a medium & kept <apart> from film.",
        citations: ["WPPT Art. 2(b)", "WCT Art. 7"], notes: ["A note with \"quotes\"."], related: ["demo.producer"],
        languages: [
            LanguageSection(language: LanguageTag("zh-Hans")!, terms: [Term("录音制品"), Term("唱片", status: .deprecated, usageNote: "Colloquial.")]),
            LanguageSection(language: .en, terms: [
                Term("phonogram", partOfSpeech: .noun, termType: .fullForm, source: "WPPT Art. 2(b)"),
                Term("sound recording", status: .deprecated, usageNote: "US usage."),
                Term("record", status: .forbidden, usageNote: "Too broad.", isBlocked: true),
                Term("Phonogram Producer", status: .superseded, isCaseSensitive: true, variants: ["phonogram-producers"]),
            ], definition: "An English definition."),
        ]),
    Concept(id: "demo.producer", citations: ["WPPT Art. 2(d)"], languages: [
        LanguageSection(language: .zh, terms: [Term("录音制品制作者")]),
        LanguageSection(language: .en, terms: [Term("producer of phonograms", status: .admitted)]),
    ]),
]

func temporaryFile(_ name: String) -> String {
    Scratch.url(name).path
}

func write(_ concepts: [Concept], format: TBXFormat = .v3, dialect: TBXDialect = .basic, back: [ExtraData] = []) throws -> String {
    let path = temporaryFile("export.tbx")
    let writer = try TBXWriter(path: path, format: format, dialect: dialect, exportedIDs: Set(concepts.map(\.id)))
    try writer.begin(title: "Test", descriptions: ["For tests."])
    for concept in concepts { try writer.write(concept) }
    try writer.finish(back: back)
    return path
}

func readBack(_ path: String) throws -> (TBXReadSummary, [Concept]) {
    let reader = try TBXReader(path: path, displayName: path, options: TBXReadOptions(origin: "import:test"))
    var concepts: [Concept] = []
    let summary = try reader.read { concepts.append($0) }
    return (summary, concepts)
}

/// Concepts compared without their origin, which an import sets.
func withoutOrigin(_ concepts: [Concept]) -> [Concept] {
    concepts.map { var copy = $0; copy.origin = nil; return copy }
}

@Suite struct ExportTests {
    @Test(arguments: [TBXFormat.v3, .v2])
    func roundTripKeepsEveryField(_ format: TBXFormat) throws {
        let path = try write(sampleConcepts, format: format)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (summary, concepts) = try readBack(path)
        #expect(summary.version == (format == .v3 ? .v3 : .v2))
        #expect(withoutOrigin(concepts) == sampleConcepts)
    }

    @Test func outputIsDeterministic() throws {
        let first = try write(sampleConcepts), second = try write(sampleConcepts)
        defer { for path in [first, second] { try? FileManager.default.removeItem(atPath: path) } }
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }

    @Test func libxml2DoesTheEscaping() throws {
        let path = try write(sampleConcepts)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("Sounds fixed on a medium &amp; kept &lt;apart&gt; from film."))
        #expect(text.contains("<note>shuyu:status=forbidden</note>"))
        #expect(text.contains("<ref type=\"crossReference\" target=\"demo.producer\">"))
    }

    @Test func controlCharactersAreNotWritten() throws {
        var concept = sampleConcepts[1]
        concept.notes = ["bell\u{07}here"]
        let path = try write([concept])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (_, concepts) = try readBack(path)
        #expect(concepts.first?.notes == ["bellhere"])
    }

    @Test func crossReferencesOnlyToExportedConcepts() throws {
        let path = temporaryFile("partial.tbx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try TBXWriter(path: path, exportedIDs: ["demo.phonogram"])
        try writer.begin(title: "Partial", descriptions: [])
        try writer.write(sampleConcepts[0])
        try writer.finish()
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("crossReference"))
    }

    @Test(arguments: [TBXDialect.min, .core])
    func smallerDialectsDropWhatTheyCannotHold(_ dialect: TBXDialect) throws {
        let path = try write(sampleConcepts, dialect: dialect)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("type=\"\(dialect == .min ? "TBX-Min" : "TBX-Core")\""))
        #expect(!text.contains("definition"))
        #expect(text.contains("administrativeStatus") == (dialect == .min))
        let (_, concepts) = try readBack(path)
        #expect(concepts.flatMap(\.allTerms).map(\.term.text) == sampleConcepts.flatMap(\.allTerms).map(\.term.text))
    }
}

@Suite(.enabled(if: Fixtures.available, "needs ../shared/fixtures/tbx-real"))
struct SchemaValidationTests {
    static let basicV3 = "LTAC-Global__TBX-Basic_dialect/v1.1-7b3d903/TBXcoreStructV03_TBX-Basic_integrated.rng"
    static let coreV3 = "LTAC-Global__TBX_Core_RNG/TBXcoreStructV03.rng"
    static let isoCore = "Anne-dot__aca-translation-assistant/iso-tr24633-2-schemas/core_schema.rng"
    static let basicV2 = "cimiano__tbx2rdf/TBXBasic/TBXBasicRNGV02.rng"

    func errors(_ file: String, against schema: String) throws -> [XMLError] {
        try RelaxNGSchema(path: Fixtures.path(schema)).validate(path: file)
    }

    @Test func v3BasicExportValidates() throws {
        let path = try write(sampleConcepts)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try errors(path, against: Self.basicV3) == [])
        #expect(try errors(path, against: Self.coreV3) == [])
        #expect(try errors(path, against: Self.isoCore) == [])
    }

    @Test func v2ExportValidates() throws {
        let path = try write(sampleConcepts, format: .v2)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try errors(path, against: Self.basicV2) == [])
    }

    @Test(arguments: [TBXDialect.min, .core])
    func smallerDialectsValidateAgainstTheCore(_ dialect: TBXDialect) throws {
        let path = try write(sampleConcepts, dialect: dialect)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try errors(path, against: Self.coreV3) == [])
    }

    @Test func bundledGlossaryExportsValidate() throws {
        let v3 = Fixtures.packageRoot.appendingPathComponent("exports/shuyu-glossary.tbx").path
        let v2 = Fixtures.packageRoot.appendingPathComponent("exports/shuyu-glossary.v2.tbx").path
        #expect(try errors(v3, against: Self.basicV3) == [])
        #expect(try errors(v3, against: Self.coreV3) == [])
        #expect(try errors(v3, against: Self.isoCore) == [])
        #expect(try errors(v2, against: Self.basicV2) == [])
    }

    @Test func bundledGlossaryRoundTrips() throws {
        let path = Fixtures.packageRoot.appendingPathComponent("exports/shuyu-glossary.tbx").path
        let (_, concepts) = try readBack(path)
        let (_, v2) = try readBack(Fixtures.packageRoot.appendingPathComponent("exports/shuyu-glossary.v2.tbx").path)
        #expect(concepts.count >= 300)
        #expect(withoutOrigin(concepts) == withoutOrigin(v2))
        // The glossary itself, read from YAML, is what the TBX gives back.
        let glossary = try Glossary.load(directory: Fixtures.packageRoot.appendingPathComponent("glossary"))
        #expect(withoutOrigin(concepts) == withoutOrigin(glossary.concepts))
        let phonogram = try #require(concepts.first { $0.id == "wppt.phonogram" })
        #expect(phonogram.preferredEnglish?.text == "phonogram")
        #expect(phonogram.citations.contains { $0.hasPrefix("WPPT Art. 2") })
    }

    @Test func theValidatorRejectsWhatTheSchemaForbids() throws {
        let bad = Fixtures.path("cimiano__tbx2rdf/TBXBasic/tbx_basic_sample_badelementorder.tbx")
        let found = try errors(bad, against: Self.basicV2)
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.line > 0 })
        let good = Fixtures.path("cimiano__tbx2rdf/TBXBasic/TBX-basic-samples.tbx")
        #expect(try errors(good, against: Self.basicV2) == [])
    }
}

@Suite struct WriterCleaningTests {
    /// The byte scan decides when the scalar filter runs: it must spot exactly the
    /// characters the filter drops, wherever they sit in multi-byte text.
    @Test(arguments: [
        ("录音制品 phonogram", "录音制品 phonogram"),
        ("tab\tnew\nline\r", "tab\tnew\nline\r"),
        ("a\u{1}b\u{1F}c", "abc"),
        ("网络\u{FFFE}主权\u{FFFF}", "网络主权"),
        ("\u{FFFD}\u{FFFC}\u{EFBF}", "\u{FFFD}\u{FFFC}\u{EFBF}"),
        ("🙂\u{0}", "🙂"),
        ("\u{7F}\u{85}", "\u{7F}\u{85}"),
    ])
    func dropsWhatXMLDoesNotAllow(raw: String, expected: String) {
        #expect(XMLStreamWriter.clean(raw) == expected)
        #expect(XMLStreamWriter.needsCleaning(raw) == (raw != expected))
    }
}
