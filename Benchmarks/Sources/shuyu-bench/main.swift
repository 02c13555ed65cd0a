import Foundation
import ShuyuModel
import ShuyuStore

/// In-process lookup latency on an existing store: exact and substring queries drawn from
/// the store's own terms (deterministic sample), p50/p99 over many calls.
/// Usage: shuyu-bench lookup STORE [COUNT]
let arguments = CommandLine.arguments
guard arguments.count >= 3, arguments[1] == "lookup" else {
    print("usage: shuyu-bench lookup STORE [COUNT]")
    exit(2)
}
let store = try TermStore(path: arguments[2])
let count = arguments.count > 3 ? Int(arguments[3]) ?? 2000 : 2000
let concepts = try store.allConcepts()
// Deterministic sample: every k-th concept.
let step = max(1, concepts.count / count)
let sample = stride(from: 0, to: concepts.count, by: step).prefix(count).map { concepts[$0] }
let english = sample.compactMap { $0.preferredEnglish?.text }
let chinese = sample.compactMap { $0.preferredChinese?.text }
let twoCharacters = chinese.compactMap { $0.count >= 2 ? String($0.prefix(2)) : nil }

/// SHUYU_BENCH_ONLY=name runs one kind of query (for profiling).
let only = ProcessInfo.processInfo.environment["SHUYU_BENCH_ONLY"]

func percentiles(_ name: String, _ queries: [String], options: LookupOptions) throws {
    if let only, only != name { return }
    var nanoseconds: [Double] = []
    var found = 0
    for query in queries {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try store.lookup(query, options: options)
        nanoseconds.append(Double(DispatchTime.now().uptimeNanoseconds - start))
        if !result.matches.isEmpty { found += 1 }
    }
    nanoseconds.sort()
    func at(_ p: Double) -> Double { nanoseconds[min(nanoseconds.count - 1, Int(Double(nanoseconds.count) * p))] / 1000 }
    print(String(format: "| %@ | %d queries (%d found) | p50 %.0f µs | p99 %.0f µs | max %.0f µs |", name, queries.count, found, at(0.5), at(0.99), nanoseconds.last! / 1000))
}

print("store: \(concepts.count) concepts, \(try store.termCount()) terms")
try percentiles("exact English", english, options: LookupOptions(includePartial: false, limit: 20))
try percentiles("exact Chinese", chinese, options: LookupOptions(includePartial: false, limit: 20))
try percentiles("substring, 2 Chinese characters", twoCharacters, options: LookupOptions(includePartial: true, limit: 20))
try percentiles("prefix, English word", english.map { String($0.prefix(4)) }, options: LookupOptions(includePartial: true, limit: 20))
