import ShuyuLint

/// Compiler-style text: `path:line:column: severity: message [rule]`, then the source and
/// target lines with the span underlined. Columns count Unicode scalars.
public struct TextPrinter {
    public let color: Bool

    public init(color: Bool) { self.color = color }

    func paint(_ code: String, _ text: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    public func render(_ findings: [Finding]) -> String {
        var out = ""
        for finding in findings {
            guard let location = finding.primaryLocation else { continue }
            let severity: String
            switch finding.severity {
            case .error: severity = paint("1;31", "error")
            case .warning: severity = paint("1;33", "warning")
            case .info: severity = paint("1;36", "info")
            }
            out += paint("1", "\(location.file):\(location.line):\(location.column):") + " \(severity): \(finding.message) " + paint("2", "[\(finding.rule)]") + "\n"
            if !finding.sourceText.isEmpty { out += excerpt("source", finding.sourceText, finding.source) }
            if !finding.targetText.isEmpty { out += excerpt("target", finding.targetText, finding.target) }
            if !finding.citations.isEmpty { out += paint("2", "  note: official wording: " + finding.citations.joined(separator: "; ")) + "\n" }
        }
        return out
    }

    /// A segment with a caret line under the span. Wide (CJK) characters take two columns
    /// in a terminal, so the underline is padded to match.
    func excerpt(_ label: String, _ text: String, _ location: Location?) -> String {
        var out = "  \(label): \(text)\n"
        guard let location, location.length > 0 || label == "source" else { return out }
        let scalars = Array(text.unicodeScalars)
        let offset = max(0, min(scalars.count, location.column - 1 - (location.column - 1 - spanStart(location, in: text))))
        let before = scalars[..<min(offset, scalars.count)]
        let span = scalars[min(offset, scalars.count)..<min(offset + location.length, scalars.count)]
        let pad = String(repeating: " ", count: label.count + 4 + before.reduce(0) { $0 + width($1) })
        out += pad + paint("1;32", String(repeating: "^", count: max(1, span.reduce(0) { $0 + width($1) }))) + "\n"
        return out
    }

    /// Where the location's text starts in the segment (columns may be file columns).
    func spanStart(_ location: Location, in text: String) -> Int {
        guard let range = text.range(of: location.text) else { return 0 }
        return text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
    }

    /// Terminal width of a scalar: 2 for East Asian wide characters and emoji, 0 for joiners.
    func width(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x200D, 0xFE0F, 0x0300...0x036F: return 0
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x1F1E6...0x1F1FF, 0x20000...0x3FFFD:
            return 2
        default: return 1
        }
    }
}
