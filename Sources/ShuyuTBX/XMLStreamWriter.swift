import CLibXML2
import Foundation

/// A streaming XML writer: libxml2's `xmlTextWriter`, owned by this object and freed with
/// it. libxml2 does all escaping; nothing is built by string concatenation.
final class XMLStreamWriter {
    private var writer: xmlTextWriterPtr?
    private let sink: OutputSink
    private let name: String

    /// Writes to the file at `path` (created or truncated).
    convenience init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw XMLError(file: path, line: 0, column: 0, message: "cannot open the file for writing: \(String(cString: strerror(errno)))")
        }
        try self.init(sink: OutputSink(descriptor: descriptor, owned: true), name: path)
    }

    /// Writes to an open file descriptor (standard output, say); the descriptor stays open.
    convenience init(fileDescriptor: Int32, name: String) throws {
        try self.init(sink: OutputSink(descriptor: fileDescriptor, owned: false), name: name)
    }

    private init(sink: OutputSink, name: String) throws {
        XMLLibrary.ensureInitialised()
        self.sink = sink
        self.name = name
        let context = Unmanaged.passUnretained(sink).toOpaque()
        guard let output = xmlOutputBufferCreateIO(OutputSink.write, OutputSink.close, context, nil),
              let writer = xmlNewTextWriter(output)
        else {
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

    private func check(_ status: Int32, _ what: @autoclosure () -> String) throws {
        if status < 0 { throw XMLError(file: name, line: 0, column: 0, message: "writing failed (\(what()))") }
    }

    func startDocument() throws { try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "XML declaration") }

    func processingInstruction(_ target: String, _ content: String) throws {
        try check(xmlTextWriterWritePI(writer, target, content), "processing instruction")
    }

    func startElement(_ name: String) throws {
        try check(Self.withXMLChars(name) { xmlTextWriterStartElement(writer, $0) }, "<\(name)>")
    }

    func attribute(_ name: String, _ value: String) throws {
        let status = Self.withXMLChars(name) { name in
            Self.withXMLChars(Self.clean(value)) { xmlTextWriterWriteAttribute(writer, name, $0) }
        }
        try check(status, "attribute \(name)")
    }

    func text(_ value: String) throws {
        try check(Self.withXMLChars(Self.clean(value)) { xmlTextWriterWriteString(writer, $0) }, "text")
    }

    func endElement() throws { try check(xmlTextWriterEndElement(writer), "end element") }

    /// `<name attribute…>text</name>` on one line.
    func element(_ name: String, _ attribute: (String, String)? = nil, text value: String) throws {
        try startElement(name)
        if let (key, attributeValue) = attribute { try self.attribute(key, attributeValue) }
        try text(value)
        try endElement()
    }

    /// `<name attributes…>text</name>` on one line.
    func element(_ name: String, _ attributes: [(String, String)], text value: String) throws {
        try startElement(name)
        for (key, attributeValue) in attributes { try attribute(key, attributeValue) }
        try text(value)
        try endElement()
    }

    /// Hands libxml2 the string's own NUL-terminated UTF-8 (no copy for native strings;
    /// passing a String directly would allocate a C array on every call).
    @inline(__always)
    private static func withXMLChars<R>(_ value: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        value.withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }

    /// XML that libxml2 serialised earlier (a data category kept whole on import).
    func raw(_ xml: String) throws { try check(xmlTextWriterWriteRaw(writer, xml), "kept element") }

    func comment(_ value: String) throws { try check(xmlTextWriterWriteComment(writer, Self.clean(value)), "comment") }

    /// Ends the document and flushes everything to the destination.
    func finish() throws {
        try check(xmlTextWriterEndDocument(writer), "end document")
        try check(xmlTextWriterFlush(writer), "flush")
        guard sink.flush() else {
            throw XMLError(file: name, line: 0, column: 0, message: "writing failed: \(String(cString: strerror(sink.failure)))")
        }
        xmlFreeTextWriter(writer)
        writer = nil
    }

    /// Characters XML 1.0 does not allow (C0 controls but tab, newline and return; lone
    /// surrogates cannot occur in a Swift string) are dropped rather than written.
    static func clean(_ value: String) -> String {
        guard needsCleaning(value) else { return value }
        return String(String.UnicodeScalarView(value.unicodeScalars.filter {
            !($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") && $0.value != 0xFFFE && $0.value != 0xFFFF
        }))
    }

    /// Whether `value` holds a character ``clean(_:)`` drops, found by scanning its UTF-8:
    /// a byte below 0x20 other than tab, newline and return, or EF BF BE/BF (U+FFFE, U+FFFF).
    static func needsCleaning(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { return true }
                if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE { return true }
                index += 1
            }
            return false
        }
    }
}

/// Where a writer's bytes go. libxml2 hands them over about 4 KB at a time; they reach
/// write(2) a megabyte at a time (a million-concept export made 300,000 system calls).
private final class OutputSink {
    let descriptor: Int32
    let owned: Bool
    private let capacity = 1 << 20
    private let buffer: UnsafeMutablePointer<UInt8>
    private var count = 0
    /// The errno of the first failed write, or 0.
    private(set) var failure: Int32 = 0

    init(descriptor: Int32, owned: Bool) {
        self.descriptor = descriptor
        self.owned = owned
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        if owned { Foundation.close(descriptor) }
    }

    func append(_ bytes: UnsafeRawPointer, _ length: Int) -> Bool {
        if count + length > capacity, !flush() { return false }
        if length >= capacity { return writeAll(bytes, length) }
        (buffer + count).update(from: bytes.assumingMemoryBound(to: UInt8.self), count: length)
        count += length
        return true
    }

    /// Writes out what is buffered; false (with ``failure`` set) when the system refuses.
    func flush() -> Bool {
        guard failure == 0 else { return false }
        defer { count = 0 }
        return writeAll(buffer, count)
    }

    private func writeAll(_ bytes: UnsafeRawPointer, _ length: Int) -> Bool {
        var done = 0
        while done < length {
            let written = Foundation.write(descriptor, bytes + done, length - done)
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                return false
            }
            done += written
        }
        return true
    }

    static let write: xmlOutputWriteCallback = { context, bytes, length in
        guard let context, let bytes else { return -1 }
        let sink = Unmanaged<OutputSink>.fromOpaque(context).takeUnretainedValue()
        return sink.append(bytes, Int(length)) ? length : -1
    }

    static let close: xmlOutputCloseCallback = { context in
        guard let context else { return -1 }
        return Unmanaged<OutputSink>.fromOpaque(context).takeUnretainedValue().flush() ? 0 : -1
    }
}
