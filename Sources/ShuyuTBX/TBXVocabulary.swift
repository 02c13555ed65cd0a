import ShuyuModel

/// TBX data-category values and how they map to the model, in both directions.
enum TBXVocabulary {
    /// Data categories that carry a term's status.
    static let statusCategories: Set<String> = ["administrativeStatus", "usageStatus", "normativeAuthorization"]

    /// Status values as tools write them (TBX 2008 and TBX-Basic 1.x `-admn-sts` values,
    /// TBX-Basic 4 `usageStatus` values, and the `forbidden`/`obsolete` some termbases use).
    static func status(_ raw: String) -> TermStatus? {
        // The canonical values, as most files write them, are answered before any folding:
        // this runs for every term of an import.
        switch raw {
        case "preferredTerm-admn-sts": return .preferred
        case "admittedTerm-admn-sts": return .admitted
        case "deprecatedTerm-admn-sts": return .deprecated
        case "supersededTerm-admn-sts": return .superseded
        default: break
        }
        switch raw.trimmed.lowercased() {
        case "preferredterm-admn-sts", "preferred", "preferredterm", "standardizedterm-admn-sts", "legalterm-admn-sts",
             "regulatedterm-admn-sts", "standardized", "normative", "preferredterm-norm-auth":
            return .preferred
        case "admittedterm-admn-sts", "admitted", "admittedterm", "admittedterm-norm-auth":
            return .admitted
        case "deprecatedterm-admn-sts", "deprecated", "deprecatedterm", "notrecommended", "not recommended",
             "deprecatedterm-norm-auth":
            return .deprecated
        case "supersededterm-admn-sts", "superseded", "supersededterm", "obsolete", "obsoleteterm-admn-sts",
             "supersededterm-norm-auth":
            return .superseded
        case "forbidden", "forbiddenterm-admn-sts", "proscribed", "rejected", "forbiddenterm":
            return .forbidden
        default:
            return nil
        }
    }

    /// The TBX-Basic (v1.2 and 2008) `administrativeStatus` value for a status.
    static func administrativeStatus(_ status: TermStatus) -> String {
        switch status {
        case .preferred: return "preferredTerm-admn-sts"
        case .admitted: return "admittedTerm-admn-sts"
        case .deprecated: return "deprecatedTerm-admn-sts"
        case .superseded: return "supersededTerm-admn-sts"
        // TBX-Basic has no "forbidden"; its closest value is deprecated. The exact status
        // travels in an extra termNote so that Shuyu reads it back (see the writer).
        case .forbidden: return "deprecatedTerm-admn-sts"
        }
    }

    static func partOfSpeech(_ raw: String) -> PartOfSpeech? {
        if let canonical = PartOfSpeech(rawValue: raw) { return canonical }
        switch raw.trimmed.lowercased() {
        case "noun", "n", "substantive": return .noun
        case "verb", "v": return .verb
        case "adjective", "adj": return .adjective
        case "adverb", "adv": return .adverb
        case "propernoun", "proper noun": return .properNoun
        case "other": return .other
        default: return nil
        }
    }

    static func termType(_ raw: String) -> TermType? {
        switch raw.trimmed {
        case "fullForm": return .fullForm
        case "acronym": return .acronym
        case "abbreviation", "abbreviatedForm": return .abbreviation
        case "shortForm": return .shortForm
        case "variant": return .variant
        case "phrase", "phraseologicalUnit": return .phrase
        default: return nil
        }
    }

    /// Canonical values the writer produces; anything else read is also kept verbatim.
    static func isCanonical(category: String, value: String) -> Bool {
        switch category {
        case "administrativeStatus": return status(value).map { administrativeStatus($0) == value && $0 != .forbidden } ?? false
        case "partOfSpeech": return partOfSpeech(value)?.rawValue == value
        case "termType": return termType(value)?.rawValue == value
        default: return false
        }
    }
}

/// Shuyu facts TBX-Basic has no data category for, carried in term-level `<note>`s with a
/// fixed `shuyu:` prefix: CAT tools show them as notes, and Shuyu reads them back.
enum ShuyuNote {
    static let prefix = "shuyu:"
    static let forbidden = "shuyu:status=forbidden"
    static let caseSensitive = "shuyu:case-sensitive"
    static let blocked = "shuyu:blocked"
    static let variantPrefix = "shuyu:variant="

    /// Applies a `shuyu:` note to `term`; false when `text` is not one.
    static func apply(_ text: String, to term: inout Term) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        if text == forbidden {
            term.status = .forbidden
        } else if text == caseSensitive {
            term.isCaseSensitive = true
        } else if text == blocked {
            term.isBlocked = true
        } else if text.hasPrefix(variantPrefix) {
            let variant = String(text.dropFirst(variantPrefix.count))
            if !variant.isEmpty { term.variants.append(variant) }
        } else {
            return false
        }
        return true
    }

    /// The notes that carry `term`'s Shuyu-only facts.
    static func notes(for term: Term) -> [String] {
        var notes: [String] = []
        if term.status == .forbidden { notes.append(forbidden) }
        if term.isCaseSensitive { notes.append(caseSensitive) }
        if term.isBlocked { notes.append(blocked) }
        notes += term.variants.map { variantPrefix + $0 }
        return notes
    }
}
