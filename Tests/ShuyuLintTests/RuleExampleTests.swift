import Foundation
import Testing
import ShuyuGlossary
import ShuyuMatching
import ShuyuModel
@testable import ShuyuLint

/// The bundled glossary's term index, built once for all rule tests.
enum BundledIndex {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let index: TermIndex = {
        let glossary = try! Glossary.load(directory: root.appendingPathComponent("glossary"))
        return TermIndex(concepts: glossary.concepts)
    }()
}

/// One example as the test runs it: marks removed, their positions noted, optional prefixes.
struct PreparedExample {
    var source: String
    var target: String
    /// Expected finding positions: (in target?, scalar offset).
    var marks: [(target: Bool, offset: Int)]

    init(_ example: RuleExample, sourcePrefix: String = "", targetPrefix: String = "") {
        func strip(_ text: String, prefix: String, target: Bool, into marks: inout [(Bool, Int)]) -> String {
            var out = prefix
            for scalar in text.unicodeScalars {
                if Character(scalar) == RuleExample.marker {
                    marks.append((target, out.unicodeScalars.count))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
        var marks: [(Bool, Int)] = []
        source = strip(example.source, prefix: sourcePrefix, target: false, into: &marks)
        target = strip(example.target, prefix: targetPrefix, target: true, into: &marks)
        self.marks = marks.map { (target: $0.0, offset: $0.1) }
    }

    func findings(rule: String) -> [Finding] {
        let linter = Linter(index: BundledIndex.index, options: LintOptions(enabledRules: Set(Linter.rules.map { $0.description.identifier })))
        let info = BilingualDocumentInfo(name: "example", sourceFile: "example.zh", targetFile: "example.en")
        let segment = BilingualSegment(id: "1", source: SegmentText(text: source, line: 1, column: 1), target: SegmentText(text: target, line: 1, column: 1))
        return linter.lint(segment, in: info, targetIsEnglish: true).filter { $0.rule == rule }
    }
}

/// Prefixes that put multi-byte text before every example: Chinese, emoji (with a ZWJ
/// sequence and a flag) on the source side; kana, Hangul and emoji on the target side.
let prefixes: [(source: String, target: String)] = [("", ""), ("说明😀👩‍💻🇨🇳：", "テスト한국어😀👩‍💻🇨🇳 ")]

@Suite struct RuleExampleTests {
    static let rules = Linter.rules.map { $0.description }

    @Test(arguments: Linter.rules.map { $0.description.identifier })
    func triggeringExamplesReportAtTheMarks(_ id: String) throws {
        let description = try #require(Linter.rule(id)).description
        #expect(!description.triggeringExamples.isEmpty)
        for example in description.triggeringExamples {
            for prefix in prefixes {
                let prepared = PreparedExample(example, sourcePrefix: prefix.source, targetPrefix: prefix.target)
                #expect(!prepared.marks.isEmpty, "\(id): a triggering example needs a ↓ mark")
                let found = prepared.findings(rule: id).map { finding -> (Bool, Int) in
                    if let target = finding.target { return (true, target.column - 1) }
                    return (false, (finding.source?.column ?? 0) - 1)
                }
                #expect(found.map { "\($0.0 ? "target" : "source")@\($0.1)" }.sorted()
                    == prepared.marks.map { "\($0.target ? "target" : "source")@\($0.offset)" }.sorted(),
                    "\(id): \(prepared.source) → \(prepared.target)")
            }
        }
    }

    @Test(arguments: Linter.rules.map { $0.description.identifier })
    func nonTriggeringExamplesReportNothing(_ id: String) throws {
        let description = try #require(Linter.rule(id)).description
        #expect(!description.nonTriggeringExamples.isEmpty)
        for example in description.nonTriggeringExamples {
            for prefix in prefixes {
                let prepared = PreparedExample(example, sourcePrefix: prefix.source, targetPrefix: prefix.target)
                #expect(prepared.findings(rule: id).isEmpty, "\(id): \(prepared.source) → \(prepared.target): \(prepared.findings(rule: id).map(\.message))")
            }
        }
    }

    @Test func ruleIdentifiersAreStableAndUnique() {
        let ids = Linter.rules.map { $0.description.identifier }
        #expect(ids == ["forbidden-term", "missing-term", "term-count", "admitted-term", "case-mismatch", "untranslated-term", "blocked-term"])
    }
}
