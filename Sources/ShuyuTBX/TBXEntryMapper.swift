import Foundation
import ShuyuModel

/// Maps one TBX entry (`termEntry` of TBX 2008, `conceptEntry` of TBX v3, DCA or DCT
/// style) to a ``Concept``. What the model has a place for goes there; everything else
/// is kept whole in the `extras` of the level it came from.
struct TBXEntryMapper {
    let file: String
    let origin: String
    /// The XML text of an element the reader kept whole (see ``keepWhole(parent:name:type:)``).
    let xml: (XNode) -> String?

    /// Problems that make an entry invalid (empty term, bad language tag).
    struct Problem {
        var line: Int
        var message: String
        /// Text to look for on `line` to find the column (e.g. `<term`).
        var marker: String
    }

    /// What mapping produced: a concept, language tags that were normalised, problems.
    struct Mapped {
        var concept: Concept
        var normalisedTags: [String: String] = [:]
        var problems: [Problem] = []
    }

    static let structural: Set<String> = ["langSet", "langSec", "tig", "ntig", "termSec", "termGrp", "term"]

    /// Whether the reader should be able to serialise an element, so it can be kept whole.
    static func keepWhole(parent: String, name: String, type: String?) -> Bool {
        containers.contains(parent) && !structural.contains(name)
    }

    /// Elements whose children may be kept whole (built once: the reader asks for every node).
    static let containers: Set<String> = [
        "termEntry", "conceptEntry", "langSet", "langSec", "tig", "ntig", "termSec", "termGrp", "martifHeader", "tbxHeader", "back", "descripGrp",
    ]

    func map(_ entry: XNode, id: String) -> Mapped {
        var mapped = Mapped(concept: Concept(id: id, origin: origin))
        for child in entry.children {
            switch child.name {
            case "langSet", "langSec":
                if let section = language(child, into: &mapped) { mapped.concept.languages.append(section) }
            default:
                conceptLevel(child, into: &mapped)
            }
        }
        return mapped
    }

    // MARK: Concept level

    private func conceptLevel(_ node: XNode, into mapped: inout Mapped) {
        let value = node.text.trimmed
        switch (node.name, node.category) {
        // A core element with its category, or a dialect's own element (its condition
        // applies to it alone).
        case ("descrip", "subjectField"?):
            fallthrough
        case (_, "subjectField"?) where node.namespace != nil && node.name == "subjectField":
            if mapped.concept.subject == nil, !value.isEmpty { mapped.concept.subject = value; return }
        case ("descrip", "definition"?):
            fallthrough
        case ("definition", _) where node.category == "definition":
            if mapped.concept.definition == nil, !value.isEmpty { mapped.concept.definition = value; return }
            if value.isEmpty { return }
        case ("admin", "source"?), ("source", "source"?):
            if !value.isEmpty { mapped.concept.citations.append(value) }
            return
        case ("note", _):
            if !value.isEmpty { mapped.concept.notes.append(value) }
            return
        case ("ref", "crossReference"?):
            if let target = node[attribute: "target"], !target.isEmpty, node.attributes.count == 2 {
                mapped.concept.related.append(target)
                return
            }
        case ("descripGrp", _):
            if flattenDescripGroup(node, definition: &mapped.concept.definition, citations: &mapped.concept.citations, subject: &mapped.concept.subject) { return }
        default:
            break
        }
        mapped.concept.extras.append(extra(node))
    }

    /// A `descripGrp` that holds only a definition or subject field and its sources maps to
    /// model fields; anything richer is kept whole.
    private func flattenDescripGroup(_ group: XNode, definition: inout String?, citations: inout [String], subject: inout String?) -> Bool {
        let descrips = group.children.filter { $0.name == "descrip" }
        let sources = group.children.filter { $0.name == "admin" && $0.category == "source" }
        guard descrips.count == 1, descrips.count + sources.count == group.children.count else { return false }
        let descrip = descrips[0]
        let value = descrip.text.trimmed
        switch descrip.category {
        case "definition"? where definition == nil && !value.isEmpty: definition = value
        case "subjectField"? where subject == nil && !value.isEmpty: subject = value
        default: return false
        }
        citations += sources.map { $0.text.trimmed }.filter { !$0.isEmpty }
        return true
    }

    // MARK: Language level

    private func language(_ node: XNode, into mapped: inout Mapped) -> LanguageSection? {
        guard let raw = node[attribute: "xml:lang"], !raw.isEmpty else {
            mapped.problems.append(Problem(line: node.line, message: "<\(node.name)> has no xml:lang", marker: "<\(node.name)"))
            return nil
        }
        guard let tag = LanguageTag(raw.trimmingSpaces) else {
            mapped.problems.append(Problem(line: node.line, message: "'\(raw)' is not a language tag", marker: "xml:lang"))
            return nil
        }
        if tag.value != raw { mapped.normalisedTags[raw] = tag.value }
        var section = LanguageSection(language: tag, terms: [])
        var ignoredCitations: [String] = []
        var ignoredSubject: String?
        for child in node.children {
            let value = child.text.trimmed
            switch (child.name, child.category) {
            case ("tig", _), ("ntig", _), ("termSec", _):
                if let term = term(child, into: &mapped) { section.terms.append(term) }
                continue
            case ("term", _):
                mapped.problems.append(Problem(line: child.line, message: "<term> directly in <\(node.name)>; a term belongs in a <tig>, <ntig> or <termSec>", marker: "<term"))
                continue
            case ("descrip", "definition"?) where section.definition == nil && !value.isEmpty:
                section.definition = value
                continue
            case ("descrip", "definition"?) where value.isEmpty:
                continue
            case ("descripGrp", _) where section.definition == nil:
                var definition: String?
                if flattenDescripGroup(child, definition: &definition, citations: &ignoredCitations, subject: &ignoredSubject),
                   ignoredCitations.isEmpty, ignoredSubject == nil, let definition {
                    section.definition = definition
                    continue
                }
                ignoredCitations = []
                ignoredSubject = nil
            default:
                break
            }
            section.extras.append(extra(child))
        }
        return section
    }

    // MARK: Term level

    private func term(_ node: XNode, into mapped: inout Mapped) -> Term? {
        // ntig keeps the term and its termNotes in a termGrp; read both levels.
        let parts = node.children.flatMap { $0.name == "termGrp" ? $0.children : [$0] }
        let termNodes = parts.filter { $0.name == "term" }
        if termNodes.count > 1 {
            mapped.problems.append(Problem(line: termNodes[1].line, message: "more than one <term> in one <\(node.name)>; each term needs its own", marker: "<term"))
            return nil
        }
        guard let termNode = termNodes.first else {
            mapped.problems.append(Problem(line: node.line, message: "<\(node.name)> has no <term>", marker: "<\(node.name)"))
            return nil
        }
        let text = termNode.text.collapsingWhitespace
        guard !text.isEmpty else {
            mapped.problems.append(Problem(line: termNode.line, message: "empty <term> in entry '\(mapped.concept.id)' (--skip-invalid leaves such terms out)", marker: "<term"))
            return nil
        }
        var term = Term(text)
        var statusSeen = false
        for part in parts where part.name != "term" {
            let value = part.text.trimmed
            let category = part.category
            if let category, TBXVocabulary.statusCategories.contains(category), !statusSeen, let status = TBXVocabulary.status(value) {
                term.status = status
                statusSeen = true
                // Our own writer's canonical value needs no copy; anything else is kept verbatim.
                if TBXVocabulary.isCanonical(category: category, value: value) { continue }
            } else if category == "partOfSpeech", term.partOfSpeech == nil, let pos = TBXVocabulary.partOfSpeech(value) {
                term.partOfSpeech = pos
                if TBXVocabulary.isCanonical(category: "partOfSpeech", value: value) { continue }
            } else if category == "termType", term.termType == nil, let type = TBXVocabulary.termType(value) {
                term.termType = type
                if TBXVocabulary.isCanonical(category: "termType", value: value) { continue }
            } else if (part.name == "termNote" || part.name == "descrip"), category == "partOfSpeech" || category == "definition", value.isEmpty {
                continue  // empty values, as some tools write them, carry nothing
            } else if part.name == "note", ShuyuNote.apply(value, to: &term) {
                continue
            } else if part.name == "note", term.usageNote == nil, !value.isEmpty {
                term.usageNote = value
                continue
            } else if part.name == "admin", category == "source", term.source == nil, !value.isEmpty {
                term.source = value
                continue
            }
            term.extras.append(extra(part))
        }
        // No status given: preferred by default, remembered so that export leaves it out.
        if !statusSeen, term.status == .preferred, !term.extras.contains(where: { TBXVocabulary.statusCategories.contains($0.category ?? "") }) {
            term.isStatusImplicit = true
        }
        return term
    }

    private func extra(_ node: XNode) -> ExtraData {
        ExtraData(format: "tbx", content: xml(node) ?? "", category: node.category ?? node.name)
    }
}
