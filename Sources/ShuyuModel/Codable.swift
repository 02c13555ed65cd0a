// Codable forms that omit empty and absent values, and accept them missing, so that the
// store's JSON stays small and stores written before a field existed still decode.

extension Term {
    enum CodingKeys: String, CodingKey {
        case text, status, partOfSpeech, termType, usageNote, isCaseSensitive, variants, source, isBlocked, isStatusImplicit, extras
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try c.decode(String.self, forKey: .text),
            status: try c.decodeIfPresent(TermStatus.self, forKey: .status) ?? .preferred,
            partOfSpeech: try c.decodeIfPresent(PartOfSpeech.self, forKey: .partOfSpeech),
            termType: try c.decodeIfPresent(TermType.self, forKey: .termType),
            usageNote: try c.decodeIfPresent(String.self, forKey: .usageNote),
            isCaseSensitive: try c.decodeIfPresent(Bool.self, forKey: .isCaseSensitive) ?? false,
            variants: try c.decodeIfPresent([String].self, forKey: .variants) ?? [],
            source: try c.decodeIfPresent(String.self, forKey: .source),
            isBlocked: try c.decodeIfPresent(Bool.self, forKey: .isBlocked) ?? false,
            isStatusImplicit: try c.decodeIfPresent(Bool.self, forKey: .isStatusImplicit) ?? false,
            extras: try c.decodeIfPresent([ExtraData].self, forKey: .extras) ?? [])
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(text, forKey: .text)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(partOfSpeech, forKey: .partOfSpeech)
        try c.encodeIfPresent(termType, forKey: .termType)
        try c.encodeIfPresent(usageNote, forKey: .usageNote)
        if isCaseSensitive { try c.encode(true, forKey: .isCaseSensitive) }
        if !variants.isEmpty { try c.encode(variants, forKey: .variants) }
        try c.encodeIfPresent(source, forKey: .source)
        if isBlocked { try c.encode(true, forKey: .isBlocked) }
        if isStatusImplicit { try c.encode(true, forKey: .isStatusImplicit) }
        if !extras.isEmpty { try c.encode(extras, forKey: .extras) }
    }
}

extension LanguageSection {
    enum CodingKeys: String, CodingKey { case language, terms, definition, extras }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            language: try c.decode(LanguageTag.self, forKey: .language),
            terms: try c.decodeIfPresent([Term].self, forKey: .terms) ?? [],
            definition: try c.decodeIfPresent(String.self, forKey: .definition),
            extras: try c.decodeIfPresent([ExtraData].self, forKey: .extras) ?? [])
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(language, forKey: .language)
        try c.encode(terms, forKey: .terms)
        try c.encodeIfPresent(definition, forKey: .definition)
        if !extras.isEmpty { try c.encode(extras, forKey: .extras) }
    }
}

extension Concept {
    enum CodingKeys: String, CodingKey { case id, subject, definition, citations, notes, related, languages, origin, extras }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            subject: try c.decodeIfPresent(String.self, forKey: .subject),
            definition: try c.decodeIfPresent(String.self, forKey: .definition),
            citations: try c.decodeIfPresent([String].self, forKey: .citations) ?? [],
            notes: try c.decodeIfPresent([String].self, forKey: .notes) ?? [],
            related: try c.decodeIfPresent([String].self, forKey: .related) ?? [],
            languages: try c.decodeIfPresent([LanguageSection].self, forKey: .languages) ?? [],
            origin: try c.decodeIfPresent(String.self, forKey: .origin),
            extras: try c.decodeIfPresent([ExtraData].self, forKey: .extras) ?? [])
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(subject, forKey: .subject)
        try c.encodeIfPresent(definition, forKey: .definition)
        if !citations.isEmpty { try c.encode(citations, forKey: .citations) }
        if !notes.isEmpty { try c.encode(notes, forKey: .notes) }
        if !related.isEmpty { try c.encode(related, forKey: .related) }
        try c.encode(languages, forKey: .languages)
        try c.encodeIfPresent(origin, forKey: .origin)
        if !extras.isEmpty { try c.encode(extras, forKey: .extras) }
    }
}
