import Foundation
import Testing
import ShuyuModel
@testable import ShuyuTBX

/// A fixture and what reading it must give, per ../shared/fixtures/tbx-real/SOURCES.md.
struct ValidFixture: CustomTestStringConvertible, Sendable {
    var path: String
    var version: TBXVersion
    /// `termEntry`/`conceptEntry` elements, the N column of SOURCES.md.
    var entries: Int
    var concepts: Int
    var languages: Set<String>
    /// Files with empty `<term/>` (Weblate, Lokalize, SDL) import only with skipInvalid.
    var needsSkipInvalid = false
    var testDescription: String { path }
}

let validFixtures: [ValidFixture] = [
    .init(path: "LTAC-Global__TBX-Basic_dialect/DCA/Example_Astronomy_DCA_VALID.tbx", version: .v3, entries: 45, concepts: 45, languages: ["en", "es", "zu"]),
    .init(path: "LTAC-Global__TBX-Basic_dialect/DCT/Example_Astronomy_DCT_VALID.tbx", version: .v3, entries: 45, concepts: 45, languages: ["en", "es", "zu"]),
    .init(path: "LTAC-Global__TBX-Min_dialect/DCA/Example_Astronomy_DCA_VALID.tbx", version: .v3, entries: 45, concepts: 45, languages: ["en", "es", "zu"]),
    .init(path: "LTAC-Global__TBX_test_files/basic_good.tbx", version: .v3, entries: 45, concepts: 45, languages: ["en", "es", "zu"]),
    .init(path: "LTAC-Global__TBX_test_files/basic_bad.tbx", version: .v3, entries: 45, concepts: 45, languages: ["en", "es", "zu"]),
    .init(path: "LTAC-Global__TBX_test_files/min_good.tbx", version: .v3, entries: 45, concepts: 45, languages: ["en", "es", "zu"]),
    .init(path: "LTAC-Global__TBX-converter/converted-by-pl/Good-Basic2.tbx", version: .v3, entries: 25, concepts: 25, languages: ["en", "es"]),
    .init(path: "LTAC-Global__TBX-converter/Good-Basic2.tbx", version: .v2, entries: 25, concepts: 25, languages: ["en", "es"]),
    .init(path: "stefan-jung__org.jung.terminology/DualConcept_MultiTerm_Sample.tbx", version: .v3, entries: 2, concepts: 2, languages: ["en", "de"]),
    .init(path: "stefan-jung__org.jung.terminology/DualConcept_MultiTerm_Sample_dct.tbx", version: .v3, entries: 2, concepts: 2, languages: ["en", "de"]),
    .init(path: "stefan-jung__org.jung.terminology/James_Termbase Cleaned.tbx", version: .v3, entries: 4, concepts: 4, languages: ["en", "de", "es", "hu", "ko"]),
    .init(path: "pan93412__kde-cn/terms.tbx", version: .v2, entries: 137, concepts: 137, languages: ["en-US", "zh-CN"], needsSkipInvalid: true),
    .init(path: "Slicer__SlicerLanguageTranslations/zh_Hans.tbx", version: .v2, entries: 153, concepts: 153, languages: ["en", "zh-Hans"], needsSkipInvalid: true),
    .init(path: "l10n-tw__blender-branch-tw/glossary/zh_Hant.tbx", version: .v2, entries: 1124, concepts: 1124, languages: ["en", "zh-Hant"]),
    .init(path: "l10n-tw__blender-branch-tw/zh_Hant.tbx", version: .v2, entries: 0, concepts: 0, languages: []),
    .init(path: "abc0922001__mihon-zh_Hant/zh_Hant.tbx", version: .v2, entries: 2, concepts: 2, languages: ["en", "zh-Hant"]),
    .init(path: "Masked-Kunsiquat__crm-orbit2/glossary.tbx", version: .v2, entries: 23, concepts: 23, languages: ["en", "es", "de", "fr", "zh-Hans"]),
    .init(path: "cimiano__tbx2rdf/TBX-resources/fromSDL_tbx.tbx", version: .v2, entries: 223, concepts: 223, languages: ["de", "en"], needsSkipInvalid: true),
    .init(path: "cimiano__tbx2rdf/TBX-resources/ibm_tbx.tbx", version: .v2, entries: 5, concepts: 5, languages: ["en", "fr"]),
    .init(path: "cimiano__tbx2rdf/TBX-resources/maryland.tbx", version: .v2, entries: 1, concepts: 1, languages: ["fr", "it", "es", "en"]),
    .init(path: "cimiano__tbx2rdf/TBX-resources/simple1-weirdxml.tbx", version: .v2, entries: 1, concepts: 1, languages: ["de", "en", "es"]),
    .init(path: "cimiano__tbx2rdf/other/sampleTBXfile - LocalRefs.tbx", version: .v2, entries: 1, concepts: 1, languages: ["en", "hu"]),
    .init(path: "cimiano__tbx2rdf/other/terminology_Falcon.tbx", version: .v2, entries: 6, concepts: 6, languages: ["es-ES"]),
    .init(path: "cimiano__tbx2rdf/other/foodTerms-forRDFtest.tbx", version: .v2, entries: 2, concepts: 2, languages: ["fr", "en"]),
    .init(path: "cimiano__tbx2rdf/iatefullmini.xml", version: .v2, entries: 2, concepts: 2, languages: ["bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hu", "it", "lt", "lv", "nl", "pl", "pt", "ro", "sk", "sl", "sv"]),
    .init(path: "cimiano__tbx2rdf/TaaS_entry_export_example_in_TBX.xml", version: .v2, entries: 1, concepts: 1, languages: ["lv", "en"]),
    // An entry with no langSet: read, counted, nothing to store.
    .init(path: "cimiano__tbx2rdf/test6.tbx", version: .v2, entries: 1, concepts: 0, languages: []),
    .init(path: "cimiano__tbx2rdf/TBXBasic/TBX-basic-samples.tbx", version: .v2, entries: 5, concepts: 5, languages: ["en", "fr", "de"]),
    .init(path: "FlyingTitans__tbxutils/ValidDTD.xml", version: .v2, entries: 1, concepts: 1, languages: ["en", "hu"]),
    .init(path: "klew00__okapi/test01.tbx", version: .v2, entries: 1, concepts: 1, languages: ["en", "hu"]),
    .init(path: "klew00__okapi/test02_win1254.tbx", version: .v2, entries: 1, concepts: 1, languages: ["en", "tr"]),
    .init(path: "omegat-org__omegat/sampleTBXfile.tbx", version: .v2, entries: 1, concepts: 1, languages: ["en", "hu"]),
    .init(path: "mozilla__pontoon/valid_mozilla_terminology.tbx", version: .v2, entries: 4, concepts: 4, languages: ["en-US", "pl"]),
    .init(path: "WeblateOrg__weblate/cs.tbx", version: .v2, entries: 4, concepts: 4, languages: ["en", "cs"]),
    .init(path: "WeblateOrg__weblate/fr-extended-metadata.tbx", version: .v2, entries: 2, concepts: 2, languages: ["en", "fr"]),
    .init(path: "TermSearch__tbx2json/MS-nl-first-100kB.xml", version: .v2, entries: 166, concepts: 166, languages: ["en-US", "nl-NL"]),
]

/// Broken files: each must fail with a position, naming the file.
struct BrokenFixture: CustomTestStringConvertible, Sendable {
    var path: String
    var line: Int
    var message: String
    var testDescription: String { path }
}

let brokenFixtures: [BrokenFixture] = [
    .init(path: "LTAC-Global__TBX_test_files/poorly_formed_xml.tbx", line: 42, message: "tag mismatch"),
    .init(path: "man-pages-zh__coreutils-po/terms.tbx", line: 277, message: "tag mismatch"),
    .init(path: "TermSearch__tbx2json/IATE-first-500l-with-error.xml", line: 21, message: "character reference to U+0003"),
    .init(path: "mozilla__pontoon/broken_terminology.tbx", line: 1, message: "Document is empty"),
    .init(path: "cimiano__tbx2rdf/TBXBasic/tbx_basic_sample_badelementorder.tbx", line: 76, message: "<term> directly in <langSet>"),
    .init(path: "LTAC-Global__TBX_test_files/core_structure_bad.tbx", line: 32, message: "more than one <term>"),
]

@Suite(.enabled(if: Fixtures.available, "needs ../shared/fixtures/tbx-real"))
struct FixtureImportTests {
    func read(_ path: String, skipInvalid: Bool) throws -> (TBXReadSummary, [Concept]) {
        let reader = try TBXReader(path: Fixtures.path(path), displayName: path, options: TBXReadOptions(skipInvalid: skipInvalid, origin: "import:test"))
        var concepts: [Concept] = []
        let summary = try reader.read { concepts.append($0) }
        return (summary, concepts)
    }

    @Test(arguments: validFixtures)
    func importsWithTheDocumentedCounts(_ fixture: ValidFixture) throws {
        if fixture.needsSkipInvalid {
            #expect(throws: XMLError.self) { _ = try read(fixture.path, skipInvalid: false) }
        }
        let (summary, concepts) = try read(fixture.path, skipInvalid: fixture.needsSkipInvalid)
        #expect(summary.version == fixture.version)
        #expect(summary.entries == fixture.entries)
        #expect(summary.concepts == fixture.concepts)
        #expect(concepts.count == fixture.concepts)
        #expect(Set(summary.languages.keys) == fixture.languages)
        #expect(Set(concepts.map(\.id)).count == concepts.count, "ids are unique")
        for concept in concepts {
            #expect(concept.languages.allSatisfy { !$0.terms.isEmpty })
            #expect(concept.allTerms.allSatisfy { !$0.term.text.isEmpty && $0.term.text == $0.term.text.trimmingCharacters(in: .whitespacesAndNewlines) })
        }
    }

    @Test(arguments: brokenFixtures)
    func brokenFilesFailWithAPosition(_ fixture: BrokenFixture) throws {
        do {
            _ = try read(fixture.path, skipInvalid: false)
            Issue.record("\(fixture.path) was read without an error")
        } catch let error as XMLError {
            #expect(error.file == fixture.path)
            #expect(error.line == fixture.line, "\(error)")
            #expect(error.column > 0, "\(error)")
            #expect(error.message.contains(fixture.message), "\(error)")
        }
    }

    @Test func astronomyMapsDataCategories() throws {
        let (summary, concepts) = try read("LTAC-Global__TBX-Basic_dialect/DCA/Example_Astronomy_DCA_VALID.tbx", skipInvalid: false)
        #expect(summary.dialect == "TBX-Basic" && summary.style == "dca")
        let subjects = concepts.compactMap(\.subject)
        #expect(!subjects.isEmpty)
        let terms = concepts.flatMap(\.allTerms).map(\.term)
        #expect(terms.contains { $0.status == .preferred })
        #expect(terms.contains { $0.status != .preferred })
        #expect(terms.contains { $0.partOfSpeech == .noun })
        // Transactions, cross-references to images and the back matter are kept whole.
        #expect(concepts.flatMap { $0.allTerms.flatMap(\.term.extras) + $0.extras }.contains { $0.content.contains("transacGrp") })
        #expect(summary.source.extras.contains { $0.category == "back" && $0.content.contains("refObjectSec") })
    }

    @Test func dctElementsMapLikeDCA() throws {
        let (_, dca) = try read("LTAC-Global__TBX-Basic_dialect/DCA/Example_Astronomy_DCA_VALID.tbx", skipInvalid: false)
        let (summary, dct) = try read("LTAC-Global__TBX-Basic_dialect/DCT/Example_Astronomy_DCT_VALID.tbx", skipInvalid: false)
        #expect(summary.style == "dct")
        #expect(dca.map(\.id) == dct.map(\.id))
        #expect(dca.map(\.subject) == dct.map(\.subject))
        #expect(dca.flatMap(\.allTerms).map(\.term.text) == dct.flatMap(\.allTerms).map(\.term.text))
        #expect(dca.flatMap(\.allTerms).map(\.term.status) == dct.flatMap(\.allTerms).map(\.term.status))
        #expect(dca.flatMap(\.allTerms).map(\.term.partOfSpeech) == dct.flatMap(\.allTerms).map(\.term.partOfSpeech))
        // A DCT element kept whole declares its namespace, so it stands on its own.
        let kept = dct.flatMap { $0.allTerms.flatMap(\.term.extras) }.first { $0.content.contains("basic:") }
        #expect(kept?.content.contains("xmlns:basic=") == true)
    }

    @Test func chineseTagsAndStatusesAsWeblateAndLokalizeWriteThem() throws {
        let (summary, concepts) = try read("Slicer__SlicerLanguageTranslations/zh_Hans.tbx", skipInvalid: true)
        #expect(summary.normalisedTags["zh_Hans"] == "zh-Hans")
        #expect(summary.skipped.count == 136, "every empty <term/> is reported")
        #expect(summary.warnings.count == 10, "ten entries repeat id=\"1\"")
        #expect(concepts.flatMap(\.languages).contains { $0.language.value == "zh-Hans" })
        let (fr, frConcepts) = try read("WeblateOrg__weblate/fr-extended-metadata.tbx", skipInvalid: false)
        #expect(fr.version == .v2)
        let statuses = frConcepts.flatMap(\.allTerms).map(\.term.status)
        #expect(statuses.contains(.superseded), "administrativeStatus 'obsolete' maps to superseded")
    }

    @Test func windows1254IsDecoded() throws {
        let (_, concepts) = try read("klew00__okapi/test02_win1254.tbx", skipInvalid: false)
        let turkish = concepts.flatMap(\.languages).first { $0.language.value == "tr" }?.terms.first?.text ?? ""
        #expect(turkish.unicodeScalars.contains { $0.value > 0x7F }, "\(turkish)")
        #expect(turkish.contains("ı") || turkish.contains("İ"))
    }
}

@Suite(.enabled(if: Fixtures.available, "needs ../shared/fixtures/tbx-real"))
struct FixtureRoundTripTests {
    /// import → export → import gives the same concepts, terms, statuses, notes and kept
    /// data categories, in both TBX generations.
    @Test(arguments: validFixtures.filter { $0.concepts > 0 })
    func roundTrip(_ fixture: ValidFixture) throws {
        let reader = try TBXReader(path: Fixtures.path(fixture.path), displayName: fixture.path, options: TBXReadOptions(skipInvalid: fixture.needsSkipInvalid, origin: "import:test"))
        var original: [Concept] = []
        let summary = try reader.read { original.append($0) }
        for format in [TBXFormat.v3, .v2] {
            let path = try write(original, format: format, back: summary.source.extras)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let (again, concepts) = try readBack(path)
            #expect(withoutOrigin(concepts) == withoutOrigin(original), "\(format)")
            #expect(again.source.extras.map(\.content) == summary.source.extras.map(\.content), "back matter, \(format)")
        }
    }
}
