import Foundation
import ShuyuMatching
import ShuyuModel
import ShuyuTBX

/// `shuyu check`: reads a corpus of bilingual documents and reports how each concept is
/// rendered across it (the census), where renderings or segment translations are
/// inconsistent, the lint findings, and recurring Chinese n-grams the glossary lacks.
///
/// Documents are streamed: memory grows with the number of distinct concepts, segments
/// (as 64-bit hashes) and candidate n-grams, not with the text.
public final class CorpusChecker {
    public struct Options: Sendable {
        public var lint = LintOptions()
        /// How many glossary candidates to report.
        public var candidateLimit = 30
        /// Candidates must occur at least this often.
        public var candidateMinimum = 2
        public init() {}
    }

    public static let ruleDescriptions: [(id: String, severity: Severity, summary: String)] = [
        ("inconsistent-rendering", .warning, "One concept is rendered with different approved terms across the corpus; the message names the majority and the outliers."),
        ("inconsistent-target", .warning, "The same source segment is translated differently."),
        ("inconsistent-source", .info, "The same translation comes from different source segments."),
    ]

    let linter: Linter
    let options: Options

    public init(index: TermIndex, options: Options = Options()) {
        self.linter = Linter(index: index, options: options.lint)
        self.options = options
    }

    // MARK: State

    private struct RenderingKey: Hashable { var text: String; var status: String }
    private var census: [String: (occurrences: Int, documents: Set<Int>, renderings: [RenderingKey: Rendering])] = [:]
    private var sourceSeen: [UInt64: (target: UInt64, location: Location, text: String)] = [:]
    private var targetSeen: [UInt64: (source: UInt64, location: Location, text: String)] = [:]
    private struct GramStats {
        var count: Int
        var documents: Int
        var lastDocument: Int
        var first: Location
        /// Distinct characters seen before and after it (up to a few; "" stands for a boundary).
        var left: Set<Character>
        var right: Set<Character>
    }
    private var grams: [String: GramStats] = [:]
    private var report = CheckReport()
    private var shownSegments: [String: Int] = [:]

    /// Checks every document and returns the report.
    public func check(_ inputs: [DocumentInput]) -> CheckReport {
        for (number, input) in inputs.enumerated() {
            do {
                let summary = try linter.lint(input, { _ in }, onSegment: { info, segment, analysis, findings, _ in
                    self.visit(info, segment, analysis, findings, document: number)
                })
                report.documents.append(summary.info.name)
            } catch let error as InputError {
                report.errors.append(error.description)
            } catch {
                report.errors.append("\(input.name): error: \(error)")
            }
        }
        report.census = census.map { key, entry in
            let parts = key.split(separator: "|").map(String.init)
            let concept = linter.index.concept(parts[0])
            return CensusEntry(
                conceptID: parts[0], targetLanguage: parts.count > 1 ? parts[1] : "en",
                chinese: concept?.preferredChinese?.text ?? "", english: concept?.preferredEnglish?.text ?? "",
                occurrences: entry.occurrences,
                renderings: entry.renderings.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0.text < $1.text },
                documents: entry.documents.count)
        }.sorted { $0.occurrences != $1.occurrences ? $0.occurrences > $1.occurrences : $0.conceptID < $1.conceptID }
        report.findings += inconsistentRenderings()
        report.candidates = rankCandidates()
        if !report.candidates.isEmpty { guessEnglish(inputs) }
        return report
    }

    // MARK: Per segment

    private func visit(_ info: BilingualDocumentInfo, _ segment: BilingualSegment, _ analysis: SegmentAnalysis, _ findings: [Finding], document: Int) {
        report.segments += 1
        for finding in findings { record(finding, info: info, segment: segment) }
        takeCensus(analysis, info: info, segment: segment, document: document)
        compareSegments(info, segment)
        if analysis.targetIsEnglish { collectGrams(segment, info: info, document: document) }
    }

    private func location(_ side: SegmentText, file: String, span: TextSpan) -> Location {
        Linter.location(side, file: file, span: span)
    }

    private func record(_ finding: Finding, info: BilingualDocumentInfo, segment: BilingualSegment) {
        report.findings.append(finding)
        let key = "\(info.name)\u{1F}\(segment.id)"
        let index: Int
        if let existing = shownSegments[key] {
            index = existing
        } else {
            index = report.segmentsShown.count
            shownSegments[key] = index
            report.segmentsShown.append(SegmentRecord(
                document: info.name, segment: segment.id, sourceFile: info.sourceFile, targetFile: info.targetFile,
                line: segment.target.line, source: segment.source.text, target: segment.target.text, sourceMarks: [], targetMarks: []))
        }
        func start(_ location: Location, _ side: SegmentText) -> Int { location.column - (side.column == 0 ? 1 : side.column) }
        if let source = finding.source, source.length > 0 {
            report.segmentsShown[index].sourceMarks.append(.init(start: start(source, segment.source), length: source.length, rule: finding.rule))
        }
        if let target = finding.target, target.length > 0 {
            report.segmentsShown[index].targetMarks.append(.init(start: start(target, segment.target), length: target.length, rule: finding.rule))
        }
    }

    private func takeCensus(_ analysis: SegmentAnalysis, info: BilingualDocumentInfo, segment: BilingualSegment, document: Int) {
        // A term inside a longer rendering of another source concept ("cyberspace" inside
        // "sovereignty in cyberspace") is part of that rendering, not one of its own.
        let claimed = analysis.targetMatches.filter { analysis.sourceKeys.meets($0.approvedKeys) }.map(\.span)
        func isOwnRendering(_ match: TermMatch) -> Bool {
            !claimed.contains { $0 != match.span && $0.start <= match.span.start && match.span.end <= $0.end }
        }
        for group in analysis.allSourceGroups {
            var used: [(id: String, key: RenderingKey, span: TextSpan)] = []
            // Matches of their own first; inside another rendering only when there is no other
            // ("WIPO" inside "Director General of WIPO" renders 世界知识产权组织 all the same).
            let approved = group.approvedRenderings
            let own = approved.filter(isOwnRendering)
            for match in own.isEmpty ? approved : own {
                let refs = match.refs
                guard let ref = match.refPositions(in: group.keys).map({ refs[$0] }).filter({ $0.term.status.isApproved && analysis.inTarget($0) })
                    .min(by: { $0.term.status < $1.term.status }) else { continue }
                used.append((ref.conceptID, RenderingKey(text: ref.term.text, status: ref.term.status.rawValue), match.span))
            }
            for (match, ref) in analysis.rejectedRenderings(of: group.keys) {
                used.append((ref.conceptID, RenderingKey(text: ref.term.text, status: ref.term.status.rawValue), match.span))
            }
            let language = analysis.targetIsEnglish ? "en" : "zh"
            let primary = (used.first?.id ?? group.concepts.sorted().first!) + "|" + language
            var entry = census[primary] ?? (0, [], [:])
            entry.occurrences += group.occurrences.count
            entry.documents.insert(document)
            census[primary] = entry
            if used.isEmpty {
                let span = group.occurrences[0].match.span
                add(primary, RenderingKey(text: "", status: "unrendered"), count: group.occurrences.count,
                    document: info.name, at: location(segment.source, file: info.sourceFile, span: span))
            }
            for use in used {
                let key = use.id + "|" + language
                if census[key] == nil { census[key] = (0, [document], [:]) }
                add(key, use.key, count: 1, document: info.name, at: location(segment.target, file: info.targetFile, span: use.span))
            }
        }
    }

    private func add(_ id: String, _ key: RenderingKey, count: Int, document: String, at location: Location) {
        var rendering = census[id]!.renderings[key] ?? Rendering(text: key.text, status: key.status, count: 0, perDocument: [:], firstLocations: [])
        rendering.count += count
        rendering.perDocument[document, default: 0] += count
        if rendering.firstLocations.count < 3 { rendering.firstLocations.append(location) }
        census[id]!.renderings[key] = rendering
    }

    // MARK: Segment consistency

    static func normalised(_ text: String) -> String {
        Folding.nfkc(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    private func compareSegments(_ info: BilingualDocumentInfo, _ segment: BilingualSegment) {
        let source = Self.normalised(segment.source.text), target = Self.normalised(segment.target.text)
        guard source.count >= 2, target.count >= 2 else { return }
        let sourceHash = Self.hash(source), targetHash = Self.hash(target)
        let sourceLocation = Location(file: info.sourceFile, line: segment.source.line, column: max(segment.source.column, 1), length: 0, text: "")
        let targetLocation = Location(file: info.targetFile, line: segment.target.line, column: max(segment.target.column, 1), length: 0, text: "")
        if let first = sourceSeen[sourceHash] {
            if first.target != targetHash {
                report.findings.append(corpusFinding(
                    "inconsistent-target", .warning,
                    "the same source is translated differently at \(first.location.file):\(first.location.line) ('\(Self.clip(first.text))')",
                    info: info, segment: segment, source: sourceLocation, target: targetLocation, found: segment.target.text, expected: [first.text]))
            }
        } else {
            sourceSeen[sourceHash] = (targetHash, targetLocation, segment.target.text)
        }
        if let first = targetSeen[targetHash] {
            if first.source != sourceHash {
                report.findings.append(corpusFinding(
                    "inconsistent-source", .info,
                    "the same translation stands for a different source at \(first.location.file):\(first.location.line) ('\(Self.clip(first.text))')",
                    info: info, segment: segment, source: sourceLocation, target: targetLocation, found: segment.source.text, expected: []))
            }
        } else {
            targetSeen[targetHash] = (sourceHash, sourceLocation, segment.source.text)
        }
    }

    static func clip(_ text: String) -> String { text.count > 60 ? String(text.prefix(57)) + "…" : text }

    private func corpusFinding(_ rule: String, _ severity: Severity, _ message: String, info: BilingualDocumentInfo, segment: BilingualSegment,
                               source: Location?, target: Location?, found: String?, expected: [String], conceptID: String? = nil, citations: [String] = []) -> Finding {
        let severity = options.lint.severities[rule] ?? severity
        let finding = Finding(
            rule: rule, severity: severity, message: message, document: info.name, segment: segment.id, source: source, target: target,
            conceptID: conceptID, expected: expected, found: found, citations: citations,
            sourceText: segment.source.text, targetText: segment.target.text, fix: nil)
        let key = "\(info.name)\u{1F}\(segment.id)"
        if shownSegments[key] == nil {
            shownSegments[key] = report.segmentsShown.count
            report.segmentsShown.append(SegmentRecord(
                document: info.name, segment: segment.id, sourceFile: info.sourceFile, targetFile: info.targetFile,
                line: segment.target.line, source: segment.source.text, target: segment.target.text, sourceMarks: [], targetMarks: []))
        }
        return finding
    }

    // MARK: Inconsistent renderings

    private func inconsistentRenderings() -> [Finding] {
        guard !options.lint.disabledRules.contains("inconsistent-rendering") else { return [] }
        var findings: [Finding] = []
        for entry in report.census {
            guard let concept = linter.index.concept(entry.conceptID) else { continue }
            // Approved renderings that compete: the preferred term and admitted alternatives,
            // not acronyms, short forms or other parts of speech.
            let competing = entry.renderings.filter { rendering in
                guard rendering.status == "preferred" || rendering.status == "admitted" else { return false }
                guard let term = concept.englishTerms.first(where: { $0.text == rendering.text }) ?? concept.chineseTerms.first(where: { $0.text == rendering.text }) else { return false }
                if let type = term.termType, [.acronym, .abbreviation, .shortForm].contains(type) { return false }
                let preferred = concept.englishTerms.contains(term) ? concept.preferredEnglish : concept.preferredChinese
                return (term.partOfSpeech ?? .noun) == (preferred?.partOfSpeech ?? .noun)
            }
            guard competing.count >= 2, let majority = competing.first else { continue }
            // A rendering that contains another ("Director General of WIPO", "effective
            // technological measure") extends it rather than competing with it.
            for outlier in competing.dropFirst() where !Self.extends(outlier.text, majority.text) {
                guard let place = outlier.firstLocations.first else { continue }
                let message = "\(entry.chinese) is rendered '\(majority.text)' \(majority.count)× and '\(outlier.text)' \(outlier.count)× across the corpus; choose one"
                    + (majority.status == "preferred" ? " ('\(majority.text)' is preferred)" : "")
                findings.append(Finding(
                    rule: "inconsistent-rendering", severity: options.lint.severities["inconsistent-rendering"] ?? .warning, message: message,
                    document: place.file, segment: "", source: nil, target: place, conceptID: entry.conceptID,
                    expected: [majority.text], found: outlier.text, citations: concept.citations, sourceText: "", targetText: "", fix: nil))
            }
        }
        return findings
    }

    /// Whether one term's words contain the other's, in order (inflection folded).
    static func extends(_ a: String, _ b: String) -> Bool {
        if Folding.containsHan(a) || Folding.containsHan(b) {
            let x = Folding.chineseKey(a), y = Folding.chineseKey(b)
            return x.contains(y) || y.contains(x)
        }
        let x = " " + Folding.englishMatchKey(a) + " ", y = " " + Folding.englishMatchKey(b) + " "
        return x.contains(y) || y.contains(x)
    }

    // MARK: Glossary candidates

    /// Characters that rarely begin or end a term.
    static let boundaryStops: Set<Character> = Set("的了和与及或在是对为以于等将并把被其之也都而所从向由着就还又让给使这那各该此有不中")
    static let numerals: Set<Character> = Set("一二三四五六七八九十百千万亿零两第0123456789")

    /// Common function words that are not terms.
    static let stopWords: Set<String> = [
        "任何", "其他", "可以", "应当", "应该", "已经", "如果", "但是", "以及", "或者", "并且", "因此", "所有", "有关", "根据", "按照",
        "通过", "进行", "由于", "对于", "关于", "之间", "方面", "一些", "这些", "那些", "以下", "以上", "以外", "不得", "没有", "我们",
        "他们", "它们", "自己", "目前", "同时", "其中", "相关", "一定", "不断", "积极", "共同", "重要", "主要", "必须", "需要", "能够",
    ]
    static let longestCandidate = 8
    static let neighbourLimit = 4
    static let boundary: Character = "\u{0}"

    private func collectGrams(_ segment: BilingualSegment, info: BilingualDocumentInfo, document: Int) {
        let text = segment.source.text
        let scalars = Array(text.unicodeScalars)
        var covered = [Bool](repeating: false, count: scalars.count)
        for match in linter.index.chineseMatches(in: text) {
            for index in match.span.start..<min(match.span.end, scalars.count) { covered[index] = true }
        }
        var run: [(Character, Int)] = []
        func flush() {
            defer { run = [] }
            guard run.count >= 2 else { return }
            for length in 2...min(Self.longestCandidate, run.count) {
                for start in 0...(run.count - length) {
                    let characters = run[start..<start + length].map(\.0)
                    if Self.boundaryStops.contains(characters.first!) || Self.boundaryStops.contains(characters.last!) { continue }
                    if characters.allSatisfy({ Self.numerals.contains($0) }) { continue }
                    let gram = String(characters)
                    if Self.stopWords.contains(gram) { continue }
                    let left = start > 0 ? run[start - 1].0 : Self.boundary
                    let right = start + length < run.count ? run[start + length].0 : Self.boundary
                    if var existing = grams[gram] {
                        existing.count += 1
                        if existing.lastDocument != document { existing.documents += 1; existing.lastDocument = document }
                        if existing.left.count < Self.neighbourLimit { existing.left.insert(left) }
                        if existing.right.count < Self.neighbourLimit { existing.right.insert(right) }
                        grams[gram] = existing
                    } else {
                        let offset = run[start].1
                        let first = Location(file: info.sourceFile, line: segment.source.line,
                                             column: segment.source.column == 0 ? offset + 1 : segment.source.column + offset, length: length, text: gram)
                        grams[gram] = GramStats(count: 1, documents: 1, lastDocument: document, first: first, left: [left], right: [right])
                    }
                }
            }
        }
        for (index, scalar) in scalars.enumerated() {
            if Folding.isHan(scalar), !covered[index] {
                run.append((Character(scalar), index))
            } else {
                flush()
            }
        }
        flush()
    }

    /// Ranks n-grams that behave like terms: frequent, spread over documents, longer, and
    /// free-standing (accessor variety: more than one distinct neighbour on each side, so
    /// that fragments of a longer fixed phrase drop out), then keeps the best of any
    /// candidates that contain one another.
    private func rankCandidates() -> [Candidate] {
        let eligible = grams.filter { $0.value.count >= options.candidateMinimum && $0.value.left.count >= 2 && $0.value.right.count >= 2 }
        func score(_ gram: String, _ stats: GramStats) -> Double {
            Double(stats.count) * log2(1 + Double(stats.documents)) * log2(Double(gram.count))
        }
        var chosen: [(String, GramStats)] = []
        for (gram, stats) in eligible.sorted(by: { score($0.key, $0.value) != score($1.key, $1.value) ? score($0.key, $0.value) > score($1.key, $1.value) : $0.key < $1.key }) {
            if chosen.contains(where: { $0.0.contains(gram) || gram.contains($0.0) }) { continue }
            chosen.append((gram, stats))
            if chosen.count >= options.candidateLimit { break }
        }
        return chosen.map { Candidate(text: $0.0, frequency: $0.1.count, documents: $0.1.documents, english: nil, englishScore: nil, firstLocation: $0.1.first) }
    }

    static let englishStops: Set<String> = [
        "the", "of", "and", "to", "in", "a", "an", "for", "on", "with", "by", "as", "is", "are", "be", "shall", "should", "will",
        "that", "this", "these", "those", "its", "their", "it", "or", "at", "from", "which", "all", "we", "our", "has", "have", "been", "was", "were", "not",
    ]

    /// A second pass over the corpus: for each candidate, the English word n-gram that goes
    /// with it most strongly (Dice coefficient over segments).
    private func guessEnglish(_ inputs: [DocumentInput]) {
        let wanted = report.candidates.map(\.text)
        var together: [[String: Int]] = Array(repeating: [:], count: wanted.count)
        var candidateSegments = [Int](repeating: 0, count: wanted.count)
        var ngramSegments: [String: Int] = [:]
        let reader = Linter(index: linter.index, options: LintOptions(disabledRules: Set(Linter.rules.map { $0.description.identifier }), languages: options.lint.languages))
        for input in inputs {
            _ = try? reader.lint(input, { _ in }, onSegment: { _, segment, analysis, _, _ in
                guard analysis.targetIsEnglish else { return }
                // Words of the target outside glossary renderings (those translate other source terms).
                let scalars = Array(segment.target.text.unicodeScalars)
                var covered = [Bool](repeating: false, count: scalars.count)
                for match in analysis.allTargetMatches {
                    for index in match.span.start..<min(match.span.end, scalars.count) { covered[index] = true }
                }
                var words: [String?] = []
                var current = ""
                for (index, scalar) in scalars.enumerated() {
                    if scalar.properties.isAlphabetic, !Folding.isHan(scalar) {
                        current.unicodeScalars.append(scalar)
                        continue
                    }
                    if !current.isEmpty { words.append(covered[index - 1] ? nil : current.lowercased()); current = "" }
                }
                if !current.isEmpty { words.append(covered[scalars.count - 1] ? nil : current.lowercased()) }
                var seen: Set<String> = []
                for length in 1...4 where words.count >= length {
                    for start in 0...(words.count - length) {
                        guard words[start..<start + length].allSatisfy({ $0 != nil }) else { continue }
                        let slice = words[start..<start + length].map { $0! }
                        if Self.englishStops.contains(slice.first!) || Self.englishStops.contains(slice.last!) { continue }
                        seen.insert(slice.joined(separator: " "))
                    }
                }
                for gram in seen { ngramSegments[gram, default: 0] += 1 }
                for (index, candidate) in wanted.enumerated() where segment.source.text.contains(candidate) {
                    candidateSegments[index] += 1
                    for gram in seen { together[index][gram, default: 0] += 1 }
                }
            })
        }
        for index in wanted.indices {
            let best = together[index].map { gram, both -> (String, Double) in
                (gram, 2 * Double(both) / Double(candidateSegments[index] + (ngramSegments[gram] ?? 0)))
            }.max { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.count < $1.0.count }
            if let best, best.1 >= 0.3 {
                report.candidates[index].english = best.0
                report.candidates[index].englishScore = (best.1 * 100).rounded() / 100
            }
        }
    }
}
