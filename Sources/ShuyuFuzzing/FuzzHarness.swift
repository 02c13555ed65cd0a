import Foundation
import ShuyuGlossary
import ShuyuLint
import ShuyuMatching
import ShuyuModel
import ShuyuTBX

/// The code each fuzz target runs on one input, shared by the libFuzzer executables in
/// `Fuzz/` and by the regression tests that replay what the fuzzers found.
///
/// A harness returns normally for any input, valid or not: errors thrown by the code under
/// test are the expected answer to bad input. It stops the process (`preconditionFailure`)
/// only when an invariant breaks, which libFuzzer then reports as a crash with the input.
public enum FuzzHarness {
    /// The targets, by name: `tbx`, `bilingual-xml`, `text`, `glossary`, `matcher`, `snapshot`.
    public static let targets: [String: @Sendable (Data) -> Void] = [
        "tbx": tbx, "bilingual-xml": bilingualXML, "text": text, "glossary": glossary, "matcher": matcher, "snapshot": snapshot,
    ]

    /// A small glossary for the targets that lint: 录音制品/phonogram with a forbidden
    /// rendering, and a case-sensitive acronym.
    static let index: TermIndex = {
        let concepts = [
            Concept(id: "f.phonogram", citations: ["WPPT Art. 2(b)"], languages: [
                LanguageSection(language: .zh, terms: [Term("录音制品"), Term("录音", status: .admitted)]),
                LanguageSection(language: .en, terms: [Term("phonogram"), Term("record", status: .forbidden), Term("sound recording", status: .deprecated)]),
            ]),
            Concept(id: "f.wipo", citations: ["WCT"], languages: [
                LanguageSection(language: .zh, terms: [Term("世界知识产权组织")]),
                LanguageSection(language: .en, terms: [Term("WIPO", isCaseSensitive: true)]),
            ]),
        ]
        return TermIndex(concepts: concepts)
    }()

    static let linter = Linter(index: index, options: LintOptions(enabledRules: ["term-count"]))

    /// A private scratch file for the readers that take paths (one per process and name).
    static func scratch(_ name: String, _ data: Data) -> String {
        let directory = ProcessInfo.processInfo.environment["SHUYU_FUZZ_TMP"] ?? NSTemporaryDirectory()
        let path = (directory as NSString).appendingPathComponent("shuyu-fuzz-\(getpid())-\(name)")
        _ = FileManager.default.createFile(atPath: path, contents: data)
        return path
    }

    /// TBX: read every concept; what reads must write, and what is written must read back
    /// with the same concepts and terms.
    @Sendable public static func tbx(_ data: Data) {
        var concepts: [Concept] = []
        do {
            let reader = try TBXReader(data: data, displayName: "fuzz.tbx", options: TBXReadOptions(skipInvalid: data.first.map { $0 & 1 == 1 } ?? false, origin: "import:fuzz.tbx"))
            _ = try reader.read { concepts.append($0) }
        } catch {
            return
        }
        let path = scratch("out.tbx", Data())
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let writer = try TBXWriter(path: path, format: data.count % 2 == 0 ? .v3 : .v2, exportedIDs: Set(concepts.map(\.id)))
            try writer.begin(title: "fuzz", descriptions: [])
            for concept in concepts { try writer.write(concept) }
            try writer.finish()
        } catch {
            preconditionFailure("read but could not write: \(error)")
        }
        var again: [Concept] = []
        do {
            let reader = try TBXReader(path: path, options: TBXReadOptions(origin: "import:fuzz.tbx"))
            _ = try reader.read { again.append($0) }
        } catch {
            preconditionFailure("wrote TBX that does not read back: \(error)")
        }
        precondition(again.map(\.id) == concepts.map(\.id), "ids changed in the round trip: \(concepts.map(\.id)) → \(again.map(\.id))")
        precondition(again.map { $0.allTerms.map(\.term.text) } == concepts.map { $0.allTerms.map(\.term.text) }, "terms changed in the round trip")
    }

    /// XLIFF and TMX: read and lint every segment; findings must lie inside their segment.
    @Sendable public static func bilingualXML(_ data: Data) {
        let path = scratch(data.first.map { $0 & 1 == 0 } ?? true ? "doc.xlf" : "doc.tmx", data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        lint(.xliff(path))
    }

    /// Aligned text and TSV: the first byte picks the format; for a pair, the input is split
    /// at its first 0x01 byte into the Chinese and English files.
    @Sendable public static func text(_ data: Data) {
        guard let mode = data.first else { return }
        let rest = data.dropFirst()
        if mode & 1 == 0 {
            let path = scratch("doc.tsv", Data(rest))
            defer { try? FileManager.default.removeItem(atPath: path) }
            lint(.tsv(path))
        } else {
            let split = rest.firstIndex(of: 1) ?? rest.endIndex
            let zh = scratch("doc.zh.txt", Data(rest[..<split]))
            let en = scratch("doc.en.txt", Data(rest[split...].dropFirst()))
            defer {
                try? FileManager.default.removeItem(atPath: zh)
                try? FileManager.default.removeItem(atPath: en)
            }
            lint(.alignedText(source: zh, target: en))
        }
    }

    static func lint(_ input: DocumentInput) {
        _ = try? linter.lint(input) { finding in
            for (location, text) in [(finding.source, finding.sourceText), (finding.target, finding.targetText)] {
                guard let location else { continue }
                precondition(location.line >= 1 && location.column >= 1 && location.length >= 0, "bad location \(location)")
                precondition(location.text.unicodeScalars.count == location.length, "a location's text is not its length")
                // By scalars: columns and lengths count code points, and a term may end inside
                // a grapheme cluster (a Han character with a combining mark after it).
                precondition(containsScalars(text, location.text), "a location's text \(location.text.debugDescription) is not in its segment \(text.debugDescription) (\(finding.rule))")
            }
        }
    }

    /// Whether the scalars of `part` occur, in order and together, in `whole`.
    static func containsScalars(_ whole: String, _ part: String) -> Bool {
        let whole = Array(whole.unicodeScalars), part = Array(part.unicodeScalars)
        guard !part.isEmpty else { return true }
        guard part.count <= whole.count else { return false }
        return (0...(whole.count - part.count)).contains { start in whole[start..<start + part.count].elementsEqual(part) }
    }

    /// The YAML glossary loader: any text, and the bytes through the decoder it uses.
    @Sendable public static func glossary(_ data: Data) {
        _ = try? TextDecoding.decode(data, file: "fuzz.yaml")
        guard let text = String(data: data, encoding: .utf8) else { return }
        guard let glossary = try? Glossary.parse(text, file: "fuzz.yaml") else { return }
        // What loads must also index.
        _ = TermIndex(concepts: glossary.concepts)
    }

    /// The matcher: the first lines are terms (Chinese or English by content), the rest is
    /// text. Matches must be leftmost-longest, in order, without overlap, inside the text,
    /// and their text must be what stands at their span.
    @Sendable public static func matcher(_ data: Data) {
        let (concepts, text) = matcherInput(data)
        let index = TermIndex(concepts: concepts)
        checkMatches(index, in: text)
        for match in index.chineseMatches(in: text) + index.englishMatches(in: text) {
            precondition(!match.refs.isEmpty, "a match with no term")
        }
        // The fast paths against the plain ones: reused buffers (dirtied by another text
        // first) against fresh ones, the longest-match path against grouping every match
        // (a limit below Int.max takes that path), spans against matches.
        func describe(_ trees: [TermIndex.MatchTree]) -> [String] {
            trees.map { "\($0.match.span) \($0.match.text) \($0.match.caseFits) [\(describe($0.inner).joined(separator: ","))]" }
        }
        let buffers = MatchBuffers()
        _ = index.chineseMatchTrees(in: text + text, buffers: buffers)
        _ = index.englishMatchTrees(in: text + text, buffers: buffers)
        let chinese = describe(index.chineseMatchTrees(in: text))
        precondition(describe(index.chineseMatchTrees(in: text, buffers: buffers)) == chinese, "reused buffers match differently")
        precondition(describe(index.chineseMatchTrees(in: text, shorterThan: Int.max - 1)) == chinese, "the longest-match path differs")
        precondition(describe(index.englishMatchTrees(in: text, buffers: buffers)) == describe(index.englishMatchTrees(in: text)),
                     "reused buffers match English differently")
        precondition(index.chineseSpans(in: text, buffers: buffers).map(\.span) == index.chineseMatches(in: text).map(\.span),
                     "spans differ from matches")
    }

    /// The matcher target's input: the first byte says how many of the first lines are
    /// terms (up to 8; every third case-sensitive); the rest is the text to search.
    static func matcherInput(_ data: Data) -> (concepts: [Concept], text: String) {
        let whole = String(decoding: data, as: UTF8.self)
        let lines = whole.split(separator: "\n", omittingEmptySubsequences: false)
        let count = min(lines.count, Int(data.first ?? 0) % 8 + 1)
        let terms = lines.prefix(count).map(String.init).filter { !$0.isEmpty }
        let text = lines.dropFirst(count).joined(separator: "\n")
        let concepts = terms.enumerated().map { index, term in
            Concept(id: "m\(index)", languages: [LanguageSection(language: Folding.containsHan(term) ? .zh : .en, terms: [Term(term, isCaseSensitive: index % 3 == 2)])])
        }
        return (concepts, text)
    }

    /// Matches are ordered, do not overlap, lie inside the text and carry its text.
    static func checkMatches(_ index: TermIndex, in text: String) {
        let scalars = Array(text.unicodeScalars)
        for matches in [index.chineseMatches(in: text), index.englishMatches(in: text)] {
            var end = 0
            for match in matches {
                precondition(match.span.start >= end, "matches overlap or go backwards")
                precondition(match.span.length > 0 && match.span.end <= scalars.count, "match outside the text")
                precondition(match.text == String(String.UnicodeScalarView(scalars[match.span.start..<match.span.end])), "match text is not the text at its span")
                end = match.span.end
            }
        }
    }

    /// Concepts by id, for indexes loaded from snapshots.
    struct Concepts: ConceptSource {
        let byID: [String: Concept]
        init(_ concepts: [Concept]) { byID = Dictionary(concepts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) }
        func concept(withID id: String) -> Concept? { byID[id] }
    }

    /// Matcher snapshots: the input as a snapshot of its own, then a real snapshot of the
    /// input's terms (read as the matcher target reads them) damaged where the input says.
    /// A snapshot loads or is refused; loaded, it must match as the built index does, and a
    /// damaged one that loads must still match without leaving the text.
    @Sendable public static func snapshot(_ data: Data) {
        let (concepts, text) = matcherInput(data)
        let source = Concepts(concepts)
        if let index = TermIndex(snapshot: data, key: "fuzz", source: source) { checkMatches(index, in: text) }
        let built = TermIndex(concepts: concepts)
        let good = built.snapshot(key: "fuzz")
        guard let loaded = TermIndex(snapshot: good, key: "fuzz", source: source) else { preconditionFailure("a snapshot does not load") }
        let describe = { (index: TermIndex) in
            (index.chineseMatches(in: text) + index.englishMatches(in: text)).map { "\($0.span) \($0.refs.map(\.conceptID)) \($0.caseFits)" }
        }
        precondition(describe(loaded) == describe(built), "a loaded snapshot matches differently")
        var damaged = good
        for (position, byte) in data.prefix(4).enumerated() where !damaged.isEmpty {
            damaged[(Int(byte) * 257 + position * 7919 + data.count) % damaged.count] ^= byte | 1
        }
        if data.count % 5 == 0 { damaged = damaged.prefix(damaged.count * Int(data.last ?? 0) / 256) }
        if let index = TermIndex(snapshot: damaged, key: "fuzz", source: source) { checkMatches(index, in: text) }
    }
}
