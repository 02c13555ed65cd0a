import Foundation
import ShuyuTestSupport
import Testing

@Suite struct LookupCLITests {
    @Test func chineseQueryPrintsTheConcept() throws {
        let sandbox = try Sandbox()
        let output = try CLI.run(["lookup", "录音制品"], in: sandbox.root)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("录音制品  ⇄  phonogram"))
        #expect(output.stdout.contains("sound recording  deprecated"))
        #expect(output.stdout.contains("WPPT Art. 2(b)"))
        #expect(output.stdout.contains("录音制品制作者 / producer of phonograms"))  // related concept
        #expect(!output.stdout.contains("\u{1B}["))  // not a terminal: no colour
        // The store was created next to the glossary.
        #expect(FileManager.default.fileExists(atPath: sandbox.root.appendingPathComponent(".shuyu/store.sqlite").path))
    }

    @Test func deprecatedQuerySaysWhatToUse() throws {
        let sandbox = try Sandbox()
        let output = try CLI.run(["lookup", "Sound Recordings"], in: sandbox.root)
        #expect(output.status == 0)
        #expect(output.stdout.contains("'sound recording' is deprecated: use 'phonogram'"))
        let forbidden = try CLI.run(["lookup", "record"], in: sandbox.root)
        #expect(forbidden.stdout.contains("'record' is forbidden: use 'phonogram'"))
    }

    @Test func substringListsLongerTerms() throws {
        let sandbox = try Sandbox()
        let output = try CLI.run(["lookup", "录音"], in: sandbox.root)
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].contains("录音制品  phonogram"))
        #expect(lines[1].contains("录音制品制作者  producer of phonograms"))
    }

    @Test func missExitsOneWithSuggestions() throws {
        let sandbox = try Sandbox()
        let output = try CLI.run(["lookup", "phonogarm"], in: sandbox.root)
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("no term matches 'phonogarm'"))
        #expect(output.stderr.contains("did you mean: phonogram?"))
    }

    @Test func badUsageExitsTwo() throws {
        let sandbox = try Sandbox()
        #expect(try CLI.run(["lookup"], in: sandbox.root).status == 2)
        #expect(try CLI.run(["lookup", "x", "--limit", "0"], in: sandbox.root).status == 2)
        #expect(try CLI.run(["lookup", "x", "--no-such-flag"], in: sandbox.root).status == 2)
        #expect(try CLI.run(["frobnicate"], in: sandbox.root).status == 2)
    }

    @Test func jsonOutputHasStableFields() throws {
        let sandbox = try Sandbox()
        let output = try CLI.run(["lookup", "--json", "phonograms"], in: sandbox.root)
        #expect(output.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["queryLanguage"] as? String == "en")
        let matches = try #require(object["matches"] as? [[String: Any]])
        let first = try #require(matches.first)
        #expect(first["match"] as? String == "inflected")
        let concept = try #require(first["concept"] as? [String: Any])
        #expect(concept["id"] as? String == "demo.phonogram")
        #expect((concept["preferred"] as? [String: String])?["zh"] == "录音制品")
        #expect(concept["citations"] as? [String] == ["WPPT Art. 2(b)"])
        let related = try #require(concept["related"] as? [[String: Any]])
        #expect(related.first?["en"] as? String == "producer of phonograms")
        // A miss in JSON mode still prints a document, with suggestions, and exits 1.
        let miss = try CLI.run(["lookup", "--json", "phonogarm"], in: sandbox.root)
        #expect(miss.status == 1)
        let missObject = try #require(try JSONSerialization.jsonObject(with: Data(miss.stdout.utf8)) as? [String: Any])
        #expect((missObject["suggestions"] as? [[String: Any]])?.first?["text"] as? String == "phonogram")
    }

    @Test func colourOnlyWhenAskedOrOnATerminal() throws {
        let sandbox = try Sandbox()
        #expect(try CLI.run(["lookup", "--color", "always", "录音制品"], in: sandbox.root).stdout.contains("\u{1B}[1m"))
        #expect(!(try CLI.run(["lookup", "--color", "auto", "录音制品"], in: sandbox.root).stdout.contains("\u{1B}[")))
    }

    /// On a real terminal (util-linux `script` gives the process a pseudo-terminal) output is
    /// coloured, unless NO_COLOR is set.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func colourOnATerminalHonoursNoColor() throws {
        let sandbox = try Sandbox()
        let command = "\(CLI.binary.path) lookup 录音制品"
        let coloured = try CLI.runCommand("/usr/bin/script", ["-q", "-c", command, "/dev/null"], in: sandbox.root)
        #expect(coloured.stdout.contains("\u{1B}[1m录音制品"))
        let plain = try CLI.runCommand("/usr/bin/script", ["-q", "-c", command, "/dev/null"], in: sandbox.root, environment: ["NO_COLOR": "1"])
        #expect(plain.stdout.contains("录音制品") && !plain.stdout.contains("\u{1B}["))
    }

    @Test func brokenGlossaryIsAnInputErrorWithPosition() throws {
        let sandbox = try Sandbox(glossary: sandboxGlossary.replacingOccurrences(of: "status: deprecated", with: "status: old"))
        let output = try CLI.run(["lookup", "录音制品"], in: sandbox.root)
        #expect(output.status == 2)
        #expect(output.stderr.contains("glossary/demo.yaml:11:"))
        #expect(output.stderr.contains("unknown status 'old'"))
    }

    @Test func explicitStoreAndGlossaryOptions() throws {
        let sandbox = try Sandbox()
        let elsewhere = Scratch.directory
        let store = sandbox.root.appendingPathComponent("custom/terms.sqlite").path
        let output = try CLI.run(["lookup", "--store", store, "--glossary", sandbox.root.appendingPathComponent("glossary").path, "录音制品"], in: elsewhere)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(FileManager.default.fileExists(atPath: store))
        let viaEnvironment = try CLI.run(["lookup", "phonogram"], in: elsewhere, environment: ["SHUYU_STORE": store])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderr)")
    }
}

/// `shuyu lookup` on the glossary that ships in the repository, as README promises.
@Suite struct BundledLookupTests {
    let store = Scratch.url("bundled.sqlite").path

    @Test func readmeCommandsWork() throws {
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) } }
        let phonogram = try CLI.run(["lookup", "--store", store, "录音制品"])
        #expect(phonogram.status == 0, "\(phonogram.stderr)")
        #expect(phonogram.stdout.hasPrefix("录音制品  ⇄  phonogram"))
        #expect(phonogram.stdout.contains("WPPT Art. 2"))
        let drift = try CLI.run(["lookup", "--store", store, "--exact", "sound recording"])
        #expect(drift.stdout.contains("'sound recording' is deprecated: use 'phonogram'"))
        let sovereignty = try CLI.run(["lookup", "--store", store, "--json", "Cyber Sovereignty"])
        #expect(sovereignty.stdout.contains("\"zh\" : \"网络主权\""))
        let prefix = try CLI.run(["lookup", "--store", store, "录音"])
        #expect(prefix.stdout.contains("录音制品制作者"))
    }
}
