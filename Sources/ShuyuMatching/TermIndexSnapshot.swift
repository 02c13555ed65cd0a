import Foundation
import ShuyuModel

/// Where an index loaded from a snapshot reads the concepts its matches name.
public protocol ConceptSource: Sendable {
    /// The concept with identifier `id`, or `nil` when there is none; throws when it cannot
    /// be read (the index then tries again at the next match instead of forgetting the term).
    func concept(withID id: String) throws -> Concept?

    /// The concepts with identifiers `ids`, in their order (`nil` for those there are not):
    /// a pattern's entry reads every concept with one of its terms, thousands for a common
    /// word, and a source may read many at a lower cost each than one by one.
    func concepts(withIDs ids: [String]) throws -> [Concept?]
}

extension ConceptSource {
    /// One by one.
    public func concepts(withIDs ids: [String]) throws -> [Concept?] {
        try ids.map { try concept(withID: $0) }
    }
}

/// A term by position: the concept (an index into the index's concept ids), the language
/// section and the term within it.
struct TermPosition: Sendable, Equatable {
    var concept: Int32
    var section: Int32
    var term: Int32
}

/// The term positions of every pattern, stored flat: pattern `p`'s are
/// `flat[offsets[p] * 3 ..< offsets[p + 1] * 3]`, in (concept, section, term) triples.
struct PositionTable: Sendable {
    var offsets: [Int32] = [0]
    var flat: [Int32] = []

    init() {}

    /// The table of `count` patterns holding `positions`, each of the pattern beside it in
    /// `patterns`, in the order given (a counting sort).
    init(_ count: Int, _ positions: [TermPosition], patterns: [Int32]) {
        var next = [Int32](repeating: 0, count: count + 1)
        for pattern in patterns { next[Int(pattern) + 1] += 1 }
        for pattern in 0..<count { next[pattern + 1] += next[pattern] }
        offsets = next
        flat = [Int32](repeating: 0, count: 3 * positions.count)
        for (position, pattern) in zip(positions, patterns) {
            let slot = 3 * Int(next[Int(pattern)])
            next[Int(pattern)] += 1
            flat[slot] = position.concept
            flat[slot + 1] = position.section
            flat[slot + 2] = position.term
        }
    }

    var count: Int { offsets.count - 1 }

    /// How many term positions pattern `pattern` has.
    func count(of pattern: Int) -> Int { Int(offsets[pattern + 1] - offsets[pattern]) }

    subscript(pattern: Int) -> [TermPosition] {
        (Int(offsets[pattern])..<Int(offsets[pattern + 1])).map {
            TermPosition(concept: flat[$0 * 3], section: flat[$0 * 3 + 1], term: flat[$0 * 3 + 2])
        }
    }
}

/// Concept identifiers in one UTF-8 pool (a million strings would be a million allocations).
struct ConceptIDs: Sendable {
    var pool: [UInt8] = []
    var ends: [Int32] = []

    init() {}

    init(_ ids: [String]) {
        for id in ids {
            pool += id.utf8
            ends.append(Int32(pool.count))
        }
    }

    var count: Int { ends.count }

    subscript(index: Int) -> String {
        let start = index == 0 ? 0 : Int(ends[index - 1])
        return String(decoding: pool[start..<Int(ends[index])], as: UTF8.self)
    }
}

/// The concepts of an index: all in memory, or read from a source when first asked for
/// and then kept.
final class ConceptTable: @unchecked Sendable {
    private let eager: [String: Concept]?
    private let source: (any ConceptSource)?
    private let lock = NSLock()
    private var loaded: [String: Concept?] = [:]

    init(concepts: [String: Concept]) {
        eager = concepts
        source = nil
    }

    init(source: any ConceptSource) {
        eager = nil
        self.source = source
    }

    func concept(_ id: String) -> Concept? { (try? load(id)) ?? nil }

    /// The concept, read from the source each time and not kept: a pattern's entry keeps
    /// the terms it needs, and a word that is a term of twenty thousand concepts (at a
    /// million) would otherwise keep all of them whole for the run.
    func read(_ id: String) throws -> Concept? {
        if let eager { return eager[id] }
        return try source?.concept(withID: id)
    }

    /// ``read(_:)`` for many at once, in their order.
    func read(_ ids: [String]) throws -> [Concept?] {
        if let eager { return ids.map { eager[$0] } }
        guard let source else { return ids.map { _ in nil } }
        return try source.concepts(withIDs: ids)
    }

    /// The concept, read from the source the first time; a failed read is not remembered.
    func load(_ id: String) throws -> Concept? {
        if let eager { return eager[id] }
        lock.lock()
        defer { lock.unlock() }
        if let known = loaded[id] { return known }
        let concept = try source?.concept(withID: id)
        loaded[id] = concept
        return concept
    }
}

/// The glossary terms behind each pattern of an automaton or trie, with the capitalisation
/// case-sensitive ones ask for. Built in memory, every entry is ready; loaded from a
/// snapshot, an entry is made from its terms' positions when its pattern first matches.
final class PatternRefs: @unchecked Sendable {
    /// One pattern's terms, made once and shared by every match of the pattern (a match
    /// holds one reference instead of five).
    final class Entry: Sendable {
        let refs: [TermRef]
        /// For each ref, the capitalisation each word of a case-sensitive term asks for.
        let shapes: [[WordCase]?]
        /// `true` for each ref (the case fit of a pattern without case-sensitive terms).
        let allFit: [Bool]
        /// Concepts with an approved or a rejected term among the refs.
        let approved: Set<String>
        let rejected: Set<String>
        /// For each ref, its concept's key (see ``ConceptKeys``).
        let refKeys: [Int32]
        /// ``approved`` and ``rejected`` as keys.
        let approvedKeys: ConceptKeys
        let rejectedKeys: ConceptKeys

        init(refs: [TermRef], keys: [Int32], english: Bool) {
            self.refs = refs
            shapes = english ? refs.map { $0.term.isCaseSensitive ? WordCase.shapes(of: $0.term.text) : nil } : []
            allFit = refs.map { _ in true }
            approved = Set(refs.filter { $0.term.status.isApproved }.map(\.conceptID))
            rejected = Set(refs.filter { $0.term.status.isRejected }.map(\.conceptID))
            refKeys = keys
            approvedKeys = ConceptKeys(zip(refs, keys).filter { $0.0.term.status.isApproved }.map(\.1))
            rejectedKeys = ConceptKeys(zip(refs, keys).filter { $0.0.term.status.isRejected }.map(\.1))
        }
    }

    /// Positions (and, for an index that keeps its concepts, refs) as an index is built,
    /// pattern by pattern, with whether any of a pattern's terms is case-sensitive.
    struct Builder {
        var keepsRefs = true
        var refs: [[TermRef]] = []
        /// Every position added, in order, with its pattern: ``positionTable()`` gathers each
        /// pattern's (an array per pattern was millions of small allocations at a million
        /// concepts).
        var added: [TermPosition] = []
        var addedPattern: [Int32] = []
        var caseSensitive: [Bool] = []

        mutating func add(_ ref: TermRef?, _ position: TermPosition, caseSensitive sensitive: Bool, key: String, keys: inout [String: Int]) {
            let index: Int
            if let known = keys[key] {
                index = known
                // The same term twice in a concept is one ref (an index without refs drops
                // the repeat when the entry is made).
                if let ref, keepsRefs {
                    guard !refs[index].contains(ref) else { return }
                    refs[index].append(ref)
                }
                if sensitive { caseSensitive[index] = true }
            } else {
                index = caseSensitive.count
                keys[key] = index
                if let ref, keepsRefs { refs.append([ref]) }
                caseSensitive.append(sensitive)
            }
            added.append(position)
            addedPattern.append(Int32(index))
        }

        /// Each pattern's positions in the order they were added.
        func positionTable() -> PositionTable {
            PositionTable(caseSensitive.count, added, patterns: addedPattern)
        }
    }

    let positions: PositionTable
    let conceptIDs: ConceptIDs
    private let english: Bool
    private let eager: [Entry]?
    private let concepts: ConceptTable?
    private let lock = NSLock()
    private var made: [Int: Entry] = [:]

    var count: Int { positions.count }

    init(_ builder: Builder, conceptIDs: ConceptIDs, english: Bool) {
        let positions = builder.positionTable()
        self.positions = positions
        self.conceptIDs = conceptIDs
        self.english = english
        // With its refs kept, a builder adds a position with each ref.
        eager = builder.refs.enumerated().map { Entry(refs: $1, keys: positions[$0].map(\.concept), english: english) }
        concepts = nil
    }

    init(positions: PositionTable, conceptIDs: ConceptIDs, english: Bool, concepts: ConceptTable) {
        self.positions = positions
        self.conceptIDs = conceptIDs
        self.english = english
        eager = nil
        self.concepts = concepts
    }

    /// Entries one thread has already asked for: it takes the shared table's lock once per
    /// pattern rather than once per match (two threads matching took it in turns).
    struct EntryCache {
        fileprivate var entries: [Int: Entry] = [:]
    }

    /// The entry of `pattern`: from the thread's `cache` when it has it, else made (or
    /// found) under the shared table's lock.
    @inline(__always)
    func entry(_ pattern: Int, cache: inout EntryCache) -> Entry {
        if let eager { return eager[pattern] }
        if let entry = cache.entries[pattern] { return entry }
        let (entry, complete) = make(pattern)
        if complete { cache.entries[pattern] = entry }
        return entry
    }

    private func make(_ pattern: Int) -> (entry: Entry, complete: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if let entry = made[pattern] { return (entry, true) }
        var refs: [TermRef] = []
        var keys: [Int32] = []
        // Two equal refs can only come from one concept: compare only then (a pattern can
        // be a term of thousands of concepts).
        var named: Set<String> = []
        var complete = true
        let all = positions[pattern]
        // The concepts are read a chunk at a time (a common word is a term of thousands):
        // many in one read cost less each, and a chunk bounds what is held at once.
        var loaded: [Concept?] = []
        for (offset, position) in all.enumerated() {
            if offset % Self.readChunk == 0 {
                let ids = all[offset..<min(all.count, offset + Self.readChunk)].map { conceptIDs[Int($0.concept)] }
                loaded = readAll(ids, complete: &complete)
            }
            // A concept that is gone or changed shape (the store is read in the snapshot the
            // index was built from, so it should not happen) loses the term, not the run; a
            // term of the wrong language is not this pattern's.
            guard let concept = loaded[offset % Self.readChunk], concept.languages.indices.contains(Int(position.section)) else { continue }
            let section = concept.languages[Int(position.section)]
            guard section.terms.indices.contains(Int(position.term)),
                  english ? section.language.isEnglish : section.language.isChinese else { continue }
            let ref = TermRef(conceptID: concept.id, term: section.terms[Int(position.term)], language: section.language)
            if named.insert(ref.conceptID).inserted || !refs.contains(ref) {
                refs.append(ref)
                keys.append(position.concept)
            }
        }
        let entry = Entry(refs: refs, keys: keys, english: english)
        // A failed read is tried again at the next match of the pattern.
        if complete { made[pattern] = entry }
        return (entry, complete)
    }

    /// The concepts an entry reads at once.
    static let readChunk = 256

    /// The concepts `ids`, read together; when that fails, one by one, so that a concept
    /// that cannot be read loses its term alone (and `complete` is set to false: the entry
    /// is made again at the next match).
    private func readAll(_ ids: [String], complete: inout Bool) -> [Concept?] {
        guard let concepts else { return ids.map { _ in nil } }
        if let all = try? concepts.read(ids), all.count == ids.count { return all }
        return ids.map { id in
            do { return try concepts.read(id) } catch {
                complete = false
                return nil
            }
        }
    }
}

extension TermIndex {
    /// The format of ``snapshot(key:)``; bump it whenever the index's parts or their
    /// meaning change (folding, inflection, the automaton's layout).
    static let snapshotFormat = "shuyu-matcher-2"

    /// The built index as bytes, to be loaded again with ``init(snapshot:key:source:)``
    /// instead of being rebuilt: a million-concept glossary takes most of a minute to index
    /// and a second to load. `key` names what it was built from (say, a store's content
    /// version); a load with another key is refused.
    public func snapshot(key: String) -> Data {
        var data = Data()
        try! writeSnapshot(key: key) { data.append(contentsOf: $0) }
        return data
    }

    /// Writes ``snapshot(key:)`` to the file at `path` (created or truncated), a piece at a time.
    public func writeSnapshot(key: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        try writeSnapshot(key: key) { try handle.write(contentsOf: $0) }
    }

    private func writeSnapshot(key: String, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        var out = SnapshotWriter(sink: sink)
        try out.string(Self.snapshotFormat)
        try out.string(key)
        try out.int(conceptCount)
        try out.array(chineseRefs.conceptIDs.pool)
        try out.array(chineseRefs.conceptIDs.ends)
        try chineseAutomaton.write(to: &out)
        try out.array(chineseRefs.positions.offsets)
        try out.array(chineseRefs.positions.flat)
        try out.array(englishRefs.positions.offsets)
        try out.array(englishRefs.positions.flat)
        try out.bools(englishCaseSensitive)
        try englishTrie.write(to: &out)
        try out.array(englishTriePattern)
        var words = [String](repeating: "", count: englishVocabulary.count)
        for (word, id) in englishVocabulary { words[Int(id)] = word }
        try out.strings(words)
        try out.int(maxEnglishWords)
        try out.bools(chineseHasInner)
        try out.bools(englishHasInner)
        try out.flush()
    }

    private static func readPositions(_ input: inout SnapshotReader, concepts: Int) -> PositionTable? {
        guard let offsets: [Int32] = input.array(), let flat: [Int32] = input.array(),
              offsets.first == 0, Int(offsets.last ?? -1) * 3 == flat.count,
              zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
        else { return nil }
        for index in stride(from: 0, to: flat.count, by: 3) {
            guard flat[index] >= 0, Int(flat[index]) < concepts, flat[index + 1] >= 0, flat[index + 2] >= 0 else { return nil }
        }
        var table = PositionTable()
        table.offsets = offsets
        table.flat = flat
        return table
    }

    /// Loads a snapshot written by ``snapshot(key:)``; concepts are read from `source` when a
    /// match first names them. `nil` when the bytes are not a whole, consistent snapshot of
    /// this format made with `key`: the caller builds the index afresh.
    public convenience init?(snapshot: Data, key: String, source: any ConceptSource) {
        let parts: Parts? = snapshot.withUnsafeBytes { raw in
            var input = SnapshotReader(raw)
            return Self.read(&input, key: key, source: source)
        }
        guard let parts else { return nil }
        self.init(
            conceptTable: parts.table, conceptCount: parts.conceptCount, chineseAutomaton: parts.automaton,
            chineseRefs: parts.chineseRefs, englishRefs: parts.englishRefs, englishCaseSensitive: parts.englishCaseSensitive,
            englishTrie: parts.trie, englishTriePattern: parts.triePattern, englishVocabulary: parts.vocabulary,
            maxEnglishWords: parts.maxEnglishWords, chineseHasInner: parts.chineseHasInner, englishHasInner: parts.englishHasInner)
    }

    private struct Parts {
        var table: ConceptTable
        var conceptCount: Int
        var automaton: AhoCorasick
        var chineseRefs: PatternRefs
        var englishRefs: PatternRefs
        var englishCaseSensitive: [Bool]
        var trie: TransitionTable
        var triePattern: [Int32]
        var vocabulary: [String: Int32]
        var maxEnglishWords: Int
        var chineseHasInner: [Bool]
        var englishHasInner: [Bool]
    }

    private static func read(_ input: inout SnapshotReader, key: String, source: any ConceptSource) -> Parts? {
        guard input.string() == snapshotFormat, input.string() == key, let conceptCount = input.int(),
              let pool: [UInt8] = input.array(), let ends: [Int32] = input.array(), ends.count == conceptCount,
              zip([0] + ends, ends).allSatisfy({ $0 <= $1 }), Int(ends.last ?? 0) == pool.count
        else { return nil }
        var conceptIDs = ConceptIDs()
        conceptIDs.pool = pool
        conceptIDs.ends = ends
        // The automaton's payloads index the Chinese patterns, read after it: check them then.
        guard let automaton = AhoCorasick(reading: &input, payloads: Int(Int32.max)),
              let chinesePositions = readPositions(&input, concepts: conceptCount),
              automaton.patternCount == chinesePositions.count, automaton.payloadsBelow(chinesePositions.count),
              let englishPositions = readPositions(&input, concepts: conceptCount),
              let englishCaseSensitive = input.bools(), englishCaseSensitive.count == englishPositions.count,
              let trie = TransitionTable(reading: &input), let triePattern: [Int32] = input.array(),
              !triePattern.isEmpty, triePattern.allSatisfy({ $0 >= -1 && Int($0) < englishPositions.count }),
              let words = input.strings(), let maxEnglishWords = input.int(), maxEnglishWords >= 1,
              let chineseHasInner = input.bools(), chineseHasInner.count == chinesePositions.count,
              let englishHasInner = input.bools(), englishHasInner.count == englishPositions.count,
              input.isAtEnd
        else { return nil }
        var trieValid = true
        trie.forEach { edge, node in
            if node <= 0 || Int(node) >= triePattern.count || Int(edge & 0xFFFF_FFFF) >= words.count { trieValid = false }
        }
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(words.count)
        for (id, word) in words.enumerated() { vocabulary[word] = Int32(id) }
        guard trieValid, vocabulary.count == words.count else { return nil }
        let table = ConceptTable(source: source)
        return Parts(
            table: table, conceptCount: conceptCount, automaton: automaton,
            chineseRefs: PatternRefs(positions: chinesePositions, conceptIDs: conceptIDs, english: false, concepts: table),
            englishRefs: PatternRefs(positions: englishPositions, conceptIDs: conceptIDs, english: true, concepts: table),
            englishCaseSensitive: englishCaseSensitive, trie: trie, triePattern: triePattern, vocabulary: vocabulary,
            maxEnglishWords: maxEnglishWords, chineseHasInner: chineseHasInner, englishHasInner: englishHasInner)
    }
}
