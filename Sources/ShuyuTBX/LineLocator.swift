import Foundation

/// Finds columns on lines of a file after parsing, for errors libxml2 (or a rule) gives a
/// line for. Reads forward through the file and keeps the last ``window`` lines read, so
/// that errors reported in order (or a little behind, as a validator reports an element
/// when it ends) cost one pass, in bounded memory however many there are.
final class LineLocator {
    private let path: String?
    private var handle: FileHandle?
    private var buffer = Data()
    private var nextLine = 1
    private var cache: [Int: String] = [:]
    static let window = 4096

    init(path: String?) { self.path = path }

    deinit { try? handle?.close() }

    /// The text of line `number` (from 1), without its line break.
    func line(_ number: Int) -> String? {
        if let cached = cache[number] { return cached }
        guard let path, number > 0 else { return nil }
        if number < nextLine || handle == nil {
            cache = [:]
            try? handle?.close()
            handle = FileHandle(forReadingAtPath: path)
            buffer = Data()
            nextLine = 1
        }
        guard let handle else { return nil }
        while nextLine <= number {
            // LF, CR LF or a lone CR (a CR at the end of the buffer waits for the next chunk).
            if let newline = buffer.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }),
               buffer[newline] == 0x0A || newline + 1 < buffer.endIndex {
                let text = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                let crlf = buffer[newline] == 0x0D && buffer[newline + 1] == 0x0A
                // Moving the start index, not the bytes: a slice's removal from the front is free.
                buffer = buffer[(crlf ? newline + 2 : newline + 1)...]
                cache[nextLine] = text
                cache[nextLine - Self.window] = nil
                nextLine += 1
                continue
            }
            if buffer.startIndex > 0 { buffer = Data(buffer) }
            guard let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty else {
                // The last line has no line break.
                if nextLine == number, !buffer.isEmpty {
                    let text = String(decoding: buffer, as: UTF8.self)
                    cache[number] = text.hasSuffix("\r") ? String(text.dropLast()) : text
                    buffer = Data()
                    nextLine += 1
                }
                break
            }
            buffer.append(chunk)
        }
        return cache[number]
    }
}
