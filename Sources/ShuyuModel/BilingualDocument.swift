/// One side of a segment: its text and where that text starts in its file.
public struct SegmentText: Sendable, Hashable {
    public var text: String
    /// Line of the file where the text starts (from 1).
    public var line: Int
    /// Column of the text's first character on that line (from 1, counting Unicode scalars),
    /// or 0 when the text has no fixed place on a line (XML content with inline markup):
    /// then positions are offsets within the segment text.
    public var column: Int

    public init(text: String, line: Int, column: Int) {
        self.text = text
        self.line = line
        self.column = column
    }
}

/// An aligned pair: a source text and its translation.
public struct BilingualSegment: Sendable, Hashable {
    /// The segment's identity in its document: a line number, or a unit id (XLIFF, TMX, TSV id column).
    public var id: String
    public var source: SegmentText
    public var target: SegmentText

    public init(id: String, source: SegmentText, target: SegmentText) {
        self.id = id
        self.source = source
        self.target = target
    }
}

/// A bilingual document's identity: its file(s) and languages.
public struct BilingualDocumentInfo: Sendable, Hashable {
    /// How the document is named in findings (a file, or "SOURCE + TARGET" for aligned pairs).
    public var name: String
    /// The file the source text is in.
    public var sourceFile: String
    /// The file the target text is in (the same file for TSV, XLIFF and TMX).
    public var targetFile: String
    public var sourceLanguage: LanguageTag?
    public var targetLanguage: LanguageTag?

    public init(name: String, sourceFile: String, targetFile: String, sourceLanguage: LanguageTag? = nil, targetLanguage: LanguageTag? = nil) {
        self.name = name
        self.sourceFile = sourceFile
        self.targetFile = targetFile
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
    }
}
