import Foundation
import ShuyuMatching
import ShuyuModel

/// Checks that need the whole glossary: ids unique across files, related concepts that
/// exist, and English strings that are approved in one concept but rejected in another.
enum GlossaryChecks {
    static func crossFile(_ glossary: Glossary, locations: [String: SourceLocation], fileDiagnostics: [GlossaryDiagnostic]) -> [GlossaryDiagnostic] {
        var diagnostics: [GlossaryDiagnostic] = []
        var firstSeen: [String: String] = [:]
        var files: [String: String] = [:]
        for collection in glossary.collections { files[collection.id] = collection.file }
        // Ids unique across files (within one file the parser already reports them).
        for concept in glossary.concepts {
            let file = concept.origin ?? ""
            if let other = firstSeen[concept.id], other != file {
                diagnostics.append(.init(code: "duplicate-id", message: "concept id '\(concept.id)' is also defined in \(other.replacingOccurrences(of: "glossary:", with: ""))", location: locations[concept.id] ?? .init(file: "?", line: 1, column: 1)))
            }
            firstSeen[concept.id] = firstSeen[concept.id] ?? file
        }
        let ids = Set(glossary.concepts.map(\.id))
        for concept in glossary.concepts {
            let here = locations[concept.id] ?? .init(file: "?", line: 1, column: 1)
            for target in concept.related where !ids.contains(target) || target == concept.id {
                let message = target == concept.id ? "concept '\(concept.id)' lists itself as related" : "concept '\(concept.id)' is related to '\(target)', which does not exist"
                diagnostics.append(.init(code: "unknown-related", message: message, location: here))
            }
        }
        diagnostics += approvedAndRejected(glossary, locations: locations)
        return diagnostics
    }

    /// An English string preferred or admitted in one concept and deprecated, superseded or
    /// forbidden in another is legitimate only with a note on the rejected use saying why.
    static func approvedAndRejected(_ glossary: Glossary, locations: [String: SourceLocation]) -> [GlossaryDiagnostic] {
        var approved: [String: String] = [:]
        for concept in glossary.concepts {
            for term in concept.englishTerms where term.status.isApproved {
                approved[key(term.text)] = approved[key(term.text)] ?? concept.id
            }
        }
        var diagnostics: [GlossaryDiagnostic] = []
        for concept in glossary.concepts {
            for term in concept.englishTerms where term.status.isRejected {
                guard let owner = approved[key(term.text)], owner != concept.id else { continue }
                if term.usageNote?.isEmpty ?? true {
                    diagnostics.append(.init(
                        code: "approved-and-rejected",
                        message: "'\(term.text)' is \(term.status.rawValue) in '\(concept.id)' but approved in '\(owner)'; add a 'note' to the \(term.status.rawValue) term saying why",
                        location: locations[concept.id] ?? .init(file: "?", line: 1, column: 1)))
                }
            }
        }
        return diagnostics
    }

    static func key(_ text: String) -> String { Folding.englishExactKey(text) }
}
