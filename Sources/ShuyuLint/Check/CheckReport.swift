import ShuyuMatching
import ShuyuModel

/// What `shuyu check` found across a corpus: the rendering census, the findings and the
/// candidates for the glossary. Findings and figures are data; printers present them.
public struct CheckReport: Codable, Sendable {
    public var schemaVersion = 1
    public var documents: [String] = []
    public var segments = 0
    /// One entry per concept found in the sources, most occurrences first.
    public var census: [CensusEntry] = []
    /// Corpus findings (inconsistent renderings and segments) and every lint finding.
    public var findings: [Finding] = []
    /// Recurring Chinese n-grams that are not in the glossary, best first.
    public var candidates: [Candidate] = []
    /// The segments findings point at, for reports that show them.
    public var segmentsShown: [SegmentRecord] = []
    /// Documents that could not be read.
    public var errors: [String] = []
}

/// How one concept was rendered across the corpus.
public struct CensusEntry: Codable, Sendable {
    public var conceptID: String
    /// The language renderings are counted in: `en` for zh → en documents, `zh` for en → zh.
    public var targetLanguage: String
    public var chinese: String
    public var english: String
    /// Occurrences in the sources.
    public var occurrences: Int
    /// Every rendering used, most frequent first; "" with status `unrendered` counts
    /// occurrences for which no glossary rendering was found.
    public var renderings: [Rendering]
    /// Documents the concept occurs in.
    public var documents: Int
}

/// One rendering of a concept and where it was used.
public struct Rendering: Codable, Sendable {
    /// The glossary term the rendering is a form of, or "" when unrendered.
    public var text: String
    /// `preferred`, `admitted`, `deprecated`, `superseded`, `forbidden`, or `unrendered`.
    public var status: String
    public var count: Int
    /// Uses per document.
    public var perDocument: [String: Int]
    /// The first places it was used (at most three).
    public var firstLocations: [Location]
}

/// A recurring Chinese n-gram the glossary does not have.
public struct Candidate: Codable, Sendable {
    public var text: String
    public var frequency: Int
    public var documents: Int
    /// The English it seems to be rendered as, where the corpus shows it.
    public var english: String?
    /// How strongly the English goes with it (Dice coefficient over segments, 0–1).
    public var englishScore: Double?
    /// Where it first occurs.
    public var firstLocation: Location?
}

/// A segment shown in a report, with the spans to highlight.
public struct SegmentRecord: Codable, Sendable {
    public var document: String
    public var segment: String
    public var sourceFile: String
    public var targetFile: String
    public var line: Int
    public var source: String
    public var target: String
    /// Spans in the source (`start`/`length` in Unicode scalars) and the rule that marks them.
    public var sourceMarks: [Mark]
    public var targetMarks: [Mark]

    public struct Mark: Codable, Sendable, Hashable {
        public var start: Int
        public var length: Int
        public var rule: String
    }
}
