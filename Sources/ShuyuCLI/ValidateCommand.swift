import ArgumentParser
import Foundation
import ShuyuGlossary
import ShuyuLint
import ShuyuModel
import ShuyuReport
import ShuyuStore
import ShuyuTBX

/// `shuyu validate PATH…`: the integrity of a glossary, a store or a TBX file.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the glossary, the store, or TBX files: structure, dialect rules and term integrity.",
        discussion: """
            A directory or .yaml file is loaded as a glossary; a .tbx or .xml file is checked against \
            the TBX core structure and its dialect's rules (TBX-Basic, TBX-Min, TBX-Core; --dialect \
            overrides), optionally a RELAX NG schema (--schema), and its concepts like a glossary's; \
            --check-store checks the term store. Term rules: duplicate-concept-id, duplicate-term, \
            multiple-preferred, missing-language, empty-term, approved-and-rejected, nested-term (info).
            Findings print like `shuyu lint` (text, json, sarif). Exit codes: 0 nothing at or above \
            --fail-on (default error), 1 findings, 2 a file could not be read.
            """
    )

    @Argument(help: "Glossary directories or YAML files, TBX files.")
    var paths: [String] = []

    @OptionGroup var storeOptions: StoreOptions

    @Flag(name: .long, help: "Also check the term store (built from the glossary, with any imports).")
    var checkStore = false

    @Option(name: .long, help: "Apply this TBX dialect's rules instead of the one the file declares: basic, min, core.")
    var dialect: TBXDialect?

    @Option(name: .long, help: ArgumentHelp("Also validate TBX files against this RELAX NG schema.", valueName: "file.rng"))
    var schema: String?

    @Option(name: .long, help: "Output format: text, json or sarif.")
    var format: LintFormat = .text

    @Option(name: .long, help: "Exit 1 when a finding has this severity or higher: error (default), warning, info, none.")
    var failOn = "error"

    @Flag(name: .shortAndLong, help: "Print only findings at or above --fail-on, and no summary.")
    var quiet = false

    func validate() throws {
        if paths.isEmpty && !checkStore { throw ValidationError("give a glossary directory, a YAML or TBX file, or --check-store") }
        if failOn != "none", Severity(rawValue: failOn) == nil { throw ValidationError("--fail-on takes error, warning, info or none") }
    }

    func run() throws {
        let relaxNG = try schema.map { try RelaxNGSchema(path: $0) }
        var findings: [Finding] = []
        var unreadable: [String] = []
        var checked: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                unreadable.append("\(path): error: no such file")
                continue
            }
            if isDirectory.boolValue || path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                findings += glossary(path, isDirectory: isDirectory.boolValue)
                checked.append("\(path): glossary")
                continue
            }
            do {
                findings += try tbx(path, schema: relaxNG)
                checked.append("\(path): TBX")
            } catch let error as XMLError {
                unreadable.append(error.description)
            }
        }
        if checkStore {
            let store = try storeOptions.openStore()
            var checker = ConceptValidator.Checker(languageSeverity: .warning)
            try store.forEachConcept { checker.add($0) }
            findings += checker.findings(document: store.path) { _ in (store.path, 0) }
            checked.append("\(store.path): store")
        }
        let threshold = Severity(rawValue: failOn)
        let shown = quiet ? findings.filter { threshold.map($0.severity.compared) ?? false } : findings
        switch format {
        case .text:
            print(TextPrinter(color: false).render(shown), terminator: "")
            if !quiet {
                let counts = Severity.allCases.reversed().map { level in (level, findings.filter { $0.severity == level }.count) }.filter { $0.1 > 0 }
                let summary = counts.map { "\($0.1) \($0.0.rawValue)\($0.1 == 1 ? "" : "s")" }.joined(separator: ", ")
                Terminal.standardError.write("checked \(checked.joined(separator: "; ")): \(summary.isEmpty ? "no problems" : summary)\n")
            }
        case .json: print(try JSONPrinter.render(shown, documents: checked.count, errors: unreadable))
        case .sarif: print(try SARIFPrinter.render(shown))
        }
        for line in unreadable { Terminal.standardError.write(line + "\n") }
        if !unreadable.isEmpty { throw ExitCode(2) }
        if let threshold, findings.contains(where: { $0.severity >= threshold }) { throw ExitCode(1) }
    }

    /// Loader diagnostics when the glossary does not load; the term rules when it does.
    func glossary(_ path: String, isDirectory: Bool) -> [Finding] {
        do {
            let loaded = isDirectory
                ? try Glossary.load(directory: URL(fileURLWithPath: path))
                : try Glossary.load(files: [URL(fileURLWithPath: path)])
            return ConceptValidator.validate(loaded.concepts, document: path) { id in
                let location = loaded.locations[id]
                return (location?.file ?? path, location?.line ?? 0)
            }
        } catch let error as GlossaryError {
            return error.diagnostics.map { diagnostic in
                finding(rule: diagnostic.code, message: diagnostic.message, document: path,
                        file: diagnostic.location.file, line: diagnostic.location.line, column: diagnostic.location.column)
            }
        } catch {
            return [finding(rule: "unreadable", message: "\(error)", document: path, file: path, line: 0, column: 0)]
        }
    }

    /// Structure and dialect rules, the schema if given, and the term rules on its concepts.
    func tbx(_ path: String, schema: RelaxNGSchema?) throws -> [Finding] {
        var findings = try TBXValidator.validate(path: path, displayName: path, dialect: dialect).findings.map { item in
            finding(rule: item.rule, message: item.error.message, document: path, file: path, line: item.error.line, column: item.error.column)
        }
        if let schema {
            findings += try schema.validate(path: path).map {
                finding(rule: "schema", message: $0.message, document: path, file: path, line: $0.line, column: $0.column)
            }
        }
        // Concepts are checked as they are read, not held (a termbase can have millions).
        let reader = try TBXReader(path: path, displayName: path, options: TBXReadOptions(skipInvalid: true, origin: "validate", recordLines: true))
        var checker = ConceptValidator.Checker(languageSeverity: .warning)
        let summary = try reader.read { checker.add($0) }
        findings += checker.findings(document: path) { id in (path, summary.entryLines[id] ?? 0) }
        return findings
    }

    func finding(rule: String, message: String, document: String, file: String, line: Int, column: Int) -> Finding {
        Finding(
            rule: rule, severity: .error, message: message, document: document, segment: "",
            source: Location(file: file, line: line, column: column, length: 0, text: ""), target: nil,
            conceptID: nil, expected: [], found: nil, citations: [], sourceText: "", targetText: "", fix: nil)
    }
}

extension Severity {
    /// Whether this severity is at or above `threshold`.
    func compared(_ threshold: Severity) -> Bool { self >= threshold }
}
