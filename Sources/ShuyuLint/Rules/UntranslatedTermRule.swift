import ShuyuMatching
import ShuyuModel

/// `untranslated-term`: Chinese left in an English translation.
public struct UntranslatedTermRule: LintRule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "untranslated-term",
        name: "Chinese left untranslated",
        summary: "The English translation contains Chinese characters; when they are a glossary term, the message gives its rendering.",
        defaultSeverity: .warning,
        triggeringExamples: [
            RuleExample("尊重网络主权。", "Respect cyber sovereignty (↓网络主权)."),
            RuleExample("这是一个例子。", "This is an ↓例子 of a sentence."),
        ],
        nonTriggeringExamples: [
            RuleExample("尊重网络主权。", "Respect cyber sovereignty."),
            RuleExample("日本語。", "カタカナ and 한국어 are not Chinese characters."),
        ])

    public func check(_ segment: SegmentAnalysis) -> [RuleHit] {
        // Most targets hold no Han at all: asked of the UTF-8 bytes first (what Folding.isHan
        // counts starts at U+3007, lead byte 0xE3), then of the scalars, without copying them.
        guard segment.targetIsEnglish else { return [] }
        var target = segment.targetText
        let mayHoldHan = target.withUTF8 { bytes in
            let start = TextDecoding.endOfASCII(bytes)
            return bytes[start...].contains { $0 >= 0xE3 }
        }
        guard mayHoldHan, segment.targetText.unicodeScalars.contains(where: Folding.isHan) else { return [] }
        var hits: [RuleHit] = []
        let scalars = Array(segment.targetText.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard Folding.isHan(scalars[index]) else { index += 1; continue }
            let start = index
            while index < scalars.count, Folding.isHan(scalars[index]) { index += 1 }
            let run = String(String.UnicodeScalarView(scalars[start..<index]))
            let concepts = Set(segment.index.chineseMatches(in: run).flatMap { $0.refs.filter { $0.term.status.isApproved }.map(\.conceptID) })
            let expected = segment.expectedRenderings(of: concepts)
            hits.append(RuleHit(
                message: "Chinese text '\(run)' left in the translation" + (expected.first.map { "; render it as '\($0)'" } ?? ""),
                targetSpan: TextSpan(start: start, length: index - start), conceptID: concepts.sorted().first,
                expected: expected, found: run))
        }
        return hits
    }
}
