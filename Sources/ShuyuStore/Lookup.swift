import Foundation
import GRDB
import ShuyuMatching
import ShuyuModel

/// How a lookup matched a concept. Ordered from best to weakest.
public enum MatchKind: String, Codable, Sendable, Comparable, CaseIterable {
    /// The query is a term (after case and width folding).
    case exact
    /// The query is an inflected form of a term (plural, possessive, British spelling).
    case inflected
    /// A term starts with the query.
    case prefix
    /// A term contains the query.
    case substring

    public static func < (lhs: MatchKind, rhs: MatchKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One concept found by a lookup, with the term that matched.
public struct LookupMatch: Sendable {
    public var concept: Concept
    /// The term of `concept` that matched the query.
    public var term: Term
    /// The language of `term`.
    public var language: LanguageTag
    /// The form that matched: the term's text, or one of its listed variants.
    public var matchedForm: String
    public var kind: MatchKind
}

/// The language a query was taken to be in.
public enum QueryLanguage: String, Codable, Sendable {
    case chinese = "zh"
    case english = "en"

    /// Chinese when the text has a Han ideograph, English otherwise.
    public static func detect(_ text: String) -> QueryLanguage {
        Folding.containsHan(text) ? .chinese : .english
    }
}

/// Options for ``TermStore/lookup(_:options:)``.
public struct LookupOptions: Sendable {
    /// Also list concepts whose terms start with or contain the query.
    public var includePartial: Bool
    /// The most concepts to return.
    public var limit: Int
    /// Whether a key many concepts share may be answered from the answer stored for it
    /// (tests turn it off to compare the two).
    var usesStoredAnswers = true

    public init(includePartial: Bool = true, limit: Int = 20) {
        self.includePartial = includePartial
        self.limit = limit
    }
}

/// What a lookup found.
public struct LookupResult: Sendable {
    public var query: String
    public var language: QueryLanguage
    /// One match per concept, best first.
    public var matches: [LookupMatch]
}

/// A "did you mean" suggestion.
public struct Suggestion: Sendable, Hashable {
    public var text: String
    public var conceptID: String
}

extension TermStore {
    /// Looks `query` up in both directions: exact, then inflected, then prefix and substring.
    ///
    /// One match is returned per concept, ranked by match kind, then approved terms before
    /// rejected ones, then shorter terms first.
    public func lookup(_ query: String, options: LookupOptions = LookupOptions()) throws -> LookupResult {
        let language = QueryLanguage.detect(query)
        let chinese = language == .chinese
        let exactKey = Folding.exactKey(query, chinese: chinese)
        let matchKey = chinese ? exactKey : Folding.englishMatchKey(query)
        guard !exactKey.isEmpty else { return LookupResult(query: query, language: language, matches: []) }

        return try read { db in
            // The exact matches of a key that many concepts share are stored, best first, for
            // the default limit (``KeyAnswers``); otherwise the best rows are read first, as
            // many as fill `limit` concepts (a common word can be a term of thousands).
            let stored = options.usesStoredAnswers && options.limit == KeyAnswers.size ? try KeyAnswers.answer(db, key: exactKey) : nil
            if let stored, stored.count >= options.limit {
                return LookupResult(query: query, language: language, matches: stored)
            }
            var hits: [Hit] = []
            let named: Set<String>
            if let stored {
                named = Set(stored.map(\.concept.id))
            } else {
                let exact = try TermRow.fetchBest(db, where: "exact_key = ?", [exactKey], concepts: options.limit)
                for row in exact { hits.append((row, .exact)) }
                named = Set(exact.map(\.conceptID))
            }
            if (matchKey != exactKey || !chinese), named.count < options.limit {
                for row in try TermRow.fetchBest(db, where: "match_key = ? AND exact_key <> ?", [matchKey, exactKey], concepts: options.limit) {
                    hits.append((row, .inflected))
                }
            }
            // Prefix and substring matches rank after exact and inflected ones: when those name
            // `limit` concepts already (a common word), none of them could be shown.
            if options.includePartial, named.union(hits.map(\.row.conceptID)).count < options.limit {
                for row in try Self.partial(db, key: exactKey, limit: max(options.limit * 20, 200)) where row.exactKey != exactKey {
                    hits.append((row, row.exactKey.hasPrefix(exactKey) ? .prefix : .substring))
                }
            }
            // Every exact match ranks before every other: the stored ones come first (and
            // their concepts are not matched again).
            let first = stored ?? []
            let rest = try Self.best(hits, db, limit: options.limit - first.count, skipping: stored == nil ? [] : named)
            return LookupResult(query: query, language: language, matches: first + rest.map(\.match))
        }
    }

    /// A term row a lookup found, and how.
    typealias Hit = (row: TermRow, kind: MatchKind)

    /// The best match per concept among `hits` (but the concepts `found` already), best
    /// first, at most `limit`, each with the index of its term in the concept.
    ///
    /// Ranked by match kind, then approved terms before rejected ones, then shorter terms,
    /// then concept id.
    static func best(_ hits: [Hit], _ db: Database, limit: Int, skipping found: Set<String> = []) throws -> [(match: LookupMatch, termIndex: Int)] {
        guard limit > 0 else { return [] }
        let hits = hits.sorted { a, b in
            if a.kind != b.kind { return a.kind < b.kind }
            if a.row.approved != b.row.approved { return a.row.approved }
            if a.row.text.count != b.row.text.count { return a.row.text.count < b.row.text.count }
            return a.row.conceptID < b.row.conceptID
        }
        var seen = found
        var matches: [(match: LookupMatch, termIndex: Int)] = []
        for hit in hits where seen.insert(hit.row.conceptID).inserted {
            guard let concept = try Self.concept(db, number: hit.row.conceptNumber, id: hit.row.conceptID), let entry = concept.term(at: hit.row.termIndex) else { continue }
            let match = LookupMatch(concept: concept, term: entry.term, language: entry.language, matchedForm: hit.row.text, kind: hit.kind)
            matches.append((match, hit.row.termIndex))
            if matches.count >= limit { break }
        }
        return matches
    }

    /// The exact matches of a lookup of `key` with `limit`: the best match of each concept
    /// with a term whose exact key is `key`, best first, at most `limit`. They come before
    /// every other match, and depend on those term rows alone.
    static func exactMatches(_ db: Database, key: String, limit: Int) throws -> [(match: LookupMatch, termIndex: Int)] {
        let exact = try TermRow.fetchBest(db, where: "exact_key = ?", [key], concepts: limit)
        return try best(exact.map { ($0, .exact) }, db, limit: limit)
    }

    /// Terms whose exact key contains `key`. Chinese: through the bigram index for two
    /// characters or more, by a scan for one. Other languages: terms with every query word
    /// as a word, the last one as a word prefix ("producer of phon").
    static func partial(_ db: Database, key: String, limit: Int) throws -> [TermRow] {
        if Folding.containsHan(key) {
            let grams = Bigrams.of(key)
            if grams.isEmpty {
                return try TermRow.fetch(db, where: "is_chinese = 1 AND instr(exact_key, ?) > 0 ORDER BY length(exact_key) LIMIT \(limit)", [key])
            }
            if grams.count == 1 {
                // Two characters: the bigram's rows are in key-length order; read the first.
                return try TermRow.fetchRanked(db, gram: grams[0], limit: limit)
            }
            // A few bigrams spread over the query narrow the candidates; instr() confirms them.
            let chosen = spread(grams, count: 4)
            let intersect = chosen.map { _ in "SELECT term_id FROM term_gram WHERE gram = ?" }.joined(separator: " INTERSECT ")
            var arguments: [any DatabaseValueConvertible] = chosen
            arguments.append(key)
            return try TermRow.fetch(
                db, where: "id IN (\(intersect)) AND instr(exact_key, ?) > 0 ORDER BY length(exact_key) LIMIT \(limit)",
                StatementArguments(arguments))
        }
        let words = key.split(separator: " ").map(String.init)
        guard let last = words.last else { return [] }
        if words.count == 1 {
            return try wordPrefix(db, last, limit: limit)
        }
        return try phrasePrefix(db, words: words, key: key, limit: limit)
    }

    /// Terms of several words in which `words` stand in a row (the last as a word prefix:
    /// "right pe" finds "the right of performers"), shortest keys first.
    ///
    /// Each term is in the index of neighbouring word pairs (v9) under every pair, ranked by
    /// key length: the pairs of the last whole word and a word with the prefix are read as
    /// ``wordPrefix(_:_:limit:maxWords:)`` reads words, and only about `limit` rows are read
    /// however common the words are. With more than two words, each candidate's key is
    /// checked for the whole query.
    static func phrasePrefix(_ db: Database, words: [String], key: String, limit: Int, maxWords: Int = 2048) throws -> [TermRow] {
        guard words.count >= 2, let last = words.last else { return [] }
        // Two words are in a row by the pair itself; more must be found in the key.
        let phrase = " " + key
        let keyOf = try db.cachedStatement(sql: "SELECT exact_key FROM term WHERE id = ?")
        func inRow(_ id: Int64) throws -> Bool {
            guard words.count > 2 else { return true }
            return try String.fetchOne(keyOf, arguments: [id]).map { (" " + $0).contains(phrase) } ?? false
        }
        let ids = try prefixTerms(db, in: .pairs, fixed: [words[words.count - 2]], prefix: last, limit: limit, maxWords: maxWords, accept: inRow)
        return try TermRow.fetch(db, ranked: ids)
    }

    /// Terms with a word that starts with `prefix`, the `limit` with the shortest keys, in
    /// that order. Every such term contains the prefix, and each word's rows are in
    /// key-length order (v8).
    static func wordPrefix(_ db: Database, _ prefix: String, limit: Int, maxWords: Int = 2048) throws -> [TermRow] {
        try TermRow.fetch(db, ranked: prefixTerms(db, in: .words, fixed: [], prefix: prefix, limit: limit, maxWords: maxWords))
    }

    /// The first `limit` distinct terms that `accept` takes among the ranges of `index` whose
    /// last word starts with `prefix` (the words before it being `fixed`), shortest keys
    /// first. The words with the prefix are found by seeking from one to the next, and their
    /// ranges are merged a page at a time (``shortestTerms(_:ranges:in:count:accept:)``), so
    /// that only about `limit` rows are read however many terms the words have. More than
    /// `maxWords` words are ranked in one query instead.
    static func prefixTerms(_ db: Database, in index: RankedIndex, fixed: [String], prefix: String, limit: Int, maxWords: Int,
                            accept: (Int64) throws -> Bool = { _ in true }) throws -> [Int64] {
        let end = prefix + "\u{10FFFF}"
        let first = try db.cachedStatement(sql: index.sql.firstWord)
        let next = try db.cachedStatement(sql: index.sql.nextWord)
        var words: [String] = []
        while words.count <= maxWords,
              let word = try String.fetchOne(words.isEmpty ? first : next, arguments: StatementArguments(fixed + [words.last ?? prefix, end])) {
            words.append(word)
        }
        if words.count <= maxWords {
            return try shortestTerms(db, ranges: words.map { fixed + [$0] }, in: index, count: limit, accept: accept)
        }
        var ids: [Int64] = []
        var seen: Set<Int64> = []
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: index.sql.allRows), arguments: StatementArguments(fixed + [prefix, end]))
        while ids.count < limit, let row = try cursor.next() {
            let id: Int64 = row[0]
            if seen.insert(id).inserted, try accept(id) { ids.append(id) }
        }
        return ids
    }

    /// An index whose rows are kept by range (a word, or a pair of neighbouring words) and
    /// within it by key length and then term id.
    enum RankedIndex {
        case words, pairs

        /// The index's statements, made once from its table and range columns.
        struct Statements {
            /// A range's first page of rows, and the page after a (length, term id).
            let firstPage, nextPage: String
            /// The first word with a prefix, and the one after a word.
            let firstWord, nextWord: String
            /// Every row of the words with a prefix, ranked.
            let allRows: String

            /// `fixed`: the columns of a range before its last, `word`: the last, which a
            /// prefix is matched against.
            init(table: String, fixed: [String], word: String) {
                func rows(_ columns: String, where last: String, order: String) -> String {
                    let conditions = fixed.map { "\($0) = ?" } + [last]
                    return "SELECT \(columns) FROM \(table) WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order)"
                }
                firstPage = rows("length, term_id", where: "\(word) = ?", order: "length, term_id LIMIT ?")
                nextPage = rows("length, term_id", where: "\(word) = ? AND (length, term_id) > (?, ?)", order: "length, term_id LIMIT ?")
                firstWord = rows(word, where: "\(word) >= ? AND \(word) < ?", order: "\(word) LIMIT 1")
                nextWord = rows(word, where: "\(word) > ? AND \(word) < ?", order: "\(word) LIMIT 1")
                allRows = rows("term_id", where: "\(word) >= ? AND \(word) < ?", order: "length, term_id")
            }
        }

        private static let wordStatements = Statements(table: "term_word", fixed: [], word: "word")
        private static let pairStatements = Statements(table: "term_pair", fixed: ["first"], word: "second")

        var sql: Statements { self == .words ? Self.wordStatements : Self.pairStatements }
    }

    /// The first `count` distinct term ids that `accept` takes among the rows of `ranges`
    /// of `index`, by key length and then id: a k-way merge over each range's rows, which
    /// the index keeps in that order. Each range is read a few rows at a time, and read
    /// again only when the merge has used up what was read of it.
    static func shortestTerms(_ db: Database, ranges: [[String]], in index: RankedIndex, count: Int,
                              accept: (Int64) throws -> Bool = { _ in true }) throws -> [Int64] {
        let page = 8
        let firstPage = try db.cachedStatement(sql: index.sql.firstPage)
        let nextPage = try db.cachedStatement(sql: index.sql.nextPage)
        func read(_ statement: Statement, _ arguments: [any DatabaseValueConvertible]) throws -> [WordRow] {
            var rows: [WordRow] = []
            let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
            while let row = try cursor.next() { rows.append(WordRow(length: row[0], id: row[1])) }
            return rows
        }
        var pages: [[WordRow]] = []
        pages.reserveCapacity(ranges.count)
        var heap = WordRowHeap()
        for (source, range) in ranges.enumerated() {
            let rows = try read(firstPage, range + [page])
            if let head = rows.first { heap.push(head, from: source) }
            pages.append(rows)
        }
        var positions = [Int](repeating: 0, count: ranges.count)
        var ids: [Int64] = []
        var seen: Set<Int64> = []
        while ids.count < count, let (row, source) = heap.pop() {
            // A term with two words (or pairs) in the ranges comes once from each.
            if seen.insert(row.id).inserted, try accept(row.id) { ids.append(row.id) }
            positions[source] += 1
            if positions[source] == pages[source].count {
                // A short page was the range's last; a full one may have more after it.
                guard pages[source].count == page, let last = pages[source].last else { continue }
                pages[source] = try read(nextPage, ranges[source] + [last.length, last.id, page])
                positions[source] = 0
            }
            if positions[source] < pages[source].count { heap.push(pages[source][positions[source]], from: source) }
        }
        return ids
    }

    static func spread(_ grams: [String], count: Int) -> [String] {
        guard grams.count > count else { return grams }
        return (0..<count).map { grams[$0 * (grams.count - 1) / (count - 1)] }
    }

    /// Terms that look like `query`: Chinese candidates share bigrams with it, others share
    /// a word prefix of three letters with one of its words; they are ranked by shared
    /// characters (Chinese) or edit distance.
    public func suggestions(for query: String, limit: Int = 5) throws -> [Suggestion] {
        let chinese = QueryLanguage.detect(query) == .chinese
        let key = Folding.exactKey(query, chinese: chinese)
        return try read { db in
            let candidates: [TermRow]
            if chinese {
                let grams = Bigrams.of(key)
                guard !grams.isEmpty else { return [] }
                let placeholders = grams.map { _ in "?" }.joined(separator: ",")
                candidates = try TermRow.fetch(db, where: """
                    id IN (SELECT term_id FROM term_gram WHERE gram IN (\(placeholders))
                           GROUP BY term_id ORDER BY COUNT(*) DESC LIMIT 400)
                    """, StatementArguments(grams))
            } else {
                let prefixes = Set(key.split(separator: " ").filter { $0.count >= 3 }.map { String($0.prefix(3)) })
                guard !prefixes.isEmpty else { return [] }
                let selects = prefixes.map { _ in "SELECT term_id FROM term_word WHERE word >= ? AND word < ?" }.joined(separator: " UNION ")
                let arguments = prefixes.sorted().flatMap { [$0, $0 + "\u{10FFFF}"] }
                candidates = try TermRow.fetch(db, where: "id IN (SELECT term_id FROM (\(selects)) LIMIT 2000)", StatementArguments(arguments))
            }
            let threshold = max(2, key.count / 3)
            var scored: [(Suggestion, Int)] = []
            for row in candidates where row.variantOf == nil {
                let score: Int
                if chinese {
                    let shared = Similarity.sharedCharacters(key, row.exactKey)
                    guard shared * 2 >= key.count else { continue }
                    score = -shared * 10 + abs(row.exactKey.count - key.count)
                } else {
                    let distance = Similarity.editDistance(key, row.exactKey, limit: threshold)
                    guard distance <= threshold else { continue }
                    score = distance * 10 + (row.approved ? 0 : 1)
                }
                scored.append((Suggestion(text: row.text, conceptID: row.conceptID), score))
            }
            scored.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.text < $1.0.text }
            var seen: Set<String> = []
            return Array(scored.map(\.0).filter { seen.insert($0.text).inserted }.prefix(limit))
        }
    }
}

/// A row of the `term` table.
struct TermRow {
    var id: Int64
    var conceptID: String
    var termIndex: Int
    var variantOf: Int64?
    var text: String
    var status: TermStatus
    var exactKey: String
    /// The concept's number (nil in no store this version writes).
    var conceptNumber: Int64?

    var approved: Bool { status.isApproved }

    /// The rows of `clause` in the order lookup ranks them (approved first, then shorter,
    /// then by concept id), up to the row that names the `concepts`-th different concept
    /// (or all of them).
    static func fetchBest(_ db: Database, where clause: String, _ arguments: StatementArguments, concepts: Int) throws -> [TermRow] {
        // The same ranking as the term_exact and term_match indexes: SQLite reads the rows in
        // index order, and the reading stops at the last row needed (a common word can be a
        // term of thousands of concepts).
        let reader = try RowReader(db, sql: """
            SELECT \(columns) FROM term WHERE \(clause) ORDER BY status IN ('preferred', 'admitted') DESC, length(text), concept_id
            """)
        var rows: [TermRow] = []
        var named: Set<String> = []
        try reader.rows(arguments) { row in
            let term = TermRow(row)
            rows.append(term)
            return !(named.insert(term.conceptID).inserted && named.count >= concepts)
        }
        return rows
    }

    /// The terms whose key holds `gram`, shortest key first, from the ranked bigram rows.
    static func fetchRanked(_ db: Database, gram: String, limit: Int) throws -> [TermRow] {
        try collect(RowReader(db, sql: """
            SELECT \(columns.split(separator: ", ").map { "t.\($0)" }.joined(separator: ", "))
            FROM term_gram g JOIN term t ON t.id = g.term_id
            WHERE g.gram = ? ORDER BY g.length LIMIT ?
            """), [gram, limit])
    }

    /// The terms with these ids, in the order given.
    static func fetch(_ db: Database, ranked ids: [Int64]) throws -> [TermRow] {
        guard !ids.isEmpty else { return [] }
        let rank = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let placeholders = ids.map { _ in "?" }.joined(separator: ",")
        return try fetch(db, where: "id IN (\(placeholders))", StatementArguments(ids))
            .sorted { rank[$0.id, default: .max] < rank[$1.id, default: .max] }
    }

    static func fetch(_ db: Database, where clause: String, _ arguments: StatementArguments) throws -> [TermRow] {
        // Cached statements: preparing one costs more than running it.
        try collect(RowReader(db, sql: "SELECT \(columns) FROM term WHERE \(clause)"), arguments)
    }

    /// The columns ``init(_:)`` reads, in its order.
    static let columns = "id, concept_id, term_index, variant_of, text, status, exact_key, concept_number"

    static func collect(_ reader: RowReader, _ arguments: StatementArguments) throws -> [TermRow] {
        var rows: [TermRow] = []
        try reader.rows(arguments) { row in
            rows.append(TermRow(row))
            return true
        }
        return rows
    }
}

extension TermRow {
    /// A row of ``columns``, read by position.
    init(_ row: RowReader.Columns) {
        self.init(
            id: row.int64(0), conceptID: row.text(1), termIndex: row.int(2), variantOf: row.optionalInt64(3),
            text: row.text(4), status: TermStatus(rawValue: row.text(5)) ?? .preferred, exactKey: row.text(6),
            conceptNumber: row.optionalInt64(7))
    }
}

/// A term_word row: the length of its term's key, and the term.
struct WordRow: Equatable {
    var length: Int
    var id: Int64

    static func < (a: WordRow, b: WordRow) -> Bool { a.length != b.length ? a.length < b.length : a.id < b.id }
}

/// A binary min-heap of word rows, each with the index of the word it came from.
struct WordRowHeap {
    private var items: [(row: WordRow, source: Int)] = []

    mutating func push(_ row: WordRow, from source: Int) {
        items.append((row, source))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].row < items[parent].row else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (row: WordRow, source: Int)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        guard !items.isEmpty else { return top }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count, items[left].row < items[smallest].row { smallest = left }
            if right < items.count, items[right].row < items[smallest].row { smallest = right }
            guard smallest != parent else { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
