import ArgumentParser
import Foundation
import ShuyuLint
import ShuyuMatching
import ShuyuModel
import ShuyuReport
import ShuyuStore
import ShuyuTBX

/// `shuyu lint DOCUMENTS…`: find term drift in translations, like a compiler.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Find where translations stray from the approved terminology.",
        discussion: """
            Documents: two aligned plain-text files (SOURCE TARGET: line i translates line i), \
            *.tsv (zh<TAB>en, or id<TAB>zh<TAB>en, optional header row), XLIFF 1.2/2.x (*.xlf, \
            *.xliff) and TMX (*.tmx). Directories are searched, pairing NAME.zh.txt with NAME.en.txt.
            Columns count Unicode code points, from 1; for XLIFF and TMX they are offsets within the \
            segment text, on the line of its element.
            Settings come from the nearest .shuyu.yaml (see docs/lint.md), then these options.
            Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input errors.
            """
    )

    @OptionGroup var corpus: CorpusOptions

    @Option(name: .long, help: "Output format: text, json or sarif.")
    var format: LintFormat = .text

    @Option(name: .long, help: ArgumentHelp("Report only findings not in this baseline file.", valueName: "file"))
    var baseline: String?

    @Option(name: .long, help: ArgumentHelp("Write the current findings to this baseline file and exit 0.", valueName: "file"))
    var writeBaseline: String?

    @Flag(name: .long, help: "Rewrite forbidden renderings to the preferred one where that is unambiguous.")
    var fix = false

    @Flag(name: .long, help: "With --fix: show the changes, write nothing.")
    var dryRun = false

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Turn a rule on (opt-in rules such as term-count).", valueName: "rule"))
    var enable: [String] = []

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Turn a rule off.", valueName: "rule"))
    var disable: [String] = []

    func validate() throws {
        if dryRun && !fix { throw ValidationError("--dry-run goes with --fix") }
        for id in enable + disable where Linter.rule(id) == nil {
            throw ValidationError("unknown rule '\(id)'; see 'shuyu rules'")
        }
    }

    func run() throws {
        let settings = try corpus.loadConfiguration()
        let linter = Linter(index: try corpus.termIndex(settings), options: try corpus.lintOptions(settings, enable: enable, disable: disable))
        let inputs = try corpus.inputs(settings)
        let baselinePath = baseline ?? settings.baseline
        let filter = try baselinePath.flatMap { path in
            FileManager.default.fileExists(atPath: path) || baseline != nil ? Baseline.Filter(try Baseline.load(path)) : nil
        }
        // Findings stream to the printer as documents are read; only what needs the whole set
        // is kept: fixes and a baseline being written.
        let output = OutputBuffer()
        let textPrinter = TextPrinter(color: corpus.color.enabled())
        let json = format == .json && !fix && writeBaseline == nil ? JSONStreamPrinter(write: output.write) : nil
        let sarif = format == .sarif && !fix && writeBaseline == nil ? SARIFStreamPrinter(write: output.write) : nil
        var kept: [Finding] = []
        var counts: [Severity: Int] = [:]
        var errors: [String] = []
        func handle(_ finding: Finding) throws {
            if writeBaseline != nil { kept.append(finding); return }
            guard filter?.isNew(finding) ?? true else { return }
            counts[finding.severity, default: 0] += 1
            if fix {
                kept.append(finding)
                return
            }
            switch format {
            case .text: output.write(textPrinter.render([finding]))
            case .json: try json?.add(finding)
            case .sarif: try sarif?.add(finding)
            }
        }
        for input in inputs {
            do {
                try linter.lint(input, handle)
            } catch let error as InputError {
                errors.append(error.description)
            }
        }
        if let path = writeBaseline {
            try Baseline(findings: kept).write(to: path)
            Terminal.standardError.write("wrote \(kept.count) finding(s) to \(path)\n")
            return
        }
        if fix {
            try applyFixes(kept)
        } else if format == .json {
            try json?.finish(documents: inputs.count, errors: errors)
        } else if format == .sarif {
            try sarif?.finish()
            output.write("\n")
        }
        output.flush()
        for error in errors { Terminal.standardError.write(error + "\n") }
        let total = counts.values.reduce(0, +)
        if format == .text, !fix, total > 0 || !errors.isEmpty {
            let summary = Severity.allCases.reversed().compactMap { level -> String? in
                guard let count = counts[level], count > 0 else { return nil }
                return "\(count) \(level.rawValue)\(count == 1 ? "" : "s")"
            }.joined(separator: ", ")
            Terminal.standardError.write("\(summary.isEmpty ? "no findings" : summary) in \(inputs.count) document(s)\(errors.isEmpty ? "" : "; \(errors.count) could not be read")\n")
        }
        if !errors.isEmpty { throw ExitCode(2) }
        if !fix, corpus.fails(counts: counts, settings) { throw ExitCode(1) }
    }

    func applyFixes(_ findings: [Finding]) throws {
        let changes = try Fixer.apply(findings, dryRun: dryRun)
        for change in changes {
            if dryRun {
                print("--- \(change.file)\n+++ \(change.file) (fixed)")
                for line in change.lines { print("@@ line \(line.number) @@\n-\(line.before)\n+\(line.after)") }
            } else {
                Terminal.standardError.write("\(change.file): \(change.replacements) replacement(s)\n")
            }
        }
        let fixable = findings.filter { $0.fix != nil }.count
        let made = changes.reduce(0) { $0 + $1.replacements }
        Terminal.standardError.write("\(dryRun ? "would make" : "made") \(made) replacement(s); \(findings.count - made) finding(s) need a translator\(fixable > made ? " (\(fixable - made) fixable only in plain text or TSV)" : "")\n")
    }
}

enum LintFormat: String, ExpressibleByArgument, CaseIterable { case text, json, sarif }

/// Turns command-line paths into documents.
enum DocumentInputs {
    static func resolve(_ paths: [String]) throws -> [DocumentInput] {
        if paths.isEmpty { throw ValidationError("no documents to lint: give files or directories, or paths in .shuyu.yaml") }
        // Two plain files that are not TSV/XLIFF/TMX: an aligned pair.
        if paths.count == 2, paths.allSatisfy({ DocumentInput.single($0) == nil && !isDirectory($0) }) {
            return [.alignedText(source: paths[0], target: paths[1])]
        }
        var inputs: [DocumentInput] = []
        var texts: [String] = []
        for path in paths {
            if isDirectory(path) {
                let enumerator = FileManager.default.enumerator(atPath: path)
                var found: [String] = []
                while let file = enumerator?.nextObject() as? String { found.append((path as NSString).appendingPathComponent(file)) }
                for file in found.sorted() where !isDirectory(file) {
                    if let input = DocumentInput.single(file) { inputs.append(input) } else if file.hasSuffix(".txt") { texts.append(file) }
                }
            } else if let input = DocumentInput.single(path) {
                inputs.append(input)
            } else {
                texts.append(path)
            }
        }
        // NAME.zh.txt with NAME.en.txt.
        var byStem: [String: (zh: String?, en: String?)] = [:]
        for file in texts {
            let name = file.hasSuffix(".txt") ? String(file.dropLast(4)) : file
            if name.hasSuffix(".zh") {
                byStem[String(name.dropLast(3)), default: (nil, nil)].zh = file
            } else if name.hasSuffix(".en") {
                byStem[String(name.dropLast(3)), default: (nil, nil)].en = file
            } else {
                throw CLIError(message: "\(file): not a document Shuyu reads (give SOURCE TARGET text files as a pair, or name them NAME.zh.txt and NAME.en.txt)")
            }
        }
        for stem in byStem.keys.sorted() {
            guard let zh = byStem[stem]!.zh, let en = byStem[stem]!.en else {
                throw CLIError(message: "\(stem): found only one of \(stem).zh.txt and \(stem).en.txt")
            }
            inputs.append(.alignedText(source: zh, target: en))
        }
        if inputs.isEmpty { throw ValidationError("no documents to lint") }
        return inputs
    }

    static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}
