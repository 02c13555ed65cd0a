import Foundation

/// Text normalisation shared by the store's indexes, lookup and the linter.
///
/// Every key function is idempotent and is applied the same way to glossary
/// terms and to queries, so that what matches depends only on the key.
public enum Folding {
    /// Unicode NFKC, which also folds full-width Latin letters and digits to
    /// half width and compatibility ideographs to their unified forms.
    public static func nfkc(_ text: String) -> String {
        // ASCII is already in NFKC; skip the Foundation round trip for it.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCompatibilityMapping
    }

    /// ``englishWords(_:)`` for ASCII text, on bytes: the same words, without Unicode
    /// normalisation or character properties (index builds fold every English term).
    static func asciiEnglishWords(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        func finish() {
            // Quotes before a word are not part of it.
            if let first = current.firstIndex(where: { $0 != 0x27 }) {
                words.append(String(decoding: current[first...], as: UTF8.self))
            }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A: current.append(byte + 0x20)
            case 0x61...0x7A, 0x30...0x39: current.append(byte)
            case 0x27, 0x60: current.append(0x27)  // ' and ` are apostrophes
            default: finish()
            }
        }
        finish()
        return words
    }

    /// Whether `scalar` is an invisible format character that text picks up by accident and
    /// that must not stop a term from matching: a byte-order mark in the middle of a file
    /// (left by concatenation), zero-width spaces and joiners (common in text copied from web
    /// pages), word joiners, soft hyphens and bidirectional controls. Keys and matching skip
    /// them; columns still count them, as they are in the file.
    public static func isIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// `text` without its ignorable format characters (see ``isIgnorable(_:)``).
    public static func withoutIgnorables(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isIgnorable) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !isIgnorable($0) }))
    }

    /// Whether `text` contains a Han ideograph (CJK Unified Ideographs and extensions,
    /// compatibility ideographs).
    public static func containsHan(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isHan)
    }

    /// Whether `scalar` is a Han ideograph.
    public static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2EBEF, 0x30000...0x323AF, 0x3007:
            return true
        default:
            return false
        }
    }

    /// Brackets and quotes that are transparent in Chinese keys: book-title marks
    /// 《》〈〉 and quotation marks around instrument names.
    static let transparentInChinese: Set<Character> = ["《", "》", "〈", "〉", "“", "”", "「", "」", "『", "』", "\""]

    /// The key of a Chinese term or query: NFKC, lower case (for embedded Latin such as `5G`),
    /// no white space, no book-title marks or quotes.
    public static func chineseKey(_ text: String) -> String {
        plainChineseKey(text) ?? normalizedChineseKey(text)
    }

    /// ``chineseKey(_:)`` for any text, through Unicode normalisation.
    static func normalizedChineseKey(_ text: String) -> String {
        var out = ""
        for character in nfkc(withoutIgnorables(text)).lowercased() where !character.isWhitespace && !transparentInChinese.contains(character) {
            out.append(character)
        }
        return out
    }

    /// ``chineseKey(_:)`` without Foundation's normalisation, for text made only of CJK
    /// unified ideographs (the basic block and extension A) and ASCII letters and digits,
    /// which is nearly every Chinese term and query: NFKC leaves such text as it is (none of
    /// these has a decomposition or combines with another), and lower-casing touches only
    /// the ASCII letters. Nil for any other text. Lookups and index builds fold every term
    /// they read, and the normalisation was most of the folding.
    static func plainChineseKey(_ text: String) -> String? {
        var lowered = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x30...0x39, 0x61...0x7A: continue
            case 0x41...0x5A: lowered = true
            default: return nil
            }
        }
        guard lowered else { return text }
        return String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// The exact key of an English term or query: NFKC, lower case, typographic
    /// apostrophes made plain, words separated by single spaces (hyphens, dashes,
    /// slashes and punctuation separate words).
    public static func englishExactKey(_ text: String) -> String {
        englishWords(text).joined(separator: " ")
    }

    /// The inflection-insensitive key of an English term or query: the exact key with each
    /// word reduced by ``EnglishInflection/base(of:)`` (plurals, possessives, British spellings).
    public static func englishMatchKey(_ text: String) -> String {
        englishWords(text).map(EnglishInflection.base(of:)).joined(separator: " ")
    }

    /// ``englishMatchKey(_:)``, remembering each word's base in `bases`: an index of a
    /// million terms reduces the same few thousand words again and again.
    static func englishMatchKey(_ text: String, bases: inout [String: String]) -> String {
        var key = ""
        for word in englishWords(text) {
            if !key.isEmpty { key.append(" ") }
            if let base = bases[word] {
                key.append(base)
            } else {
                let base = EnglishInflection.base(of: word)
                bases[word] = base
                key.append(base)
            }
        }
        return key
    }

    /// The key of a term or query in a language, for exact lookup.
    public static func exactKey(_ text: String, chinese: Bool) -> String {
        chinese ? chineseKey(text) : englishExactKey(text)
    }

    /// Lower-cased words of `text` after NFKC, with apostrophes kept inside words.
    static func englishWords(_ text: String) -> [String] {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? asciiEnglishWords(text) : unicodeEnglishWords(text)
    }

    /// ``englishWords(_:)`` for any text.
    static func unicodeEnglishWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in nfkc(withoutIgnorables(text)).lowercased() {
            switch character {
            case "’", "‘", "`", "´", "'":
                current.append("'")
            case _ where character.isLetter || character.isNumber:
                current.append(character)
            default:
                // White space, hyphens, slashes and punctuation separate words.
                if !current.isEmpty { words.append(current); current = "" }
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { word in
            // Quotes around a word are not part of it; an apostrophe inside or at the end (possessive) is.
            var w = Substring(word)
            while w.first == "'" { w = w.dropFirst() }
            return String(w)
        }.filter { !$0.isEmpty }
    }
}
