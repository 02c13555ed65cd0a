import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Terminal facts and ANSI styling.
enum Terminal {
    static let standardError = FileHandle.standardError

    static func isTTY(_ handle: FileHandle) -> Bool { isatty(handle.fileDescriptor) != 0 }

    /// Whether the NO_COLOR convention (no-color.org) asks for plain output.
    static func noColorRequested(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if let value = environment["NO_COLOR"], !value.isEmpty { return true }
        return false
    }
}

/// ANSI styles, applied only when colour is on.
struct Style: Sendable {
    let enabled: Bool

    func apply(_ code: String, _ text: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { apply("1", text) }
    func dim(_ text: String) -> String { apply("2", text) }
    func green(_ text: String) -> String { apply("32", text) }
    func yellow(_ text: String) -> String { apply("33", text) }
    func red(_ text: String) -> String { apply("31", text) }
    func cyan(_ text: String) -> String { apply("36", text) }
}

extension FileHandle {
    func write(_ string: String) { write(Data(string.utf8)) }
}
