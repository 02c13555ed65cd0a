import Foundation
import GRDB
import ShuyuModel
import ShuyuTestSupport
import Testing
@testable import ShuyuStore

/// The answers stored for keys that many concepts share must be, after every kind of write,
/// exactly what a lookup works out from the rows.
@Suite struct KeyAnswerTests {
    /// What a lookup returns, in a form that can be compared.
    struct Seen: Equatable, CustomStringConvertible {
        var concept: Concept
        var term: Term
        var language: LanguageTag
        var form: String
        var kind: MatchKind

        init(_ match: LookupMatch) {
            (concept, term, language, form, kind) = (match.concept, match.term, match.language, match.matchedForm, match.kind)
        }

        var description: String { "\(concept.id) \(language.value) \(form) \(kind)" }
    }

    /// `count` concepts with `shared` as a term (some rejected, some second in a later
    /// section, one with the term twice in different case), each with a term of its own.
    func concepts(_ prefix: String, count: Int, shared: String, chinese: String, origin: String = "import:shared.tbx",
                  definition: String? = nil) -> [Concept] {
        (0..<count).map { index in
            let status: TermStatus = index % 4 == 0 ? .deprecated : .preferred
            var english = [Term(shared, status: status)]
            if index == 7 { english.append(Term(shared.capitalized, status: .admitted)) }
            return Concept(id: String(format: "\(prefix)%02d", count - index), definition: definition, languages: [
                LanguageSection(language: .zh, terms: [Term(chinese), Term("\(chinese)\(index)号")]),
                LanguageSection(language: .en, terms: [Term("\(prefix) entitlement \(index)")] + english),
            ], origin: origin)
        }
    }

    func lookups(_ store: TermStore, _ query: String, partial: Bool = true) throws -> (stored: [Seen], worked: [Seen]) {
        var plain = LookupOptions(includePartial: partial)
        plain.usesStoredAnswers = false
        return (try store.lookup(query, options: LookupOptions(includePartial: partial)).matches.map(Seen.init),
                try store.lookup(query, options: plain).matches.map(Seen.init))
    }

    /// The keys with a stored answer, and the keys that `KeyAnswers.minimumConcepts` concepts share.
    func answeredKeys(_ store: TermStore) throws -> (stored: [String], shared: [String]) {
        try store.writer.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM key_stale") == 0, "a write left keys to refresh")
            return (
                try String.fetchAll(db, sql: "SELECT exact_key FROM key_answer ORDER BY exact_key"),
                try String.fetchAll(db, sql: """
                    SELECT exact_key FROM term GROUP BY exact_key HAVING count(DISTINCT concept_id) >= \(KeyAnswers.minimumConcepts) ORDER BY exact_key
                    """))
        }
    }

    /// Every term of the store looked up both ways gives the same answer, and the stored
    /// answers are those of the keys many concepts share.
    func expectCurrent(_ store: TermStore, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let keys = try answeredKeys(store)
        #expect(keys.stored == keys.shared, "\(step)", sourceLocation: sourceLocation)
        let texts = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT text FROM term ORDER BY text") }
        for text in texts {
            for partial in [true, false] {
                let (stored, worked) = try lookups(store, text, partial: partial)
                #expect(stored == worked, "\(step): \(text)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func storedAnswersAreTheLookupsTheyStandFor() throws {
        let store = try TermStore()
        try store.upsert(concepts("r", count: 50, shared: "right", chinese: "权利") + concepts("d", count: 12, shared: "duty", chinese: "义务")
                         + concepts("s", count: 4, shared: "duties", chinese: "关税") + concepts("f", count: 3, shared: "duty free", chinese: "免税"))
        let keys = try answeredKeys(store)
        #expect(keys.stored == ["duty", "right", "义务", "权利"])
        #expect(keys.stored == keys.shared)
        for query in ["right", "Right", "RIGHT", "权利", "duty", "Duty", "duties", "义务", "rights", "r entitlement 3", "duty free", "du"] {
            for partial in [true, false] {
                let (stored, worked) = try lookups(store, query, partial: partial)
                #expect(stored == worked, "\(query)")
            }
        }
        // Twenty concepts: the stored answer is the whole lookup.
        let right = try store.writer.read { db in try KeyAnswers.answer(db, key: "right") }
        #expect(right?.map(Seen.init) == (try lookups(store, "right").worked))
        #expect(right?.count == KeyAnswers.size)
        // Twelve: the stored exact matches come first, then the inflected and partial ones.
        let duty = try store.writer.read { db in try KeyAnswers.answer(db, key: "duty") }
        let found = try store.lookup("duty").matches
        #expect(duty?.count == 12 && found.count == 19)
        #expect(found.prefix(12).map(Seen.init) == duty?.map(Seen.init))
        #expect(found.map(\.kind) == Array(repeating: .exact, count: 12) + Array(repeating: .inflected, count: 4) + Array(repeating: .prefix, count: 3))
        #expect(try store.writer.read { db in try KeyAnswers.answer(db, key: "duties") } == nil)
        // Another limit is worked out from the rows.
        #expect(try store.lookup("right", options: LookupOptions(limit: 30)).matches.count == 30)
    }

    /// Each way of writing concepts leaves the answers current: adds, a definition rewritten
    /// with the terms unchanged, terms renamed (deleted and added again), concepts deleted
    /// with their origin, a merge, and a bulk import that works every answer out afresh.
    @Test func everyWriteKeepsTheAnswersCurrent() throws {
        let store = try TermStore()
        let first = concepts("r", count: 30, shared: "right", chinese: "权利")
        try store.upsert(first)
        try expectCurrent(store, "added")

        // A re-import that changes definitions only: the term rows stay, the bodies change.
        let defined = concepts("r", count: 30, shared: "right", chinese: "权利", definition: "changed")
        try store.importSession(policy: .replace) { session in for concept in defined { try session.add(concept) } }
        try expectCurrent(store, "definitions")
        #expect(try store.lookup("right").matches.allSatisfy { $0.concept.definition == "changed" })

        // Twenty-five concepts lose "right" and 权利 to "left" and 左: too few keep them for
        // an answer, and the new keys get one.
        let renamed = defined.enumerated().map { index, concept in
            guard index < 25 else { return concept }
            var concept = concept
            concept.languages[1].terms = concept.languages[1].terms.map { $0.text.lowercased() == "right" ? Term("left") : $0 }
            concept.languages[0].terms[0] = Term("左")
            return concept
        }
        try store.importSession(policy: .replace) { session in for concept in renamed { try session.add(concept) } }
        try expectCurrent(store, "renamed")
        #expect(try answeredKeys(store).stored == ["left", "左"])

        // More concepts with the key from another origin bring the answer back.
        try store.replace(originPrefix: "glossary:", with: concepts("g", count: 12, shared: "right", chinese: "权利", origin: "glossary:more"))
        try expectCurrent(store, "glossary added")
        #expect(try answeredKeys(store).stored == ["left", "right", "左", "权利"])

        // Deleting them by origin (a cascade from concepts to terms) takes it away again.
        try store.replace(originPrefix: "glossary:", with: [])
        try expectCurrent(store, "glossary deleted")
        #expect(try answeredKeys(store).stored == ["left", "左"])

        // A merge gives the renamed concepts "right" and 权利 back beside their new terms.
        try store.importSession(policy: .merge) { session in
            for concept in first.prefix(25) { try session.add(concept) }
        }
        try expectCurrent(store, "merged")
        #expect(try answeredKeys(store).stored == ["left", "right", "左", "权利"])

        // A bulk import: the answers are worked out again at its end, for old keys and new
        // (the "r" concepts replaced lose "left" and 左).
        try store.importSession(bulkThreshold: 5) { session in
            for concept in concepts("t", count: 40, shared: "treaty", chinese: "条约") + concepts("r", count: 30, shared: "right", chinese: "权利") {
                try session.add(concept)
            }
            #expect(session.isDeferringIndexes)
        }
        try expectCurrent(store, "bulk")
        #expect(try answeredKeys(store).stored == ["right", "treaty", "权利", "条约"])
    }

    /// Random writes of every kind on concepts drawn from a small vocabulary (so that keys
    /// cross the size for an answer both ways), the answers checked after each.
    @Test(arguments: [1, 2, 3])
    func randomWritesKeepTheAnswersCurrent(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let english = ["right", "duty", "treaty", "party", "work", "performer"]
        let chinese = ["权利", "义务", "条约", "缔约方", "作品"]
        func concept(_ id: Int, origin: String) -> Concept {
            let statuses: [TermStatus] = [.preferred, .admitted, .deprecated]
            let en = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                Term(english.randomElement(using: &random)!, status: statuses.randomElement(using: &random)!)
            }
            let zh = (0..<Int.random(in: 0...2, using: &random)).map { _ in Term(chinese.randomElement(using: &random)!) }
            return Concept(id: "c\(id)", definition: "d\(Int.random(in: 0...3, using: &random))",
                           languages: [LanguageSection(language: .zh, terms: zh), LanguageSection(language: .en, terms: en)], origin: origin)
        }
        let store = try TermStore()
        var answered: Set<Int> = []
        for step in 0..<24 {
            let ids = (0..<Int.random(in: 1...30, using: &random)).map { _ in Int.random(in: 0..<40, using: &random) }
            switch Int.random(in: 0..<5, using: &random) {
            case 0: try store.upsert(ids.map { concept($0, origin: "import:a.tbx") })
            case 1:
                let policy = ConflictPolicy.allCases.randomElement(using: &random)!
                try store.importSession(policy: policy) { session in for id in ids { try session.add(concept(id, origin: "import:a.tbx")) } }
            case 2:
                try store.importSession(bulkThreshold: 3) { session in for id in ids { try session.add(concept(id + 100, origin: "import:b.tbx")) } }
            case 3: try store.replace(originPrefix: "glossary:", with: Set(ids).sorted().map { concept($0 + 200, origin: "glossary:g") })
            default: try store.replace(originPrefix: "import:b", with: [])
            }
            try expectCurrent(store, "seed \(seed), step \(step)")
            answered.insert(try answeredKeys(store).stored.count)
        }
        // Keys gained and lost their answers on the way.
        #expect(answered.count > 2 && answered.contains(where: { $0 > 0 }), "\(answered.sorted())")
    }

    /// A write that does not end with a refresh (made by hand, say) leaves keys to refresh:
    /// lookups then read the concepts one by one, never an old answer, until the next write.
    @Test func aWriteThatDoesNotRefreshIsNotReadStale() throws {
        let store = try TermStore()
        let stored = concepts("r", count: 25, shared: "right", chinese: "权利")
        try store.upsert(stored)
        let best = try #require(try store.lookup("right").matches.first?.concept)
        var changed = best
        changed.definition = "rewritten by hand"
        try store.writer.write { db in
            try db.execute(sql: "UPDATE concept SET body = ? WHERE id = ?", arguments: [ConceptCodec.encode(changed), changed.id])
        }
        #expect(try store.lookup("right").matches.first?.concept == changed)
        #expect(try store.writer.read { db in try KeyAnswers.answer(db, key: "right") } == nil)
        try store.upsert([])
        #expect(try store.writer.read { db in try KeyAnswers.answer(db, key: "right") }?.first?.concept == changed)
        try expectCurrent(store, "after the next write")
    }

    /// A store from before the answers (v10) gets them when it is opened.
    @Test func aStoreFromBeforeTheAnswersGetsThem() throws {
        let path = Scratch.path("v10.sqlite")
        do {
            let store = try TermStore(path: path)
            try store.upsert(concepts("r", count: 25, shared: "right", chinese: "权利"))
            try store.writer.write { db in
                try db.execute(sql: """
                    DROP TRIGGER term_key_deleted; DROP TRIGGER term_key_updated; DROP TRIGGER concept_body_updated;
                    DROP TABLE key_answer; DROP TABLE key_stale;
                    DELETE FROM grdb_migrations WHERE identifier = 'v11-key-answers';
                    """)
            }
        }
        let store = try TermStore(path: path)
        #expect(try answeredKeys(store).stored == ["right", "权利"])
        try expectCurrent(store, "migrated")
    }

    /// A damaged answer (cut short, or of another format) is derived data: the lookup works
    /// the matches out from the rows instead.
    @Test(arguments: ["substr(answer, 1, 40)", "x'02' || substr(answer, 2)", "answer || x'00'"])
    func aDamagedAnswerIsWorkedOutFromTheRows(damage: String) throws {
        let store = try TermStore()
        try store.upsert(concepts("r", count: 25, shared: "right", chinese: "权利"))
        let expected = try lookups(store, "right").worked
        try store.writer.write { db in
            try db.execute(sql: "UPDATE key_answer SET answer = \(damage) WHERE exact_key = 'right'")
        }
        #expect(try store.writer.read { db in try KeyAnswers.answer(db, key: "right") } == nil)
        #expect(try store.lookup("right").matches.map(Seen.init) == expected)
        #expect(try store.writer.read { db in try KeyAnswers.answer(db, key: "权利") }?.count == KeyAnswers.size)
    }
}

/// A deterministic random number generator (SplitMix64), so that a failing seed repeats.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
