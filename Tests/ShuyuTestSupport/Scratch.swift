import Foundation

/// Where tests put their temporary files: one directory per test process, removed when the
/// process exits, so that thousands of test runs do not leave stores and documents behind.
public enum Scratch {
    /// The directory itself, created on first use.
    public static let directory: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("shuyu-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Scratch.directory) }
        return url
    }()

    /// A fresh URL in the scratch directory whose last component ends with `name`.
    public static func url(_ name: String) -> URL {
        directory.appendingPathComponent("\(UUID().uuidString)-\(name)")
    }

    /// The path of ``url(_:)``.
    public static func path(_ name: String) -> String { url(name).path }
}
