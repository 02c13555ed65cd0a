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

    /// FNV-1a (64-bit, hex) over the finding's identity: rule, document, concept, found text,
    /// and the segment's two sides with white space folded (runs of white space as one
    /// space, none at the ends), joined by U+001F. Hashed as it is read, without building
    /// the folded strings (what ``referenceFingerprint(_:)`` spells out).
    public static func fingerprint(_ finding: Finding) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func feed(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        func feed(_ text: String) { for byte in text.utf8 { feed(byte) } }
        func feedFolded(_ text: String) {
            var started = false, space = false
            if text.utf8.allSatisfy({ $0 < 0x80 }) {
                // ASCII: the white-space characters are tab to carriage return, and space.
                for byte in text.utf8 {
                    if byte == 0x20 || (0x09...0x0D).contains(byte) {
                        space = started
                    } else {
                        if space { feed(0x20); space = false }
                        feed(byte)
                        started = true
                    }
                }
                return
            }
            for character in text {
                if character.isWhitespace {
                    space = started
                } else {
                    if space { feed(0x20); space = false }
                    for byte in character.utf8 { feed(byte) }
                    started = true
                }
            }
        }
        feed(finding.rule); feed(0x1F)
        feed(finding.document); feed(0x1F)
        feed(finding.conceptID ?? ""); feed(0x1F)
        feed(finding.found ?? ""); feed(0x1F)
        feedFolded(finding.sourceText); feed(0x1F)
        feedFolded(finding.targetText)
        return hex(hash)
    }

    /// The fingerprint as first defined, building the strings it hashes (the reference
    /// ``fingerprint(_:)`` is tested against: baselines already written depend on it).
    static func referenceFingerprint(_ finding: Finding) -> String {
        func fold(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let parts = [finding.rule, finding.document, finding.conceptID ?? "", finding.found ?? "", fold(finding.sourceText), fold(finding.targetText)]
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hex(hash)
    }

    private static func hex(_ hash: UInt64) -> String {
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
