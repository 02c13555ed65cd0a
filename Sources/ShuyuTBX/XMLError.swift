import CLibXML2
import Foundation

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
        var position = file
        if line > 0 { position += ":\(line)" }
        if line > 0, column > 0 { position += ":\(column)" }
        return "\(position): \(isWarning ? "warning" : "error"): \(message)"
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
        let message = raw.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "XML error \(raw.code)"
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
