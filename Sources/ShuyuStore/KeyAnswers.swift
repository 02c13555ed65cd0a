import Foundation
import GRDB
import ShuyuModel

/// The exact matches of the keys that many concepts share, stored whole.
///
/// A lookup of a key that many concepts have as a term ("right" in a termbase of a million
/// concepts names thousands) returns up to twenty concepts, and reading them one by one is
/// a B-tree descent each into a file of gigabytes: most of such a lookup's time (see
/// `Benchmarks/RESULTS.md`). A key that at least ``minimumConcepts`` concepts share has its
/// exact matches in the `key_answer` table instead: the matched term's index and form, and
/// the concept's body, for each of its best ``size`` concepts, in the order lookup ranks
/// them. Such keys are few (9,273 in a store of a million concepts and 2.9 million terms). A
/// lookup of one with the default limit reads one row, and reads rows only for the inflected
/// and partial matches that rank after the exact ones, if the exact ones leave room.
///
/// An answer is derived data, and it is never read stale:
/// - `key_stale` gets every key that may have gained or lost its answer, or whose answer
///   holds an old body: the key of every term row added (by ``ConceptWriter``, where term
///   rows are added), and by triggers, the answered keys of a term row deleted or of a
///   concept whose body is rewritten, and both keys of a term row changed.
/// - Every write transaction of the store ends with ``refresh(_:)``, which works out the
///   answers of those keys again and empties `key_stale`.
/// - A lookup reads an answer only while `key_stale` is empty: a write that did not
///   refresh (one made by hand with `sqlite3`, say) makes lookups read the concepts one by
///   one, as if no answer were stored, until the next write refreshes.
///
/// An import that defers the store's indexes stops recording keys meanwhile (it defers the
/// body trigger with them, and its writer records no added rows), and works out every answer
/// again when it makes them (``rebuildAll(_:)``).
enum KeyAnswers {
    /// The most concepts an answer holds: lookup's default limit, the only one answered from
    /// the table.
    static let size = LookupOptions().limit

    /// How many concepts must share a key for it to have a stored answer: a lookup that
    /// reads fewer concepts one by one stays well within 100 µs on a million-concept store.
    static let minimumConcepts = 8

    /// The format of an answer: a version byte, the number of matches, and for each the
    /// term index (LEB128), the matched form (a string) and the concept's body
    /// (``ConceptCodec``, as a length and bytes).
    static let formatVersion: UInt8 = 1

    /// The stored exact matches of `key`, when it has them and no key awaits a refresh.
    ///
    /// An answer that does not decode is taken for none: it is derived data, and the lookup
    /// works the matches out from the rows (as a damaged matcher snapshot is rebuilt).
    static func answer(_ db: Database, key: String) throws -> [LookupMatch]? {
        var matches: [LookupMatch]?
        try RowReader(db, sql: "SELECT answer FROM key_answer WHERE exact_key = ? AND NOT EXISTS (SELECT 1 FROM key_stale)").rows(key) { row in
            matches = row.withBytes(0) { bytes in try? decode(bytes) }
            return false
        }
        return matches
    }

    /// Works out again the answers of the keys whose rows changed in this transaction (those
    /// `key_stale` lists), and empties it. One read when none changed.
    static func refresh(_ db: Database) throws {
        guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM key_stale)")) == true else { return }
        try db.execute(sql: "DELETE FROM key_answer WHERE exact_key IN (SELECT exact_key FROM key_stale)")
        // Only a key with that many term rows can name that many concepts: most keys have one.
        let keys = try String.fetchAll(db, sql: """
            SELECT exact_key FROM key_stale s
            WHERE (SELECT count(*) FROM (SELECT 1 FROM term t WHERE t.exact_key = s.exact_key LIMIT \(minimumConcepts))) = \(minimumConcepts)
            """)
        try store(keys, db)
        try db.execute(sql: "DELETE FROM key_stale")
    }

    /// Works out every answer again, from the term rows: about 2 s for a million concepts
    /// (one pass over `term_exact`, 1.2 s, then the answers of 9,273 keys).
    static func rebuildAll(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM key_answer; DELETE FROM key_stale")
        let keys = try String.fetchAll(db, sql: "SELECT exact_key FROM term GROUP BY exact_key HAVING count(*) >= \(minimumConcepts)")
        try store(keys, db)
    }

    /// Stores the answers of those of `keys` that ``minimumConcepts`` concepts share.
    private static func store(_ keys: [String], _ db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO key_answer(exact_key, answer) VALUES (?, ?)")
        for key in keys where !key.isEmpty {
            let matches = try TermStore.exactMatches(db, key: key, limit: size)
            guard matches.count >= minimumConcepts else { continue }
            try insert.execute(arguments: [key, encode(matches)])
        }
    }

    static func encode(_ matches: [(match: LookupMatch, termIndex: Int)]) -> Data {
        var writer = ConceptCodec.Writer()
        writer.bytes.append(formatVersion)
        writer.count(matches.count)
        for (match, termIndex) in matches {
            writer.count(termIndex)
            writer.string(match.matchedForm)
            let body = ConceptCodec.encode(match.concept)
            writer.count(body.count)
            writer.bytes.append(contentsOf: body)
        }
        return Data(writer.bytes)
    }

    static func decode(_ raw: UnsafeRawBufferPointer) throws -> [LookupMatch] {
        var reader = ConceptCodec.Reader(bytes: raw.assumingMemoryBound(to: UInt8.self))
        guard try reader.byte() == formatVersion else { throw ConceptCodec.Failure.badValue("answer format") }
        let count = try reader.count()
        var matches: [LookupMatch] = []
        matches.reserveCapacity(count)
        for _ in 0..<count {
            let termIndex = try reader.count()
            let form = try reader.string()
            let concept = try ConceptCodec.decode(reader.take(reader.count()))
            guard let entry = concept.term(at: termIndex) else { throw ConceptCodec.Failure.badValue("term index \(termIndex) of \(concept.id)") }
            matches.append(LookupMatch(concept: concept, term: entry.term, language: entry.language, matchedForm: form, kind: .exact))
        }
        guard reader.isAtEnd else { throw ConceptCodec.Failure.badValue("bytes after the answer") }
        return matches
    }
}
