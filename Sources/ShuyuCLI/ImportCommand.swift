import ArgumentParser
import Foundation
import ShuyuModel
import ShuyuStore
import ShuyuTBX

extension ConflictPolicy: ExpressibleByArgument {}

/// `shuyu import FILE…`: read TBX files into the store.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import TBX files (TBX v3 <tbx> and TBX 2008 <martif>) into the term store.",
        discussion: """
            All files are imported in one transaction: if one fails, the store is left exactly as \
            it was (with --skip-invalid, a broken file or entry is reported and left out instead).
            --on-conflict decides what happens to an id that is already stored: auto (default) \
            replaces concepts from the same file and keeps those from elsewhere, keep, replace, merge.
            Exit codes: 0 imported, 2 a file could not be imported (nothing was changed).
            """
    )

    @Argument(help: "TBX files to import.")
    var files: [String]

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "auto, keep, replace or merge.")
    var onConflict: ConflictPolicy = .auto

    @Flag(name: .long, help: "Import the valid entries and report the invalid ones, instead of stopping.")
    var skipInvalid = false

    @Flag(name: .long, help: "Read and check the files, report, and change nothing.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let store = try storeOptions.openStore(writing: true)
        let progress = ProgressLine(enabled: !quiet && Terminal.isTTY(.standardError))
        var reports: [(String, TBXReadSummary)] = []
        var failures: [XMLError] = []
        let counts: ImportCounts
        do {
            counts = try store.importSession(policy: onConflict) { session in
                for file in files {
                    do {
                        let summary = try session.savepoint {
                            let reader = try TBXReader(path: file, displayName: file, options: TBXReadOptions(skipInvalid: skipInvalid, origin: "import:\(URL(fileURLWithPath: file).lastPathComponent)"))
                            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
                            // Parsing (and working out each concept's rows, while the rows are
                            // being written) runs on a thread of its own while this one stores.
                            let preparation = session.rowPreparation
                            let summary = try reader.readInBackground(
                                preparing: { PreparedConcept($0, withRows: preparation.wanted) }, progress: { progress.update("\(file): \(ProgressLine.percent($0, of: size))") }
                            ) { prepared in
                                try session.add(prepared)
                            }
                            try session.save(summary.source)
                            return summary
                        }
                        reports.append((file, summary))
                    } catch let error as XMLError where skipInvalid {
                        failures.append(error)
                    }
                }
                if dryRun { throw DryRun(counts: session.counts) }
                return session.counts
            }
        } catch let dry as DryRun {
            counts = dry.counts
        } catch let error as XMLError {
            progress.clear()
            Terminal.standardError.write("\(error)\n")
            throw CLIError(message: "nothing was imported; the store is unchanged")
        }
        progress.clear()
        if !quiet {
            print(ImportReport.render(reports: reports, failures: failures, counts: counts, dryRun: dryRun))
        } else {
            for failure in failures { Terminal.standardError.write("\(failure)\n") }
        }
    }

    /// Thrown to roll the transaction back after a dry run has counted everything.
    struct DryRun: Error { var counts: ImportCounts }
}

/// The summary printed after an import.
enum ImportReport {
    static func render(reports: [(String, TBXReadSummary)], failures: [XMLError], counts: ImportCounts, dryRun: Bool) -> String {
        var lines: [String] = []
        for (file, summary) in reports {
            let kind = summary.version == .v2 ? "TBX 2008" : "TBX v3"
            let dialect = [summary.dialect, summary.style?.uppercased()].compactMap { $0 }.joined(separator: ", ")
            let languages = summary.languages.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("\(file): \(kind)\(dialect.isEmpty ? "" : " (\(dialect))"): \(summary.entries) entries, \(summary.concepts) concepts, \(summary.terms) terms [\(languages)]")
            if !summary.normalisedTags.isEmpty {
                lines.append("  language tags normalised: " + summary.normalisedTags.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(separator: ", "))
            }
            for warning in summary.warnings.prefix(10) { lines.append("  warning: \(warning)") }
            if summary.warnings.count > 10 { lines.append("  … and \(summary.warnings.count - 10) more warnings") }
            if !summary.skipped.isEmpty {
                lines.append("  skipped \(summary.skipped.count):")
                for skipped in summary.skipped.prefix(10) { lines.append("    \(skipped)") }
                if summary.skipped.count > 10 { lines.append("    … and \(summary.skipped.count - 10) more") }
            }
        }
        for failure in failures { lines.append("not imported: \(failure)") }
        var total = "\(dryRun ? "would import" : "imported"): \(counts.added) added, \(counts.replaced) replaced, \(counts.merged) merged, \(counts.unchanged) unchanged, \(counts.kept) kept"
        if !counts.conflicts.isEmpty {
            total += "\n  \(counts.conflicts.count) ids already stored from another source were kept (use --on-conflict replace or merge): " + counts.conflicts.prefix(5).joined(separator: ", ") + (counts.conflicts.count > 5 ? ", …" : "")
        }
        lines.append(total)
        return lines.joined(separator: "\n")
    }
}

/// A one-line progress display on standard error, redrawn in place (terminals only).
final class ProgressLine {
    let enabled: Bool
    private var last = Date.distantPast

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ text: String) {
        guard enabled, Date().timeIntervalSince(last) > 0.2 else { return }
        last = Date()
        Terminal.standardError.write("\r\u{1B}[K" + text)
    }

    func clear() {
        if enabled { Terminal.standardError.write("\r\u{1B}[K") }
    }

    static func percent(_ done: Int64, of total: Int64) -> String {
        guard total > 0 else { return "\(done >> 20) MB" }
        return "\(min(100, done * 100 / total))% of \(total >> 20) MB"
    }
}
