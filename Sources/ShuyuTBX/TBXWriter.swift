import Foundation
import ShuyuModel

/// The TBX a writer produces.
public enum TBXFormat: String, Sendable, CaseIterable {
    /// TBX v3 (ISO 30042:2019), DCA style.
    case v3 = "tbx"
    /// TBX-Basic 2008 `martif`, for older CAT tools.
    case v2 = "tbx-v2"
}

/// A TBX v3 dialect: which data categories are written.
public enum TBXDialect: String, Sendable, CaseIterable {
    /// Subject, definitions with sources, notes, cross-references, status, part of speech,
    /// term type, term sources, usage notes, and every kept data category.
    case basic
    /// Subject field, status, part of speech and notes only.
    case min
    /// Structure only: concepts, languages, terms.
    case core

    /// The value of the root's `type` attribute, e.g. `TBX-Basic`.
    public var typeName: String {
        switch self {
        case .basic: return "TBX-Basic"
        case .min: return "TBX-Min"
        case .core: return "TBX-Core"
        }
    }
}

/// Writes concepts as TBX, one at a time, through libxml2's `xmlTextWriter`.
///
/// Output is deterministic: the same concepts in the same order give the same bytes.
/// Status `forbidden`, case sensitivity and variants, which TBX-Basic cannot express, are
/// written as `shuyu:` notes (see ``ShuyuNote``) and read back by ``TBXReader``.
public final class TBXWriter {
    private let xml: XMLStreamWriter
    public let format: TBXFormat
    public let dialect: TBXDialect
    /// Whether the document will contain a concept: cross-references to others are left out.
    private let isExported: ((String) -> Bool)?
    private var started = false

    private var entryName: String { format == .v3 ? "conceptEntry" : "termEntry" }
    private var languageName: String { format == .v3 ? "langSec" : "langSet" }
    private var termName: String { format == .v3 ? "termSec" : "tig" }

    /// - Parameters:
    ///   - path: the file to write, or `nil` for standard output.
    ///   - exportedIDs: the ids of all concepts that will be written, when known.
    public convenience init(path: String?, format: TBXFormat = .v3, dialect: TBXDialect = .basic, exportedIDs: Set<String>? = nil) throws {
        try self.init(path: path, format: format, dialect: dialect, isExported: exportedIDs.map { ids in { ids.contains($0) } })
    }

    /// - Parameters:
    ///   - path: the file to write, or `nil` for standard output.
    ///   - isExported: answers whether the concept with an id will be written, for each
    ///     cross-reference target (a large export asks the store rather than holding every id).
    public init(path: String?, format: TBXFormat = .v3, dialect: TBXDialect = .basic, isExported: ((String) -> Bool)?) throws {
        xml = try path.map { try XMLStreamWriter(path: $0) } ?? XMLStreamWriter(fileDescriptor: 1, name: "<stdout>")
        self.format = format
        self.dialect = format == .v2 ? .basic : dialect
        self.isExported = isExported
    }

    /// Writes the XML declaration, the root and the header.
    public func begin(title: String, descriptions: [String]) throws {
        try xml.startDocument()
        switch format {
        case .v3:
            let schema: String
            switch dialect {
            case .basic: schema = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBXcoreStructV03_TBX-Basic_integrated.rng"
            case .min, .core: schema = "https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng"
            }
            try xml.processingInstruction("xml-model", "href=\"\(schema)\" type=\"application/xml\" schematypens=\"http://relaxng.org/ns/structure/1.0\"")
            try xml.startElement("tbx")
            try xml.attribute("type", dialect.typeName)
            try xml.attribute("style", "dca")
            try xml.attribute("xml:lang", "en")
            try xml.attribute("xmlns", TBXNamespace.v3)
            try xml.startElement("tbxHeader")
        case .v2:
            try xml.startElement("martif")
            try xml.attribute("type", "TBX-Basic")
            try xml.attribute("xml:lang", "en")
            try xml.startElement("martifHeader")
        }
        try xml.startElement("fileDesc")
        try xml.startElement("titleStmt")
        try xml.element("title", text: title)
        try xml.endElement()
        try xml.startElement("sourceDesc")
        for description in descriptions.isEmpty ? [title] : descriptions { try xml.element("p", text: description) }
        try xml.endElement()  // sourceDesc
        try xml.endElement()  // fileDesc
        if format == .v2 {
            try xml.startElement("encodingDesc")
            try xml.element("p", ("type", "XCSURI"), text: "TBXBasicXCSV02.xcs")
            try xml.endElement()
        }
        try xml.endElement()  // header
        try xml.startElement("text")
        try xml.startElement("body")
        started = true
    }

    /// Writes one concept. Languages with no terms are left out.
    public func write(_ concept: Concept) throws {
        let languages = concept.languages.filter { !$0.terms.isEmpty }
        guard !languages.isEmpty else { return }
        try xml.startElement(entryName)
        try xml.attribute("id", concept.id)
        if dialect != .core, let subject = concept.subject {
            try xml.element("descrip", ("type", "subjectField"), text: subject)
        }
        if dialect == .basic {
            if let definition = concept.definition {
                try xml.startElement("descripGrp")
                try xml.element("descrip", ("type", "definition"), text: definition)
                for citation in concept.citations { try xml.element("admin", ("type", "source"), text: citation) }
                try xml.endElement()
            } else {
                for citation in concept.citations { try xml.element("admin", ("type", "source"), text: citation) }
            }
        }
        if dialect != .core {
            for note in concept.notes { try xml.element("note", text: note) }
        }
        if dialect == .basic {
            for target in concept.related where isExported?(target) ?? true {
                try xml.element("ref", [("type", "crossReference"), ("target", target)], text: target)
            }
            for extra in kept(concept.extras) { try xml.raw(extra.content) }
        }
        for section in languages { try write(section) }
        try xml.endElement()
    }

    private func write(_ section: LanguageSection) throws {
        try xml.startElement(languageName)
        try xml.attribute("xml:lang", section.language.value)
        if dialect == .basic {
            if let definition = section.definition { try xml.element("descrip", ("type", "definition"), text: definition) }
            for extra in kept(section.extras) { try xml.raw(extra.content) }
        }
        for term in section.terms { try write(term) }
        try xml.endElement()
    }

    private func write(_ term: Term) throws {
        try xml.startElement(termName)
        try xml.element("term", text: term.text)
        let extras = kept(term.extras)
        let keptCategories = Set(extras.compactMap(\.category))
        if dialect != .core {
            if keptCategories.isDisjoint(with: TBXVocabulary.statusCategories), !term.isStatusImplicit || term.status != .preferred {
                try xml.element("termNote", ("type", "administrativeStatus"), text: TBXVocabulary.administrativeStatus(term.status))
            }
            if let pos = term.partOfSpeech, !keptCategories.contains("partOfSpeech") {
                try xml.element("termNote", ("type", "partOfSpeech"), text: pos.rawValue)
            }
        }
        if dialect == .basic {
            if let type = term.termType, !keptCategories.contains("termType") {
                try xml.element("termNote", ("type", "termType"), text: type.rawValue)
            }
            // termNotes come before the auxiliary information.
            for extra in extras where extra.content.hasPrefix("<termNote") { try xml.raw(extra.content) }
            if let source = term.source { try xml.element("admin", ("type", "source"), text: source) }
        }
        if dialect != .core {
            if let note = term.usageNote { try xml.element("note", text: note) }
            for note in ShuyuNote.notes(for: term) { try xml.element("note", text: note) }
        }
        if dialect == .basic {
            for extra in extras where !extra.content.hasPrefix("<termNote") { try xml.raw(extra.content) }
        }
        try xml.endElement()
    }

    /// Extras that are TBX and so can be written back.
    private func kept(_ extras: [ExtraData]) -> [ExtraData] {
        dialect == .basic ? extras.filter { $0.format == "tbx" && !$0.content.isEmpty } : []
    }

    /// Closes the body, writes back matter kept from imports, and ends the document.
    public func finish(back: [ExtraData] = []) throws {
        if !started { try begin(title: "Shuyu export", descriptions: []) }
        try xml.endElement()  // body
        let backMatter = dialect == .basic ? back.filter { $0.format == "tbx" && !$0.content.isEmpty } : []
        if !backMatter.isEmpty {
            try xml.startElement("back")
            for extra in backMatter { try xml.raw(extra.content) }
            try xml.endElement()
        }
        try xml.endElement()  // text
        try xml.endElement()  // root
        try xml.finish()
    }
}
