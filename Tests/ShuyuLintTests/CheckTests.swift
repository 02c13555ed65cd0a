import Foundation
import Testing
import ShuyuModel
@testable import ShuyuLint

enum CheckCorpus {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("CheckCorpus")
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    static let inputs: [DocumentInput] = [
        .alignedText(source: path("whitepaper.zh.txt"), target: path("whitepaper.en.txt")),
        .tsv(path("position.tsv")),
        .xliff(path("initiative.xlf")),
    ]
    static let report = CorpusChecker(index: BundledIndex.index).check(inputs)
}

@Suite struct CheckTests {
    let report = CheckCorpus.report

    @Test func readsEveryDocument() {
        #expect(report.documents.count == 3)
        #expect(report.segments == 13)
        #expect(report.errors.isEmpty)
    }

    @Test func censusCountsRenderingsPerDocument() throws {
        let sovereignty = try #require(report.census.first { $0.conceptID == "cyber.cyber-sovereignty" })
        // 尊重网络主权 in the white paper is the phrase concept, rendered as a whole.
        #expect(sovereignty.occurrences == 3 && sovereignty.documents == 2)
        #expect(Set(sovereignty.renderings.map { "\($0.text)/\($0.status)/\($0.count)" })
            == ["cyber sovereignty/preferred/1", "sovereignty in cyberspace/admitted/1", "internet sovereignty/deprecated/1"])
        #expect(report.census.contains { $0.conceptID == "cyber.respect-for-cyber-sovereignty" })
        let cyberspace = try #require(report.census.first { $0.conceptID == "cyber.cyberspace" })
        #expect(cyberspace.renderings.map(\.count) == [1], "'cyberspace' inside 'sovereignty in cyberspace' is not counted again")
        let deprecated = try #require(sovereignty.renderings.first { $0.status == "deprecated" })
        #expect(deprecated.perDocument == [CheckCorpus.path("initiative.xlf"): 1])
        #expect(deprecated.firstLocations.first?.line == 7 && deprecated.firstLocations.first?.column == 13)
        let economy = try #require(report.census.first { $0.conceptID == "cyber.digital-economy" })
        #expect(economy.renderings.map(\.text) == ["digital economy"] && economy.renderings[0].count == 2)
    }

    @Test func inconsistentRenderingNamesMajorityAndOutlier() throws {
        let finding = try #require(report.findings.first { $0.rule == "inconsistent-rendering" })
        #expect(finding.severity == .warning)
        #expect(finding.conceptID == "cyber.cyber-sovereignty")
        #expect(finding.expected == ["cyber sovereignty"] && finding.found == "sovereignty in cyberspace")
        #expect(finding.target?.file == CheckCorpus.path("position.tsv") && finding.target?.line == 2)
        #expect(report.findings.filter { $0.rule == "inconsistent-rendering" }.count == 1)
    }

    @Test func inconsistentSegments() throws {
        let target = try #require(report.findings.first { $0.rule == "inconsistent-target" })
        #expect(target.segment == "p2", "数字经济是全球增长的新引擎。 is translated two ways")
        #expect(target.expected == ["The digital economy is a new engine of global growth."])
        let source = try #require(report.findings.first { $0.rule == "inconsistent-source" })
        #expect(source.segment == "p5" && source.severity == .info)
        #expect(report.findings.filter { $0.rule.hasPrefix("inconsistent-") }.count == 3)
    }

    @Test func lintFindingsAreIncluded() {
        #expect(report.findings.contains { $0.rule == "forbidden-term" && $0.found == "internet sovereignty" && $0.segment == "i1" })
        #expect(!report.findings.contains { $0.rule == "missing-term" })
    }

    @Test func glossaryCandidatesWithTheirEnglish() throws {
        let first = try #require(report.candidates.first)
        #expect(first.text == "数字孪生" && first.frequency == 3 && first.documents == 3)
        #expect(first.english == "digital twin")
        #expect(first.firstLocation?.line == 3 && first.firstLocation?.column == 3)
        // Glossary terms, stop words and numbers are never candidates.
        #expect(!report.candidates.contains { ["网络主权", "数字经济", "任何", "三"].contains($0.text) })
    }

    @Test func segmentsShownCarryTheHighlights() throws {
        let shown = try #require(report.segmentsShown.first { $0.segment == "i1" })
        #expect(shown.targetMarks.contains { $0.rule == "forbidden-term" && $0.start == 12 && $0.length == 20 })
        #expect(shown.sourceMarks.contains { $0.start == 5 && $0.length == 4 })
    }
}
