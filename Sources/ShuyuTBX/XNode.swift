/// An XML element copied out of libxml2 into Swift values: the unit the TBX mapper works on.
///
/// Only one entry's elements exist at a time, so the copy costs no more memory than the
/// entry itself.
struct XNode: Sendable {
    /// Local name, e.g. `termNote`.
    var name: String
    /// Namespace URI, if any.
    var namespace: String?
    /// Attributes by qualified name (`type`, `id`, `xml:lang`, `target`), in document order.
    var attributes: [(name: String, value: String)]
    var children: [XNode]
    /// The text content of the element and its descendants, entity references resolved
    /// only as far as libxml2 did (internal entities).
    var text: String
    /// The line the element starts on.
    var line: Int
    /// Where to find the element to serialise it (``XMLStreamReader/xml(of:)``), when the
    /// reader was asked to keep it whole.
    var whole: Whole?
    /// Mixed content in document order: text runs and child elements (by index into `children`).
    var parts: [XPart] = []

    /// An element the reader can serialise until it moves on: the move count when it was
    /// expanded, and its place among the elements kept.
    struct Whole: Sendable {
        var expansion: Int
        var index: Int
    }

    init(name: String, namespace: String?, attributes: [(name: String, value: String)], children: [XNode], text: String, line: Int, parts: [XPart]) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
        self.parts = parts
    }

    subscript(attribute name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// Child elements with local name `name`.
    func children(named name: String) -> [XNode] { children.filter { $0.name == name } }

    /// The data-category name: the `type` attribute of `descrip`, `termNote`, `admin`, `transac`…
    /// (DCA style), or the element's own name for DCT-style elements in a module namespace.
    var category: String? {
        if let type = self[attribute: "type"], ["descrip", "termNote", "admin", "transac", "transacNote", "ref", "xref", "adminNote", "descripNote", "hi"].contains(name) {
            return type
        }
        if let namespace, !TBXNamespace.core.contains(namespace) { return name }
        return nil
    }
}

/// A piece of mixed content.
enum XPart: Sendable {
    case text(String)
    case child(Int)
}

enum TBXNamespace {
    /// Namespaces of the TBX core structure (v3 editions; v2 has none).
    static let core: Set<String> = ["urn:iso:std:iso:30042:ed-2", "urn:iso:std:iso:30042:ed:3.0", "urn:iso:std:iso:30042:ed-1"]
    static let v3 = "urn:iso:std:iso:30042:ed-2"
    static let basic = "http://www.tbxinfo.net/ns/basic"
    static let min = "http://www.tbxinfo.net/ns/min"
}
