import Foundation

/// Selects concepts and terms for an export: by id prefix, origin, subject, language and
/// status. A concept passes when it matches the concept-level criteria and keeps at least
/// one term after the language and status criteria.
public struct ConceptFilter: Sendable {
    /// Keep concepts whose id starts with one of these (all when empty).
    public var idPrefixes: [String] = []
    /// Keep concepts whose origin is one of these, e.g. `glossary:wppt` (all when empty).
    public var origins: [String] = []
    /// Keep concepts with one of these subject fields, compared case-insensitively (all when empty).
    public var subjects: [String] = []
    /// Keep language sections whose primary language or full tag is listed (all when empty):
    /// `zh` keeps `zh-CN` and `zh-Hans`; `zh-TW` keeps only `zh-TW`.
    public var languages: [String] = []
    /// Keep terms with one of these statuses (all when empty).
    public var statuses: Set<TermStatus> = []

    public init() {}

    /// Whether the filter keeps everything.
    public var isEmpty: Bool {
        idPrefixes.isEmpty && origins.isEmpty && subjects.isEmpty && languages.isEmpty && statuses.isEmpty
    }

    /// The concept as filtered, or `nil` when nothing of it is kept.
    public func apply(_ concept: Concept) -> Concept? {
        if !idPrefixes.isEmpty, !idPrefixes.contains(where: { concept.id.hasPrefix($0) }) { return nil }
        if !origins.isEmpty, !origins.contains(concept.origin ?? "") { return nil }
        if !subjects.isEmpty {
            guard let subject = concept.subject?.lowercased(), subjects.contains(where: { $0.lowercased() == subject }) else { return nil }
        }
        var result = concept
        if !languages.isEmpty {
            let wanted = languages.map { $0.lowercased().replacingOccurrences(of: "_", with: "-") }
            result.languages = result.languages.filter { section in
                wanted.contains(section.language.value.lowercased()) || wanted.contains(section.language.language)
            }
        }
        if !statuses.isEmpty {
            for index in result.languages.indices {
                result.languages[index].terms = result.languages[index].terms.filter { statuses.contains($0.status) }
            }
        }
        result.languages = result.languages.filter { !$0.terms.isEmpty }
        return result.languages.isEmpty ? nil : result
    }
}
