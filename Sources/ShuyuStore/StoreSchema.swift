import GRDB

/// The store's schema, as migrations. Never edit a released migration: add one.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-concepts-terms-grams") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE concept (
                    id TEXT PRIMARY KEY NOT NULL,
                    origin TEXT,
                    position INTEGER NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX concept_origin ON concept(origin);
                CREATE TABLE term (
                    id INTEGER PRIMARY KEY,
                    concept_id TEXT NOT NULL REFERENCES concept(id) ON DELETE CASCADE,
                    term_index INTEGER NOT NULL,
                    variant_of INTEGER,
                    lang TEXT NOT NULL,
                    is_chinese INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    status TEXT NOT NULL,
                    exact_key TEXT NOT NULL,
                    match_key TEXT NOT NULL,
                    case_sensitive INTEGER NOT NULL
                );
                CREATE INDEX term_concept ON term(concept_id);
                CREATE INDEX term_exact ON term(exact_key);
                CREATE INDEX term_match ON term(match_key);
                CREATE TABLE term_gram (
                    gram TEXT NOT NULL,
                    term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,
                    PRIMARY KEY (gram, term_id)
                ) WITHOUT ROWID;
                CREATE INDEX term_gram_term ON term_gram(term_id);
                """)
        }
        migrator.registerMigration("v2-sources") { db in
            try db.execute(sql: """
                CREATE TABLE source (
                    origin TEXT PRIMARY KEY NOT NULL,
                    body TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3-word-index") { db in
            // English and other non-Chinese terms are found by words and word prefixes;
            // character bigrams stay for Chinese, where words are not delimited.
            try db.execute(sql: """
                CREATE TABLE term_word (
                    word TEXT NOT NULL,
                    term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,
                    PRIMARY KEY (word, term_id)
                ) WITHOUT ROWID;
                CREATE INDEX term_word_term ON term_word(term_id);
                """)
        }
        migrator.registerMigration("v4-ranked-term-indexes") { db in
            // Lookup reads the best rows of a key first and stops at its limit; with the
            // ranking in the index, a key shared by thousands of terms costs no more than
            // one held by a single term.
            try db.execute(sql: """
                DROP INDEX term_exact;
                DROP INDEX term_match;
                CREATE INDEX term_exact ON term(exact_key, status IN ('preferred', 'admitted') DESC, length(text), concept_id);
                CREATE INDEX term_match ON term(match_key, status IN ('preferred', 'admitted') DESC, length(text), concept_id);
                """)
        }
        migrator.registerMigration("v5-ranked-grams") { db in
            // Bigram rows ordered by the length of their term's key, so that a two-character
            // query (one bigram, the commonest kind) reads the shortest terms first and stops
            // at the limit, however many terms hold the bigram.
            try db.execute(sql: """
                CREATE TABLE term_gram_ranked (
                    gram TEXT NOT NULL,
                    length INTEGER NOT NULL,
                    term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,
                    PRIMARY KEY (gram, length, term_id)
                ) WITHOUT ROWID;
                INSERT INTO term_gram_ranked(gram, length, term_id)
                    SELECT g.gram, length(t.exact_key), g.term_id FROM term_gram g JOIN term t ON t.id = g.term_id;
                DROP TABLE term_gram;
                ALTER TABLE term_gram_ranked RENAME TO term_gram;
                CREATE INDEX term_gram_term ON term_gram(term_id);
                """)
        }
        migrator.registerMigration("v6-concept-order") { db in
            // Exports and full reads go in store order; without an index SQLite sorted every
            // body in a temporary B-tree first (1.2 GB of memory for a million concepts).
            try db.execute(sql: "CREATE INDEX concept_position ON concept(position, id)")
        }
        migrator.registerMigration("v7-content-version") { db in
            // A token that changes with every change to a concept, whoever makes it, so that
            // what is built from the concepts (the matcher snapshot) can be reused exactly
            // while they are unchanged. Random, so that a store made afresh never repeats one.
            try db.execute(sql: """
                INSERT OR REPLACE INTO meta(key, value) VALUES ('content_version', lower(hex(randomblob(16))));
                \(contentVersionTriggers)
                """)
        }
        migrator.registerMigration("v8-ranked-words") { db in
            // Word rows ordered by the length of their term's key, as bigram rows are (v5): a
            // one-word prefix query ("perf") ranks the candidates in the index and reads only
            // the few terms it returns, not every term under every word with the prefix.
            try db.execute(sql: """
                CREATE TABLE term_word_ranked (
                    word TEXT NOT NULL,
                    length INTEGER NOT NULL,
                    term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,
                    PRIMARY KEY (word, length, term_id)
                ) WITHOUT ROWID;
                INSERT INTO term_word_ranked(word, length, term_id)
                    SELECT w.word, length(t.exact_key), w.term_id FROM term_word w JOIN term t ON t.id = w.term_id;
                DROP TABLE term_word;
                ALTER TABLE term_word_ranked RENAME TO term_word;
                CREATE INDEX term_word_term ON term_word(term_id);
                """)
        }
        migrator.registerMigration("v9-word-pairs") { db in
            // Each pair of neighbouring words of a term (not Chinese), ranked like the word
            // rows: a query of several words ("right pe") reads the terms in which its last
            // two words stand together, not every term of a word as common as "right". The
            // rows of the terms already stored come from their keys (rebuilding every index
            // row instead took six minutes for a million concepts).
            try db.execute(sql: """
                CREATE TABLE term_pair (
                    first TEXT NOT NULL,
                    second TEXT NOT NULL,
                    length INTEGER NOT NULL,
                    term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,
                    PRIMARY KEY (first, second, length, term_id)
                ) WITHOUT ROWID;
                CREATE INDEX term_pair_term ON term_pair(term_id);
                """)
            let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO term_pair(first, second, length, term_id) VALUES (?, ?, ?, ?)")
            let terms = try Row.fetchCursor(db, sql: "SELECT id, exact_key FROM term WHERE is_chinese = 0 AND instr(exact_key, ' ') > 0")
            while let term = try terms.next() {
                let key: String = term[1]
                let length = key.unicodeScalars.count
                for pair in PreparedConcept.wordPairs(of: key) {
                    try insert.execute(arguments: [pair.first, pair.second, length, term[0] as Int64])
                }
            }
        }
        // Foreign keys are checked by the migrations below themselves, on the tables they
        // change: GRDB checks the whole store, which reads every bigram, word and pair row
        // (`PRAGMA foreign_key_check` took 23.8 s on a million-concept store, `term` alone 0.7 s).
        migrator = migrator.disablingDeferredForeignKeyChecks()
        migrator.registerMigration("v10-concept-rows") { db in
            // Lookup reads the concepts it returns by number, not by text id: one B-tree
            // descent each instead of two (the id's index, then the table); and with the term's
            // fields in the exact-key and match-key indexes, none for the term. For 20 concepts of one key on
            // a million-concept store, SQLite alone: 84 -> 24 µs (p50). Numbers must be
            // stable for terms to hold them, and only an INTEGER PRIMARY KEY's are (VACUUM
            // renumbers the others), so the concept table is made again with one, keeping
            // every row's number.
            try db.execute(sql: """
                CREATE TABLE concept_v10 (
                    number INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    origin TEXT,
                    position INTEGER NOT NULL,
                    body TEXT NOT NULL
                );
                INSERT INTO concept_v10(number, id, origin, position, body) SELECT rowid, id, origin, position, body FROM concept ORDER BY rowid;
                DROP TABLE concept;
                ALTER TABLE concept_v10 RENAME TO concept;
                CREATE INDEX concept_origin ON concept(origin);
                CREATE INDEX concept_position ON concept(position, id);
                \(contentVersionTriggers)
                ALTER TABLE term ADD COLUMN concept_number INTEGER;
                UPDATE term SET concept_number = (SELECT number FROM concept WHERE concept.id = term.concept_id);
                DROP INDEX term_exact;
                CREATE INDEX term_exact ON term(
                    exact_key, status IN ('preferred', 'admitted') DESC, length(text), concept_id,
                    term_index, variant_of, text, status, concept_number);
                DROP INDEX term_match;
                CREATE INDEX term_match ON term(
                    match_key, status IN ('preferred', 'admitted') DESC, length(text), concept_id,
                    exact_key, term_index, variant_of, text, status, concept_number);
                """)
            try db.checkForeignKeys(in: "term")
        }
        migrator.registerMigration("v11-key-answers") { db in
            // The exact matches of keys that many concepts share, stored whole: a lookup of
            // one read up to twenty concepts one by one (see ``KeyAnswers``). A table with
            // row ids: the key's index is then keys only, and a lookup of a key without an
            // answer, most lookups, costs a short descent (with the answers in the key's
            // own tree, WITHOUT ROWID, its pages held four keys each: 6 µs more a lookup).
            //
            // Term rows are added in one place, which records their keys (``ConceptWriter``):
            // any key may reach the size for an answer. Deletes and rewritten bodies are
            // recorded by triggers, and only for keys with an answer: a key without one
            // cannot gain one by losing a term, and holds no body.
            try db.execute(sql: """
                CREATE TABLE key_answer (
                    exact_key TEXT PRIMARY KEY NOT NULL,
                    answer BLOB NOT NULL
                );
                CREATE TABLE key_stale (
                    exact_key TEXT PRIMARY KEY NOT NULL
                ) WITHOUT ROWID;
                CREATE TRIGGER term_key_deleted AFTER DELETE ON term
                WHEN EXISTS (SELECT 1 FROM key_answer WHERE exact_key = OLD.exact_key) BEGIN
                    INSERT OR IGNORE INTO key_stale(exact_key) VALUES (OLD.exact_key);
                END;
                CREATE TRIGGER term_key_updated AFTER UPDATE ON term BEGIN
                    INSERT OR IGNORE INTO key_stale(exact_key) VALUES (OLD.exact_key), (NEW.exact_key);
                END;
                \(bodyUpdatedTrigger)
                """)
            try KeyAnswers.rebuildAll(db)
        }
        return migrator
    }

    /// The trigger that records the keys of a concept whose body is rewritten: their stored
    /// answers hold the body (v11). Deferred by a bulk import, which works out every answer
    /// again at its end.
    static let bodyUpdatedTrigger = """
        CREATE TRIGGER concept_body_updated AFTER UPDATE OF body ON concept BEGIN
            INSERT OR IGNORE INTO key_stale(exact_key)
                SELECT exact_key FROM term WHERE concept_id = NEW.id AND exact_key IN (SELECT exact_key FROM key_answer);
        END;
        """

    /// The triggers that give the store a new content version on every change to a concept
    /// (v7; made again with the concept table in v10).
    static let contentVersionTriggers: String = {
        let bump = "UPDATE meta SET value = lower(hex(randomblob(16))) WHERE key = 'content_version';"
        return """
            CREATE TRIGGER concept_inserted AFTER INSERT ON concept BEGIN \(bump) END;
            CREATE TRIGGER concept_updated AFTER UPDATE ON concept BEGIN \(bump) END;
            CREATE TRIGGER concept_deleted AFTER DELETE ON concept BEGIN \(bump) END;
            """
    }()
}
