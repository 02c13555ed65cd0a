import ArgumentParser
import Foundation
import ShuyuStore

/// Where the store and the glossary are; shared by every command that reads terms.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The term store (SQLite). Default: $SHUYU_STORE, else .shuyu/store.sqlite next to the glossary.",
        valueName: "file"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp(
        "The glossary directory. Default: $SHUYU_GLOSSARY, else the nearest glossary/ in this directory or a parent.",
        valueName: "dir"))
    var glossary: String?

    /// Opens the store, building or refreshing it from the glossary when needed; read-only
    /// (taking no lock) when it is up to date, unless `writing`.
    func openStore(writing: Bool = false) throws -> TermStore {
        let location = try StoreLocation.resolve(store: store, glossary: glossary)
        // SHUYU_BUSY_LIMIT: seconds a writer waits for another (default 600).
        let limit = ProcessInfo.processInfo.environment["SHUYU_BUSY_LIMIT"].flatMap(Int.init) ?? 600
        return try GlossarySync.open(location, writing: writing, busyLimit: limit, onWait: {
            Terminal.standardError.write("shuyu: another process is writing to \(location.storePath); waiting for it to finish…\n")
        }, onUpgrade: {
            Terminal.standardError.write("shuyu: bringing \(location.storePath) up to this version of Shuyu (once; a large store takes a while)…\n")
        })
    }
}

/// How to colour output: only on a terminal unless told, and never with NO_COLOR set.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    func enabled(for handle: FileHandle = .standardOutput) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto: return Terminal.isTTY(handle) && !Terminal.noColorRequested()
        }
    }
}
