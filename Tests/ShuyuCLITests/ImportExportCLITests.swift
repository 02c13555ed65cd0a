import Foundation
import Testing

enum SharedFixtures {
    static let root = CLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/tbx-real")
    static var available: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("SOURCES.md").path) }
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

@Suite(.enabled(if: SharedFixtures.available, "needs ../shared/fixtures/tbx-real"))
struct ImportExportCLITests {
    let astronomy = SharedFixtures.path("LTAC-Global__TBX-Basic_dialect/DCA/Example_Astronomy_DCA_VALID.tbx")
    let broken = SharedFixtures.path("LTAC-Global__TBX_test_files/poorly_formed_xml.tbx")

    /// The whole store as TBX: two exports are equal exactly when the stores hold the same.
    func snapshot(_ sandbox: Sandbox) throws -> String {
        let output = try CLI.run(["export"], in: sandbox.root)
        #expect(output.status == 0, "\(output.stderr)")
        return output.stdout
    }

    @Test func importThenLookUp() throws {
        let sandbox = try Sandbox()
        let output = try CLI.run(["import", astronomy], in: sandbox.root)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("TBX v3 (TBX-Basic, DCA): 45 entries, 45 concepts"))
        #expect(output.stdout.contains("imported: 45 added"))
        let lookup = try CLI.run(["lookup", "--exact", "open cluster"], in: sandbox.root)
        #expect(lookup.status == 0)
        #expect(lookup.stdout.contains("cúmulo abierto"))
        // Glossary concepts are still there, and a re-import replaces its own concepts.
        #expect(try CLI.run(["lookup", "录音制品"], in: sandbox.root).status == 0)
        // The same file again: every concept is as stored, and nothing is written.
        let again = try CLI.run(["import", astronomy], in: sandbox.root)
        #expect(again.stdout.contains("imported: 0 added, 0 replaced, 0 merged, 45 unchanged"), "\(again.stdout)")
    }

    @Test func aFailedImportChangesNothing() throws {
        let sandbox = try Sandbox()
        let before = try snapshot(sandbox)
        let output = try CLI.run(["import", astronomy, broken], in: sandbox.root)
        #expect(output.status == 2)
        #expect(output.stderr.contains("poorly_formed_xml.tbx:42:16: error: Opening and ending tag mismatch"))
        #expect(output.stderr.contains("nothing was imported; the store is unchanged"))
        #expect(try snapshot(sandbox) == before)
    }

    @Test func skipInvalidImportsWhatIsValid() throws {
        let sandbox = try Sandbox()
        let output = try CLI.run(["import", "--skip-invalid", astronomy, broken, SharedFixtures.path("Slicer__SlicerLanguageTranslations/zh_Hans.tbx")], in: sandbox.root)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("not imported: \(broken):42:16"))
        #expect(output.stdout.contains("language tags normalised: zh_Hans → zh-Hans"))
        #expect(output.stdout.contains("skipped 136:"))
        #expect(output.stdout.contains("imported: 198 added"))
    }

    @Test func dryRunChangesNothing() throws {
        let sandbox = try Sandbox()
        let before = try snapshot(sandbox)
        let output = try CLI.run(["import", "--dry-run", astronomy], in: sandbox.root)
        #expect(output.stdout.contains("would import: 45 added"))
        #expect(try snapshot(sandbox) == before)
    }

    @Test func conflictsWithAnotherSourceAreKeptUnlessAsked() throws {
        let sandbox = try Sandbox()
        // A file whose entry id is a glossary concept's id.
        let file = sandbox.root.appendingPathComponent("clash.tbx")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
            <text><body><termEntry id="demo.phonogram"><langSet xml:lang="en"><tig><term>disc</term></tig></langSet></termEntry></body></text></martif>
            """.write(to: file, atomically: true, encoding: .utf8)
        let kept = try CLI.run(["import", file.path], in: sandbox.root)
        #expect(kept.stdout.contains("0 added, 0 replaced, 0 merged, 0 unchanged, 1 kept"))
        #expect(kept.stdout.contains("demo.phonogram"))
        let merged = try CLI.run(["import", "--on-conflict", "merge", file.path], in: sandbox.root)
        #expect(merged.stdout.contains("1 merged"))
        let lookup = try CLI.run(["lookup", "--exact", "disc"], in: sandbox.root)
        #expect(lookup.stdout.contains("录音制品  ⇄  phonogram"))
    }

    @Test func notTBXIsAClearError() throws {
        let sandbox = try Sandbox()
        let file = sandbox.root.appendingPathComponent("note.xml")
        try "<?xml version=\"1.0\"?>\n<html><body/></html>\n".write(to: file, atomically: true, encoding: .utf8)
        let output = try CLI.run(["import", file.path], in: sandbox.root)
        #expect(output.status == 2)
        #expect(output.stderr.contains("not TBX: the root element is <html>"))
        let missing = try CLI.run(["import", "/nonexistent.tbx"], in: sandbox.root)
        #expect(missing.status == 2 && missing.stderr.contains("no such file"))
    }

    @Test func exportFormatsAndFilters() throws {
        let sandbox = try Sandbox()
        let out = sandbox.root.appendingPathComponent("out.tbx").path
        #expect(try CLI.run(["export", "-o", out], in: sandbox.root).status == 0)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("<tbx type=\"TBX-Basic\" style=\"dca\""))
        let v2 = try CLI.run(["export", "--format", "tbx-v2"], in: sandbox.root)
        #expect(v2.stdout.contains("<martif type=\"TBX-Basic\""))
        let preferred = try CLI.run(["export", "--status", "preferred", "--lang", "en"], in: sandbox.root)
        #expect(preferred.stdout.contains("<term>phonogram</term>"))
        #expect(!preferred.stdout.contains("sound recording"))
        #expect(!preferred.stdout.contains("录音制品"))
        let csv = try CLI.run(["export", "--format", "csv"], in: sandbox.root)
        let lines = csv.stdout.components(separatedBy: "\r\n")
        #expect(lines[0] == "id,subject,en,en other,zh,zh other,definition,citations,notes,related")
        #expect(lines[1].hasPrefix("demo.phonogram,related rights,phonogram,sound recording [deprecated]; record [forbidden],录音制品,,"))
        #expect(try CLI.run(["export", "--status", "sometimes"], in: sandbox.root).status == 2)
    }
}

@Suite(.enabled(if: SharedFixtures.available, "needs ../shared/fixtures/tbx-real"))
struct ValidateCLITests {
    @Test func exitCodes() throws {
        let good = try CLI.run(["validate", SharedFixtures.path("LTAC-Global__TBX_test_files/basic_good.tbx")])
        #expect(good.status == 0, "\(good.stdout)")
        let bad = try CLI.run(["validate", SharedFixtures.path("LTAC-Global__TBX_test_files/basic_bad.tbx")])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("basic_bad.tbx:69:7: error: partOfSpeech must be one of"))
        let broken = try CLI.run(["validate", SharedFixtures.path("LTAC-Global__TBX_test_files/poorly_formed_xml.tbx")])
        #expect(broken.status == 2)
        let glossary = try CLI.run(["validate", "glossary"])
        #expect(glossary.status == 0, "\(glossary.stdout)")
        #expect(glossary.stdout.contains("info: 尊重网络主权 contains 网络主权 (cyber.cyber-sovereignty)"))
        #expect(!glossary.stdout.contains(": error:"))
        let schema = SharedFixtures.path("LTAC-Global__TBX-Basic_dialect/v1.1-7b3d903/TBXcoreStructV03_TBX-Basic_integrated.rng")
        let withSchema = try CLI.run(["validate", "--schema", schema, "exports/shuyu-glossary.tbx"])
        #expect(withSchema.status == 0, "\(withSchema.stdout)")
    }
}

@Suite struct ValidateGlossaryCLITests {
    @Test func termRulesOnABrokenGlossaryAndATBXFile() throws {
        let sandbox = try Sandbox(glossary: sandboxGlossary.replacingOccurrences(of: "    citation: WPPT Art. 2(d)\n", with: ""))
        let broken = try CLI.run(["validate", "--format", "json", "glossary"], in: sandbox.root)
        #expect(broken.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(broken.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.map { $0["rule"] as? String } == ["missing-citation"])
        #expect((findings[0]["source"] as? [String: Any])?["line"] as? Int == 13)
        // A TBX file with a term twice in one language and two preferred terms.
        let tbx = sandbox.root.appendingPathComponent("twice.tbx")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc></tbxHeader><text><body>
            <conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>disc</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec><termSec><term>Disc</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec><langSec xml:lang="zh"><termSec><term>唱片</term></termSec></langSec></conceptEntry>
            </body></text></tbx>
            """.write(to: tbx, atomically: true, encoding: .utf8)
        let output = try CLI.run(["validate", tbx.path], in: sandbox.root)
        #expect(output.status == 1)
        #expect(output.stdout.contains("twice.tbx:3:1: error: 'Disc' appears twice in the en section of 'c1' [duplicate-term]"))
        #expect(output.stdout.contains("[multiple-preferred]"))
        let store = try CLI.run(["validate", "--check-store"], in: sandbox.root)
        #expect(store.status == 2 || store.status == 0)
    }
}

/// Two processes at once: a lookup during an import answers at once (WAL), and a second
/// import waits for the first and then runs, instead of failing or corrupting the store.
@Suite struct ConcurrentImportTests {
    @Test func secondImportWaitsAndLookupsKeepWorking() throws {
        let sandbox = try Sandbox()
        let tbx = sandbox.root.appendingPathComponent("big.tbx")
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = ["python3", CLI.packageRoot.appendingPathComponent("Benchmarks/generate-tbx.py").path, "4000", tbx.path]
        generator.standardOutput = FileHandle.nullDevice
        try generator.run()
        generator.waitUntilExit()
        #expect(generator.terminationStatus == 0)
        // Build the store first, so that the two imports are the only writers.
        #expect(try CLI.run(["lookup", "录音制品"], in: sandbox.root).status == 0)

        let first = Process()
        first.executableURL = CLI.binary
        first.arguments = ["import", "-q", tbx.path]
        first.currentDirectoryURL = sandbox.root
        try first.run()
        Thread.sleep(forTimeInterval: 0.3)
        let lookup = try CLI.run(["lookup", "--exact", "phonogram"], in: sandbox.root)
        #expect(lookup.status == 0, "a lookup during an import: \(lookup.stderr)")
        let second = try CLI.run(["import", "--on-conflict", "replace", tbx.path], in: sandbox.root)
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(second.status == 0, "\(second.stderr)")
        // Whichever got the store first, the other ran after it, whole.
        #expect(second.stdout.contains("4000 unchanged") || second.stdout.contains("4000 added"), "\(second.stdout)")
        let csv = try CLI.run(["export", "--format", "csv", "--collection", "big.tbx"], in: sandbox.root)
        #expect(csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 4001)
        let integrity = Process()
        integrity.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        integrity.arguments = ["python3", "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
                               sandbox.root.appendingPathComponent(".shuyu/store.sqlite").path]
        let pipe = Pipe()
        integrity.standardOutput = pipe
        try integrity.run()
        integrity.waitUntilExit()
        #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test func aWriterThatWaitsTooLongGivesUpCleanly() throws {
        // A store locked by a long write transaction (python holds BEGIN IMMEDIATE for 3 s);
        // an import with a 1 s limit gives up with a message and exit code 2.
        let sandbox = try Sandbox()
        #expect(try CLI.run(["lookup", "录音制品"], in: sandbox.root).status == 0)
        let store = sandbox.root.appendingPathComponent(".shuyu/store.sqlite").path
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN IMMEDIATE'); time.sleep(3); c.execute('COMMIT')", store]
        try holder.run()
        Thread.sleep(forTimeInterval: 0.5)
        let tbx = sandbox.root.appendingPathComponent("one.tbx")
        try "<martif type=\"TBX\"><text><body><termEntry id=\"x\"><langSet xml:lang=\"en\"><tig><term>disc</term></tig></langSet></termEntry></body></text></martif>".write(to: tbx, atomically: true, encoding: .utf8)
        // Readers do not wait for the writer (WAL): a lookup answers while the lock is held.
        let started = Date()
        let lookup = try CLI.run(["lookup", "--exact", "phonogram"], in: sandbox.root, environment: ["SHUYU_BUSY_LIMIT": "1"])
        #expect(lookup.status == 0, "\(lookup.stderr)")
        #expect(holder.isRunning && Date().timeIntervalSince(started) < 2, "the lookup did not wait for the lock")
        let output = try CLI.run(["import", tbx.path], in: sandbox.root, environment: ["SHUYU_BUSY_LIMIT": "1"])
        holder.waitUntilExit()
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("another process is writing"))
        #expect(output.stderr.contains("nothing was changed"))
    }
}

@Suite struct ExportTargetTests {
    @Test func crossReferencesOnlyToExportedConcepts() throws {
        let sandbox = try Sandbox()
        let whole = try CLI.run(["export"], in: sandbox.root)
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stdout.contains(#"<ref type="crossReference" target="demo.producer">demo.producer</ref>"#))
        // The target is asked of the store while the export reads: filtered out, it is left out.
        let filtered = try CLI.run(["export", "--id-prefix", "demo.phonogram"], in: sandbox.root)
        #expect(filtered.status == 0, "\(filtered.stderr)")
        #expect(filtered.stdout.contains("录音制品") && !filtered.stdout.contains("<ref"))
    }

    @Test func aSymbolicLinkIsFollowedAndKept() throws {
        let sandbox = try Sandbox()
        let real = sandbox.root.appendingPathComponent("real.tbx")
        let link = sandbox.root.appendingPathComponent("link.tbx")
        try "old".write(to: real, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        #expect(try CLI.run(["export", "-o", link.path], in: sandbox.root).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == real.path)
        #expect(try String(contentsOf: real, encoding: .utf8).hasPrefix("<?xml"))
    }

    @Test func aSpecialFileIsWrittenInPlace() throws {
        let sandbox = try Sandbox()
        // Renaming a temporary file over /dev/stdout would replace the link for everyone.
        let output = try CLI.run(["export", "--format", "csv", "-o", "/dev/stdout"], in: sandbox.root)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("录音制品"))
        var info = stat()
        #expect(lstat("/dev/stdout", &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK)
    }
}
