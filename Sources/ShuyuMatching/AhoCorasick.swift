/// An Aho–Corasick automaton over Unicode scalar values, reporting leftmost-longest,
/// non-overlapping matches: at each position the longest pattern that starts there wins,
/// and matching resumes after it — so 录音制品制作者 is one match, not also 录音制品.
///
/// Patterns are given as scalar arrays; each has an integer payload chosen by the caller.
public struct AhoCorasick: Sendable {
    // Transitions: (state << 21) | scalar → next state. One flat table keeps memory
    // proportional to the number of trie edges.
    private var goto: [UInt64: Int32] = [:]
    private var fail: [Int32] = [0]
    /// Length (in scalars) of the longest pattern ending at each state, or 0.
    private var outputLength: [Int32] = [0]
    /// Payload of that pattern.
    private var outputPayload: [Int32] = [-1]
    /// The nearest state on the failure chain that has an output (or -1).
    private var outputLink: [Int32] = [-1]
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
    }

    private mutating func buildFailureLinks() {
        // Children of each state, for the breadth-first pass.
        var children = [[(scalar: UInt32, state: Int32)]](repeating: [], count: fail.count)
        for (key, state) in goto {
            children[Int(key >> 21)].append((UInt32(key & 0x1F_FFFF), state))
        }
        var queue: [Int32] = []
        for child in children[0] {
            fail[Int(child.state)] = 0
            queue.append(child.state)
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (scalar, child) in children[Int(state)] {
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

    private func next(_ state: Int32, _ scalar: UInt32) -> Int32 {
        var current = state
        while true {
            if let next = goto[UInt64(current) << 21 | UInt64(scalar)] { return next }
            if current == 0 { return 0 }
            current = fail[Int(current)]
        }
    }

    /// Every pattern occurrence in `text`, grouped by start position: `result[i]` lists
    /// (length, payload) of the patterns that start at scalar `i`, longest first.
    public func allMatches(in text: [UInt32]) -> [[(length: Int, payload: Int)]] {
        var result = [[(length: Int, payload: Int)]](repeating: [], count: text.count)
        var state: Int32 = 0
        for (index, scalar) in text.enumerated() {
            state = next(state, scalar)
            var output = outputLength[Int(state)] > 0 ? state : outputLink[Int(state)]
            while output >= 0 {
                let length = Int(outputLength[Int(output)])
                result[index - length + 1].append((length, Int(outputPayload[Int(output)])))
                output = outputLink[Int(output)]
            }
        }
        for index in result.indices where result[index].count > 1 {
            result[index].sort { $0.length > $1.length }
        }
        return result
    }

    /// Leftmost-longest, non-overlapping matches in `text`, in order; with `shorterThan`,
    /// only patterns shorter than that many scalars count (to find the terms inside a term).
    public func matches(in text: [UInt32], shorterThan limit: Int = .max) -> [Match] {
        // Longest match starting at each position.
        var best: [Int: (length: Int, payload: Int)] = [:]
        var state: Int32 = 0
        for (index, scalar) in text.enumerated() {
            state = next(state, scalar)
            var output = outputLength[Int(state)] > 0 ? state : outputLink[Int(state)]
            while output >= 0 {
                let length = Int(outputLength[Int(output)])
                let start = index - length + 1
                if length < limit, (best[start]?.length ?? 0) < length {
                    best[start] = (length, Int(outputPayload[Int(output)]))
                }
                output = outputLink[Int(output)]
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
