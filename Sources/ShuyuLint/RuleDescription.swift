import ShuyuMatching

/// An example for a rule's documentation and tests: a source segment and its translation.
///
/// In triggering examples, `↓` marks where each finding must be reported — in the target
/// text, or in the source text for findings about the source (a missing term). The marks
/// are removed before linting.
public struct RuleExample: Sendable, Hashable {
    public var source: String
    public var target: String
    /// Why the example does or does not trigger, for the documentation.
    public var note: String?

    public init(_ source: String, _ target: String, note: String? = nil) {
        self.source = source
        self.target = target
        self.note = note
    }

    public static let marker: Character = "↓"
}

/// What a rule is, for `shuyu rules`, the documentation and the tests.
public struct RuleDescription: Sendable {
    /// Stable identifier, used in output, configuration and baselines.
    public var identifier: String
    public var name: String
    public var summary: String
    public var defaultSeverity: Severity
    /// Examples that must produce findings of this rule where `↓` marks them.
    public var triggeringExamples: [RuleExample]
    /// Examples that must produce no finding of this rule.
    public var nonTriggeringExamples: [RuleExample]
    /// Whether the rule runs only when a project turns it on (rules whose findings are
    /// advice, not errors, on faithful translations).
    public var isOptIn: Bool

    public init(identifier: String, name: String, summary: String, defaultSeverity: Severity, isOptIn: Bool = false, triggeringExamples: [RuleExample], nonTriggeringExamples: [RuleExample]) {
        self.identifier = identifier
        self.name = name
        self.summary = summary
        self.defaultSeverity = defaultSeverity
        self.isOptIn = isOptIn
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
    }
}

/// A lint rule: given what the matcher found in one segment, the findings it reports.
public protocol LintRule: Sendable {
    static var description: RuleDescription { get }
    init()
    func check(_ segment: SegmentAnalysis) -> [RuleHit]
}

/// What a rule reports, before the linter places it in its file.
public struct RuleHit: Sendable {
    public var message: String
    /// Span in the source text (segment-relative).
    public var sourceSpan: TextSpan?
    /// Span in the target text (segment-relative).
    public var targetSpan: TextSpan?
    public var conceptID: String?
    public var expected: [String] = []
    public var found: String?
    public var fix: Fix?

    public init(message: String, sourceSpan: TextSpan? = nil, targetSpan: TextSpan? = nil, conceptID: String? = nil, expected: [String] = [], found: String? = nil, fix: Fix? = nil) {
        self.message = message
        self.sourceSpan = sourceSpan
        self.targetSpan = targetSpan
        self.conceptID = conceptID
        self.expected = expected
        self.found = found
        self.fix = fix
    }
}
