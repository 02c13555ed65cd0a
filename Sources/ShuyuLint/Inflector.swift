import ShuyuMatching

/// Makes a replacement look like the text it replaces: plural when the found text was
/// plural ("sound recordings" → "phonograms"), capitalised when it was capitalised.
enum Inflector {
    static func inflect(_ replacement: String, like found: String, keepCase: Bool = false) -> String {
        var words = replacement.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let foundWords = found.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
        // Plural: the found text's head (last word, or the word before "of") was reduced.
        if let foundHead = headIndex(foundWords).map({ foundWords[$0].lowercased() }),
           EnglishInflection.singular(of: foundHead) != foundHead, let head = headIndex(words) {
            words[head] = plural(words[head])
        }
        var result = words.joined(separator: " ")
        if !keepCase, let first = found.first, first.isUppercase, let initial = result.first, initial.isLowercase {
            result = initial.uppercased() + result.dropFirst()
        }
        return result
    }

    /// The head noun: the word before "of" in "producer of phonograms", else the last word.
    static func headIndex(_ words: [String]) -> Int? {
        if let of = words.firstIndex(where: { $0.lowercased() == "of" }), of > 0 { return of - 1 }
        return words.isEmpty ? nil : words.count - 1
    }

    static func plural(_ word: String) -> String {
        let lower = word.lowercased()
        if word.allSatisfy({ $0.isUppercase || !$0.isLetter }) { return word + "s" }  // acronyms: NGOs
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) { return word.dropLast() + "ies" }
        if ["s", "x", "z", "ch", "sh"].contains(where: lower.hasSuffix) { return word + "es" }
        return word + "s"
    }
}
