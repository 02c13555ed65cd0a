import ShuyuMatching
import ShuyuModel

/// How serious a finding is. Ordered: `info` < `warning` < `error`.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case info, warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A place in a file: line and column from 1; columns and lengths count Unicode scalars
/// (code points). For XML documents the column is the offset within the segment's text
/// plus 1, on the line of the element that holds it.
public struct Location: Codable, Sendable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int
    /// Length of the span, in Unicode scalars (0 for a point).
    public var length: Int
    /// The text of the span.
    public var text: String

    public init(file: String, line: Int, column: Int, length: Int, text: String) {
        self.file = file
        self.line = line
        self.column = column
        self.length = length
        self.text = text
    }
}

/// A replacement that `shuyu lint --fix` can make in the target file.
public struct Fix: Codable, Sendable, Hashable {
    /// Segment-relative span to replace (Unicode scalars).
    public var span: TextSpan
    public var replacement: String
}

/// One problem the linter found. Findings are data: printers turn them into text, JSON,
/// SARIF or HTML.
public struct Finding: Codable, Sendable, Hashable {
    /// Stable rule identifier, e.g. `forbidden-term`.
    public var rule: String
    public var severity: Severity
    public var message: String
    /// The document (file, or "SOURCE + TARGET" for an aligned pair).
    public var document: String
    /// The segment: a line number or a unit id.
    public var segment: String
    /// The span in the source text, if the finding has one.
    public var source: Location?
    /// The span in the target text, if the finding has one.
    public var target: Location?
    /// The concept concerned, if any.
    public var conceptID: String?
    /// The approved rendering(s) expected.
    public var expected: [String]
    /// What was found, if anything.
    public var found: String?
    /// Where the approved wording is official.
    public var citations: [String]
    /// The segment texts, for printers that show context.
    public var sourceText: String
    public var targetText: String
    /// A safe replacement, when there is exactly one.
    public var fix: Fix?

    public init(
        rule: String, severity: Severity, message: String, document: String, segment: String,
        source: Location?, target: Location?, conceptID: String?, expected: [String], found: String?,
        citations: [String], sourceText: String, targetText: String, fix: Fix?
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.document = document
        self.segment = segment
        self.source = source
        self.target = target
        self.conceptID = conceptID
        self.expected = expected
        self.found = found
        self.citations = citations
        self.sourceText = sourceText
        self.targetText = targetText
        self.fix = fix
    }

    /// The location a finding is reported at: the target span when there is one, else the source.
    public var primaryLocation: Location? { target ?? source }
}
