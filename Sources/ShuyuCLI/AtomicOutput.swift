import Foundation

/// A file written through a temporary file in the same directory and renamed over the
/// target at the end, so that a reader (or a crash) never sees a half-written file.
///
/// A symbolic link is followed: the real file is replaced and the link stays. A target
/// that is not a regular file (`/dev/stdout`, a pipe, a device) is written in place, since
/// renaming over it would replace it.
struct AtomicOutput {
    let target: URL
    let temporary: URL
    /// Whether the target is written directly, without a temporary file.
    let inPlace: Bool

    init(path: String) {
        let given = URL(fileURLWithPath: path).standardizedFileURL
        var resolved = given
        if let real = realpath(given.path, nil) {
            resolved = URL(fileURLWithPath: String(cString: real))
            free(real)
        }
        var info = stat()
        let exists = stat(resolved.path, &info) == 0
        inPlace = given.path.hasPrefix("/dev/") || given.path.hasPrefix("/proc/") || (exists && (info.st_mode & S_IFMT) != S_IFREG)
        target = inPlace ? given : resolved
        temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    }

    /// Runs `body` with the temporary path, then renames it over the target; on error the
    /// temporary file is removed and the target is untouched.
    func write(_ body: (String) throws -> Void) throws {
        if inPlace { return try body(target.path) }
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
