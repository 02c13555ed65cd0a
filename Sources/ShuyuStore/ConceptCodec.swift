import Foundation
import ShuyuModel

/// The store's encoding of a concept body: a compact binary form, about ten times faster
/// to decode than JSON (a lookup decodes up to `limit` concepts, and decoding was nine
/// tenths of its time). Stores written before it hold JSON text, which still reads.
///
/// Layout: the magic byte `0xB1`, then the fields in declaration order. Strings are a
/// LEB128 length and UTF-8 bytes; optionals a 0/1 byte before the value; arrays a LEB128
/// count; booleans one byte; enums their raw value as a string, so that a new case never
/// shifts old data.
enum ConceptCodec {
    static let magic: UInt8 = 0xB1

    static func encode(_ concept: Concept) -> Data {
        var writer = Writer()
        writer.bytes.append(magic)
        writer.string(concept.id)
        writer.optional(concept.subject)
        writer.optional(concept.definition)
        writer.strings(concept.citations)
        writer.strings(concept.notes)
        writer.strings(concept.related)
        writer.count(concept.languages.count)
        for section in concept.languages {
            writer.string(section.language.value)
            writer.count(section.terms.count)
            for term in section.terms {
                writer.string(term.text)
                writer.string(term.status.rawValue)
                writer.optional(term.partOfSpeech?.rawValue)
                writer.optional(term.termType?.rawValue)
                writer.optional(term.usageNote)
                writer.flag(term.isCaseSensitive)
                writer.strings(term.variants)
                writer.optional(term.source)
                writer.flag(term.isBlocked)
                writer.flag(term.isStatusImplicit)
                writer.extras(term.extras)
            }
            writer.optional(section.definition)
            writer.extras(section.extras)
        }
        writer.optional(concept.origin)
        writer.extras(concept.extras)
        return Data(writer.bytes)
    }

    enum Failure: Error, CustomStringConvertible {
        case truncated, badValue(String)
        var description: String {
            switch self {
            case .truncated: "the body ends early"
            case .badValue(let what): "bad value: \(what)"
            }
        }
    }

    static func decode(_ data: Data) throws -> Concept {
        try data.withUnsafeBytes { raw in try decode(raw) }
    }

    /// A body in memory someone else owns (SQLite's buffer for a column).
    static func decode(_ raw: UnsafeRawBufferPointer) throws -> Concept {
        var reader = Reader(bytes: raw.assumingMemoryBound(to: UInt8.self))
        guard try reader.byte() == magic else { throw Failure.badValue("not a binary concept body") }
        let id = try reader.string()
        let subject = try reader.optional()
        let definition = try reader.optional()
        let citations = try reader.strings()
        let notes = try reader.strings()
        let related = try reader.strings()
        var languages: [LanguageSection] = []
        for _ in 0..<(try reader.count()) {
            let tag = try reader.string()
            guard let language = LanguageTag(tag) else { throw Failure.badValue("language tag \(tag)") }
            var terms: [Term] = []
            for _ in 0..<(try reader.count()) {
                let text = try reader.string()
                let statusName = try reader.string()
                guard let status = TermStatus(rawValue: statusName) else { throw Failure.badValue("status \(statusName)") }
                let partOfSpeech = try reader.optional().map { name in
                    guard let value = PartOfSpeech(rawValue: name) else { throw Failure.badValue("part of speech \(name)") }
                    return value
                }
                let termType = try reader.optional().map { name in
                    guard let value = TermType(rawValue: name) else { throw Failure.badValue("term type \(name)") }
                    return value
                }
                let usageNote = try reader.optional()
                let isCaseSensitive = try reader.flag()
                let variants = try reader.strings()
                let source = try reader.optional()
                let isBlocked = try reader.flag()
                let isStatusImplicit = try reader.flag()
                let extras = try reader.extras()
                terms.append(Term(
                    text, status: status, partOfSpeech: partOfSpeech, termType: termType, usageNote: usageNote,
                    isCaseSensitive: isCaseSensitive, variants: variants, source: source, isBlocked: isBlocked,
                    isStatusImplicit: isStatusImplicit, extras: extras))
            }
            let sectionDefinition = try reader.optional()
            let sectionExtras = try reader.extras()
            languages.append(LanguageSection(language: language, terms: terms, definition: sectionDefinition, extras: sectionExtras))
        }
        let origin = try reader.optional()
        let extras = try reader.extras()
        guard reader.isAtEnd else { throw Failure.badValue("bytes after the concept") }
        return Concept(
            id: id, subject: subject, definition: definition, citations: citations, notes: notes, related: related,
            languages: languages, origin: origin, extras: extras)
    }

    /// Appends fields in the codec's encoding (also used for stored lookup answers).
    struct Writer {
        var bytes: [UInt8] = []

        mutating func count(_ value: Int) {
            var rest = UInt(value)
            while rest >= 0x80 {
                bytes.append(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            bytes.append(UInt8(rest))
        }

        mutating func string(_ text: String) {
            count(text.utf8.count)
            bytes.append(contentsOf: text.utf8)
        }

        mutating func optional(_ text: String?) {
            guard let text else { bytes.append(0); return }
            bytes.append(1)
            string(text)
        }

        mutating func flag(_ value: Bool) { bytes.append(value ? 1 : 0) }

        mutating func strings(_ list: [String]) {
            count(list.count)
            for item in list { string(item) }
        }

        mutating func extras(_ list: [ExtraData]) {
            count(list.count)
            for extra in list {
                string(extra.format)
                string(extra.content)
                optional(extra.category)
            }
        }
    }

    /// Reads fields in the codec's encoding, checking every length against what is left.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var isAtEnd: Bool { position == bytes.count }

        mutating func byte() throws -> UInt8 {
            guard position < bytes.count else { throw Failure.truncated }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func count() throws -> Int {
            var value: UInt = 0
            var shift: UInt = 0
            while true {
                let next = try byte()
                value |= UInt(next & 0x7F) << shift
                if next < 0x80 { break }
                shift += 7
                guard shift < 63 else { throw Failure.badValue("length") }
            }
            // Every string byte and every array element takes at least one byte.
            guard value <= UInt(bytes.count - position) else { throw Failure.truncated }
            return Int(value)
        }

        mutating func string() throws -> String {
            let length = try count()
            guard length <= bytes.count - position else { throw Failure.truncated }
            defer { position += length }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<position + length]), as: UTF8.self)
        }

        /// The next `length` bytes, in the buffer read from.
        mutating func take(_ length: Int) throws -> UnsafeRawBufferPointer {
            guard length <= bytes.count - position else { throw Failure.truncated }
            defer { position += length }
            return UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[position..<position + length]))
        }

        mutating func optional() throws -> String? {
            switch try byte() {
            case 0: return nil
            case 1: return try string()
            default: throw Failure.badValue("optional marker")
            }
        }

        mutating func flag() throws -> Bool {
            switch try byte() {
            case 0: return false
            case 1: return true
            default: throw Failure.badValue("flag")
            }
        }

        mutating func strings() throws -> [String] {
            let count = try count()
            var list: [String] = []
            list.reserveCapacity(min(count, 1024))
            for _ in 0..<count { list.append(try string()) }
            return list
        }

        mutating func extras() throws -> [ExtraData] {
            let count = try count()
            var list: [ExtraData] = []
            for _ in 0..<count { list.append(ExtraData(format: try string(), content: try string(), category: try optional())) }
            return list
        }
    }
}
