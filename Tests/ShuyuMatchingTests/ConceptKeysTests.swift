import ShuyuModel
import Testing
@testable import ShuyuMatching

/// Concept keys stand in for sets of concept identifiers in every lint question: each
/// operation must agree with `Set` on the same members, small (scanned) and large (binary
/// searched) alike.
@Suite struct ConceptKeysTests {
    @Test func operationsAgreeWithSets() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2_000 {
            // Sizes around the scan limit (8) and well past it, from a small range so that sets meet.
            let range = Int32(0)...Int32(round % 2 == 0 ? 40 : 4_000)
            func randomSet() -> [Int32] {
                (0..<Int.random(in: 0...(round % 3 == 0 ? 300 : 12), using: &generator)).map { _ in Int32.random(in: range, using: &generator) }
            }
            let a = randomSet(), b = randomSet()
            let keysA = ConceptKeys(a), keysB = ConceptKeys(b)
            #expect(keysA.values == Set(a).sorted())
            #expect(keysA.meets(keysB) == !Set(a).isDisjoint(with: b))
            #expect((keysA == keysB) == (Set(a) == Set(b)))
            let probe = Int32.random(in: range, using: &generator)
            #expect(keysA.contains(probe) == a.contains(probe))
        }
    }

    @Test func keysNameTheIndexsConcepts() {
        let concepts = (0..<20).map { n in
            Concept(id: "c\(n)", languages: [
                LanguageSection(language: .zh, terms: [Term("概念\(n)号")]),
                LanguageSection(language: .en, terms: [Term(n % 2 == 0 ? "right" : "duty"), Term("term \(n)", status: .deprecated)]),
            ])
        }
        // A repeated identifier keeps its first key: keys and identifiers stay one to one.
        let index = TermIndex(concepts: concepts + [concepts[3]])
        #expect(index.conceptCount == 20)
        let right = index.englishMatches(in: "the right")[0]
        #expect(Set(right.approvedKeys.values.map(index.conceptID(forKey:))) == right.approvedConcepts)
        #expect(right.approvedConcepts.count == 10)
        #expect(index.conceptKeys(for: right.approvedConcepts) == right.approvedKeys)
        #expect(index.conceptKeys(for: ["c3", "nothing"]).values.map(index.conceptID(forKey:)) == ["c3"])
        let deprecated = index.englishMatches(in: "term 7")[0]
        #expect(deprecated.approvedKeys.isEmpty)
        #expect(deprecated.rejectedKeys.values.map(index.conceptID(forKey:)) == ["c7"])
        #expect(zip(right.refs, right.refKeys).allSatisfy { index.conceptID(forKey: $0.1) == $0.0.conceptID })
        #expect(Array(right.refPositions(in: index.conceptKeys(for: ["c4", "c5"]))).map { right.refs[$0].conceptID } == ["c4"])
    }
}
