import Foundation
import ShuyuModel
import ShuyuStore

/// The `shuyu lookup --json` document. Field names are stable; additions bump
/// `schemaVersion`'s minor meaning only (new optional fields), removals are breaking.
struct LookupJSON: Encodable {
    var schemaVersion = 1
    var query: String
    var queryLanguage: String
    var matches: [Match]
    var suggestions: [SuggestionJSON]

    struct Match: Encodable {
        var match: String
        var matchedForm: String
        var matchedTerm: TermJSON
        var concept: ConceptJSON
    }

    struct ConceptJSON: Encodable {
        var id: String
        var subject: String?
        var definition: String?
        var citations: [String]
        var notes: [String]
        var related: [RelatedJSON]
        var origin: String?
        var preferred: [String: String]
        var languages: [LanguageJSON]
    }

    struct RelatedJSON: Encodable {
        var id: String
        var zh: String?
        var en: String?
    }

    struct LanguageJSON: Encodable {
        var language: String
        var terms: [TermJSON]
    }

    struct TermJSON: Encodable {
        var text: String
        var language: String
        var status: String
        var partOfSpeech: String?
        var termType: String?
        var note: String?
        var caseSensitive: Bool
        var variants: [String]
        var source: String?
    }

    struct SuggestionJSON: Encodable {
        var text: String
        var conceptId: String
    }
}

enum LookupJSONPrinter {
    static func render(_ result: LookupResult, suggestions: [Suggestion], related: [String: Concept]) throws -> String {
        let document = LookupJSON(
            query: result.query,
            queryLanguage: result.language.rawValue,
            matches: result.matches.map { match in
                LookupJSON.Match(
                    match: match.kind.rawValue,
                    matchedForm: match.matchedForm,
                    matchedTerm: term(match.term, match.language),
                    concept: concept(match.concept, related: related))
            },
            suggestions: suggestions.map { .init(text: $0.text, conceptId: $0.conceptID) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    static func term(_ term: Term, _ language: LanguageTag) -> LookupJSON.TermJSON {
        .init(
            text: term.text, language: language.value, status: term.status.rawValue,
            partOfSpeech: term.partOfSpeech?.rawValue, termType: term.termType?.rawValue, note: term.usageNote,
            caseSensitive: term.isCaseSensitive, variants: term.variants, source: term.source)
    }

    static func concept(_ concept: Concept, related: [String: Concept]) -> LookupJSON.ConceptJSON {
        var preferred: [String: String] = [:]
        if let zh = concept.preferredChinese?.text { preferred["zh"] = zh }
        if let en = concept.preferredEnglish?.text { preferred["en"] = en }
        return .init(
            id: concept.id, subject: concept.subject, definition: concept.definition,
            citations: concept.citations, notes: concept.notes,
            related: concept.related.map { id in
                .init(id: id, zh: related[id]?.preferredChinese?.text, en: related[id]?.preferredEnglish?.text)
            },
            origin: concept.origin, preferred: preferred,
            languages: concept.languages.map { section in
                .init(language: section.language.value, terms: section.terms.map { term($0, section.language) })
            })
    }
}
