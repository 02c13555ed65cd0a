import Foundation

/// One problem `shuyu validate` found in a TBX file.
public struct TBXFinding: Sendable, Equatable, CustomStringConvertible {
    /// Stable rule identifier, e.g. `tbx-basic-definition-level`.
    public var rule: String
    public var error: XMLError

    public var description: String { "\(error) [\(rule)]" }
}

/// What validating a TBX file found.
public struct TBXValidationReport: Sendable {
    public var version: TBXVersion
    /// The dialect whose rules were applied.
    public var dialect: TBXDialect?
    public var findings: [TBXFinding]
}

/// Checks a TBX file against the TBX core structure and its dialect's rules (TBX-Basic,
/// TBX-Min, TBX-Core), in Swift, while streaming through it.
///
/// The official dialect Schematron files need XPath 2, which libxml2 lacks; these rules
/// are the ones that matter from TBX-Basic 4's `basic_schema.sch` and the TBX-Min and
/// TBX-Core definitions, applied to TBX v3 and to TBX 2008 (`termEntry`/`langSet`/`tig`).
/// Values of TBX-Basic 1.x (`administrativeStatus`, `origination`) are accepted alongside
/// TBX-Basic 4's (`usageStatus`, `creation`).
public enum TBXValidator {
    /// Validates the file at `path`. The dialect comes from the root's `type` unless given.
    ///
    /// - Throws: ``XMLError`` when the file is not well-formed XML.
    public static func validate(path: String, displayName: String? = nil, dialect: TBXDialect? = nil) throws -> TBXValidationReport {
        let name = displayName ?? path
        let reader = try XMLStreamReader(path: path, displayName: name)
        var walker = Walker(file: name, lines: LineLocator(path: path), forcedDialect: dialect)
        while let position = try reader.next() {
            if position.isElementStart {
                walker.start(position, attributes: reader.attributes(), line: reader.nodeLine)
                if position.isElementEnd { walker.end() }
            } else if position.isEndTag {
                walker.end()
            } else if position.isText {
                walker.text(reader.value)
            }
        }
        guard let version = walker.version else {
            throw XMLError(file: name, line: 1, column: 1, message: "not TBX: no <tbx> or <martif> root element")
        }
        return TBXValidationReport(version: version, dialect: walker.dialect, findings: walker.findings)
    }
}

private struct Frame {
    var name: String
    var isCore: Bool
    var type: String?
    var line: Int
    /// Which `<name` on its line this element is (0 for the first): the column is worked
    /// out from it only when a finding needs it.
    var occurrence: Int
    var text = ""
    var children: [String] = []
}

private struct Walker {
    let file: String
    let lines: LineLocator
    let forcedDialect: TBXDialect?
    var version: TBXVersion?
    var dialect: TBXDialect?
    var stack: [Frame] = []
    var findings: [TBXFinding] = []

    init(file: String, lines: LineLocator, forcedDialect: TBXDialect?) {
        self.file = file
        self.lines = lines
        self.forcedDialect = forcedDialect
    }

    static let auxInfo: Set<String> = ["descrip", "descripGrp", "admin", "adminGrp", "transacGrp", "note", "ref", "xref"]
    static let typed: Set<String> = ["descrip", "termNote", "admin", "transac", "transacNote", "ref", "xref", "descripNote", "adminNote"]
    static let conceptLevel: Set<String> = ["conceptEntry", "termEntry"]
    static let languageLevel: Set<String> = ["langSec", "langSet"]
    static let termLevel: Set<String> = ["termSec", "tig", "ntig", "termGrp"]

    /// Element children each structural element may have; nil: not checked.
    static func allowedChildren(of parent: String) -> Set<String>? {
        switch parent {
        case "tbx": return ["tbxHeader", "text"]
        case "martif": return ["martifHeader", "text"]
        case "text": return ["body", "back"]
        case "body": return ["conceptEntry", "termEntry"]
        case "conceptEntry", "termEntry": return auxInfo.union(["langSec", "langSet"])
        case "langSec", "langSet": return auxInfo.union(["termSec", "tig", "ntig"])
        case "termSec", "tig": return auxInfo.union(["term", "termNote", "termNoteGrp"])
        case "ntig": return auxInfo.union(["termGrp"])
        case "termGrp": return ["term", "termNote", "termNoteGrp", "termCompList"]
        case "sourceDesc": return ["p"]
        default: return nil
        }
    }

    mutating func report(_ rule: String, _ message: String, at frame: Frame) {
        let column = columnOfTag(frame.name, line: frame.line, occurrence: frame.occurrence)
        findings.append(TBXFinding(rule: rule, error: XMLError(file: file, line: frame.line, column: column, message: message)))
    }

    /// Start tags seen so far on the current line, by name: the n-th `<name` on a line is
    /// the n-th such element (minified files put many on one line).
    var tagsOnLine: (line: Int, counts: [String: Int]) = (0, [:])

    mutating func start(_ position: XMLStreamReader.Position, attributes: [(name: String, value: String)], line: Int) {
        let isCore = position.namespace.map { TBXNamespace.core.contains($0) } ?? true
        let frame = Frame(
            name: position.localName, isCore: isCore, type: attributes.first { $0.name == "type" }?.value,
            line: line, occurrence: occurrenceOfTag(position.localName, line: line))

        if stack.isEmpty {
            switch position.localName {
            case "tbx": version = .v3
            case "martif": version = .v2
            default: break
            }
            let type = frame.type ?? ""
            dialect = forcedDialect ?? [TBXDialect.basic, .min, .core].first { type.hasPrefix($0.typeName) }
        } else {
            let parent = stack[stack.count - 1]
            if isCore, let allowed = Self.allowedChildren(of: parent.name), !allowed.contains(position.localName) {
                report("tbx-core-misplaced", "<\(position.localName)> is not allowed in <\(parent.name)>", at: frame)
            }
            if position.localName == "term", Self.termLevel.contains(parent.name) {
                if parent.children.contains("term") {
                    report("tbx-core-one-term", "only one <term> per <\(parent.name)>", at: frame)
                } else if !parent.children.isEmpty {
                    report("tbx-core-term-first", "<term> must come first in <\(parent.name)>", at: frame)
                }
            }
            if position.localName == "descrip", parent.name == "descripGrp", parent.children.contains("descrip") {
                report("tbx-core-one-descrip", "only one <descrip> per <descripGrp>", at: frame)
            }
            stack[stack.count - 1].children.append(position.localName)
        }
        if isCore, Self.typed.contains(position.localName), frame.type == nil {
            report("tbx-core-missing-type", "<\(position.localName)> needs a type attribute", at: frame)
        }
        if Self.languageLevel.contains(position.localName), !attributes.contains(where: { $0.name == "xml:lang" }) {
            report("tbx-core-no-lang", "<\(position.localName)> needs xml:lang", at: frame)
        }
        stack.append(frame)
    }

    /// Counts start tags per line, so that the n-th `<name` on a line is the n-th such element.
    private mutating func occurrenceOfTag(_ name: String, line: Int) -> Int {
        if tagsOnLine.line != line { tagsOnLine = (line, [:]) }
        let occurrence = tagsOnLine.counts[name, default: 0]
        tagsOnLine.counts[name] = occurrence + 1
        return occurrence
    }

    /// The column (in characters, from 1) of the `occurrence`-th `<name` or `<prefix:name`
    /// on `line`, found in its UTF-8 bytes; 0 when the line cannot be read.
    private func columnOfTag(_ name: String, line: Int, occurrence: Int) -> Int {
        guard let text = lines.line(line) else { return 0 }
        let bytes = Array(text.utf8)
        let wanted = Array(name.utf8)
        var seen = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "<") {
            var end = index + 1
            while end < bytes.count, ![UInt8(ascii: " "), 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[end]) { end += 1 }
            let tag = bytes[(index + 1)..<end]
            let matches = tag.elementsEqual(wanted)
                || (tag.count > wanted.count && tag.suffix(wanted.count).elementsEqual(wanted) && tag[tag.endIndex - wanted.count - 1] == UInt8(ascii: ":"))
            guard matches else { continue }
            if seen == occurrence {
                // Characters before the tag, plus one.
                return String(decoding: bytes[..<index], as: UTF8.self).count + 1
            }
            seen += 1
        }
        return 0
    }

    mutating func text(_ value: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += value
    }

    mutating func end() {
        guard let frame = stack.popLast() else { return }
        let parent = stack.last
        let value = frame.text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch frame.name {
        case "sourceDesc" where !value.isEmpty:
            report("tbx-core-text-in-sourcedesc", "text in <sourceDesc> must be inside <p>", at: frame)
        case "conceptEntry", "termEntry":
            if !frame.children.contains(where: { Self.languageLevel.contains($0) }) {
                report("tbx-core-no-language", "<\(frame.name)> has no language section", at: frame)
            }
        case "langSec", "langSet":
            if !frame.children.contains(where: { ["termSec", "tig", "ntig"].contains($0) }) {
                report("tbx-core-no-term", "<\(frame.name)> has no term", at: frame)
            }
        case "term" where value.isEmpty:
            report("tbx-core-empty-term", "empty <term>", at: frame)
        default:
            break
        }
        // Dialect rules are about data categories: typed core elements and DCT elements.
        guard let dialect, let parent, frame.isCore ? Self.typed.contains(frame.name) : Self.dctElement(frame.name) != nil else { return }
        let grandparent = stack.count >= 2 ? stack[stack.count - 2].name : nil
        // DCA: the category is the type attribute; DCT: the element's own name.
        let category = frame.isCore ? frame.type : frame.name
        let element = frame.isCore ? frame.name : Self.dctElement(frame.name)
        guard let category, let element else { return }
        switch dialect {
        case .basic: basicRules(frame, element: element, category: category, value: value, parent: parent.name, grandparent: grandparent)
        case .min: minRules(frame, element: element, category: category, parent: parent.name)
        case .core:
            report("tbx-core-dialect", "TBX-Core allows no data categories; <\(frame.name)\(frame.type.map { " type=\"\($0)\"" } ?? "")> is one", at: frame)
        }
    }

    /// The DCA element a DCT data-category element stands for.
    static func dctElement(_ name: String) -> String? {
        switch name {
        case "subjectField", "definition", "context": return "descrip"
        case "partOfSpeech", "termType", "administrativeStatus", "usageStatus", "grammaticalGender", "geographicalUsage", "termLocation": return "termNote"
        case "source", "customerSubset", "projectSubset": return "admin"
        case "transactionType": return "transac"
        case "responsibility": return "transacNote"
        case "crossReference": return "ref"
        case "externalCrossReference", "xGraphic": return "xref"
        default: return nil
        }
    }

    private func level(_ parent: String, _ grandparent: String?) -> (concept: Bool, language: Bool, term: Bool, grouped: Bool) {
        let grouped = parent.hasSuffix("Grp") && parent != "transacGrp" && parent != "termGrp"
        let owner = grouped ? (grandparent ?? "") : parent
        return (Self.conceptLevel.contains(owner), Self.languageLevel.contains(owner), Self.termLevel.contains(owner), grouped)
    }

    mutating func basicRules(_ frame: Frame, element: String, category: String, value: String, parent: String, grandparent: String?) {
        let at = level(parent, grandparent)
        func check(_ ok: Bool, _ rule: String, _ message: String) { if !ok { report(rule, message, at: frame) } }
        switch element {
        case "admin":
            check(["customerSubset", "projectSubset", "source"].contains(category), "tbx-basic-admin-type", "admin type must be customerSubset, projectSubset or source, not '\(category)'")
            if category == "customerSubset" || category == "projectSubset" {
                check(!at.grouped && (at.concept || at.term), "tbx-basic-subset-level", "\(category) belongs at concept or term level")
            }
            if category == "source" {
                check(at.term || (at.grouped && (at.concept || at.language)), "tbx-basic-source-level",
                      "source belongs at term level, or in a descripGrp with a definition at concept or language level")
            }
        case "descrip":
            check(["context", "definition", "subjectField"].contains(category), "tbx-basic-descrip-type", "descrip type must be context, definition or subjectField, not '\(category)'")
            if category == "subjectField" { check(at.concept && !at.grouped, "tbx-basic-subject-level", "subjectField belongs at concept level") }
            if category == "context" { check(at.term, "tbx-basic-context-level", "context belongs at term level") }
            if category == "definition" { check(at.concept || at.language, "tbx-basic-definition-level", "definition belongs at concept or language level, not term level") }
        case "ref":
            check(category == "crossReference", "tbx-basic-ref-type", "ref type must be crossReference, not '\(category)'")
            check(at.concept || at.term, "tbx-basic-ref-level", "crossReference belongs at concept or term level")
        case "xref":
            check(["xGraphic", "externalCrossReference"].contains(category), "tbx-basic-xref-type", "xref type must be xGraphic or externalCrossReference, not '\(category)'")
            if category == "xGraphic" { check(at.concept, "tbx-basic-xref-level", "xGraphic belongs at concept level") }
            if category == "externalCrossReference" { check(at.concept || at.term, "tbx-basic-xref-level", "externalCrossReference belongs at concept or term level") }
        case "termNote":
            let allowed = ["grammaticalGender", "geographicalUsage", "termLocation", "termType", "usageStatus", "administrativeStatus", "partOfSpeech"]
            check(allowed.contains(category), "tbx-basic-termnote-type", "termNote type must be one of \(allowed.joined(separator: ", ")), not '\(category)'")
            check(at.term, "tbx-basic-termnote-level", "\(category) belongs at term level")
            let picklists: [String: [String]] = [
                "grammaticalGender": ["feminine", "masculine", "neuter", "other"],
                "termType": ["fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"],
                "usageStatus": ["preferred", "admitted", "deprecated"],
                "administrativeStatus": ["preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"],
                "partOfSpeech": ["noun", "verb", "adjective", "adverb", "properNoun", "other"],
            ]
            if let values = picklists[category] {
                check(values.contains(value), "tbx-basic-picklist", "\(category) must be one of \(values.joined(separator: ", ")), not '\(value)'")
            }
        case "transacNote":
            check(category == "responsibility", "tbx-basic-transacnote-type", "transacNote type must be responsibility, not '\(category)'")
        case "transac":
            check(category == "transactionType", "tbx-basic-transac-type", "transac type must be transactionType, not '\(category)'")
            if category == "transactionType" {
                check(["creation", "modification", "origination"].contains(value), "tbx-basic-picklist", "transactionType must be creation or modification, not '\(value)'")
            }
        default:
            break
        }
    }

    mutating func minRules(_ frame: Frame, element: String, category: String, parent: String) {
        let at = level(parent, nil)
        let allowed: Bool
        switch (element, category) {
        case ("descrip", "subjectField"): allowed = at.concept
        case ("termNote", "partOfSpeech"), ("termNote", "administrativeStatus"), ("termNote", "usageStatus"): allowed = at.term
        case ("admin", "customerSubset"): allowed = at.concept || at.term
        default: allowed = false
        }
        if !allowed {
            report("tbx-min-category", "TBX-Min allows subjectField (concept), partOfSpeech and status (term), customerSubset and notes; not \(category) here", at: frame)
        }
    }
}
