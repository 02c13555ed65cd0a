import Foundation
import ShuyuModel

/// Reads a text file line by line in bounded memory: UTF-8 (a BOM is dropped) is read in
/// chunks and checked line by line, so an invalid byte is reported with its line and
/// column. UTF-16 files (with a BOM) are decoded whole, as they are rare and small.
final class LineReader {
    let file: String
    private let handle: FileHandle?
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    private var memoryLines: [Substring]?
    /// The number of the line `next()` returned last.
    private(set) var lineNumber = 0
    /// How far past `position` the buffer is known to hold no line break.
    private var scanned = 0

    /// The longest line read (in bytes): a text without line breaks is not an aligned
    /// document, and would otherwise be held whole.
    static let maximumLineLength = 16 << 20

    init(path: String) throws {
        file = path
        if let problem = InputFile.problem(at: path) { throw InputError(file: path, message: problem) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw InputError(file: path, message: "cannot read the file") }
        let first = (try? handle.read(upToCount: 1 << 16)) ?? Data()
        let bytes = [UInt8](first)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            // UTF-16: decode whole (TextDecoding checks it and refuses what is not UTF-16).
            var data = first
            if let rest = try? handle.readToEnd() { data.append(rest) }
            try? handle.close()
            self.handle = nil
            memoryLines = TextDecoding.lines(try TextDecoding.decode(data, file: path))
            return
        }
        if let nul = bytes.prefix(4096).firstIndex(of: 0) {
            let (line, column) = TextDecoding.position(of: nul, in: bytes)
            try? handle.close()
            throw InputError(file: path, line: line, column: column, message: "contains NUL bytes: UTF-16 without a byte-order mark, or not text at all; convert with: iconv -f UTF-16LE -t UTF-8 \(path)")
        }
        self.handle = handle
        buffer = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if first.isEmpty { finished = true }
    }

    deinit { try? handle?.close() }

    /// The next line without its line break, or nil at the end of the file.
    func next() throws -> String? {
        if let lines = memoryLines {
            guard lineNumber < lines.count else { return nil }
            lineNumber += 1
            return String(lines[lineNumber - 1])
        }
        while true {
            if let end = buffer[(position + scanned)...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                // A CR at the end of the buffer may be the first half of CRLF: read on first.
                if buffer[end] == 0x0D, end + 1 == buffer.count, !finished { scanned = end - position; try fill(); continue }
                let line = Array(buffer[position..<end])
                position = end + 1
                scanned = 0
                if buffer[end] == 0x0D, position < buffer.count, buffer[position] == 0x0A { position += 1 }
                return try decode(line)
            }
            if finished {
                guard position < buffer.count else { return nil }
                let line = Array(buffer[position...])
                position = buffer.count
                scanned = 0
                return try decode(line)
            }
            scanned = buffer.count - position
            if scanned > Self.maximumLineLength {
                throw InputError(file: file, line: lineNumber + 1, column: 1, message: "line \(lineNumber + 1) is longer than \(Self.maximumLineLength >> 20) MB: not a line-aligned text document")
            }
            try fill()
        }
    }

    private func fill() throws {
        buffer.removeSubrange(0..<position)
        position = 0
        guard let chunk = try handle?.read(upToCount: 1 << 16), !chunk.isEmpty else {
            finished = true
            return
        }
        buffer.append(contentsOf: chunk)
    }

    private func decode(_ bytes: [UInt8]) throws -> String {
        lineNumber += 1
        if let invalid = TextDecoding.firstInvalidUTF8(bytes) {
            let column = String(decoding: bytes[..<invalid], as: UTF8.self).unicodeScalars.count + 1
            let hint = TextDecoding.looksLikeGB18030(bytes, from: invalid) ? "it looks like GB18030/GBK; convert with: iconv -f GB18030 -t UTF-8 \(file)" : "save it as UTF-8"
            throw InputError(file: file, line: lineNumber, column: column, message: "not valid UTF-8 (byte 0x\(String(bytes[invalid], radix: 16, uppercase: true))); \(hint)")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
