import Testing
import ShuyuModel
@testable import ShuyuMatching

func concept(_ id: String, zh: [String], en: [Term]) -> Concept {
    Concept(id: id, citations: ["test"], languages: [
        LanguageSection(language: .zh, terms: zh.map { Term($0) }),
        LanguageSection(language: .en, terms: en),
    ])
}

let testIndex = TermIndex(concepts: [
    concept("phonogram", zh: ["录音制品"], en: [Term("phonogram"), Term("sound recording", status: .deprecated)]),
    concept("producer", zh: ["录音制品制作者"], en: [Term("producer of phonograms")]),
    concept("party", zh: ["缔约方"], en: [Term("Contracting Party", isCaseSensitive: true)]),
    concept("wipo", zh: ["世界知识产权组织"], en: [Term("WIPO", termType: .acronym, isCaseSensitive: true)]),
    concept("berne", zh: ["伯尔尼公约"], en: [Term("Berne Convention")]),
    concept("state-owned", zh: ["国有"], en: [Term("state-owned")]),
    concept("china", zh: ["中国"], en: [Term("China")]),
    concept("authorize", zh: ["授权"], en: [Term("authorize", partOfSpeech: .verb)]),
    concept("make-available", zh: ["提供"], en: [Term("make available", partOfSpeech: .verb)]),
    concept("rmi", zh: ["权利管理信息"], en: [Term("rights management information")]),
    concept("5g", zh: ["5G网络"], en: [Term("5G network")]),
])

func chinese(_ text: String) -> [String] { testIndex.chineseMatches(in: text).map { "\($0.text)@\($0.span.start)" } }
func english(_ text: String) -> [String] { testIndex.englishMatches(in: text).map { "\($0.text)@\($0.span.start)" } }

@Suite struct ChineseMatchingTests {
    @Test func longestMatchWins() {
        #expect(chinese("录音制品制作者和录音制品") == ["录音制品制作者@0", "录音制品@8"])
    }

    @Test func leftmostMatchWinsOverlaps() {
        // 中国 starts first, so 国有 inside 中国有 is not a match.
        #expect(chinese("中国有关部门") == ["中国@0"])
        #expect(chinese("国有企业") == ["国有@0"])
    }

    @Test func bookTitleMarksAndSpaceAreTransparent() {
        #expect(chinese("《伯尔尼公约》第二十条") == ["伯尔尼公约@1"])
        #expect(chinese("伯尔尼 公约") == ["伯尔尼 公约@0"])
    }

    @Test func widthIsFolded() {
        #expect(chinese("部署５Ｇ网络") == ["５Ｇ网络@2"])
    }

    @Test func offsetsCountScalarsAfterEmoji() {
        #expect(chinese("😀👩‍💻录音制品") == ["录音制品@4"])
    }

    @Test func innerMatchesOfAPhrase() throws {
        let outer = try #require(testIndex.chineseMatchTrees(in: "的录音制品制作者").first)
        #expect(outer.match.text == "录音制品制作者")
        #expect(outer.inner.map { "\($0.match.text)@\($0.match.span.start)" } == ["录音制品@1"])
    }
}

@Suite struct EnglishMatchingTests {
    @Test func pluralsPossessivesAndHeadNouns() {
        #expect(english("Phonograms and a phonogram's producer") == ["Phonograms@0", "phonogram's@17"])
        #expect(english("producers of phonograms") == ["producers of phonograms@0"])
        #expect(english("sound recordings") == ["sound recordings@0"])
    }

    @Test func hyphensAndSpellings() {
        #expect(english("rights-management information") == ["rights-management information@0"])
    }

    @Test func verbForms() {
        #expect(english("authorized, authorizing, authorises") == ["authorized@0", "authorizing@12", "authorises@25"])
        #expect(english("made available, making available") == ["made available@0", "making available@16"])
    }

    @Test func wordBoundaries() {
        #expect(english("phonographic phonogramme") == [])
        #expect(english("Chinaware") == [])
    }

    @Test func caseSensitiveTermsReportWhetherTheCaseFits() throws {
        let right = try #require(testIndex.englishMatches(in: "each Contracting Party").first)
        #expect(right.caseFits == [true])
        let plural = try #require(testIndex.englishMatches(in: "all Contracting Parties").first)
        #expect(plural.caseFits == [true])
        let wrong = try #require(testIndex.englishMatches(in: "each contracting party").first)
        #expect(wrong.caseFits == [false])
        #expect(try #require(testIndex.englishMatches(in: "Wipo").first).caseFits == [false])
        #expect(try #require(testIndex.englishMatches(in: "WIPO's").first).caseFits == [true])
    }

    @Test func numbersAndCJKAroundWords() {
        #expect(english("中文5G networks") == ["5G networks@2"])
    }
}

/// Chinese text is folded scalar by scalar where every character is one scalar, and by
/// characters where a scalar may join the one before it; both ways give the same matches.
@Suite struct ChineseFoldingPathTests {
    static let index = TermIndex(concepts: [
        concept("cafe", zh: ["café协议"], en: [Term("cafe agreement")]),
        concept("5g", zh: ["5G网络"], en: [Term("5G network")]),
    ])

    func matches(_ text: String) -> [String] { Self.index.chineseMatches(in: text).map { "\($0.text)@\($0.span.start)" } }

    @Test func fullWidthAndPunctuationFoldOnTheFastPath() {
        #expect(Array(ChineseFolded("５Ｇ网络，").scalars) == Array("5g网络,".unicodeScalars.map(\.value)))
        #expect(matches("发展５Ｇ网络。") == ["５Ｇ网络@2"])
    }

    @Test func combiningMarksTakeTheCharacterPath() {
        // e + U+0301 composes to é only when folded as one character.
        let decomposed = "签订cafe\u{301}协议"
        #expect(Array(ChineseFolded(decomposed).scalars) == Array(ChineseFolded("签订café协议").scalars))
        #expect(matches(decomposed) == ["cafe\u{301}协议@2"])
        // An emoji sequence with a joiner before the term keeps offsets in scalars.
        #expect(matches("👩\u{200D}💻café协议") == ["café协议@3"])
    }

    /// Texts for both paths: Han, ASCII, full-width forms, CJK punctuation and book-title
    /// marks, white space, astral ideographs and emoji (4-byte UTF-8), a character NFKC
    /// makes three ("㈱" is "(株)"), a zero-width space, Latin-1, Cyrillic.
    static let mixed = [
        "", "录音制品", "《世界知识产权组织版权条约》第１１条", "WCT Art. 11 \"技术措施\"", "　全角　空格\t制表",
        "𠀀𠀁录音制品😀网络主权", "㈱公司与㈱", "网络\u{200B}主权", "Café 网络 Привет", "ＡＢＣ１２３ａｂｃ",
    ]

    @Test(arguments: mixed)
    func theFastPathFoldsAsTheCharacterPathDoes(text: String) {
        let fast = ChineseFolded(text)
        let slow = ChineseFolded.byCharacters(text)
        #expect(Array(fast.scalars) == Array(slow.scalars))
        for first in 0..<fast.count {
            for last in first..<min(fast.count, first + 4) {
                #expect(fast.span(first: first, last: last) == slow.span(first: first, last: last))
                #expect(fast.original(text, first: first, last: last) == slow.original(text, first: first, last: last))
            }
        }
    }

    @Test func reusedBuffersForgetTheTextBefore() {
        let index = TermIndex(concepts: [
            concept("phonogram", zh: ["录音制品"], en: [Term("phonogram")]),
            concept("tpm", zh: ["技术措施"], en: [Term("technological measures")]),
            concept("measure", zh: ["措施"], en: [Term("measure")]),
        ])
        let texts = [
            String(repeating: "各方应当保护录音制品和技术措施。", count: 40), "措施", "", "录音", "技术措施录音制品",
            "😀录音制品", "网络\u{200B}措施", String(repeating: "措", count: 3),
        ]
        let buffers = MatchBuffers()
        for text in texts + texts.reversed() {
            let fresh = index.chineseMatchTrees(in: text).map { "\($0.match.text)@\($0.match.span.start)+\($0.inner.count)" }
            let reused = index.chineseMatchTrees(in: text, buffers: buffers).map { "\($0.match.text)@\($0.match.span.start)+\($0.inner.count)" }
            #expect(reused == fresh, "\(text.prefix(20))")
            #expect(index.chineseSpans(in: text, buffers: buffers).map(\.span) == index.chineseSpans(in: text).map(\.span))
        }
    }
}

/// The outermost Chinese terms come from the longest match at each position, and the terms
/// inside a phrase term from every match inside it; the general path groups every match of
/// the text. Both must give the same trees (a limit of `Int.max - 1` takes the general path).
@Suite struct ChineseMatchPathTests {
    static let index = TermIndex(concepts: [
        concept("net", zh: ["网络"], en: [Term("network")]),
        concept("sovereignty", zh: ["主权"], en: [Term("sovereignty")]),
        concept("cyber-sovereignty", zh: ["网络主权"], en: [Term("cyber sovereignty")]),
        concept("respect", zh: ["尊重网络主权"], en: [Term("respect cyber sovereignty")]),
        concept("phonogram", zh: ["录音制品"], en: [Term("phonogram")]),
        concept("recording", zh: ["录音"], en: [Term("recording")]),
        concept("producer", zh: ["录音制品制作者"], en: [Term("producer of phonograms")]),
        concept("overlap", zh: ["主权录音"], en: [Term("overlap")]),
    ])

    static func describe(_ trees: [TermIndex.MatchTree]) -> [String] {
        trees.map { "\($0.match.text)@\($0.match.span.start)+\($0.match.span.length)[\(describe($0.inner).joined(separator: ","))]" }
    }

    /// The places of the terms inside a term are those of the terms ``chineseTerms(inside:)``
    /// reads, match by match, in an index that keeps its concepts and in one that does not.
    @Test func termPlacesAreTheTermsInside() {
        let concepts = [
            concept("net", zh: ["网络", "网络空间"], en: []), concept("sovereignty", zh: ["主权"], en: []),
            concept("cyber-sovereignty", zh: ["网络主权"], en: []), concept("respect", zh: ["尊重网络主权", "尊重"], en: []),
            concept("recording", zh: ["录音"], en: []), concept("overlap", zh: ["主权录音"], en: []), concept("again", zh: ["主权"], en: []),
        ]
        struct Held: ConceptSource {
            let concepts: [Concept]
            func concept(withID id: String) -> Concept? { concepts.first { $0.id == id } }
        }
        let streamed = TermIndex(source: Held(concepts: concepts)) { add in concepts.forEach(add) }
        for index in [Self.index, TermIndex(concepts: concepts), streamed] {
            let known = index === Self.index ? [] : concepts
            for text in ["尊重网络主权", "网络主权录音", "主权录音制品", "尊重网络空间主权", "网络", ""] {
                let places = index.chineseTermPlaces(inside: text)
                let matches = index.chineseTerms(inside: text)
                #expect(places.map(\.text) == matches.map(\.text), "\(text)")
                guard !known.isEmpty else { continue }
                for (place, match) in zip(places, matches) {
                    let named = Set(place.places.map { "\(known[$0.concept].id) \(known[$0.concept].languages[$0.section].terms[$0.term].text)" })
                    #expect(named == Set(match.refs.map { "\($0.conceptID) \($0.term.text)" }), "\(text): \(match.text)")
                }
            }
        }
        #expect(TermIndex(concepts: concepts).chineseTermPlaces(inside: "尊重网络主权").map(\.text) == ["尊重", "网络主权"])
    }

    @Test func longestPathGivesTheSameTreesAsTheGeneralPath() {
        let pieces = ["尊重", "网络", "主权", "录音", "制品", "制作者", "，", "A", "😀", "《", "》", " ", "网"]
        var generator = SystemRandomNumberGenerator()
        let buffers = MatchBuffers()
        var texts = ["尊重网络主权录音制品制作者", "网络主权录音", "录音制品制作者尊重网络主权", ""]
        for _ in 0..<300 {
            texts.append((0..<Int.random(in: 1...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for text in texts {
            for depth in 0...3 {
                let longest = Self.describe(Self.index.chineseMatchTrees(in: text, depth: depth, buffers: buffers))
                let general = Self.describe(Self.index.chineseMatchTrees(in: text, depth: depth, shorterThan: Int.max - 1, buffers: buffers))
                #expect(longest == general, "\(text) depth \(depth)")
            }
        }
        // A phrase with terms inside it, and a term across two others.
        #expect(Self.describe(Self.index.chineseMatchTrees(in: "尊重网络主权录音制品制作者")) == [
            "尊重网络主权@0+6[网络主权@2+4[网络@2+2[],主权@4+2[]]]", "录音制品制作者@6+7[录音制品@6+4[录音@6+2[]]]",
        ])
    }
}

/// English matching with a thread's buffers (its own word-id table, reused candidates) finds
/// what matching without them finds, also when the buffers move to another index, whose
/// words have other ids.
@Suite struct EnglishBufferTests {
    @Test func buffersGiveTheSameMatchesAcrossTextsAndIndexes() {
        let first = TermIndex(concepts: [
            concept("phonogram", zh: ["录音制品"], en: [Term("phonogram"), Term("sound recording", status: .forbidden)]),
            concept("producer", zh: ["录音制品制作者"], en: [Term("producer of phonograms")]),
            concept("nato", zh: ["北约"], en: [Term("NATO", isCaseSensitive: true)]),
        ])
        let second = TermIndex(concepts: [
            concept("measures", zh: ["技术措施"], en: [Term("technological measures")]),
            concept("sound", zh: ["声音"], en: [Term("sound")]),
        ])
        let texts = [
            "Producers of phonograms and sound recordings.", "", "nato and NATO", "technological measure, Sound!",
            String(repeating: "the producer of phonograms ", count: 30), "phono\u{200B}gram's",
        ]
        func describe(_ trees: [TermIndex.MatchTree]) -> [String] {
            trees.map { "\($0.match.text)@\($0.match.span.start)\($0.match.caseFits)[\(describe($0.inner).joined(separator: ","))]" }
        }
        let buffers = MatchBuffers()
        for index in [first, second, first] {
            for text in texts + texts.reversed() {
                #expect(describe(index.englishMatchTrees(in: text, buffers: buffers)) == describe(index.englishMatchTrees(in: text)), "\(text)")
            }
        }
        #expect(!first.englishMatchTrees(in: "sound recording", buffers: buffers).isEmpty)
        #expect(second.englishMatchTrees(in: "sound recording", buffers: buffers).map(\.match.text) == ["sound"])
    }
    /// ASCII text is split without decoding UTF-8; the same words after a non-ASCII prefix
    /// take the decoding path and must give the same matches, shifted by the prefix.
    @Test func asciiTextIsSplitLikeAnyOther() {
        let index = TermIndex(concepts: [
            concept("phonogram", zh: ["录音制品"], en: [Term("phonogram"), Term("sound recording", status: .forbidden)]),
            concept("producer", zh: ["录音制品制作者"], en: [Term("producer of phonograms")]),
            concept("nato", zh: ["北约"], en: [Term("NATO", isCaseSensitive: true)]),
        ])
        for text in ["Producers of phonograms' and sound-recordings.", "nato, NATO's; phonogram", "  phonograms  ", "x"] {
            let plain = index.englishMatchTrees(in: text).map { "\($0.match.text)@\($0.match.span.start + 2)\($0.match.caseFits)" }
            let decoded = index.englishMatchTrees(in: "é " + text).map { "\($0.match.text)@\($0.match.span.start)\($0.match.caseFits)" }
            #expect(plain == decoded, "\(text)")
        }
        #expect(index.englishMatchTrees(in: "sound recordings").map(\.match.text) == ["sound recordings"])
    }
}
