import ShuyuMatching

/// `admitted-term`: an admitted rendering is used where the concept has a preferred one.
public struct AdmittedTermRule: LintRule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "admitted-term",
        name: "Admitted rather than preferred",
        summary: "The translation uses an admitted rendering (official, but second choice) where the glossary has a preferred one.",
        defaultSeverity: .info,
        triggeringExamples: [
            RuleExample("尊重网络主权。", "Respect ↓sovereignty in cyberspace."),
        ],
        nonTriggeringExamples: [
            RuleExample("尊重网络主权。", "Respect cyber sovereignty."),
            RuleExample("尊重网络主权。", "Respect cyber sovereignty, or sovereignty in cyberspace.", note: "The preferred rendering is there too."),
        ])

    public func check(_ segment: SegmentAnalysis) -> [RuleHit] {
        var hits: [RuleHit] = []
        for group in segment.allSourceGroups {
            let renderings = segment.approvedRenderings(of: group.concepts)
            let preferredUsed = renderings.contains { match in
                match.refs.contains { group.concepts.contains($0.conceptID) && $0.term.status == .preferred && segment.inTarget($0) }
            }
            guard !preferredUsed, let preferred = segment.preferredRenderings(of: group.concepts).first else { continue }
            for match in renderings {
                guard let ref = match.refs.first(where: { group.concepts.contains($0.conceptID) && $0.term.status == .admitted }) else { continue }
                let note = ref.term.source.map { " (\($0))" } ?? ""
                hits.append(RuleHit(
                    message: "'\(match.text)' is admitted\(note); the preferred rendering is '\(preferred)'",
                    sourceSpan: group.occurrences[0].match.span, targetSpan: match.span, conceptID: ref.conceptID,
                    expected: [preferred], found: match.text))
            }
        }
        return hits
    }
}
