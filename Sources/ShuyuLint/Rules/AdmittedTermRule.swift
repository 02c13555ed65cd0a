import ShuyuMatching
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
            RuleExample("世界知识产权组织总干事。", "The Director General of WIPO.", note: "An acronym or short form is what the sentence needs, not a second choice."),
            RuleExample("录音制品应予录制。", "The phonogram shall be fixed.", note: "Another part of speech (the verb beside the noun) is not a second choice either."),
        ])

    /// Whether an admitted term competes with the preferred one. Short forms and acronyms
    /// (WIPO, Party) and other parts of speech (the verb 'fix' beside the noun 'fixation')
    /// are what the sentence needs, not a second choice.
    static func isAlternative(_ ref: TermRef, in segment: SegmentAnalysis) -> Bool {
        if let type = ref.term.termType, [.acronym, .abbreviation, .shortForm].contains(type) { return false }
        guard let concept = segment.index.concept(ref.conceptID),
              let preferred = (segment.targetIsEnglish ? concept.preferredEnglish : concept.preferredChinese) else { return true }
        return (ref.term.partOfSpeech ?? .noun) == (preferred.partOfSpeech ?? .noun)
    }

    public func check(_ segment: SegmentAnalysis) -> [RuleHit] {
        var hits: [RuleHit] = []
        for group in segment.allSourceGroups {
            let renderings = group.approvedRenderings
            for match in renderings {
                let refs = match.refs
                guard let position = match.refPositions(in: group.keys).first(where: {
                          refs[$0].term.status == .admitted && Self.isAlternative(refs[$0], in: segment)
                      }),
                      let preferred = segment.preferredRenderings(of: [refs[position].conceptID]).first else { continue }
                let ref = refs[position]
                let key = match.refKeys[position]
                // The concept's preferred rendering is used too: the admitted one is a deliberate variation.
                let preferredUsed = renderings.contains { other in
                    zip(other.refKeys, other.refs).contains { $0.0 == key && $0.1.term.status == .preferred && segment.inTarget($0.1) }
                }
                guard !preferredUsed, !hits.contains(where: { $0.targetSpan == match.span }) else { continue }
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
