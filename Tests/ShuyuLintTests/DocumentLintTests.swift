import Foundation
import ShuyuTestSupport
import Testing
import ShuyuModel
import ShuyuTBX
@testable import ShuyuLint

enum Corpus {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// Lints a document with the bundled glossary; findings as "rule file:line:column".
func lint(_ input: DocumentInput, languages: LanguagePair? = nil) throws -> (summary: DocumentSummary, findings: [Finding]) {
    var findings: [Finding] = []
    let summary = try Linter(index: BundledIndex.index, options: LintOptions(languages: languages)).lint(input) { findings.append($0) }
    return (summary, findings)
}

func describe(_ findings: [Finding]) -> [String] {
    findings.map { finding in
        let location = finding.primaryLocation!
        return "\(finding.rule) \(URL(fileURLWithPath: location.file).lastPathComponent):\(location.line):\(location.column) \(location.text)"
    }
}

@Suite struct DocumentLintTests {
    @Test func alignedPlainText() throws {
        let (summary, findings) = try lint(.alignedText(source: Corpus.path("policy.zh.txt"), target: Corpus.path("policy.en.txt")))
        #expect(summary.direction == .zhEn)
        #expect(summary.segments == 6, "the blank line pair is not a segment")
        #expect(describe(findings) == [
            "forbidden-term policy.en.txt:1:44 internet sovereignty",
            "admitted-term policy.en.txt:2:50 community of shared future in cyberspace",
            "forbidden-term policy.en.txt:3:17 key information infrastructures",
            "missing-term policy.zh.txt:7:6 数据安全",
            "missing-term policy.zh.txt:7:11 个人信息保护",
        ])
        let first = try #require(findings.first)
        #expect(first.expected == ["cyber sovereignty", "sovereignty in cyberspace"])
        #expect(first.conceptID == "cyber.cyber-sovereignty")
        #expect(!first.citations.isEmpty)
        #expect(first.source?.text == "网络主权" && first.source?.column == 10)
        #expect(first.fix?.replacement == "cyber sovereignty")
        #expect(findings[2].fix?.replacement == "critical information infrastructures", "the plural is kept")
    }

    @Test func tsvColumnsCountFromTheLineStart() throws {
        let (summary, findings) = try lint(.tsv(Corpus.path("treaty.tsv")))
        #expect(summary.info.sourceLanguage?.value == "zh" && summary.info.targetLanguage?.value == "en")
        #expect(describe(findings) == ["forbidden-term treaty.tsv:2:43 sound recordings"])
        #expect(findings[0].segment == "art2b")
    }

    @Test func xliff12SkipsInlineCodeAndUntranslatedUnits() throws {
        let (summary, findings) = try lint(.xliff(Corpus.path("report.xlf")))
        #expect(summary.segments == 2, "state=new and translate=no units are skipped")
        #expect(summary.direction == .zhEn)
        #expect(describe(findings) == [
            "missing-term report.xlf:6:3 网络主权",
            "forbidden-term report.xlf:11:13 internet economy",
        ])
        #expect(findings.map(\.segment) == ["p1", "p2"])
        #expect(findings[1].targetText == "Develop the internet economy.")
    }

    @Test func xliff2SegmentsAndCodePoints() throws {
        let (summary, findings) = try lint(.xliff(Corpus.path("report2.xlf")))
        #expect(summary.segments == 2, "state=initial is skipped")
        #expect(describe(findings) == [
            "forbidden-term report2.xlf:7:7 network crime",
            "forbidden-term report2.xlf:17:1 Personal\u{A0}data protection",
        ])
        #expect(findings.map(\.segment) == ["u1/s1", "u2"])
    }

    @Test func tmxReadsTheDeclaredDirection() throws {
        let (summary, findings) = try lint(.tmx(Corpus.path("memory.tmx")))
        #expect(summary.direction == .enZh)
        #expect(summary.segments == 2, "the unit without an English and a Chinese variant is skipped")
        #expect(describe(findings) == ["missing-term memory.tmx:6:1 Respect cyber sovereignty"])
    }

    @Test func directionCanBeForced() throws {
        // Forcing en → zh on a zh → en document finds English terms in the Chinese side: none.
        let (_, findings) = try lint(.tsv(Corpus.path("treaty.tsv")), languages: .enZh)
        #expect(findings.allSatisfy { $0.rule == "missing-term" || $0.rule == "untranslated-term" })
    }
}

@Suite struct BadInputTests {
    func write(_ bytes: [UInt8], name: String) throws -> String {
        let path = Scratch.url(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func error(_ input: DocumentInput) -> InputError? {
        do {
            _ = try lint(input)
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return InputError(file: "", message: "\(error)")
        }
    }

    @Test func gb18030IsRefusedWithAHint() throws {
        // 网络主权 in GB18030, on line 2.
        let zh = try write(Array("第一行\n".utf8) + [0xCD, 0xF8, 0xC2, 0xE7, 0xD6, 0xF7, 0xC8, 0xA8, 0x0A], name: "a.zh.txt")
        let en = try write(Array("line one\ncyber sovereignty\n".utf8), name: "a.en.txt")
        let found = try #require(error(.alignedText(source: zh, target: en)))
        #expect(found.file == zh && found.line == 2 && found.column == 1)
        #expect(found.message.contains("not valid UTF-8") && found.message.contains("iconv -f GB18030 -t UTF-8"))
    }

    @Test func utf16WithoutABOMIsRefused() throws {
        let text = "网络主权\tcyber sovereignty\n"
        let tsv = try write(Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, name: "b.tsv")
        let found = try #require(error(.tsv(tsv)))
        #expect(found.message.contains("UTF-16 without a byte-order mark"))
    }

    @Test func utf16WithABOMIsRead() throws {
        let text = "网络主权\tinternet sovereignty\n"
        let tsv = try write([0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, name: "c.tsv")
        #expect(describe(try lint(.tsv(tsv)).findings) == ["forbidden-term \(URL(fileURLWithPath: tsv).lastPathComponent):1:6 internet sovereignty"])
    }

    @Test func crlfAndCRLineEndingsReadLikeLF() throws {
        let zh = try write(Array("数字经济。\r\n网络主权。\r\n".utf8), name: "g.zh.txt")
        let en = try write(Array("The internet economy.\rInternet sovereignty.\r".utf8), name: "g.en.txt")
        let found = describe(try lint(.alignedText(source: zh, target: en)).findings)
        #expect(found == [
            "forbidden-term \(URL(fileURLWithPath: en).lastPathComponent):1:5 internet economy",
            "forbidden-term \(URL(fileURLWithPath: en).lastPathComponent):2:1 Internet sovereignty",
        ])
    }

    @Test func lineCountMismatchSaysWhereTheFilesDiverge() throws {
        let zh = try write(Array("一\n\n二\n三\n".utf8), name: "d.zh.txt")
        let en = try write(Array("one\ntwo\n\nthree\nfour\n".utf8), name: "d.en.txt")
        let found = try #require(error(.alignedText(source: zh, target: en)))
        #expect(found.line == 2 && found.message.contains("first diverge at line 2"))
    }

    @Test func malformedXMLHasAPosition() throws {
        let xlf = try write(Array("<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file><body>\n<trans-unit id=\"1\"><source>a</target></trans-unit>".utf8), name: "e.xlf")
        let found = try #require(error(.xliff(xlf)))
        #expect(found.line == 3 && found.column > 0)
    }

    @Test func binaryGarbageIsRefused() throws {
        let garbage = try write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], name: "f.tsv")
        #expect(error(.tsv(garbage)) != nil)
    }
}

@Suite struct ParallelLintTests {
    /// A long document is analysed in batches on every core: the findings must be those of
    /// linting its segments one by one, in document order, and a read error part-way must
    /// still hand over the findings of the segments before it.
    @Test func batchesGiveTheFindingsOfOneByOne() throws {
        let rows = [
            "各国应尊重网络主权。\tAll countries should respect internet sovereignty.",
            "录音制品制作者享有权利。\tProducers of sound recordings enjoy rights.",
            "🙂 技术措施 🙂\t🙂 technological measures 🙂",
            "网络主权\tcyber sovereignty",
        ]
        let lines = (0..<(Linter.batchSize * 3 + 17)).map { rows[$0 % rows.count] + " \($0)" }
        let path = Scratch.path("long.tsv")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let (summary, findings) = try lint(.tsv(path), languages: .zhEn)
        #expect(summary.segments == lines.count)
        let linter = Linter(index: BundledIndex.index, options: LintOptions(languages: .zhEn))
        var expected: [Finding] = []
        _ = try DocumentReader.read(.tsv(path), languages: .zhEn) { info, segment in
            expected += linter.lint(segment, in: info, targetIsEnglish: true)
        }
        #expect(findings.count > lines.count / 2)
        #expect(describe(findings) == describe(expected))
        // With a segment handler, each segment comes with its own analysis, in order.
        var handed: [String] = []
        try Linter(index: BundledIndex.index, options: LintOptions(languages: .zhEn)).lint(.tsv(path), { _ in }) { _, segment, analysis, _, _ in
            #expect(analysis.sourceText == segment.source.text)
            handed.append(segment.source.text)
        }
        #expect(handed == lines.map { String($0.split(separator: "\t")[0]) })

        // A line that cannot be read, after two and a half batches.
        var broken = Array((lines.joined(separator: "\n") + "\n").utf8)
        let cut = lines.prefix(Linter.batchSize * 2 + 100).reduce(0) { $0 + $1.utf8.count + 1 }
        broken.insert(contentsOf: [0xFF, 0xFE, 0x00], at: cut)
        let brokenPath = Scratch.path("broken.tsv")
        try Data(broken).write(to: URL(fileURLWithPath: brokenPath))
        var partial: [Finding] = []
        #expect(throws: InputError.self) {
            try Linter(index: BundledIndex.index, options: LintOptions(languages: .zhEn)).lint(.tsv(brokenPath)) { partial.append($0) }
        }
        // Every segment on the lines before the broken one was linted and reported.
        let before = expected.filter { ($0.primaryLocation?.line ?? .max) <= Linter.batchSize * 2 + 100 }
        #expect(before.count > 200)
        // A handler that throws stops the run with its own error; nothing is reported twice.
        struct Enough: Error {}
        var delivered = 0
        #expect(throws: Enough.self) {
            try Linter(index: BundledIndex.index, options: LintOptions(languages: .zhEn)).lint(.tsv(path)) { _ in
                delivered += 1
                if delivered == expected.count / 2 { throw Enough() }
            }
        }
        #expect(delivered == expected.count / 2)

        let place = { (finding: Finding) in "\(finding.rule) \(finding.primaryLocation!.line):\(finding.primaryLocation!.column)" }
        #expect(partial.map(place) == before.map(place))
    }
}
