import Foundation
import GRDB
import ShuyuGlossary
import ShuyuMatching
import ShuyuModel

/// Errors from the term store.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// The store was written by a newer version of Shuyu, whose schema this one does not know.
    case newerSchema(path: String)
    /// The store could not be opened or read.
    case cannotOpen(path: String, reason: String)
    /// A concept in the store could not be decoded.
    case corruptConcept(id: String, reason: String)
    /// Another process kept writing to the store for longer than this one would wait.
    case busy(path: String, seconds: Int)

    public var description: String {
        switch self {
        case let .newerSchema(path):
            return "\(path): this store was made by a newer version of Shuyu; upgrade Shuyu or rebuild the store"
        case let .cannotOpen(path, reason):
            return "\(path): cannot open the term store: \(reason)"
        case let .corruptConcept(id, reason):
            return "concept '\(id)' in the store cannot be read: \(reason)"
        case let .busy(path, seconds):
            return "\(path): another process (an import or a rebuild) has been writing to the store for \(seconds) s; nothing was changed, try again when it has finished"
        }
    }
}

/// The SQLite term store: concepts with every index that lookup and matching need.
///
/// A concept is stored whole (so that nothing a source carried is lost) in a compact
/// binary encoding (``ConceptCodec``; stores from before it hold JSON, which still reads),
/// under a stable number (its INTEGER PRIMARY KEY), and each of its terms, and each term's
/// listed variants, as a row of the `term` table with two keys: `exact_key` (folded text)
/// and `match_key` (inflection-insensitive, for English), each indexed in the order lookup
/// ranks, with every column lookup reads and the concept's number in the index, so that an
/// exact lookup reads the index and then each concept by number. A character-bigram index of Chinese
/// terms in `term_gram`, ordered by key length, answers substring queries of two
/// characters or more, including two-character ones (录音, 主权) that SQLite's FTS5
/// trigram tokenizer cannot; a word index of other terms in `term_word` answers word and
/// word-prefix queries ("producer", "phono"), and an index of their neighbouring word pairs
/// in `term_pair` queries of several words ("right of pe").
///
/// Writes are transactions: a failed load leaves the store as it was.
public final class TermStore: Sendable {
    let writer: any DatabaseWriter
    /// The path of the database file, or `:memory:`.
    public let path: String

    /// How long a writer waits for another process's write to finish, in seconds.
    public let busyLimit: Int

    /// Whether the store was opened read-only.
    public let isReadOnly: Bool

    /// Opens an existing store read-only, without taking any lock: for lookups and other
    /// readers while an import writes. Returns nil when the store is missing or needs a
    /// migration or reindexing (which take a writable store).
    public static func openReadOnly(path: String) -> TermStore? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try? TermStore(path: path, readOnly: true)
    }

    private init(path: String, readOnly: Bool) throws {
        self.path = path
        self.busyLimit = 0
        self.isReadOnly = true
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase(Self.tuneReads)
        writer = try DatabasePool(path: path, configuration: configuration)
        let migrator = StoreSchema.migrator
        let (superseded, completed, version) = try writer.read { db in
            (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db),
             try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'index.version'"))
        }
        if superseded { throw StoreError.newerSchema(path: path) }
        guard completed, version == Self.indexVersion else { throw StoreError.cannotOpen(path: path, reason: "needs migrating") }
    }

    /// Reads through a memory map rather than read(2) calls (a lookup touches a few pages of
    /// a large file: copying them from the kernel cost more than the search), and a page
    /// cache large enough to keep the indexes' upper levels.
    @Sendable static func tuneReads(_ db: Database) throws {
        try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        try db.execute(sql: "PRAGMA cache_size = -\(pageCacheKiB)")
    }

    /// Each connection's page cache, in KiB.
    static let pageCacheKiB = 32_000

    /// Opens (creating if needed) the store at `path`, in WAL mode, and migrates its schema.
    ///
    /// Readers never wait (WAL). A writer that finds another process writing — two imports
    /// at once — waits for it, up to `busyLimit` seconds, calling `onWait` once after a
    /// second so that the user can be told; then it gives up with ``StoreError/busy(path:seconds:)``.
    ///
    /// A store an earlier Shuyu made is brought up to date in place, once: `onUpgrade` is
    /// called before that starts (it can take a while: 24 s for a million concepts).
    ///
    /// - Throws: ``StoreError/newerSchema(path:)`` when a newer Shuyu made the store.
    public init(path: String, busyLimit: Int = 600, onWait: (@Sendable () -> Void)? = nil, onUpgrade: (@Sendable () -> Void)? = nil) throws {
        self.path = path
        self.busyLimit = busyLimit
        self.isReadOnly = false
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        // SQLite calls the handler again and again while the lock is held; sleep between calls.
        configuration.busyMode = .callback { retries in
            if retries == 100 { onWait?() }
            usleep(10_000)
            return retries < busyLimit * 100
        }
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try Self.tuneReads(db)
        }
        do {
            self.writer = try DatabasePool(path: path, configuration: configuration)
            try Self.migrate(writer, path: path, onUpgrade: onUpgrade)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw StoreError.busy(path: path, seconds: busyLimit)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// An empty store in memory, for tests and one-off work.
    public init() throws {
        self.path = ":memory:"
        self.busyLimit = 0
        self.isReadOnly = false
        self.writer = try DatabaseQueue()
        try Self.migrate(writer, path: path)
    }

    /// The version of the lookup keys (`exact_key`, `match_key`, bigrams). Bump it whenever
    /// the folding or inflection functions change: stores rebuild their index rows from the
    /// concepts they hold the next time they are opened.
    public static let indexVersion = "4"

    static func migrate(_ writer: any DatabaseWriter, path: String, onUpgrade: (@Sendable () -> Void)? = nil) throws {
        let migrator = StoreSchema.migrator
        // Reads first: a store that is up to date is opened without writing, so that lookups
        // never wait behind an import that holds the write lock.
        let (superseded, completed) = try writer.read { db in (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db)) }
        if superseded { throw StoreError.newerSchema(path: path) }
        let current = try writer.read { db in try? String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'index.version'") }
        // Keys from a newer Shuyu's folding are not rebuilt with this one's: the newer one
        // would rebuild them again (six minutes each way for a million concepts).
        if let stored = current.flatMap({ Int($0) }), let own = Int(indexVersion), stored > own {
            throw StoreError.newerSchema(path: path)
        }
        guard !completed || current != indexVersion else { return }
        // A store with nothing applied is new, not upgraded.
        if try writer.read({ db in try !migrator.appliedIdentifiers(db).isEmpty }) { onUpgrade?() }
        // A migration or a rebuild reads the whole store: with plain reads, not through the
        // memory map, whose pages would all count as this process's memory (1.1 GB when a
        // million concepts got their numbers, v10).
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA mmap_size = 0") }
        defer { try? writer.writeWithoutTransaction { db in try tuneReads(db) } }
        if !completed { try migrator.migrate(writer) }
        if try writer.read({ db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'index.version'") }) != indexVersion {
            try writer.write { db in
                try db.execute(sql: "DELETE FROM term_gram; DELETE FROM term_word; DELETE FROM term_pair; DELETE FROM term")
                var writer = try ConceptWriter(db)
                // Every key changes hands: every answer is worked out again below.
                writer.recordsKeys = false
                let rewrite = try db.makeStatement(sql: "UPDATE concept SET body = ? WHERE id = ?")
                // A thousand concepts at a time, in number order: a million bodies held at once
                // took 1.9 GB, and a cursor must not run over rows being rewritten.
                let chunk = try db.makeStatement(sql: "SELECT number, id, body FROM concept WHERE number > ? ORDER BY number LIMIT 1000")
                var after: Int64 = .min
                while true {
                    let rows = try Row.fetchAll(chunk, arguments: [after])
                    guard let last = rows.last else { break }
                    after = last["number"]
                    for row in rows {
                        let body: DatabaseValue = row["body"]
                        let concept = try decode(id: row["id"], body: body)
                        try writer.insertIndex(concept, number: row["number"])
                        // Bodies from before the binary encoding are rewritten in it.
                        if case .string = body.storage { try rewrite.execute(arguments: [ConceptCodec.encode(concept), concept.id]) }
                    }
                }
                try KeyAnswers.rebuildAll(db)
                try setMetadata(db, "index.version", indexVersion)
            }
        }
    }

    // MARK: Metadata

    /// A value from the store's metadata table.
    public func metadata(_ key: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    /// Sets a value in the store's metadata table.
    public func setMetadata(_ key: String, _ value: String?) throws {
        try write { db in try Self.setMetadata(db, key, value) }
    }

    static func setMetadata(_ db: Database, _ key: String, _ value: String?) throws {
        if let value {
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key])
        }
    }

    // MARK: Writing

    /// Replaces every concept whose origin starts with `originPrefix` by `concepts`, in one
    /// transaction; `extra` runs inside the same transaction (to record a fingerprint).
    public func replace(originPrefix: String, with concepts: [Concept], extra: (@Sendable (Database) throws -> Void)? = nil) throws {
        try busyAware {
        try write { db in
            try Self.deleteConcepts(db, originPrefix: originPrefix)
            let writer = try ConceptWriter(db)
            for (position, concept) in concepts.enumerated() {
                // An import may have taken over a glossary concept's id: the glossary wins.
                try db.cachedStatement(sql: "DELETE FROM concept WHERE id = ?").execute(arguments: [concept.id])
                try writer.insert(concept, position: position)
            }
            try extra?(db)
        }
        }
    }

    /// Runs `body` in a write transaction that ends with the stored answers brought up to date
    /// (``KeyAnswers/refresh(_:)``): every write of concepts goes through here.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.write { db in
            let result = try body(db)
            try KeyAnswers.refresh(db)
            return result
        }
    }

    /// Runs a write, turning "database is locked" after the wait into ``StoreError/busy(path:seconds:)``.
    func busyAware<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw StoreError.busy(path: path, seconds: busyLimit)
        }
    }

    /// Inserts or replaces `concepts` (by id), in one transaction.
    public func upsert(_ concepts: [Concept]) throws {
        try write { db in
            let writer = try ConceptWriter(db)
            var position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), -1) + 1 FROM concept") ?? 0
            for concept in concepts {
                try db.cachedStatement(sql: "DELETE FROM concept WHERE id = ?").execute(arguments: [concept.id])
                try writer.insert(concept, position: position)
                position += 1
            }
        }
    }

    static func deleteConcepts(_ db: Database, originPrefix: String) throws {
        // The `term` and `term_gram` rows go with their concept (ON DELETE CASCADE).
        let escaped = originPrefix.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        try db.execute(sql: "DELETE FROM concept WHERE origin LIKE ? ESCAPE '\\'", arguments: [escaped + "%"])
    }

    // MARK: Reading

    /// The number of concepts in the store.
    public func conceptCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM concept") ?? 0 }
    }

    /// The number of terms (variants not counted) in the store.
    public func termCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM term WHERE variant_of IS NULL") ?? 0 }
    }

    /// The concept with identifier `id`, if any.
    ///
    /// It may be called from inside ``forEachConcept(origins:_:)``'s body (an export asks for
    /// the targets of cross-references while it reads): it then reads on the same connection.
    public func concept(id: String) throws -> Concept? {
        try writer.unsafeReentrantRead { db in try Self.concept(db, id: id) }
    }

    /// Every concept, in store order (glossary order, then imports).
    public func allConcepts() throws -> [Concept] {
        var concepts: [Concept] = []
        try forEachConcept { concepts.append($0) }
        return concepts
    }

    static func concept(_ db: Database, id: String) throws -> Concept? {
        try concept(id: id, from: RowReader(db, sql: byID))
    }

    /// The concepts `ids`, in their order (nil for those not stored), with one statement.
    static func concepts(_ db: Database, ids: [String]) throws -> [Concept?] {
        let reader = try RowReader(db, sql: byID)
        return try ids.map { try concept(id: $0, from: reader) }
    }

    private static let byID = "SELECT body FROM concept WHERE id = ?"

    private static func concept(id: String, from reader: RowReader) throws -> Concept? {
        var found: Concept?
        try reader.rows(id) { row in
            found = try decodeBody(row, id: id)
            return false
        }
        return found
    }

    /// The concept `id`, read by its `number` (a term row's `concept_number`): one B-tree
    /// descent where the id takes two. By the id when the number does not name it.
    static func concept(_ db: Database, number: Int64?, id: String) throws -> Concept? {
        if let number {
            var found: Concept?
            try RowReader(db, sql: "SELECT body FROM concept WHERE number = ? AND id = ?").rows(number, id) { row in
                found = try decodeBody(row, id: id)
                return false
            }
            if let found { return found }
        }
        return try concept(db, id: id)
    }

    /// The body in the first column of `row`, decoded from SQLite's own buffer (no copy).
    private static func decodeBody(_ row: RowReader.Columns, id: String) throws -> Concept {
        guard row.isBlob(0) else { return try decode(id: id, body: row.text(0).databaseValue) }
        return try row.withBytes(0) { bytes in
            do { return try ConceptCodec.decode(bytes) } catch {
                throw StoreError.corruptConcept(id: id, reason: "\(error)")
            }
        }
    }

    /// One decoder for every JSON body (making one per call costs more than decoding).
    private static let decoder = JSONDecoder()

    /// A concept body: binary (``ConceptCodec``), or JSON text as stores before it wrote.
    static func decode(id: String, body: DatabaseValue) throws -> Concept {
        do {
            switch body.storage {
            case .blob(let data): return try ConceptCodec.decode(data)
            case .string(let text): return try decoder.decode(Concept.self, from: Data(text.utf8))
            default: throw ConceptCodec.Failure.badValue("a body that is neither binary nor text")
            }
        } catch {
            throw StoreError.corruptConcept(id: id, reason: "\(error)")
        }
    }

    /// Runs `body` in a read transaction, for lookups: what it reads is one state of the
    /// store, even while an import commits.
    ///
    /// GRDB's `read` does the same, but prepares its `BEGIN` and `COMMIT` afresh on every
    /// call (about 5 µs of the 115 a lookup of twenty concepts took). Here the two
    /// statements come from the connection's cache and are stepped directly
    /// (``RowReader``). A body that throws still ends the transaction, so that the pooled
    /// connection never keeps an old snapshot.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.unsafeRead { db in
            // Already inside a transaction (a caller's): its snapshot is the one to read.
            guard !db.isInsideTransaction else { return try body(db) }
            try RowReader(db, sql: "BEGIN DEFERRED").run()
            let result: T
            do { result = try body(db) } catch {
                try? RowReader(db, sql: "ROLLBACK").run()
                throw error
            }
            try RowReader(db, sql: "COMMIT").run()
            return result
        }
    }
}

/// Inserts concepts with their index rows, reusing prepared statements.
struct ConceptWriter {
    let db: Database
    let insertConcept: RowInserter
    let insertTerm: RowInserter
    let insertGram: RowInserter
    let insertWord: RowInserter
    let insertPair: RowInserter
    let recordKey: RowInserter
    /// Whether the keys of the term rows added are recorded for their stored answers
    /// (``KeyAnswers``): always, except in an import that works every answer out again at
    /// its end. Term rows are added here and nowhere else, so that none goes unrecorded.
    var recordsKeys = true
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    init(_ db: Database) throws {
        self.db = db
        insertConcept = try RowInserter(db, sql: "INSERT INTO concept(id, origin, position, body) VALUES (?, ?, ?, ?)")
        insertTerm = try RowInserter(db, sql: """
            INSERT INTO term(concept_id, term_index, variant_of, lang, is_chinese, text, status, exact_key, match_key, case_sensitive, concept_number)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertGram = try RowInserter(db, sql: "INSERT OR IGNORE INTO term_gram(gram, length, term_id) VALUES (?, ?, ?)")
        insertWord = try RowInserter(db, sql: "INSERT OR IGNORE INTO term_word(word, length, term_id) VALUES (?, ?, ?)")
        insertPair = try RowInserter(db, sql: "INSERT OR IGNORE INTO term_pair(first, second, length, term_id) VALUES (?, ?, ?, ?)")
        recordKey = try RowInserter(db, sql: "INSERT OR IGNORE INTO key_stale(exact_key) VALUES (?)")
    }

    func insert(_ concept: Concept, position: Int) throws {
        try insert(PreparedConcept(concept), position: position)
    }

    /// Inserts a concept whose body and lookup keys were worked out beforehand (an import
    /// prepares them on its parsing thread).
    func insert(_ prepared: PreparedConcept, position: Int) throws {
        let concept = prepared.concept
        insertConcept.bind(1, concept.id)
        insertConcept.bind(2, concept.origin)
        insertConcept.bind(3, position)
        insertConcept.bind(4, prepared.body)
        try insertConcept.run()
        try insertIndex(prepared, number: db.lastInsertedRowID)
    }

    /// The lookup rows of a concept already in the `concept` table, under its `number`.
    func insertIndex(_ concept: Concept, number: Int64) throws {
        try insertIndex(PreparedConcept(concept, encodeBody: false), number: number)
    }

    private func insertIndex(_ prepared: PreparedConcept, number: Int64) throws {
        try insertRows(of: prepared.forms[...], conceptID: prepared.concept.id, number: number)
    }

    /// The `term` rows of `forms` (whole terms: each term's text before its variants) and
    /// their index rows, for the concept `conceptID` numbered `number`.
    func insertRows(of forms: ArraySlice<PreparedConcept.Form>, conceptID: String, number: Int64) throws {
        var termID: Int64 = 0
        for form in forms {
            insertTerm.bind(1, conceptID)
            insertTerm.bind(2, form.index)
            if form.isVariant { insertTerm.bind(3, termID) } else { insertTerm.bindNull(3) }
            insertTerm.bind(4, form.language)
            insertTerm.bind(5, form.chinese)
            insertTerm.bind(6, form.text)
            insertTerm.bind(7, form.status)
            insertTerm.bind(8, form.exact)
            insertTerm.bind(9, form.match)
            insertTerm.bind(10, form.caseSensitive)
            insertTerm.bind(11, number)
            try insertTerm.run()
            let id = db.lastInsertedRowID
            if recordsKeys {
                recordKey.bind(1, form.exact)
                try recordKey.run()
            }
            if !form.isVariant { termID = id }
            if form.chinese {
                for gram in form.grams { try insertRanked(insertGram, gram, form.length, id) }
            } else {
                for word in form.grams { try insertRanked(insertWord, word, form.length, id) }
                for pair in form.pairs {
                    insertPair.bind(1, pair.first)
                    insertPair.bind(2, pair.second)
                    insertPair.bind(3, form.length)
                    insertPair.bind(4, id)
                    try insertPair.run()
                }
            }
        }
    }

    /// A bigram or word row: the key, its term's length, the term.
    private func insertRanked(_ insert: RowInserter, _ key: String, _ length: Int, _ termID: Int64) throws {
        insert.bind(1, key)
        insert.bind(2, length)
        insert.bind(3, termID)
        try insert.run()
    }
}

/// A concept with its stored body and the rows of its lookup index worked out: pure work,
/// done wherever is convenient before the rows are written.
public struct PreparedConcept: Sendable {
    public let concept: Concept
    let body: Data
    /// The rows, when they were worked out beforehand.
    private let preparedForms: [Form]?

    /// The concept's `term` rows with their index rows: worked out beforehand, or now.
    var forms: [Form] { preparedForms ?? Self.forms(of: concept) }

    /// One term or variant as a `term` row, with its bigrams (Chinese) or words.
    struct Form: Sendable {
        var text: String
        var index: Int
        var isVariant: Bool
        var language: String
        var chinese: Bool
        var status: String
        var exact: String
        var match: String
        var caseSensitive: Bool
        /// Distinct bigrams for a Chinese key, distinct words for another.
        var grams: [String]
        /// Distinct pairs of neighbouring words (not for a Chinese key).
        var pairs: [(first: String, second: String)]
        /// The key's length in code points (what SQLite's length() gives).
        var length: Int
    }

    public init(_ concept: Concept) {
        self.init(concept, encodeBody: true)
    }

    /// `concept` with its body encoded and, when `withRows`, its rows worked out; without
    /// them, the rows are worked out when they are written (if they are: an import of a new
    /// export of a termbase finds most concepts unchanged and writes no rows for them).
    public init(_ concept: Concept, withRows: Bool) {
        self.init(concept, body: ConceptCodec.encode(concept), withRows: withRows)
    }

    init(_ concept: Concept, encodeBody: Bool) {
        self.init(concept, body: encodeBody ? ConceptCodec.encode(concept) : Data())
    }

    /// `concept`, whose body is already encoded.
    init(_ concept: Concept, body: Data, withRows: Bool = true) {
        self.concept = concept
        self.body = body
        preparedForms = withRows ? Self.forms(of: concept) : nil
    }

    /// The rows of `concept`'s terms and variants, in order.
    static func forms(of concept: Concept) -> [Form] {
        var forms: [Form] = []
        for (index, entry) in concept.allTerms.enumerated() {
            for (offset, text) in ([entry.term.text] + entry.term.variants).enumerated() {
                let chinese = entry.language.isChinese || Folding.containsHan(text)
                let exact = Folding.exactKey(text, chinese: chinese)
                let match = chinese ? exact : Folding.englishMatchKey(text)
                var grams: [String] = []
                var pairs: [(first: String, second: String)] = []
                if chinese {
                    grams = Bigrams.of(exact)
                } else {
                    let words = exact.split(separator: " ")
                    var seen: [Substring] = []
                    for word in words where !seen.contains(word) {
                        seen.append(word)
                        grams.append(String(word))
                    }
                    pairs = Self.wordPairs(of: exact)
                }
                forms.append(Form(
                    text: text, index: index, isVariant: offset > 0, language: entry.language.value, chinese: chinese,
                    status: entry.term.status.rawValue, exact: exact, match: match, caseSensitive: entry.term.isCaseSensitive,
                    grams: grams, pairs: pairs, length: exact.unicodeScalars.count))
            }
        }
        return forms
    }
}

extension PreparedConcept {
    /// Whether two runs of forms make the same `term` rows and index rows.
    static func sameRows(_ some: ArraySlice<Form>, _ others: ArraySlice<Form>) -> Bool {
        some.count == others.count && zip(some, others).allSatisfy { a, b in
            a.text == b.text && a.index == b.index && a.isVariant == b.isVariant && a.language == b.language && a.chinese == b.chinese
                && a.status == b.status && a.exact == b.exact && a.match == b.match && a.caseSensitive == b.caseSensitive
                && a.grams == b.grams && a.length == b.length
                && a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.first == $1.first && $0.second == $1.second }
        }
    }

    /// The forms of each term (the term's text, then its variants), by the term's index in
    /// the concept: the rows a `term_index` holds.
    var formsByTerm: [Int: ArraySlice<Form>] {
        let forms = forms
        var groups: [Int: ArraySlice<Form>] = [:]
        var start = forms.startIndex
        while start < forms.endIndex {
            var end = start + 1
            while end < forms.endIndex, forms[end].index == forms[start].index { end += 1 }
            groups[forms[start].index] = forms[start..<end]
            start = end
        }
        return groups
    }

    /// The distinct pairs of neighbouring words of a key (not Chinese), in order: the rows
    /// of `term_pair`.
    static func wordPairs(of key: String) -> [(first: String, second: String)] {
        let words = key.split(separator: " ")
        var pairs: [(first: String, second: String)] = []
        for (first, second) in zip(words, words.dropFirst()) where !pairs.contains(where: { $0.first == first && $0.second == second }) {
            pairs.append((String(first), String(second)))
        }
        return pairs
    }
}

/// Character bigrams, the unit of the substring index.
enum Bigrams {
    /// The distinct bigrams of `key`, in order of first appearance.
    static func of(_ key: String) -> [String] {
        let characters = Array(key)
        guard characters.count >= 2 else { return [] }
        var out: [String] = []
        out.reserveCapacity(characters.count - 1)
        for i in 0..<(characters.count - 1) {
            let gram = String(characters[i...i + 1])
            // Keys are short: a linear check is cheaper than hashing.
            if !out.contains(gram) { out.append(gram) }
        }
        return out
    }
}
