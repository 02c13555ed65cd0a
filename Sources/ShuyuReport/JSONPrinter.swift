import Foundation
import ShuyuLint

/// `shuyu lint --format json`. Schema version 1, documented in docs/lint-json.md: new
/// optional fields may appear within a version; renaming or removing one bumps it.
public enum JSONPrinter {
    struct Document: Encodable {
        var schemaVersion = 1
        var tool = Tool()
        var summary: Summary
        var findings: [Item]
        var errors: [String]
    }

    struct Tool: Encodable {
        var name = "shuyu"
        var version = ShuyuVersion.string
    }

    struct Summary: Encodable {
        var findings: Int
        var errors: Int
        var warnings: Int
        var info: Int
        var documents: Int
    }

    struct Item: Encodable {
        var rule: String
        var severity: String
        var message: String
        var document: String
        var segment: String
        var source: Location?
        var target: Location?
        var conceptId: String?
        var expected: [String]
        var found: String?
        var citations: [String]
        var fix: String?
        var fingerprint: String
    }

    /// - Parameters:
    ///   - documents: how many documents were linted.
    ///   - errors: documents that could not be read.
    public static func render(_ findings: [Finding], documents: Int = 0, errors: [String] = []) throws -> String {
        let document = Document(
            summary: Summary(
                findings: findings.count, errors: findings.filter { $0.severity == .error }.count,
                warnings: findings.filter { $0.severity == .warning }.count, info: findings.filter { $0.severity == .info }.count,
                documents: documents),
            findings: findings.map { finding in
                Item(
                    rule: finding.rule, severity: finding.severity.rawValue, message: finding.message, document: finding.document,
                    segment: finding.segment, source: finding.source, target: finding.target, conceptId: finding.conceptID,
                    expected: finding.expected, found: finding.found, citations: finding.citations,
                    fix: finding.fix?.replacement, fingerprint: Baseline.fingerprint(finding))
            },
            errors: errors)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}

/// Writes the `--format json` document as findings arrive, so that memory does not grow with
/// them: the findings array first, then the errors and the summary.
public final class JSONStreamPrinter {
    private let write: (String) -> Void
    private let encoder: JSONEncoder
    private var count = 0
    private var counts: [Severity: Int] = [:]

    public init(write: @escaping (String) -> Void) {
        self.write = write
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        write("{\n  \"schemaVersion\" : 1,\n  \"tool\" : {\"name\" : \"shuyu\", \"version\" : \"\(ShuyuVersion.string)\"},\n  \"findings\" : [")
    }

    public func add(_ finding: Finding) throws {
        let item = JSONPrinter.Item(
            rule: finding.rule, severity: finding.severity.rawValue, message: finding.message, document: finding.document,
            segment: finding.segment, source: finding.source, target: finding.target, conceptId: finding.conceptID,
            expected: finding.expected, found: finding.found, citations: finding.citations,
            fix: finding.fix?.replacement, fingerprint: Baseline.fingerprint(finding))
        write((count == 0 ? "\n    " : ",\n    ") + item.compactJSON())
        count += 1
        counts[finding.severity, default: 0] += 1
    }

    public func finish(documents: Int, errors: [String]) throws {
        let summary = JSONPrinter.Summary(
            findings: count, errors: counts[.error] ?? 0, warnings: counts[.warning] ?? 0, info: counts[.info] ?? 0, documents: documents)
        write((count == 0 ? "],\n" : "\n  ],\n")
              + "  \"errors\" : " + String(decoding: try encoder.encode(errors), as: UTF8.self) + ",\n"
              + "  \"summary\" : " + String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n}\n")
    }
}

/// The version Shuyu reports in its outputs.
public enum ShuyuVersion {
    public static let string = "0.1.0"
}

extension JSONPrinter.Item {
    /// The item as `JSONEncoder` writes it with `.sortedKeys` and `.withoutEscapingSlashes`
    /// (compact; absent optionals left out), byte for byte, written field by field: the
    /// encoder's cost was a visible part of a lint run.
    func compactJSON() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        var first = true
        func key(_ name: StaticString) {
            out.append(first ? 0x7B : 0x2C)
            first = false
            out.append(0x22)
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: [0x22, 0x3A])
        }
        func string(_ text: String) { PrettyJSON.appendString(text, to: &out) }
        func strings(_ list: [String]) {
            out.append(0x5B)
            for (index, item) in list.enumerated() {
                if index > 0 { out.append(0x2C) }
                string(item)
            }
            out.append(0x5D)
        }
        func location(_ location: Location) {
            out.append(contentsOf: Array(#"{"column":"#.utf8))
            out.append(contentsOf: String(location.column).utf8)
            out.append(contentsOf: Array(#","file":"#.utf8))
            string(location.file)
            out.append(contentsOf: Array(#","length":"#.utf8))
            out.append(contentsOf: String(location.length).utf8)
            out.append(contentsOf: Array(#","line":"#.utf8))
            out.append(contentsOf: String(location.line).utf8)
            out.append(contentsOf: Array(#","text":"#.utf8))
            string(location.text)
            out.append(0x7D)
        }
        // Keys in sorted order.
        key("citations"); strings(citations)
        if let conceptId { key("conceptId"); string(conceptId) }
        key("document"); string(document)
        key("expected"); strings(expected)
        key("fingerprint"); string(fingerprint)
        if let fix { key("fix"); string(fix) }
        if let found { key("found"); string(found) }
        key("message"); string(message)
        key("rule"); string(rule)
        key("segment"); string(segment)
        key("severity"); string(severity)
        if let source { key("source"); location(source) }
        if let target { key("target"); location(target) }
        out.append(0x7D)
        return String(decoding: out, as: UTF8.self)
    }
}
