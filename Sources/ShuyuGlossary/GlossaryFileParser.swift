import Foundation
import ShuyuMatching
import ShuyuModel
import Yams

/// Reads one glossary YAML document into concepts, collecting diagnostics with positions.
struct GlossaryFileParser {
    let file: String
    let text: String
    private(set) var diagnostics: [GlossaryDiagnostic] = []

    init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    struct Result {
        var collection: GlossaryCollection
        var concepts: [Concept]
        var locations: [String: SourceLocation]
    }

    /// Concept ids: lower-case ASCII letters and digits, then also '.', '-' and '_'.
    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.isASCIIAlnumLower else { return false }
        return id.unicodeScalars.allSatisfy { $0.isASCIIAlnumLower || $0 == "." || $0 == "-" || $0 == "_" }
    }

    mutating func parse() -> Result? {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                report("empty-file", "the file is empty; expected 'collection' and 'concepts'", at: nil)
                return nil
            }
            root = node
        } catch let error as YamlError {
            let (message, mark) = Self.describe(error)
            report("yaml-syntax", message, at: mark)
            return nil
        } catch {
            report("yaml-syntax", "\(error)", at: nil)
            return nil
        }
        guard let top = mapping(root, what: "the document") else { return nil }
        checkKeys(top, allowed: ["collection", "concepts"], in: "the document")

        var collection = GlossaryCollection(id: "", title: nil, subject: nil, file: file)
        if let header = top["collection"] {
            if let map = mapping(header, what: "'collection'") {
                checkKeys(map, allowed: ["id", "title", "subject"], in: "'collection'")
                collection.id = string(map["id"], what: "collection id") ?? ""
                collection.title = string(map["title"], what: "collection title")
                collection.subject = string(map["subject"], what: "collection subject")
                if collection.id.isEmpty { report("missing-field", "'collection' has no 'id'", at: header.mark) }
            }
        } else {
            report("missing-field", "missing 'collection' (id, title, subject)", at: root.mark)
        }
        if collection.id.isEmpty {
            collection.id = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        }

        var concepts: [Concept] = []
        var locations: [String: SourceLocation] = [:]
        guard let list = top["concepts"] else {
            report("missing-field", "missing 'concepts' (a list of concepts)", at: root.mark)
            return Result(collection: collection, concepts: [], locations: [:])
        }
        guard let sequence = list.sequence else {
            report("wrong-type", "'concepts' must be a list", at: list.mark)
            return nil
        }
        for item in sequence {
            guard let concept = parseConcept(item, collection: collection) else { continue }
            if let previous = locations[concept.id] {
                report("duplicate-id", "duplicate concept id '\(concept.id)' (first defined at line \(previous.line))", at: item.mark)
                continue
            }
            locations[concept.id] = location(item.mark)
            concepts.append(concept)
        }
        return Result(collection: collection, concepts: concepts, locations: locations)
    }

    private mutating func parseConcept(_ node: Node, collection: GlossaryCollection) -> Concept? {
        guard let map = mapping(node, what: "a concept") else { return nil }
        checkKeys(map, allowed: ["id", "subject", "definition", "citation", "citations", "note", "notes", "related", "terms"], in: "a concept")
        guard let id = string(map["id"], what: "concept id"), !id.isEmpty else {
            report("missing-field", "concept has no 'id'", at: node.mark)
            return nil
        }
        if !Self.isValidID(id) {
            report("bad-id", "concept id '\(id)' must be lower-case letters, digits, '.', '-' or '_'", at: map["id"]?.mark)
        }
        var concept = Concept(id: id, origin: "glossary:\(collection.id)")
        concept.subject = string(map["subject"], what: "subject") ?? collection.subject
        concept.definition = string(map["definition"], what: "definition")
        concept.citations = strings(map["citation"], what: "citation") + strings(map["citations"], what: "citations")
        concept.notes = strings(map["note"], what: "note") + strings(map["notes"], what: "notes")
        concept.related = strings(map["related"], what: "related")
        if concept.citations.isEmpty {
            report("missing-citation", "concept '\(id)' has no citation: say where its wording is official", at: node.mark)
        }
        guard let termsNode = map["terms"], let sections = mapping(termsNode, what: "'terms'") else {
            if map["terms"] == nil { report("missing-field", "concept '\(id)' has no 'terms'", at: node.mark) }
            return concept
        }
        var seenLanguages: Set<LanguageTag> = []
        for (key, value) in sections {
            guard let raw = key.string, let tag = LanguageTag(raw) else {
                report("bad-language-tag", "'\(key.string ?? "?")' is not a valid BCP 47 language tag", at: key.mark)
                continue
            }
            if !seenLanguages.insert(tag).inserted {
                report("duplicate-language", "language '\(tag)' appears twice in concept '\(id)'", at: key.mark)
                continue
            }
            concept.languages.append(LanguageSection(language: tag, terms: parseTerms(value, language: tag, conceptID: id)))
        }
        if !concept.languages.contains(where: { $0.language.isChinese && !$0.terms.isEmpty }) {
            report("missing-chinese", "concept '\(id)' has no Chinese (zh) term", at: termsNode.mark)
        }
        if !concept.languages.contains(where: { $0.language.isEnglish && !$0.terms.isEmpty }) {
            report("missing-english", "concept '\(id)' has no English (en) term", at: termsNode.mark)
        }
        return concept
    }

    private mutating func parseTerms(_ node: Node, language: LanguageTag, conceptID: String) -> [Term] {
        let items: [Node]
        if let sequence = node.sequence { items = Array(sequence) } else { items = [node] }
        var terms: [Term] = []
        var seen: [String: Int] = [:]
        var preferredLine: Int?
        for item in items {
            guard let term = parseTerm(item) else { continue }
            let key = term.text.precomposedStringWithCompatibilityMapping.lowercased()
            if let line = seen[key] {
                report("duplicate-term", "'\(term.text)' appears twice in the \(language) section of '\(conceptID)' (also at line \(line))", at: item.mark)
                continue
            }
            seen[key] = item.mark?.line ?? 0
            if term.status == .preferred {
                if let line = preferredLine {
                    report("multiple-preferred", "more than one preferred \(language) term in '\(conceptID)' (the first is at line \(line)); mark the others 'admitted'", at: item.mark)
                }
                preferredLine = preferredLine ?? item.mark?.line ?? 0
            }
            terms.append(term)
        }
        return terms
    }

    private mutating func parseTerm(_ node: Node) -> Term? {
        if let scalar = node.scalar {
            let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { report("empty-term", "empty term", at: node.mark); return nil }
            return Term(text)
        }
        guard let map = mapping(node, what: "a term") else { return nil }
        checkKeys(map, allowed: ["term", "status", "pos", "type", "note", "case-sensitive", "variants", "source", "blocked"], in: "a term")
        guard let text = string(map["term"], what: "term")?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            report("empty-term", map["term"] == nil ? "term has no 'term' text" : "empty term", at: map["term"]?.mark ?? node.mark)
            return nil
        }
        var term = Term(text)
        if let raw = string(map["status"], what: "status") {
            guard let status = TermStatus(rawValue: raw) else {
                // Dropped, so that the unknown status does not also count as 'preferred'.
                report("unknown-status", "unknown status '\(raw)'; use one of \(TermStatus.allCases.map(\.rawValue).joined(separator: ", "))", at: map["status"]?.mark)
                return nil
            }
            term.status = status
        }
        if let raw = string(map["pos"], what: "pos") {
            if let pos = PartOfSpeech(rawValue: raw) { term.partOfSpeech = pos } else {
                report("unknown-pos", "unknown part of speech '\(raw)'; use one of \(PartOfSpeech.allCases.map(\.rawValue).joined(separator: ", "))", at: map["pos"]?.mark)
            }
        }
        if let raw = string(map["type"], what: "type") {
            if let type = TermType(rawValue: raw) { term.termType = type } else {
                report("unknown-type", "unknown term type '\(raw)'; use one of \(TermType.allCases.map(\.rawValue).joined(separator: ", "))", at: map["type"]?.mark)
            }
        }
        term.usageNote = string(map["note"], what: "note")
        term.source = string(map["source"], what: "source")
        term.variants = strings(map["variants"], what: "variants")
        if let flag = bool(map["case-sensitive"], what: "case-sensitive") { term.isCaseSensitive = flag }
        if let flag = bool(map["blocked"], what: "blocked") {
            term.isBlocked = flag
            if flag, term.status != .forbidden {
                report("blocked-not-forbidden", "'blocked' is for forbidden terms; '\(term.text)' is \(term.status.rawValue)", at: map["blocked"]?.mark)
            }
        }
        return term
    }

    // MARK: Helpers

    private mutating func mapping(_ node: Node, what: String) -> Node.Mapping? {
        if let map = node.mapping {
            var seen: [String: Int] = [:]
            for (key, _) in map {
                guard let name = key.string else { continue }
                if let line = seen[name] {
                    report("duplicate-key", "key '\(name)' appears twice in \(what) (also at line \(line))", at: key.mark)
                }
                seen[name] = key.mark?.line ?? 0
            }
            return map
        }
        report("wrong-type", "\(what) must be a mapping of keys to values", at: node.mark)
        return nil
    }

    private mutating func checkKeys(_ map: Node.Mapping, allowed: Set<String>, in what: String) {
        for (key, _) in map {
            guard let name = key.string, !allowed.contains(name) else { continue }
            let hint = allowed.min { Similarity.editDistance(name, $0) < Similarity.editDistance(name, $1) }.map { " (did you mean '\($0)'?)" } ?? ""
            report("unknown-key", "unknown key '\(name)' in \(what)\(hint)", at: key.mark)
        }
    }

    private mutating func bool(_ node: Node?, what: String) -> Bool? {
        guard let node else { return nil }
        switch node.scalar?.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            report("wrong-type", "'\(what)' must be true or false", at: node.mark)
            return nil
        }
    }

    private mutating func string(_ node: Node?, what: String) -> String? {
        guard let node else { return nil }
        guard let scalar = node.scalar else {
            report("wrong-type", "\(what) must be text", at: node.mark)
            return nil
        }
        let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    private mutating func strings(_ node: Node?, what: String) -> [String] {
        guard let node else { return [] }
        if node.scalar != nil { return string(node, what: what).map { [$0] } ?? [] }
        guard let sequence = node.sequence else {
            report("wrong-type", "\(what) must be text or a list of text", at: node.mark)
            return []
        }
        return sequence.compactMap { string($0, what: what) }
    }

    private func location(_ mark: Mark?) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private mutating func report(_ code: String, _ message: String, at mark: Mark?) {
        diagnostics.append(GlossaryDiagnostic(code: code, message: message, location: location(mark)))
    }

    static func describe(_ error: YamlError) -> (String, Mark?) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text); " } ?? ""
            return ("YAML syntax: \(prefix)\(problem)", mark)
        case let .reader(problem, _, _, _):
            return ("YAML reader: \(problem)", nil)
        default:
            return ("YAML: \(error)", nil)
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlnumLower: Bool { ("a"..."z").contains(self) || ("0"..."9").contains(self) }
}
