extension String {
    /// The string without leading and trailing white space (and line breaks). A fast path
    /// for the reader's hot loop: no bridging, and no copy when there is nothing to trim.
    var trimmed: String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return self }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
