/// String similarity for "did you mean" suggestions.
public enum Similarity {
    /// The Levenshtein edit distance between `a` and `b`, counted in characters.
    /// Stops early and returns a value above `limit` once the distance must exceed it.
    public static func editDistance(_ a: String, _ b: String, limit: Int = .max) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        if abs(x.count - y.count) > limit { return limit + 1 }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The number of distinct characters `a` and `b` share (for Chinese, where a shared
    /// ideograph is a better signal than edit distance).
    public static func sharedCharacters(_ a: String, _ b: String) -> Int {
        Set(a).intersection(Set(b)).count
    }
}
