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

    @OptionGroup var corpus: CorpusOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: CheckFormat = .text

    @Option(name: .long, help: ArgumentHelp("Also write a self-contained HTML report to this file.", valueName: "file"))
    var html: String?

    @Option(name: .long, help: "How many glossary candidates to list.")
    var candidates = 30

    func validate() throws {
        if candidates < 0 { throw ValidationError("--candidates must be 0 or more") }
    }

    func run() throws {
        let settings = try corpus.loadConfiguration()
        var options = CorpusChecker.Options()
        options.lint = try corpus.lintOptions(settings)
        options.candidateLimit = candidates
        let report = CorpusChecker(index: try corpus.termIndex(settings), options: options).check(try corpus.inputs(settings))
        switch format {
        case .text: print(CheckTextPrinter(color: corpus.color.enabled()).render(report), terminator: "")
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
        if corpus.fails(report.findings, settings) { throw ExitCode(1) }
    }
}

enum CheckFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
