import Testing
@testable import ShuyuLint

/// Baselines written by earlier versions hold fingerprints: the streamed fingerprint must
/// give exactly the value of the first definition, whatever the white space.
@Suite struct FingerprintTests {
    static let sides = [
        "", " ", "录音制品", "  leading and trailing  ", "tabs\tand\nnew\r\nlines", "尊重　网络主权（全角空格）",
        "no\u{00A0}break and\u{2003}em space", " \u{301}combining after a space", "emoji 🙂 and ZWJ 👩\u{200D}💻",
        "A\u{0085}next line", "ASCII only, plain.", "\u{1C}\u{1F} separators",
    ]

    @Test(arguments: sides)
    func streamedFingerprintIsTheFirstDefinition(side: String) {
        for other in [Self.sides[0], Self.sides[2], side] {
            for (concept, found) in [(nil, nil), ("wppt.phonogram", "sound recording"), ("c", "")] as [(String?, String?)] {
                let finding = Finding(
                    rule: "forbidden-term", severity: .error, message: "m", document: "a.zh + a.en", segment: "1",
                    source: nil, target: nil, conceptID: concept, expected: [], found: found,
                    citations: [], sourceText: side, targetText: other, fix: nil)
                #expect(Baseline.fingerprint(finding) == Baseline.referenceFingerprint(finding), Comment(rawValue: side.debugDescription + " / " + other.debugDescription))
                let swapped = Finding(
                    rule: "missing-term", severity: .warning, message: "m", document: "d", segment: "2",
                    source: nil, target: nil, conceptID: concept, expected: [], found: found,
                    citations: [], sourceText: other, targetText: side, fix: nil)
                #expect(Baseline.fingerprint(swapped) == Baseline.referenceFingerprint(swapped))
            }
        }
    }
}
