import CLibXML2
import Foundation

/// A streaming XML reader over one file: libxml2's `xmlTextReader`, owned by this object
/// and freed with it. Elements of interest are expanded one at a time and copied into
/// ``XNode`` values, so memory stays flat however large the file.
final class XMLStreamReader {
    private let reader: xmlTextReaderPtr
    let errors: XMLErrorCollector
    let file: String
    private var memory: UnsafeMutableRawPointer?
    /// The file's bytes, when reading a file; kept alive as long as the reader.
    private var source: XMLInputSource?

    /// Opens `path` for reading with the safe options (no network, no entities, no DTD).
    /// Only regular files are opened (see ``InputFile``); the bytes pass through an
    /// ``XMLInputSource`` that guards against what libxml2 handles badly.
    init(path: String, displayName: String) throws {
        XMLLibrary.ensureInitialised()
        file = displayName
        errors = XMLErrorCollector(file: displayName)
        let source = try XMLInputSource(path: path, displayName: displayName)
        guard let reader = xmlReaderForIO(XMLInputSource.readCallback, XMLInputSource.closeCallback, source.context, path, nil, XMLLibrary.safeParseOptions) else {
            throw XMLError(file: displayName, line: 0, column: 0, message: "libxml2 could not open the file")
        }
        self.source = source
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(reader, XMLErrorCollector.callback, errors.userData)
    }

    /// Opens an in-memory document (for tests and small inputs).
    init(data: Data, displayName: String) throws {
        XMLLibrary.ensureInitialised()
        file = displayName
        errors = XMLErrorCollector(file: displayName)
        // xmlReaderForMemory does not copy: keep a private copy alive as long as the reader.
        let copy = UnsafeMutableRawPointer.allocate(byteCount: max(data.count, 1), alignment: 1)
        data.withUnsafeBytes { buffer in
            if buffer.count > 0 { copy.copyMemory(from: buffer.baseAddress!, byteCount: buffer.count) }
        }
        let made = xmlReaderForMemory(copy.assumingMemoryBound(to: CChar.self), Int32(data.count), displayName, nil, XMLLibrary.safeParseOptions)
        if made == nil { copy.deallocate() }
        memory = made == nil ? nil : copy
        guard let made else {
            throw XMLError(file: displayName, line: 0, column: 0, message: "libxml2 could not read the data")
        }
        reader = made
        xmlTextReaderSetStructuredErrorHandler(reader, XMLErrorCollector.callback, errors.userData)
    }

    deinit {
        xmlFreeTextReader(reader)
        memory?.deallocate()
    }

    /// Validates against `schema` while reading. Call before the first ``next()``.
    func useRelaxNG(_ schema: xmlRelaxNGPtr) throws {
        if xmlTextReaderRelaxNGSetSchema(reader, schema) != 0 {
            throw XMLError(file: file, line: 0, column: 0, message: "cannot validate with this schema")
        }
    }

    /// Whether the document read so far is valid (with a schema set).
    var isValid: Bool { xmlTextReaderIsValid(reader) == 1 }

    /// What the reader is positioned on.
    struct Position {
        var isElementStart: Bool
        var isElementEnd: Bool
        var depth: Int
        var localName: String
        var namespace: String?
        /// Text, CDATA or white space inside an element.
        var isText = false
        /// The end tag of a non-empty element.
        var isEndTag = false
    }

    /// The text of the current text node.
    var value: String { xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? "" }

    /// Attributes of the current element, by qualified name, in document order.
    func attributes() -> [(name: String, value: String)] {
        var result: [(String, String)] = []
        guard xmlTextReaderHasAttributes(reader) == 1, xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return result }
        repeat {
            let name = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? ""
            if !name.hasPrefix("xmlns") { result.append((name, value)) }
        } while xmlTextReaderMoveToNextAttribute(reader) == 1
        xmlTextReaderMoveToElement(reader)
        return result
    }

    /// Advances to the next node; `nil` at the end. Throws on a parse error.
    func next() throws -> Position? {
        moves &+= 1
        keptElements.removeAll(keepingCapacity: true)
        let status = xmlTextReaderRead(reader)
        if status == 0 {
            if !errors.errors.isEmpty { throw parseError() }
            return nil
        }
        if status < 0 { throw parseError() }
        return position()
    }

    /// Skips the current element's subtree and moves to the node after it.
    func skipSubtree() throws -> Position? {
        moves &+= 1
        keptElements.removeAll(keepingCapacity: true)
        let status = xmlTextReaderNext(reader)
        if status == 0 {
            if !errors.errors.isEmpty { throw parseError() }
            return nil
        }
        if status < 0 { throw parseError() }
        return position()
    }

    /// The error that stopped the parse, said as plainly as the input allows: the input
    /// source's own refusal, an empty or truncated file, or libxml2's first error.
    func parseError() -> XMLError {
        if let source, let failure = source.failure {
            let (line, column) = source.position(ofByte: failure.offset)
            return XMLError(file: file, line: line, column: column, message: failure.message)
        }
        if let source, !source.sawContent, source.reachedEnd {
            return XMLError(file: file, line: 1, column: 1, message: "the file is empty: no XML root element")
        }
        var error = errors.firstError(fallback: "the XML is not well-formed", line: parserLine, column: parserColumn)
        if let source, source.reachedEnd, source.endsInsideMarkup {
            error.message = "the file ends inside an element: it is truncated, or an element is not closed (libxml2: \(error.message))"
        }
        return error
    }

    private static let textTypes = [XML_READER_TYPE_TEXT, XML_READER_TYPE_CDATA, XML_READER_TYPE_SIGNIFICANT_WHITESPACE, XML_READER_TYPE_WHITESPACE].map { Int32($0.rawValue) }

    private func position() -> Position {
        let type = xmlTextReaderNodeType(reader)
        return Position(
            isElementStart: type == Int32(XML_READER_TYPE_ELEMENT.rawValue),
            isElementEnd: type == Int32(XML_READER_TYPE_END_ELEMENT.rawValue) || (type == Int32(XML_READER_TYPE_ELEMENT.rawValue) && xmlTextReaderIsEmptyElement(reader) == 1),
            depth: Int(xmlTextReaderDepth(reader)),
            localName: xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? "",
            namespace: xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) },
            isText: Self.textTypes.contains(type),
            isEndTag: type == Int32(XML_READER_TYPE_END_ELEMENT.rawValue))
    }

    /// An attribute of the current element, by qualified name (`xml:lang` works).
    func attribute(_ name: String) -> String? {
        guard let value = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { shuyu_xml_free(value) }
        return String(cString: value)
    }

    var parserLine: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }

    /// The line the current node starts on (the parser itself may have read further).
    var nodeLine: Int {
        guard let node = xmlTextReaderCurrentNode(reader) else { return parserLine }
        let line = Int(xmlGetLineNo(node))
        return line > 0 ? line : parserLine
    }
    var parserColumn: Int { Int(xmlTextReaderGetParserColumnNumber(reader)) }

    /// How much text internal entity references may expand to in one document, all
    /// together: real files use a few short entities, while a "quadratic blow-up" repeats a
    /// 100 KB entity 100,000 times in a 400 KB file. libxml2 does not expand references it
    /// keeps in the tree; Shuyu's copy does, and stops here.
    static let entityAllowance = 16 << 20

    /// What is left of ``entityAllowance`` for this document.
    private var entityBudget = XMLStreamReader.entityAllowance

    /// Bytes of the file consumed so far (for progress).
    var bytesConsumed: Int64 { Int64(xmlTextReaderByteConsumed(reader)) }

    /// Times the reader has moved: the expanded tree, and the elements kept whole in it,
    /// live until the next move.
    private var moves = 0
    /// The elements of the last expansion that may be asked for whole, and their document.
    private var keptElements: [xmlNodePtr] = []
    private var keptDocument: xmlDocPtr?

    /// Expands the current element and copies it into an ``XNode``. Elements for which
    /// `keepWhole` returns true (given the element and its parent's name) can be had as
    /// XML text with ``xml(of:)`` until the reader moves on: the text is made only for
    /// those asked for (most data categories are mapped, and never need it).
    func expand(keepWhole: @escaping (_ parent: String, _ name: String, _ type: String?) -> Bool) throws -> XNode {
        guard let node = xmlTextReaderExpand(reader) else {
            throw parseError()
        }
        // The node's own document: xmlTextReaderCurrentDoc would make the reader keep (and leak) the tree.
        let copier = XNodeCopier(document: node.pointee.doc, keepWhole: keepWhole, entityBudget: entityBudget, expansion: moves)
        let copy = copier.copy(node, parent: "")
        keptElements = copier.kept
        keptDocument = node.pointee.doc
        entityBudget = copier.entityBudget
        if copier.entityBudget < 0 {
            throw XMLError(
                file: file, line: Int(xmlGetLineNo(node)), column: 0,
                message: "entity references expand to more than \(Self.entityAllowance >> 20) MB of text (an entity expansion attack): refused")
        }
        if let refused = copier.refusedEntities.first {
            throw XMLError(
                file: file, line: refused.line, column: 0,
                message: "external entity '&\(refused.name);' (\(refused.systemID)) refused: Shuyu never loads external entities or DTDs")
        }
        return copy
    }

    /// The element as XML text (serialised by libxml2, with the namespace declarations it
    /// needs made explicit), if `keepWhole` chose it in the last ``expand(keepWhole:)``
    /// and the reader has not moved since; nil otherwise.
    func xml(of node: XNode) -> String? {
        guard let whole = node.whole, whole.expansion == moves, whole.index < keptElements.count else { return nil }
        return XNodeCopier.serialise(keptElements[whole.index], document: keptDocument)
    }
}

/// Copies a libxml2 element subtree into ``XNode`` values.
final class XNodeCopier {
    let document: xmlDocPtr?
    let keepWhole: (_ parent: String, _ name: String, _ type: String?) -> Bool
    /// References to external entities met in the subtree, which were not (and are never) loaded.
    private(set) var refusedEntities: [(name: String, systemID: String, line: Int)] = []

    /// Bytes of entity text the copy may still expand; below zero, the copy stopped early.
    private(set) var entityBudget: Int
    /// Entity text expanded in the subtree being copied (charged again by each ancestor
    /// whose text includes it).
    private var subtreeEntityBytes = 0

    /// The elements `keepWhole` chose, in the order of their ``XNode/whole`` indexes.
    private(set) var kept: [xmlNodePtr] = []
    /// The reader's move count when the tree was expanded.
    let expansion: Int

    init(document: xmlDocPtr?, keepWhole: @escaping (_ parent: String, _ name: String, _ type: String?) -> Bool, entityBudget: Int = .max, expansion: Int = 0) {
        self.document = document
        self.expansion = expansion
        self.keepWhole = keepWhole
        self.entityBudget = entityBudget
    }

    /// The length of the text `list` (a node list: text and entity references) expands to,
    /// counted without building it, and no further than `limit`.
    private func expandedLength(_ list: xmlNodePtr?, limit: Int, depth: Int = 0) -> Int {
        var total = 0
        var node = list
        while let current = node, total <= limit, depth < 64 {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                total += current.pointee.content.map { Int(xmlStrlen($0)) } ?? 0
            case XML_ENTITY_REF_NODE:
                if let entity = xmlGetDocEntity(document, current.pointee.name) {
                    total += expandedLength(entity.pointee.children, limit: limit - total, depth: depth + 1)
                }
            case XML_ELEMENT_NODE:
                total += expandedLength(current.pointee.children, limit: limit - total, depth: depth + 1)
            default:
                break
            }
            node = current.pointee.next
        }
        return total
    }

    /// Charges `bytes` of entity text; false when the budget is spent.
    private func charge(_ bytes: Int) -> Bool {
        entityBudget -= bytes
        return entityBudget >= 0
    }

    func copy(_ node: xmlNodePtr, parent: String) -> XNode {
        let name = String(cString: node.pointee.name)
        let namespace = node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) }
        let outerEntityBytes = subtreeEntityBytes
        subtreeEntityBytes = 0
        defer { subtreeEntityBytes += outerEntityBytes }
        var attributes: [(String, String)] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            var qualified = String(cString: current.pointee.name)
            if let prefix = current.pointee.ns?.pointee.prefix { qualified = String(cString: prefix) + ":" + qualified }
            if containsEntityReference(current.pointee.children), !charge(expandedLength(current.pointee.children, limit: max(entityBudget, 0) + 1)) {
                return XNode(name: name, namespace: namespace, attributes: [], children: [], text: "", line: Int(xmlGetLineNo(node)), parts: [])
            }
            let value = xmlNodeListGetString(document, current.pointee.children, 1)
            attributes.append((qualified, value.map { String(cString: $0) } ?? ""))
            if let value { shuyu_xml_free(value) }
            attribute = current.pointee.next
        }
        var children: [XNode] = []
        var parts: [XPart] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ENTITY_REF_NODE {
                let entity = xmlGetDocEntity(document, current.pointee.name)
                let length = entity.map { expandedLength($0.pointee.children, limit: max(entityBudget, 0) + 1, depth: 1) } ?? 0
                subtreeEntityBytes += length
                if !charge(length) { break }
            }
            if current.pointee.type == XML_ELEMENT_NODE {
                parts.append(.child(children.count))
                children.append(copy(current, parent: name))
                if entityBudget < 0 { break }
            } else if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE || current.pointee.type == XML_ENTITY_REF_NODE,
                      let content = xmlNodeGetContent(current) {
                parts.append(.text(String(cString: content)))
                shuyu_xml_free(content)
            }
            if current.pointee.type == XML_ELEMENT_NODE {
            } else if current.pointee.type == XML_ENTITY_REF_NODE, let entity = xmlGetDocEntity(document, current.pointee.name),
                      entity.pointee.etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY || entity.pointee.etype == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY {
                let systemID = entity.pointee.SystemID.map { String(cString: $0) } ?? "?"
                refusedEntities.append((String(cString: current.pointee.name), systemID, Int(xmlGetLineNo(current))))
            }
            child = current.pointee.next
        }
        // Containers (elements with element children and only white space between them)
        // need no text of their own: concatenating it would copy the whole subtree again.
        let isContainer = !children.isEmpty && parts.allSatisfy { part in
            if case let .text(text) = part { return text.allSatisfy(\.isWhitespace) }
            return true
        }
        var text = ""
        // The element's own text expands its entities again: charged again.
        if entityBudget >= 0, !isContainer, subtreeEntityBytes == 0 || charge(subtreeEntityBytes), let content = xmlNodeGetContent(node) {
            text = String(cString: content)
            shuyu_xml_free(content)
        }
        // Mixed content is kept in order only where it is mixed (XLIFF, TMX inline markup).
        if children.isEmpty { parts = [] }
        var result = XNode(name: name, namespace: namespace, attributes: attributes, children: children, text: text, line: Int(xmlGetLineNo(node)), parts: parts)
        if keepWhole(parent, name, result[attribute: "type"]) {
            result.whole = XNode.Whole(expansion: expansion, index: kept.count)
            kept.append(node)
        }
        return result
    }

    private func containsEntityReference(_ list: xmlNodePtr?) -> Bool {
        var node = list
        while let current = node {
            if current.pointee.type == XML_ENTITY_REF_NODE { return true }
            node = current.pointee.next
        }
        return false
    }

    /// The element as XML text, with the namespace declarations it needs made explicit.
    static func serialise(_ node: xmlNodePtr, document: xmlDocPtr?) -> String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        if needsNamespaceDeclarations(node), let copy = xmlDocCopyNode(node, document, 1) {
            defer { xmlFreeNode(copy) }
            xmlReconciliateNs(document, copy)
            xmlNodeDump(buffer, document, copy, 0, 0)
        } else {
            xmlNodeDump(buffer, document, node, 0, 0)
        }
        return String(cString: xmlBufferContent(buffer))
    }

    /// Whether the subtree uses a prefixed namespace (DCT style), which a plain dump
    /// would print without declaring.
    private static func needsNamespaceDeclarations(_ node: xmlNodePtr) -> Bool {
        if node.pointee.ns?.pointee.prefix != nil { return true }
        var attribute = node.pointee.properties
        while let current = attribute {
            if let prefix = current.pointee.ns?.pointee.prefix, String(cString: prefix) != "xml" { return true }
            attribute = current.pointee.next
        }
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE, needsNamespaceDeclarations(current) { return true }
            child = current.pointee.next
        }
        return false
    }
}
