import Foundation

/// A file written through a temporary file in the same directory and renamed over the
/// target at the end, so that a reader (or a crash) never sees a half-written file.
struct AtomicOutput {
    let target: URL
    let temporary: URL

    init(path: String) {
        target = URL(fileURLWithPath: path).standardizedFileURL
        temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    }

    /// Runs `body` with the temporary path, then renames it over the target; on error the
    /// temporary file is removed and the target is untouched.
    func write(_ body: (String) throws -> Void) throws {
        do {
            try body(temporary.path)
            if rename(temporary.path, target.path) != 0 {
                throw CLIError(message: "\(target.path): cannot replace the file: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
