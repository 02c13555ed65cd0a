import ArgumentParser
import ShuyuLint

/// `shuyu rules [ID]`: the lint rules, with their examples.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the lint rules, or show one with its examples.")

    @Argument(help: "A rule identifier, e.g. forbidden-term.")
    var rule: String?

    func run() throws {
        if let rule {
            guard let type = Linter.rule(rule) else {
                throw ValidationError("unknown rule '\(rule)'; rules are \(Linter.rules.map { $0.description.identifier }.joined(separator: ", "))")
            }
            print(RuleDocumentation.render(type.description))
        } else {
            for type in Linter.rules {
                let description = type.description
                let optIn = description.isOptIn ? ", opt-in" : ""
                print("\(description.identifier.padding(toLength: 18, withPad: " ", startingAt: 0)) \(description.defaultSeverity.rawValue)\(optIn)  \(description.name)")
            }
        }
    }
}

/// A rule's documentation in Markdown, from its description and examples.
enum RuleDocumentation {
    static func render(_ description: RuleDescription) -> String {
        var out = "## \(description.identifier)\n\n\(description.summary)\n\n"
        out += "Default severity: \(description.defaultSeverity.rawValue)\(description.isOptIn ? "; opt-in (turn it on in .shuyu.yaml)" : "").\n\n"
        out += "Reported (↓ marks where):\n\n"
        for example in description.triggeringExamples { out += line(example) }
        out += "\nNot reported:\n\n"
        for example in description.nonTriggeringExamples { out += line(example) }
        return out
    }

    static func line(_ example: RuleExample) -> String {
        "- `\(example.source)` → `\(example.target)`" + (example.note.map { " — \($0)" } ?? "") + "\n"
    }
}
