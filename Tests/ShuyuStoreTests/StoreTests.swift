import Foundation
import GRDB
import ShuyuTestSupport
import Synchronization
import Testing
import ShuyuGlossary
import ShuyuModel
@testable import ShuyuStore

let storeYAML = """
    collection: {id: demo, subject: related rights}
    concepts:
      - id: demo.phonogram
        citation: WPPT Art. 2(b)
        related: [demo.producer]
        terms:
          zh: [录音制品]
          en:
            - phonogram
            - {term: sound recording, status: deprecated, note: US usage.}
      - id: demo.producer
        citation: WPPT Art. 2(d)
        terms:
          zh: [录音制品制作者]
          en:
            - term: producer of phonograms
              variants: [phonogram-makers]
            - {term: record producer, status: deprecated}
      - id: demo.party
        citation: WPPT Art. 1
        terms:
          zh: [缔约方]
          en: [{term: Contracting Party, case-sensitive: true}]
      - id: demo.sovereignty
        citation: White paper 2022
        terms:
          zh: [网络主权]
          en:
            - cyber sovereignty
            - {term: sovereignty in cyberspace, status: admitted}
      - id: demo.sovereign-equality
        citation: UN Charter Art. 2(1)
        terms:
          zh: [主权平等]
          en: [sovereign equality]
    """

func demoStore() throws -> TermStore {
    let store = try TermStore()
    try store.replace(originPrefix: "glossary:", with: try Glossary.parse(storeYAML).concepts)
    return store
}

@Suite struct LookupTests {
    @Test func exactChinese() throws {
        let result = try demoStore().lookup("录音制品")
        #expect(result.language == .chinese)
        let first = try #require(result.matches.first)
        #expect(first.kind == .exact && first.concept.id == "demo.phonogram")
        #expect(first.concept.preferredEnglish?.text == "phonogram")
        // 录音制品制作者 contains the query: listed after the exact match.
        #expect(result.matches.map(\.concept.id) == ["demo.phonogram", "demo.producer"])
        #expect(result.matches[1].kind == .prefix)
    }

    @Test func reverseEnglishIgnoresCaseAndWidth() throws {
        let store = try demoStore()
        for query in ["phonogram", "PHONOGRAM", "Ｐｈｏｎｏｇｒａｍ"] {
            let first = try #require(try store.lookup(query, options: .init(includePartial: false)).matches.first)
            #expect(first.kind == .exact && first.concept.id == "demo.phonogram" && first.language.isEnglish)
        }
    }

    @Test func inflectedForms() throws {
        let store = try demoStore()
        for query in ["phonograms", "Phonograms'", "producers of phonograms", "Contracting Parties", "phonogram's"] {
            let first = try #require(try store.lookup(query, options: .init(includePartial: false)).matches.first, "\(query)")
            #expect(first.kind == .inflected, "\(query)")
        }
        #expect(try store.lookup("Contracting Parties").matches.first?.concept.id == "demo.party")
    }

    @Test func deprecatedTermFindsItsConcept() throws {
        let first = try #require(try demoStore().lookup("sound recordings").matches.first)
        #expect(first.concept.id == "demo.phonogram")
        #expect(first.term.status == .deprecated && first.kind == .inflected)
        #expect(first.term.usageNote == "US usage.")
    }

    @Test func variantsAreLookedUp() throws {
        let first = try #require(try demoStore().lookup("phonogram makers").matches.first)
        #expect(first.concept.id == "demo.producer" && first.matchedForm == "phonogram-makers")
        #expect(first.term.text == "producer of phonograms")
    }

    @Test func twoCharacterChineseSubstring() throws {
        let store = try demoStore()
        #expect(try store.lookup("录音").matches.map(\.concept.id) == ["demo.phonogram", "demo.producer"])
        #expect(try store.lookup("录音").matches.allSatisfy { $0.kind == .prefix })
        // 主权 is inside 网络主权 and at the start of 主权平等: the prefix match ranks first.
        let sovereignty = try store.lookup("主权").matches
        #expect(sovereignty.map(\.concept.id) == ["demo.sovereign-equality", "demo.sovereignty"])
        #expect(sovereignty.map(\.kind) == [.prefix, .substring])
    }

    @Test func singleCharacterAndEnglishSubstring() throws {
        let store = try demoStore()
        #expect(Set(try store.lookup("权").matches.map(\.concept.id)) == ["demo.sovereignty", "demo.sovereign-equality"])
        let cyber = try store.lookup("sovereignty").matches
        #expect(cyber.first?.concept.id == "demo.sovereignty")
        #expect(try store.lookup("producer").matches.map(\.concept.id) == ["demo.producer"])
    }

    @Test func exactOnlyAndLimit() throws {
        let store = try demoStore()
        #expect(try store.lookup("录音", options: .init(includePartial: false)).matches.isEmpty)
        #expect(try store.lookup("录音", options: .init(limit: 1)).matches.count == 1)
    }

    @Test func suggestions() throws {
        let store = try demoStore()
        #expect(try store.lookup("phonogarm").matches.isEmpty)
        #expect(try store.suggestions(for: "phonogarm").first?.text == "phonogram")
        #expect(try store.suggestions(for: "录影制品").first?.text == "录音制品")
        #expect(try store.suggestions(for: "zzzzzz").isEmpty)
    }
}

@Suite struct StoreWriteTests {
    @Test func replaceIsOneTransaction() throws {
        let store = try demoStore()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.replace(originPrefix: "glossary:", with: []) { _ in throw Boom() }
        }
        #expect(try store.conceptCount() == 5)
        #expect(try store.lookup("录音制品").matches.count == 2)
    }

    @Test func replaceKeepsOtherOrigins() throws {
        let store = try demoStore()
        try store.upsert([Concept(id: "import.x", citations: ["x"], languages: [
            LanguageSection(language: .zh, terms: [Term("测试")]), LanguageSection(language: .en, terms: [Term("test")]),
        ], origin: "import:x.tbx")])
        try store.replace(originPrefix: "glossary:", with: [])
        #expect(try store.allConcepts().map(\.id) == ["import.x"])
        #expect(try store.lookup("test").matches.first?.concept.id == "import.x")
        // Index rows went with their concepts.
        #expect(try store.termCount() == 2)
    }

    @Test func conceptRoundTripsThroughJSON() throws {
        let store = try demoStore()
        let original = try Glossary.parse(storeYAML).concepts
        #expect(try store.allConcepts() == original)
    }

    @Test func refusesAStoreFromANewerShuyu() throws {
        let path = Scratch.url("newer.sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try TermStore(path: path)
            try store.writer.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-the-future')")
            }
        }
        #expect(throws: StoreError.self) { _ = try TermStore(path: path) }
    }

    /// Lookup decodes bodies straight from SQLite's buffer: a binary body that does not
    /// decode is an error naming its concept, and a JSON body (stores from before the
    /// binary encoding) still reads.
    @Test func lookupReadsEveryKindOfBody() throws {
        let store = try TermStore()
        let concepts = ["phonogram", "broadcasting"].map { text in
            Concept(id: "c.\(text)", languages: [LanguageSection(language: .en, terms: [Term(text)])])
        }
        try store.upsert(concepts)
        let json = String(decoding: try JSONEncoder().encode(concepts[1]), as: UTF8.self)
        try store.writer.write { db in
            try db.execute(sql: "UPDATE concept SET body = ? WHERE id = 'c.phonogram'", arguments: [Data([ConceptCodec.magic, 0x09, 0x41])])
            try db.execute(sql: "UPDATE concept SET body = ? WHERE id = 'c.broadcasting'", arguments: [json])
        }
        #expect(try store.lookup("broadcasting").matches.map(\.concept) == [concepts[1]])
        #expect(try store.concept(id: "c.broadcasting") == concepts[1])
        do {
            _ = try store.lookup("phonogram")
            Issue.record("a body that does not decode was read")
        } catch let StoreError.corruptConcept(id, _) {
            #expect(id == "c.phonogram")
        }
    }

    /// A lookup reads in a transaction of its own, on a pooled connection: one that fails
    /// part-way (a body that does not decode) still ends it, so that the connection's next
    /// lookup sees what was written since rather than the failed lookup's snapshot.
    @Test func failedLookupEndsItsTransaction() throws {
        let path = Scratch.path("failed-lookup.sqlite")
        let store = try TermStore(path: path)
        try store.upsert([Concept(id: "c.broken", languages: [LanguageSection(language: .en, terms: [Term("phonogram")])])])
        try store.writer.write { db in
            try db.execute(sql: "UPDATE concept SET body = ? WHERE id = 'c.broken'", arguments: [Data([ConceptCodec.magic, 0x09])])
        }
        #expect(throws: StoreError.self) { _ = try store.lookup("phonogram") }
        try store.upsert([Concept(id: "c.fixation", languages: [LanguageSection(language: .en, terms: [Term("fixation")])])])
        #expect(try store.lookup("fixation").matches.map(\.concept.id) == ["c.fixation"])
        try (store.writer as! DatabasePool).unsafeRead { db in #expect(!db.isInsideTransaction) }
    }

    /// A store whose lookup keys a newer Shuyu made (a higher index version) is refused,
    /// not rebuilt with this version's keys, and left as it was.
    @Test func refusesKeysFromANewerShuyu() throws {
        let path = Scratch.path("newer-keys.sqlite")
        do {
            let store = try TermStore(path: path)
            try store.upsert([Concept(id: "c", languages: [LanguageSection(language: .en, terms: [Term("phonogram")])])])
            try store.setMetadata("index.version", String(Int(TermStore.indexVersion)! + 1))
        }
        #expect(throws: StoreError.self) { _ = try TermStore(path: path) }
        #expect(TermStore.openReadOnly(path: path) == nil)
        let queue = try DatabaseQueue(path: path)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM term") } == 1)
        #expect(try queue.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'index.version'") } == String(Int(TermStore.indexVersion)! + 1))
    }

    /// A store as the first release left it (only migration v1, version-1 index rows, a
    /// concept body as v1 wrote it) is migrated in place: its concept is kept, the new
    /// tables exist, and the rebuilt index answers an English word query v1 could not.
    @Test func migratesAStoreFromTheFirstRelease() throws {
        let path = Scratch.url("v1.sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: "v1-concepts-terms-grams")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('index.version', '1')")
                try db.execute(sql: """
                    INSERT INTO concept(id, origin, position, body) VALUES ('old.phonogram', 'import:old.tbx', 0,
                      '{"id":"old.phonogram","origin":"import:old.tbx","citations":["WPPT Art. 2(b)"],"languages":[{"language":"zh","terms":[{"text":"录音制品"}]},{"language":"en","terms":[{"text":"phonogram"},{"text":"sound recording","status":"deprecated"}]}]}')
                    """)
                try db.execute(sql: """
                    INSERT INTO term(concept_id, term_index, lang, is_chinese, text, status, exact_key, match_key, case_sensitive)
                    VALUES ('old.phonogram', 0, 'zh', 1, '录音制品', 'preferred', '录音制品', '录音制品', 0)
                    """)
            }
        }
        let store = try TermStore(path: path)
        let migrations = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
        #expect(migrations == ["v1-concepts-terms-grams", "v2-sources", "v3-word-index", "v4-ranked-term-indexes", "v5-ranked-grams", "v6-concept-order", "v7-content-version", "v8-ranked-words", "v9-word-pairs", "v10-concept-rows", "v11-key-answers"])
        #expect(try store.metadata("index.version") == TermStore.indexVersion)
        #expect(try store.allConcepts().map(\.id) == ["old.phonogram"])
        // A word inside a multi-word term: answered by the v3 word index, rebuilt from the body.
        #expect(try store.lookup("recording").matches.contains { $0.concept.id == "old.phonogram" })
        #expect(try store.lookup("录音").matches.first?.concept.id == "old.phonogram")
        // Words in a row: answered by the v9 pair index, also rebuilt from the body.
        #expect(try store.lookup("sound rec", options: LookupOptions(includePartial: true)).matches.first?.concept.id == "old.phonogram")
        #expect(try store.lookup("recording sound", options: LookupOptions(includePartial: true)).matches.isEmpty)
        // The JSON body was rewritten in the binary encoding.
        let body = try store.writer.read { db in try DatabaseValue.fetchOne(db, sql: "SELECT body FROM concept") }
        guard case .blob = body?.storage else { Issue.record("body not rewritten: \(String(describing: body))"); return }
    }

    /// A concept's pair rows go with it when it is replaced or deleted (they cascade from its
    /// terms), so that a query of several words never finds a term that is gone.
    @Test func wordPairsFollowTheirConcept() throws {
        let store = try TermStore()
        func pairs() throws -> [String] {
            try store.writer.read { db in try String.fetchAll(db, sql: "SELECT first || ' ' || second FROM term_pair ORDER BY 1") }
        }
        var concept = Concept(id: "c", languages: [LanguageSection(language: .en, terms: [Term("right of rental")])])
        concept.origin = "glossary:test"
        try store.upsert([concept])
        #expect(try pairs() == ["of rental", "right of"])
        var changed = concept
        changed.languages[0].terms = [Term("right of distribution")]
        try store.upsert([changed])
        #expect(try pairs() == ["of distribution", "right of"])
        #expect(try store.lookup("of ren", options: LookupOptions(includePartial: true)).matches.isEmpty)
        try store.replace(originPrefix: "glossary:", with: [])
        #expect(try pairs().isEmpty)
    }

    /// A store made before the word-pair index gets its pair rows from the keys of the terms
    /// it holds, without rebuilding the other index rows.
    @Test func wordPairsAreAddedToAStoreWithoutThem() throws {
        let path = Scratch.url("v8.sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: "v8-ranked-words")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('index.version', ?)", arguments: [TermStore.indexVersion])
                let concept = Concept(id: "old.phonogram", languages: [
                    LanguageSection(language: .zh, terms: [Term("录音制品")]),
                    LanguageSection(language: .en, terms: [Term("phonogram"), Term("sound recording of a sound", status: .deprecated)]),
                ])
                try db.execute(sql: "INSERT INTO concept(id, origin, position, body) VALUES (?, NULL, 0, ?)",
                               arguments: [concept.id, ConceptCodec.encode(concept)])
                for (index, text, chinese) in [(0, "录音制品", true), (1, "phonogram", false), (2, "sound recording of a sound", false)] {
                    try db.execute(sql: """
                        INSERT INTO term(concept_id, term_index, lang, is_chinese, text, status, exact_key, match_key, case_sensitive)
                        VALUES ('old.phonogram', ?, ?, ?, ?, 'preferred', ?, ?, 0)
                        """, arguments: [index, chinese ? "zh" : "en", chinese, text, text, text])
                }
            }
        }
        let store = try TermStore(path: path)
        let pairs = try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT first, second, length FROM term_pair ORDER BY first, second").map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int)" }
        }
        #expect(pairs == ["a sound 26", "of a 26", "recording of 26", "sound recording 26"])
        #expect(try store.lookup("sound rec", options: LookupOptions(includePartial: true)).matches.first?.concept.id == "old.phonogram")
        #expect(try store.lookup("of a so", options: LookupOptions(includePartial: true)).matches.first?.concept.id == "old.phonogram")
        // The other index rows were kept, not rebuilt.
        #expect(try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM term_word") } == 0)
    }

    /// A store made before concepts had numbers (v10) keeps every concept under its old row
    /// number, gives each term its concept's number, and goes on working: lookups, the
    /// content-version triggers, the cascade from a concept to its terms.
    @Test func conceptsKeepTheirRowNumbersWhenTheyGetNumbers() throws {
        let path = Scratch.url("v9.sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let concepts = ["录音制品", "技术措施", "网络主权"].enumerated().map { n, text in
            Concept(id: "old.\(n)", languages: [LanguageSection(language: .zh, terms: [Term(text)]), LanguageSection(language: .en, terms: [Term("term \(n)")])])
        }
        do {
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: "v9-word-pairs")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('index.version', ?)", arguments: [TermStore.indexVersion])
                for (position, concept) in concepts.enumerated() {
                    try db.execute(sql: "INSERT INTO concept(id, origin, position, body) VALUES (?, 'import:old.tbx', ?, ?)",
                                   arguments: [concept.id, position, ConceptCodec.encode(concept)])
                    for (index, entry) in concept.allTerms.enumerated() {
                        try db.execute(sql: """
                            INSERT INTO term(concept_id, term_index, lang, is_chinese, text, status, exact_key, match_key, case_sensitive)
                            VALUES (?, ?, ?, ?, ?, 'preferred', ?, ?, 0)
                            """, arguments: [concept.id, index, entry.language.value, entry.language.isChinese, entry.term.text, entry.term.text, entry.term.text])
                    }
                }
                // A gap: numbers are the old row numbers, not positions.
                try db.execute(sql: "DELETE FROM concept WHERE id = 'old.1'")
            }
        }
        let upgrades = Mutex(0)
        let store = try TermStore(path: path, onUpgrade: { upgrades.withLock { $0 += 1 } })
        #expect(upgrades.withLock { $0 } == 1)
        _ = try TermStore(path: path, onUpgrade: { upgrades.withLock { $0 += 1 } })
        _ = try TermStore(path: Scratch.path("new.sqlite"), onUpgrade: { upgrades.withLock { $0 += 1 } })
        #expect(upgrades.withLock { $0 } == 1, "an up-to-date store and a new one are not upgrades")
        func numbers() throws -> [String] {
            try store.writer.read { db in
                try String.fetchAll(db, sql: """
                    SELECT c.id || ' ' || c.number || ' ' || count(t.id) FROM concept c LEFT JOIN term t ON t.concept_number = c.number
                    GROUP BY c.number ORDER BY c.number
                    """)
            }
        }
        #expect(try numbers() == ["old.0 1 2", "old.2 3 2"])
        #expect(try store.lookup("网络主权").matches.map(\.concept) == [concepts[2]])
        #expect(try store.lookup("term 0").matches.map(\.concept) == [concepts[0]])
        let indexes = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE tbl_name = 'concept' AND sql IS NOT NULL ORDER BY name") }
        #expect(indexes == ["concept", "concept_body_updated", "concept_deleted", "concept_inserted", "concept_origin", "concept_position", "concept_updated"])
        // A write after the migration: a new concept, and a changed one (its terms go with
        // the old one, by the cascade).
        let version = try store.metadata("content_version")
        var changed = concepts[0]
        changed.languages[1].terms = [Term("phonogram")]
        try store.upsert([changed, concepts[1]])
        #expect(try store.metadata("content_version") != version)
        #expect(try numbers() == ["old.2 3 2", "old.0 4 2", "old.1 5 2"])
        #expect(try store.lookup("term 0").matches.isEmpty)
        #expect(try store.lookup("phonogram").matches.map(\.concept) == [changed])
        #expect(try store.lookup("技术措施").matches.map(\.concept) == [concepts[1]])
    }

    @Test func fileStoreUsesWAL() throws {
        let path = Scratch.url("wal.sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try TermStore(path: path)
        let mode = try store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let indexes = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'term%'") }
        #expect(Set(indexes).isSuperset(of: ["term_exact", "term_match", "term_concept"]))
    }
}

@Suite struct ConceptCodecTests {
    /// Every field, with optionals set and unset, survives the binary body.
    @Test func everyFieldRoundTrips() throws {
        let full = Concept(
            id: "c.1", subject: "related rights", definition: "A fixation of sounds.", citations: ["WPPT Art. 2(b)", "WCT"],
            notes: ["note"], related: ["c.2"],
            languages: [
                LanguageSection(language: LanguageTag("zh-Hans")!, terms: [
                    Term("录音制品", status: .preferred, partOfSpeech: .noun, termType: .fullForm, usageNote: "用法", isCaseSensitive: false,
                         variants: ["录音製品"], source: "WPPT", extras: [ExtraData(format: "tbx", content: "<note>x</note>", category: "note")]),
                ], definition: "定义", extras: [ExtraData(format: "tbx", content: "<descrip/>")]),
                LanguageSection(language: .en, terms: [
                    Term("Phonogram Maker", status: .forbidden, isCaseSensitive: true, isBlocked: true),
                    Term("record", status: .deprecated, isStatusImplicit: true),
                ]),
            ],
            origin: "import:x.tbx", extras: [ExtraData(format: "tbx", content: "<transacGrp/>", category: "transacGrp")])
        for concept in [full, Concept(id: "bare")] {
            #expect(try ConceptCodec.decode(ConceptCodec.encode(concept)) == concept)
        }
    }

    @Test func bundledGlossaryRoundTrips() throws {
        let glossary = try Glossary.load(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("glossary"))
        for concept in glossary.concepts {
            #expect(try ConceptCodec.decode(ConceptCodec.encode(concept)) == concept)
        }
    }

    /// A damaged body is an error, never a crash or a wrong concept.
    @Test func truncatedBodiesAreRefused() throws {
        let data = ConceptCodec.encode(try Glossary.parse(storeYAML).concepts[0])
        for length in 0..<data.count {
            #expect(throws: ConceptCodec.Failure.self) { try ConceptCodec.decode(data.prefix(length)) }
        }
    }
}

/// Lookup's ranking query is answered from the ranked index, without a sort of every row.
@Suite struct LookupPlanTests {
    /// Every column lookup reads is in the index (v10): no row of the term table is read.
    @Test func exactLookupReadsTheRankedIndexInOrder() throws {
        let store = try TermStore()
        let plan = try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT \(TermRow.columns) FROM term WHERE exact_key = ?
                ORDER BY status IN ('preferred', 'admitted') DESC, length(text), concept_id LIMIT 40
                """, arguments: ["x"]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING COVERING INDEX term_exact") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
        let inflected = try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT \(TermRow.columns) FROM term WHERE match_key = ? AND exact_key <> ?
                ORDER BY status IN ('preferred', 'admitted') DESC, length(text), concept_id LIMIT 40
                """, arguments: ["x", "y"]).map { $0["detail"] as String }
        }
        #expect(inflected.contains { $0.contains("USING COVERING INDEX term_match") }, "\(inflected)")
        #expect(!inflected.contains { $0.contains("TEMP B-TREE") }, "\(inflected)")
    }

    @Test func twoCharacterQueryReadsBigramsInLengthOrder() throws {
        let store = try TermStore()
        let plan = try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT t.id FROM term_gram g JOIN term t ON t.id = g.term_id
                WHERE g.gram = ? ORDER BY g.length LIMIT 40
                """, arguments: ["录音"]).map { $0["detail"] as String }
        }
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
        // Many terms share 录音: the shortest come first.
        let concepts = (0..<60).map { index in
            Concept(id: "c\(index)", languages: [LanguageSection(language: .zh, terms: [Term(String(repeating: "长", count: index % 7) + "录音" + "\(index)")])])
        }
        try store.upsert(concepts)
        let found = try store.lookup("录音", options: LookupOptions(includePartial: true, limit: 5)).matches
        #expect(found.count == 5)
        #expect(found.allSatisfy { !$0.matchedForm.contains("长") }, "\(found.map(\.matchedForm))")
    }

    @Test func exactKeySharedByManyConceptsRanksAndStopsAtTheLimit() throws {
        let store = try TermStore()
        // 50 concepts share the key "right": some rejected, some with the term second in a
        // later section (its term index counts across sections), one with two rows of it.
        let concepts = (0..<50).map { index in
            let status: TermStatus = index % 4 == 0 ? .deprecated : .preferred
            var english = [Term("right", status: status)]
            if index == 7 { english.append(Term("Right", status: .admitted)) }
            return Concept(id: String(format: "r%02d", 49 - index), languages: [
                LanguageSection(language: .zh, terms: [Term("权利\(index)")]),
                LanguageSection(language: .en, terms: [Term("entitlement \(index)")] + english),
            ])
        }
        try store.upsert(concepts)
        let found = try store.lookup("right", options: LookupOptions(includePartial: false, limit: 20)).matches
        #expect(found.count == 20)
        #expect(Set(found.map(\.concept.id)).count == 20)
        // Approved first (37 concepts have an approved "right"), then by concept id.
        #expect(found.allSatisfy { $0.term.status.isApproved })
        let approvedIDs = concepts.filter { $0.englishTerms.contains { $0.text.lowercased() == "right" && $0.status.isApproved } }.map(\.id).sorted()
        #expect(found.map(\.concept.id) == Array(approvedIDs.prefix(20)))
        #expect(found.allSatisfy { $0.term.text.lowercased() == "right" && $0.language == .en && $0.kind == .exact })
        // Fewer concepts than the limit: every one, rejected ones last.
        let all = try store.lookup("right", options: LookupOptions(includePartial: false, limit: 60)).matches
        #expect(all.count == 50)
        #expect(all.suffix(13).allSatisfy { !$0.term.status.isApproved })
    }

    @Test func oneWordPrefixRanksInTheIndex() throws {
        let store = try TermStore()
        // Many terms have words starting with "perf"; the shortest keys come first, whichever word.
        let concepts = (0..<80).map { index in
            Concept(id: "p\(index)", languages: [LanguageSection(language: .en, terms: [
                Term(String(repeating: "long ", count: index % 5) + ["performance", "performer", "perfect"][index % 3] + " \(index)"),
            ])])
        }
        try store.upsert(concepts)
        let found = try store.lookup("perf", options: LookupOptions(includePartial: true, limit: 6)).matches
        #expect(found.count == 6)
        #expect(found.allSatisfy { !$0.matchedForm.contains("long") }, "\(found.map(\.matchedForm))")
        // A word's rows are read a page at a time from the index, in rank order, unsorted.
        let plan = try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT length, term_id FROM term_word
                WHERE word = ? AND (length, term_id) > (?, ?) ORDER BY length, term_id LIMIT 8
                """, arguments: ["perfect", 3, 1]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("term_word") } && !plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    }

    /// Both ways of reading a query of several words against the plain answer: terms in
    /// which the query's words stand in a row from a word boundary, the last as a word
    /// prefix, by key length and then id. `maxWords` picks the way: the merge of the word
    /// pairs' ranked rows (more than a page each), or one ranked read of all of them.
    @Test(arguments: [2048, 1])
    func phrasePrefixPlansMatchThePlainAnswer(maxWords: Int) throws {
        let store = try TermStore()
        var concepts: [Concept] = []
        for index in 0..<120 {
            let padding = String(repeating: "y", count: index % 9 + 1)
            let text: String
            switch index % 4 {
            case 0: text = "\(padding) the right \(["perform", "peace", "pen"][index % 3]) \(index)"
            case 1: text = "right \(padding) \(index) penalty"  // the words, not in a row
            case 2: text = "the copyright pending \(padding) right"  // "right pe" inside a word
            default: text = "\(padding) right to \(index)"
            }
            concepts.append(Concept(id: "r\(index)", languages: [LanguageSection(language: .en, terms: [Term(text)])]))
        }
        try store.upsert(concepts)
        for (words, limit) in [(["right", "pe"], 400), (["right", "pe"], 3), (["right", "pe"], 12), (["the", "right", "pe"], 400),
                                (["right", "zz"], 10), (["right", "p"], 30)] {
            let key = words.joined(separator: " ")
            let (found, plain) = try store.writer.read { db in
                let found = try TermStore.phrasePrefix(db, words: words, key: key, limit: limit, maxWords: maxWords).map(\.id)
                let plain = try Int64.fetchAll(db, sql: """
                    SELECT id FROM term WHERE instr(' ' || exact_key, ' ' || ?) > 0 ORDER BY length(exact_key), id LIMIT ?
                    """, arguments: [key, limit])
                return (found, plain)
            }
            #expect(found == plain, "\(key), limit \(limit)")
            if words.last != "zz" { #expect(!found.isEmpty) }
        }
    }

    /// The word-prefix merge against the plain answer: the terms with a word starting with
    /// the prefix, by key length and then id. Words with many rows are read in several pages,
    /// a term with two such words comes once, and the one-query path for prefixes of very
    /// many words gives the same answer.
    @Test(arguments: [1, 3, 2048])
    func wordPrefixMergeMatchesThePlainRanking(maxWords: Int) throws {
        let store = try TermStore()
        let words = ["mental", "mentor", "mention", "menthol", "mend", "ment", "mentality"]
        var concepts: [Concept] = []
        for index in 0..<150 {
            let word = words[index % words.count]
            var text = String(repeating: "x", count: index % 11) + " " + word + " \(index)"
            if index % 13 == 0 { text += " " + words[(index + 1) % words.count] }
            concepts.append(Concept(id: "m\(index)", languages: [LanguageSection(language: .en, terms: [Term(text)])]))
        }
        concepts.append(Concept(id: "other", languages: [LanguageSection(language: .en, terms: [Term("amend")])]))
        try store.upsert(concepts)
        for limit in [1, 5, 8, 9, 40, 400] {
            let (merged, plain) = try store.writer.read { db in
                let merged = try TermStore.wordPrefix(db, "men", limit: limit, maxWords: maxWords).map(\.id)
                let plain = try Int64.fetchAll(db, sql: """
                    SELECT id FROM term WHERE id IN (SELECT term_id FROM term_word WHERE word >= 'men' AND word < 'meo')
                    ORDER BY length(exact_key), id LIMIT ?
                    """, arguments: [limit])
                return (merged, plain)
            }
            #expect(merged == plain, "limit \(limit)")
        }
    }
}

@Suite struct MatcherSnapshotStoreTests {
    func fileStore() throws -> TermStore {
        let store = try TermStore(path: Scratch.path("matcher.sqlite"))
        try store.replace(originPrefix: "glossary:", with: try Glossary.parse(storeYAML).concepts)
        return store
    }

    @Test func theSnapshotIsReusedUntilAConceptChanges() throws {
        let store = try fileStore()
        let first = try store.termIndex()
        #expect(!first.fromSnapshot)
        #expect(FileManager.default.fileExists(atPath: try #require(store.matcherCachePath)))
        let second = try store.termIndex()
        #expect(second.fromSnapshot)
        #expect(second.index.chineseMatches(in: "录音制品制作者").first?.refs.map(\.conceptID) == ["demo.producer"])
        #expect(second.index.concept("demo.party")?.citations == ["WPPT Art. 1"])

        // Any change to a concept, by whatever path, changes the content version.
        var version = try store.contentVersion()
        var concept = try #require(try store.concept(id: "demo.phonogram"))
        concept.languages[0].terms.append(Term("唱片"))
        try store.upsert([concept])
        #expect(try store.contentVersion() != version)
        let third = try store.termIndex()
        #expect(!third.fromSnapshot)
        #expect(third.index.chineseMatches(in: "唱片").first?.refs.first?.conceptID == "demo.phonogram")
        #expect(try store.termIndex().fromSnapshot)

        version = try store.contentVersion()
        try store.replace(originPrefix: "glossary:", with: [])
        #expect(try store.contentVersion() != version)
        #expect(try store.termIndex().index.chineseMatches(in: "唱片").isEmpty)
    }

    /// A change made while the index is in use (an import beside a lint) is not seen by it:
    /// the concepts its matches read come from the view it was built from, even when the
    /// change moves the term to another position.
    @Test func aChangeDuringTheRunIsNotSeenHalfway() throws {
        let store = try fileStore()
        let (index, _) = try store.termIndex(useSnapshot: false)
        var changed = try #require(try store.concept(id: "demo.phonogram"))
        changed.languages.reverse()
        changed.languages[1].terms[0].status = .deprecated
        try store.upsert([changed])
        let match = try #require(index.chineseMatches(in: "录音制品的").first)
        #expect(match.refs.map(\.term.text) == ["录音制品"])
        #expect(match.refs.first?.term.status == .preferred)
        #expect(index.englishMatches(in: "phonograms").first?.refs.map(\.term.text) == ["phonogram"])
        // A new run sees the change.
        let fresh = try store.termIndex(useSnapshot: false).index
        #expect(fresh.chineseMatches(in: "录音制品的").first?.refs.first?.term.status == .deprecated)
    }

    @Test func originsAreRecordedInTheKey() throws {
        let store = try fileStore()
        _ = try store.termIndex()
        let none = try store.termIndex(origins: ["glossary:nothing"])
        #expect(!none.fromSnapshot && none.index.conceptCount == 0)
        #expect(try store.termIndex(origins: ["glossary:nothing"]).fromSnapshot)
        #expect(!(try store.termIndex()).fromSnapshot)
    }

    @Test func aBrokenSnapshotIsRebuilt() throws {
        let store = try fileStore()
        _ = try store.termIndex()
        let path = try #require(store.matcherCachePath)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        let rebuilt = try store.termIndex()
        #expect(!rebuilt.fromSnapshot)
        #expect(rebuilt.index.chineseMatches(in: "网络主权").count == 1)
        #expect(try store.termIndex().fromSnapshot, "the rebuilt index was saved again")
    }
}

@Suite struct BackgroundScanTests {
    /// The background scan gives what the plain one gives, in order, and its body may ask
    /// the store for other concepts while the scan's own read is open, on a file store (two
    /// connections) and in memory (where it reads on the calling thread).
    @Test(arguments: [true, false])
    func sameConceptsAndLookupsFromTheBody(onFile: Bool) throws {
        let store = onFile ? try TermStore(path: Scratch.path("scan.sqlite")) : try TermStore()
        let many = (0..<1_000).map { n in
            Concept(id: "c\(n)", related: ["c\((n + 1) % 1_000)"], languages: [LanguageSection(language: .zh, terms: [Term("术语\(n)")])])
        }
        try store.upsert(many)
        var plain: [String] = []
        try store.forEachConcept { plain.append($0.id) }
        var background: [String] = []
        var targets = 0
        try store.forEachConceptInBackground { concept in
            background.append(concept.id)
            if try store.concept(id: concept.related[0]) != nil { targets += 1 }
        }
        #expect(background == plain && plain.count == 1_000)
        #expect(targets == 1_000)
        // A throw in the body ends the scan.
        var seen = 0
        #expect(throws: CocoaError.self) {
            try store.forEachConceptInBackground { _ in
                seen += 1
                if seen == 300 { throw CocoaError(.userCancelled) }
            }
        }
        #expect(seen == 300)
    }
}
