import Foundation
import ShuyuLint
import Testing
@testable import ShuyuReport

/// `lint --format json` writes each finding field by field: it must be what `JSONEncoder`
/// writes for the same item, byte for byte, whatever the text and whichever fields are absent.
@Suite struct JSONItemTests {
    @Test func fieldByFieldIsJSONEncoder() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let texts = ["", "sound recording", "quote \" backslash \\ slash /", controls, "\u{7F}\u{2028} 录音制品 😀 👩\u{200D}💻"]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var generator = SystemRandomNumberGenerator()
        func text() -> String { texts.randomElement(using: &generator)! }
        func maybe() -> String? { Bool.random(using: &generator) ? text() : nil }
        func location() -> Location? {
            Bool.random(using: &generator)
                ? Location(file: text(), line: Int.random(in: 1...100_000, using: &generator), column: Int.random(in: 0...500, using: &generator),
                           length: Int.random(in: 0...50, using: &generator), text: text())
                : nil
        }
        for _ in 0..<500 {
            let item = JSONPrinter.Item(
                rule: text(), severity: ["error", "warning", "info"].randomElement(using: &generator)!, message: text(), document: text(),
                segment: text(), source: location(), target: location(), conceptId: maybe(),
                expected: (0..<Int.random(in: 0...3, using: &generator)).map { _ in text() }, found: maybe(),
                citations: (0..<Int.random(in: 0...2, using: &generator)).map { _ in text() }, fix: maybe(), fingerprint: text())
            #expect(item.compactJSON() == String(decoding: try encoder.encode(item), as: UTF8.self))
        }
    }
}
