import Foundation
import ShuyuModel

/// A glossary term as the matcher knows it. A class: every match of the term shares one,
/// so handing matches around costs a reference count, not a copy of the term.
public final class TermRef: Sendable, Hashable {
    public let conceptID: String
    public let term: Term
    public let language: LanguageTag

    public init(conceptID: String, term: Term, language: LanguageTag) {
        self.conceptID = conceptID
        self.term = term
        self.language = language
    }

    public static func == (a: TermRef, b: TermRef) -> Bool {
        a === b || (a.conceptID == b.conceptID && a.term == b.term && a.language == b.language)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(conceptID)
        hasher.combine(term)
        hasher.combine(language)
    }
}

/// Where a match is in the text it was found in: offsets and lengths count Unicode scalars.
public struct TextSpan: Sendable, Hashable, Codable {
    public var start: Int
    public var length: Int

    public init(start: Int, length: Int) {
        self.start = start
        self.length = length
    }

    public var end: Int { start + length }
}

/// One occurrence of one or more glossary terms (the same text can be a term of several
/// concepts, like 发行) in a text.
public struct TermMatch: Sendable {
    public var span: TextSpan
    /// The text as it stands in the document.
    public var text: String
    /// The glossary terms of the pattern matched, shared by its matches.
    let entry: PatternRefs.Entry
    /// ``caseFits`` when one of them is false; `nil` (nothing to copy with the match) when
    /// every ref fits, as for nearly every match.
    private let misfit: [Bool]?

    /// `caseFits`: for each ref, whether the capitalisation fits; `nil` when all do.
    init(span: TextSpan, text: String, entry: PatternRefs.Entry, caseFits: [Bool]?) {
        self.span = span
        self.text = text
        self.entry = entry
        misfit = caseFits.flatMap { $0.allSatisfy { $0 } ? nil : $0 }
    }

    /// For each ref, whether the capitalisation fits (always true for terms that are not case-sensitive).
    public var caseFits: [Bool] { misfit ?? entry.allFit }
    /// Whether the capitalisation fits every ref (``caseFits`` all true), known without
    /// reading them.
    public var fitsEveryRef: Bool { misfit == nil }

    /// Every glossary term this text is a form of.
    public var refs: [TermRef] { entry.refs }
    /// The concepts of which this is an approved (preferred or admitted) term, whatever the
    /// capitalisation; worked out once per glossary pattern, as a word like "right" can be a
    /// term of thousands of concepts in a large termbase.
    public var approvedConcepts: Set<String> { entry.approved }
    /// The concepts of which this is a rejected (deprecated, superseded or forbidden) term.
    public var rejectedConcepts: Set<String> { entry.rejected }

    /// ``approvedConcepts`` and ``rejectedConcepts`` as keys of the index that found the match.
    public var approvedKeys: ConceptKeys { entry.approvedKeys }
    public var rejectedKeys: ConceptKeys { entry.rejectedKeys }
    /// For each ref, its concept's key.
    public var refKeys: [Int32] { entry.refKeys }

    /// The positions in ``refs`` (and ``caseFits``, ``refKeys``) of the refs of `keys`, in order.
    public func refPositions(in keys: ConceptKeys) -> RefPositions { RefPositions(refKeys: entry.refKeys, keys: keys) }

    /// The positions of the refs of some concepts, found as they are read (a filter's
    /// closure would be an allocation per question).
    public struct RefPositions: Sequence, IteratorProtocol {
        let refKeys: [Int32]
        let keys: ConceptKeys
        var position = 0

        public mutating func next() -> Int? {
            while position < refKeys.count {
                defer { position += 1 }
                if keys.contains(refKeys[position]) { return position }
            }
            return nil
        }
    }

    /// The concepts of which this is an approved term with fitting capitalisation, as keys.
    public var approvedKeysAsWritten: ConceptKeys {
        guard let misfit else { return approvedKeys }
        let refs = entry.refs, keys = entry.refKeys
        return ConceptKeys(refs.indices.lazy.filter { misfit[$0] && refs[$0].term.status.isApproved }.map { keys[$0] })
    }

    /// The concepts this match names.
    public var conceptIDs: Set<String> { Set(refs.map(\.conceptID)) }

    /// The concepts of which this is an approved term with fitting capitalisation.
    public var approvedConceptsAsWritten: Set<String> {
        fitsEveryRef ? approvedConcepts
            : Set(zip(refs, caseFits).filter { $0.0.term.status.isApproved && $0.1 }.map(\.0.conceptID))
    }
}

/// Every term of a glossary, ready to be found in text: Chinese with an Aho–Corasick
/// automaton over folded text (NFKC, full/half width, case, book-title marks and white
/// space transparent), English by words reduced to inflection-free keys (plurals,
/// possessives, verb forms of verb terms, hyphen or space, British or American spelling).
///
/// Built from concepts in memory, or loaded from a snapshot (see ``snapshot(key:)``), in
/// which case concepts are read from a ``ConceptSource`` only when a match names them.
public final class TermIndex: Sendable {
    let conceptTable: ConceptTable
    let chineseAutomaton: AhoCorasick
    let chineseRefs: PatternRefs
    let englishRefs: PatternRefs
    /// For each English pattern, whether one of its terms is case-sensitive (only then are
    /// the words as written needed).
    let englishCaseSensitive: [Bool]
    /// English phrase keys as a trie over word ids: (node << 32 | word id) → node.
    let englishTrie: TransitionTable
    let englishTriePattern: [Int32]
    /// The trie's root transitions as a dense table by word id (-1: no key starts with the
    /// word), made when the index is built or loaded: most lookups are at the root.
    let englishRoot: [Int32]
    /// The id of each word that occurs in an English key.
    let englishVocabulary: [String: Int32]
    /// Word ids of words as written in documents, cached (see ``WordIDCache``).
    let wordIDs = WordIDCache()
    let maxEnglishWords: Int
    /// Patterns that contain shorter terms (phrase terms), by pattern index.
    let chineseHasInner: [Bool]
    let englishHasInner: [Bool]
    /// How many concepts the index was built from.
    public let conceptCount: Int

    /// The concept with identifier `id`, if the index holds it.
    public func concept(_ id: String) -> Concept? { conceptTable.concept(id) }

    /// The identifier of the concept with key `key` (see ``ConceptKeys``).
    public func conceptID(forKey key: Int32) -> String { chineseRefs.conceptIDs[Int(key)] }

    /// The keys of the concepts with these identifiers (those the index holds).
    public func conceptKeys(for ids: Set<String>) -> ConceptKeys {
        ConceptKeys(ids.compactMap { keyByID[$0] })
    }

    /// Each concept's key by identifier, made when first asked for (lint never asks).
    private var keyByID: [String: Int32] {
        keyTable.lock.lock()
        defer { keyTable.lock.unlock() }
        if let table = keyTable.table { return table }
        let ids = chineseRefs.conceptIDs
        var made: [String: Int32] = [:]
        made.reserveCapacity(ids.count)
        for key in 0..<ids.count where made[ids[key]] == nil { made[ids[key]] = Int32(key) }
        keyTable.table = made
        return made
    }
    private final class KeyTable: @unchecked Sendable {
        let lock = NSLock()
        var table: [String: Int32]?
    }
    private let keyTable = KeyTable()

    /// - Parameter concepts: the glossary. Terms of every status are indexed; rules decide what a status means.
    public convenience init(concepts: [Concept]) {
        var builder = Builder(keepingConcepts: true)
        for concept in concepts { builder.add(concept) }
        self.init(builder, source: nil)
    }

    /// Builds the index from concepts handed to `add` one at a time, keeping none of them:
    /// like an index loaded from a snapshot, it reads a concept from `source` only when a
    /// match names it (a million-concept termbase is never held in memory whole).
    ///
    /// - Parameter expectedTerms: about how many terms will be added, when known: the key
    ///   tables are made that large at once rather than grown (each growth rehashes every key).
    public convenience init(source: any ConceptSource, expectedTerms: Int = 0, adding each: ((Concept) -> Void) throws -> Void) rethrows {
        var builder = Builder(keepingConcepts: false)
        // Chinese and English terms each make up about half, and distinct keys fewer.
        builder.chineseKeys.reserveCapacity(expectedTerms / 2)
        builder.englishKeys.reserveCapacity(expectedTerms / 2)
        try each { builder.add($0) }
        self.init(builder, source: source)
    }

    /// Keys and term positions gathered concept by concept.
    struct Builder {
        let keepingConcepts: Bool
        var byID: [String: Concept] = [:]
        var conceptIDs: [String] = []
        var chineseKeys: [String: Int] = [:]
        var chinese = PatternRefs.Builder()
        var englishKeys: [String: Int] = [:]
        var english = PatternRefs.Builder()
        var maxWords = 1
        /// Each English word's base, worked out once (see ``Folding/englishMatchKey(_:bases:)``).
        var englishBases: [String: String] = [:]

        init(keepingConcepts: Bool) {
            self.keepingConcepts = keepingConcepts
            chinese.keepsRefs = keepingConcepts
            english.keepsRefs = keepingConcepts
        }

        /// Each concept's key, while the concepts are kept (a concept id given twice keeps
        /// its first key, so that keys and ids stay one to one).
        var keyByID: [String: Int32] = [:]

        mutating func add(_ concept: Concept) {
            var conceptIndex = conceptIDs.count
            if keepingConcepts {
                byID[concept.id] = concept
                if let key = keyByID[concept.id] {
                    conceptIndex = Int(key)
                } else {
                    keyByID[concept.id] = Int32(conceptIndex)
                    conceptIDs.append(concept.id)
                }
            } else {
                conceptIDs.append(concept.id)
            }
            for (sectionIndex, section) in concept.languages.enumerated() {
                let chineseSection = section.language.isChinese
                guard chineseSection || section.language.isEnglish else { continue }
                for (termIndex, term) in section.terms.enumerated() {
                    let ref = keepingConcepts ? TermRef(conceptID: concept.id, term: term, language: section.language) : nil
                    let position = TermPosition(concept: Int32(conceptIndex), section: Int32(sectionIndex), term: Int32(termIndex))
                    // A term's keys in the order its forms give them, each once: the patterns
                    // are then numbered the same way on every run.
                    if chineseSection {
                        for key in Self.distinct(term, Folding.chineseKey) {
                            chinese.add(ref, position, caseSensitive: term.isCaseSensitive, key: key, keys: &chineseKeys)
                        }
                    } else {
                        var keys = Self.distinct(term) { Folding.englishMatchKey($0, bases: &englishBases) }
                        if term.partOfSpeech == .verb {
                            for key in ([term.text] + term.variants).flatMap(EnglishInflection.verbFormKeys) where !key.isEmpty && !keys.contains(key) {
                                keys.append(key)
                            }
                        }
                        for key in keys {
                            maxWords = max(maxWords, key.utf8.reduce(1) { $1 == 0x20 ? $0 + 1 : $0 })
                            english.add(ref, position, caseSensitive: term.isCaseSensitive, key: key, keys: &englishKeys)
                        }
                    }
                }
            }
        }

        /// The non-empty keys of a term's text and variants, each once, in that order (most
        /// terms have one form: no set is made for them).
        static func distinct(_ term: Term, _ key: (String) -> String) -> [String] {
            let first = key(term.text)
            var keys = first.isEmpty ? [] : [first]
            for variant in term.variants {
                let other = key(variant)
                if !other.isEmpty, !keys.contains(other) { keys.append(other) }
            }
            return keys
        }
    }

    private convenience init(_ builder: Builder, source: (any ConceptSource)?) {
        let chineseKeys = builder.chineseKeys
        let englishKeys = builder.englishKeys
        let ids = ConceptIDs(builder.conceptIDs)
        let table: ConceptTable
        let chineseRefs: PatternRefs
        let englishRefs: PatternRefs
        if let source, !builder.keepingConcepts {
            table = ConceptTable(source: source)
            chineseRefs = PatternRefs(positions: builder.chinese.positionTable(), conceptIDs: ids, english: false, concepts: table)
            englishRefs = PatternRefs(positions: builder.english.positionTable(), conceptIDs: ids, english: true, concepts: table)
        } else {
            table = ConceptTable(concepts: builder.byID)
            chineseRefs = PatternRefs(builder.chinese, conceptIDs: ids, english: false)
            englishRefs = PatternRefs(builder.english, conceptIDs: ids, english: true)
        }
        // The English trie is built on a thread of its own while this one builds the Chinese
        // automaton (the larger part: a million-concept store's Chinese keys take seconds).
        let englishCount = englishRefs.count
        let englishPart = OnItsOwnThread { Self.englishTrie(englishKeys, count: englishCount) }
        let chineseKeyList = Self.inPatternOrder(chineseKeys)
        let chineseAutomaton = AhoCorasick(patterns: chineseKeyList.enumerated().map { (Array($1.unicodeScalars.map(\.value)), $0) })
        // Which patterns hold shorter terms: only those need looking inside.
        var chineseInner = [Bool](repeating: false, count: chineseKeyList.count)
        for (key, index) in zip(chineseKeyList, chineseKeyList.indices) {
            let scalars = Array(key.unicodeScalars.map(\.value))
            chineseInner[index] = chineseAutomaton.containsPattern(in: scalars, shorterThan: scalars.count)
        }
        let (trie, triePattern, vocabulary, englishInner) = englishPart.result()
        self.init(
            conceptTable: table, conceptCount: builder.conceptIDs.count, chineseAutomaton: chineseAutomaton, chineseRefs: chineseRefs,
            englishRefs: englishRefs, englishCaseSensitive: builder.english.caseSensitive, englishTrie: trie, englishTriePattern: triePattern,
            englishVocabulary: vocabulary, maxEnglishWords: builder.maxWords, chineseHasInner: chineseInner, englishHasInner: englishInner)
    }

    /// Keys in pattern order, not in the dictionary's (which changes from run to run): the
    /// automaton, the word ids and the trie, and so the snapshot's bytes, are then the same
    /// for the same concepts.
    private static func inPatternOrder(_ keys: [String: Int]) -> [String] {
        var ordered = [String](repeating: "", count: keys.count)
        for (key, pattern) in keys { ordered[pattern] = key }
        return ordered
    }

    /// The word trie of the English keys (`count` patterns), its word ids, and which
    /// patterns hold shorter ones.
    private static func englishTrie(_ englishKeys: [String: Int], count: Int)
        -> (trie: TransitionTable, triePattern: [Int32], vocabulary: [String: Int32], inner: [Bool]) {
        var trie = TransitionTable()
        var triePattern: [Int32] = [-1]
        var vocabulary: [String: Int32] = [:]
        for (pattern, key) in inPatternOrder(englishKeys).enumerated() {
            var node = 0
            for word in key.split(separator: " ") {
                let id = vocabulary[String(word)] ?? {
                    let id = Int32(vocabulary.count)
                    vocabulary[String(word)] = id
                    return id
                }()
                let edge = UInt64(node) << 32 | UInt64(id)
                if let next = trie[edge] {
                    node = Int(next)
                } else {
                    triePattern.append(-1)
                    trie[edge] = Int32(triePattern.count - 1)
                    node = triePattern.count - 1
                }
            }
            triePattern[node] = Int32(pattern)
        }
        var inner = [Bool](repeating: false, count: count)
        for (key, index) in englishKeys {
            let words = key.split(separator: " ")
            guard words.count > 1 else { continue }
            inner[index] = (0..<words.count).contains { start in
                (1..<min(words.count - start + 1, words.count)).contains { length in
                    englishKeys[words[start..<start + length].joined(separator: " ")] != nil
                }
            }
        }
        return (trie, triePattern, vocabulary, inner)
    }

    /// An index from its parts (a snapshot being loaded).
    init(conceptTable: ConceptTable, conceptCount: Int, chineseAutomaton: AhoCorasick, chineseRefs: PatternRefs, englishRefs: PatternRefs,
         englishCaseSensitive: [Bool], englishTrie: TransitionTable, englishTriePattern: [Int32], englishVocabulary: [String: Int32],
         maxEnglishWords: Int, chineseHasInner: [Bool], englishHasInner: [Bool]) {
        self.conceptTable = conceptTable
        self.conceptCount = conceptCount
        self.chineseAutomaton = chineseAutomaton
        self.chineseRefs = chineseRefs
        self.englishRefs = englishRefs
        self.englishCaseSensitive = englishCaseSensitive
        self.englishTrie = englishTrie
        self.englishTriePattern = englishTriePattern
        var root = [Int32](repeating: -1, count: Int(englishVocabulary.values.max() ?? -1) + 1)
        englishTrie.withBuffers { trie in
            for id in englishVocabulary.values { root[Int(id)] = trie.lookup(UInt64(id)) ?? -1 }
        }
        englishRoot = root
        self.englishVocabulary = englishVocabulary
        self.maxEnglishWords = maxEnglishWords
        self.chineseHasInner = chineseHasInner
        self.englishHasInner = englishHasInner
    }

    // MARK: Match trees

    /// A match with the leftmost-longest terms inside it (for a phrase term), recursively.
    public struct MatchTree: Sendable {
        public var match: TermMatch
        public var inner: [MatchTree]
    }

    /// Greedy leftmost-longest selection over `start..<end` among candidates shorter than
    /// `limit`, with the terms inside each selected phrase term down to `depth` levels.
    private func select(_ candidates: Candidates, _ start: Int, _ end: Int, shorterThan limit: Int, depth: Int,
                        hasInner: [Bool], make: (Int, Int, Int) -> TermMatch) -> [MatchTree] {
        var result: [MatchTree] = []
        var index = start
        while index < end {
            guard let best = candidates.best(at: index, shorterThan: limit, endingBy: end) else {
                index += 1
                continue
            }
            let inner = depth > 0 && hasInner[best.pattern]
                ? select(candidates, index, index + best.length, shorterThan: best.length, depth: depth - 1, hasInner: hasInner, make: make)
                : []
            // Room for a few at the first: a segment holds one to three terms, and growing
            // from one is two more allocations.
            if result.isEmpty { result.reserveCapacity(4) }
            result.append(MatchTree(match: make(index, best.length, best.pattern), inner: inner))
            index += best.length
        }
        return result
    }

    /// Where Chinese terms are in `text`, leftmost-longest, without building matches: spans
    /// in Unicode scalars of `text`, and the number of glossary terms each is a form of.
    /// For highlighting and counting, where the terms themselves are not needed.
    public func chineseSpans(in text: String, buffers: MatchBuffers? = nil) -> [(span: TextSpan, terms: Int)] {
        (buffers ?? MatchBuffers()).use { folded, candidates, _ in
            folded.fold(text, keepingBytes: false)
            chineseAutomaton.longestMatches(in: folded.scalars, into: &candidates)
            var spans: [(span: TextSpan, terms: Int)] = []
            var index = 0
            let end = folded.count
            while index < end {
                guard let best = candidates.longest(at: index) else {
                    index += 1
                    continue
                }
                spans.append((folded.span(first: index, last: index + best.length - 1), chineseRefs.positions.count(of: best.pattern)))
                index += best.length
            }
            return spans
        }
    }

    /// Chinese terms in `text`, leftmost-longest, each with the terms inside it (down to
    /// `depth` levels); with `shorterThan`, only terms shorter than that many folded characters.
    public func chineseMatchTrees(in text: String, depth: Int = 3, shorterThan limit: Int = .max, buffers: MatchBuffers? = nil) -> [MatchTree] {
        (buffers ?? MatchBuffers()).useChinese(for: self) { folded, candidates, inner, entries in
            folded.fold(text)
            func make(_ first: Int, _ length: Int, _ pattern: Int) -> TermMatch {
                let entry = chineseRefs.entry(pattern, cache: &entries)
                return TermMatch(
                    span: folded.span(first: first, last: first + length - 1), text: folded.original(text, first: first, last: first + length - 1),
                    entry: entry, caseFits: nil)
            }
            guard limit == .max else {
                chineseAutomaton.allMatches(in: folded.scalars, into: &candidates)
                return select(candidates, 0, folded.count, shorterThan: limit, depth: depth, hasInner: chineseHasInner, make: make)
            }
            // The outermost terms need only the longest match at each position; every match
            // is collected only inside a phrase term that holds shorter terms.
            chineseAutomaton.longestMatches(in: folded.scalars, into: &candidates)
            var result: [MatchTree] = []
            var index = 0
            while index < folded.count {
                guard let best = candidates.longest(at: index) else {
                    index += 1
                    continue
                }
                var trees: [MatchTree] = []
                if depth > 0, chineseHasInner[best.pattern] {
                    let base = index
                    chineseAutomaton.allMatches(in: folded.scalars[base..<base + best.length], into: &inner)
                    trees = select(inner, 0, best.length, shorterThan: best.length, depth: depth - 1, hasInner: chineseHasInner) { first, length, pattern in
                        make(base + first, length, pattern)
                    }
                }
                if result.isEmpty { result.reserveCapacity(4) }
                result.append(MatchTree(match: make(index, best.length, best.pattern), inner: trees))
                index += best.length
            }
            return result
        }
    }

    /// English terms in `text`, leftmost-longest by words, each with the terms inside it
    /// (down to `depth` levels); with `shorterThan`, only terms of fewer words.
    ///
    /// With `buffers`, the word ids come from the thread's own table (no lock) and the
    /// candidates' arrays are reused.
    public func englishMatchTrees(in text: String, depth: Int = 3, shorterThan limit: Int = .max, buffers: MatchBuffers? = nil) -> [MatchTree] {
        let vocabulary = englishVocabulary
        // A word's key is worked out once per matcher (or thread): the id table remembers it.
        let compute = { (word: String) in vocabulary[Folding.englishMatchKey(word)] ?? -1 }
        guard let buffers else {
            var tokens = EnglishTokens()
            tokens.tokenize(text)
            wordIDs.fill(&tokens, compute: compute)
            var candidates = Candidates()
            return englishMatchTrees(tokens, &candidates, depth: depth, shorterThan: limit)
        }
        return buffers.useEnglish(for: self) { tokens, candidates, words, entries in
            tokens.tokenize(text)
            words.fill(&tokens, compute: compute)
            return englishMatchTrees(tokens, &candidates, depth: depth, shorterThan: limit, entries: &entries)
        }
    }

    private func englishMatchTrees(_ tokens: EnglishTokens, _ candidates: inout Candidates, depth: Int, shorterThan limit: Int) -> [MatchTree] {
        var entries = PatternRefs.EntryCache()
        return englishMatchTrees(tokens, &candidates, depth: depth, shorterThan: limit, entries: &entries)
    }

    private func englishMatchTrees(_ tokens: EnglishTokens, _ candidates: inout Candidates, depth: Int, shorterThan limit: Int,
                                   entries: inout PatternRefs.EntryCache) -> [MatchTree] {
        candidates.removeAll()
        englishTrie.withBuffers { trie in
            englishRoot.withUnsafeBufferPointer { root in
                tokens.ids.withUnsafeBufferPointer { ids in
                    for index in ids.indices where ids[index] >= 0 {
                        // The first word from the dense root table, the next ones from the trie.
                        var node = Int(root[Int(ids[index])])
                        var count = 1
                        let longest = min(maxEnglishWords, ids.count - index)
                        while node >= 0 {
                            if englishTriePattern[node] >= 0 {
                                candidates.add(start: Int32(index), length: Int32(count), pattern: englishTriePattern[node])
                            }
                            guard count < longest, ids[index + count] >= 0,
                                  let next = trie.lookup(UInt64(node) << 32 | UInt64(ids[index + count])) else { break }
                            node = Int(next)
                            count += 1
                        }
                    }
                }
            }
        }
        candidates.group(count: tokens.ids.count)
        return select(candidates, 0, tokens.ids.count, shorterThan: limit, depth: depth, hasInner: englishHasInner) { first, count, pattern in
            let start = tokens.starts[first]
            let end = tokens.ends[first + count - 1]
            let entry = self.englishRefs.entry(pattern, cache: &entries)
            // The words as written are only needed for case-sensitive terms.
            let words = self.englishCaseSensitive[pattern] ? (first..<first + count).map(tokens.word) : []
            return TermMatch(
                span: TextSpan(start: start, length: end - start), text: tokens.original(start..<end), entry: entry,
                caseFits: self.englishCaseSensitive[pattern] ? entry.shapes.map { shape in shape.map { WordCase.fits(words, $0) } ?? true } : nil)
        }
    }

    // MARK: Flat matches

    /// Chinese terms in `text`, leftmost-longest.
    public func chineseMatches(in text: String, buffers: MatchBuffers? = nil) -> [TermMatch] {
        chineseMatchTrees(in: text, depth: 0, buffers: buffers).map(\.match)
    }

    /// English terms in `text`, leftmost-longest by words.
    public func englishMatches(in text: String) -> [TermMatch] {
        englishMatchTrees(in: text, depth: 0).map(\.match)
    }

    /// The Chinese terms inside `term` that are shorter than it, leftmost-longest.
    public func chineseTerms(inside term: String) -> [TermMatch] {
        chineseMatchTrees(in: term, depth: 0, shorterThan: ChineseFolded(term).count).map(\.match)
    }

    /// Where a glossary term stands among the concepts the index was built from: the
    /// concept's place in the order they were given, its language section and the term.
    public struct TermPlace: Sendable, Hashable {
        public var concept: Int
        public var section: Int
        public var term: Int
    }

    /// The matches ``chineseTerms(inside:)`` finds, each as its text and the places of the
    /// terms it is a form of, without reading those terms: for a check of every term against
    /// every other, which would otherwise read and keep the terms of nearly every pattern.
    public func chineseTermPlaces(inside term: String) -> [(text: String, places: [TermPlace])] {
        let limit = ChineseFolded(term).count
        return MatchBuffers().use { folded, candidates, _ in
            folded.fold(term)
            chineseAutomaton.allMatches(in: folded.scalars, into: &candidates)
            // As select(...) does at depth 0.
            var result: [(text: String, places: [TermPlace])] = []
            var index = 0
            let end = folded.count
            while index < end {
                guard let best = candidates.best(at: index, shorterThan: limit, endingBy: end) else {
                    index += 1
                    continue
                }
                let places = chineseRefs.positions[best.pattern].map {
                    TermPlace(concept: Int($0.concept), section: Int($0.section), term: Int($0.term))
                }
                result.append((folded.original(term, first: index, last: index + best.length - 1), places))
                index += best.length
            }
            return result
        }
    }
}

/// The capitalisation one word of a case-sensitive term asks for, worked out once per term:
/// acronyms all upper case (a plural s may follow: "NGOs"), capitalised words capitalised,
/// lower-case words not capitalised.
struct WordCase: Sendable {
    /// An acronym (all upper case, two letters or more); `pluralS`: a plural s may follow.
    var isAcronym: Bool
    var pluralS: Bool
    var startsUpper: Bool
    var isEmpty: Bool

    static func shapes(of term: String) -> [WordCase] {
        term.split(whereSeparator: { $0.isWhitespace || $0 == "-" }).map { word in
            let letters = word.filter(\.isLetter)
            return WordCase(
                isAcronym: letters.count > 1 && letters.allSatisfy(\.isUppercase), pluralS: !word.hasSuffix("S"),
                startsUpper: word.first?.isUppercase ?? false, isEmpty: word.isEmpty)
        }
    }

    /// Whether `words` as written fit `shapes` (a different word count always fits).
    static func fits(_ words: [String], _ shapes: [WordCase]) -> Bool {
        guard shapes.count == words.count else { return true }
        for (written, shape) in zip(words, shapes) where !shape.isEmpty && !written.isEmpty {
            if written.utf8.allSatisfy({ $0 < 0x80 }) {
                // ASCII: bytes, not Unicode properties.
                let bytes = written.utf8
                if shape.isAcronym {
                    var letters = bytes.filter { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
                    if shape.pluralS, letters.last == UInt8(ascii: "s") { letters.removeLast() }
                    if !letters.allSatisfy({ (0x41...0x5A).contains($0) }) { return false }
                } else if (0x41...0x5A).contains(bytes.first!) != shape.startsUpper {
                    return false
                }
                continue
            }
            if shape.isAcronym {
                let letters = written.filter(\.isLetter)
                let core = letters.hasSuffix("s") && shape.pluralS ? String(letters.dropLast()) : letters
                if !core.allSatisfy(\.isUppercase) { return false }
            } else if written.first!.isUppercase != shape.startsUpper {
                return false
            }
        }
        return true
    }
}

/// Chinese text folded for matching, with each folded scalar's origin in the original.
/// Working storage for matching, reused from one text to the next so that matching a short
/// line allocates next to nothing. Not thread-safe: each thread keeps its own.
public final class MatchBuffers {
    private var folded = ChineseFolded()
    private var candidates = Candidates()
    /// Every match inside one phrase term.
    private var inner = Candidates()
    /// English tokens and candidates, and the thread's own word-id table (for the index it
    /// was filled from: another index starts it again).
    private var tokens = EnglishTokens()
    private var english = Candidates()
    private var words = WordIDTable()
    /// The entries of patterns matched (for the index the tables were filled from).
    private var chineseEntries = PatternRefs.EntryCache()
    private var englishEntries = PatternRefs.EntryCache()
    /// The index the word-id table and entry caches belong to: another index starts them
    /// again. Held strongly: a weak reference would give every index a side table, and
    /// make each retain of it slower.
    private var tablesIndex: TermIndex?

    public init() {}

    private func start(for index: TermIndex) {
        guard tablesIndex !== index else { return }
        words = WordIDTable()
        chineseEntries = PatternRefs.EntryCache()
        englishEntries = PatternRefs.EntryCache()
        tablesIndex = index
    }

    /// Runs `body` with the English buffers borrowed in place, the word-id table and entry
    /// cache being the ones for `index`.
    func useEnglish<R>(for index: TermIndex, _ body: (inout EnglishTokens, inout Candidates, inout WordIDTable, inout PatternRefs.EntryCache) -> R) -> R {
        start(for: index)
        return body(&tokens, &english, &words, &englishEntries)
    }

    /// Runs `body` with the Chinese buffers borrowed in place, the entry cache being the one for `index`.
    func useChinese<R>(for index: TermIndex, _ body: (inout ChineseFolded, inout Candidates, inout Candidates, inout PatternRefs.EntryCache) -> R) -> R {
        start(for: index)
        return body(&folded, &candidates, &inner, &chineseEntries)
    }

    /// Runs `body` with the buffers borrowed in place (no copy, no reference counting).
    func use<R>(_ body: (inout ChineseFolded, inout Candidates, inout Candidates) -> R) -> R {
        body(&folded, &candidates, &inner)
    }
}

struct ChineseFolded {
    /// The folded text is the first `count` entries of `storage`; for each folded scalar,
    /// the character it comes from: its offsets in Unicode scalars (what spans count) and in
    /// UTF-8 bytes (to cut the text). The arrays only grow, so that folding one line after
    /// another reuses them.
    private(set) var count = 0
    private var storage: [UInt32] = []
    private var start: [Int32] = []
    private var end: [Int32] = []
    private var byteStart: [Int32] = []
    private var byteEnd: [Int32] = []

    init() {}

    init(_ text: String) {
        fold(text)
    }

    /// The folded scalars.
    var scalars: ArraySlice<UInt32> { storage[0..<count] }

    /// Folds `text`, reusing the arrays of the last text folded. Without `keepingBytes`, the
    /// UTF-8 offsets that ``original(_:first:last:)`` needs are not kept (for spans alone).
    mutating func fold(_ text: String, keepingBytes: Bool = true) {
        var text = text
        text.makeContiguousUTF8()
        let done = text.utf8.withContiguousStorageIfAvailable { foldScalars($0, keepingBytes: keepingBytes) } ?? false
        if !done { foldCharacters(text) }
    }

    /// The text of the characters behind folded scalars `first...last`, cut from `text`
    /// (the text folded).
    func original(_ text: String, first: Int, last: Int) -> String {
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: Int(byteStart[first]))
        let to = utf8.index(from, offsetBy: Int(byteEnd[last] - byteStart[first]))
        return String(decoding: utf8[from..<to], as: UTF8.self)
    }

    /// The span in Unicode scalars of the characters behind folded scalars `first...last`.
    func span(first: Int, last: Int) -> TextSpan {
        TextSpan(start: Int(start[first]), length: Int(end[last] - start[first]))
    }

    /// Room for `capacity` folded scalars in every array.
    private mutating func reserve(_ capacity: Int) {
        guard storage.count < capacity else { return }
        let more = capacity - storage.count
        storage.append(contentsOf: repeatElement(0, count: more))
        start.append(contentsOf: repeatElement(0, count: more))
        end.append(contentsOf: repeatElement(0, count: more))
        byteStart.append(contentsOf: repeatElement(0, count: more))
        byteEnd.append(contentsOf: repeatElement(0, count: more))
    }

    /// `text` folded character by character, whatever it holds (the fast path's reference).
    static func byCharacters(_ text: String) -> ChineseFolded {
        var folded = ChineseFolded()
        folded.foldCharacters(text)
        return folded
    }

    /// Character by character, for text with combining marks, joiners or variation
    /// selectors, or with characters that fold to several scalars.
    private mutating func foldCharacters(_ text: String) {
        count = 0
        var offset: Int32 = 0
        var byte: Int32 = 0
        for character in text {
            let length = Int32(character.unicodeScalars.count)
            let bytes = Int32(character.utf8.count)
            defer { offset += length; byte += bytes }
            if character.isWhitespace || Folding.transparentInChinese.contains(character) { continue }
            func add(_ value: UInt32) {
                reserve(count + 1)
                storage[count] = value
                start[count] = offset
                end[count] = offset + length
                byteStart[count] = byte
                byteEnd[count] = byte + bytes
                count += 1
            }
            // Fast paths: ASCII only needs lower case; a single CJK unified ideograph is
            // already NFKC. Everything else goes through Foundation's NFKC; ignorable format
            // characters (a zero-width space, a stray BOM) are dropped, their offsets counted.
            if length == 1, let only = character.unicodeScalars.first {
                if only.isASCII {
                    add((0x41...0x5A).contains(only.value) ? only.value + 0x20 : only.value)
                    continue
                }
                if (0x4E00...0x9FFF).contains(only.value) || (0x3400...0x4DBF).contains(only.value) {
                    add(only.value)
                    continue
                }
            }
            for scalar in Substring(String(character).precomposedStringWithCompatibilityMapping.lowercased()).unicodeScalars
            where !Folding.isIgnorable(scalar) {
                add(scalar.value)
            }
        }
    }

    /// The fast path, straight from the UTF-8 bytes, for text in which every scalar folds
    /// to one scalar or to none by itself: ASCII, the main Han blocks and the scalars of
    /// ``foldTable`` (nearly all Chinese and English text). Each writes at most one folded
    /// scalar, so the arrays are sized once and written through pointers. Returns false at
    /// the first other scalar; the caller then folds by characters.
    private mutating func foldScalars(_ bytes: UnsafeBufferPointer<UInt8>, keepingBytes: Bool) -> Bool {
        reserve(bytes.count)
        var written = 0
        let table = Self.foldTable
        let done = table.withUnsafeBufferPointer { table in
            storage.withUnsafeMutableBufferPointer { storage in
                start.withUnsafeMutableBufferPointer { start in
                    end.withUnsafeMutableBufferPointer { end in
                        byteStart.withUnsafeMutableBufferPointer { byteStart in
                            byteEnd.withUnsafeMutableBufferPointer { byteEnd in
                                var offset: Int32 = 0
                                var at = 0
                                let count = bytes.count
                                while at < count {
                                    // Swift strings hold valid UTF-8.
                                    let lead = UInt32(bytes[at])
                                    var value: UInt32
                                    let width: Int
                                    if lead < 0x80 {
                                        value = lead; width = 1
                                    } else if lead < 0xE0 {
                                        value = (lead & 0x1F) << 6 | UInt32(bytes[at + 1] & 0x3F); width = 2
                                    } else if lead < 0xF0 {
                                        value = (lead & 0x0F) << 12 | UInt32(bytes[at + 1] & 0x3F) << 6 | UInt32(bytes[at + 2] & 0x3F)
                                        width = 3
                                    } else {
                                        return false
                                    }
                                    if value < 0x80 {
                                        if value == 0x20 || (0x09...0x0D).contains(value) || value == 0x22 { value = Self.skip }
                                        else if (0x41...0x5A).contains(value) { value += 0x20 }
                                    } else if !((0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)) {
                                        // The table holds only scalars that never join the one before them.
                                        value = table[Int(value)]
                                        if value == Self.unknown { return false }
                                    }
                                    if value != Self.skip {
                                        storage[written] = value
                                        start[written] = offset
                                        end[written] = offset + 1
                                        if keepingBytes {
                                            byteStart[written] = Int32(truncatingIfNeeded: at)
                                            byteEnd[written] = Int32(truncatingIfNeeded: at + width)
                                        }
                                        written += 1
                                    }
                                    at += width
                                    offset += 1
                                }
                                return true
                            }
                        }
                    }
                }
            }
        }
        count = written
        return done
    }

    /// Whether `scalar` may belong to the character before it, so that folding it alone
    /// could differ from folding the character.
    static func mayJoin(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE00...0xFE0F, 0xFE20...0xFE2F,
             0x200C, 0x200D, 0x1F1E6...0x1F1FF, 0x1F3FB...0x1F3FF, 0xE0000...0xE0FFF, 0x1100...0x11FF, 0xD7B0...0xD7FF,
             0x3099, 0x309A, 0xFF9E, 0xFF9F:
            return true
        default:
            let category = scalar.properties.generalCategory
            return category == .nonspacingMark || category == .spacingMark || category == .enclosingMark
        }
    }

    private static let unknown = UInt32.max
    private static let skip = UInt32.max - 1

    /// How each BMP scalar other than ASCII and the main Han blocks folds, where it folds to
    /// one scalar or to nothing: full-width forms, CJK punctuation, Latin-1, compatibility
    /// ideographs. Built once, from the same rules as the character path.
    static let foldTable: [UInt32] = {
        var table = [UInt32](repeating: unknown, count: 0x10000)
        let ranges: [ClosedRange<UInt32>] = [0x80...0x24F, 0x2000...0x206F, 0x2E80...0x2FDF, 0x3000...0x30FF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF]
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value), !mayJoin(scalar) else { continue }
                let character = Character(scalar)
                if character.isWhitespace || Folding.transparentInChinese.contains(character) || Folding.isIgnorable(scalar) {
                    table[Int(value)] = skip
                    continue
                }
                let folded = Array(String(character).precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars)
                if folded.count == 1 { table[Int(value)] = folded[0].value }
            }
        }
        return table
    }()
}

extension String {
    /// A string of `scalars`, built through UTF-8 (much faster than appending scalars).
    init(scalars: ArraySlice<Unicode.Scalar>) {
        var capacity = 0
        for scalar in scalars { capacity += scalar.value < 0x80 ? 1 : scalar.value < 0x800 ? 2 : scalar.value < 0x10000 ? 3 : 4 }
        self.init(unsafeUninitializedCapacity: capacity) { buffer in
            var at = 0
            for scalar in scalars {
                let value = scalar.value
                switch value {
                case 0..<0x80:
                    buffer[at] = UInt8(value); at += 1
                case 0x80..<0x800:
                    buffer[at] = UInt8(0xC0 | value >> 6); buffer[at + 1] = UInt8(0x80 | value & 0x3F); at += 2
                case 0x800..<0x10000:
                    buffer[at] = UInt8(0xE0 | value >> 12); buffer[at + 1] = UInt8(0x80 | value >> 6 & 0x3F)
                    buffer[at + 2] = UInt8(0x80 | value & 0x3F); at += 3
                default:
                    buffer[at] = UInt8(0xF0 | value >> 18); buffer[at + 1] = UInt8(0x80 | value >> 12 & 0x3F)
                    buffer[at + 2] = UInt8(0x80 | value >> 6 & 0x3F); buffer[at + 3] = UInt8(0x80 | value & 0x3F); at += 4
                }
            }
            return at
        }
    }
}

/// English words of a text: scalar offsets and word ids (-1 for a word no term has).
struct EnglishTokens {
    /// The text's scalars; each word's span in them, and its id (-1: not a glossary word).
    /// The arrays are reused from text to text (see ``MatchBuffers``).
    private(set) var original: [Unicode.Scalar] = []
    var ids: [Int32] = []
    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []

    init() {}

    /// Splits `text` into words; their ids are for the caller to fill in.
    mutating func tokenize(_ text: String) {
        original.removeAll(keepingCapacity: true)
        // ASCII (most English) without decoding UTF-8.
        var text = text
        text.makeContiguousUTF8()
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard TextDecoding.endOfASCII(bytes) == bytes.count else { return false }
            original.append(contentsOf: bytes.lazy.map { Unicode.Scalar($0) })
            return true
        } ?? false
        if !ascii { original.append(contentsOf: text.unicodeScalars) }
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        var index = 0
        let count = original.count
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.isASCII {
                let value = scalar.value
                return (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) || (0x30...0x39).contains(value)
            }
            // Han and CJK punctuation first: cheap range checks, and Chinese text is full of them.
            if Folding.isHan(scalar) || (0x3000...0x303F).contains(scalar.value) || (0xFF00...0xFF0F).contains(scalar.value) { return false }
            return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        }
        while index < count {
            guard isWordScalar(original[index]) else { index += 1; continue }
            let start = index
            while index < count {
                let scalar = original[index]
                if isWordScalar(scalar) { index += 1; continue }
                // An invisible format character inside a word (pho\u{200B}nogram) joins it.
                if Folding.isIgnorable(scalar), index + 1 < count, isWordScalar(original[index + 1]) { index += 1; continue }
                // An apostrophe inside a word (performer's), or after a plural s (performers').
                if scalar == "'" || scalar == "’" {
                    if index + 1 < count, isWordScalar(original[index + 1]) { index += 1; continue }
                    if index > start, original[index - 1] == "s" || original[index - 1] == "S" { index += 1 }
                }
                break
            }
            starts.append(start)
            ends.append(index)
        }
    }

    /// Word `index` as written.
    func word(_ index: Int) -> String {
        String(scalars: original[starts[index]..<ends[index]])
    }

    func original(_ range: Range<Int>) -> String {
        String(scalars: original[range])
    }
}

/// Word ids of words as written, keyed by their scalars: documents repeat their words, and
/// finding a word's key (lower case, inflection base) is dearer than a hash of its scalars.
/// One per matcher; lock-protected, taken once per text. Cleared when it grows large.
final class WordIDCache: @unchecked Sendable {
    private let lock = NSLock()
    private var table = WordIDTable()

    /// Fills in the ids of `tokens`' words; `compute` gives the id of a new word.
    func fill(_ tokens: inout EnglishTokens, compute: (String) -> Int32) {
        lock.lock()
        defer { lock.unlock() }
        // Work on a local copy (moved out, so it stays uniquely referenced): a class's stored
        // arrays would be checked for exclusive access on every element read.
        var local = table
        table = WordIDTable(size: 0)
        defer { table = local }
        local.fill(&tokens, compute: compute)
    }
}

/// The open-addressing table behind ``WordIDCache``: words as scalars in one pool.
struct WordIDTable {
    private var hashes: [UInt64]
    private var offsets: [Int32]
    private var lengths: [Int32]
    private var values: [Int32]
    private var pool: [UInt32] = []
    private var count = 0

    init(size: Int = 1 << 14) {
        hashes = Array(repeating: 0, count: size)
        offsets = Array(repeating: -1, count: size)
        lengths = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
    }

    /// Fills in the ids of `tokens`' words, from the table or from `compute` (then kept).
    mutating func fill(_ tokens: inout EnglishTokens, compute: (String) -> Int32) {
        let starts = tokens.starts, ends = tokens.ends
        tokens.ids = tokens.original.withUnsafeBufferPointer { text in
            zip(starts, ends).map { start, end in id(text[start..<end], compute: compute) }
        }
    }

    mutating func id(_ word: Slice<UnsafeBufferPointer<Unicode.Scalar>>, compute: (String) -> Int32) -> Int32 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for scalar in word { hash = (hash ^ UInt64(scalar.value)) &* 0x0000_0100_0000_01B3 }
        let mask = hashes.count - 1
        var slot = Int(truncatingIfNeeded: hash >> 7) & mask
        while offsets[slot] >= 0 {
            if hashes[slot] == hash, Int(lengths[slot]) == word.count {
                let offset = Int(offsets[slot])
                if zip(pool[offset..<offset + word.count], word).allSatisfy({ $0 == $1.value }) { return values[slot] }
            }
            slot = (slot + 1) & mask
        }
        let value = compute(String(scalars: ArraySlice(word)))
        if pool.count > 1 << 22 { self = WordIDTable(); return value }
        if (count + 1) * 2 > hashes.count {
            grow()
            slot = Int(truncatingIfNeeded: hash >> 7) & (hashes.count - 1)
            while offsets[slot] >= 0 { slot = (slot + 1) & (hashes.count - 1) }
        }
        hashes[slot] = hash
        offsets[slot] = Int32(pool.count)
        lengths[slot] = Int32(word.count)
        values[slot] = value
        pool.append(contentsOf: word.lazy.map(\.value))
        count += 1
        return value
    }

    private mutating func grow() {
        let old = self
        let size = hashes.count * 2
        hashes = Array(repeating: 0, count: size)
        offsets = Array(repeating: -1, count: size)
        lengths = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        let mask = size - 1
        for index in old.offsets.indices where old.offsets[index] >= 0 {
            var slot = Int(truncatingIfNeeded: old.hashes[index] >> 7) & mask
            while offsets[slot] >= 0 { slot = (slot + 1) & mask }
            hashes[slot] = old.hashes[index]
            offsets[slot] = old.offsets[index]
            lengths[slot] = old.lengths[index]
            values[slot] = old.values[index]
        }
    }
}

/// Work started on a thread of its own; ``result()`` waits for it.
final class OnItsOwnThread<T: Sendable>: @unchecked Sendable {
    // Written once by the thread, read only after `done` is signalled.
    private var value: T?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) {
        Thread { [self] in
            value = work()
            done.signal()
        }.start()
    }

    /// The work's result, once it has finished; call it once.
    func result() -> T {
        done.wait()
        return value!
    }
}
