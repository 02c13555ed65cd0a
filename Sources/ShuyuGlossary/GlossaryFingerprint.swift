import Foundation

/// Identifies the content of a glossary directory, so that a store built from it
/// can tell when it is stale.
///
/// Two levels: a cheap ``stamp`` from file names, sizes and modification times,
/// and a ``contentHash`` over names and bytes. A store compares the stamp first and
/// only hashes the files when the stamp differs (after a `git checkout`, say).
public struct GlossaryFingerprint: Sendable, Equatable {
    /// Bumped whenever the loader's interpretation of the files changes, so that stores
    /// built by an older loader are rebuilt.
    public static let loaderVersion = 2

    public let files: [URL]

    public init(directory: URL) throws {
        self.files = try Glossary.files(in: directory)
    }

    /// Names, sizes and modification times (nanoseconds) of the files.
    public func stamp() throws -> String {
        var parts = ["v\(Self.loaderVersion)"]
        for url in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            parts.append("\(url.lastPathComponent):\(size):\(Int64(modified * 1_000_000_000))")
        }
        return parts.joined(separator: "|")
    }

    /// FNV-1a (64-bit) over the loader version and each file's name and bytes, as hex.
    public func contentHash() throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        mix(Array("shuyu-glossary-v\(Self.loaderVersion)".utf8))
        for url in files {
            mix(Array(url.lastPathComponent.utf8) + [0])
            let data = try Data(contentsOf: url)
            data.withUnsafeBytes { mix($0) }
            mix([0xFF])
        }
        return String(hash, radix: 16)
    }
}
