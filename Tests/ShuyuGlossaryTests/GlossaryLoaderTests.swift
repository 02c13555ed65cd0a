import Foundation
import ShuyuTestSupport
import Testing
import ShuyuModel
@testable import ShuyuGlossary

/// A small valid glossary; each error test breaks one thing in it.
let validYAML = """
    collection:
      id: demo
      title: Demo
      subject: related rights
    concepts:
      - id: demo.phonogram
        definition: A fixation of sounds only.
        citations: [WPPT Art. 2(b)]
        notes: [Rome says the same.]
        related: [demo.producer]
        terms:
          zh: [录音制品]
          en:
            - phonogram
            - term: sound recording
              status: deprecated
              note: US statute wording.
      - id: demo.producer
        subject: producers
        citation: WPPT Art. 2(d)
        terms:
          zh-Hans:
            - 录音制品制作者
          en-GB:
            - term: producer of phonograms
              pos: noun
              type: fullForm
              variants: [phonogram producers' ]
            - term: Phonogram Maker
              status: forbidden
              case-sensitive: true
              source: nowhere
    """

@Suite struct GlossaryLoaderTests {
    @Test func loadsEveryField() throws {
        let glossary = try Glossary.parse(validYAML, file: "demo.yaml")
        #expect(glossary.collections.map(\.id) == ["demo"])
        #expect(glossary.concepts.map(\.id) == ["demo.phonogram", "demo.producer"])
        let phonogram = glossary.concepts[0]
        #expect(phonogram.subject == "related rights")
        #expect(phonogram.citations == ["WPPT Art. 2(b)"])
        #expect(phonogram.notes == ["Rome says the same."])
        #expect(phonogram.related == ["demo.producer"])
        #expect(phonogram.origin == "glossary:demo")
        #expect(phonogram.preferredEnglish?.text == "phonogram")
        let deprecated = try #require(phonogram.englishTerms.last)
        #expect(deprecated.status == .deprecated && deprecated.usageNote == "US statute wording.")
        let producer = glossary.concepts[1]
        #expect(producer.subject == "producers")
        #expect(producer.languages.map(\.language.value) == ["zh-Hans", "en-GB"])
        let full = try #require(producer.englishTerms.first)
        #expect(full.partOfSpeech == .noun && full.termType == .fullForm && full.variants == ["phonogram producers'"])
        let forbidden = try #require(producer.englishTerms.last)
        #expect(forbidden.status == .forbidden && forbidden.isCaseSensitive && forbidden.source == "nowhere")
        #expect(glossary.locations["demo.producer"]?.line == 18)
    }

    /// Replaces `old` by `new` in the valid glossary and returns the diagnostics.
    func problems(_ old: String, _ new: String) -> [GlossaryDiagnostic] {
        let broken = validYAML.replacingOccurrences(of: old, with: new)
        precondition(broken != validYAML, "the replacement did not apply")
        return diagnostics(of: broken)
    }

    func diagnostics(of text: String) -> [GlossaryDiagnostic] {
        do {
            _ = try Glossary.parse(text, file: "demo.yaml")
            return []
        } catch let error as GlossaryError {
            return error.diagnostics
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    @Test func unknownStatusNamesLineAndColumn() throws {
        let found = problems("status: deprecated", "status: prefered")
        let problem = try #require(found.first)
        #expect(found.count == 1)
        #expect(problem.code == "unknown-status")
        #expect(problem.location.file == "demo.yaml")
        #expect(problem.location.line == 16 && problem.location.column == 19)
        #expect(problem.description.hasPrefix("demo.yaml:16:19: error: unknown status 'prefered'"))
    }

    @Test func duplicateID() throws {
        let found = problems("id: demo.producer", "id: demo.phonogram")
        #expect(found.contains { $0.code == "duplicate-id" && $0.location.line == 18 && $0.message.contains("line 6") })
    }

    @Test func badLanguageTag() throws {
        let found = problems("zh-Hans:", "chinese!:")
        #expect(found.contains { $0.code == "bad-language-tag" && $0.location.line == 22 })
        #expect(found.contains { $0.code == "missing-chinese" })
    }

    @Test func missingEnglish() {
        let english = "      en:\n        - phonogram\n        - term: sound recording\n          status: deprecated\n          note: US statute wording.\n"
        #expect(problems(english, "").map(\.code) == ["missing-english"])
    }

    @Test func missingCitation() {
        #expect(problems("    citation: WPPT Art. 2(d)\n", "").map(\.code) == ["missing-citation"])
    }

    @Test func unknownKeySuggestsTheRightOne() throws {
        let found = problems("definition:", "defnition:")
        let problem = try #require(found.first)
        #expect(problem.code == "unknown-key")
        #expect(problem.message.contains("did you mean 'definition'"))
    }

    @Test func twoPreferredTermsInOneSection() {
        let found = problems("        - term: sound recording\n          status: deprecated\n", "        - term: sound recording\n")
        #expect(found.map(\.code) == ["multiple-preferred"])
    }

    @Test func duplicateTermIgnoringCase() {
        #expect(problems("- term: sound recording", "- term: Phonogram").map(\.code) == ["duplicate-term"])
    }

    @Test func emptyTerm() {
        #expect(problems("zh: [录音制品]", "zh: [录音制品, \"  \"]").map(\.code) == ["empty-term"])
    }

    @Test func unknownRelated() {
        #expect(problems("related: [demo.producer]", "related: [demo.nothing]").map(\.code) == ["unknown-related"])
    }

    @Test func yamlSyntaxErrorHasPosition() throws {
        let found = problems("citations: [WPPT Art. 2(b)]", "citations: [WPPT Art. 2(b)")
        let problem = try #require(found.first)
        #expect(problem.code == "yaml-syntax")
        #expect(problem.location.line > 1)
    }

    @Test func wrongType() {
        #expect(problems("case-sensitive: true", "case-sensitive: maybe").map(\.code) == ["wrong-type"])
        #expect(problems("notes: [Rome says the same.]", "notes: {a: b}").map(\.code) == ["wrong-type"])
    }

    @Test func approvedInOneConceptRejectedInAnotherNeedsANote() {
        // "phonogram" is preferred in demo.phonogram; rejecting it elsewhere without a note is an error.
        let forbidden = "- term: Phonogram Maker\n          status: forbidden\n"
        #expect(problems(forbidden, "- term: phonogram\n          status: forbidden\n").map(\.code) == ["approved-and-rejected"])
        // With a note it is accepted.
        let withNote = validYAML.replacingOccurrences(
            of: forbidden, with: "- term: phonogram\n          status: forbidden\n          note: The thing, not its maker.\n")
        #expect(withNote != validYAML)
        #expect((try? Glossary.parse(withNote)) != nil)
    }

    @Test func reportsAllProblemsAtOnce() {
        var broken = validYAML.replacingOccurrences(of: "status: deprecated", with: "status: nope")
        broken = broken.replacingOccurrences(of: "    citation: WPPT Art. 2(d)\n", with: "")
        #expect(diagnostics(of: broken).map(\.code) == ["unknown-status", "missing-citation"])
    }
}

@Suite struct BlockedTermTests {
    @Test func blockedNeedsForbidden() throws {
        let yaml = validYAML.replacingOccurrences(of: "          status: forbidden\n", with: "          status: forbidden\n          blocked: true\n")
        #expect(try Glossary.parse(yaml).concepts[1].englishTerms.last?.isBlocked == true)
        let wrong = validYAML.replacingOccurrences(of: "          status: deprecated\n", with: "          status: deprecated\n          blocked: true\n")
        do {
            _ = try Glossary.parse(wrong)
            Issue.record("a blocked deprecated term was accepted")
        } catch let error as GlossaryError {
            #expect(error.diagnostics.map(\.code) == ["blocked-not-forbidden"])
        }
    }
}

@Suite struct HostileYAMLTests {
    /// Nine levels of nine-fold aliases: a parser that copied aliases would build 9^9 nodes.
    /// Yams keeps them shared, and the loader reports a wrong type where text was expected.
    @Test func aliasBombIsNotExpanded() {
        var lines = ["collection: {id: bomb}", "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
        for level in 1...9 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        lines += ["concepts:", "  - id: x", "    citation: *a9", "    terms: {zh: [甲], en: [a]}"]
        do {
            _ = try Glossary.parse(lines.joined(separator: "\n"), file: "bomb.yaml")
            Issue.record("the bomb loaded")
        } catch let error as GlossaryError {
            #expect(error.diagnostics.contains { $0.code == "wrong-type" && $0.message.contains("citation") })
            #expect(error.diagnostics.contains { $0.code == "unknown-key" })
        } catch {
            Issue.record("\(error)")
        }
    }
}

@Suite struct HostileGlossaryFileTests {
    /// A directory with one glossary file holding `bytes`.
    func load(_ bytes: [UInt8], name: String = "demo.yaml") throws -> Result<Glossary, any Error> {
        let directory = Scratch.url("yaml")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(bytes).write(to: directory.appendingPathComponent(name))
        return Result { try Glossary.load(directory: directory) }
    }

    func diagnostics(_ result: Result<Glossary, any Error>) -> [GlossaryDiagnostic] {
        guard case .failure(let error as GlossaryError) = result else { return [] }
        return error.diagnostics
    }

    /// A 10 MB definition loads (about 2 s in a debug build) and keeps every character.
    @Test func tenMegabyteStringLoads() throws {
        let long = String(repeating: "录音制品", count: 10 << 20 / 12)
        let yaml = validYAML.replacingOccurrences(of: "definition: A fixation of sounds only.", with: "definition: \(long)")
        let glossary = try load(Array(yaml.utf8)).get()
        #expect(glossary.concepts[0].definition == long)
    }

    @Test func invalidUTF8IsReportedWithItsPosition() throws {
        var bytes = Array(validYAML.utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "F"))!  // the F of "fullForm"
        bytes[at] = 0xFF
        let found = diagnostics(try load(bytes))
        #expect(found.map(\.code) == ["encoding"])
        #expect(found.first?.message.contains("not valid UTF-8") == true)
        #expect(found.first?.location.line ?? 0 > 1)
    }

    @Test func gb18030IsRefusedWithAWayToConvert() throws {
        // "terms: {zh: [录音制品]" with the Chinese in GB18030.
        let bytes = Array("collection: {id: gb}\nconcepts:\n  - id: gb.x\n    citation: x\n    terms: {zh: [".utf8)
            + [0xC2, 0xBC, 0xD2, 0xF4, 0xD6, 0xC6, 0xC6, 0xB7] + Array("], en: [phonogram]}\n".utf8)
        let found = diagnostics(try load(bytes))
        #expect(found.first?.location.line == 5)
        #expect(found.first?.location.column == 19)
        #expect(found.first?.message.contains("iconv -f GB18030") == true)
    }

    @Test func fifoInTheGlossaryIsReportedNotWaitedOn() throws {
        let directory = Scratch.url("yaml")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(mkfifo(directory.appendingPathComponent("pipe.yaml").path, 0o600) == 0)
        let found = diagnostics(Result { try Glossary.load(directory: directory) })
        #expect(found.map(\.code) == ["unreadable"])
        #expect(found.first?.message.contains("named pipe") == true)
    }
}
