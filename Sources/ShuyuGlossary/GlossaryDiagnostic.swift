import Foundation

/// A position in a glossary file. Lines and columns start at 1; columns count
/// Unicode scalars, as libyaml does.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible, Codable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// One problem found while loading a glossary.
public struct GlossaryDiagnostic: Hashable, Sendable, CustomStringConvertible, Codable {
    /// Stable identifier of the kind of problem, e.g. `duplicate-id` or `unknown-status`.
    public var code: String
    public var message: String
    public var location: SourceLocation

    public init(code: String, message: String, location: SourceLocation) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// Compiler-style: `glossary/wppt.yaml:12:9: error: unknown status 'prefered' [unknown-status]`.
    public var description: String { "\(location): error: \(message) [\(code)]" }
}

/// Loading failed; every problem found is listed, in file order.
public struct GlossaryError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [GlossaryDiagnostic]

    public init(_ diagnostics: [GlossaryDiagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
