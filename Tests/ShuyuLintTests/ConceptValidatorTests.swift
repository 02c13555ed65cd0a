import ShuyuModel
import Testing
@testable import ShuyuLint

/// The rules across concepts, which keep state from concept to concept (a termbase is
/// checked as it streams).
@Suite struct ConceptValidatorTests {
    func concept(_ id: String, _ chinese: [Term], english: [Term] = [Term("term")], citations: [String] = []) -> Concept {
        Concept(id: id, citations: citations, languages: [LanguageSection(language: .zh, terms: chinese), LanguageSection(language: .en, terms: english)])
    }

    func nested(_ concepts: [Concept]) -> [String] {
        ConceptValidator.validate(concepts, document: "d", languageSeverity: .warning) { _ in ("d", 0) }
            .filter { $0.rule == "nested-term" }.map { "\($0.conceptID ?? "-"): \($0.message)" }
    }

    /// Shorter approved terms of other concepts inside an approved term, leftmost-longest:
    /// a rejected term still takes its place in the text but is not listed; the same
    /// concept's terms are not listed; a concept id given twice counts as one concept.
    @Test func nestedTermsAreLeftmostLongestApprovedTermsOfOtherConcepts() {
        let concepts = [
            concept("sovereignty", [Term("主权")]),
            concept("cyber-sovereignty", [Term("网络主权")], citations: ["policy"]),
            concept("respect", [Term("尊重", status: .admitted)]),
            concept("network", [Term("网络", status: .deprecated)]),
            concept("respect-cyber-sovereignty", [Term("尊重网络主权"), Term("尊重主权", status: .admitted)]),
            concept("self", [Term("数据"), Term("数据主权")]),
            concept("twice", [Term("安全")]),
            concept("twice", [Term("网络安全")]),
            concept("rejected-outer", [Term("主权国家", status: .forbidden)]),
        ]
        #expect(nested(concepts) == [
            "cyber-sovereignty: 网络主权 contains 主权 (sovereignty); the longer term wins where both match",
            "respect-cyber-sovereignty: 尊重网络主权 contains 尊重 (respect), 网络主权 (cyber-sovereignty); the longer term wins where both match",
            "respect-cyber-sovereignty: 尊重主权 contains 主权 (sovereignty), 尊重 (respect); the longer term wins where both match",
            "self: 数据主权 contains 主权 (sovereignty); the longer term wins where both match",
        ])
    }

    /// An inner term of more than five other concepts is named once, with their number and
    /// the first five ids; five or fewer are each named, as always.
    @Test func aCommonInnerTermIsCountedNotListed() {
        func concepts(sharing count: Int) -> [Concept] {
            (0..<count).map { concept("s\($0)", [Term("主权")]) } + [
                concept("s1", [Term("主权")]),  // a repeated id counts once
                concept("rejected", [Term("主权", status: .deprecated)]),
                concept("net", [Term("网络")]),
                concept("outer", [Term("网络主权主权")]),
            ]
        }
        #expect(nested(concepts(sharing: 5)) == [
            "outer: 网络主权主权 contains 主权 (s0), 主权 (s1), 主权 (s2), 主权 (s3), 主权 (s4), 网络 (net); the longer term wins where both match",
        ])
        #expect(nested(concepts(sharing: 12)) == [
            "outer: 网络主权主权 contains 主权 (in 12 concepts: s0, s1, s10, s11, s2, …), 网络 (net); the longer term wins where both match",
        ])
    }

    /// Findings carry the concept's citations, and the term the rule is about.
    @Test func nestedTermFindingsNameTheirConcept() {
        let findings = ConceptValidator.validate(
            [concept("inner", [Term("主权")]), concept("outer", [Term("网络主权")], citations: ["Cybersecurity Law Art. 1"])],
            document: "d", languageSeverity: .warning) { id in ("file.yaml", id == "outer" ? 7 : 3) }
            .filter { $0.rule == "nested-term" }
        #expect(findings.count == 1)
        #expect(findings.first?.conceptID == "outer")
        #expect(findings.first?.citations == ["Cybersecurity Law Art. 1"])
        #expect(findings.first?.found == "网络主权")
        #expect(findings.first?.source?.line == 7)
        #expect(findings.first?.severity == .info)
    }
}
