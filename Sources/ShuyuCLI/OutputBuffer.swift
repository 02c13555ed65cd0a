import Foundation

/// Standard output with a buffer: many small writes become few large ones.
final class OutputBuffer {
    private var buffer = Data()
    private let limit = 1 << 16

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= limit { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}
