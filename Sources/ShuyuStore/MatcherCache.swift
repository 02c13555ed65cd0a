import Foundation
import GRDB
import ShuyuMatching
import ShuyuModel

/// Concepts read from one unchanging view of the store (a database snapshot): what an
/// index reads when a match names a concept is what it was built from, even while an
/// import writes.
private struct SnapshotConcepts: ConceptSource, @unchecked Sendable {
    let reader: any DatabaseReader

    func concept(withID id: String) throws -> Concept? {
        try reader.unsafeReentrantRead { db in try TermStore.concept(db, id: id) }
    }

    /// In one read: each read's own cost (the connection's queue, the statement's lookup)
    /// was most of a concept's when an entry read thousands.
    func concepts(withIDs ids: [String]) throws -> [Concept?] {
        try reader.unsafeReentrantRead { db in try TermStore.concepts(db, ids: ids) }
    }
}

extension TermStore {
    /// The token that changes whenever any concept changes (see migration v7).
    public func contentVersion() throws -> String {
        try writer.unsafeReentrantRead(Self.contentVersion)
    }

    static func contentVersion(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'content_version'") ?? ""
    }

    /// Where the matcher snapshot of this store is kept: beside it, or nowhere for a store in memory.
    public var matcherCachePath: String? { path == ":memory:" ? nil : path + ".matcher" }

    /// The term index of the concepts whose origin is one of `origins` (all when empty),
    /// for linting.
    ///
    /// Building it decodes every concept and folds every term, which takes most of a minute
    /// for a million concepts; so the built index is kept as a snapshot beside the store
    /// (``matcherCachePath``) and loaded instead while the store's concepts, the origins
    /// asked for and the lookup keys' version are unchanged. A loaded index reads concepts
    /// from the store only when a match names them. A snapshot that cannot be read or
    /// written is ignored: the index is then built in memory.
    ///
    /// - Returns: the index and whether it came from the snapshot.
    public func termIndex(origins: [String] = [], useSnapshot: Bool = true) throws -> (index: TermIndex, fromSnapshot: Bool) {
        // One unchanging view for the whole run: the content version, the concepts an index
        // is built from, and those its matches read later (a file store; a store in memory
        // has one connection, which nothing else writes through meanwhile).
        let reader: any DatabaseReader = try (writer as? DatabasePool)?.makeSnapshot() ?? writer
        let version = try reader.unsafeReentrantRead(Self.contentVersion)
        let key = "\(version)|\(Self.indexVersion)|\(origins.sorted().joined(separator: ","))"
        let source = SnapshotConcepts(reader: reader)
        // The index reads a concept where a match first names it: single pages scattered
        // over the file. Read through the memory map, each stays resident (a million-concept
        // store's lint peaked at 1.37 GB); through SQLite's page cache they do not, no slower.
        func readingScattered(_ index: TermIndex, fromSnapshot: Bool) throws -> (index: TermIndex, fromSnapshot: Bool) {
            if reader !== writer { try reader.unsafeReentrantRead { db in try db.execute(sql: "PRAGMA mmap_size = 0") } }
            return (index, fromSnapshot)
        }
        let cachePath = useSnapshot ? matcherCachePath : nil
        if let cachePath, let data = try? Data(contentsOf: URL(fileURLWithPath: cachePath), options: .alwaysMapped),
           let index = TermIndex(snapshot: data, key: key, source: source) {
            return try readingScattered(index, fromSnapshot: true)
        }
        // Concepts are indexed as they are read and not kept: the index reads the ones its
        // matches name back from the same view. A file store's view is read and decoded on a
        // thread of its own while this one indexes (a store in memory has one connection).
        // The number of term rows (variants included), for the key tables' size (60 ms at a
        // million concepts, from the smallest index); a lint of some origins only may index
        // far fewer, and goes without.
        let terms = origins.isEmpty ? try reader.unsafeReentrantRead { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM term") ?? 0 } : 0
        let index = try TermIndex(source: source, expectedTerms: terms) { add in
            @Sendable func readAll(_ body: (Concept) throws -> Void) throws {
                try reader.unsafeReentrantRead { db in
                    try Self.forEachConcept(db) { concept in
                        if origins.isEmpty || origins.contains(concept.origin ?? "") { try body(concept) }
                    }
                }
            }
            guard reader !== writer else { return try readAll { add($0) } }
            try BatchChannel<Concept, Void>.run(
                produce: { _, send in try readAll(send) },
                consume: { batch, _ in for concept in batch { add(concept) } })
        }
        if let cachePath {
            Self.writeAtomically(to: cachePath) { try index.writeSnapshot(key: key, to: $0) }
        }
        return try readingScattered(index, fromSnapshot: false)
    }

    /// Writes through a temporary file and a rename, so that a reader never sees half a
    /// snapshot; failures (a read-only directory) are ignored, as the snapshot is only a cache.
    static func writeAtomically(to path: String, _ write: (String) throws -> Void) {
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8)).tmp"
        do {
            try write(temporary)
            if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
        }
    }
}
