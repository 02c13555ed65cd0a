/// A term: one designation of a concept in one language.
public struct Term: Hashable, Sendable, Codable {
    /// The term itself, as written.
    public var text: String
    /// How a translator may use it.
    public var status: TermStatus
    /// Part of speech, where it matters.
    public var partOfSpeech: PartOfSpeech?
    /// Full form, acronym, abbreviation, …
    public var termType: TermType?
    /// A usage note for this term: why it is deprecated, which document uses it.
    public var usageNote: String?
    /// Whether the term must match with its exact capitalisation
    /// (defined terms such as "Contracting Party", acronyms such as "WIPO").
    public var isCaseSensitive: Bool
    /// Extra forms the matcher should accept (irregular inflections, spellings).
    public var variants: [String]
    /// The document that uses this particular form, when it differs by document.
    public var source: String?
    /// Whether the term is wrong in any text, whatever the source says (a calque, a name
    /// that does not exist): the linter's blocklist. Only for forbidden terms.
    public var isBlocked: Bool
    /// Whether the source gave no status (a TBX term without one): `status` is then the
    /// default, `preferred`, and writers leave it out again.
    public var isStatusImplicit: Bool
    /// Data the source carried at term level that Shuyu does not model (kept for export).
    public var extras: [ExtraData]

    public init(
        _ text: String,
        status: TermStatus = .preferred,
        partOfSpeech: PartOfSpeech? = nil,
        termType: TermType? = nil,
        usageNote: String? = nil,
        isCaseSensitive: Bool = false,
        variants: [String] = [],
        source: String? = nil,
        isBlocked: Bool = false,
        isStatusImplicit: Bool = false,
        extras: [ExtraData] = []
    ) {
        self.text = text
        self.status = status
        self.partOfSpeech = partOfSpeech
        self.termType = termType
        self.usageNote = usageNote
        self.isCaseSensitive = isCaseSensitive
        self.variants = variants
        self.source = source
        self.isBlocked = isBlocked
        self.isStatusImplicit = isStatusImplicit
        self.extras = extras
    }
}

/// The terms of one concept in one language.
public struct LanguageSection: Hashable, Sendable, Codable {
    /// The language, e.g. `zh-Hans` or `en`.
    public var language: LanguageTag
    /// The terms, in the order the glossary gives them.
    public var terms: [Term]
    /// A definition in this language (TBX allows one per language section).
    public var definition: String?
    /// Data the source carried at language level that Shuyu does not model (kept for export).
    public var extras: [ExtraData]

    public init(language: LanguageTag, terms: [Term], definition: String? = nil, extras: [ExtraData] = []) {
        self.language = language
        self.terms = terms
        self.definition = definition
        self.extras = extras
    }

    /// The preferred term, if there is one.
    public var preferred: Term? { terms.first { $0.status == .preferred } }
}

/// A concept: one meaning, with its designations in several languages.
///
/// The shape follows TBX-Basic's concept entry: concept-level subject field,
/// definition and notes, language sections, terms with status.
public struct Concept: Hashable, Sendable, Codable, Identifiable {
    /// Stable identifier, unique in a store (e.g. `wppt.phonogram`).
    public var id: String
    /// Subject field, e.g. "related rights".
    public var subject: String?
    /// A definition in Shuyu's own words.
    public var definition: String?
    /// Where the wording is official: treaty and article, or policy document.
    public var citations: [String]
    /// Notes for translators.
    public var notes: [String]
    /// Identifiers of related concepts.
    public var related: [String]
    /// Language sections, in the order the source gives them.
    public var languages: [LanguageSection]
    /// Where the concept came from, e.g. `glossary:wppt` or `import:iate.tbx`.
    public var origin: String?
    /// Data the source carried at concept level that Shuyu does not model (kept for export).
    public var extras: [ExtraData]

    public init(
        id: String,
        subject: String? = nil,
        definition: String? = nil,
        citations: [String] = [],
        notes: [String] = [],
        related: [String] = [],
        languages: [LanguageSection] = [],
        origin: String? = nil,
        extras: [ExtraData] = []
    ) {
        self.id = id
        self.subject = subject
        self.definition = definition
        self.citations = citations
        self.notes = notes
        self.related = related
        self.languages = languages
        self.origin = origin
        self.extras = extras
    }

    /// All terms with their language, in order.
    public var allTerms: [(language: LanguageTag, term: Term)] {
        languages.flatMap { section in section.terms.map { (section.language, $0) } }
    }

    /// The term at `index` in ``allTerms`` order (sections in order, terms in order), without
    /// building that list; nil when there is no such term.
    public func term(at index: Int) -> (language: LanguageTag, term: Term)? {
        guard index >= 0 else { return nil }
        var rest = index
        for section in languages {
            if rest < section.terms.count { return (section.language, section.terms[rest]) }
            rest -= section.terms.count
        }
        return nil
    }

    /// The terms of every section whose language satisfies `predicate`.
    public func terms(where predicate: (LanguageTag) -> Bool) -> [Term] {
        languages.filter { predicate($0.language) }.flatMap(\.terms)
    }

    /// Chinese terms (any `zh` tag).
    public var chineseTerms: [Term] { terms { $0.isChinese } }
    /// English terms (any `en` tag).
    public var englishTerms: [Term] { terms { $0.isEnglish } }

    /// The preferred English term: the first preferred one, else the first approved one.
    public var preferredEnglish: Term? {
        englishTerms.first { $0.status == .preferred } ?? englishTerms.first { $0.status.isApproved }
    }
    /// The preferred Chinese term: the first preferred one, else the first approved one.
    public var preferredChinese: Term? {
        chineseTerms.first { $0.status == .preferred } ?? chineseTerms.first { $0.status.isApproved }
    }
}
