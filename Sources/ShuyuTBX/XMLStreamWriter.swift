import CLibXML2
import Foundation

/// A streaming XML writer: libxml2's `xmlTextWriter`, owned by this object and freed with
/// it. libxml2 does all escaping; nothing is built by string concatenation.
final class XMLStreamWriter {
    private var writer: xmlTextWriterPtr?
    private let name: String

    /// Writes to the file at `path` (created or truncated).
    init(path: String) throws {
        XMLLibrary.ensureInitialised()
        name = path
        guard let writer = xmlNewTextWriterFilename(path, 0) else {
            throw XMLError(file: path, line: 0, column: 0, message: "cannot open the file for writing")
        }
        self.writer = writer
        try configure()
    }

    /// Writes to an open file descriptor (standard output, say); the descriptor stays open.
    init(fileDescriptor: Int32, name: String) throws {
        XMLLibrary.ensureInitialised()
        self.name = name
        guard let output = xmlOutputBufferCreateFd(fileDescriptor, nil), let writer = xmlNewTextWriter(output) else {
            throw XMLError(file: name, line: 0, column: 0, message: "cannot write")
        }
        self.writer = writer
        try configure()
    }

    private func configure() throws {
        try check(xmlTextWriterSetIndent(writer, 1), "set indentation")
        try check(xmlTextWriterSetIndentString(writer, "  "), "set indentation")
    }

    deinit {
        if let writer { xmlFreeTextWriter(writer) }
    }

    private func check(_ status: Int32, _ what: String) throws {
        if status < 0 { throw XMLError(file: name, line: 0, column: 0, message: "writing failed (\(what))") }
    }

    func startDocument() throws { try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "XML declaration") }

    func processingInstruction(_ target: String, _ content: String) throws {
        try check(xmlTextWriterWritePI(writer, target, content), "processing instruction")
    }

    func startElement(_ name: String) throws { try check(xmlTextWriterStartElement(writer, name), "<\(name)>") }

    func attribute(_ name: String, _ value: String) throws {
        try check(xmlTextWriterWriteAttribute(writer, name, Self.clean(value)), "attribute \(name)")
    }

    func text(_ value: String) throws { try check(xmlTextWriterWriteString(writer, Self.clean(value)), "text") }

    func endElement() throws { try check(xmlTextWriterEndElement(writer), "end element") }

    /// `<name attributes…>text</name>` on one line.
    func element(_ name: String, _ attributes: [(String, String)] = [], text value: String) throws {
        try startElement(name)
        for (key, attributeValue) in attributes { try attribute(key, attributeValue) }
        try text(value)
        try endElement()
    }

    /// XML that libxml2 serialised earlier (a data category kept whole on import).
    func raw(_ xml: String) throws { try check(xmlTextWriterWriteRaw(writer, xml), "kept element") }

    func comment(_ value: String) throws { try check(xmlTextWriterWriteComment(writer, Self.clean(value)), "comment") }

    /// Ends the document and flushes everything to the destination.
    func finish() throws {
        try check(xmlTextWriterEndDocument(writer), "end document")
        try check(xmlTextWriterFlush(writer), "flush")
        xmlFreeTextWriter(writer)
        writer = nil
    }

    /// Characters XML 1.0 does not allow (C0 controls but tab, newline and return; lone
    /// surrogates cannot occur in a Swift string) are dropped rather than written.
    static func clean(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" || $0.value == 0xFFFE || $0.value == 0xFFFF }) else {
            return value
        }
        return String(String.UnicodeScalarView(value.unicodeScalars.filter {
            !($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") && $0.value != 0xFFFE && $0.value != 0xFFFF
        }))
    }
}
