import Foundation
import ShuyuMatching
import ShuyuModel
import ShuyuStore

/// In-process lookup latency on an existing store: exact and substring queries drawn from
/// the store's own terms (deterministic sample), p50/p99 over many calls.
/// Usage: shuyu-bench lookup STORE [COUNT]
let arguments = CommandLine.arguments
if arguments.count == 4, arguments[1] == "scan" {
    try scan(terms: arguments[2], corpus: arguments[3])
    exit(0)
}
guard arguments.count >= 3, arguments[1] == "lookup" else {
    print("usage: shuyu-bench lookup STORE [COUNT] | shuyu-bench scan TERMS CORPUS")
    exit(2)
}
let store = try TermStore(path: arguments[2])
let count = arguments.count > 3 ? Int(arguments[3]) ?? 2000 : 2000
/// SHUYU_BENCH_QUERIES=FILE times exact lookups of the queries in FILE (one a line, text up
/// to a "|"), such as the keys shared by the most concepts. The store's concepts are not
/// read then, so that a profile shows lookups alone.
let queryFile = ProcessInfo.processInfo.environment["SHUYU_BENCH_QUERIES"]
let concepts = queryFile == nil ? try store.allConcepts() : []
// Deterministic sample: every k-th concept.
let step = max(1, concepts.count / count)
let sample = stride(from: 0, to: concepts.count, by: step).prefix(count).map { concepts[$0] }
let english = sample.compactMap { $0.preferredEnglish?.text }
let chinese = sample.compactMap { $0.preferredChinese?.text }
let twoCharacters = chinese.compactMap { $0.count >= 2 ? String($0.prefix(2)) : nil }
/// The first word of a term of several words and two letters of the second ("performance ri").
let phrases: [String] = sample.flatMap(\.englishTerms).compactMap { term in
    let words = term.text.split(separator: " ")
    guard words.count >= 2, words[1].count >= 2 else { return nil }
    return "\(words[0]) \(words[1].prefix(2))"
}

/// SHUYU_BENCH_ONLY=name runs one kind of query (for profiling).
let only = ProcessInfo.processInfo.environment["SHUYU_BENCH_ONLY"]
/// SHUYU_BENCH_SLOWEST=N lists the N slowest queries of each kind, with their match counts.
let slowest = ProcessInfo.processInfo.environment["SHUYU_BENCH_SLOWEST"].flatMap { Int($0) }

func percentiles(_ name: String, _ queries: [String], options: LookupOptions) throws {
    if let only, only != name { return }
    var nanoseconds: [Double] = []
    var timed: [(query: String, nanoseconds: Double, matches: Int)] = []
    var found = 0
    for query in queries {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try store.lookup(query, options: options)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
        nanoseconds.append(elapsed)
        timed.append((query, elapsed, result.matches.count))
        if !result.matches.isEmpty { found += 1 }
    }
    nanoseconds.sort()
    if let slowest {
        for entry in timed.sorted(by: { $0.nanoseconds > $1.nanoseconds }).prefix(slowest) {
            print(String(format: "  %8.0f µs  %2d matches  %@", entry.nanoseconds / 1000, entry.matches, entry.query))
        }
    }
    func at(_ p: Double) -> Double { nanoseconds[min(nanoseconds.count - 1, Int(Double(nanoseconds.count) * p))] / 1000 }
    print(String(format: "| %@ | %d queries (%d found) | p50 %.0f µs | p99 %.0f µs | max %.0f µs |", name, queries.count, found, at(0.5), at(0.99), nanoseconds.last! / 1000))
}

print("store: \(try store.termCount()) terms")
/// SHUYU_BENCH_REPEAT=N runs each kind N times (a longer steady state for a profiler).
let repeats = ProcessInfo.processInfo.environment["SHUYU_BENCH_REPEAT"].flatMap { Int($0) } ?? 1
/// SHUYU_BENCH_LIMIT=N asks for N concepts a query instead of 20 (what a result's size costs).
let limit = ProcessInfo.processInfo.environment["SHUYU_BENCH_LIMIT"].flatMap { Int($0) } ?? 20
if let file = queryFile {
    let queries = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { String($0.split(separator: "|")[0]) }
    for _ in 0..<repeats { try percentiles("exact, from \(file)", queries, options: LookupOptions(includePartial: false, limit: limit)) }
    exit(0)
}
for _ in 0..<repeats {
try percentiles("exact English", english, options: LookupOptions(includePartial: false, limit: limit))
try percentiles("exact Chinese", chinese, options: LookupOptions(includePartial: false, limit: limit))
try percentiles("substring, 2 Chinese characters", twoCharacters, options: LookupOptions(includePartial: true, limit: limit))
try percentiles("prefix, English word", english.map { String($0.prefix(4)) }, options: LookupOptions(includePartial: true, limit: limit))
try percentiles("phrase prefix, English", phrases, options: LookupOptions(includePartial: true, limit: limit))
}

/// The Chinese matcher alone: builds it from TERMS (one term per line) and finds the
/// leftmost-longest matches in CORPUS line by line, as lint does. Prints build and scan
/// times and the match count (compare: Benchmarks/scan-ahocorasick.py).
func scan(terms path: String, corpus: String) throws {
    let terms = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    var start = DispatchTime.now().uptimeNanoseconds
    let concepts = terms.enumerated().map { index, term in
        Concept(id: "t\(index)", languages: [LanguageSection(language: .zh, terms: [Term(term)])])
    }
    let index = TermIndex(concepts: concepts)
    let build = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    start = DispatchTime.now().uptimeNanoseconds
    var matches = 0
    // The corpus is read whole and cut into lines on bytes (as lint's line reader does), so
    // that only the matcher is timed.
    let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: corpus)))
    let lines: [String] = data.withUnsafeBufferPointer { bytes in
        var lines: [String] = []
        var lineStart = 0
        for index in 0..<bytes.count where bytes[index] == 0x0A {
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<index]), as: UTF8.self))
            lineStart = index + 1
        }
        return lines
    }
    let bytes = data.count
    start = DispatchTime.now().uptimeNanoseconds
    // One set of working buffers for the whole scan, as each lint thread keeps one.
    let buffers = MatchBuffers()
    for line in lines { matches += index.chineseMatches(in: line, buffers: buffers).count }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "shuyu: %d terms, build %.2f s; scan %.1f MB in %.2f s (%.1f MB/s), %d matches", terms.count, build, Double(bytes) / 1e6, seconds, Double(bytes) / 1e6 / seconds, matches))
    // Spans only, as the Rust crate reports them (no match values, texts or refs).
    start = DispatchTime.now().uptimeNanoseconds
    var spans = 0
    for line in lines { spans += index.chineseSpans(in: line, buffers: buffers).count }
    let spanSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "shuyu spans: scan %.1f MB in %.2f s (%.1f MB/s), %d matches", Double(bytes) / 1e6, spanSeconds, Double(bytes) / 1e6 / spanSeconds, spans))
}
