import Foundation
import GRDB
import ShuyuModel
import ShuyuTestSupport
import Testing
@testable import ShuyuStore

/// A large import drops the secondary indexes and makes them again at the end. The store
/// it leaves must be the one a row-by-row import leaves, whatever happens on the way.
@Suite struct BulkImportTests {
    /// Concepts with Chinese and English terms (bigram, word and pair rows), some sharing keys.
    func concepts(_ range: Range<Int>, origin: String = "import:bulk.tbx", note: String? = nil, extraTerm: String? = nil) -> [Concept] {
        range.map { n in
            var concept = Concept(id: "bulk.\(n)", notes: note.map { [$0] } ?? [], origin: origin)
            concept.languages = [
                LanguageSection(language: .zh, terms: [Term("录音制品\(n % 7)号"), Term("网络主权")]),
                LanguageSection(language: .en, terms: [
                    Term("phonogram producer \(n % 5)", variants: ["producers of phonograms \(n % 3)"]), Term("cyber sovereignty", status: .deprecated),
                ] + (extraTerm.map { [Term($0)] } ?? [])),
            ]
            return concept
        }
    }

    /// Every row of the tables the import writes, and the schema, in a stable order.
    func contents(_ store: TermStore) throws -> [String] {
        try store.writer.read { db in
            var rows = try String.fetchAll(db, sql: "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master ORDER BY name")
            rows += try String.fetchAll(db, sql: "SELECT id || ' ' || COALESCE(origin, '') || ' ' || position || ' ' || hex(body) FROM concept ORDER BY id")
            rows += try String.fetchAll(db, sql: """
                SELECT t.concept_id || ' ' || t.term_index || ' ' || COALESCE(v.text, '-') || ' ' || t.text || ' ' || t.status || ' ' || t.exact_key
                FROM term t LEFT JOIN term v ON v.id = t.variant_of ORDER BY 1
                """)
            for (table, key) in [("term_gram", "gram"), ("term_word", "word"), ("term_pair", "first || ' ' || second")] {
                rows += try String.fetchAll(db, sql: "SELECT '\(table) ' || \(key) || ' ' || length || ' ' || t.concept_id || ' ' || t.text FROM \(table) JOIN term t ON t.id = term_id ORDER BY 1")
            }
            // The stored answers of keys many concepts share, worked out from the final rows.
            rows += try String.fetchAll(db, sql: "SELECT 'key_answer ' || exact_key || ' ' || hex(answer) FROM key_answer ORDER BY exact_key")
            rows.append("stale keys: \(try Int.fetchOne(db, sql: "SELECT count(*) FROM key_stale") ?? -1)")
            rows.append(try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "")
            rows.append("foreign key violations: \(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count)")
            // Lookup reads a term's concept by the number the term holds.
            let misnumbered = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM term t LEFT JOIN concept c ON c.number = t.concept_number WHERE c.id IS NOT t.concept_id
                """)
            #expect(misnumbered == 0)
            return rows
        }
    }

    func newStore() throws -> TermStore {
        try TermStore(path: Scratch.path("bulk.sqlite"))
    }

    /// Imports `batches` in one session, one savepoint each, with `threshold`.
    func load(_ store: TermStore, _ batches: [[Concept]], threshold: Int, policy: ConflictPolicy = .auto, deferred: inout [Bool]) throws {
        var seen: [Bool] = []
        try store.importSession(policy: policy, bulkThreshold: threshold) { session in
            for batch in batches {
                try session.savepoint {
                    for concept in batch { try session.add(concept) }
                }
                seen.append(session.isDeferringIndexes)
            }
        }
        deferred = seen
    }

    @Test func aBulkImportLeavesTheStoreARowByRowImportLeaves() throws {
        let (bulk, plain) = (try newStore(), try newStore())
        var deferred: [Bool] = []
        try load(bulk, [concepts(0..<30)], threshold: 10, deferred: &deferred)
        #expect(deferred == [true])
        try load(plain, [concepts(0..<30)], threshold: .max, deferred: &deferred)
        #expect(deferred == [false])
        let rows = try contents(bulk)
        #expect(rows == (try contents(plain)))
        #expect(rows.contains { $0.hasPrefix("index term_exact") })
        #expect(try bulk.lookup("网络主权").matches.count == 20)
        #expect(try bulk.lookup("producer 3").matches.map(\.concept.id).contains("bulk.8"))
    }

    @Test func aBulkImportGivesTheStoreANewContentVersion() throws {
        let store = try newStore()
        func version() throws -> String? { try store.metadata("content_version") }
        let before = try version()
        var versions: [String?] = []
        try store.importSession(bulkThreshold: 10) { session in
            for concept in concepts(0..<30) {
                try session.add(concept)
                versions.append(try String.fetchOne(session.db, sql: "SELECT value FROM meta WHERE key = 'content_version'"))
            }
        }
        // Each insert changes it while the trigger is in place, none while it is deferred,
        // and the end of the import changes it once more.
        #expect(Set(versions.prefix(9)).count == 9 && versions[9] == versions[29])
        #expect(try version() != versions[29] && (try version()) != before)
        // Inserted later, outside any import, a concept changes it again: the trigger is back.
        let after = try version()
        try store.upsert(concepts(100..<101))
        #expect(try version() != after)
    }

    @Test func aReplacedConceptBringsBackTheIndexesItsDeleteFollows() throws {
        let (bulk, plain) = (try newStore(), try newStore())
        // The second batch repeats ids of the first (same origin, a term renamed: replaced,
        // its old rows deleted) after new ones; the third changes notes only, which leaves
        // the term rows alone.
        let renamed = concepts(3..<6).map { concept in
            var concept = concept
            concept.languages[1].terms[1] = Term("neighbouring rights", status: .deprecated)
            return concept
        }
        let batches = [concepts(0..<30), concepts(30..<35) + renamed, concepts(7..<9, note: "changed")]
        var deferred: [Set<String>] = []
        try bulk.importSession(bulkThreshold: 10) { session in
            for batch in batches {
                try session.savepoint { for concept in batch { try session.add(concept) } }
                deferred.append(session.deferredNames)
            }
        }
        var ignored: [Bool] = []
        try load(plain, batches, threshold: .max, deferred: &ignored)
        #expect(try contents(bulk) == (try contents(plain)))
        #expect(deferred[0].isSuperset(of: BulkIndexes.followDeletes) && deferred[0].contains("term_exact"))
        // The delete needed the indexes from concepts to terms and from terms to their rows;
        // the lookup indexes stay deferred to the end.
        #expect(deferred[1] == deferred[0].subtracting(BulkIndexes.followDeletes) && deferred[2] == deferred[1])
        #expect(deferred[1].contains("term_exact") && deferred[1].contains("concept_inserted") && deferred[1].contains(BulkIndexes.bodyTrigger))
        #expect(try bulk.lookup("neighbouring rights").matches.count == 3)
    }

    @Test func aConceptWhoseTermsStayIsRewrittenWithoutTheIndexes() throws {
        let (bulk, plain) = (try newStore(), try newStore())
        let batches = [concepts(0..<30), concepts(3..<6, note: "changed")]
        var deferred: [Bool] = []
        try load(bulk, batches, threshold: 10, deferred: &deferred)
        #expect(deferred == [true, true])
        try load(plain, batches, threshold: .max, deferred: &deferred)
        #expect(try contents(bulk) == (try contents(plain)))
        #expect(try bulk.concept(id: "bulk.4")?.notes == ["changed"])
    }

    @Test func anUndoneFileKeepsTheIndexesRight() throws {
        let (bulk, plain) = (try newStore(), try newStore())
        var ignored: [Bool] = []
        try load(plain, [concepts(0..<5)], threshold: .max, deferred: &ignored)
        var deferred: [Bool] = []
        try bulk.importSession(bulkThreshold: 10) { session in
            for concept in concepts(0..<5) { try session.add(concept) }
            // A file that fails after the indexes were dropped is undone, drop included.
            #expect(throws: CancellationError.self) {
                try session.savepoint {
                    for concept in concepts(100..<120) { try session.add(concept) }
                    deferred.append(session.isDeferringIndexes)
                    throw CancellationError()
                }
            }
            deferred.append(session.isDeferringIndexes)
        }
        #expect(deferred == [true, false])
        #expect(try contents(bulk) == (try contents(plain)))
    }

    @Test func aFailedBulkImportLeavesTheStoreAsItWas() throws {
        let store = try newStore()
        var ignored: [Bool] = []
        try load(store, [concepts(0..<3)], threshold: .max, deferred: &ignored)
        let before = try contents(store)
        #expect(throws: CancellationError.self) {
            try store.importSession(bulkThreshold: 10) { session in
                for concept in concepts(3..<40) { try session.add(concept) }
                #expect(session.isDeferringIndexes)
                throw CancellationError()
            }
        }
        #expect(try contents(store) == before)
        #expect(try pageCache(store) == -TermStore.pageCacheKiB)
    }

    /// The writing connection's page cache size (negative: in KiB).
    func pageCache(_ store: TermStore) throws -> Int {
        try store.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? 0 }
    }

    @Test func theImportsCacheAndMapLastOnlyAsLongAsTheImport() throws {
        let store = try newStore()
        func settings(_ db: Database) throws -> [Int] {
            [try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? 0, try Int.fetchOne(db, sql: "PRAGMA mmap_size") ?? 0]
        }
        let usual = try store.writer.writeWithoutTransaction(settings)
        var during: [[Int]] = []
        try store.importSession(bulkThreshold: 10) { session in
            for concept in concepts(0..<30) {
                try session.add(concept)
                during.append(try settings(session.db))
            }
        }
        #expect(usual == [-TermStore.pageCacheKiB, 1 << 30])
        #expect(Set(during) == [[-ImportSession.pageCacheKiB, 0]])
        #expect(try store.writer.writeWithoutTransaction(settings) == usual)
    }

    @Test func theThresholdIsAtLeastTheStoresSize() throws {
        let store = try newStore()
        var ignored: [Bool] = []
        try load(store, [concepts(0..<30)], threshold: .max, deferred: &ignored)
        var deferred: [Bool] = []
        // 20 more concepts into a store of 30 (and its glossary): too few to rebuild for.
        try load(store, [concepts(100..<120)], threshold: 10, deferred: &deferred)
        #expect(deferred == [false])
    }
}

extension BulkImportTests {
    /// A re-import rewrites the rows of the terms that changed and keeps the others, and
    /// leaves the rows a fresh import of the new concepts leaves: terms renamed, a status
    /// changed, a term dropped (the later ones move up), a term and a variant added.
    @Test(arguments: [ConflictPolicy.replace, .auto])
    func aReimportRewritesOnlyTheTermsThatChanged(policy: ConflictPolicy) throws {
        let first = concepts(0..<12)
        var revised = first
        for n in revised.indices {
            switch n % 4 {
            case 0: revised[n].languages[1].terms[0] = Term("phonogram maker \(n)", variants: ["makers of phonograms \(n)"])
            case 1: revised[n].languages[0].terms.removeLast()
            case 2:
                revised[n].languages[1].terms[1].status = .admitted
                revised[n].languages[0].terms[0].variants = ["录音品\(n)"]
            default: revised[n].languages[1].terms.append(Term("sound recording", status: .deprecated))
            }
        }
        let (reimported, fresh) = (try newStore(), try newStore())
        var deferred: [Bool] = []
        try load(reimported, [first], threshold: 100, deferred: &deferred)
        func termIDs(_ store: TermStore) throws -> [String: Int64] {
            try store.writer.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT concept_id || '/' || term_index || '/' || text AS k, id FROM term").map { ($0["k"], $0["id"]) })
            }
        }
        let before = try termIDs(reimported)
        try load(reimported, [revised], threshold: 100, policy: policy, deferred: &deferred)
        try load(fresh, [revised], threshold: 100, deferred: &deferred)
        #expect(try contents(reimported) == contents(fresh))
        // Terms that did not change kept their rows; changed ones have new rows.
        let after = try termIDs(reimported)
        #expect(after["bulk.3/0/录音制品3号"] == before["bulk.3/0/录音制品3号"])
        #expect(after["bulk.0/0/录音制品0号"] == before["bulk.0/0/录音制品0号"])
        #expect(after["bulk.0/3/cyber sovereignty"] == before["bulk.0/3/cyber sovereignty"])
        #expect(after["bulk.2/3/cyber sovereignty"] != nil && after["bulk.2/3/cyber sovereignty"] != before["bulk.2/3/cyber sovereignty"])
        #expect(after["bulk.1/1/phonogram producer 1"] != nil && before["bulk.1/2/phonogram producer 1"] != nil)
        #expect(try reimported.lookup("sound recording").matches.map(\.concept.id).sorted() == ["bulk.11", "bulk.3", "bulk.7"])
        #expect(try reimported.lookup("录音品2").matches.map(\.concept.id) == ["bulk.2"])
    }

    /// Concepts that come without their rows (prepared while most concepts were unchanged)
    /// have them worked out when stored: new ones and changed ones alike leave the store an
    /// import with every row prepared leaves.
    @Test func conceptsWithoutTheirRowsLeaveTheSameStore() throws {
        let (deferredRows, prepared) = (try newStore(), try newStore())
        let first = concepts(0..<30)
        var revised = first
        revised[4].languages[1].terms[0] = Term("phonogram maker", variants: ["makers of phonograms"])
        revised[9].languages[0].terms.removeLast()
        for batch in [first, revised] {
            _ = try deferredRows.importSession(bulkThreshold: 10) { session in
                for concept in batch { try session.add(PreparedConcept(concept, withRows: false)) }
            }
            _ = try prepared.importSession(bulkThreshold: 10) { session in
                for concept in batch { try session.add(PreparedConcept(concept, withRows: true)) }
            }
            #expect(try contents(deferredRows) == contents(prepared))
        }
        #expect(try deferredRows.lookup("phonogram maker").matches.map(\.concept.id) == ["bulk.4"])
    }

    /// The session asks for rows while concepts write them, and stops asking while most
    /// come unchanged (a new export of a termbase already imported), and asks again when
    /// new concepts come.
    @Test func rowsAreAskedForWhileTheyAreWritten() throws {
        let store = try newStore()
        var asked: [Bool] = []
        for batch in [concepts(0..<200), concepts(0..<300)] {
            _ = try store.importSession { session in
                for concept in batch {
                    try session.add(concept)
                    asked.append(session.rowPreparation.wanted)
                }
            }
        }
        #expect(asked[..<200].allSatisfy { $0 }, "a first import writes every concept's rows")
        #expect(asked[200..<250].contains(true) && asked[250..<400].allSatisfy { !$0 }, "the same concepts again write none")
        #expect(asked[400..<420].contains(false) && asked[460...].allSatisfy { $0 }, "new ones after them do")
    }
}

/// Re-importing a concept identical to the stored one writes nothing.
@Suite struct UnchangedImportTests {
    func concept(_ n: Int, note: String? = nil) -> Concept {
        var concept = Concept(id: "same.\(n)", origin: "import:same.tbx")
        concept.languages = [
            LanguageSection(language: .zh, terms: [Term("录音制品\(n)")]), LanguageSection(language: .en, terms: [Term("phonogram \(n)")]),
        ]
        if let note { concept.notes = [note] }
        return concept
    }

    func positions(_ store: TermStore) throws -> [String] {
        try store.writer.read { db in try String.fetchAll(db, sql: "SELECT id || '@' || position FROM concept WHERE id LIKE 'same.%' ORDER BY position") }
    }

    @Test(arguments: [ConflictPolicy.auto, .replace, .merge])
    func anIdenticalConceptIsLeftAsItWas(policy: ConflictPolicy) throws {
        let store = try TermStore(path: Scratch.path("same.sqlite"))
        _ = try store.importSession { session in for n in 0..<4 { try session.add(concept(n)) } }
        let (order, version) = (try positions(store), try store.metadata("content_version"))
        // The same concepts in another order: one with a changed note (its term rows stay
        // as they are), one with a changed term.
        var renamed = concept(1)
        renamed.languages[1].terms = [Term("sound recording 1")]
        let counts = try store.importSession(policy: policy) { session in
            for changed in [concept(3), renamed, concept(0), concept(2, note: "changed")] { try session.add(changed) }
            return session.counts
        }
        #expect(counts.unchanged == 2 && counts.added == 0)
        #expect(policy == .merge ? counts.merged == 2 : counts.replaced == 2)
        // Every concept keeps its place in the store.
        #expect(try positions(store) == order)
        #expect(try store.concept(id: "same.2")?.notes == ["changed"])
        #expect(try store.metadata("content_version") != version)
        // The index rows follow: the new term is found (merged, the old one stays too).
        #expect(try store.lookup("sound recording 1").matches.map(\.concept.id) == ["same.1"])
        #expect(try store.lookup("phonogram 1").matches.map(\.concept.id) == (policy == .merge ? ["same.1"] : []))
        #expect(try store.lookup("phonogram 2").matches.map(\.concept.id) == ["same.2"])
        // Nothing changed at all: the content version (and with it the matcher snapshot) stands.
        let unchanged = try store.metadata("content_version")
        let again = try store.importSession(policy: policy) { session in
            for n in [0, 2, 3] { try session.add(concept(n, note: n == 2 ? "changed" : nil)) }
            try session.add(renamed)
            return session.counts
        }
        #expect(again.unchanged == 4)
        #expect(try store.metadata("content_version") == unchanged)
    }
}
