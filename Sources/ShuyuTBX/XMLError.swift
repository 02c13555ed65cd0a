import CLibXML2
import Foundation
import ShuyuModel

/// An error in an XML file: what libxml2 reported, or a TBX problem found after parsing,
/// with the file, line and column (columns count characters, from 1; 0 when unknown).
public struct XMLError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// A warning: worth saying, did not stop anything.
    public var isWarning: Bool

    public init(file: String, line: Int, column: Int, message: String, isWarning: Bool = false) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.isWarning = isWarning
    }

    public var description: String {
        "\(InputError.position(file: file, line: line, column: column)): \(isWarning ? "warning" : "error"): \(message)"
    }
}

/// Collects libxml2's structured errors for one parse. Passed to libxml2 as an
/// unretained pointer; it must outlive the parser that reports to it.
final class XMLErrorCollector {
    let file: String
    private(set) var errors: [XMLError] = []
    private(set) var warnings: [XMLError] = []
    /// Schema validity errors (RELAX NG, DTD), kept apart from well-formedness errors.
    private(set) var validity: [XMLError] = []

    init(file: String) { self.file = file }

    func record(_ error: UnsafePointer<xmlError>) {
        let raw = error.pointee
        var message = raw.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "XML error \(raw.code)"
        // One line per diagnostic: libxml2 puts the offending bytes on a second line.
        message = message.split(whereSeparator: \.isNewline).joined(separator: "; ")
        message = Self.plain(message)
        let item = XMLError(file: file, line: Int(raw.line), column: Int(raw.int2), message: message, isWarning: raw.level == XML_ERR_WARNING)
        let validation = [XML_FROM_RELAXNGV, XML_FROM_VALID, XML_FROM_SCHEMASV, XML_FROM_SCHEMATRONV].map { Int32($0.rawValue) }
        if raw.level == XML_ERR_WARNING {
            warnings.append(item)
        } else if validation.contains(raw.domain) {
            validity.append(item)
        } else {
            errors.append(item)
        }
    }

    /// libxml2's messages about characters, said in terms of what is wrong with the file.
    static func plain(_ message: String) -> String {
        func hex(_ value: Int) -> String { "U+" + String(format: "%04X", value) }
        if message.hasPrefix("Input is not proper UTF-8") {
            let bytes = message.components(separatedBy: "Bytes: ").dropFirst().first.map { " (bytes \($0))" } ?? ""
            return "not valid UTF-8\(bytes): if the file is GB18030, GBK or another encoding, declare it (<?xml version=\"1.0\" encoding=\"GB18030\"?>) or convert it with: iconv -f GB18030 -t UTF-8"
        }
        if message.hasPrefix("xmlSAX2Characters: huge text node") || message.hasPrefix("Huge input lookup") {
            return "a text longer than 10 MB without markup (libxml2's limit for one text node): refused, as no term or segment is so long"
        }
        if message.hasPrefix("Excessive depth in document") {
            return "elements nested more than 256 deep (libxml2's limit): refused, as no TBX, XLIFF or TMX file nests so deep"
        }
        if message.hasPrefix("Detected an entity reference loop") || message.hasPrefix("Maximum entity amplification") {
            return "entities that expand into too much text (an entity expansion attack, 'billion laughs'): refused"
        }
        if message.hasPrefix("Char 0x0 out of allowed range") {
            return "a NUL byte, which XML does not allow: the file is UTF-16 without a byte-order mark, or not text"
        }
        if message.hasPrefix("xmlParseCharRef: invalid xmlChar value "), let value = Int(message.dropFirst("xmlParseCharRef: invalid xmlChar value ".count)) {
            let what = (0xD800...0xDFFF).contains(value) ? "a lone UTF-16 surrogate" : value < 0x20 ? "a control character" : "a character"
            return "character reference to \(hex(value)), \(what) that XML does not allow"
        }
        if let range = message.range(of: "invalid Char value "), let value = Int(message[range.upperBound...].prefix(while: \.isNumber)) {
            return "character \(hex(value)) (a control character) is not allowed in XML"
        }
        return message
    }

    /// The first error, or a generic one when libxml2 failed without saying why.
    func firstError(fallback: String, line: Int = 0, column: Int = 0) -> XMLError {
        errors.first ?? XMLError(file: file, line: line, column: column, message: fallback)
    }

    /// The C callback, with this collector as its user data.
    static let callback: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        Unmanaged<XMLErrorCollector>.fromOpaque(userData).takeUnretainedValue().record(error)
    }

    var userData: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}
