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

    @Argument(help: "Documents, directories, or an aligned SOURCE TARGET pair (default: the paths in .shuyu.yaml).")
    var paths: [String] = []

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "Output format: text, json or sarif.")
    var format: LintFormat = .text

    @Option(name: .long, help: "Exit 1 when a finding has this severity or higher: error (default), warning, info, none.")
    var failOn: String?

    @Option(name: .long, help: "The source language, zh or en (detected when omitted).")
    var source: String?

    @Option(name: .long, help: "The target language, en or zh (detected when omitted).")
    var target: String?

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

    @Option(name: .long, help: ArgumentHelp("Configuration file (default: the nearest .shuyu.yaml).", valueName: "file"))
    var config: String?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Use only these glossary collections (wppt, wct, cyber) or imported files.", valueName: "name"))
    var collection: [String] = []

    @Option(name: .long, help: "Colour: auto (terminal only, honours NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        if let failOn, failOn != "none", Severity(rawValue: failOn) == nil { throw ValidationError("--fail-on takes error, warning, info or none") }
        if dryRun && !fix { throw ValidationError("--dry-run goes with --fix") }
        for id in enable + disable where Linter.rule(id) == nil {
            throw ValidationError("unknown rule '\(id)'; see 'shuyu rules'")
        }
        _ = try languages()
    }

    func run() throws {
        let settings = try loadConfiguration()
        var storeOptions = self.storeOptions
        storeOptions.store = storeOptions.store ?? settings.store
        storeOptions.glossary = storeOptions.glossary ?? settings.glossary
        let store = try storeOptions.openStore()
        let options = LintOptions(
            disabledRules: settings.disabledRules.subtracting(enable).union(disable), enabledRules: settings.enabledRules.union(enable),
            severities: settings.severities, languages: try languages() ?? settings.languages)
        let linter = Linter(index: TermIndex(concepts: try GlossaryScope.concepts(store, collections: collection)), options: options)

        let inputs = try DocumentInputs.resolve(paths.isEmpty ? settings.paths : paths)
        var findings: [Finding] = []
        var errors: [String] = []
        for input in inputs {
            do {
                try linter.lint(input) { findings.append($0) }
            } catch let error as InputError {
                errors.append(error.description)
            }
        }
        if let path = writeBaseline {
            try Baseline(findings: findings).write(to: path)
            Terminal.standardError.write("wrote \(findings.count) finding(s) to \(path)\n")
            return
        }
        if let path = baseline ?? settings.baseline, FileManager.default.fileExists(atPath: path) || baseline != nil {
            findings = try Baseline.load(path).filter(findings)
        }
        if fix {
            try applyFixes(findings)
        } else {
            switch format {
            case .text: print(TextPrinter(color: color.enabled()).render(findings), terminator: "")
            case .json: print(try JSONPrinter.render(findings, documents: inputs.count, errors: errors))
            case .sarif: print(try SARIFPrinter.render(findings))
            }
        }
        for error in errors { Terminal.standardError.write(error + "\n") }
        if format == .text, !fix, !findings.isEmpty || !errors.isEmpty {
            let counts = Severity.allCases.reversed().map { level in (level, findings.filter { $0.severity == level }.count) }.filter { $0.1 > 0 }
            let summary = counts.map { "\($0.1) \($0.0.rawValue)\($0.1 == 1 ? "" : "s")" }.joined(separator: ", ")
            Terminal.standardError.write("\(summary.isEmpty ? "no findings" : summary) in \(inputs.count) document(s)\(errors.isEmpty ? "" : "; \(errors.count) could not be read")\n")
        }
        if !errors.isEmpty { throw ExitCode(2) }
        let threshold = failOn ?? settings.failOn ?? "error"
        if !fix, threshold != "none", let level = Severity(rawValue: threshold), findings.contains(where: { $0.severity >= level }) {
            throw ExitCode(1)
        }
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

    func loadConfiguration() throws -> LintConfiguration {
        if let config { return try LintConfiguration.load(URL(fileURLWithPath: config)) }
        guard let found = LintConfiguration.find(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) else { return LintConfiguration() }
        return try LintConfiguration.load(found)
    }

    func languages() throws -> LanguagePair? {
        switch (source?.lowercased(), target?.lowercased()) {
        case (nil, nil): return nil
        case ("zh"?, nil), (nil, "en"?), ("zh"?, "en"?): return .zhEn
        case ("en"?, nil), (nil, "zh"?), ("en"?, "zh"?): return .enZh
        default: throw ValidationError("--source and --target take zh or en, one of each")
        }
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

/// The concepts a lint or check run uses: all, or those of some collections.
enum GlossaryScope {
    static func concepts(_ store: TermStore, collections: [String]) throws -> [Concept] {
        let all = try store.allConcepts()
        guard !collections.isEmpty else { return all }
        var filter = ConceptFilter()
        filter.origins = collections.flatMap { ["glossary:\($0)", "import:\($0)"] }
        let kept = all.filter { filter.apply($0) != nil }
        if kept.isEmpty { throw ValidationError("no concepts in collection(s) \(collections.joined(separator: ", "))") }
        return kept
    }
}
