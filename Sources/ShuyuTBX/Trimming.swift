import Foundation

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

extension String {
    /// The string without spaces and tabs at either end (Foundation's `.whitespaces`), not
    /// bridged when there are none: attribute values such as ids and language tags.
    var trimmingSpaces: String {
        guard first?.isWhitespace == true || last?.isWhitespace == true else { return self }
        return trimmingCharacters(in: .whitespaces)
    }

    /// The string with runs of white space collapsed to one space and none at either end,
    /// as a term's text is stored. A term that is already so (nearly every one) is returned
    /// without splitting and joining it.
    var collapsingWhitespace: String {
        var atStart = true
        var afterSpace = false
        for scalar in unicodeScalars {
            if scalar == " " {
                if atStart || afterSpace { return collapsedSlowly }
                afterSpace = true
                continue
            }
            if scalar.isASCII {
                if (9...13).contains(scalar.value) { return collapsedSlowly }
            } else if afterSpace || scalar.properties.isWhitespace {
                // Other white space, or a non-ASCII scalar after a space (which might join
                // the space into one character): the general path decides.
                return collapsedSlowly
            }
            atStart = false
            afterSpace = false
        }
        return afterSpace || atStart && !isEmpty ? collapsedSlowly : self
    }

    private var collapsedSlowly: String {
        split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
