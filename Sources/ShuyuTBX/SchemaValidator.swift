import CLibXML2
import Foundation

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

    /// Validates the XML file at `path` while streaming through it (memory stays flat);
    /// returns every validity error found, empty when the file is valid.
    ///
    /// - Throws: ``XMLError`` when the file is not well-formed.
    public func validate(path file: String, displayName: String? = nil) throws -> [XMLError] {
        let name = displayName ?? file
        let reader = try XMLStreamReader(path: file, displayName: name)
        try reader.useRelaxNG(schema)
        while try reader.next() != nil {}
        let validity = reader.errors.validity
        if validity.isEmpty, !reader.isValid {
            return [XMLError(file: name, line: 0, column: 0, message: "does not match the schema \(URL(fileURLWithPath: path).lastPathComponent)")]
        }
        return validity
    }
}
