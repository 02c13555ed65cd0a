import ShuyuMatching
import ShuyuModel

/// What the matcher found in one segment, and the questions rules ask about it.
public struct SegmentAnalysis: Sendable {
    public let sourceText: String
    public let targetText: String
    /// Whether the target is English (zh → en) or Chinese (en → zh).
    public let targetIsEnglish: Bool
    public let index: TermIndex
    /// Source terms with an approved status: the concepts the source names.
    public let sourceOccurrences: [Occurrence]
    /// Every glossary term found in the target, of any status (outermost matches).
    public let targetMatches: [TermMatch]
    /// The target matches and the terms inside them (a phrase term's inner terms render
    /// their concepts too: "respect cyber sovereignty" renders "cyber sovereignty").
    public let allTargetMatches: [TermMatch]

    /// One occurrence of a concept (or of several, for a term like 发行) in the source.
    public struct Occurrence: Sendable {
        public var match: TermMatch
        /// Concepts whose approved source-language term this is, as keys of the index (every
        /// question about renderings uses them).
        public var keys: ConceptKeys
        /// Terms inside this one, when it is a phrase made of terms (尊重网络主权 holds 网络主权).
        public var inner: [Occurrence] = []

        /// Concepts whose approved source-language term this is.
        public var concepts: Set<String> { match.approvedConceptsAsWritten }
    }

    /// The occurrences of one set of concepts, and the target matches that render them.
    public struct Group: Sendable {
        public let keys: ConceptKeys
        public var occurrences: [Occurrence]
        /// Target matches that render the group's concepts with an approved term (any
        /// capitalisation), in text order: ``SegmentAnalysis/approvedRenderings(of:)-(ConceptKeys)``,
        /// asked once for every rule.
        public let approvedRenderings: [TermMatch]

        /// The concepts of the group.
        public var concepts: Set<String> { occurrences[0].concepts }
    }

    /// `buffers`: the matcher's working storage, reused when one thread analyses many segments.
    public init(sourceText: String, targetText: String, targetIsEnglish: Bool, index: TermIndex, buffers: MatchBuffers? = nil) {
        self.sourceText = sourceText
        self.targetText = targetText
        self.targetIsEnglish = targetIsEnglish
        self.index = index
        // One pass per side finds the terms and the terms inside phrase terms.
        let sourceTrees = targetIsEnglish
            ? index.chineseMatchTrees(in: sourceText, buffers: buffers) : index.englishMatchTrees(in: sourceText, buffers: buffers)
        func occurrences(_ trees: [TermIndex.MatchTree]) -> [Occurrence] {
            trees.compactMap { tree in
                let match = tree.match
                let keys = match.approvedKeysAsWritten
                guard !keys.isEmpty else { return nil }
                return Occurrence(match: match, keys: keys, inner: occurrences(tree.inner))
            }
        }
        sourceOccurrences = occurrences(sourceTrees)
        let targetTrees = targetIsEnglish
            ? index.englishMatchTrees(in: targetText, buffers: buffers) : index.chineseMatchTrees(in: targetText, buffers: buffers)
        targetMatches = targetTrees.map(\.match)
        // Most segments hold no phrase term with terms inside: then the flat lists are the
        // outer ones, shared rather than copied (a segment is analysed in microseconds, and
        // each array is an allocation).
        if targetTrees.allSatisfy({ $0.inner.isEmpty }) {
            allTargetMatches = targetMatches
        } else {
            var matches: [TermMatch] = []
            func flatten(_ trees: [TermIndex.MatchTree]) {
                for tree in trees {
                    matches.append(tree.match)
                    flatten(tree.inner)
                }
            }
            flatten(targetTrees)
            allTargetMatches = matches
        }

        // The source's concepts: often one set, kept as it is.
        var first: ConceptKeys?
        var more: [Int32] = []
        func collect(_ list: [Occurrence]) {
            for occurrence in list {
                if first == nil {
                    first = occurrence.keys
                } else if occurrence.keys != first {
                    more += occurrence.keys.values
                }
                collect(occurrence.inner)
            }
        }
        collect(sourceOccurrences)
        sourceKeys = more.isEmpty ? first ?? .empty : ConceptKeys(first!.values + more)

        if sourceOccurrences.allSatisfy({ $0.inner.isEmpty }) {
            allSourceOccurrences = sourceOccurrences
            allSourceGroups = groups(of: sourceOccurrences, renderings: [])
            sourceGroups = allSourceGroups
        } else {
            let analysis = self
            var all: [Occurrence] = []
            func flatten(_ list: [Occurrence]) {
                for occurrence in list {
                    all.append(occurrence)
                    if !analysis.hasRendering(of: occurrence.keys) { flatten(occurrence.inner) }
                }
            }
            flatten(sourceOccurrences)
            allSourceOccurrences = all
            allSourceGroups = groups(of: allSourceOccurrences, renderings: [])
            // Every group of outer terms is one of all groups: its renderings are already known.
            sourceGroups = groups(of: sourceOccurrences, renderings: allSourceGroups)
        }
    }

    /// Every concept the source names, including every term inside phrase terms, as keys.
    public private(set) var sourceKeys = ConceptKeys.empty
    /// Every concept the source names, including every term inside phrase terms.
    public var sourceConcepts: Set<String> { Set(sourceKeys.values.map(index.conceptID(forKey:))) }
    /// Every occurrence, outer ones first, with the terms inside a phrase term when the
    /// phrase itself is not rendered (rendered as a whole, its parts need no checking).
    public private(set) var allSourceOccurrences: [Occurrence] = []
    /// Distinct concept groups of the source (outermost terms only), in order of first
    /// occurrence, with their occurrences.
    public private(set) var sourceGroups: [Group] = []
    /// Like ``sourceGroups``, with the terms inside phrase terms as groups of their own.
    public private(set) var allSourceGroups: [Group] = []

    /// Whether an occurrence is rendered in the target: by an approved or rejected rendering
    /// of its own, or — for a phrase term — by renderings of every term inside it.
    public func isRendered(_ occurrence: Occurrence) -> Bool {
        if hasRendering(of: occurrence.keys) { return true }
        return !occurrence.inner.isEmpty && occurrence.inner.allSatisfy(isRendered)
    }

    /// The occurrences of `list` by concepts, with their renderings (from `known` groups
    /// when there).
    func groups(of list: [Occurrence], renderings known: [Group]) -> [Group] {
        var groups: [Group] = []
        for occurrence in list {
            if let index = groups.firstIndex(where: { $0.keys == occurrence.keys }) {
                groups[index].occurrences.append(occurrence)
            } else {
                let renderings = known.first { $0.keys == occurrence.keys }?.approvedRenderings
                    ?? approvedRenderings(of: occurrence.keys)
                groups.append(Group(keys: occurrence.keys, occurrences: [occurrence], approvedRenderings: renderings))
            }
        }
        return groups
    }

    /// Whether `ref`'s language is the target language.
    public func inTarget(_ ref: TermRef) -> Bool { targetIsEnglish ? ref.language.isEnglish : ref.language.isChinese }

    /// Target matches that render one of `keys` with an approved term (any capitalisation).
    public func approvedRenderings(of keys: ConceptKeys) -> [TermMatch] {
        // By index: a match is copied only when it is a rendering.
        var found: [TermMatch] = []
        for position in allTargetMatches.indices where keys.meets(allTargetMatches[position].approvedKeys) {
            found.append(allTargetMatches[position])
        }
        return found
    }

    /// ``approvedRenderings(of:)-(ConceptKeys)`` by concept identifiers.
    public func approvedRenderings(of concepts: Set<String>) -> [TermMatch] {
        approvedRenderings(of: index.conceptKeys(for: concepts))
    }

    /// Whether a target match renders one of `keys`, with an approved term or a rejected
    /// one: ``approvedRenderings(of:)-(ConceptKeys)`` or ``rejectedRenderings(of:)-(ConceptKeys)``
    /// is not empty, asked without building either.
    func hasRendering(of keys: ConceptKeys) -> Bool {
        allTargetMatches.indices.contains { keys.meets(allTargetMatches[$0].approvedKeys) }
            || allTargetMatches.indices.contains {
                keys.meets(allTargetMatches[$0].rejectedKeys) && isRejectedRendering(allTargetMatches[$0], of: keys) != nil
            }
    }

    /// The rejected term of `keys` that `match` uses, unless the match is an approved
    /// rendering of a concept the source names.
    private func isRejectedRendering(_ match: TermMatch, of keys: ConceptKeys) -> TermRef? {
        guard !sourceKeys.meets(match.approvedKeys) else { return nil }
        let refs = match.refs
        return match.refPositions(in: keys).lazy.map { refs[$0] }.first { $0.term.status.isRejected && inTarget($0) }
    }

    /// Target matches that use a rejected rendering of one of `keys`, and are not an
    /// approved rendering of any concept the source names (発行: "distribution" is rejected
    /// for publication but approved for distribution).
    public func rejectedRenderings(of keys: ConceptKeys) -> [(match: TermMatch, ref: TermRef)] {
        var found: [(match: TermMatch, ref: TermRef)] = []
        for position in allTargetMatches.indices where keys.meets(allTargetMatches[position].rejectedKeys) {
            if let ref = isRejectedRendering(allTargetMatches[position], of: keys) { found.append((allTargetMatches[position], ref)) }
        }
        return found
    }

    /// ``rejectedRenderings(of:)-(ConceptKeys)`` by concept identifiers.
    public func rejectedRenderings(of concepts: Set<String>) -> [(match: TermMatch, ref: TermRef)] {
        rejectedRenderings(of: index.conceptKeys(for: concepts))
    }

    /// The approved target-language terms of `concepts`, preferred first.
    public func expectedRenderings(of concepts: Set<String>) -> [String] {
        var preferred: [String] = []
        var admitted: [String] = []
        for id in concepts.sorted() {
            guard let concept = index.concept(id) else { continue }
            for section in concept.languages where targetIsEnglish ? section.language.isEnglish : section.language.isChinese {
                for term in section.terms {
                    if term.status == .preferred, !preferred.contains(term.text) { preferred.append(term.text) }
                    if term.status == .admitted, !admitted.contains(term.text) { admitted.append(term.text) }
                }
            }
        }
        return preferred + admitted.filter { !preferred.contains($0) }
    }

    /// The preferred target-language terms of `concepts`.
    public func preferredRenderings(of concepts: Set<String>) -> [String] {
        var result: [String] = []
        for id in concepts.sorted() {
            guard let concept = index.concept(id) else { continue }
            let term = targetIsEnglish ? concept.preferredEnglish : concept.preferredChinese
            if let text = term?.text, term?.status == .preferred, !result.contains(text) { result.append(text) }
        }
        return result
    }
}

extension Array where Element == TextSpan {
    /// Whether one of these spans contains `span` (a term inside a phrase already reported).
    func covers(_ span: TextSpan) -> Bool { contains { $0.start <= span.start && span.end <= $0.end } }
}
