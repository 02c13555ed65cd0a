import CLibXML2

/// libxml2, initialised once per process before any other call.
enum XMLLibrary {
    /// Accessing this runs `xmlInitParser()` exactly once (Swift initialises statics lazily and atomically).
    static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// The version of libxml2 this process runs with, e.g. `2.9.14`.
    static var version: String {
        _ = initialised
        let number = Int(LIBXML_VERSION)
        return "\(number / 10000).\(number / 100 % 100).\(number % 100)"
    }
}

/// Facts about the XML library, for `shuyu --version` and diagnostics.
public enum TBXSupport {
    /// The libxml2 version Shuyu was built against.
    public static var libxml2Version: String { XMLLibrary.version }
}
