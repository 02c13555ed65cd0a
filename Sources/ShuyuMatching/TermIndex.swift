import Foundation
import ShuyuModel

/// A glossary term as the matcher knows it.
public struct TermRef: Sendable, Hashable {
    public var conceptID: String
    public var term: Term
    public var language: LanguageTag

    public init(conceptID: String, term: Term, language: LanguageTag) {
        self.conceptID = conceptID
        self.term = term
        self.language = language
    }
}

/// Where a match is in the text it was found in: offsets and lengths count Unicode scalars.
public struct TextSpan: Sendable, Hashable, Codable {
    public var start: Int
    public var length: Int

    public init(start: Int, length: Int) {
        self.start = start
        self.length = length
    }

    public var end: Int { start + length }
}

/// One occurrence of one or more glossary terms (the same text can be a term of several
/// concepts, like 发行) in a text.
public struct TermMatch: Sendable {
    public var span: TextSpan
    /// The text as it stands in the document.
    public var text: String
    /// Every glossary term this text is a form of.
    public var refs: [TermRef]
    /// For each ref, whether the capitalisation fits (always true for terms that are not case-sensitive).
    public var caseFits: [Bool]

    /// The concepts this match names.
    public var conceptIDs: Set<String> { Set(refs.map(\.conceptID)) }
}

/// Every term of a glossary, ready to be found in text: Chinese with an Aho–Corasick
/// automaton over folded text (NFKC, full/half width, case, book-title marks and white
/// space transparent), English by words reduced to inflection-free keys (plurals,
/// possessives, verb forms of verb terms, hyphen or space, British or American spelling).
public final class TermIndex: Sendable {
    public let concepts: [String: Concept]
    private let chineseAutomaton: AhoCorasick
    private let chineseRefs: [[TermRef]]
    private let englishPatterns: [String: Int]
    private let englishRefs: [[TermRef]]
    private let englishWordCounts: [[Int]]
    private let maxEnglishWords: Int

    /// - Parameter concepts: the glossary. Terms of every status are indexed; rules decide what a status means.
    public init(concepts: [Concept]) {
        var byID: [String: Concept] = [:]
        var chineseKeys: [String: Int] = [:]
        var chineseRefs: [[TermRef]] = []
        var englishKeys: [String: Int] = [:]
        var englishRefs: [[TermRef]] = []
        var maxWords = 1
        for concept in concepts {
            byID[concept.id] = concept
            for section in concept.languages {
                for term in section.terms {
                    let ref = TermRef(conceptID: concept.id, term: term, language: section.language)
                    let forms = [term.text] + term.variants
                    if section.language.isChinese {
                        for form in Set(forms.map(Folding.chineseKey)) where !form.isEmpty {
                            Self.add(ref, key: form, keys: &chineseKeys, refs: &chineseRefs)
                        }
                    } else if section.language.isEnglish {
                        var keys = Set(forms.map(Folding.englishMatchKey))
                        if term.partOfSpeech == .verb { keys.formUnion(forms.flatMap(EnglishInflection.verbFormKeys)) }
                        for key in keys where !key.isEmpty {
                            maxWords = max(maxWords, key.split(separator: " ").count)
                            Self.add(ref, key: key, keys: &englishKeys, refs: &englishRefs)
                        }
                    }
                }
            }
        }
        self.concepts = byID
        self.chineseRefs = chineseRefs
        self.chineseAutomaton = AhoCorasick(patterns: chineseKeys.map { (Array($0.key.unicodeScalars.map(\.value)), $0.value) })
        self.englishPatterns = englishKeys
        self.englishRefs = englishRefs
        self.englishWordCounts = englishRefs.map { refs in refs.map { Folding.englishWords($0.term.text).count } }
        self.maxEnglishWords = maxWords
    }

    private static func add(_ ref: TermRef, key: String, keys: inout [String: Int], refs: inout [[TermRef]]) {
        if let index = keys[key] {
            if !refs[index].contains(ref) { refs[index].append(ref) }
        } else {
            keys[key] = refs.count
            refs.append([ref])
        }
    }

    // MARK: Chinese

    /// Chinese terms in `text`, leftmost-longest.
    public func chineseMatches(in text: String) -> [TermMatch] {
        chineseMatches(in: text, shorterThan: .max)
    }

    private func chineseMatches(in text: String, shorterThan limit: Int) -> [TermMatch] {
        let folded = ChineseFolded(text)
        return chineseAutomaton.matches(in: folded.scalars, shorterThan: limit).map { match in
            let start = folded.origin[match.start]
            let last = match.start + match.length - 1
            let end = folded.origin[last] + folded.originLength[last]
            let refs = chineseRefs[match.payload]
            return TermMatch(
                span: TextSpan(start: start, length: end - start), text: folded.original(start..<end),
                refs: refs, caseFits: refs.map { _ in true })
        }
    }

    // MARK: English

    /// The terms inside a match that is itself a term (网络主权 inside 尊重网络主权), leftmost-longest,
    /// with spans in the coordinates of the text the match was found in.
    public func innerMatches(of match: TermMatch, chinese: Bool) -> [TermMatch] {
        let inner: [TermMatch]
        if chinese {
            inner = chineseMatches(in: match.text, shorterThan: ChineseFolded(match.text).scalars.count)
        } else {
            inner = englishMatches(in: match.text, fewerWordsThan: EnglishTokens(match.text).keys.count)
        }
        return inner.map { var shifted = $0; shifted.span.start += match.span.start; return shifted }
    }

    /// The Chinese terms inside `term` that are shorter than it, leftmost-longest.
    public func chineseTerms(inside term: String) -> [TermMatch] {
        chineseMatches(in: term, shorterThan: ChineseFolded(term).scalars.count)
    }

    /// English terms in `text`, leftmost-longest by words.
    public func englishMatches(in text: String) -> [TermMatch] {
        englishMatches(in: text, fewerWordsThan: .max)
    }

    private func englishMatches(in text: String, fewerWordsThan limit: Int) -> [TermMatch] {
        let tokens = EnglishTokens(text)
        var result: [TermMatch] = []
        var index = 0
        while index < tokens.keys.count {
            var found: (count: Int, pattern: Int)?
            var count = min(maxEnglishWords, tokens.keys.count - index, limit - 1)
            while count > 0 {
                let key = tokens.keys[index..<index + count].joined(separator: " ")
                if let pattern = englishPatterns[key] { found = (count, pattern); break }
                count -= 1
            }
            guard let found else { index += 1; continue }
            let start = tokens.starts[index]
            let end = tokens.ends[index + found.count - 1]
            let words = Array(tokens.words[index..<index + found.count])
            let refs = englishRefs[found.pattern]
            result.append(TermMatch(
                span: TextSpan(start: start, length: end - start), text: tokens.original(start..<end),
                refs: refs, caseFits: refs.map { !$0.term.isCaseSensitive || Self.caseFits(words, $0.term.text) }))
            index += found.count
        }
        return result
    }

    /// Whether `words` as written have the capitalisation of `term`: acronyms all upper
    /// case, capitalised words capitalised, lower-case words not all upper case.
    static func caseFits(_ words: [String], _ term: String) -> Bool {
        let termWords = term.split(whereSeparator: { $0.isWhitespace || $0 == "-" }).map(String.init)
        guard termWords.count == words.count else { return true }
        for (written, expected) in zip(words, termWords) {
            guard let first = expected.first, let writtenFirst = written.first else { continue }
            let expectedUpper = expected.filter(\.isLetter).allSatisfy(\.isUppercase) && expected.filter(\.isLetter).count > 1
            if expectedUpper {
                // An acronym; a plural 's' may follow ("NGOs").
                let letters = written.filter(\.isLetter)
                let core = letters.hasSuffix("s") && !expected.hasSuffix("S") ? String(letters.dropLast()) : letters
                if !core.allSatisfy(\.isUppercase) { return false }
            } else if first.isUppercase != writtenFirst.isUppercase {
                return false
            }
        }
        return true
    }
}

/// Chinese text folded for matching, with each folded scalar's origin in the original.
struct ChineseFolded {
    let original: [Unicode.Scalar]
    var scalars: [UInt32] = []
    var origin: [Int] = []
    var originLength: [Int] = []

    init(_ text: String) {
        original = Array(text.unicodeScalars)
        var offset = 0
        for character in text {
            let length = character.unicodeScalars.count
            defer { offset += length }
            if character.isWhitespace || Folding.transparentInChinese.contains(character) { continue }
            let folded: Substring.UnicodeScalarView
            if character.isASCII {
                folded = Substring(character.lowercased()).unicodeScalars
            } else {
                folded = Substring(String(character).precomposedStringWithCompatibilityMapping.lowercased()).unicodeScalars
            }
            for scalar in folded {
                scalars.append(scalar.value)
                origin.append(offset)
                originLength.append(length)
            }
        }
    }

    func original(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(original[range]))
    }
}

/// English words of a text with their keys and scalar offsets.
struct EnglishTokens {
    let original: [Unicode.Scalar]
    var words: [String] = []
    var keys: [String] = []
    var starts: [Int] = []
    var ends: [Int] = []

    init(_ text: String) {
        original = Array(text.unicodeScalars)
        var index = 0
        let count = original.count
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            (scalar.properties.isAlphabetic && !Folding.isHan(scalar)) || scalar.properties.numericType != nil
        }
        while index < count {
            guard isWordScalar(original[index]) else { index += 1; continue }
            let start = index
            while index < count {
                let scalar = original[index]
                if isWordScalar(scalar) { index += 1; continue }
                // An apostrophe inside a word (performer's), or after a plural s (performers').
                if scalar == "'" || scalar == "’" {
                    if index + 1 < count, isWordScalar(original[index + 1]) { index += 1; continue }
                    if index > start, original[index - 1] == "s" || original[index - 1] == "S" { index += 1 }
                }
                break
            }
            let word = String(String.UnicodeScalarView(original[start..<index]))
            words.append(word)
            keys.append(Folding.englishMatchKey(word))
            starts.append(start)
            ends.append(index)
        }
    }

    func original(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(original[range]))
    }
}
