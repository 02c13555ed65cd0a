import Foundation
import ShuyuMatching
import ShuyuModel
import ShuyuTBX

/// Which rules run, at which severity, and in which direction.
public struct LintOptions: Sendable {
    /// Rules turned off, by identifier.
    public var disabledRules: Set<String> = []
    /// Opt-in rules turned on, by identifier.
    public var enabledRules: Set<String> = []
    /// Severity overrides, by rule identifier.
    public var severities: [String: Severity] = [:]
    /// The source and target languages; detected per document when nil.
    public var languages: LanguagePair?

    public init(disabledRules: Set<String> = [], enabledRules: Set<String> = [], severities: [String: Severity] = [:], languages: LanguagePair? = nil) {
        self.disabledRules = disabledRules
        self.enabledRules = enabledRules
        self.severities = severities
        self.languages = languages
    }
}

/// What linting one document found besides its findings.
public struct DocumentSummary: Sendable {
    public var info: BilingualDocumentInfo
    public var segments = 0
    public var direction: LanguagePair
}

/// Lints bilingual documents against a glossary: finds the glossary's terms on both sides
/// of every segment and runs the rules on what it found.
public final class Linter: Sendable {
    /// Every rule, in the order findings of one segment are reported.
    public static let rules: [any LintRule.Type] = [
        ForbiddenTermRule.self, MissingTermRule.self, TermCountRule.self, AdmittedTermRule.self,
        CaseMismatchRule.self, UntranslatedTermRule.self, BlockedTermRule.self,
    ]

    /// The rule with identifier `id`.
    public static func rule(_ id: String) -> (any LintRule.Type)? { rules.first { $0.description.identifier == id } }

    public let index: TermIndex
    let options: LintOptions
    private let active: [(rule: any LintRule, id: String, severity: Severity)]

    public init(index: TermIndex, options: LintOptions = LintOptions()) {
        self.index = index
        self.options = options
        active = Self.rules.compactMap { type in
            let id = type.description.identifier
            guard !options.disabledRules.contains(id), !type.description.isOptIn || options.enabledRules.contains(id) else { return nil }
            return (type.init(), id, options.severities[id] ?? type.description.defaultSeverity)
        }
    }

    /// The findings of one segment.
    public func lint(_ segment: BilingualSegment, in info: BilingualDocumentInfo, targetIsEnglish: Bool) -> [Finding] {
        analyse(segment, in: info, targetIsEnglish: targetIsEnglish).findings
    }

    /// What the matcher found in one segment, and the findings of the rules.
    /// `buffers`: the matcher's working storage, when the caller analyses many segments on
    /// one thread (see ``MatchBuffers``).
    public func analyse(_ segment: BilingualSegment, in info: BilingualDocumentInfo, targetIsEnglish: Bool,
                        buffers: MatchBuffers? = nil) -> (analysis: SegmentAnalysis, findings: [Finding]) {
        let analysis = SegmentAnalysis(
            sourceText: segment.source.text, targetText: segment.target.text, targetIsEnglish: targetIsEnglish, index: index, buffers: buffers)
        var findings: [Finding] = []
        for (rule, id, severity) in active {
            for hit in rule.check(analysis) {
                let concept = hit.conceptID.flatMap { index.concept($0) }
                findings.append(Finding(
                    rule: id, severity: severity, message: hit.message, document: info.name, segment: segment.id,
                    source: hit.sourceSpan.map { Self.location(segment.source, file: info.sourceFile, span: $0) },
                    target: hit.targetSpan.map { Self.location(segment.target, file: info.targetFile, span: $0) },
                    conceptID: hit.conceptID, expected: hit.expected, found: hit.found,
                    citations: concept?.citations ?? [],
                    sourceText: segment.source.text, targetText: segment.target.text, fix: hit.fix))
            }
        }
        return (analysis, findings)
    }

    /// Called for each segment with what was found in it (for corpus-level checks).
    public typealias SegmentHandler = (BilingualDocumentInfo, BilingualSegment, SegmentAnalysis, [Finding], LanguagePair) throws -> Void

    public static func location(_ side: SegmentText, file: String, span: TextSpan) -> Location {
        let scalars = Array(side.text.unicodeScalars)
        let start = min(span.start, scalars.count), end = min(span.end, scalars.count)
        return Location(
            file: file, line: side.line, column: side.column == 0 ? start + 1 : side.column + start,
            length: end - start, text: String(String.UnicodeScalarView(scalars[start..<end])))
    }

    /// Lints a document as it is read, handing each finding to `onFinding` in document order.
    ///
    /// - Throws: ``InputError`` when the document cannot be read (findings of segments read
    ///   before the error have been handed over).
    ///
    /// Segments are analysed in batches, on every core; findings are still handed over in
    /// document order, and memory stays bounded by the batch.
    @discardableResult
    public func lint(_ input: DocumentInput, _ onFinding: (Finding) throws -> Void, onSegment: SegmentHandler? = nil) throws -> DocumentSummary {
        var summary: DocumentSummary?
        var pending: [(BilingualDocumentInfo, BilingualSegment)] = []
        var batch: [Work] = []
        // Batches being analysed, oldest first, while the next is read: at most
        // `batchesInFlight` of them, so memory stays bounded.
        var inFlight: [Analysis] = []
        // The matcher's working storage, kept from batch to batch (its word-id table fills
        // up with the document's vocabulary).
        let buffers = BufferPool()
        func report(_ done: Analysis) throws {
            let results = done.results()
            summary!.segments += results.count
            for (index, result) in results.enumerated() {
                for finding in result.findings { try onFinding(finding) }
                if let onSegment, let analysis = result.analysis {
                    let work = done.batch[index]
                    try onSegment(work.info, work.segment, analysis, result.findings, work.direction)
                }
            }
        }
        func flush(last: Bool = false) throws {
            if !batch.isEmpty { inFlight.append(Analysis(batch, linter: self, keepAnalyses: onSegment != nil, buffers: buffers)) }
            batch = []
            do {
                while inFlight.count > (last ? 0 : Self.batchesInFlight - 1) {
                    try report(inFlight.removeFirst())
                }
            } catch {
                // The caller's own error (from onFinding or onSegment): stop reporting.
                inFlight = []
                throw HandlerError(underlying: error)
            }
        }
        func process(_ info: BilingualDocumentInfo, _ segment: BilingualSegment, _ direction: LanguagePair) throws {
            batch.append(Work(info: info, segment: segment, direction: direction))
            if batch.count == Self.batchSize { try flush() }
        }
        let info: BilingualDocumentInfo
        do {
            info = try DocumentReader.read(input, languages: options.languages) { info, segment in
                // (No copy of the summary per segment: its info is set once the read ends.)
                if let direction = summary?.direction {
                    try process(info, segment, direction)
                    return
                }
                if let direction = options.languages ?? Self.declared(info) {
                    summary = DocumentSummary(info: info, direction: direction)
                    try process(info, segment, direction)
                    return
                }
                // Undeclared: decide from the first segments which side is Chinese.
                pending.append((info, segment))
                if pending.count >= 20 {
                    summary = DocumentSummary(info: info, direction: Self.detect(pending.map(\.1)))
                    for (info, segment) in pending { try process(info, segment, summary!.direction) }
                    pending = []
                }
            }
        } catch let error as HandlerError {
            throw error.underlying
        } catch {
            // A read error: segments read before it still get their findings.
            do {
                if summary != nil { try flush(last: true) }
            } catch let handler as HandlerError {
                throw handler.underlying
            }
            throw error
        }
        do {
            if summary == nil {
                summary = DocumentSummary(info: info, direction: options.languages ?? Self.declared(info) ?? Self.detect(pending.map(\.1)))
                for (info, segment) in pending { try process(info, segment, summary!.direction) }
            }
            try flush(last: true)
        } catch let error as HandlerError {
            throw error.underlying
        }
        summary!.info = info
        return summary!
    }

    /// An error thrown by the caller's handlers, told apart from the reader's errors.
    private struct HandlerError: Error { var underlying: any Error }

    /// Segments analysed together: enough to share out between cores, few enough to keep
    /// memory flat.
    static let batchSize = 256

    private struct Work: Sendable {
        var info: BilingualDocumentInfo
        var segment: BilingualSegment
        var direction: LanguagePair
    }

    /// Batches analysed at once: two keep both cores busy while the reading thread reads
    /// the next batch and reports the oldest.
    static let batchesInFlight = 2

    /// One segment's result; the analysis only when a segment handler asks for it (dropped
    /// on the worker thread otherwise).
    private struct Result: Sendable {
        var analysis: SegmentAnalysis?
        var findings: [Finding]
    }

    /// One batch, analysed on every core from the moment it is made (``results()`` waits for
    /// it): each worker takes the next few segments not yet taken, so that a worker that
    /// finishes early helps with the rest of the batch.
    private final class Analysis: @unchecked Sendable {
        let batch: [Work]
        private let slots: ResultSlots<Result>
        private let group = DispatchGroup()
        private let lock = NSLock()
        private var next = 0
        static let chunk = 8

        init(_ batch: [Work], linter: Linter, keepAnalyses: Bool, buffers pool: BufferPool) {
            self.batch = batch
            let slots = ResultSlots<Result>(count: batch.count)
            self.slots = slots
            let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, batch.count / 16))
            for _ in 0..<workers {
                DispatchQueue.global().async(group: group) { [self] in
                    let buffers = pool.take()
                    defer { pool.give(buffers) }
                    while let range = take() {
                        for index in range {
                            let (analysis, findings) = linter.analyse(
                                batch[index].segment, in: batch[index].info, targetIsEnglish: batch[index].direction.target.isEnglish,
                                buffers: buffers)
                            slots.set(index, Result(analysis: keepAnalyses ? analysis : nil, findings: findings))
                        }
                    }
                }
            }
        }

        /// The next segments to analyse, or nil when every segment is taken.
        private func take() -> Range<Int>? {
            lock.lock()
            defer { lock.unlock() }
            guard next < batch.count else { return nil }
            let start = next
            next = min(batch.count, next + Self.chunk)
            return start..<next
        }

        func results() -> [Result] {
            group.wait()
            return slots.values
        }
    }

    /// Match buffers for the workers of one run: a worker takes one for a batch and gives
    /// it back, so that each thread's tables outlive the batch.
    private final class BufferPool: @unchecked Sendable {
        private let lock = NSLock()
        private var free: [MatchBuffers] = []

        func take() -> MatchBuffers {
            lock.lock()
            defer { lock.unlock() }
            return free.popLast() ?? MatchBuffers()
        }

        func give(_ buffers: MatchBuffers) {
            lock.lock()
            defer { lock.unlock() }
            free.append(buffers)
        }
    }

    /// The direction a document declares, when it declares one Chinese and one English side.
    static func declared(_ info: BilingualDocumentInfo) -> LanguagePair? {
        guard let source = info.sourceLanguage, let target = info.targetLanguage else { return nil }
        if source.isChinese, target.isEnglish { return .zhEn }
        if source.isEnglish, target.isChinese { return .enZh }
        return nil
    }

    /// zh → en when the source side holds more Han characters than the target side.
    static func detect(_ segments: [BilingualSegment]) -> LanguagePair {
        func han(_ text: String) -> Int { text.unicodeScalars.filter(Folding.isHan).count }
        let source = segments.reduce(0) { $0 + han($1.source.text) }
        let target = segments.reduce(0) { $0 + han($1.target.text) }
        return target > source ? .enZh : .zhEn
    }
}

/// One slot per result, written by the thread that computed it (each index by one thread
/// only) and read after all have finished. Raw memory, not an array: threads writing to
/// one array would race on its copy-on-write check.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func set(_ index: Int, _ value: Value) { slots[index] = value }

    var values: [Value] { (0..<count).map { slots[$0]! } }
}
