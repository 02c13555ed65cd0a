import ShuyuMatching
import ShuyuModel

/// The glossary's own integrity, checked on concepts from any source — the YAML glossary,
/// a store, a TBX file — and reported as findings (`shuyu validate`).
///
/// Rules: `duplicate-concept-id`, `duplicate-term` (the same term twice in one language
/// section), `multiple-preferred` (more than one preferred term per language),
/// `missing-language` (no Chinese or no English term), `empty-term`,
/// `approved-and-rejected` (an English string approved in one concept and rejected in
/// another with no note saying why), and `nested-term` (information: a Chinese term inside
/// a longer term of another concept, which shapes longest-match).
public enum ConceptValidator {
    /// Where a concept is, for findings: a file and line when known.
    public typealias Locate = (String) -> (file: String, line: Int)

    public static let ruleIDs = ["duplicate-concept-id", "duplicate-term", "multiple-preferred", "missing-language", "empty-term", "approved-and-rejected", "nested-term"]

    /// - Parameter languageSeverity: how serious a concept without Chinese or English is: an
    ///   error in Shuyu's glossary, a warning in a general termbase.
    public static func validate(_ concepts: [Concept], document: String, languageSeverity: Severity = .error, locate: Locate) -> [Finding] {
        var findings: [Finding] = []
        func report(_ rule: String, _ severity: Severity, _ concept: Concept, _ message: String, found: String? = nil) {
            let place = locate(concept.id)
            findings.append(Finding(
                rule: rule, severity: severity, message: message, document: document, segment: concept.id,
                source: Location(file: place.file, line: place.line, column: place.line > 0 ? 1 : 0, length: 0, text: ""),
                target: nil, conceptID: concept.id, expected: [], found: found, citations: concept.citations,
                sourceText: "", targetText: "", fix: nil))
        }
        var seen: Set<String> = []
        for concept in concepts {
            if !seen.insert(concept.id).inserted {
                report("duplicate-concept-id", .error, concept, "concept id '\(concept.id)' is used more than once")
            }
            for section in concept.languages {
                var terms: Set<String> = []
                var preferred = 0
                for term in section.terms {
                    if term.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                        report("empty-term", .error, concept, "an empty term in the \(section.language) section of '\(concept.id)'")
                        continue
                    }
                    let key = Folding.nfkc(term.text).lowercased()
                    if !terms.insert(key).inserted {
                        report("duplicate-term", .error, concept, "'\(term.text)' appears twice in the \(section.language) section of '\(concept.id)'", found: term.text)
                    }
                    if term.status == .preferred, !term.isStatusImplicit { preferred += 1 }
                }
                if preferred > 1 {
                    report("multiple-preferred", .error, concept, "\(preferred) preferred \(section.language) terms in '\(concept.id)'; mark all but one admitted")
                }
            }
            if concept.chineseTerms.isEmpty { report("missing-language", languageSeverity, concept, "'\(concept.id)' has no Chinese term") }
            if concept.englishTerms.isEmpty { report("missing-language", languageSeverity, concept, "'\(concept.id)' has no English term") }
        }
        // English strings approved in one concept and rejected in another.
        var approved: [String: String] = [:]
        for concept in concepts {
            for term in concept.englishTerms where term.status.isApproved {
                approved[Folding.englishExactKey(term.text)] = approved[Folding.englishExactKey(term.text)] ?? concept.id
            }
        }
        for concept in concepts {
            for term in concept.englishTerms where term.status.isRejected && (term.usageNote ?? "").isEmpty {
                if let owner = approved[Folding.englishExactKey(term.text)], owner != concept.id {
                    report("approved-and-rejected", .error, concept, "'\(term.text)' is \(term.status.rawValue) here but approved in '\(owner)', with no note saying why", found: term.text)
                }
            }
        }
        // Chinese terms nested in longer terms of other concepts.
        let index = TermIndex(concepts: concepts)
        for concept in concepts {
            for term in concept.chineseTerms where term.status.isApproved {
                let inner = index.chineseTerms(inside: term.text).flatMap { match in
                    match.refs.filter { $0.conceptID != concept.id && $0.term.status.isApproved }.map { "\(match.text) (\($0.conceptID))" }
                }
                guard !inner.isEmpty else { continue }
                let unique = Array(Set(inner)).sorted()
                report("nested-term", .info, concept, "\(term.text) contains \(unique.joined(separator: ", ")); the longer term wins where both match", found: term.text)
            }
        }
        return findings
    }
}
