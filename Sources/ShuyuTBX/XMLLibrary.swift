import CLibXML2
import Foundation

/// libxml2, initialised once per process before any other call.
///
/// Initialisation also installs Shuyu's external-entity loader: it refuses every
/// network URL and every local file that is not on the allow-list (the schema files
/// that validation opens). Parsing options never ask for entity substitution or DTD
/// loading either; the loader is the second wall.
enum XMLLibrary {
    /// Accessing this initialises libxml2 exactly once (Swift initialises statics lazily and atomically).
    static let initialised: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader(shuyuEntityLoader)
        return true
    }()

    static func ensureInitialised() { _ = initialised }

    /// The version of libxml2 this process runs with, e.g. `2.9.14`.
    static var version: String {
        ensureInitialised()
        let number = Int(LIBXML_VERSION)
        return "\(number / 10000).\(number / 100 % 100).\(number % 100)"
    }

    /// Parser options for reading untrusted files: no network, no entity substitution,
    /// no DTD loading or default attributes, CDATA merged into text, huge-input limits on.
    static let safeParseOptions: Int32 = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)

    /// Local files the entity loader may open (schemas being compiled), by absolute path.
    nonisolated(unsafe) static var allowedFiles: Set<String> = []
    static let allowedFilesLock = NSLock()

    /// Runs `body` with `files` (and the files next to them) readable by the entity loader.
    static func allowingFiles<T>(in directory: String, _ body: () throws -> T) rethrows -> T {
        allowedFilesLock.lock()
        allowedFiles.insert(directory.hasSuffix("/") ? directory : directory + "/")
        allowedFilesLock.unlock()
        defer {
            allowedFilesLock.lock()
            allowedFiles.remove(directory.hasSuffix("/") ? directory : directory + "/")
            allowedFilesLock.unlock()
        }
        return try body()
    }

    static func isAllowed(_ url: String) -> Bool {
        var path = url
        if path.hasPrefix("file://") { path = String(path.dropFirst("file://".count)) }
        guard path.hasPrefix("/"), !path.contains("/../") else { return false }
        allowedFilesLock.lock()
        defer { allowedFilesLock.unlock() }
        return allowedFiles.contains { path.hasPrefix($0) }
    }
}

/// The external-entity loader: only allow-listed local files; everything else is refused.
private func shuyuEntityLoader(
    _ url: UnsafePointer<CChar>?, _ id: UnsafePointer<CChar>?, _ context: xmlParserCtxtPtr?
) -> xmlParserInputPtr? {
    guard let url, XMLLibrary.isAllowed(String(cString: url)) else { return nil }
    return xmlNewInputFromFile(context, url)
}

/// Facts about the XML library, for `shuyu --version` and diagnostics.
public enum TBXSupport {
    /// The libxml2 version Shuyu was built against.
    public static var libxml2Version: String { XMLLibrary.version }
}
