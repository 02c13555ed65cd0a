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
        /// Concepts whose approved source-language term this is.
        public var concepts: Set<String>
        /// Terms inside this one, when it is a phrase made of terms (尊重网络主权 holds 网络主权).
        public var inner: [Occurrence] = []
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
                let concepts = match.approvedConceptsAsWritten
                guard !concepts.isEmpty else { return nil }
                return Occurrence(match: match, concepts: concepts, inner: occurrences(tree.inner))
            }
        }
        sourceOccurrences = occurrences(sourceTrees)
        let targetTrees = targetIsEnglish
            ? index.englishMatchTrees(in: targetText, buffers: buffers) : index.chineseMatchTrees(in: targetText, buffers: buffers)
        targetMatches = targetTrees.map(\.match)
        func flatten(_ trees: [TermIndex.MatchTree]) -> [TermMatch] { trees.flatMap { [$0.match] + flatten($0.inner) } }
        allTargetMatches = flatten(targetTrees)

        // Which target matches render which concept, approved or rejected, is asked for every
        // occurrence by every rule: tabled once per segment, unless the matches name so many
        // concepts (a word that is a term of thousands) that the table would cost more than
        // asking each match.
        let named = allTargetMatches.reduce(0) { $0 + $1.approvedConcepts.count + $1.rejectedConcepts.count }
        if named <= Self.tableLimit {
            var approved: [String: [Int]] = [:]
            var rejected: [String: [Int]] = [:]
            for (position, match) in allTargetMatches.enumerated() {
                for id in match.approvedConcepts { approved[id, default: []].append(position) }
                for id in match.rejectedConcepts { rejected[id, default: []].append(position) }
            }
            approvedTargets = approved
            rejectedTargets = rejected
        }

        var concepts: Set<String> = []
        func collect(_ list: [Occurrence]) {
            for occurrence in list {
                concepts.formUnion(occurrence.concepts)
                collect(occurrence.inner)
            }
        }
        collect(sourceOccurrences)
        sourceConcepts = concepts
        let analysis = self
        func flatten(_ list: [Occurrence]) -> [Occurrence] {
            list.flatMap { occurrence -> [Occurrence] in
                let renderedWhole = analysis.hasRendering(of: occurrence.concepts)
                return [occurrence] + (renderedWhole ? [] : flatten(occurrence.inner))
            }
        }
        allSourceOccurrences = flatten(sourceOccurrences)
        sourceGroups = groups(of: sourceOccurrences)
        allSourceGroups = groups(of: allSourceOccurrences)
    }

    /// Every concept the source names, including every term inside phrase terms.
    public private(set) var sourceConcepts: Set<String> = []
    /// Every occurrence, outer ones first, with the terms inside a phrase term when the
    /// phrase itself is not rendered (rendered as a whole, its parts need no checking).
    public private(set) var allSourceOccurrences: [Occurrence] = []
    /// Distinct concept groups of the source (outermost terms only), in order of first
    /// occurrence, with their occurrences.
    public private(set) var sourceGroups: [(concepts: Set<String>, occurrences: [Occurrence])] = []
    /// Like ``sourceGroups``, with the terms inside phrase terms as groups of their own.
    public private(set) var allSourceGroups: [(concepts: Set<String>, occurrences: [Occurrence])] = []

    /// Whether an occurrence is rendered in the target: by an approved or rejected rendering
    /// of its own, or — for a phrase term — by renderings of every term inside it.
    public func isRendered(_ occurrence: Occurrence) -> Bool {
        if hasRendering(of: occurrence.concepts) { return true }
        return !occurrence.inner.isEmpty && occurrence.inner.allSatisfy(isRendered)
    }

    func groups(of list: [Occurrence]) -> [(concepts: Set<String>, occurrences: [Occurrence])] {
        var groups: [(concepts: Set<String>, occurrences: [Occurrence])] = []
        for occurrence in list {
            if let index = groups.firstIndex(where: { $0.concepts == occurrence.concepts }) {
                groups[index].occurrences.append(occurrence)
            } else {
                groups.append((occurrence.concepts, [occurrence]))
            }
        }
        return groups
    }

    /// Whether `ref`'s language is the target language.
    public func inTarget(_ ref: TermRef) -> Bool { targetIsEnglish ? ref.language.isEnglish : ref.language.isChinese }

    /// Target matches that render one of `concepts` with an approved term (any capitalisation).
    public func approvedRenderings(of concepts: Set<String>) -> [TermMatch] {
        if let approvedTargets { return Self.positions(of: concepts, in: approvedTargets).map { allTargetMatches[$0] } }
        return allTargetMatches.filter { Self.meets(concepts, $0.approvedConcepts) }
    }

    /// Whether a target match renders one of `concepts`, with an approved term or a rejected
    /// one: ``approvedRenderings(of:)`` or ``rejectedRenderings(of:)`` is not empty, asked
    /// without building either.
    func hasRendering(of concepts: Set<String>) -> Bool {
        if let approvedTargets {
            if concepts.contains(where: { approvedTargets[$0] != nil }) { return true }
        } else if allTargetMatches.contains(where: { Self.meets(concepts, $0.approvedConcepts) }) {
            return true
        }
        if let rejectedTargets, !concepts.contains(where: { rejectedTargets[$0] != nil }) { return false }
        return rejectedCandidates(of: concepts).contains { isRejectedRendering($0, of: concepts) != nil }
    }

    /// Target matches with a rejected term of one of `concepts`, in text order.
    private func rejectedCandidates(of concepts: Set<String>) -> [TermMatch] {
        rejectedTargets.map { table in Self.positions(of: concepts, in: table).map { allTargetMatches[$0] } }
            ?? allTargetMatches.filter { Self.meets(concepts, $0.rejectedConcepts) }
    }

    /// The rejected term of `concepts` that `match` uses, unless the match is an approved
    /// rendering of a concept the source names.
    private func isRejectedRendering(_ match: TermMatch, of concepts: Set<String>) -> TermRef? {
        guard !Self.meets(sourceConcepts, match.approvedConcepts) else { return nil }
        return match.refs.first { $0.term.status.isRejected && concepts.contains($0.conceptID) && inTarget($0) }
    }

    /// Target match positions for `concepts` in `table`, in text order.
    private static func positions(of concepts: Set<String>, in table: [String: [Int]]) -> [Int] {
        if concepts.count == 1, let only = concepts.first { return table[only] ?? [] }
        var found: [Int] = []
        for id in concepts { found += table[id] ?? [] }
        return found.count > 1 ? Array(Set(found)).sorted() : found
    }

    /// Positions in ``allTargetMatches`` of approved and rejected renderings, by concept;
    /// `nil` when the segment's matches name more than ``tableLimit`` concepts.
    private var approvedTargets: [String: [Int]]?
    private var rejectedTargets: [String: [Int]]?
    static let tableLimit = 256

    /// Whether two concept sets share a member, probing the larger with the smaller (a
    /// match's set can hold thousands of concepts, a question's one or two).
    private static func meets(_ a: Set<String>, _ b: Set<String>) -> Bool {
        a.count <= b.count ? a.contains(where: b.contains) : b.contains(where: a.contains)
    }

    /// Target matches that use a rejected rendering of one of `concepts`, and are not an
    /// approved rendering of any concept the source names (発行: "distribution" is rejected
    /// for publication but approved for distribution).
    public func rejectedRenderings(of concepts: Set<String>) -> [(match: TermMatch, ref: TermRef)] {
        rejectedCandidates(of: concepts).compactMap { match in isRejectedRendering(match, of: concepts).map { (match, $0) } }
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
