/// A BCP 47 language tag such as `zh`, `zh-Hans`, `zh-CN` or `en-GB`, in canonical case.
///
/// Parsing accepts what tools write in the wild: any letter case and `_` for `-`
/// (`zh_hans` becomes `zh-Hans`, `EN-us` becomes `en-US`). The grammar checked is
/// language (2–3 or 5–8 letters), extended-language subtags, script (4 letters),
/// region (2 letters or 3 digits), variants (5–8 alphanumerics, or a digit and 3),
/// and extensions/private use, which are kept in lower case.
public struct LanguageTag: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The tag in canonical case, e.g. `zh-Hans-CN`.
    public let value: String
    /// The primary language subtag in lower case, e.g. `zh`.
    public let language: String

    /// Parses and canonicalises `raw`; returns `nil` when it is not a well-formed tag.
    public init?(_ raw: String) {
        // Fast path for the commonest canonical shapes, `zh` and `zh-CN` (every stored concept
        // decodes its tags again): two or three lower-case letters, then an upper-case region.
        let bytes = raw.utf8
        let isLower = { (byte: UInt8) in byte >= 0x61 && byte <= 0x7A }
        let isUpper = { (byte: UInt8) in byte >= 0x41 && byte <= 0x5A }
        if bytes.count == 2 || bytes.count == 3, bytes.allSatisfy(isLower) {
            self.value = raw; self.language = raw; return
        }
        if bytes.count == 5 {
            var shape = bytes.makeIterator()
            if isLower(shape.next()!), isLower(shape.next()!), shape.next()! == 0x2D, isUpper(shape.next()!), isUpper(shape.next()!) {
                self.value = raw; self.language = String(raw.prefix(2)); return
            }
        }
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "_", omittingEmptySubsequences: false) }
            .map(String.init)
        guard let first = parts.first, !first.isEmpty else { return nil }
        func isAlpha(_ s: String) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isLetter } }
        func isDigits(_ s: String) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }
        func isAlnum(_ s: String) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }

        let lang = first.lowercased()
        if lang == "x" || lang == "i" {  // private-use or grandfathered tags: keep, lower case
            guard parts.count > 1, parts.dropFirst().allSatisfy({ isAlnum($0) && $0.count <= 8 }) else { return nil }
            self.value = parts.map { $0.lowercased() }.joined(separator: "-")
            self.language = lang
            return
        }
        guard isAlpha(first), (2...3).contains(first.count) || (5...8).contains(first.count) else { return nil }
        var out = [lang]
        var index = 1
        var stage = 0  // 0: extlang allowed, 1: script allowed, 2: region allowed, 3: variants, 4: extensions
        while index < parts.count {
            let part = parts[index]
            let lower = part.lowercased()
            if stage <= 0, part.count == 3, isAlpha(part), first.count <= 3 {
                out.append(lower); stage = 0; index += 1; continue
            }
            if stage <= 1, part.count == 4, isAlpha(part) {
                out.append(lower.prefix(1).uppercased() + lower.dropFirst()); stage = 2; index += 1; continue
            }
            if stage <= 2, (part.count == 2 && isAlpha(part)) || (part.count == 3 && isDigits(part)) {
                out.append(part.uppercased()); stage = 3; index += 1; continue
            }
            if stage <= 3, isAlnum(part), (5...8).contains(part.count) || (part.count == 4 && part.first!.isNumber) {
                out.append(lower); stage = 3; index += 1; continue
            }
            if part.count == 1, isAlnum(part) {
                // An extension or private use: everything after it must be 1–8 alphanumerics.
                let rest = parts[index...]
                guard rest.count > 1, rest.allSatisfy({ isAlnum($0) && $0.count <= 8 }) else { return nil }
                out.append(contentsOf: rest.map { $0.lowercased() })
                index = parts.count
                stage = 4
                continue
            }
            return nil
        }
        self.value = out.joined(separator: "-")
        self.language = lang
    }

    /// Whether this is a Chinese tag (`zh`, `zh-Hans`, `zh-TW`, …).
    public var isChinese: Bool { language == "zh" || language == "cmn" }
    /// Whether this is an English tag (`en`, `en-GB`, …).
    public var isEnglish: Bool { language == "en" }

    public var description: String { value }

    public static func < (lhs: LanguageTag, rhs: LanguageTag) -> Bool { lhs.value < rhs.value }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let tag = LanguageTag(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid language tag '\(raw)'"))
        }
        self = tag
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public static let zh = LanguageTag("zh")!
    public static let en = LanguageTag("en")!
}
