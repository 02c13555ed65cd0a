import Testing
@testable import ShuyuMatching

@Suite struct FoldingTests {
    /// The fast path for plain Chinese text gives what normalisation gives, and leaves
    /// everything else to it: random strings from ideographs, ASCII, full-width forms,
    /// compatibility ideographs, combining marks, spaces and quotes.
    @Test func plainChineseKeyIsTheNormalizedKey() {
        let pieces: [String] = ["录", "音", "制", "品", "㐀", "䶵", "龥", "5", "G", "g", "Z", "０", "Ｇ", "豈", "\u{F900}", "e\u{301}",
                                "\u{301}", " ", "《", "》", "\u{200B}", "Ⅻ", "ﬁ", "A", "a"]
        var generator = SystemRandomNumberGenerator()
        var plain = 0
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            if let key = Folding.plainChineseKey(text) {
                plain += 1
                #expect(key == Folding.normalizedChineseKey(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
            #expect(Folding.chineseKey(text) == Folding.normalizedChineseKey(text))
        }
        #expect(plain > 100, "the fast path was tried")
        #expect(Folding.plainChineseKey("录音制品5G") == "录音制品5g")
        #expect(Folding.plainChineseKey("５Ｇ网络") == nil)
    }

    /// The index builder's match keys, which remember each word's base, are the keys
    /// lookup and lint work out word by word, however the remembered words were met.
    @Test func rememberedMatchKeysAreTheMatchKeys() {
        let terms = ["Performers' Rights", "phonograms", "the performer's phonogram", "organisations", "organisation",
                     "analyse", "licences", "broadcasting organizations", "Technological Measures", "rights' holders",
                     "data", "’quoted’ works", "WIPO", "copies", "copy", "Realise", "realised", "", "  ", "e-commerce"]
        var bases: [String: String] = [:]
        for term in terms + terms.reversed() {
            #expect(Folding.englishMatchKey(term, bases: &bases) == Folding.englishMatchKey(term), "\(term)")
        }
        #expect(bases["phonograms"] == "phonogram")
        #expect(bases.count == Set(terms.flatMap { Folding.englishWords($0) }).count, "each word is remembered once")
    }

    @Test func chineseKeyFoldsWidthMarksAndSpace() {
        #expect(Folding.chineseKey("《伯尔尼公约》") == "伯尔尼公约")
        #expect(Folding.chineseKey("５Ｇ 网络") == "5g网络")
        #expect(Folding.chineseKey(" 录音 制品 ") == "录音制品")
    }

    @Test func detectsHan() {
        #expect(Folding.containsHan("WIPO版权条约"))
        #expect(!Folding.containsHan("phonogram"))
        #expect(!Folding.containsHan("（）、。"))  // CJK punctuation is not an ideograph
    }

    @Test(arguments: [
        ("Phonograms", "phonogram"),
        ("phonogram", "phonogram"),
        ("Contracting Parties", "contracting party"),
        ("performers'", "performer"),
        ("performer's", "performer"),
        ("Performer’s", "performer"),
        ("producers of phonograms", "producer of phonogram"),
        ("rights-management information", "right management information"),
        ("organisations", "organization"),
        ("authorised", "authorized"),
        ("means", "means"),
        ("processes", "process"),
        ("access", "access"),
        ("boxes", "box"),
        ("broadcasting organizations", "broadcasting organization"),
        ("programmes", "program"),
        ("status", "status"),
    ])
    func englishMatchKey(form: String, key: String) {
        #expect(Folding.englishMatchKey(form) == key)
    }

    @Test func exactKeyKeepsInflection() {
        #expect(Folding.englishExactKey("Sound  Recordings") == "sound recordings")
        #expect(Folding.englishExactKey("rights–management") == "rights management")
        #expect(Folding.englishExactKey("“phonogram”") == "phonogram")
        #expect(Folding.englishExactKey("induce, enable, facilitate or conceal") == "induce enable facilitate or conceal")
    }

    @Test func editDistance() {
        #expect(Similarity.editDistance("phonogarm", "phonogram") == 2)
        #expect(Similarity.editDistance("", "abc") == 3)
        #expect(Similarity.editDistance("kitten", "sitting") == 3)
        #expect(Similarity.editDistance("abcdefgh", "zzzzzzzz", limit: 2) == 3)
        #expect(Similarity.sharedCharacters("录影制品", "录音制品") == 3)
    }
}

@Suite struct ASCIIWordPathTests {
    /// The byte path for ASCII text gives the words the Unicode path gives.
    @Test(arguments: [
        "Producers of Phonograms", "performers' rights", "'quoted' words", "the ``WIPO'' treaty", "5G network\r\nnext",
        "rights-management information", "a/b c_d e.f", "'''", "", "  spaced   out  ", "don't stop", "NGOs' 2nd-level",
    ])
    func sameWordsAsTheUnicodePath(_ text: String) {
        #expect(Folding.asciiEnglishWords(text) == Folding.unicodeEnglishWords(text))
    }
}

@Suite struct ShorterPatternTests {
    /// The quick question an index asks of every key gives the answer the full match would.
    @Test func agreesWithTheMatches() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt32] = [0x5F55, 0x97F3, 0x5236, 0x54C1, 0x1F642, 0x61]
        for _ in 0..<200 {
            let patterns = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                (0..<Int.random(in: 1...5, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            }
            let automaton = AhoCorasick(patterns: patterns.enumerated().map { ($0.element, $0.offset) })
            for text in patterns + [(0..<8).map { _ in alphabet.randomElement(using: &generator)! }] {
                for limit in [1, text.count, text.count + 1] {
                    #expect(automaton.containsPattern(in: text, shorterThan: limit) == !automaton.matches(in: text, shorterThan: limit).isEmpty)
                }
            }
        }
    }
}
