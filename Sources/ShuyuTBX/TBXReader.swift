import Foundation
import ShuyuModel

/// The TBX generation of a file.
public enum TBXVersion: String, Sendable, Codable {
    /// TBX 2008 (ISO 30042:2008): `<martif>`, `termEntry`/`langSet`/`tig`.
    case v2
    /// TBX v3 (ISO 30042:2019): `<tbx>`, `conceptEntry`/`langSec`/`termSec`.
    case v3
}

/// Options for reading a TBX file.
public struct TBXReadOptions: Sendable {
    /// Import the valid entries and report the invalid ones, instead of failing on the first.
    public var skipInvalid: Bool
    /// The origin given to every concept, e.g. `import:iate.tbx`.
    public var origin: String
    /// Prefix for ids generated for entries that have none; defaults to the file's name.
    public var idPrefix: String?
    /// Record the line each entry starts on (in the summary's `entryLines`).
    public var recordLines: Bool

    public init(skipInvalid: Bool = false, origin: String, idPrefix: String? = nil, recordLines: Bool = false) {
        self.skipInvalid = skipInvalid
        self.origin = origin
        self.idPrefix = idPrefix
        self.recordLines = recordLines
    }
}

/// What reading a TBX file found, beyond its concepts.
public struct TBXReadSummary: Sendable {
    public var version: TBXVersion
    /// The `type` attribute of the root (`TBX-Basic`, `TBX-Core`, `TBX`, …).
    public var dialect: String?
    /// `dca` or `dct` for TBX v3 (`dca` when absent).
    public var style: String?
    /// The file's header and back matter.
    public var source: TermbaseSource
    public var entries = 0
    public var concepts = 0
    public var terms = 0
    /// Terms per language tag.
    public var languages: [String: Int] = [:]
    /// Language tags as written → as stored, where they differ (`zh_Hans` → `zh-Hans`).
    public var normalisedTags: [String: String] = [:]
    /// Entries or terms left out (only with `skipInvalid`), each with its position.
    public var skipped: [XMLError] = []
    /// Things worth saying that did not stop the import (generated or duplicate ids).
    public var warnings: [XMLError] = []
    /// Bytes of the file read.
    public var bytes: Int64 = 0
    /// The line each entry starts on, by concept id (only with `recordLines`).
    public var entryLines: [String: Int] = [:]
}

/// Reads TBX files — TBX 2008 `martif` and TBX v3 `tbx`, DCA and DCT style, the dialects
/// TBX-Basic, TBX-Core and TBX-Min — one entry at a time, through libxml2's streaming reader.
///
/// Each entry is expanded, copied into Swift values and handed to the caller as a
/// ``Concept``; the reader then moves on and libxml2 frees the entry. Memory use depends
/// on the largest entry, not on the file.
public final class TBXReader {
    private let reader: XMLStreamReader
    private let options: TBXReadOptions
    private let path: String?
    /// The file name used in messages.
    public let displayName: String
    private lazy var lines = LineLocator(path: path)

    /// Opens a TBX file. Nothing is read until ``read(progress:_:)``.
    public init(path: String, displayName: String? = nil, options: TBXReadOptions) throws {
        self.displayName = displayName ?? path
        self.path = path
        self.options = options
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw XMLError(file: self.displayName, line: 0, column: 0, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw XMLError(file: self.displayName, line: 0, column: 0, message: "is a directory, not a TBX file")
        }
        reader = try XMLStreamReader(path: path, displayName: self.displayName)
    }

    /// Reads TBX held in memory.
    public init(data: Data, displayName: String, options: TBXReadOptions) throws {
        self.displayName = displayName
        self.path = nil
        self.options = options
        reader = try XMLStreamReader(data: data, displayName: displayName)
    }

    /// Reads the whole file, calling `body` for each concept in document order.
    ///
    /// - Parameter progress: called now and then with the bytes read so far.
    /// - Throws: ``XMLError`` with file, line and column for a file that is not well-formed,
    ///   is not TBX, or (without `skipInvalid`) has an invalid entry. Concepts already handed
    ///   to `body` stay handed: callers that need all-or-nothing wrap the read in a transaction.
    public func read(progress: ((Int64) -> Void)? = nil, _ body: (Concept) throws -> Void) throws -> TBXReadSummary {
        var summary: TBXReadSummary?
        var seenIDs: Set<String> = []
        let prefix = options.idPrefix ?? Self.idPrefix(for: displayName)
        let mapper = TBXEntryMapper(file: displayName, origin: options.origin, xml: { [reader] in reader.xml(of: $0) })
        var lastProgress: Int64 = 0

        var position = try reader.next()
        while let current = position {
            guard current.isElementStart else { position = try reader.next(); continue }
            if summary == nil {
                summary = try root(current)
                position = try reader.next()
                continue
            }
            switch current.localName {
            case "termEntry", "conceptEntry":
                let entry = try located { try reader.expand(keepWhole: TBXEntryMapper.keepWhole) }
                summary!.entries += 1
                let id = uniqueID(for: entry, number: summary!.entries, prefix: prefix, seen: &seenIDs, summary: &summary!)
                let mapped = mapper.map(entry, id: id)
                if options.recordLines { summary!.entryLines[id] = entry.line }
                for (raw, canonical) in mapped.normalisedTags { summary!.normalisedTags[raw] = canonical }
                if !mapped.problems.isEmpty {
                    let errors = mapped.problems.map(error(for:))
                    guard options.skipInvalid else { throw errors[0] }
                    summary!.skipped += errors
                }
                var concept = mapped.concept
                concept.languages.removeAll { $0.terms.isEmpty }
                if concept.languages.isEmpty {
                    if mapped.problems.isEmpty {
                        summary!.skipped.append(XMLError(file: displayName, line: entry.line, column: column(line: entry.line, marker: "<\(entry.name)"), message: "entry '\(id)' has no terms; skipped"))
                    }
                } else {
                    summary!.concepts += 1
                    for section in concept.languages {
                        summary!.terms += section.terms.count
                        summary!.languages[section.language.value, default: 0] += section.terms.count
                    }
                    try body(concept)
                }
                position = try reader.skipSubtree()
                if let progress, reader.bytesConsumed - lastProgress > 1 << 20 {
                    lastProgress = reader.bytesConsumed
                    progress(lastProgress)
                }
            case "martifHeader", "tbxHeader":
                let header = try reader.expand(keepWhole: { _, _, _ in false })
                readHeader(header, into: &summary!.source)
                position = try reader.skipSubtree()
            case "back":
                let back = try reader.expand(keepWhole: { parent, _, _ in parent == "back" })
                summary!.source.extras += back.children.map { ExtraData(format: "tbx", content: reader.xml(of: $0) ?? "", category: "back") }
                position = try reader.skipSubtree()
            default:
                position = try reader.next()
            }
        }
        guard var result = summary else {
            throw reader.errors.firstError(fallback: "the file is empty: no XML root element", line: 1, column: 1)
        }
        if !reader.errors.errors.isEmpty { throw reader.errors.errors[0] }
        result.bytes = reader.bytesConsumed
        return result
    }

    /// Fills in the column of an error libxml2 gave a line for, by finding the entity
    /// reference it names on that line.
    private func located<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as XMLError where error.column == 0 && error.line > 0 {
            if let start = error.message.range(of: "'&"), let end = error.message[start.upperBound...].range(of: ";'") {
                error.column = column(line: error.line, marker: "&" + error.message[start.upperBound..<end.lowerBound] + ";")
            }
            throw error
        }
    }

    // MARK: Parts

    private func root(_ position: XMLStreamReader.Position) throws -> TBXReadSummary {
        let version: TBXVersion
        switch position.localName {
        case "martif": version = .v2
        case "tbx": version = .v3
        default:
            throw XMLError(file: displayName, line: reader.parserLine, column: 1, message: "not TBX: the root element is <\(position.localName)>, expected <tbx> (TBX v3) or <martif> (TBX 2008)")
        }
        var source = TermbaseSource(origin: options.origin)
        source.language = reader.attribute("xml:lang")
        return TBXReadSummary(version: version, dialect: reader.attribute("type"), style: version == .v3 ? (reader.attribute("style") ?? "dca") : nil, source: source)
    }

    private func readHeader(_ header: XNode, into source: inout TermbaseSource) {
        func walk(_ node: XNode) {
            switch node.name {
            case "title" where source.title == nil:
                let title = node.text.trimmed
                if !title.isEmpty { source.title = title }
            case "sourceDesc":
                let paragraphs = node.children.filter { $0.name == "p" }.map { $0.text.trimmed }
                let text = paragraphs.isEmpty ? [node.text.trimmed] : paragraphs
                source.descriptions += text.filter { !$0.isEmpty }
            default:
                node.children.forEach(walk)
            }
        }
        walk(header)
    }

    private func uniqueID(for entry: XNode, number: Int, prefix: String, seen: inout Set<String>, summary: inout TBXReadSummary) -> String {
        var id = entry[attribute: "id"]?.trimmingSpaces ?? ""
        if id.isEmpty {
            id = "\(prefix)\(number)"
        }
        if seen.contains(id) {
            var suffix = 2
            while seen.contains("\(id)~\(suffix)") { suffix += 1 }
            let renamed = "\(id)~\(suffix)"
            summary.warnings.append(XMLError(file: displayName, line: entry.line, column: column(line: entry.line, marker: "id="), message: "duplicate entry id '\(id)'; stored as '\(renamed)'", isWarning: true))
            id = renamed
        }
        seen.insert(id)
        return id
    }

    private func error(for problem: TBXEntryMapper.Problem) -> XMLError {
        XMLError(file: displayName, line: problem.line, column: column(line: problem.line, marker: problem.marker), message: problem.message)
    }

    /// The column (in characters, from 1) of `marker` on `line` of the file: libxml2 keeps
    /// lines on nodes but not columns, so errors found after parsing look the line up.
    private func column(line: Int, marker: String) -> Int {
        guard let text = lines.line(line), let range = text.range(of: marker) else { return 0 }
        return text.distance(from: text.startIndex, to: range.lowerBound) + 1
    }

    /// `iate.tbx` → `iate-`: the prefix of ids made up for entries without one.
    static func idPrefix(for name: String) -> String {
        let stem = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent.lowercased()
        let cleaned = stem.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        return (cleaned.isEmpty ? "tbx" : cleaned) + "-"
    }
}
