import ShuyuMatching

/// `missing-term`: the source names a concept and the target has none of its approved
/// renderings (nor a rejected one, which `forbidden-term` reports).
public struct MissingTermRule: LintRule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "missing-term",
        name: "Missing rendering",
        summary: "A concept named in the source has none of its preferred or admitted renderings in the translation.",
        defaultSeverity: .error,
        triggeringExamples: [
            RuleExample("各方应↓尊重网络主权。", "All parties should respect each other's choices."),
            RuleExample("↓录音制品的出租。", "Renting out discs.", note: "'discs' is no rendering the glossary knows."),
        ],
        nonTriggeringExamples: [
            RuleExample("各方应尊重网络主权。", "All parties should respect cyber sovereignty."),
            RuleExample("各方应尊重网络主权。", "All parties should respect sovereignty in cyberspace.", note: "An admitted rendering satisfies the concept (admitted-term reports it as information)."),
            RuleExample("录音制品的发行。", "The distribution of phonograms."),
            RuleExample("尊重网络主权。", "Respect internet sovereignty.", note: "A rejected rendering is there: forbidden-term reports it instead."),
            RuleExample("尊重网络主权。", "Respect cyber sovereignty.", note: "尊重网络主权 is a phrase term ('respect for cyber sovereignty'); rendering the term inside it is enough."),
        ])

    public func check(_ segment: SegmentAnalysis) -> [RuleHit] {
        segment.sourceGroups.compactMap { group in
            guard !segment.isRendered(group.occurrences[0]) else { return nil }
            let expected = segment.expectedRenderings(of: group.concepts)
            let occurrence = group.occurrences[0].match
            return RuleHit(
                message: "\(occurrence.text) is not rendered" + (expected.isEmpty ? "" : "; expected " + expected.map { "'\($0)'" }.joined(separator: " or ")),
                sourceSpan: occurrence.span, conceptID: group.concepts.sorted().first, expected: expected)
        }
    }
}
