import Foundation
import ShuyuModel
import ShuyuTBX

/// A bilingual document to lint, as the command line named it.
public enum DocumentInput: Sendable, Hashable {
    /// Two plain-text files aligned by line.
    case alignedText(source: String, target: String)
    /// `zh<TAB>en` or `id<TAB>zh<TAB>en` per line, with an optional header row.
    case tsv(String)
    /// XLIFF 1.2 or 2.x.
    case xliff(String)
    /// TMX 1.4.
    case tmx(String)

    public var name: String {
        switch self {
        case let .alignedText(source, target): return "\(source) + \(target)"
        case let .tsv(path), let .xliff(path), let .tmx(path): return path
        }
    }

    /// The input for a single file, by its extension.
    public static func single(_ path: String) -> DocumentInput? {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "tsv", "tab": return .tsv(path)
        case "xlf", "xliff", "sdlxliff", "mqxliff": return .xliff(path)
        case "tmx": return .tmx(path)
        default: return nil
        }
    }
}

/// Reads documents into segments.
public enum DocumentReader {
    /// Reads `input`, calling `body` with each segment and the document's identity as far as
    /// it is known by then (languages a header declares come before the segments).
    public static func read(_ input: DocumentInput, languages: LanguagePair?, _ body: (BilingualDocumentInfo, BilingualSegment) throws -> Void) throws -> BilingualDocumentInfo {
        switch input {
        case let .alignedText(source, target): return try alignedText(source: source, target: target, body)
        case let .tsv(path): return try tsv(path, body)
        case let .xliff(path), let .tmx(path):
            do {
                return try BilingualXMLReader.read(path: path, displayName: path, languages: languages, body).info
            } catch let error as XMLError {
                throw InputError(file: error.file, line: error.line, column: error.column, message: error.message)
            }
        }
    }

    /// Reads two files in step, line by line, in bounded memory. When one file ends before
    /// the other, the error names both line counts and the first line that is blank in one
    /// file but not the other (where the alignment most likely broke).
    static func alignedText(source: String, target: String, _ body: (BilingualDocumentInfo, BilingualSegment) throws -> Void) throws -> BilingualDocumentInfo {
        let info = BilingualDocumentInfo(name: "\(source) + \(target)", sourceFile: source, targetFile: target, sourceLanguage: languageFromName(source), targetLanguage: languageFromName(target))
        let sourceReader = try LineReader(path: source)
        let targetReader = try LineReader(path: target)
        var number = 0
        var firstDivergence: Int?
        while true {
            let sourceLine = try sourceReader.next()
            let targetLine = try targetReader.next()
            guard let sourceLine, let targetLine else {
                if sourceLine == nil && targetLine == nil { return info }
                var sourceCount = number + (sourceLine == nil ? 0 : 1), targetCount = number + (targetLine == nil ? 0 : 1)
                while try sourceReader.next() != nil { sourceCount += 1 }
                while try targetReader.next() != nil { targetCount += 1 }
                let line = (firstDivergence ?? number) + 1
                throw InputError(
                    file: target, line: line, column: 1,
                    message: "\(source) has \(sourceCount) lines and \(target) has \(targetCount); they are aligned by line, and first diverge at line \(line) (a line that is blank in one file but not the other)")
            }
            number += 1
            let sourceBlank = sourceLine.allSatisfy { $0 == " " || $0 == "\t" }
            let targetBlank = targetLine.allSatisfy { $0 == " " || $0 == "\t" }
            if sourceBlank != targetBlank, firstDivergence == nil { firstDivergence = number - 1 }
            if sourceBlank && targetBlank { continue }
            try body(info, BilingualSegment(
                id: String(number),
                source: SegmentText(text: sourceLine, line: number, column: 1),
                target: SegmentText(text: targetLine, line: number, column: 1)))
        }
    }

    /// `report.zh.txt` → zh.
    static func languageFromName(_ path: String) -> LanguageTag? {
        let parts = URL(fileURLWithPath: path).lastPathComponent.split(separator: ".")
        guard parts.count >= 3 else { return nil }
        return LanguageTag(String(parts[parts.count - 2])).flatMap { $0.isChinese || $0.isEnglish ? $0 : nil }
    }

    static func tsv(_ path: String, _ body: (BilingualDocumentInfo, BilingualSegment) throws -> Void) throws -> BilingualDocumentInfo {
        let reader = try LineReader(path: path)
        var info = BilingualDocumentInfo(name: path, sourceFile: path, targetFile: path)
        var columns: (id: Int?, source: Int, target: Int)?
        var number = -1
        while let line = try reader.next() {
            number += 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if columns == nil {
                guard fields.count == 2 || fields.count == 3 else {
                    throw InputError(file: path, line: number + 1, column: 1, message: "expected 2 columns (zh, en) or 3 (id, zh, en) separated by tabs, found \(fields.count)")
                }
                let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                let header = names.map { name -> String? in
                    if ["id", "key", "segment"].contains(name) { return "id" }
                    if ["source", "src"].contains(name) { return "source" }
                    if ["target", "tgt", "translation"].contains(name) { return "target" }
                    return LanguageTag(name).flatMap { $0.isChinese || $0.isEnglish ? $0.value : nil }
                }
                if header.allSatisfy({ $0 != nil }) {
                    let idColumn = header.firstIndex(of: "id")
                    let textColumns = header.indices.filter { $0 != idColumn }
                    guard textColumns.count == 2 else { throw InputError(file: path, line: number + 1, column: 1, message: "the header needs two text columns") }
                    columns = (idColumn, textColumns[0], textColumns[1])
                    info.sourceLanguage = LanguageTag(header[textColumns[0]]!)
                    info.targetLanguage = LanguageTag(header[textColumns[1]]!)
                    continue
                }
                columns = fields.count == 3 ? (0, 1, 2) : (nil, 0, 1)
            }
            guard let layout = columns else { continue }
            guard fields.count == (layout.id == nil ? 2 : 3) else {
                throw InputError(file: path, line: number + 1, column: 1, message: "expected \(layout.id == nil ? 2 : 3) tab-separated columns, found \(fields.count)")
            }
            func column(of field: Int) -> Int { fields[..<field].reduce(1) { $0 + $1.unicodeScalars.count + 1 } }
            try body(info, BilingualSegment(
                id: layout.id.map { String(fields[$0]) } ?? String(number + 1),
                source: SegmentText(text: String(fields[layout.source]), line: number + 1, column: column(of: layout.source)),
                target: SegmentText(text: String(fields[layout.target]), line: number + 1, column: column(of: layout.target))))
        }
        return info
    }
}
