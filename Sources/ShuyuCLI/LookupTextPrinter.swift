import ShuyuModel
import ShuyuStore

/// Renders a lookup for a terminal: full entries for exact and inflected matches, one line
/// per partial match.
struct LookupTextPrinter {
    let style: Style
    let showAll: Bool
    let related: [String: Concept]

    func render(_ result: LookupResult, suggestions: [Suggestion]) -> String {
        guard !result.matches.isEmpty else {
            var out = "no term matches '\(result.query)'\n"
            if !suggestions.isEmpty {
                out += "did you mean: " + suggestions.map { "\($0.text)" }.joined(separator: ", ") + "?\n"
            }
            return out
        }
        let full = result.matches.filter { showAll || $0.kind <= .inflected }
        let brief = result.matches.filter { !(showAll || $0.kind <= .inflected) }
        var out = ""
        for (index, match) in full.enumerated() {
            if index > 0 { out += "\n" }
            out += entry(match, query: result.query)
        }
        if !brief.isEmpty {
            if !full.isEmpty { out += "\n" + style.dim("Also matching '\(result.query)':") + "\n" }
            for match in brief { out += line(match) }
        }
        return out
    }

    /// One line: Chinese ⇄ English [id], for partial matches.
    func line(_ match: LookupMatch) -> String {
        let zh = match.concept.preferredChinese?.text ?? "—"
        let en = match.concept.preferredEnglish?.text ?? "—"
        var text = "  \(style.bold(zh))  \(en)  \(style.dim("[\(match.concept.id)]"))"
        if match.term.status.isRejected {
            text += "  " + statusLabel(match.term.status) + " " + style.dim("(\(match.matchedForm))")
        }
        return text + "\n"
    }

    func entry(_ match: LookupMatch, query: String) -> String {
        let concept = match.concept
        let zh = concept.preferredChinese?.text ?? "—"
        let en = concept.preferredEnglish?.text ?? "—"
        var out = "\(style.bold(zh))  ⇄  \(style.bold(en))  \(style.dim("[\(concept.id)]"))\n"
        if match.term.status.isRejected {
            let instead = (match.language.isChinese ? concept.preferredChinese : concept.preferredEnglish)?.text
            var warning = "'\(match.matchedForm)' is \(match.term.status.rawValue)"
            if let instead { warning += ": use '\(instead)'" }
            out += "  " + (match.term.status == .forbidden ? style.red("✗ " + warning) : style.yellow("! " + warning)) + "\n"
            if let note = match.term.usageNote { out += "    \(note)\n" }
        } else if match.kind == .inflected {
            out += "  " + style.dim("('\(query)' is a form of '\(match.matchedForm)')") + "\n"
        }
        if let subject = concept.subject { out += field("subject", subject) }
        for section in concept.languages {
            for (index, term) in section.terms.enumerated() {
                let label = index == 0 ? section.language.value : ""
                var text = "\(term.text)  \(statusLabel(term.status))"
                var extras: [String] = []
                if let type = term.termType, type != .fullForm { extras.append(type.rawValue) }
                if let pos = term.partOfSpeech { extras.append(pos.rawValue) }
                if term.isCaseSensitive { extras.append("case-sensitive") }
                if !extras.isEmpty { text += " " + style.dim("(\(extras.joined(separator: ", ")))") }
                out += field(label, text)
                if let note = term.usageNote { out += field("", style.dim("  " + note)) }
                if let source = term.source { out += field("", style.dim("  source: " + source)) }
            }
        }
        if let definition = concept.definition { out += field("definition", definition) }
        for (index, citation) in concept.citations.enumerated() { out += field(index == 0 ? "citation" : "", citation) }
        for (index, note) in concept.notes.enumerated() { out += field(index == 0 ? "notes" : "", note) }
        for (index, id) in concept.related.enumerated() {
            let other = related[id]
            let label = [other?.preferredChinese?.text, other?.preferredEnglish?.text].compactMap { $0 }.joined(separator: " / ")
            out += field(index == 0 ? "related" : "", label.isEmpty ? id : "\(label) \(style.dim("[\(id)]"))")
        }
        return out
    }

    func statusLabel(_ status: TermStatus) -> String {
        switch status {
        case .preferred: return style.green("preferred")
        case .admitted: return style.cyan("admitted")
        case .deprecated, .superseded: return style.yellow(status.rawValue)
        case .forbidden: return style.red("forbidden")
        }
    }

    func field(_ label: String, _ value: String) -> String {
        let padded = label.padding(toLength: 11, withPad: " ", startingAt: 0)
        return "  \(style.dim(padded)) \(value)\n"
    }
}
