import Foundation
import Testing
import ShuyuModel

/// Every line read is checked for UTF-8 by ``TextDecoding/firstInvalidUTF8(_:)``, which skips
/// ASCII eight bytes at a time: it must agree with Foundation's decoder wherever the bad
/// byte falls, in a run of ASCII or not.
@Suite struct TextDecodingTests {
    @Test func firstInvalidByteAgreesWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [
            Array("phonogram ".utf8), Array("录音制品".utf8), Array("é".utf8), Array("😀".utf8), [0x41],
            [0xFF], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE5, 0xBD], [0x80],
        ]
        for round in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                // Mostly valid pieces, so that the bad byte lands anywhere, including after long ASCII runs.
                let piece = round % 4 == 0 ? pieces.randomElement(using: &generator)! : pieces[Int.random(in: 0...4, using: &generator)]
                bytes += piece
            }
            if round % 3 == 0, !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            let valid = String(bytes: bytes, encoding: .utf8) != nil
            guard let invalid = TextDecoding.firstInvalidUTF8(bytes) else {
                #expect(valid, "\(bytes)")
                continue
            }
            #expect(!valid)
            #expect(String(bytes: bytes[..<invalid], encoding: .utf8) != nil, "\(bytes) at \(invalid)")
            #expect(String(bytes: bytes[invalid...], encoding: .utf8) == nil, "\(bytes) at \(invalid)")
        }
    }
}
