import Testing
@testable import ShuyuModel

@Suite struct ConceptTermIndexTests {
    @Test func termAtIndexFollowsAllTermsAcrossSections() {
        let concept = Concept(id: "c", languages: [
            LanguageSection(language: .zh, terms: [Term("录音制品"), Term("唱片", status: .deprecated)]),
            LanguageSection(language: LanguageTag("fr")!, terms: []),
            LanguageSection(language: .en, terms: [Term("phonogram"), Term("sound recording", status: .forbidden), Term("record")]),
        ])
        let all = concept.allTerms
        #expect(all.count == 5)
        for (index, entry) in all.enumerated() {
            let found = concept.term(at: index)
            #expect(found?.term == entry.term && found?.language == entry.language, "index \(index)")
        }
        #expect(concept.term(at: 5) == nil)
        #expect(concept.term(at: -1) == nil)
        #expect(Concept(id: "empty").term(at: 0) == nil)
    }
}
