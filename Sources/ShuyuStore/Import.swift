import Foundation
import GRDB
import ShuyuModel

/// What to do when an imported concept has the id of one already in the store.
public enum ConflictPolicy: String, Sendable, CaseIterable {
    /// Replace a concept that came from the same source (a re-import); keep one from
    /// another source and report the conflict. The default.
    case auto
    /// Keep the stored concept; skip the imported one.
    case keep
    /// Replace the stored concept by the imported one.
    case replace
    /// Merge: add the imported languages, terms, citations, notes and related concepts the
    /// stored concept lacks; keep what it has.
    case merge
}

/// Counts from one import.
public struct ImportCounts: Sendable, Equatable {
    public var added = 0
    public var replaced = 0
    public var merged = 0
    /// Concepts that would have been replaced or merged by an identical one: left as they
    /// were, position included (a re-import of an unchanged termbase writes nothing).
    public var unchanged = 0
    public var kept = 0
    /// Ids of stored concepts that were kept over an imported one from another source.
    public var conflicts: [String] = []

    public init() {}
}

/// One import, inside one write transaction: concepts are added as a reader produces
/// them, and a file can be wrapped in a savepoint so that a broken file is undone alone.
public final class ImportSession {
    let db: Database
    var conceptWriter: ConceptWriter
    let policy: ConflictPolicy
    var position: Int
    /// What the import did so far.
    public private(set) var counts = ImportCounts()
    /// Whether the concepts still to come should bring their rows worked out: the thread
    /// that prepares them asks (see ``RowPreparation``).
    public let rowPreparation = RowPreparation()

    /// The origin, body and position of a stored concept, by id.
    let findExisting: Statement

    /// Concepts added after which the session defers the store's secondary indexes (see
    /// ``BulkIndexes``): at least this many, and at least as many as the store held.
    let bulkThreshold: Int
    /// The secondary indexes this session dropped, to be made again before it ends; empty
    /// while the indexes are kept up row by row.
    private var deferred: [BulkIndexes.Index] = []
    /// The secondary indexes (and the triggers deferred with them) when the session began.
    private let secondaryIndexes: [BulkIndexes.Index]
    init(db: Database, policy: ConflictPolicy, bulkThreshold: Int = BulkIndexes.threshold) throws {
        self.db = db
        self.policy = policy
        self.conceptWriter = try ConceptWriter(db)
        self.findExisting = try db.cachedStatement(sql: "SELECT COALESCE(origin, ''), body, number FROM concept WHERE id = ?")
        self.position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), -1) + 1 FROM concept") ?? 0
        // Positions only grow: the next one is at least the number of concepts stored.
        self.bulkThreshold = max(bulkThreshold, position)
        self.secondaryIndexes = try BulkIndexes.current(db)
        try db.execute(sql: "PRAGMA cache_size = -\(Self.pageCacheKiB)")
        // Stored pages are read with read(2), not through the memory map: a re-import reads
        // every stored body, and mapped pages would all count as the process's memory (1.2 GB
        // for a million concepts).
        try db.execute(sql: "PRAGMA mmap_size = 0")
    }

    /// The page cache of an import, in KiB. Rows land on random pages of the index tables;
    /// a page evicted after it was written goes to the write-ahead log and is read back from
    /// it with a system call. On a million concepts (bench.py import 1000000, peak memory in
    /// parentheses): 32 MB 144.6 s (130 MB), 64 MB 129.1 s (169 MB), 128 MB 105.9 s (244 MB).
    /// Index builds, which sort in up to the cache's size, get the usual one.
    static let pageCacheKiB = 131_072

    /// The threads SQLite's sorter may start besides the connection's own while it builds
    /// the deferred indexes.
    static let sortHelperThreads = 1

    /// Whether the secondary indexes are deferred at the moment.
    var isDeferringIndexes: Bool { !deferred.isEmpty }

    /// The names of the indexes (and triggers) deferred at the moment.
    var deferredNames: Set<String> { Set(deferred.map(\.name)) }

    /// Makes the deferred indexes again, if any: the store is whole once this returns.
    func finish() throws {
        try restore(deferred)
    }

    /// Makes `indexes` (deferred ones) again.
    private func restore(_ indexes: [BulkIndexes.Index]) throws {
        guard !indexes.isEmpty else { return }
        // Index builds sort in memory up to the page cache's size: the usual one meanwhile.
        try db.execute(sql: "PRAGMA cache_size = -\(TermStore.pageCacheKiB)")
        // And with a second thread: meanwhile the thread that parses waits for this one
        // (the eight indexes of a million concepts: 18.2 -> 15.0 s, and 32 MB more memory;
        // two helper threads saved no more and took 64 MB).
        try db.execute(sql: "PRAGMA threads = \(Self.sortHelperThreads)")
        defer { try? db.execute(sql: "PRAGMA threads = 0") }
        try BulkIndexes.restore(indexes, db)
        deferred.removeAll { indexes.contains($0) }
        conceptWriter.recordsKeys = !deferredNames.contains(BulkIndexes.bodyTrigger)
        try db.execute(sql: "PRAGMA cache_size = -\(Self.pageCacheKiB)")
    }

    /// Before a stored concept is deleted: the delete cascades to its term rows and their
    /// index rows through the indexes on their concept and term ids, so those are made
    /// again first (and kept up from then on); the others stay deferred.
    private func needIndexes() throws {
        try restore(deferred.filter { BulkIndexes.followDeletes.contains($0.name) })
    }

    /// Adds one concept, applying the conflict policy when its id exists.
    public func add(_ concept: Concept) throws {
        try add(PreparedConcept(concept))
    }

    /// Adds a concept prepared beforehand (its body and lookup keys worked out, say on the
    /// thread that parses the file), applying the conflict policy when its id exists.
    public func add(_ prepared: PreparedConcept) throws {
        let concept = prepared.concept
        // Most imported ids are new; a stored one is decoded only when it differs.
        if let existing = try Row.fetchOne(findExisting, arguments: [concept.id]) {
            let existingOrigin: String = existing[0]
            let storedBody: DatabaseValue = existing[1]
            let storedNumber: Int64 = existing[2]
            // Kept and unchanged concepts write no rows.
            var wroteRows = false
            defer { rowPreparation.record(rowsWritten: wroteRows) }
            switch policy {
            case .keep:
                counts.kept += 1
                return
            case .auto where existingOrigin != concept.origin:
                counts.kept += 1
                counts.conflicts.append(concept.id)
                return
            case .merge:
                let stored = try TermStore.decode(id: concept.id, body: storedBody)
                let merged = PreparedConcept(TermStore.merge(stored, with: concept), withRows: false)
                guard !Self.same(storedBody, merged.body) else {
                    counts.unchanged += 1
                    return
                }
                wroteRows = true
                try overwrite(stored, numbered: storedNumber, with: merged)
                counts.merged += 1
            case .replace, .auto:
                // The body encodes the whole concept, origin included: equal bytes, equal concepts.
                guard !Self.same(storedBody, prepared.body) else {
                    counts.unchanged += 1
                    return
                }
                wroteRows = true
                try overwrite(try TermStore.decode(id: concept.id, body: storedBody), numbered: storedNumber, with: prepared)
                counts.replaced += 1
            }
            return
        } else {
            rowPreparation.record(rowsWritten: true)
            try conceptWriter.insert(prepared, position: position)
            counts.added += 1
            if counts.added == bulkThreshold, deferred.isEmpty {
                try BulkIndexes.drop(secondaryIndexes, db)
                deferred = secondaryIndexes
                conceptWriter.recordsKeys = !deferredNames.contains(BulkIndexes.bodyTrigger)
            }
        }
        position += 1
    }

    /// Puts `replacement` in the place of `stored` (same id), keeping its number and its
    /// position in the store. The body is rewritten; of the term rows, only those of terms
    /// that changed: a term whose rows (its text's and its variants') would be the same
    /// keeps them with their index rows, and the others are deleted and added again. Most
    /// changes in a new export of a termbase are a note, a definition or a citation (no
    /// term row changes) or one term of a concept.
    private func overwrite(_ stored: Concept, numbered number: Int64, with replacement: PreparedConcept) throws {
        // Cached statements: preparing one compiles the triggers it fires too.
        try db.cachedStatement(sql: "UPDATE concept SET origin = ?, body = ? WHERE id = ?")
            .execute(arguments: [replacement.concept.origin, replacement.body, replacement.concept.id])
        let before = PreparedConcept(stored, encodeBody: false).formsByTerm
        let after = replacement.formsByTerm
        for index in Set(before.keys).union(after.keys).sorted() {
            let old = before[index] ?? [], new = after[index] ?? []
            guard !PreparedConcept.sameRows(old, new) else { continue }
            if !old.isEmpty {
                // Index rows go with their term rows (ON DELETE CASCADE).
                try needIndexes()
                try db.cachedStatement(sql: "DELETE FROM term WHERE concept_id = ? AND term_index = ?").execute(arguments: [stored.id, index])
            }
            try conceptWriter.insertRows(of: new, conceptID: replacement.concept.id, number: number)
        }
    }

    /// Whether a stored body is `body` (a JSON body, from before the binary encoding, never is).
    private static func same(_ stored: DatabaseValue, _ body: Data) -> Bool {
        if case let .blob(data) = stored.storage { return data == body }
        return false
    }

    /// Records a source's title, description and back matter.
    public func save(_ source: TermbaseSource) throws {
        try TermStore.saveSource(db, source)
    }

    /// Runs `body` in a savepoint: if it throws, what it added is undone (and the counts
    /// restored) while the rest of the import stands.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        let before = (counts, position)
        var result: T?
        do {
            try db.inSavepoint {
                result = try body()
                return .commit
            }
        } catch {
            (counts, position) = before
            // Undoing the savepoint may have brought back indexes it dropped, or dropped
            // again those it made.
            if let missing = try? BulkIndexes.missing(secondaryIndexes, db) { deferred = missing }
            conceptWriter.recordsKeys = !deferredNames.contains(BulkIndexes.bodyTrigger)
            throw error
        }
        return result!
    }
}

extension TermStore {
    /// Runs an import in one write transaction: if `body` throws, nothing it added is
    /// kept and the store is exactly as it was.
    ///
    /// An import that adds at least `bulkThreshold` concepts, and as many as the store held,
    /// drops the store's secondary indexes once it has added that many and makes them again
    /// at the end (see ``BulkIndexes``). Readers never see the store without them.
    public func importSession<T>(policy: ConflictPolicy = .auto, bulkThreshold: Int = BulkIndexes.threshold, _ body: (ImportSession) throws -> T) throws -> T {
        try busyAware {
            try write { db in
                let session = try ImportSession(db: db, policy: policy, bulkThreshold: bulkThreshold)
                // The connection outlives the import: its usual cache and map, whatever happens.
                defer { try? TermStore.tuneReads(db) }
                let result = try body(session)
                try session.finish()
                // Here, not after: the answers read stored concepts, which must not come
                // through the memory map the connection gets back (it would count them all
                // as the process's memory).
                try KeyAnswers.refresh(db)
                return result
            }
        }
    }

    /// `existing` with what `incoming` adds: languages and terms it lacks (by tag and text),
    /// citations, notes, related ids and extras; its own fields win.
    static func merge(_ existing: Concept, with incoming: Concept) -> Concept {
        var result = existing
        result.subject = result.subject ?? incoming.subject
        result.definition = result.definition ?? incoming.definition
        func union(_ a: [String], _ b: [String]) -> [String] { a + b.filter { !a.contains($0) } }
        result.citations = union(result.citations, incoming.citations)
        result.notes = union(result.notes, incoming.notes)
        result.related = union(result.related, incoming.related)
        result.extras += incoming.extras.filter { !result.extras.contains($0) }
        for section in incoming.languages {
            if let index = result.languages.firstIndex(where: { $0.language == section.language }) {
                let known = Set(result.languages[index].terms.map { $0.text.lowercased() })
                result.languages[index].terms += section.terms.filter { !known.contains($0.text.lowercased()) }
                result.languages[index].definition = result.languages[index].definition ?? section.definition
                result.languages[index].extras += section.extras.filter { !result.languages[index].extras.contains($0) }
            } else {
                result.languages.append(section)
            }
        }
        return result
    }

    // MARK: Sources

    static func saveSource(_ db: Database, _ source: TermbaseSource) throws {
        let body = String(decoding: try ConceptWriter.encoder.encode(source), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO source(origin, body) VALUES (?, ?) ON CONFLICT(origin) DO UPDATE SET body = excluded.body
            """, arguments: [source.origin, body])
    }

    /// Every source's record (title, description, back matter), by origin.
    public func sources() throws -> [TermbaseSource] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM source ORDER BY origin").map {
                try JSONDecoder().decode(TermbaseSource.self, from: Data($0.utf8))
            }
        }
    }

    /// Like ``forEachConcept(origins:_:)``, with the reading and decoding on a thread of
    /// its own while `body` runs on this one (an export writes XML as fast as it decodes).
    /// `body` may call ``concept(id:)``. A store in memory reads on this thread: its one
    /// connection cannot serve both.
    public func forEachConceptInBackground(origins: [String] = [], _ body: (Concept) throws -> Void) throws {
        guard writer is DatabasePool else { return try forEachConcept(origins: origins, body) }
        try BatchChannel<Concept, Void>.run(
            produce: { [self] _, add in try forEachConcept(origins: origins, add) },
            consume: { batch, _ in for concept in batch { try body(concept) } })
    }

    /// Concepts in store order whose origin starts with one of `origins` (all when empty),
    /// handed to `body` one at a time so that exports stay in bounded memory.
    ///
    /// The scan reads with plain reads rather than the memory map lookups use: a map makes
    /// every page of the file resident in this process (a gigabyte for a million concepts),
    /// where reads leave them in the kernel's cache.
    public func forEachConcept(origins: [String] = [], _ body: (Concept) throws -> Void) throws {
        try writer.read { db in try Self.forEachConcept(db, origins: origins, body) }
    }

    /// ``forEachConcept(origins:_:)`` on a connection already reading.
    static func forEachConcept(_ db: Database, origins: [String] = [], _ body: (Concept) throws -> Void) throws {
        try db.execute(sql: "PRAGMA mmap_size = 0")
        defer { try? Self.tuneReads(db) }
        var sql = "SELECT id, body FROM concept"
        var arguments: [any DatabaseValueConvertible] = []
        if !origins.isEmpty {
            sql += " WHERE " + origins.map { _ in "origin LIKE ? || '%'" }.joined(separator: " OR ")
            arguments = origins
        }
        sql += " ORDER BY position, id"
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        while let row = try cursor.next() {
            try body(try Self.decode(id: row["id"], body: row["body"]))
        }
    }
}

/// The secondary indexes an import defers. Kept up row by row, they cost a large import
/// most of its time: each row lands on a random page of a tree larger than the page cache.
/// Made again at the end, each is built from sorted keys in one pass. The tables' own
/// keys (and the concept ids that conflicts are found by) are always kept.
///
/// The trigger that gives the store a new content version on every concept inserted is
/// deferred with them, and the version changed once at the end: it made each insert a
/// statement of two writes, which SQLite journals page by page in a temporary file.
public enum BulkIndexes {
    /// Concepts an import adds before it defers the indexes (when the store held fewer).
    public static let threshold = 20_000

    /// The indexes deferred: every one on the concept and lookup tables except the
    /// automatic ones behind primary keys.
    static let tables = ["concept", "term", "term_gram", "term_word", "term_pair"]

    /// The indexes a concept's delete cascades through: from a concept to its terms, and
    /// from a term to its bigram, word and pair rows.
    static let followDeletes: Set<String> = ["term_concept", "term_gram_term", "term_word_term", "term_pair_term"]

    /// The triggers deferred with the indexes: the content version's on inserts, and the
    /// one that records the keys of rewritten bodies, whose stored answers are all worked
    /// out again when it is made again (``KeyAnswers``); meanwhile the session's writer
    /// records no keys either.
    static let triggers = ["concept_inserted", bodyTrigger]

    /// The trigger that records the keys of rewritten bodies.
    static let bodyTrigger = "concept_body_updated"

    /// An index or trigger, as the schema defines it.
    struct Index: Equatable {
        var type: String
        var name: String
        var sql: String
    }

    static func drop(_ indexes: [Index], _ db: Database) throws {
        for index in indexes {
            try db.execute(sql: "DROP \(index.type == "trigger" ? "TRIGGER" : "INDEX") \(index.name.quotedDatabaseIdentifier)")
        }
    }

    /// Makes the indexes again, from their definitions, in one pass over each table, and
    /// gives the store the new content version its trigger would have.
    static func restore(_ indexes: [Index], _ db: Database) throws {
        for index in indexes { try db.execute(sql: index.sql) }
        if indexes.contains(where: { $0.type == "trigger" }) {
            try db.execute(sql: "UPDATE meta SET value = lower(hex(randomblob(16))) WHERE key = 'content_version'")
        }
        if indexes.contains(where: { $0.name == bodyTrigger }) { try KeyAnswers.rebuildAll(db) }
    }

    /// Of `indexes`, those that are not in the store.
    static func missing(_ indexes: [Index], _ db: Database) throws -> [Index] {
        guard !indexes.isEmpty else { return [] }
        let present = Set(try current(db).map(\.name))
        return indexes.filter { !present.contains($0.name) }
    }

    static func current(_ db: Database) throws -> [Index] {
        func placeholders(_ list: [String]) -> String { list.map { _ in "?" }.joined(separator: ", ") }
        return try Row.fetchAll(db, sql: """
            SELECT type, name, sql FROM sqlite_master
            WHERE (type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(placeholders(tables)))) OR (type = 'trigger' AND name IN (\(placeholders(triggers))))
            ORDER BY type, name
            """, arguments: StatementArguments(tables + triggers)).map { Index(type: $0["type"], name: $0["name"], sql: $0["sql"]) }
    }
}

/// Whether an import's concepts should come with their rows worked out beforehand (on the
/// thread that parses them, beside the one that stores): yes while most recent concepts
/// were new or changed, whose rows are written; no while most were unchanged or kept, as in
/// a new export of a termbase already imported, where working out the rows of every
/// concept was a fifth of the parsing thread's time, and that thread sets the pace. A
/// concept that comes without its rows and needs them has them worked out when stored.
public final class RowPreparation: @unchecked Sendable {
    /// The share of recent concepts that wrote rows, in 1/1024ths: a moving average over
    /// about the last 64. It starts at "all": a new import adds concepts. Guarded by `lock`
    /// (an uncontended lock costs tens of nanoseconds a concept; `Atomic` would need macOS 15).
    private var written = 1024
    private let lock = NSLock()

    public init() {}

    /// Whether concepts should come with their rows.
    public var wanted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return written >= 512
    }

    /// Records whether the concept just stored wrote rows (called by the storing thread).
    func record(rowsWritten: Bool) {
        lock.lock()
        defer { lock.unlock() }
        written += (rowsWritten ? 16 : 0) - written / 64
    }
}
