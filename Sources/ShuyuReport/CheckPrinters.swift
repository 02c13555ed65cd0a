import Foundation
import ShuyuLint

/// `shuyu check` on a terminal: the census, the findings, the glossary candidates.
public struct CheckTextPrinter {
    public let color: Bool
    public let censusLimit: Int

    public init(color: Bool, censusLimit: Int = 40) {
        self.color = color
        self.censusLimit = censusLimit
    }

    func paint(_ code: String, _ text: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    public func render(_ report: CheckReport) -> String {
        var out = paint("1", "Checked \(report.documents.count) document(s), \(report.segments) segment(s).") + "\n\n"
        out += paint("1", "Renderings of \(report.census.count) concept(s) found in the sources") + "\n"
        for entry in report.census.prefix(censusLimit) {
            let renderings = entry.renderings.map { rendering -> String in
                let label = rendering.status == "unrendered" ? "(not rendered)" : rendering.text
                let text = "\(label) \(rendering.count)"
                switch rendering.status {
                case "preferred": return paint("32", text)
                case "admitted": return paint("36", text)
                case "unrendered": return paint("2", text)
                default: return paint("31", text + " [\(rendering.status)]")
                }
            }.joined(separator: ", ")
            out += "  \(entry.chinese) \(paint("2", "[\(entry.conceptID)]")) \(entry.occurrences)× in \(entry.documents) doc: \(renderings)\n"
        }
        if report.census.count > censusLimit { out += paint("2", "  … \(report.census.count - censusLimit) more (see --format json or --html)") + "\n" }
        let corpus = report.findings.filter { CorpusChecker.ruleDescriptions.map(\.id).contains($0.rule) }
        let segment = report.findings.filter { !CorpusChecker.ruleDescriptions.map(\.id).contains($0.rule) }
        out += "\n" + paint("1", "Consistency findings (\(corpus.count))") + "\n"
        out += TextPrinter(color: color).render(corpus)
        let byRule = Dictionary(grouping: segment, by: \.rule).map { ($0.key, $0.value.count) }.sorted { $0.0 < $1.0 }
        out += "\n" + paint("1", "Segment findings (\(segment.count))") + (byRule.isEmpty ? "" : ": " + byRule.map { "\($0.0) \($0.1)" }.joined(separator: ", ")) + "\n"
        out += TextPrinter(color: color).render(segment)
        out += "\n" + paint("1", "Candidates for the glossary") + "\n"
        for candidate in report.candidates {
            let english = candidate.english.map { "  ≈ \"\($0)\" (\(String(format: "%.2f", candidate.englishScore ?? 0)))" } ?? ""
            out += "  \(candidate.text)  \(candidate.frequency)× in \(candidate.documents) doc\(english)\n"
        }
        return out
    }
}

/// `shuyu check --format json`: the report as JSON (schema version 1, keys sorted).
public enum CheckJSONPrinter {
    public static func render(_ report: CheckReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
