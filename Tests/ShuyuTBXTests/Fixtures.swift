import Foundation
import Testing

/// The shared interoperability test bed: real TBX files written by other tools, referenced
/// in place (never copied into the project). CI has it beside the clone, as `../shared`.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let tbxReal: URL = {
        if let override = ProcessInfo.processInfo.environment["SHUYU_FIXTURES"] {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/tbx-real")
    }()

    static var available: Bool { FileManager.default.fileExists(atPath: tbxReal.appendingPathComponent("SOURCES.md").path) }

    static func path(_ relative: String) -> String { tbxReal.appendingPathComponent(relative).path }
}
