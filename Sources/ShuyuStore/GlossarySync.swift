import Foundation
import GRDB
import ShuyuGlossary
import ShuyuModel

/// Where the store and the glossary are, resolved from options, environment and the
/// current directory.
///
/// - Glossary: `--glossary DIR`, else `$SHUYU_GLOSSARY`, else the first `glossary/`
///   directory holding `*.yaml` files found in the current directory or one of its parents.
/// - Store: `--store FILE`, else `$SHUYU_STORE`, else `.shuyu/store.sqlite` next to that
///   `glossary/` directory (the project root).
public struct StoreLocation: Sendable, Equatable {
    public var storePath: String
    public var glossaryDirectory: URL?

    public init(storePath: String, glossaryDirectory: URL?) {
        self.storePath = storePath
        self.glossaryDirectory = glossaryDirectory
    }

    public enum ResolutionError: Error, CustomStringConvertible {
        case noGlossary(searchedFrom: String)
        case notADirectory(String)

        public var description: String {
            switch self {
            case let .noGlossary(start):
                return "no store and no glossary: looked for glossary/*.yaml in \(start) and its parents; pass --glossary DIR or --store FILE (or set SHUYU_GLOSSARY / SHUYU_STORE)"
            case let .notADirectory(path):
                return "\(path): not a glossary directory"
            }
        }
    }

    public static func resolve(
        store: String?,
        glossary: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) throws -> StoreLocation {
        var glossaryURL: URL?
        if let explicit = glossary ?? environment["SHUYU_GLOSSARY"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let url = absolute(explicit, in: currentDirectory)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ResolutionError.notADirectory(explicit)
            }
            glossaryURL = url
        } else {
            glossaryURL = findGlossary(from: currentDirectory)
        }
        if let explicit = store ?? environment["SHUYU_STORE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let path = absolute(explicit, in: currentDirectory).path
            return StoreLocation(storePath: path, glossaryDirectory: glossaryURL)
        }
        guard let glossaryURL else { throw ResolutionError.noGlossary(searchedFrom: currentDirectory.path) }
        let root = glossaryURL.deletingLastPathComponent()
        return StoreLocation(storePath: root.appendingPathComponent(".shuyu/store.sqlite").path, glossaryDirectory: glossaryURL)
    }

    static func absolute(_ path: String, in directory: URL) -> URL {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
        return url.standardizedFileURL
    }

    static func findGlossary(from start: URL) -> URL? {
        var directory = start.standardizedFileURL
        while true {
            let candidate = directory.appendingPathComponent("glossary")
            if let files = try? Glossary.files(in: candidate), !files.isEmpty { return candidate }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }
}

/// Keeps a store in step with a glossary directory.
public enum GlossarySync {
    static let stampKey = "glossary.stamp"
    static let hashKey = "glossary.hash"
    /// The origin prefix of concepts that come from the glossary.
    public static let originPrefix = "glossary:"

    /// What ``sync(_:with:)`` did.
    public enum Outcome: Equatable, Sendable {
        case upToDate
        case rebuilt(concepts: Int)
    }

    /// Rebuilds the glossary's concepts in `store` when the glossary changed since the last
    /// build (or was never loaded). Concepts from other origins (imports) are kept.
    ///
    /// - Throws: ``GlossaryError`` when the glossary has mistakes; the store is unchanged.
    @discardableResult
    public static func sync(_ store: TermStore, with directory: URL) throws -> Outcome {
        let fingerprint = try GlossaryFingerprint(directory: directory)
        let stamp = try fingerprint.stamp()
        if try store.metadata(stampKey) == stamp { return .upToDate }
        let hash = try fingerprint.contentHash()
        if try store.metadata(hashKey) == hash {
            try store.setMetadata(stampKey, stamp)
            return .upToDate
        }
        let glossary = try Glossary.load(files: fingerprint.files)
        let sources = glossary.collections.map {
            TermbaseSource(origin: originPrefix + $0.id, title: $0.title, descriptions: $0.title.map { [$0] } ?? [])
        }
        try store.replace(originPrefix: originPrefix, with: glossary.concepts) { db in
            try db.execute(sql: "DELETE FROM source WHERE origin LIKE 'glossary:%'")
            for source in sources { try TermStore.saveSource(db, source) }
            try TermStore.setMetadata(db, hashKey, hash)
            try TermStore.setMetadata(db, stampKey, stamp)
        }
        return .rebuilt(concepts: glossary.concepts.count)
    }

    /// Whether the store already holds the glossary as it is now (reads only).
    static func isFresh(_ store: TermStore, with directory: URL) throws -> Bool {
        let fingerprint = try GlossaryFingerprint(directory: directory)
        if try store.metadata(stampKey) == fingerprint.stamp() { return true }
        return try store.metadata(hashKey) == fingerprint.contentHash()
    }

    /// Opens the store at `location`, creating it and loading the glossary if needed.
    /// `onWait` is called when another process is writing and this one has to wait;
    /// `onUpgrade` when a store an earlier Shuyu made is about to be brought up to date.
    ///
    /// With `writing` false, a store that is up to date is opened read-only, taking no lock,
    /// so that readers never wait for a writer.
    public static func open(_ location: StoreLocation, writing: Bool = false, busyLimit: Int = 600, onWait: (@Sendable () -> Void)? = nil,
                            onUpgrade: (@Sendable () -> Void)? = nil) throws -> TermStore {
        if !writing, let store = TermStore.openReadOnly(path: location.storePath),
           try location.glossaryDirectory.map({ try isFresh(store, with: $0) }) ?? true {
            return store
        }
        let store = try TermStore(path: location.storePath, busyLimit: busyLimit, onWait: onWait, onUpgrade: onUpgrade)
        if let directory = location.glossaryDirectory {
            try sync(store, with: directory)
        }
        return store
    }
}
