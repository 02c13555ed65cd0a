/// What a store knows about one source of concepts (a glossary collection or an imported
/// file) beyond the concepts themselves: its title, description, and file-level data
/// that must survive a round trip (a TBX `<back>` section, say).
public struct TermbaseSource: Hashable, Sendable, Codable {
    /// The origin its concepts carry, e.g. `import:iate.tbx`.
    public var origin: String
    public var title: String?
    /// Free-text descriptions (a TBX `sourceDesc`).
    public var descriptions: [String]
    /// The source language the file declared, if any.
    public var language: String?
    /// File-level data kept whole: header parts and back matter.
    public var extras: [ExtraData]

    public init(origin: String, title: String? = nil, descriptions: [String] = [], language: String? = nil, extras: [ExtraData] = []) {
        self.origin = origin
        self.title = title
        self.descriptions = descriptions
        self.language = language
        self.extras = extras
    }
}
