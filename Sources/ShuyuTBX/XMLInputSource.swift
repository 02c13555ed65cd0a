#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2
import ShuyuModel

/// The bytes of one XML file, fed to libxml2 through `xmlReaderForIO` and looked at on the
/// way for what libxml2 2.9 handles badly:
///
/// - **Too many attributes on one element.** libxml2 before 2.11 checks each new attribute
///   against all earlier ones, so one start tag with 200,000 attributes takes minutes. The
///   source counts the `=` signs of each start tag (outside quoted values, comments, CDATA,
///   processing instructions and the DOCTYPE) and stops the read at
///   ``maximumAttributes``.
/// - **An empty file** (nothing but white space), which libxml2 reports as "extra content".
/// - **The end of the file**, so that a file cut off inside an element is called truncated.
///
/// One final class owns the file descriptor and closes it in `deinit`.
final class XMLInputSource {
    /// More attributes than any TBX, XLIFF or TMX element has; far below where libxml2's
    /// quadratic duplicate check becomes slow (about 0.1 s at 10,000).
    static let maximumAttributes = 10_000

    private let descriptor: Int32
    let path: String
    /// The error that stopped the read, with its byte offset; the reader reports it in place
    /// of libxml2's "read error".
    private(set) var failure: (offset: Int, message: String)?
    /// Whether anything other than white space was read.
    private(set) var sawContent = false
    /// Whether the whole file has been handed to libxml2.
    private(set) var reachedEnd = false

    private var offset = 0
    private var state = State.text
    /// Progress through a multi-byte delimiter (`<!--`, `-->`, `]]>`, …).
    private var matched = 0
    private var quote: UInt8 = 0
    private var attributes = 0
    private var tagStart = 0
    private var bracketDepth = 0
    private var isEndTag = false
    private var previous: UInt8 = 0
    /// Elements opened and not yet closed, as far as the bytes read so far go.
    private(set) var openElements = 0
    /// Whether the last byte handed over was a CR (a LF right after it is dropped).
    private var lastWasCR = false

    /// Whether the bytes read so far end inside markup or with elements open: at the end
    /// of the file, a sign that it was cut off.
    var endsInsideMarkup: Bool { openElements > 0 || state != .text }

    private enum State {
        case text
        case afterLessThan
        case startTag
        case startTagQuote
        /// After `<!`: a comment, CDATA or a DOCTYPE, told apart by what follows.
        case bang
        case comment
        case cdata
        case processingInstruction
        case declaration
        case declarationQuote
        /// A '<' inside the DOCTYPE's internal subset, and a "<!" after it.
        case subsetLessThan
        case subsetBang
    }
    /// Whether a comment or processing instruction being read is inside the internal subset.
    private var inSubset = false

    init(path: String, displayName: String) throws {
        self.path = path
        if let problem = InputFile.problem(at: path) {
            throw XMLError(file: displayName, line: 0, column: 0, message: problem)
        }
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw XMLError(file: displayName, line: 0, column: 0, message: "cannot be read: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    /// Fills `buffer` with up to `length` bytes; 0 at the end, -1 on an error.
    func read(into buffer: UnsafeMutablePointer<CChar>, length: Int) -> Int32 {
        if failure != nil { return -1 }
        var count: Int
        repeat { count = readBytes(descriptor, buffer, length) } while count < 0 && errno == EINTR
        if count < 0 {
            failure = (offset, "cannot be read: \(String(cString: strerror(errno)))")
            return -1
        }
        if count == 0 {
            reachedEnd = true
            return 0
        }
        let read = count
        let ok = UnsafeMutableRawPointer(buffer).withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
            count = normaliseLineEnds(UnsafeMutableBufferPointer(start: bytes, count: count))
            return scan(UnsafeBufferPointer(start: bytes, count: count))
        }
        offset += read
        return ok ? Int32(count) : -1
    }

    /// Turns CR LF and lone CR into LF, as XML's end-of-line handling does anyway, so that
    /// libxml2 (which counts only LF) numbers the lines of a file with CR line ends right.
    /// Returns the new length.
    private func normaliseLineEnds(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard lastWasCR || memchr(bytes.baseAddress!, 0x0D, bytes.count) != nil else { return bytes.count }
        var write = 0
        for read in 0..<bytes.count {
            let byte = bytes[read]
            if byte == 0x0A, lastWasCR { lastWasCR = false; continue }
            lastWasCR = byte == 0x0D
            bytes[write] = lastWasCR ? 0x0A : byte
            write += 1
        }
        return write
    }

    /// Follows the markup far enough to count attributes per start tag. Returns false (and
    /// sets ``failure``) when a start tag has too many.
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let end = bytes.count
        if !sawContent, bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) { sawContent = true }
        while index < end {
            let byte = bytes[index]
            switch state {
            case .text:
                // Most bytes are text: jump to the next '<'.
                guard let found = memchr(bytes.baseAddress! + index, 0x3C, end - index) else { return true }
                index = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                tagStart = offset + index
                state = .afterLessThan
            case .afterLessThan:
                switch byte {
                case UInt8(ascii: "!"): state = .bang; matched = 0
                case UInt8(ascii: "?"): state = .processingInstruction; matched = 0; inSubset = false
                case UInt8(ascii: "/"): state = .startTag; isEndTag = true; attributes = 0
                default: state = .startTag; isEndTag = false; attributes = 0
                }
                previous = byte
            case .startTag:
                defer { previous = byte }
                switch byte {
                case UInt8(ascii: ">"):
                    state = .text
                    if isEndTag { openElements -= 1 } else if previous != UInt8(ascii: "/") { openElements += 1 }
                case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte; state = .startTagQuote
                case UInt8(ascii: "="):
                    attributes += 1
                    if attributes > Self.maximumAttributes {
                        failure = (tagStart, "a start tag with more than \(Self.maximumAttributes) attributes: refused, as no TBX, XLIFF or TMX element has so many")
                        return false
                    }
                default: break
                }
            case .startTagQuote:
                if byte == quote { state = .startTag }
            case .bang:
                // "<!--" comment, "<![CDATA[" section, else a declaration (DOCTYPE).
                if matched == 0, byte == UInt8(ascii: "-") { matched = 1 }
                else if matched == 1, byte == UInt8(ascii: "-") { state = .comment; matched = 0; inSubset = false }
                else if matched == 0, byte == UInt8(ascii: "[") { state = .cdata; matched = 0 }
                else { state = byte == UInt8(ascii: ">") ? .text : .declaration; bracketDepth = 0 }
            case .comment:
                // Ends at "-->".
                if byte == UInt8(ascii: "-") { matched = min(matched + 1, 2) }
                else if byte == UInt8(ascii: ">"), matched == 2 { state = inSubset ? .declaration : .text }
                else { matched = 0 }
            case .cdata:
                // Ends at "]]>".
                if byte == UInt8(ascii: "]") { matched = min(matched + 1, 2) }
                else if byte == UInt8(ascii: ">"), matched == 2 { state = .text }
                else { matched = 0 }
            case .processingInstruction:
                // Ends at "?>".
                if byte == UInt8(ascii: "?") { matched = 1 }
                else if byte == UInt8(ascii: ">"), matched == 1 { state = inSubset ? .declaration : .text }
                else { matched = 0 }
            case .declaration:
                // A DOCTYPE with an internal subset: '>' inside [...] or quotes does not end it.
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte; state = .declarationQuote
                case UInt8(ascii: "["): bracketDepth += 1
                case UInt8(ascii: "]"): bracketDepth -= 1
                case UInt8(ascii: ">"): if bracketDepth <= 0 { state = .text }
                case UInt8(ascii: "<"): state = .subsetLessThan
                default: break
                }
            case .declarationQuote:
                if byte == quote { state = .declaration }
            case .subsetLessThan:
                // Comments and processing instructions may hold quotes and brackets.
                if byte == UInt8(ascii: "!") { state = .subsetBang; matched = 0 }
                else if byte == UInt8(ascii: "?") { state = .processingInstruction; matched = 0; inSubset = true }
                else { state = .declaration; continue }
            case .subsetBang:
                if byte == UInt8(ascii: "-"), matched == 0 { matched = 1 }
                else if byte == UInt8(ascii: "-"), matched == 1 { state = .comment; matched = 0; inSubset = true }
                else { state = .declaration; continue }
            }
            index += 1
        }
        return true
    }

    /// Line and column (in characters, from 1) of byte `target`, found by reading the file
    /// again: only done for an error.
    func position(ofByte target: Int) -> (line: Int, column: Int) {
        guard let handle = fopen(path, "rb") else { return (0, 0) }
        defer { fclose(handle) }
        var line = 1
        var column = 1
        var index = 0
        while index < target {
            let byte = getc(handle)
            if byte == EOF { break }
            if byte == 0x0A { line += 1; column = 1 }
            else if byte & 0xC0 != 0x80 { column += 1 }  // count characters, not UTF-8 continuation bytes
            index += 1
        }
        return (line, column)
    }

    /// The C callbacks, with this source as their context (unretained: the reader owns it).
    static let readCallback: xmlInputReadCallback = { context, buffer, length in
        guard let context, let buffer else { return -1 }
        return Unmanaged<XMLInputSource>.fromOpaque(context).takeUnretainedValue().read(into: buffer, length: Int(length))
    }

    static let closeCallback: xmlInputCloseCallback = { _ in 0 }

    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}

/// read(2), named apart from ``XMLInputSource/read(into:length:)``.
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
