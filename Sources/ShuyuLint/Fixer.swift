import Foundation
import ShuyuModel

/// Applies the safe replacements of findings to target files (`shuyu lint --fix`).
///
/// Only files whose findings carry file columns (plain text and TSV) are rewritten; each
/// file is written through a temporary file and renamed, so an interrupted fix leaves
/// the original intact.
public enum Fixer {
    /// One file's change.
    public struct Change: Sendable {
        public var file: String
        public var replacements: Int
        /// Changed lines: number, before, after.
        public var lines: [(number: Int, before: String, after: String)]
    }

    /// Computes (and unless `dryRun`, writes) the changes for `findings`.
    public static func apply(_ findings: [Finding], dryRun: Bool) throws -> [Change] {
        var byFile: [String: [(line: Int, column: Int, length: Int, text: String, replacement: String)]] = [:]
        for finding in findings {
            // XML documents (XLIFF, TMX) report offsets within segments, not file columns: not fixed.
            guard let fix = finding.fix, let target = finding.target, target.line > 0, target.column > 0,
                  DocumentInput.single(target.file).map({ if case .tsv = $0 { return true } else { return false } }) ?? true else { continue }
            byFile[target.file, default: []].append((target.line, target.column, target.length, target.text, fix.replacement))
        }
        var changes: [Change] = []
        for (file, edits) in byFile.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: file) else { throw InputError(file: file, message: "cannot read the file to fix") }
            let text = try TextDecoding.decode(data, file: file)
            // Keep the file's own line breaks: split on \n, leave \r in place.
            var lines = text.components(separatedBy: "\n")
            var change = Change(file: file, replacements: 0, lines: [])
            let byLine = Dictionary(grouping: edits, by: \.line)
            for (number, lineEdits) in byLine.sorted(by: { $0.key < $1.key }) where number <= lines.count {
                var scalars = Array(lines[number - 1].unicodeScalars)
                let before = lines[number - 1]
                // Right to left, so earlier columns stay valid.
                for edit in lineEdits.sorted(by: { $0.column > $1.column }) {
                    let start = edit.column - 1, end = start + edit.length
                    guard end <= scalars.count, String(String.UnicodeScalarView(scalars[start..<end])) == edit.text else { continue }
                    scalars.replaceSubrange(start..<end, with: edit.replacement.unicodeScalars)
                    change.replacements += 1
                }
                lines[number - 1] = String(String.UnicodeScalarView(scalars))
                if lines[number - 1] != before { change.lines.append((number, before, lines[number - 1])) }
            }
            guard change.replacements > 0 else { continue }
            if !dryRun {
                var output = lines.joined(separator: "\n")
                if data.starts(with: [0xEF, 0xBB, 0xBF]) { output = "\u{FEFF}" + output }
                let temporary = URL(fileURLWithPath: file).deletingLastPathComponent()
                    .appendingPathComponent(".\(URL(fileURLWithPath: file).lastPathComponent).shuyu-fix-\(ProcessInfo.processInfo.processIdentifier)")
                try Data(output.utf8).write(to: temporary)
                if let attributes = try? FileManager.default.attributesOfItem(atPath: file), let permissions = attributes[.posixPermissions] {
                    try? FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
                }
                if rename(temporary.path, file) != 0 {
                    try? FileManager.default.removeItem(at: temporary)
                    throw InputError(file: file, message: "cannot replace the file")
                }
            }
            changes.append(change)
        }
        return changes
    }
}
