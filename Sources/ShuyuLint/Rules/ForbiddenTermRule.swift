import ShuyuMatching

/// `forbidden-term`: the target renders a concept the source names with a deprecated,
/// superseded or forbidden term.
public struct ForbiddenTermRule: LintRule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "forbidden-term",
        name: "Forbidden rendering",
        summary: "The translation uses a rendering marked deprecated, superseded or forbidden for a concept the source names; the message says what to use instead.",
        defaultSeverity: .error,
        triggeringExamples: [
            RuleExample("本条约所称录音制品，是指任何对表演的声音的录制。", "In this Treaty, ↓sound recordings means the fixation of the sounds of a performance."),
            RuleExample("缔约各方应对有效的技术措施提供保护。", "Contracting Parties shall protect effective ↓technical measures."),
            RuleExample("网络主权不容侵犯。", "↓Internet sovereignty must not be violated.", note: "A deprecated rendering; the glossary's preferred one is 'cyber sovereignty'."),
            RuleExample("尊重网络主权。", "↓Respect internet sovereignty.", note: "A phrase term with a rejected rendering is reported once, not also for the term inside it."),
            RuleExample("录音制品制作者享有复制权。", "↓Record producers enjoy the right of reproduction.", note: "Longest match: 录音制品制作者 is one concept."),
        ],
        nonTriggeringExamples: [
            RuleExample("本条约所称录音制品，是指任何对表演的声音的录制。", "In this Treaty, phonograms means the fixation of the sounds of a performance."),
            RuleExample("表演的发行。", "Distribution of performances.", note: "发行 is 'publication' in one provision and 'distribution' in others: either approved rendering satisfies it."),
            RuleExample("她收藏了很多老唱片。", "She collects old sound recordings.", note: "The source names no glossary concept, so the rendering is not checked."),
        ])

    public func check(_ segment: SegmentAnalysis) -> [RuleHit] {
        var hits: [RuleHit] = []
        var reported: [TextSpan] = []
        for group in segment.allSourceGroups {
            // Outer matches come first; a term inside one already reported is not reported again.
            for (match, ref) in segment.rejectedRenderings(of: group.keys)
            where !reported.covers(match.span) {
                reported.append(match.span)
                let preferred = segment.preferredRenderings(of: [ref.conceptID])
                let expected = segment.expectedRenderings(of: [ref.conceptID])
                let use = preferred.first.map { "; use '\($0)'" } ?? ""
                let sourceTerm = group.occurrences[0].match.text
                hits.append(RuleHit(
                    message: "'\(match.text)' is \(ref.term.status.rawValue) for \(sourceTerm)\(use)",
                    sourceSpan: group.occurrences[0].match.span, targetSpan: match.span,
                    conceptID: ref.conceptID, expected: expected, found: match.text,
                    fix: preferred.count == 1 && segment.targetIsEnglish
                        ? Fix(span: match.span, replacement: Inflector.inflect(preferred[0], like: match.text)) : nil))
            }
        }
        return hits
    }
}
