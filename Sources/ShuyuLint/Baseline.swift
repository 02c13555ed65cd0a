import Foundation
import ShuyuModel

/// Known findings to accept, so that only new ones are reported.
///
/// A finding is keyed by a fingerprint of its rule, document, concept, the text found, and
/// both segment texts (white space folded) — not by line numbers — so that editing or
/// moving other segments does not break the baseline. Identical findings are counted.
public struct Baseline: Codable, Sendable {
    public var version = 1
    public var findings: [Entry]

    public struct Entry: Codable, Sendable, Hashable {
        public var fingerprint: String
        public var rule: String
        public var document: String
        public var message: String
    }

    public init(findings: [Finding]) {
        self.findings = findings.map { Entry(fingerprint: Self.fingerprint($0), rule: $0.rule, document: $0.document, message: $0.message) }
    }

    public static func load(_ path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError(file: path, message: "cannot read the baseline") }
        do {
            return try JSONDecoder().decode(Baseline.self, from: data)
        } catch {
            throw InputError(file: path, message: "not a Shuyu baseline: \(error)")
        }
    }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        try data.write(to: URL(fileURLWithPath: temporary))
        if rename(temporary, path) != 0 {
            try? FileManager.default.removeItem(atPath: temporary)
            throw InputError(file: path, message: "cannot write the baseline")
        }
    }

    /// The findings not in the baseline (each baseline entry accepts one identical finding).
    public func filter(_ findings: [Finding]) -> [Finding] {
        let filter = Filter(self)
        return findings.filter(filter.isNew)
    }

    /// Filters findings one at a time, as they stream past.
    public final class Filter {
        private var remaining: [String: Int] = [:]

        public init(_ baseline: Baseline) {
            for entry in baseline.findings { remaining[entry.fingerprint, default: 0] += 1 }
        }

        /// Whether `finding` is new (each baseline entry accepts one identical finding).
        public func isNew(_ finding: Finding) -> Bool {
            let key = Baseline.fingerprint(finding)
            if let count = remaining[key], count > 0 {
                remaining[key] = count - 1
                return false
            }
            return true
        }
    }

    /// FNV-1a (64-bit, hex) over the finding's identity.
    public static func fingerprint(_ finding: Finding) -> String {
        func fold(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let parts = [finding.rule, finding.document, finding.conceptID ?? "", finding.found ?? "", fold(finding.sourceText), fold(finding.targetText)]
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
