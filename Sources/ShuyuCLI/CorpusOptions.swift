import ArgumentParser
import Foundation
import ShuyuLint
import ShuyuMatching
import ShuyuModel
import ShuyuStore
import ShuyuTBX

/// Options shared by `shuyu lint` and `shuyu check`: the documents, the glossary and
/// store, the direction, the project configuration and the failure threshold.
struct CorpusOptions: ParsableArguments {
    @Argument(help: "Documents, directories, or an aligned SOURCE TARGET pair (default: the paths in .shuyu.yaml).")
    var paths: [String] = []

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "Exit 1 when a finding has this severity or higher: error (default), warning, info, none.")
    var failOn: String?

    @Option(name: .long, help: "The source language, zh or en (detected when omitted).")
    var source: String?

    @Option(name: .long, help: "The target language, en or zh (detected when omitted).")
    var target: String?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Use only these glossary collections (wppt, wct, cyber) or imported files.", valueName: "name"))
    var collection: [String] = []

    @Option(name: .long, help: ArgumentHelp("Configuration file (default: the nearest .shuyu.yaml).", valueName: "file"))
    var config: String?

    @Option(name: .long, help: "Colour: auto (terminal only, honours NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        if let failOn, failOn != "none", Severity(rawValue: failOn) == nil { throw ValidationError("--fail-on takes error, warning, info or none") }
        _ = try languages()
    }

    /// The nearest `.shuyu.yaml`, or `--config`, or an empty configuration.
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

    /// The term index for the glossary (or the configured one), scoped to `--collection`.
    func termIndex(_ settings: LintConfiguration) throws -> TermIndex {
        var storeOptions = self.storeOptions
        storeOptions.store = storeOptions.store ?? settings.store
        storeOptions.glossary = storeOptions.glossary ?? settings.glossary
        let store = try storeOptions.openStore()
        let collections = collection.isEmpty ? settings.collections : collection
        // SHUYU_NO_MATCHER_CACHE=1 builds the index afresh instead of loading its snapshot.
        let useSnapshot = ProcessInfo.processInfo.environment["SHUYU_NO_MATCHER_CACHE"] == nil
        let origins = collections.flatMap { ["glossary:\($0)", "import:\($0)"] }
        let index = try store.termIndex(origins: origins, useSnapshot: useSnapshot).index
        if !collections.isEmpty, index.conceptCount == 0 {
            throw ValidationError("no concepts in collection(s) \(collections.joined(separator: ", "))")
        }
        return index
    }

    /// Lint options from the configuration, the direction and rule switches.
    func lintOptions(_ settings: LintConfiguration, enable: [String] = [], disable: [String] = []) throws -> LintOptions {
        LintOptions(
            disabledRules: settings.disabledRules.subtracting(enable).union(disable), enabledRules: settings.enabledRules.union(enable),
            severities: settings.severities, languages: try languages() ?? settings.languages)
    }

    /// The documents to read.
    func inputs(_ settings: LintConfiguration) throws -> [DocumentInput] {
        try DocumentInputs.resolve(paths.isEmpty ? settings.paths : paths)
    }

    /// Whether findings reach the failure threshold.
    func fails(_ findings: [Finding], _ settings: LintConfiguration) -> Bool {
        fails(counts: Dictionary(grouping: findings, by: \.severity).mapValues(\.count), settings)
    }

    /// Whether findings, counted by severity, reach the failure threshold.
    func fails(counts: [Severity: Int], _ settings: LintConfiguration) -> Bool {
        let threshold = failOn ?? settings.failOn ?? "error"
        guard threshold != "none", let level = Severity(rawValue: threshold) else { return false }
        return counts.contains { $0.key >= level && $0.value > 0 }
    }
}
