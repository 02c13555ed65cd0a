import Foundation
import ShuyuModel

/// Which language is the source and which the target, when a document does not say.
public struct LanguagePair: Sendable, Hashable {
    public var source: LanguageTag
    public var target: LanguageTag

    public init(source: LanguageTag, target: LanguageTag) {
        self.source = source
        self.target = target
    }

    public static let zhEn = LanguagePair(source: .zh, target: .en)
    public static let enZh = LanguagePair(source: .en, target: .zh)
}

/// Reads bilingual XML documents — XLIFF 1.2, XLIFF 2.x and TMX 1.4 — one unit at a time
/// through libxml2's streaming reader.
///
/// Inline markup is skipped and its text kept where it is text (`<g>`, `<mrk>`, `<pc>`,
/// `<hi>`); native code (`<ph>`, `<bpt>`, `<ept>`, `<it>`, `<ut>`, `<x/>`) is left out.
/// Units not translated yet (XLIFF 1.2 `new`/`needs-translation`, XLIFF 2 `initial`, empty
/// targets, `translate="no"`) are skipped. Segment text positions are offsets within the
/// text (column 0), on the line of the element that holds it.
public enum BilingualXMLReader {
    public enum Format: String, Sendable { case xliff12 = "XLIFF 1.2", xliff2 = "XLIFF 2", tmx = "TMX" }

    /// What reading a file found.
    public struct Result: Sendable {
        public var format: Format
        public var info: BilingualDocumentInfo
        public var skipped = 0
    }

    static let codeElements: Set<String> = ["ph", "bpt", "ept", "it", "ut", "x", "bx", "ex", "sc", "ec", "sm", "em", "sub"]

    /// Reads `path`, calling `body` for each translated segment.
    ///
    /// - Parameter languages: the source and target to use when the document does not say
    ///   (TMX always holds several languages: the pair picks two).
    public static func read(path: String, displayName: String? = nil, languages: LanguagePair? = nil, _ body: (BilingualDocumentInfo, BilingualSegment) throws -> Void) throws -> Result {
        let name = displayName ?? path
        let reader = try XMLStreamReader(path: path, displayName: name)
        var result: Result?
        var fileLanguages: (LanguageTag?, LanguageTag?) = (nil, nil)
        while let position = try reader.next() {
            guard position.isElementStart else { continue }
            if result == nil {
                let format: Format
                switch position.localName {
                case "xliff": format = (reader.attribute("version") ?? "1.2").hasPrefix("2") ? .xliff2 : .xliff12
                case "tmx": format = .tmx
                default:
                    throw XMLError(file: name, line: reader.nodeLine, column: 1, message: "not XLIFF or TMX: the root element is <\(position.localName)>")
                }
                var info = BilingualDocumentInfo(name: name, sourceFile: name, targetFile: name)
                if format == .xliff2 {
                    info.sourceLanguage = reader.attribute("srcLang").flatMap(LanguageTag.init)
                    info.targetLanguage = reader.attribute("trgLang").flatMap(LanguageTag.init)
                }
                result = Result(format: format, info: info)
                continue
            }
            switch (result!.format, position.localName) {
            case (.xliff12, "file"):
                fileLanguages = (reader.attribute("source-language").flatMap(LanguageTag.init), reader.attribute("target-language").flatMap(LanguageTag.init))
                result!.info.sourceLanguage = result!.info.sourceLanguage ?? fileLanguages.0
                result!.info.targetLanguage = result!.info.targetLanguage ?? fileLanguages.1
            case (.tmx, "header"):
                if let source = reader.attribute("srclang").flatMap(LanguageTag.init), source.value != "*all*" {
                    result!.info.sourceLanguage = result!.info.sourceLanguage ?? source
                }
            case (.xliff12, "trans-unit"):
                let unit = try reader.expand(keepWhole: { _, _, _ in false })
                let info = result!.info
                if try !xliff12Unit(unit, { try body(info, $0) }) { result!.skipped += 1 }
            case (.xliff2, "unit"):
                let unit = try reader.expand(keepWhole: { _, _, _ in false })
                let info = result!.info
                result!.skipped += try xliff2Unit(unit, { try body(info, $0) })
            case (.tmx, "tu"):
                let unit = try reader.expand(keepWhole: { _, _, _ in false })
                let pair = languages ?? (result!.info.sourceLanguage.map { $0.isEnglish ? .enZh : .zhEn } ?? .zhEn)
                result!.info.sourceLanguage = result!.info.sourceLanguage ?? pair.source
                result!.info.targetLanguage = result!.info.targetLanguage ?? pair.target
                let info = result!.info
                if try !tmxUnit(unit, pair: pair, { try body(info, $0) }) { result!.skipped += 1 }
            default:
                continue
            }
        }
        guard let result else { throw XMLError(file: name, line: 1, column: 1, message: "the file is empty: no XML root element") }
        return result
    }

    /// The text of a segment element, inline code left out.
    static func text(_ node: XNode) -> String {
        if node.children.isEmpty { return node.text }
        var out = ""
        for part in node.parts {
            switch part {
            case let .text(text): out += text
            case let .child(index):
                let child = node.children[index]
                if child.name == "cp", let hex = child[attribute: "hex"], let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                    out.unicodeScalars.append(scalar)
                } else if !codeElements.contains(child.name) {
                    out += text(child)
                }
            }
        }
        return out
    }

    private static func segmentText(_ node: XNode) -> SegmentText {
        SegmentText(text: text(node), line: node.line, column: 0)
    }

    /// XLIFF 1.2 `<trans-unit>`: false when skipped.
    static func xliff12Unit(_ unit: XNode, _ body: (BilingualSegment) throws -> Void) throws -> Bool {
        guard unit[attribute: "translate"] != "no",
              let source = unit.children(named: "source").first,
              let target = unit.children(named: "target").first else { return false }
        let state = target[attribute: "state"] ?? ""
        guard !["new", "needs-translation"].contains(state) else { return false }
        let segment = BilingualSegment(id: unit[attribute: "id"] ?? "line \(unit.line)", source: segmentText(source), target: segmentText(target))
        guard !segment.target.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return false }
        try body(segment)
        return true
    }

    /// XLIFF 2 `<unit>`: returns the number of segments skipped.
    static func xliff2Unit(_ unit: XNode, _ body: (BilingualSegment) throws -> Void) throws -> Int {
        guard unit[attribute: "translate"] != "no" else { return 1 }
        let segments = unit.children(named: "segment")
        var skipped = 0
        for (index, segment) in segments.enumerated() {
            guard let source = segment.children(named: "source").first,
                  let target = segment.children(named: "target").first,
                  segment[attribute: "state"] != "initial" else { skipped += 1; continue }
            let unitID = unit[attribute: "id"] ?? "line \(unit.line)"
            let id = segments.count == 1 ? unitID : "\(unitID)/\(segment[attribute: "id"] ?? String(index + 1))"
            let pair = BilingualSegment(id: id, source: segmentText(source), target: segmentText(target))
            if pair.target.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { skipped += 1; continue }
            try body(pair)
        }
        return skipped
    }

    /// TMX `<tu>`: the variants in the pair's languages (by primary language); false when skipped.
    static func tmxUnit(_ unit: XNode, pair: LanguagePair, _ body: (BilingualSegment) throws -> Void) throws -> Bool {
        func variant(_ language: LanguageTag) -> XNode? {
            unit.children(named: "tuv").first { tuv in
                let raw = tuv[attribute: "xml:lang"] ?? tuv[attribute: "lang"] ?? ""
                return LanguageTag(raw)?.language == language.language
            }?.children(named: "seg").first
        }
        guard let source = variant(pair.source), let target = variant(pair.target) else { return false }
        let segment = BilingualSegment(id: unit[attribute: "tuid"] ?? "line \(unit.line)", source: segmentText(source), target: segmentText(target))
        guard !segment.target.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return false }
        try body(segment)
        return true
    }
}
