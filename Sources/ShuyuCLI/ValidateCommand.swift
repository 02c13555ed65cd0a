import ArgumentParser
import Foundation
import ShuyuGlossary
import ShuyuTBX

/// `shuyu validate PATH…`: check TBX files against the TBX structure and dialect rules,
/// and glossary files or directories against the glossary rules.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check TBX files (structure and TBX-Basic/Min/Core rules) or glossary YAML.",
        discussion: """
            A .tbx or .xml file is checked against the TBX core structure and the rules of its \
            dialect (from its type attribute, or --dialect); with --schema it is also validated \
            against a RELAX NG schema. A directory or .yaml file is loaded as a glossary.
            Findings print as file:line:column: error: message [rule]; columns count characters.
            Exit codes: 0 clean, 1 findings, 2 a file could not be read.
            """
    )

    @Argument(help: "TBX files, glossary YAML files, or glossary directories.")
    var paths: [String]

    @Option(name: .long, help: "Apply this TBX dialect's rules instead of the one the file declares: basic, min, core.")
    var dialect: TBXDialect?

    @Option(name: .long, help: ArgumentHelp("Also validate TBX files against this RELAX NG schema.", valueName: "file.rng"))
    var schema: String?

    @Flag(name: .shortAndLong, help: "Print only findings.")
    var quiet = false

    func run() throws {
        let relaxNG = try schema.map { try RelaxNGSchema(path: $0) }
        var findings = 0
        var unreadable = 0
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                Terminal.standardError.write("\(path): error: no such file\n")
                unreadable += 1
                continue
            }
            if isDirectory.boolValue || path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                do {
                    let glossary = isDirectory.boolValue
                        ? try Glossary.load(directory: URL(fileURLWithPath: path))
                        : try Glossary.load(files: [URL(fileURLWithPath: path)])
                    if !quiet { print("\(path): glossary, \(glossary.concepts.count) concepts: no problems") }
                } catch let error as GlossaryError {
                    print(error.description)
                    findings += error.diagnostics.count
                }
                continue
            }
            do {
                let report = try TBXValidator.validate(path: path, displayName: path, dialect: dialect)
                var all = report.findings.map(\.description)
                if let relaxNG {
                    all += try relaxNG.validate(path: path).map { "\($0) [schema]" }
                }
                for line in all { print(line) }
                findings += all.count
                if !quiet, all.isEmpty {
                    let kind = report.version == .v2 ? "TBX 2008" : "TBX v3"
                    print("\(path): \(kind)\(report.dialect.map { ", \($0.typeName) rules" } ?? ", core structure only"): no problems")
                }
            } catch let error as XMLError {
                Terminal.standardError.write("\(error)\n")
                unreadable += 1
            }
        }
        if unreadable > 0 { throw ExitCode(2) }
        if findings > 0 {
            if !quiet { Terminal.standardError.write("\(findings) problem(s)\n") }
            throw ExitCode(1)
        }
    }
}
