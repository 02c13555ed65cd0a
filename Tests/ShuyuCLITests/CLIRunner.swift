import Foundation
import ShuyuTestSupport
import Testing

/// Runs the built `shuyu` binary as a separate process, as a user would.
enum CLI {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `shuyu` executable next to the test bundle (SwiftPM builds it because the
    /// test target depends on it).
    static let binary: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("shuyu")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/shuyu")
    }()

    /// The repository root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], timeout: TimeInterval = 300) throws -> Output {
        try runCommand(binary.path, arguments, in: directory, environment: environment, timeout: timeout)
    }

    /// Runs any program with the test environment (no SHUYU_* or NO_COLOR unless given).
    /// A process still running after `timeout` seconds is killed (its status is then 9), so
    /// that a hang fails the test instead of stalling the suite.
    static func runCommand(_ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], timeout: TimeInterval = 300) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SHUYU_STORE")
        env.removeValue(forKey: "SHUYU_GLOSSARY")
        env.removeValue(forKey: "NO_COLOR")
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        // Read both pipes before waiting, so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A temporary directory with a small glossary, removed at the end.
final class Sandbox {
    let root: URL

    init(glossary: String = sandboxGlossary) throws {
        root = Scratch.url("cli")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("glossary"), withIntermediateDirectories: true)
        try glossary.write(to: root.appendingPathComponent("glossary/demo.yaml"), atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}

let sandboxGlossary = """
    collection: {id: demo, subject: related rights}
    concepts:
      - id: demo.phonogram
        definition: Sounds fixed on a medium, apart from a film.
        citation: WPPT Art. 2(b)
        related: [demo.producer]
        terms:
          zh: [录音制品]
          en:
            - phonogram
            - {term: sound recording, status: deprecated, note: US statute wording.}
            - {term: record, status: forbidden, note: Too broad.}
      - id: demo.producer
        citation: WPPT Art. 2(d)
        terms:
          zh: [录音制品制作者]
          en: [producer of phonograms]
    """
