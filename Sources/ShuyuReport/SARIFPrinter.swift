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

    static func result(_ finding: Finding, ruleIndex: [String: Int]) -> [String: Any] {
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
        let result = SARIFPrinter.json(SARIFPrinter.result(finding, ruleIndex: SARIFPrinter.ruleIndex), indent: 8)
        write((count == 0 ? "\n        " : ",\n        ") + result)
        count += 1
    }

    public func finish() throws {
        let tool = SARIFPrinter.json(SARIFPrinter.tool, indent: 6)
        write("\n      ],\n      \"tool\" : " + tool + "\n    }\n  ],\n  \"version\" : \"2.1.0\"\n}")
    }
}
