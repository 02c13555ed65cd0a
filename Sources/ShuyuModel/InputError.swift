import Foundation

/// A document that cannot be read: the file, the position (0 when none applies) and why.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int = 0, column: Int = 0, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(Self.position(file: file, line: line, column: column)): error: \(message)" }

    /// `file:line:column`, leaving out a line or column of 0 (unknown): the position part of
    /// every diagnostic Shuyu prints about a file.
    public static func position(file: String, line: Int, column: Int) -> String {
        var position = file
        if line > 0 { position += ":\(line)" }
        if line > 0, column > 0 { position += ":\(column)" }
        return position
    }
}

/// Text files as Shuyu accepts them: UTF-8 (a BOM is dropped), or UTF-16 with a BOM.
/// Anything else is refused with a position and a way to convert it — never mis-decoded.
public enum TextDecoding {
    public static func decode(_ data: Data, file: String) throws -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try utf8(Array(bytes.dropFirst(3)), file: file, offset: 3)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: data, encoding: .utf16) else {
                throw InputError(file: file, line: 1, column: 1, message: "starts with a UTF-16 byte-order mark but is not valid UTF-16")
            }
            return text
        }
        if let nul = bytes.prefix(4096).firstIndex(of: 0) {
            let (line, column) = position(of: nul, in: bytes)
            throw InputError(file: file, line: line, column: column, message: "contains NUL bytes: UTF-16 without a byte-order mark, or not text at all; convert with: iconv -f UTF-16LE -t UTF-8 \(file)")
        }
        return try utf8(bytes, file: file, offset: 0)
    }

    public static func utf8(_ bytes: [UInt8], file: String, offset: Int) throws -> String {
        if let invalid = firstInvalidUTF8(bytes) {
            let (line, column) = position(of: invalid, in: bytes)
            let hint = looksLikeGB18030(bytes, from: invalid) ? "it looks like GB18030/GBK; convert with: iconv -f GB18030 -t UTF-8 \(file)" : "save it as UTF-8"
            throw InputError(file: file, line: line, column: column, message: "not valid UTF-8 (byte 0x\(String(bytes[invalid], radix: 16, uppercase: true)) at offset \(invalid + offset)); \(hint)")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8($0) }
    }

    /// Where the run of ASCII bytes that starts at `start` ends, read eight bytes at a time
    /// (all of most English text is one run).
    @inline(__always)
    public static func endOfASCII(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int {
        var index = start
        while index + 8 <= bytes.count,
              UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
            index += 8
        }
        while index < bytes.count, bytes[index] < 0x80 { index += 1 }
        return index
    }

    private static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < bytes.count {
            index = endOfASCII(bytes, from: index)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            let length: Int
            var minimum: UInt32 = 0
            switch byte {
            case 0x00...0x7F: index += 1; continue
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for next in bytes[(index + 1)..<(index + length)] {
                guard next & 0xC0 == 0x80 else { return index }
                value = value << 6 | UInt32(next & 0x3F)
            }
            if value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return index }
            index += length
        }
        return nil
    }

    /// GB18030/GBK text is mostly pairs of bytes in 0x81–0xFE followed by 0x40–0xFE; looks
    /// from the first byte that is not UTF-8.
    public static func looksLikeGB18030(_ bytes: [UInt8], from start: Int) -> Bool {
        var pairs = 0, high = 0, index = start
        while index < bytes.count - 1, index < start + 4096 {
            if bytes[index] >= 0x81 {
                high += 1
                if bytes[index] <= 0xFE, (0x40...0xFE).contains(bytes[index + 1]), bytes[index + 1] != 0x7F { pairs += 1; index += 2; continue }
            }
            index += 1
        }
        return high > 0 && pairs * 10 >= high * 9
    }

    /// Line and column (in characters, from 1) of byte `offset`.
    public static func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let prefix = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self)
        return (line, prefix.unicodeScalars.count + 1)
    }

    /// Lines of `text`, without their line breaks (LF, CRLF or CR).
    public static func lines(_ text: String) -> [Substring] {
        var result: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D {
                result.append(Substring(text[start..<index]))
                var next = utf8.index(after: index)
                if byte == 0x0D, next < utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                start = next
                index = next
                continue
            }
            index = utf8.index(after: index)
        }
        if start < utf8.endIndex { result.append(Substring(text[start..<utf8.endIndex])) }
        return result
    }
}
