import ShuyuMatching

/// `blocked-term`: a rendering the glossary blocks in any text (a calque, a name that does
/// not exist), reported whatever the source says.
public struct BlockedTermRule: LintRule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "blocked-term",
        name: "Blocked rendering",
        summary: "The translation uses a rendering the glossary marks as wrong in any text (blocked), even where the source does not name its concept.",
        defaultSeverity: .error,
        triggeringExamples: [
            RuleExample("各国领导人举行会晤。", "Leaders of the ↓Golden Brick Countries met."),
            RuleExample("会议讨论了合作。", "The meeting discussed the ↓United Nations Constitution."),
        ],
        nonTriggeringExamples: [
            RuleExample("各国领导人举行会晤。", "Leaders of the BRICS countries met."),
            RuleExample("金砖国家领导人举行会晤。", "Leaders of the Golden Brick Countries met.", note: "The source names the concept: forbidden-term reports it instead."),
        ])

    public func check(_ segment: SegmentAnalysis) -> [RuleHit] {
        segment.targetMatches.compactMap { match in
            let refs = match.refs
            guard match.approvedKeys.isEmpty,
                  let position = refs.indices.first(where: { refs[$0].term.isBlocked && segment.inTarget(refs[$0]) }),
                  !segment.sourceKeys.contains(match.refKeys[position]) else { return nil }
            let ref = refs[position]
            let preferred = segment.preferredRenderings(of: [ref.conceptID])
            return RuleHit(
                message: "'\(match.text)' is never correct" + (preferred.first.map { "; the glossary's term is '\($0)'" } ?? ""),
                targetSpan: match.span, conceptID: ref.conceptID, expected: preferred, found: match.text,
                fix: preferred.count == 1 && segment.targetIsEnglish
                    ? Fix(span: match.span, replacement: Inflector.inflect(preferred[0], like: match.text)) : nil)
        }
    }
}
