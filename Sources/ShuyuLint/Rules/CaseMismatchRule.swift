import ShuyuMatching

/// `case-mismatch`: a case-sensitive term (a defined term, an acronym) appears only with
/// the wrong capitalisation.
public struct CaseMismatchRule: LintRule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "case-mismatch",
        name: "Wrong capitalisation",
        summary: "A case-sensitive rendering (a defined term such as 'Contracting Party', an acronym such as 'WIPO') is written with the wrong capitalisation.",
        defaultSeverity: .warning,
        triggeringExamples: [
            RuleExample("每一缔约方应当遵守本条约。", "Each ↓contracting party shall comply with this Treaty."),
        ],
        nonTriggeringExamples: [
            RuleExample("每一缔约方应当遵守本条约。", "Each Contracting Party shall comply with this Treaty."),
            RuleExample("各缔约方应当遵守本条约。", "All Contracting Parties shall comply with this Treaty.", note: "Plural forms keep the capitals."),
            RuleExample("任何国家均可成为本条约的缔约方。", "Any State may become party to this Treaty.", note: "The short form 'party' is not case-sensitive."),
        ])

    public func check(_ segment: SegmentAnalysis) -> [RuleHit] {
        var hits: [RuleHit] = []
        var reported: [TextSpan] = []
        for group in segment.allSourceGroups {
            // Outermost matches only: 'party' inside 'contracting party' is not a rendering of its own.
            let renderings = group.approvedRenderings.filter { match in
                segment.targetMatches.contains { $0.span == match.span }
            }
            // (A rendering is an approved match of the group's concepts: when every ref's case
            // fits, one of the group's does.)
            let fitting = renderings.contains { match in
                if match.fitsEveryRef { return true }
                let fits = match.caseFits, refs = match.refs
                return match.refPositions(in: group.keys).contains { fits[$0] && refs[$0].term.status.isApproved }
            }
            guard !fitting else { continue }
            for match in renderings where !reported.covers(match.span) {
                let refs = match.refs
                guard let position = match.refPositions(in: group.keys).first(where: { refs[$0].term.isCaseSensitive }) else { continue }
                let ref = refs[position]
                reported.append(match.span)
                hits.append(RuleHit(
                    message: "'\(match.text)' should be written '\(ref.term.text)'",
                    sourceSpan: group.occurrences[0].match.span, targetSpan: match.span, conceptID: ref.conceptID,
                    expected: [ref.term.text], found: match.text,
                    fix: Fix(span: match.span, replacement: Inflector.inflect(ref.term.text, like: match.text, keepCase: true))))
            }
        }
        return hits
    }
}
