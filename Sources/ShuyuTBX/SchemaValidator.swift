import CLibXML2
import Foundation

/// A parsed XML document, owned by this object and freed with it.
final class XMLDocument {
    let pointer: xmlDocPtr

    /// Parses `path` with the safe options; errors carry file, line and column.
    init(path: String, displayName: String) throws {
        XMLLibrary.ensureInitialised()
        let errors = XMLErrorCollector(file: displayName)
        let document = withErrorHandler(errors) { xmlReadFile(path, nil, XMLLibrary.safeParseOptions) }
        guard let document, errors.errors.isEmpty else {
            if let document { xmlFreeDoc(document) }
            throw errors.firstError(fallback: "the XML is not well-formed", line: 1, column: 1)
        }
        pointer = document
    }

    deinit { xmlFreeDoc(pointer) }
}

/// Routes this thread's libxml2 errors to `collector` while `body` runs. libxml2 2.9 has no
/// per-context structured handler for the tree parser; its global handler is thread-local.
func withErrorHandler<T>(_ collector: XMLErrorCollector, _ body: () throws -> T) rethrows -> T {
    xmlSetStructuredErrorFunc(collector.userData, XMLErrorCollector.callback)
    defer { xmlSetStructuredErrorFunc(nil, nil) }
    return try body()
}

/// A compiled RELAX NG schema, owned by this object and freed with it.
public final class RelaxNGSchema {
    private let schema: xmlRelaxNGPtr
    public let path: String

    /// Compiles the schema at `path`. Files it includes are read from its own directory only.
    public init(path: String) throws {
        XMLLibrary.ensureInitialised()
        self.path = path
        let errors = XMLErrorCollector(file: path)
        let directory = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        let compiled: xmlRelaxNGPtr? = XMLLibrary.allowingFiles(in: directory) {
            guard let parser = xmlRelaxNGNewParserCtxt(path) else { return nil }
            defer { xmlRelaxNGFreeParserCtxt(parser) }
            xmlRelaxNGSetParserStructuredErrors(parser, XMLErrorCollector.callback, errors.userData)
            return xmlRelaxNGParse(parser)
        }
        guard let compiled else { throw errors.firstError(fallback: "the schema does not compile") }
        schema = compiled
    }

    deinit { xmlRelaxNGFree(schema) }

    /// Validates the XML file at `path`; returns every error found (empty when valid).
    public func validate(path file: String, displayName: String? = nil) throws -> [XMLError] {
        let name = displayName ?? file
        let document = try XMLDocument(path: file, displayName: name)
        let errors = XMLErrorCollector(file: name)
        guard let context = xmlRelaxNGNewValidCtxt(schema) else { throw XMLError(file: name, line: 0, column: 0, message: "out of memory") }
        defer { xmlRelaxNGFreeValidCtxt(context) }
        xmlRelaxNGSetValidStructuredErrors(context, XMLErrorCollector.callback, errors.userData)
        let status = xmlRelaxNGValidateDoc(context, document.pointer)
        if status != 0 && errors.errors.isEmpty {
            return [XMLError(file: name, line: 0, column: 0, message: "does not match the schema \(URL(fileURLWithPath: path).lastPathComponent)")]
        }
        return errors.errors
    }
}
