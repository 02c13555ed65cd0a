import Testing
@testable import ShuyuModel

@Suite struct LanguageTagTests {
    @Test(arguments: [
        ("zh", "zh"), ("zh-CN", "zh-CN"), ("zh-Hans", "zh-Hans"), ("zh_Hans", "zh-Hans"), ("zh_hans_cn", "zh-Hans-CN"),
        ("ZH-tw", "zh-TW"), ("EN-us", "en-US"), ("en-GB", "en-GB"), ("es-419", "es-419"), ("de-CH-1996", "de-CH-1996"),
        ("en-US-x-twain", "en-US-x-twain"), ("x-klingon", "x-klingon"), ("zh-yue-HK", "zh-yue-HK"),
        // Near the fast path for canonical `ll` and `ll-RR`.
        ("zho", "zho"), ("zh-cn", "zh-CN"), ("Zh-CN", "zh-CN"), ("en-Us", "en-US"),
    ])
    func canonicalises(raw: String, expected: String) throws {
        let tag = try #require(LanguageTag(raw))
        #expect(tag.value == expected)
    }

    @Test(arguments: ["", "e", "english!", "zh--CN", "zh-", "123", "en-US-", "zh-Hans-CN-x", "e1", "zh-C1", "zh_CN-", "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q"])
    func rejects(raw: String) {
        #expect(LanguageTag(raw) == nil)
    }

    @Test func languageFamilies() throws {
        #expect(try #require(LanguageTag("zh-TW")).isChinese)
        #expect(try #require(LanguageTag("en_GB")).isEnglish)
        #expect(!(try #require(LanguageTag("fr")).isEnglish))
        #expect(try #require(LanguageTag("zh-Hant")).language == "zh")
    }
}

@Suite struct ConceptTests {
    @Test func statusOrderAndApproval() {
        #expect(TermStatus.preferred < .admitted)
        #expect(TermStatus.deprecated < .forbidden)
        #expect(TermStatus.admitted.isApproved && !TermStatus.admitted.isRejected)
        #expect(TermStatus.superseded.isRejected)
        #expect(TermStatus.allCases.filter(\.isApproved) == [.preferred, .admitted])
    }

    @Test func preferredFallsBackToAdmitted() {
        let concept = Concept(id: "x", languages: [
            LanguageSection(language: .en, terms: [Term("old", status: .deprecated), Term("ok", status: .admitted)]),
            LanguageSection(language: LanguageTag("zh-CN")!, terms: [Term("甲", status: .admitted), Term("乙")]),
        ])
        #expect(concept.preferredEnglish?.text == "ok")
        #expect(concept.preferredChinese?.text == "乙")
        #expect(concept.allTerms.count == 4)
        #expect(concept.chineseTerms.map(\.text) == ["甲", "乙"])
    }
}
