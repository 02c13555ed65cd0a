import Foundation
import Testing
import ShuyuModel
@testable import ShuyuGlossary

/// Integrity of the glossary that ships in glossary/: it loads clean (the loader enforces
/// unique ids, zh and en terms, citations, one preferred term per language, and notes on
/// strings approved in one concept and rejected in another), and the decisions the
/// product exists to enforce are in it.
@Suite struct BundledGlossaryTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("glossary")

    /// Loaded once for the suite (YAML parsing is slow in debug builds).
    static let loaded: Result<Glossary, any Error> = Result { try Glossary.load(directory: directory) }

    func load() throws -> Glossary {
        switch Self.loaded {
        case let .success(glossary):
            return glossary
        case let .failure(error):
            Issue.record("the bundled glossary does not load:\n\(error)")
            throw error
        }
    }

    func concepts(withChinese text: String) throws -> [Concept] {
        try load().concepts.filter { $0.chineseTerms.contains { $0.text == text } }
    }

    func preferredEnglish(of chinese: String) throws -> String? {
        try #require(concepts(withChinese: chinese).first { $0.preferredChinese?.text == chinese }).preferredEnglish?.text
    }

    @Test func loadsCleanWithEnoughConcepts() throws {
        let glossary = try load()
        #expect(glossary.concepts.count >= 300)
        #expect(Set(glossary.collections.map(\.id)) == ["wppt", "wct", "cyber"])
        for concept in glossary.concepts {
            #expect(!concept.citations.isEmpty, "\(concept.id) has no citation")
            #expect(concept.preferredChinese != nil && concept.preferredEnglish != nil, "\(concept.id)")
        }
    }

    @Test func everyRejectedRenderingSaysWhy() throws {
        for concept in try load().concepts {
            for term in concept.englishTerms where term.status.isRejected {
                #expect(!(term.usageNote ?? "").isEmpty, "\(concept.id): '\(term.text)' is \(term.status) without a note")
            }
        }
    }

    @Test func treatyDecisions() throws {
        #expect(try preferredEnglish(of: "录音制品") == "phonogram")
        let phonogram = try #require(try concepts(withChinese: "录音制品").first)
        #expect(phonogram.englishTerms.contains { $0.text == "sound recording" && $0.status == .deprecated })
        #expect(phonogram.citations.contains { $0.hasPrefix("WPPT Art. 2") })
        #expect(try preferredEnglish(of: "技术措施")?.hasPrefix("technological measure") == true)
        #expect(try preferredEnglish(of: "权利管理信息") == "rights management information")
        #expect(try preferredEnglish(of: "录音制品制作者") == "producer of phonograms")
        #expect(try preferredEnglish(of: "发行权") == "right of distribution")
        #expect(try preferredEnglish(of: "缔约方") == "Contracting Party")
        #expect(try preferredEnglish(of: "缔约国") == "Contracting State")
    }

    @Test func oneChineseWordSeveralOfficialRenderings() throws {
        // 发行 is "publication" in WPPT Art. 2(e) but "distribution" in Arts. 9 and 13.
        let faxing = try concepts(withChinese: "发行").filter { $0.preferredChinese?.text == "发行" }
        #expect(Set(faxing.compactMap(\.preferredEnglish?.text)) == ["publication", "distribution"])
        for concept in faxing { #expect(!concept.notes.isEmpty || concept.chineseTerms.contains { $0.usageNote != nil }) }
    }

    @Test func officialTextsThatDisagreeKeepBoth() throws {
        let sovereignty = try #require(try concepts(withChinese: "网络主权").first)
        #expect(sovereignty.preferredEnglish?.text == "cyber sovereignty")
        let alternative = try #require(sovereignty.englishTerms.first { $0.text == "sovereignty in cyberspace" })
        #expect(alternative.status == .admitted && alternative.usageNote != nil)
        let community = try #require(try concepts(withChinese: "网络空间命运共同体").first)
        #expect(community.preferredEnglish?.text == "community with a shared future in cyberspace")
        #expect(community.englishTerms.contains { $0.text == "community of shared future in cyberspace" && $0.status == .admitted })
    }

    @Test func theFakeInternetConventionIsNeverApproved() throws {
        for concept in try load().concepts {
            for term in concept.chineseTerms where term.text.contains("国际互联网公约") {
                #expect(term.status == .forbidden, "\(concept.id)")
            }
        }
    }
}
