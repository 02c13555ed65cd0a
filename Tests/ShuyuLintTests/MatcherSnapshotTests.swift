import Foundation
import Testing
import ShuyuGlossary
import ShuyuMatching
import ShuyuModel
@testable import ShuyuLint

/// Concepts by id, counting what the index asks for.
final class CountingSource: ConceptSource, @unchecked Sendable {
    let concepts: [String: Concept]
    private let lock = NSLock()
    private(set) var asked: [String] = []

    init(_ concepts: [Concept]) { self.concepts = Dictionary(concepts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) }

    func concept(withID id: String) -> Concept? {
        lock.lock(); defer { lock.unlock() }
        asked.append(id)
        return concepts[id]
    }
}

/// Concepts by id, read many at once, recording how many each read asked for; a read of
/// many can be made to fail, and so can the reads of some ids.
final class BatchSource: ConceptSource, @unchecked Sendable {
    struct Unreadable: Error {}
    let concepts: [String: Concept]
    private let lock = NSLock()
    private var _batches: [Int] = []
    private var _unreadable: Set<String>
    let batchesFail: Bool

    init(_ concepts: [Concept], batchesFail: Bool = false, unreadable: Set<String> = []) {
        self.concepts = Dictionary(concepts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.batchesFail = batchesFail
        _unreadable = unreadable
    }

    var batches: [Int] { lock.lock(); defer { lock.unlock() }; return _batches }
    var unreadable: Set<String> {
        get { lock.lock(); defer { lock.unlock() }; return _unreadable }
        set { lock.lock(); defer { lock.unlock() }; _unreadable = newValue }
    }

    func concept(withID id: String) throws -> Concept? {
        if unreadable.contains(id) { throw Unreadable() }
        return concepts[id]
    }

    func concepts(withIDs ids: [String]) throws -> [Concept?] {
        lock.lock()
        _batches.append(ids.count)
        lock.unlock()
        if batchesFail { throw Unreadable() }
        return try ids.map { try concept(withID: $0) }
    }
}

@Suite struct MatcherSnapshotTests {
    static let concepts = try! Glossary.load(directory: BundledIndex.root.appendingPathComponent("glossary")).concepts

    /// Every line of the lint corpora, in both languages, with CJK and emoji before it.
    static let texts: [String] = {
        let corpus = BundledIndex.root.appendingPathComponent("Tests/ShuyuLintTests/Corpus")
        var lines: [String] = []
        for name in ["policy.zh.txt", "policy.en.txt", "treaty.tsv", "report.xlf", "memory.tmx"] {
            let text = (try? String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8)) ?? ""
            lines += text.split(separator: "\n").map(String.init)
        }
        for concept in concepts { lines += concept.allTerms.map { "见 \($0.term.text)。 The " + $0.term.text + "s, 🙂" } }
        return lines + lines.prefix(50).map { "网络主权🙂 " + $0 }
    }()

    func describe(_ trees: [TermIndex.MatchTree]) -> [String] {
        trees.map { tree in
            let refs = tree.match.refs.map { "\($0.conceptID)/\($0.language.value)/\($0.term.text)/\($0.term.status.rawValue)" }
            return "\(tree.match.span.start)+\(tree.match.span.length) \(tree.match.text) \(refs) \(tree.match.caseFits) [\(describe(tree.inner).joined(separator: "; "))]"
        }
    }

    @Test func aLoadedSnapshotMatchesExactlyAsTheBuiltIndex() throws {
        let built = TermIndex(concepts: Self.concepts)
        let source = CountingSource(Self.concepts)
        let loaded = try #require(TermIndex(snapshot: built.snapshot(key: "k1"), key: "k1", source: source))
        #expect(loaded.conceptCount == built.conceptCount)
        #expect(source.asked.isEmpty, "nothing is read before a match names it")
        for text in Self.texts {
            #expect(describe(loaded.chineseMatchTrees(in: text)) == describe(built.chineseMatchTrees(in: text)), "\(text)")
            #expect(describe(loaded.englishMatchTrees(in: text)) == describe(built.englishMatchTrees(in: text)), "\(text)")
        }
        for concept in Self.concepts {
            #expect(loaded.concept(concept.id) == built.concept(concept.id))
            for term in concept.chineseTerms {
                #expect(loaded.chineseTerms(inside: term.text).map(\.text) == built.chineseTerms(inside: term.text).map(\.text))
            }
        }
        // A concept asked for by id is read once, then kept (a pattern's entry reads the
        // concepts it names without keeping them: it keeps their terms).
        let asked = source.asked.count
        for concept in Self.concepts { _ = loaded.concept(concept.id) }
        #expect(source.asked.count == asked)
    }

    @Test func anIndexBuiltWithoutKeepingConceptsMatchesTheSame() throws {
        // A term given twice in one concept is still one ref.
        var concepts = Self.concepts
        concepts[0].languages[0].terms.append(concepts[0].languages[0].terms[0])
        let built = TermIndex(concepts: concepts)
        let source = CountingSource(concepts)
        let streamed = TermIndex(source: source) { add in concepts.forEach(add) }
        #expect(source.asked.isEmpty)
        #expect(streamed.conceptCount == built.conceptCount)
        for text in Self.texts {
            #expect(describe(streamed.chineseMatchTrees(in: text)) == describe(built.chineseMatchTrees(in: text)), "\(text)")
            #expect(describe(streamed.englishMatchTrees(in: text)) == describe(built.englishMatchTrees(in: text)), "\(text)")
        }
        // Its snapshot loads into the same index again.
        let loaded = try #require(TermIndex(snapshot: streamed.snapshot(key: "s"), key: "s", source: source))
        for text in Self.texts.prefix(200) {
            #expect(describe(loaded.chineseMatchTrees(in: text)) == describe(built.chineseMatchTrees(in: text)))
        }
    }

    @Test func spansAreWhereTheMatchesAre() {
        let index = BundledIndex.index
        for text in Self.texts {
            let spans = index.chineseSpans(in: text)
            let matches = index.chineseMatches(in: text)
            #expect(spans.map(\.span) == matches.map(\.span), "\(text)")
            #expect(spans.map(\.terms) == matches.map(\.refs.count), "\(text)")
        }
    }

    @Test func onlyMatchedConceptsAreRead() throws {
        let built = TermIndex(concepts: Self.concepts)
        let source = CountingSource(Self.concepts)
        let loaded = try #require(TermIndex(snapshot: built.snapshot(key: "k"), key: "k", source: source))
        let matches = loaded.chineseMatches(in: "各国应尊重网络主权。")
        #expect(matches.map(\.text) == ["尊重网络主权"])
        #expect(source.asked.count < Self.concepts.count / 10)
        #expect(Set(source.asked) == Set(matches.flatMap { $0.refs.map(\.conceptID) }))
    }

    /// A pattern's concepts are read a chunk at a time, and match as the built index does;
    /// when a chunk cannot be read at once its concepts are read one by one, and a concept
    /// that cannot be read loses its term alone until a later match reads it.
    @Test func conceptsAreReadInChunksAndOneByOneWhenAChunkFails() throws {
        let concepts = (0..<600).map { n in
            Concept(id: "c\(n)", languages: [LanguageSection(language: .zh, terms: [Term("权利")]), LanguageSection(language: .en, terms: [Term("right")])])
        }
        let built = TermIndex(concepts: concepts)
        let data = built.snapshot(key: "b")
        let source = BatchSource(concepts)
        let loaded = try #require(TermIndex(snapshot: data, key: "b", source: source))
        #expect(describe(loaded.chineseMatchTrees(in: "尊重权利🙂")) == describe(built.chineseMatchTrees(in: "尊重权利🙂")))
        #expect(source.batches == [256, 256, 88])

        let failing = BatchSource(concepts, batchesFail: true, unreadable: ["c5"])
        let partial = try #require(TermIndex(snapshot: data, key: "b", source: failing))
        let refs = try #require(partial.chineseMatches(in: "权利").first).refs.map(\.conceptID)
        #expect(refs.count == 599 && !refs.contains("c5"))
        #expect(failing.batches == [256, 256, 88])
        failing.unreadable = []
        #expect(try #require(partial.chineseMatches(in: "权利").first).refs.count == 600)
    }

    @Test func anotherKeyOrFormatIsRefused() throws {
        let data = TermIndex(concepts: Self.concepts).snapshot(key: "version-a")
        let source = CountingSource(Self.concepts)
        #expect(TermIndex(snapshot: data, key: "version-b", source: source) == nil)
        #expect(TermIndex(snapshot: Data("not a snapshot".utf8), key: "version-a", source: source) == nil)
        #expect(TermIndex(snapshot: Data(), key: "version-a", source: source) == nil)
    }

    /// A cut or damaged snapshot is refused, or (where the damage is in data the checks
    /// cannot tell from good) loads into an index that still matches without crashing or
    /// hanging: the checks keep every state and pattern index inside its array.
    @Test func damagedSnapshotsAreRefusedOrHarmless() throws {
        let small = Array(Self.concepts.prefix(40))
        let data = TermIndex(concepts: small).snapshot(key: "k")
        let source = CountingSource(small)
        for length in stride(from: 0, to: data.count, by: max(1, data.count / 200)) {
            #expect(TermIndex(snapshot: data.prefix(length), key: "k", source: source) == nil, "cut at \(length)")
        }
        var generator = SystemRandomNumberGenerator()
        var accepted = 0
        for _ in 0..<400 {
            var damaged = data
            let offset = Int.random(in: 0..<data.count, using: &generator)
            damaged[offset] ^= UInt8.random(in: 1...255, using: &generator)
            guard let index = TermIndex(snapshot: damaged, key: "k", source: source) else { continue }
            accepted += 1
            for text in Self.texts.prefix(40) {
                _ = index.chineseMatchTrees(in: text)
                _ = index.englishMatchTrees(in: text)
            }
        }
        #expect(accepted < 400)
    }
}

/// A word that is a term of hundreds of concepts (synthetic and real termbases have them:
/// "right", "work") gives a match a large concept set, which rendering questions search
/// instead of scanning; small and large sets must give the same answers.
@Suite struct ManyConceptsPerTermTests {
    static func concepts(sharing count: Int) -> [Concept] {
        var concepts = (0..<count).map { n in
            Concept(id: "c\(n)", languages: [
                LanguageSection(language: .zh, terms: [Term("概念\(n)号")]),
                LanguageSection(language: .en, terms: [Term("right"), Term("entitlement \(n)", status: .admitted)]),
            ])
        }
        concepts.append(Concept(id: "old", languages: [
            LanguageSection(language: .zh, terms: [Term("旧称")]),
            LanguageSection(language: .en, terms: [Term("claim"), Term("right", status: .deprecated)]),
        ]))
        return concepts
    }

    @Test(arguments: [3, 9, 300])
    func renderingsAreFoundEitherWay(sharing count: Int) throws {
        let index = TermIndex(concepts: Self.concepts(sharing: count))
        let analysis = SegmentAnalysis(
            sourceText: "概念1号和旧称", targetText: "The right and the claim, not entitlement 2.", targetIsEnglish: true, index: index)
        #expect(analysis.approvedRenderings(of: ["c1"]).map(\.text) == ["right"])
        #expect(analysis.approvedRenderings(of: ["c2"]).map(\.text) == ["right", "entitlement 2"])
        #expect(analysis.approvedRenderings(of: ["c1", "old"]).map(\.text) == ["right", "claim"])
        #expect(analysis.approvedRenderings(of: ["nothing"]).isEmpty)
        // "right" is rejected for `old`, but approved for c1, which the source names.
        #expect(analysis.rejectedRenderings(of: ["old"]).isEmpty)
        #expect(analysis.sourceConcepts == ["c1", "old"])
        #expect(analysis.allSourceGroups.map(\.concepts) == [["c1"], ["old"]])
        #expect(analysis.allSourceGroups.map { $0.approvedRenderings.map(\.text) } == [["right"], ["claim"]])
        let other = SegmentAnalysis(sourceText: "旧称", targetText: "the right", targetIsEnglish: true, index: index)
        #expect(other.rejectedRenderings(of: ["old"]).map(\.match.text) == ["right"])
    }
}
