import Foundation

/// Writes a matcher snapshot: fixed-width integers and whole arrays in the machine's byte
/// order (a snapshot is a cache on the machine that wrote it, never exchanged).
struct SnapshotWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func array<T: FixedWidthInteger>(_ values: [T]) {
        int(values.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func bools(_ values: [Bool]) {
        array(values.map { $0 ? UInt8(1) : 0 })
    }

    mutating func string(_ value: String) {
        array(Array(value.utf8))
    }

    mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
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
