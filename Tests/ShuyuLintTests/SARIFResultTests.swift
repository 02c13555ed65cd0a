import Foundation
import Testing
@testable import ShuyuLint
import ShuyuMatching
@testable import ShuyuReport

/// `lint --format sarif` writes each result member by member: it must be what PrettyJSON
/// (itself tested against JSONSerialization) writes for the result as a dictionary, byte for
/// byte, whatever the text, whichever parts are absent and at any indent.
@Suite struct SARIFResultTests {
    @Test func memberByMemberIsTheDictionaryLayout() {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let texts = ["", "sound recording", "quote \" backslash \\ slash /", controls, "\u{7F}\u{2028} 录音制品 😀 👩\u{200D}💻",
                     "/abs/path with space/a.zh.txt", "rel/100%.en.txt"]
        var generator = SystemRandomNumberGenerator()
        func text() -> String { texts.randomElement(using: &generator)! }
        func location() -> Location? {
            Bool.random(using: &generator)
                ? Location(file: text(), line: Int.random(in: 1...100_000, using: &generator), column: Int.random(in: 0...500, using: &generator),
                           length: Int.random(in: 0...3, using: &generator) == 0 ? 0 : Int.random(in: 1...50, using: &generator), text: text())
                : nil
        }
        let rules = Array(SARIFPrinter.ruleIndex.keys) + ["not-a-rule"]
        for _ in 0..<1_000 {
            let finding = Finding(
                rule: rules.randomElement(using: &generator)!, severity: [.error, .warning, .info].randomElement(using: &generator)!,
                message: text(), document: text(), segment: text(), source: location(), target: location(),
                conceptID: Bool.random(using: &generator) ? text() : nil,
                expected: (0..<Int.random(in: 0...3, using: &generator)).map { _ in text() }, found: nil,
                citations: (0..<Int.random(in: 0...2, using: &generator)).map { _ in text() }, sourceText: text(), targetText: text(),
                fix: Bool.random(using: &generator) ? Fix(span: TextSpan(start: 0, length: 1), replacement: text()) : nil)
            let indent = [0, 2, 8].randomElement(using: &generator)!
            var typed = PrettyJSON.Writer()
            SARIFPrinter.appendResult(finding, ruleIndex: SARIFPrinter.ruleIndex, indent: indent, uri: SARIFPrinter.uri, to: &typed)
            var reference: [UInt8] = []
            PrettyJSON.append(SARIFPrinter.referenceResult(finding, ruleIndex: SARIFPrinter.ruleIndex), indent: indent, to: &reference)
            #expect(typed.out == reference, "\(finding)")
        }
    }
}
