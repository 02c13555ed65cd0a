import Foundation
import ShuyuLint

/// `shuyu lint --format sarif`: SARIF 2.1.0, as GitHub code scanning loads it. Columns are
/// Unicode code points (`columnKind: unicodeCodePoints`); the target span is the result's
/// location and the source span a related location.
public enum SARIFPrinter {
    public static func render(_ findings: [Finding]) throws -> String {
        var text = ""
        let printer = SARIFStreamPrinter { text += $0 }
        for finding in findings { try printer.add(finding) }
        try printer.finish()
        return text
    }

    /// The tool object: Shuyu and every rule it has.
    static var tool: [String: Any] {
        [
            "driver": [
                "name": "shuyu",
                "version": ShuyuVersion.string,
                "informationUri": "https://example.invalid/shuyu",
                "rules": Linter.rules.map { $0.description }.map { rule -> [String: Any] in
                    [
                        "id": rule.identifier,
                        "name": rule.name.replacingOccurrences(of: " ", with: ""),
                        "shortDescription": ["text": rule.name],
                        "fullDescription": ["text": rule.summary],
                        "defaultConfiguration": ["level": level(rule.defaultSeverity)],
                    ]
                },
            ] as [String: Any],
        ]
    }

    static let ruleIndex = Dictionary(uniqueKeysWithValues: Linter.rules.enumerated().map { ($1.description.identifier, $0) })

    /// `object` as pretty-printed JSON with sorted keys, its lines after the first indented
    /// by `indent` spaces (to stand inside the document at that depth).
    static func json(_ object: Any, indent: Int) -> String {
        var out: [UInt8] = []
        PrettyJSON.append(object, indent: indent, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    static func location(_ location: Location, id: Int? = nil, message: String? = nil) -> [String: Any] {
        var region: [String: Any] = ["startLine": location.line, "startColumn": location.column]
        if location.length > 0 {
            region["endColumn"] = location.column + location.length
            region["snippet"] = ["text": location.text]
        }
        var result: [String: Any] = [
            "physicalLocation": [
                "artifactLocation": ["uri": uri(location.file)],
                "region": region,
            ] as [String: Any],
        ]
        if let id { result["id"] = id }
        if let message { result["message"] = ["text": message] }
        return result
    }

    /// A path as a URI: relative paths stay relative references, absolute ones become
    /// `file://` URIs; spaces and other reserved characters are escaped.
    static func uri(_ path: String) -> String {
        let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        return path.hasPrefix("/") ? "file://" + escaped : escaped
    }

    /// One result, written into `out` member by member: byte for byte what PrettyJSON
    /// writes for ``referenceResult(_:ruleIndex:)`` (a test holds them equal), without the
    /// dictionaries of `Any`, whose building and walking were a sixth of a SARIF run's CPU.
    /// Members are written in the order PrettyJSON's sorted keys give (numeric, in the
    /// system locale); `uri` makes a path a URI (the stream printer remembers them).
    static func appendResult(_ finding: Finding, ruleIndex: [String: Int], indent: Int, uri: (String) -> String,
                             to writer: inout PrettyJSON.Writer) {
        var result = writer.openObject(indent: indent)
        let inner = indent + 2
        if let fix = finding.fix, let target = finding.target {
            writer.key("fixes", in: &result)
            var fixes = writer.openArray(indent: inner)
            writer.element(in: &fixes)
            var change = writer.openObject(indent: inner + 2)
            writer.key("artifactChanges", in: &change)
            var changes = writer.openArray(indent: inner + 4)
            writer.element(in: &changes)
            var artifact = writer.openObject(indent: inner + 6)
            writer.key("artifactLocation", in: &artifact)
            writer.object("uri", uri(target.file), indent: inner + 8)
            writer.key("replacements", in: &artifact)
            var replacements = writer.openArray(indent: inner + 8)
            writer.element(in: &replacements)
            var replacement = writer.openObject(indent: inner + 10)
            writer.key("deletedRegion", in: &replacement)
            var region = writer.openObject(indent: inner + 12)
            writer.key("endColumn", in: &region)
            writer.int(target.column + target.length)
            writer.key("startColumn", in: &region)
            writer.int(target.column)
            writer.key("startLine", in: &region)
            writer.int(target.line)
            writer.closeObject(region)
            writer.key("insertedContent", in: &replacement)
            writer.object("text", fix.replacement, indent: inner + 12)
            writer.closeObject(replacement)
            writer.closeArray(replacements)
            writer.closeObject(artifact)
            writer.closeArray(changes)
            writer.key("description", in: &change)
            writer.object("text", "Replace with '\(fix.replacement)'", indent: inner + 4)
            writer.closeObject(change)
            writer.closeArray(fixes)
        }
        writer.key("level", in: &result)
        writer.string(level(finding.severity))
        if let primary = finding.primaryLocation {
            writer.key("locations", in: &result)
            var locations = writer.openArray(indent: inner)
            writer.element(in: &locations)
            appendLocation(primary, indent: inner + 2, uri: uri, to: &writer)
            writer.closeArray(locations)
        }
        writer.key("message", in: &result)
        writer.object("text", finding.message, indent: inner)
        writer.key("partialFingerprints", in: &result)
        writer.object("shuyuFinding/v1", Baseline.fingerprint(finding), indent: inner)
        writer.key("properties", in: &result)
        var properties = writer.openObject(indent: inner)
        if !finding.citations.isEmpty {
            writer.key("citations", in: &properties)
            writer.strings(finding.citations, indent: inner + 2)
        }
        if let concept = finding.conceptID {
            writer.key("conceptId", in: &properties)
            writer.string(concept)
        }
        writer.key("document", in: &properties)
        writer.string(finding.document)
        if !finding.expected.isEmpty {
            writer.key("expected", in: &properties)
            writer.strings(finding.expected, indent: inner + 2)
        }
        writer.key("segment", in: &properties)
        writer.string(finding.segment)
        writer.closeObject(properties)
        if finding.target != nil, let source = finding.source {
            writer.key("relatedLocations", in: &result)
            var related = writer.openArray(indent: inner)
            writer.element(in: &related)
            appendLocation(source, id: 1, message: "source: \(source.text)", indent: inner + 2, uri: uri, to: &writer)
            writer.closeArray(related)
        }
        writer.key("ruleId", in: &result)
        writer.string(finding.rule)
        if let index = ruleIndex[finding.rule] {
            writer.key("ruleIndex", in: &result)
            writer.int(index)
        }
        writer.closeObject(result)
    }

    /// ``location(_:id:message:)``, written as ``appendResult(_:ruleIndex:indent:uri:to:)`` writes.
    private static func appendLocation(_ location: Location, id: Int? = nil, message: String? = nil, indent: Int,
                                       uri: (String) -> String, to writer: inout PrettyJSON.Writer) {
        var object = writer.openObject(indent: indent)
        if let id {
            writer.key("id", in: &object)
            writer.int(id)
        }
        if let message {
            writer.key("message", in: &object)
            writer.object("text", message, indent: indent + 2)
        }
        writer.key("physicalLocation", in: &object)
        var physical = writer.openObject(indent: indent + 2)
        writer.key("artifactLocation", in: &physical)
        writer.object("uri", uri(location.file), indent: indent + 4)
        writer.key("region", in: &physical)
        var region = writer.openObject(indent: indent + 4)
        if location.length > 0 {
            writer.key("endColumn", in: &region)
            writer.int(location.column + location.length)
            writer.key("snippet", in: &region)
            writer.object("text", location.text, indent: indent + 6)
        }
        writer.key("startColumn", in: &region)
        writer.int(location.column)
        writer.key("startLine", in: &region)
        writer.int(location.line)
        writer.closeObject(region)
        writer.closeObject(physical)
        writer.closeObject(object)
    }

    /// A result as a dictionary: the plain statement of its shape, which
    /// ``appendResult(_:ruleIndex:indent:uri:to:)`` is tested against.
    static func referenceResult(_ finding: Finding, ruleIndex: [String: Int]) -> [String: Any] {
        var result: [String: Any] = [
            "ruleId": finding.rule,
            "level": level(finding.severity),
            "message": ["text": finding.message],
            "partialFingerprints": ["shuyuFinding/v1": Baseline.fingerprint(finding)],
        ]
        if let index = ruleIndex[finding.rule] { result["ruleIndex"] = index }
        if let primary = finding.primaryLocation { result["locations"] = [location(primary)] }
        if finding.target != nil, let source = finding.source {
            result["relatedLocations"] = [location(source, id: 1, message: "source: \(source.text)")]
        }
        var properties: [String: Any] = ["segment": finding.segment, "document": finding.document]
        if let concept = finding.conceptID { properties["conceptId"] = concept }
        if !finding.expected.isEmpty { properties["expected"] = finding.expected }
        if !finding.citations.isEmpty { properties["citations"] = finding.citations }
        result["properties"] = properties
        if let fix = finding.fix, let target = finding.target {
            result["fixes"] = [[
                "description": ["text": "Replace with '\(fix.replacement)'"],
                "artifactChanges": [[
                    "artifactLocation": ["uri": uri(target.file)],
                    "replacements": [[
                        "deletedRegion": ["startLine": target.line, "startColumn": target.column, "endColumn": target.column + target.length],
                        "insertedContent": ["text": fix.replacement],
                    ] as [String: Any]],
                ] as [String: Any]],
            ] as [String: Any]]
        }
        return result
    }
}

/// Writes the `--format sarif` log as findings arrive, so that memory does not grow with
/// them: the results first (the run's keys in sorted order put them before the tool), then
/// the tool and the version.
public final class SARIFStreamPrinter {
    private let write: (String) -> Void
    private var count = 0

    public init(write: @escaping (String) -> Void) {
        self.write = write
        write("{\n  \"$schema\" : \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"runs\" : [\n    {\n"
              + "      \"columnKind\" : \"unicodeCodePoints\",\n      \"results\" : [")
    }

    public func add(_ finding: Finding) throws {
        var writer = PrettyJSON.Writer()
        writer.out.append(contentsOf: (count == 0 ? "\n        " : ",\n        ").utf8)
        SARIFPrinter.appendResult(finding, ruleIndex: SARIFPrinter.ruleIndex, indent: 8, uri: uri, to: &writer)
        write(String(decoding: writer.out, as: UTF8.self))
        count += 1
    }

    /// Each file's URI, worked out once (every finding of a document names the same files).
    private var uris: [String: String] = [:]

    private func uri(_ path: String) -> String {
        if let known = uris[path] { return known }
        let made = SARIFPrinter.uri(path)
        if uris.count >= 4096 { uris.removeAll() }
        uris[path] = made
        return made
    }

    public func finish() throws {
        let tool = SARIFPrinter.json(SARIFPrinter.tool, indent: 6)
        write("\n      ],\n      \"tool\" : " + tool + "\n    }\n  ],\n  \"version\" : \"2.1.0\"\n}")
    }
}
