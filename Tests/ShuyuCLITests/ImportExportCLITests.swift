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
        let again = try CLI.run(["import", astronomy], in: sandbox.root)
        #expect(again.stdout.contains("imported: 0 added, 45 replaced"))
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
        #expect(kept.stdout.contains("0 added, 0 replaced, 0 merged, 1 kept"))
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
