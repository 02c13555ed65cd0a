import Foundation

/// Concepts as CSV (RFC 4180, UTF-8), one concept per row, for spreadsheets.
///
/// Columns: `id`, `subject`, then for each language `LANG` (the preferred term) and
/// `LANG other` (the other terms as `term [status]`, separated by `; `), then
/// `definition`, `citations`, `notes` and `related` (lists separated by `; `).
public struct CSVExport: Sendable {
    public let languages: [String]

    /// - Parameter languages: the language tags to give columns to, in order.
    public init(languages: [String]) { self.languages = languages }

    public var header: String {
        row(["id", "subject"] + languages.flatMap { [$0, "\($0) other"] } + ["definition", "citations", "notes", "related"])
    }

    public func row(for concept: Concept) -> String {
        var fields = [concept.id, concept.subject ?? ""]
        for language in languages {
            let terms = concept.languages.filter { $0.language.value == language }.flatMap(\.terms)
            let preferred = terms.first { $0.status == .preferred }
            fields.append(preferred?.text ?? "")
            fields.append(terms.filter { $0 != preferred }.map { "\($0.text) [\($0.status.rawValue)]" }.joined(separator: "; "))
        }
        fields += [concept.definition ?? "", concept.citations.joined(separator: "; "), concept.notes.joined(separator: "; "), concept.related.joined(separator: "; ")]
        return row(fields)
    }

    /// One CSV line (with CRLF, as RFC 4180 has it); fields with a comma, quote or line
    /// break are quoted, quotes doubled.
    func row(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                : field
        }.joined(separator: ",") + "\r\n"
    }
}
