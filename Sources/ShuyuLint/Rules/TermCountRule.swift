import ShuyuMatching

/// `term-count`: the source names a concept more times than the target renders it.
public struct TermCountRule: LintRule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "term-count",
        name: "Fewer renderings than source terms",
        summary: "The source names a concept more often than the translation renders it: a repetition may have been dropped or paraphrased. Opt-in: Chinese repeats nouns where English uses pronouns, so faithful translations trigger it.",
        defaultSeverity: .warning,
        isOptIn: true,
        triggeringExamples: [
            RuleExample("录音制品和↓录音制品的复制品。", "Phonograms and their copies.", note: "Reported at the first source occurrence left without a rendering."),
        ],
        nonTriggeringExamples: [
            RuleExample("录音制品和录音制品的复制品。", "Phonograms and copies of phonograms."),
            RuleExample("录音制品。", "Phonogram (phonograms)."),
        ])

    public func check(_ segment: SegmentAnalysis) -> [RuleHit] {
        segment.sourceGroups.compactMap { group in
            let rendered = group.approvedRenderings.count
            guard rendered > 0, rendered < group.occurrences.count else { return nil }
            let first = group.occurrences[rendered].match
            return RuleHit(
                message: "\(first.text) occurs \(group.occurrences.count) times in the source but is rendered \(rendered) time\(rendered == 1 ? "" : "s")",
                sourceSpan: first.span, conceptID: group.concepts.sorted().first,
                expected: segment.expectedRenderings(of: group.concepts))
        }
    }
}
