import Testing
@testable import ShuyuMatching

@Suite struct FoldingTests {
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
