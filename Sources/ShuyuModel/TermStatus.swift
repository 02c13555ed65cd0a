/// How a translator may use a term.
///
/// The order of the cases is the order of preference: ``preferred`` first,
/// ``forbidden`` last. `Comparable` follows that order.
public enum TermStatus: String, Codable, Sendable, CaseIterable, Comparable {
    /// The official wording.
    case preferred
    /// Also official (another document, or an accepted short form), but second choice.
    case admitted
    /// A common non-official rendering to avoid.
    case deprecated
    /// Official once, replaced since.
    case superseded
    /// Wrong; never to be used.
    case forbidden

    /// Whether a translation that uses a term with this status follows the glossary.
    public var isApproved: Bool { self == .preferred || self == .admitted }

    /// Whether the term should be reported when it is used.
    public var isRejected: Bool { !isApproved }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: TermStatus, rhs: TermStatus) -> Bool { lhs.rank < rhs.rank }
}

/// Part of speech, as TBX-Basic's `partOfSpeech` has it.
public enum PartOfSpeech: String, Codable, Sendable, CaseIterable {
    case noun, verb, adjective, adverb, properNoun, other
}

/// Term type, as TBX-Basic's `termType` has it.
public enum TermType: String, Codable, Sendable, CaseIterable {
    case fullForm, acronym, abbreviation, shortForm, variant, phrase
}
