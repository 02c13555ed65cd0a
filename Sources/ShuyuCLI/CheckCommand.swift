import ArgumentParser
import Foundation
import ShuyuLint
import ShuyuMatching
import ShuyuReport
import ShuyuTBX

/// `shuyu check DOCUMENTS…`: consistency across a corpus.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Review a corpus: how each concept is rendered across documents, inconsistencies, glossary candidates.",
        discussion: """
            Reads the same documents as `shuyu lint`. Reports a rendering census (every rendering of \
            every concept found in the sources, with counts per document and first locations), \
            inconsistent-rendering (one concept, several approved renderings), inconsistent-target \
            (one source segment, different translations), inconsistent-source (one translation, \
            different sources), the lint findings, and recurring Chinese n-grams the glossary lacks.
            --html writes one self-contained report file for a browser.
            Exit codes as `shuyu lint`: 0 clean, 1 findings at or above --fail-on, 2 usage or input errors.
            """
    )

    @Argument(help: "Documents or directories (as for `shuyu lint`).")
    var paths: [String] = []

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: CheckFormat = .text

    @Option(name: .long, help: ArgumentHelp("Also write a self-contained HTML report to this file.", valueName: "file"))
    var html: String?

    @Option(name: .long, help: "Exit 1 when a finding has this severity or higher: error (default), warning, info, none.")
    var failOn: String?

    @Option(name: .long, help: "How many glossary candidates to list.")
    var candidates = 30

    @Option(name: .long, help: "The source language, zh or en (detected when omitted).")
    var source: String?

    @Option(name: .long, help: "The target language, en or zh (detected when omitted).")
    var target: String?

    @Option(name: .long, help: ArgumentHelp("Configuration file (default: the nearest .shuyu.yaml).", valueName: "file"))
    var config: String?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Use only these glossary collections (wppt, wct, cyber) or imported files.", valueName: "name"))
    var collection: [String] = []

    @Option(name: .long, help: "Colour: auto, always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        if let failOn, failOn != "none", Severity(rawValue: failOn) == nil { throw ValidationError("--fail-on takes error, warning, info or none") }
        if candidates < 0 { throw ValidationError("--candidates must be 0 or more") }
    }

    func run() throws {
        var lint = LintCommand()
        lint.config = config
        lint.source = source
        lint.target = target
        let settings = try lint.loadConfiguration()
        var storeOptions = self.storeOptions
        storeOptions.store = storeOptions.store ?? settings.store
        storeOptions.glossary = storeOptions.glossary ?? settings.glossary
        let store = try storeOptions.openStore()
        var options = CorpusChecker.Options()
        options.lint = LintOptions(disabledRules: settings.disabledRules, enabledRules: settings.enabledRules, severities: settings.severities, languages: try lint.languages() ?? settings.languages)
        options.candidateLimit = candidates
        let inputs = try DocumentInputs.resolve(paths.isEmpty ? settings.paths : paths)
        let report = CorpusChecker(index: TermIndex(concepts: try GlossaryScope.concepts(store, collections: collection)), options: options).check(inputs)
        switch format {
        case .text: print(CheckTextPrinter(color: color.enabled()).render(report), terminator: "")
        case .json: print(try CheckJSONPrinter.render(report))
        }
        if let html {
            try AtomicOutput(path: html).write { path in
                try HTMLReportPrinter.render(report).write(toFile: path, atomically: false, encoding: .utf8)
            }
            Terminal.standardError.write("wrote \(html)\n")
        }
        for error in report.errors { Terminal.standardError.write(error + "\n") }
        if !report.errors.isEmpty { throw ExitCode(2) }
        let threshold = failOn ?? settings.failOn ?? "error"
        if threshold != "none", let level = Severity(rawValue: threshold), report.findings.contains(where: { $0.severity >= level }) {
            throw ExitCode(1)
        }
    }
}

enum CheckFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
