import ArgumentParser
import Foundation
import ShuyuGlossary
import ShuyuLint
import ShuyuModel
import ShuyuStore
import ShuyuTBX

/// The `shuyu` command: its subcommands, and the process exit codes.
///
/// Exit codes: 0 success; 1 nothing found (lookup) or findings (lint); 2 usage or input errors.
public struct ShuyuCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "shuyu",
        abstract: "Shuyu (术语): Chinese–English terminology for treaty and policy translation.",
        discussion: """
            Exit codes: 0 success, 1 nothing found or findings reported, 2 usage or input error.
            The term store is built from glossary/ on first use and whenever the glossary changes.
            """,
        version: "0.1.0 (libxml2 \(TBXSupport.libxml2Version))",
        subcommands: [LookupCommand.self, LintCommand.self, CheckCommand.self, ImportCommand.self, ExportCommand.self, ValidateCommand.self, RulesCommand.self]
    )

    public init() {}

    /// Parses `arguments` (the process's by default), runs the command and exits with
    /// Shuyu's exit codes: usage errors exit 2, not ArgumentParser's 64.
    public static func runAndExit(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch let error as CLIError {
            Terminal.standardError.write("shuyu: error: \(error.message)\n")
            Foundation.exit(error.code)
        } catch let error as GlossaryError {
            Terminal.standardError.write("\(error.description)\nshuyu: error: the glossary has \(error.diagnostics.count) problem(s); nothing was changed\n")
            Foundation.exit(2)
        } catch let error as StoreError {
            Terminal.standardError.write("shuyu: error: \(error.description)\n")
            Foundation.exit(2)
        } catch let error as InputError {
            Terminal.standardError.write("\(error)\n")
            Foundation.exit(2)
        } catch let error as XMLError {
            Terminal.standardError.write("\(error)\n")
            Foundation.exit(2)
        } catch let error as StoreLocation.ResolutionError {
            Terminal.standardError.write("shuyu: error: \(error.description)\n")
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Terminal.standardError.write(fullMessage(for: error) + "\n")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// An error the CLI reports itself, with the exit code to use.
struct CLIError: Error {
    var message: String
    var code: Int32 = 2
}
