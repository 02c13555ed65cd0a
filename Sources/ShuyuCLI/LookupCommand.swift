import ArgumentParser
import Foundation
import ShuyuModel
import ShuyuStore

/// `shuyu lookup TERM`: find a term, Chinese or English, and show its concept.
struct LookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Look up a term in either language: exact, inflected, prefix and substring.",
        discussion: """
            The language of the query is detected (Han characters: Chinese; otherwise English).
            English matches ignore case and inflection (phonograms, performers', parties);
            a query of several words finds terms with those words in a row, the last one
            as a word prefix ('producer of ph').
            Exit codes: 0 found, 1 nothing found (with suggestions), 2 usage or input error.
            """
    )

    @Argument(help: "The term to look up, e.g. 录音制品 or 'phonogram'.")
    var query: [String]

    @OptionGroup var storeOptions: StoreOptions

    @Flag(name: .long, help: "Print JSON (schema in docs/lookup-json.md).")
    var json = false

    @Flag(name: .long, help: "Only exact and inflected matches; no prefix or substring matches.")
    var exact = false

    @Flag(name: .long, help: "Show every match in full, not only the exact ones.")
    var all = false

    @Option(name: .long, help: "The most concepts to list.")
    var limit = 20

    @Option(name: .long, help: "Colour: auto (terminal only, honours NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        if query.joined(separator: " ").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("the query is empty")
        }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let text = query.joined(separator: " ")
        let store = try storeOptions.openStore()
        let result = try store.lookup(text, options: LookupOptions(includePartial: !exact, limit: limit))
        let suggestions = result.matches.isEmpty ? try store.suggestions(for: text) : []
        var related: [String: Concept] = [:]
        for match in result.matches {
            for id in match.concept.related where related[id] == nil {
                related[id] = try store.concept(id: id)
            }
        }
        let output: String
        if json {
            output = try LookupJSONPrinter.render(result, suggestions: suggestions, related: related)
        } else {
            output = LookupTextPrinter(style: Style(enabled: color.enabled()), showAll: all, related: related)
                .render(result, suggestions: suggestions)
        }
        if result.matches.isEmpty {
            if json { print(output) } else { Terminal.standardError.write(output) }
            throw ExitCode(1)
        }
        print(output, terminator: json ? "\n" : "")
    }
}
