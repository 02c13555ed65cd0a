import Foundation
import ShuyuTestSupport
import Testing

/// exports/ is generated from glossary/ (scripts/update-exports) and must not go stale.
@Suite struct ExportsAreCurrentTests {
    @Test(arguments: [("tbx", "shuyu-glossary.tbx"), ("tbx-v2", "shuyu-glossary.v2.tbx")])
    func exportMatchesTheGlossary(format: String, file: String) throws {
        let directory = Scratch.url("exports")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fresh = directory.appendingPathComponent(file).path
        let output = try CLI.run([
            "export", "--store", directory.appendingPathComponent("store.sqlite").path, "--glossary", "glossary",
            "--format", format, "-o", fresh,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let committed = try Data(contentsOf: CLI.packageRoot.appendingPathComponent("exports/\(file)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: fresh)) == committed, "exports/\(file) is stale: run scripts/update-exports")
    }
}
