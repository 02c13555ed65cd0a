import Foundation

/// Writes a matcher snapshot: fixed-width integers and whole arrays in the machine's byte
/// order (a snapshot is a cache on the machine that wrote it, never exchanged). Bytes go
/// to `sink` a megabyte at a time, and large arrays straight from their storage, so that
/// writing a snapshot does not hold a second copy of the index.
struct SnapshotWriter {
    private var buffer: [UInt8] = []
    private let sink: (UnsafeRawBufferPointer) throws -> Void

    init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(1 << 20)
    }

    /// Hands what is buffered to the sink.
    mutating func flush() throws {
        try buffer.withUnsafeBytes { try sink($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > 1 << 20 {
            try flush()
            if bytes.count > 1 << 19 { return try sink(bytes) }
        }
        buffer.append(contentsOf: bytes)
    }

    mutating func int(_ value: Int) throws {
        try withUnsafeBytes(of: Int64(value).littleEndian) { try append($0) }
    }

    mutating func array<T: FixedWidthInteger>(_ values: [T]) throws {
        try int(values.count)
        try values.withUnsafeBytes { try append($0) }
    }

    mutating func bools(_ values: [Bool]) throws {
        try array(values.map { $0 ? UInt8(1) : 0 })
    }

    mutating func string(_ value: String) throws {
        try array(Array(value.utf8))
    }

    mutating func strings(_ values: [String]) throws {
        try int(values.count)
        for value in values { try string(value) }
    }
}

/// Reads what ``SnapshotWriter`` wrote; every read is bounds-checked and gives `nil` past
/// the end, so that a truncated or damaged file is refused, never trusted.
struct SnapshotReader {
    private let data: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ data: UnsafeRawBufferPointer) { self.data = data }

    var isAtEnd: Bool { offset == data.count }

    mutating func int() -> Int? {
        guard offset + 8 <= data.count else { return nil }
        let value = Int64(littleEndian: data.loadUnaligned(fromByteOffset: offset, as: Int64.self))
        offset += 8
        guard value >= 0, value <= Int64(Int32.max) * 16 else { return nil }
        return Int(value)
    }

    mutating func array<T: FixedWidthInteger>() -> [T]? {
        guard let count = int() else { return nil }
        let (size, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        guard !overflow, offset + size <= data.count else { return nil }
        let start = offset
        offset += size
        return [T](unsafeUninitializedCapacity: count) { buffer, initialised in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: data[start..<start + size]))
            initialised = count
        }
    }

    mutating func bools() -> [Bool]? {
        let bytes: [UInt8]? = array()
        return bytes?.map { $0 != 0 }
    }

    mutating func string() -> String? {
        let bytes: [UInt8]? = array()
        return bytes.flatMap { String(validating: $0, as: UTF8.self) }
    }

    mutating func strings() -> [String]? {
        guard let count = int(), count <= data.count - offset else { return nil }
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = string() else { return nil }
            values.append(value)
        }
        return values
    }
}
