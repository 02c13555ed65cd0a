import Foundation
import Testing
@testable import ShuyuReport

/// SARIF is written with ``PrettyJSON`` instead of `JSONSerialization`: it must lay out and
/// escape every value exactly as `JSONSerialization` does with the options SARIF used.
@Suite struct PrettyJSONTests {
    static func reference(_ value: Any, indent: Int) throws -> String {
        let json = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        // Every line after the first indented, blank lines (inside an empty container) left blank.
        var bytes: [UInt8] = []
        let data = Array(json)
        for (index, byte) in data.enumerated() {
            bytes.append(byte)
            if byte == 0x0A, index + 1 < data.count, data[index + 1] != 0x0A { bytes.append(contentsOf: repeatElement(0x20, count: indent)) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func layoutAndEscapesAreJSONSerialization() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let strings = ["", "plain", "quote \" backslash \\ slash /", controls, "\u{7F} \u{2028} \u{2029} é 录音制品 😀 👩\u{200D}💻"]
        var generator = SystemRandomNumberGenerator()
        func value(_ depth: Int) -> Any {
            switch depth > 3 ? Int.random(in: 0...1, using: &generator) : Int.random(in: 0...3, using: &generator) {
            case 0: return strings.randomElement(using: &generator)!
            case 1: return Int.random(in: -1_000...1_000_000, using: &generator)
            case 2: return (0..<Int.random(in: 0...4, using: &generator)).map { _ in value(depth + 1) }
            default:
                var object: [String: Any] = [:]
                for _ in 0..<Int.random(in: 0...5, using: &generator) {
                    object[["ruleId", "ruleIndex", "level", "$schema", "message", "zeta", "Alpha", "a", "ä", "a9", "a10", "_x", "B"].randomElement(using: &generator)!] = value(depth + 1)
                }
                return object
            }
        }
        for round in 0..<300 {
            let object: [String: Any] = ["root": value(0), "text": strings[round % strings.count]]
            for indent in [0, 6, 8] {
                var out: [UInt8] = []
                PrettyJSON.append(object, indent: indent, to: &out)
                let ours = String(decoding: out, as: UTF8.self), theirs = try Self.reference(object, indent: indent)
                let same = zip(ours.utf8, theirs.utf8).prefix { $0 == $1 }.count
                #expect(ours == theirs, "first difference at byte \(same): ours \(String(decoding: Array(ours.utf8.dropFirst(max(0, same - 30)).prefix(60)), as: UTF8.self).debugDescription), JSONSerialization \(String(decoding: Array(theirs.utf8.dropFirst(max(0, same - 30)).prefix(60)), as: UTF8.self).debugDescription)")
            }
        }
    }
}
