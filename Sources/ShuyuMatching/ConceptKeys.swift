/// A set of an index's concepts by number (each concept's place in the index), kept
/// sorted.
///
/// Lint asks, for every term in every segment, which target matches render which
/// concepts. With concept identifiers as strings each question hashed them; a word that
/// is a term of thousands of concepts made the sets large too. Numbers compare without
/// hashing, and a large set answers by binary search.
///
/// Keys belong to one ``TermIndex``: ``TermIndex/conceptID(forKey:)`` turns one back into
/// an identifier.
public struct ConceptKeys: Sendable, Hashable {
    /// The keys, sorted, each once.
    public let values: [Int32]

    /// The empty set.
    public static let empty = ConceptKeys(sorted: [])

    init(sorted values: [Int32]) {
        self.values = values
    }

    /// The keys of `values`, in any order and with repeats.
    public init<S: Sequence>(_ values: S) where S.Element == Int32 {
        var sorted = Array(values)
        sorted.sort()
        var unique: [Int32] = []
        unique.reserveCapacity(sorted.count)
        for value in sorted where unique.last != value { unique.append(value) }
        self.values = unique
    }

    public var isEmpty: Bool { values.isEmpty }
    public var count: Int { values.count }

    /// Whether `key` is in the set: a scan for a few keys, binary search for many.
    @inline(__always)
    public func contains(_ key: Int32) -> Bool {
        values.withUnsafeBufferPointer { Self.contains(key, in: $0) }
    }

    @inline(__always)
    private static func contains(_ key: Int32, in values: UnsafeBufferPointer<Int32>) -> Bool {
        if values.count <= 8 { return values.contains(key) }
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) >> 1
            if values[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < values.count && values[low] == key
    }

    /// Whether the two sets share a key, probing the larger with the smaller (a question
    /// names one or two concepts, a match can name thousands).
    public func meets(_ other: ConceptKeys) -> Bool {
        values.withUnsafeBufferPointer { mine in
            other.values.withUnsafeBufferPointer { theirs in
                mine.count <= theirs.count
                    ? mine.contains { Self.contains($0, in: theirs) } : theirs.contains { Self.contains($0, in: mine) }
            }
        }
    }
}
