import Foundation
import ShuyuModel
import ShuyuTBX
import Yams

/// A project's `.shuyu.yaml`: where the glossary and store are, which rules run at which
/// severity, the default paths, the failure threshold and the baseline.
///
/// ```yaml
/// glossary: glossary/
/// store: .shuyu/store.sqlite
/// languages: {source: zh, target: en}
/// fail-on: error            # error, warning, info or none
/// collections: [cyber]        # only these glossary collections (default: all)
/// paths: [translations/]
/// baseline: .shuyu-baseline.json
/// rules:
///   admitted-term: off
///   term-count: warning     # on, or a severity: also turns on an opt-in rule
/// ```
public struct LintConfiguration: Sendable, Equatable {
    public var glossary: String?
    public var store: String?
    public var languages: LanguagePair?
    public var failOn: String?
    public var paths: [String] = []
    public var baseline: String?
    /// Glossary collections (or imported files) to use; all when empty.
    public var collections: [String] = []
    public var disabledRules: Set<String> = []
    public var enabledRules: Set<String> = []
    public var severities: [String: Severity] = [:]
    /// The file it was read from.
    public var file: String?

    public init() {}

    /// The nearest `.shuyu.yaml` in `directory` or a parent, if any.
    public static func find(from directory: URL) -> URL? {
        var current = directory.standardizedFileURL
        while true {
            let candidate = current.appendingPathComponent(".shuyu.yaml")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// Reads a configuration file; relative paths in it are relative to its directory.
    public static func load(_ url: URL) throws -> LintConfiguration {
        let file = url.path
        guard let data = FileManager.default.contents(atPath: file) else { throw InputError(file: file, message: "cannot read the configuration") }
        let text = try TextDecoding.decode(data, file: file)
        let node: Node
        do {
            guard let parsed = try Yams.compose(yaml: text) else { return LintConfiguration() }
            node = parsed
        } catch let error as YamlError {
            throw InputError(file: file, message: "YAML: \(error)")
        }
        guard let map = node.mapping else { throw InputError(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: "expected a mapping of settings") }
        var configuration = LintConfiguration()
        configuration.file = file
        let base = url.deletingLastPathComponent()
        func relative(_ path: String) -> String { path.hasPrefix("/") ? path : base.appendingPathComponent(path).standardizedFileURL.path }
        func fail(_ node: Node, _ message: String) -> InputError {
            InputError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, message: message)
        }
        for (key, value) in map {
            switch key.string ?? "" {
            case "glossary": configuration.glossary = value.string.map(relative)
            case "store": configuration.store = value.string.map(relative)
            case "baseline": configuration.baseline = value.string.map(relative)
            case "fail-on":
                guard let level = value.string, level == "none" || Severity(rawValue: level) != nil else { throw fail(value, "fail-on must be error, warning, info or none") }
                configuration.failOn = level
            case "collections":
                configuration.collections = value.sequence.map { $0.compactMap(\.string) } ?? value.string.map { [$0] } ?? []
            case "paths":
                configuration.paths = (value.sequence.map { $0.compactMap(\.string) } ?? value.string.map { [$0] } ?? []).map(relative)
            case "languages":
                let source = value.mapping?["source"]?.string, target = value.mapping?["target"]?.string
                switch (source, target) {
                case ("zh", "en"): configuration.languages = .zhEn
                case ("en", "zh"): configuration.languages = .enZh
                default: throw fail(value, "languages must be {source: zh, target: en} or {source: en, target: zh}")
                }
            case "rules":
                guard let rules = value.mapping else { throw fail(value, "rules must map rule ids to off, on, or a severity") }
                for (ruleKey, setting) in rules {
                    let id = ruleKey.string ?? ""
                    guard Linter.rule(id) != nil else {
                        throw fail(ruleKey, "unknown rule '\(id)'; rules are \(Linter.rules.map { $0.description.identifier }.joined(separator: ", "))")
                    }
                    let raw = setting.string ?? setting.mapping?["severity"]?.string ?? ""
                    switch raw {
                    case "off", "false": configuration.disabledRules.insert(id)
                    case "on", "true": configuration.enabledRules.insert(id)
                    default:
                        guard let severity = Severity(rawValue: raw) else { throw fail(setting, "'\(raw)': use off, on, error, warning or info") }
                        configuration.severities[id] = severity
                        configuration.enabledRules.insert(id)
                    }
                }
            default:
                throw fail(key, "unknown setting '\(key.string ?? "")'; settings are glossary, store, collections, languages, fail-on, paths, baseline, rules")
            }
        }
        return configuration
    }
}
