/// An Aho–Corasick automaton over Unicode scalar values, reporting leftmost-longest,
/// non-overlapping matches: at each position the longest pattern that starts there wins,
/// and matching resumes after it — so 录音制品制作者 is one match, not also 录音制品.
///
/// Patterns are given as scalar arrays; each has an integer payload chosen by the caller.
public struct AhoCorasick: Sendable {
    // Transitions: (state << 21) | scalar → next state, in an open-addressing table (memory
    // proportional to the number of trie edges, no hashing of strings), and from the root
    // state for every BMP scalar in a dense array, as most steps in real text start there.
    private var goto = TransitionTable()
    private var rootNext = [Int32](repeating: 0, count: 0x10000)
    private var fail: [Int32] = [0]
    /// Length (in scalars) of the longest pattern ending at each state, or 0.
    private var outputLength: [Int32] = [0]
    /// Payload of that pattern.
    private var outputPayload: [Int32] = [-1]
    /// The nearest state on the failure chain that has an output (or -1).
    private var outputLink: [Int32] = [-1]
    /// The first output of each state: itself when it has one, else its output link.
    private var firstOutput: [Int32] = [-1]
    public private(set) var patternCount = 0

    /// A match: `start` and `length` in scalars of the searched array.
    public struct Match: Sendable, Equatable {
        public var start: Int
        public var length: Int
        public var payload: Int
    }

    public init<S: Sequence>(patterns: S) where S.Element == (scalars: [UInt32], payload: Int) {
        for (scalars, payload) in patterns where !scalars.isEmpty {
            var state: Int32 = 0
            for scalar in scalars {
                let key = UInt64(state) << 21 | UInt64(scalar)
                if let next = goto[key] {
                    state = next
                } else {
                    let next = Int32(fail.count)
                    fail.append(0)
                    outputLength.append(0)
                    outputPayload.append(-1)
                    outputLink.append(-1)
                    goto[key] = next
                    state = next
                }
            }
            // The first pattern given for a key keeps it (callers merge payloads themselves).
            if outputLength[Int(state)] == 0 {
                outputLength[Int(state)] = Int32(scalars.count)
                outputPayload[Int(state)] = Int32(payload)
                patternCount += 1
            }
        }
        buildFailureLinks()
        firstOutput = outputLength.indices.map { outputLength[$0] > 0 ? Int32($0) : outputLink[$0] }
    }

    private mutating func buildFailureLinks() {
        // Children of each state, for the breadth-first pass: state s's are
        // `edges[first[s]..<first[s + 1]]`, in one array (an array per state was millions of
        // allocations and a third of a gigabyte at a million concepts).
        var first = [Int](repeating: 0, count: fail.count + 1)
        goto.forEach { key, _ in first[Int(key >> 21) + 1] += 1 }
        for state in 0..<fail.count { first[state + 1] += first[state] }
        var edges = [(scalar: UInt32, state: Int32)](repeating: (0, 0), count: first[fail.count])
        var filled = first
        goto.forEach { key, state in
            let parent = Int(key >> 21)
            edges[filled[parent]] = (UInt32(key & 0x1F_FFFF), state)
            filled[parent] += 1
        }
        func children(_ state: Int) -> ArraySlice<(scalar: UInt32, state: Int32)> { edges[first[state]..<first[state + 1]] }
        for (scalar, state) in children(0) where scalar < 0x10000 { rootNext[Int(scalar)] = state }
        var queue: [Int32] = []
        queue.reserveCapacity(fail.count)
        for child in children(0) {
            fail[Int(child.state)] = 0
            queue.append(child.state)
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (scalar, child) in children(Int(state)) {
                var candidate = fail[Int(state)]
                while true {
                    if let next = goto[UInt64(candidate) << 21 | UInt64(scalar)], next != child {
                        fail[Int(child)] = next
                        break
                    }
                    if candidate == 0 { fail[Int(child)] = 0; break }
                    candidate = fail[Int(candidate)]
                }
                let target = fail[Int(child)]
                outputLink[Int(child)] = outputLength[Int(target)] > 0 ? target : outputLink[Int(target)]
                queue.append(child)
            }
        }
    }

    /// The automaton's step (state, scalar) → state over raw buffers, without bounds
    /// checks: the hot loop of linting. Valid only inside ``withStepper(_:)``.
    private struct Stepper {
        let transitions: TransitionTable.Buffers
        let root: UnsafeBufferPointer<Int32>
        let fail: UnsafeBufferPointer<Int32>

        @inline(__always)
        func step(_ state: Int32, _ scalar: UInt32) -> Int32 {
            var current = state
            while true {
                if current == 0 { return scalar < 0x10000 ? root[Int(scalar)] : transitions.lookup(UInt64(scalar)) ?? 0 }
                if let next = transitions.lookup(UInt64(current) << 21 | UInt64(scalar)) { return next }
                current = fail[Int(current)]
            }
        }
    }

    private func withStepper<R>(_ body: (Stepper) -> R) -> R {
        goto.withBuffers { transitions in
            rootNext.withUnsafeBufferPointer { root in
                fail.withUnsafeBufferPointer { fail in body(Stepper(transitions: transitions, root: root, fail: fail)) }
            }
        }
    }

    /// Calls `found(start, length, payload)` for every pattern occurrence in `text`, in
    /// order of end position (positions count from the slice's start).
    @inline(__always)
    private func forEachMatch(in text: ArraySlice<UInt32>, _ found: (Int, Int32, Int32) -> Void) {
        var state: Int32 = 0
        withStepper { stepper in
            firstOutput.withUnsafeBufferPointer { first in
                outputLength.withUnsafeBufferPointer { lengthOf in
                    outputLink.withUnsafeBufferPointer { link in
                        outputPayload.withUnsafeBufferPointer { payload in
                            text.withUnsafeBufferPointer { text in
                                for index in 0..<text.count {
                                    state = stepper.step(state, text[index])
                                    var output = first[Int(state)]
                                    while output >= 0 {
                                        let length = lengthOf[Int(output)]
                                        found(index - Int(length) + 1, length, payload[Int(output)])
                                        output = link[Int(output)]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Every pattern occurrence in `text`, grouped by start position, longest first, in
    /// `candidates` (whose arrays are reused).
    func allMatches(in text: ArraySlice<UInt32>, into candidates: inout Candidates) {
        candidates.removeAll()
        forEachMatch(in: text) { start, length, pattern in candidates.add(start: Int32(start), length: length, pattern: pattern) }
        candidates.group(count: text.count)
    }

    /// The longest pattern occurrence at each position of `text`, in `candidates` (see
    /// ``Candidates/longest(at:)``): all that leftmost-longest spans need, without grouping
    /// every occurrence.
    func longestMatches(in text: ArraySlice<UInt32>, into candidates: inout Candidates) {
        candidates.clearLongest(count: text.count)
        candidates.withLongest { longest, longestPattern in
            forEachMatch(in: text) { start, length, pattern in
                if longest[start] < length {
                    longest[start] = length
                    longestPattern[start] = pattern
                }
            }
        }
    }

    /// Whether a pattern shorter than `text` occurs in it: what building an index asks of
    /// every key (a phrase term holding shorter terms), answered without collecting matches.
    func containsPattern(in text: [UInt32], shorterThan limit: Int) -> Bool {
        withStepper { stepper in
            var state: Int32 = 0
            for scalar in text {
                state = stepper.step(state, scalar)
                var output = firstOutput[Int(state)]
                while output >= 0 {
                    if Int(outputLength[Int(output)]) < limit { return true }
                    output = outputLink[Int(output)]
                }
            }
            return false
        }
    }

    /// Leftmost-longest, non-overlapping matches in `text`, in order; with `shorterThan`,
    /// only patterns shorter than that many scalars count (to find the terms inside a term).
    public func matches(in text: [UInt32], shorterThan limit: Int = .max) -> [Match] {
        // Longest match starting at each position.
        var best: [Int: (length: Int, payload: Int)] = [:]
        var state: Int32 = 0
        withStepper { stepper in
            for (index, scalar) in text.enumerated() {
                state = stepper.step(state, scalar)
                var output = firstOutput[Int(state)]
                while output >= 0 {
                    let length = Int(outputLength[Int(output)])
                    let start = index - length + 1
                    if length < limit, (best[start]?.length ?? 0) < length {
                        best[start] = (length, Int(outputPayload[Int(output)]))
                    }
                    output = outputLink[Int(output)]
                }
            }
        }
        var result: [Match] = []
        var position = 0
        for start in best.keys.sorted() where start >= position {
            let match = best[start]!
            result.append(Match(start: start, length: match.length, payload: match.payload))
            position = start + match.length
        }
        return result
    }
}

/// An open-addressing hash table from transition keys to states: linear probing over a
/// power-of-two array with a multiplicative hash, far cheaper per step than `Dictionary`.
struct TransitionTable: Sendable {
    fileprivate static let empty = UInt64.max
    private var keys = [UInt64](repeating: TransitionTable.empty, count: 16)
    private var values = [Int32](repeating: 0, count: 16)
    private var mask = 15
    private(set) var count = 0

    /// Linear probing from the key's multiplicative-hash slot.
    @inline(__always)
    fileprivate static func probe(_ keys: UnsafeBufferPointer<UInt64>, _ values: UnsafeBufferPointer<Int32>, _ mask: Int, _ key: UInt64) -> Int32? {
        var index = slot(key, mask)
        while true {
            let found = keys[index]
            if found == key { return values[index] }
            if found == empty { return nil }
            index = (index + 1) & mask
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    subscript(key: UInt64) -> Int32? {
        get { withBuffers { $0.lookup(key) } }
        set {
            guard let newValue else { preconditionFailure("transitions are never removed") }
            if (count + 1) * 2 > keys.count { grow() }
            var index = Self.slot(key, mask)
            while keys[index] != Self.empty && keys[index] != key { index = (index + 1) & mask }
            if keys[index] == Self.empty { count += 1 }
            keys[index] = key
            values[index] = newValue
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: Self.empty, count: oldKeys.count * 2)
        values = [Int32](repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (key, value) in zip(oldKeys, oldValues) where key != Self.empty { self[key] = value }
    }

    /// The table's arrays as raw buffers, for lookups in hot loops (no bounds checks).
    struct Buffers {
        let keys: UnsafeBufferPointer<UInt64>
        let values: UnsafeBufferPointer<Int32>
        let mask: Int

        @inline(__always)
        func lookup(_ key: UInt64) -> Int32? { TransitionTable.probe(keys, values, mask, key) }
    }

    func withBuffers<R>(_ body: (Buffers) -> R) -> R {
        keys.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { values in body(Buffers(keys: keys, values: values, mask: mask)) }
        }
    }

    func forEach(_ body: (UInt64, Int32) -> Void) {
        for (key, value) in zip(keys, values) where key != Self.empty { body(key, value) }
    }
}

/// Match candidates by start position, longest first: (length, pattern) pairs stored
/// flat, with `offsets[i]..<offsets[i + 1]` the candidates starting at position `i`.
struct Candidates {
    /// Candidates as found: (start, length, pattern) triples.
    private var foundStarts: [Int32] = []
    private var foundLengths: [Int32] = []
    private var foundPatterns: [Int32] = []
    /// Grouped by start: the candidates at position p are `offsets[p]..<offsets[p + 1]`.
    private(set) var offsets: [Int32] = []
    private(set) var lengths: [Int32] = []
    private(set) var patterns: [Int32] = []

    init() {}

    /// The longest candidate's length and pattern at each position (0: none), for
    /// ``AhoCorasick/longestMatches(in:into:)``.
    private var longestLength: [Int32] = []
    private var longestPattern: [Int32] = []

    /// Clears the longest candidates of the first `count` positions.
    mutating func clearLongest(count: Int) {
        if longestLength.count < count {
            longestLength.append(contentsOf: repeatElement(0, count: count - longestLength.count))
            longestPattern.append(contentsOf: repeatElement(0, count: count - longestPattern.count))
        }
        longestLength.withUnsafeMutableBufferPointer { $0.baseAddress?.update(repeating: 0, count: count) }
    }

    mutating func withLongest<R>(_ body: (UnsafeMutableBufferPointer<Int32>, UnsafeMutableBufferPointer<Int32>) -> R) -> R {
        longestLength.withUnsafeMutableBufferPointer { lengths in
            longestPattern.withUnsafeMutableBufferPointer { patterns in body(lengths, patterns) }
        }
    }

    /// The longest candidate at `position`, after ``AhoCorasick/longestMatches(in:into:)``.
    @inline(__always)
    func longest(at position: Int) -> (length: Int, pattern: Int)? {
        let length = Int(longestLength[position])
        return length > 0 ? (length, Int(longestPattern[position])) : nil
    }

    /// Forgets every candidate, keeping the arrays' storage.
    mutating func removeAll() {
        foundStarts.removeAll(keepingCapacity: true)
        foundLengths.removeAll(keepingCapacity: true)
        foundPatterns.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func add(start: Int32, length: Int32, pattern: Int32) {
        foundStarts.append(start)
        foundLengths.append(length)
        foundPatterns.append(pattern)
    }

    /// Groups the candidates found in a text of `count` positions by start, longest first.
    mutating func group(count: Int) {
        // The arrays only grow (they are reused from text to text): `offsets` may be longer
        // than count + 1, `lengths` and `patterns` than the candidates.
        if offsets.count < count + 1 { offsets.append(contentsOf: repeatElement(0, count: count + 1 - offsets.count)) }
        if lengths.count < foundStarts.count {
            lengths.append(contentsOf: repeatElement(0, count: foundStarts.count - lengths.count))
            patterns.append(contentsOf: repeatElement(0, count: foundStarts.count - patterns.count))
        }
        offsets.withUnsafeMutableBufferPointer { offsets in
            offsets.baseAddress!.update(repeating: 0, count: count + 1)
            lengths.withUnsafeMutableBufferPointer { lengths in
                patterns.withUnsafeMutableBufferPointer { patterns in
                    for start in foundStarts { offsets[Int(start) + 1] += 1 }
                    for index in 0..<count { offsets[index + 1] += offsets[index] }
                    // offsets[p + 1] is now where group p ends. Filling each group from its
                    // end (in reverse, so that the found order is kept) leaves offsets[p + 1]
                    // where group p begins: one place to the left, and no second array.
                    for index in foundStarts.indices.reversed() {
                        let start = Int(foundStarts[index])
                        offsets[start + 1] -= 1
                        let at = Int(offsets[start + 1])
                        lengths[at] = foundLengths[index]
                        patterns[at] = foundPatterns[index]
                    }
                    for position in 0..<count { offsets[position] = offsets[position + 1] }
                    offsets[count] = Int32(foundStarts.count)
                    var position = 0
                    while position < count {
                        let range = Int(offsets[position])..<Int(offsets[position + 1])
                        position += 1
                        guard range.count > 1 else { continue }
                        // Longest first (groups are tiny: insertion sort).
                        for i in range.dropFirst() {
                            var j = i
                            while j > range.lowerBound, lengths[j - 1] < lengths[j] {
                                lengths.swapAt(j - 1, j)
                                patterns.swapAt(j - 1, j)
                                j -= 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// The longest candidate at `position` that is shorter than `limit` and ends by `end`.
    @inline(__always)
    func best(at position: Int, shorterThan limit: Int, endingBy end: Int) -> (length: Int, pattern: Int)? {
        var index = Int(offsets[position])
        let stop = Int(offsets[position + 1])
        while index < stop {
            let length = Int(lengths[index])
            if length < limit, position + length <= end { return (length, Int(patterns[index])) }
            index += 1
        }
        return nil
    }
}

// MARK: Snapshots

extension AhoCorasick {
    /// Appends the automaton's arrays to `out` (see ``TermIndex/snapshot(key:)``).
    func write(to out: inout SnapshotWriter) throws {
        try goto.write(to: &out)
        try out.array(fail)
        try out.array(outputLength)
        try out.array(outputPayload)
        try out.array(outputLink)
        try out.int(patternCount)
    }

    /// Whether every payload is below `limit` (the number of patterns the caller has).
    func payloadsBelow(_ limit: Int) -> Bool { outputPayload.allSatisfy { Int($0) < limit } }

    /// Reads an automaton written by ``write(to:)``, checking every state index it holds
    /// (a damaged file must not send the matcher out of its arrays, or round a failure
    /// chain for ever): `nil` when anything is out of place.
    init?(reading input: inout SnapshotReader, payloads: Int) {
        guard let goto = TransitionTable(reading: &input), let fail: [Int32] = input.array(),
              let outputLength: [Int32] = input.array(), let outputPayload: [Int32] = input.array(),
              let outputLink: [Int32] = input.array(), let patternCount = input.int()
        else { return nil }
        let states = fail.count
        guard states >= 1,
              [outputLength.count, outputPayload.count, outputLink.count].allSatisfy({ $0 == states })
        else { return nil }
        // Depth of each state from its trie parent; a parent is always created before its child.
        var depth = [Int32](repeating: -1, count: states)
        depth[0] = 0
        var parent = [Int32](repeating: -1, count: states)
        var valid = true
        goto.forEach { key, child in
            let from = Int(key >> 21)
            if key & 0x1F_FFFF > 0x10_FFFF || child <= 0 || Int(child) >= states || from >= Int(child) || parent[Int(child)] >= 0 {
                valid = false
            } else {
                parent[Int(child)] = Int32(from)
            }
        }
        guard valid else { return nil }
        for state in 1..<states {
            guard parent[state] >= 0 else { return nil }
            depth[state] = depth[Int(parent[state])] + 1
        }
        guard fail[0] == 0, outputLength[0] == 0, outputLink[0] == -1 else { return nil }
        for state in 0..<states {
            let length = outputLength[state], payload = outputPayload[state], link = outputLink[state]
            guard length >= 0, length <= depth[state], (length > 0) == (payload >= 0), payload < payloads else { return nil }
            if state > 0 {
                let target = fail[state]
                guard target >= 0, Int(target) < states, depth[Int(target)] < depth[state] else { return nil }
            }
            guard link == -1 || (link > 0 && Int(link) < states && depth[Int(link)] < depth[state] && outputLength[Int(link)] > 0) else { return nil }
        }
        // The dense root row is made from the root's transitions, not read: a row entry
        // pointing deeper than one character would let a match start before the text.
        var rootNext = [Int32](repeating: 0, count: 0x10000)
        goto.forEach { key, child in
            if key >> 21 == 0, key & 0x1F_FFFF < 0x10000 { rootNext[Int(key & 0x1F_FFFF)] = child }
        }
        self.goto = goto
        self.rootNext = rootNext
        self.fail = fail
        self.outputLength = outputLength
        self.outputPayload = outputPayload
        self.outputLink = outputLink
        self.firstOutput = outputLength.indices.map { outputLength[$0] > 0 ? Int32($0) : outputLink[$0] }
        self.patternCount = patternCount
    }
}

extension TransitionTable {
    func write(to out: inout SnapshotWriter) throws {
        try out.array(keys)
        try out.array(values)
        try out.int(count)
    }

    /// Reads a table written by ``write(to:)``; `nil` unless its shape is one this type
    /// builds (a power-of-two size, at least one empty slot so that probing ends).
    init?(reading input: inout SnapshotReader) {
        guard let keys: [UInt64] = input.array(), let values: [Int32] = input.array(), let count = input.int(),
              keys.count == values.count, keys.count >= 16, keys.count & (keys.count - 1) == 0,
              count < keys.count, keys.reduce(0, { $0 + ($1 == TransitionTable.empty ? 0 : 1) }) == count
        else { return nil }
        self.keys = keys
        self.values = values
        self.mask = keys.count - 1
        self.count = count
    }
}
