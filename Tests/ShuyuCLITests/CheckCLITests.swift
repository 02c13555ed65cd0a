import Foundation
import ShuyuTestSupport
import Testing

enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Loads `file` in headless Chromium and returns the DOM after the page's scripts ran.
    static func dumpDOM(_ file: URL, screenshot: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        var arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,2000"]
        if let screenshot { arguments.append("--screenshot=\(screenshot.path)") } else { arguments.append("--dump-dom") }
        process.arguments = arguments + [file.absoluteString]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite struct CheckCLITests {
    static let corpus = CLI.packageRoot.appendingPathComponent("Tests/ShuyuLintTests/CheckCorpus")
    let store = Scratch.url("check.sqlite").path

    func check(_ arguments: [String]) throws -> CLI.Output {
        try CLI.run(["check", "--store", store, "--glossary", CLI.packageRoot.appendingPathComponent("glossary").path] + arguments)
    }

    @Test func textSummaryAndExitCodes() throws {
        let output = try check([Self.corpus.path])
        #expect(output.status == 1, "a forbidden rendering is an error")
        #expect(output.stdout.hasPrefix("Checked 3 document(s), 13 segment(s)."))
        #expect(output.stdout.contains("网络主权 [cyber.cyber-sovereignty] 3× in 2 doc:"))
        #expect(output.stdout.contains("[inconsistent-rendering]"))
        #expect(output.stdout.contains("数字孪生  3× in 3 doc  ≈ \"digital twin\""))
        #expect(try check(["--fail-on", "none", Self.corpus.path]).status == 0)
        #expect(try check([]).status == 2)
    }

    @Test func jsonReport() throws {
        let output = try check(["--format", "json", "--fail-on", "none", Self.corpus.path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        #expect((object["documents"] as? [String])?.count == 3)
        let census = try #require(object["census"] as? [[String: Any]])
        #expect(census.contains { $0["conceptID"] as? String == "cyber.digital-economy" })
        #expect(((object["candidates"] as? [[String: Any]])?.first?["text"] as? String) == "数字孪生")
    }

    @Test(.enabled(if: Chromium.path != nil, "needs Debian's chromium package"))
    func htmlReportRendersInAHeadlessBrowser() throws {
        let directory = Scratch.url("html")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("report.html")
        let output = try check(["--fail-on", "none", "--format", "json", "--html", report.path, Self.corpus.path])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let concepts = try #require((object["census"] as? [Any])?.count)
        let findings = try #require((object["findings"] as? [Any])?.count)
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(!html.contains("http://") && !html.contains("<script src"), "self-contained: nothing loaded from outside")
        let dom = try Chromium.dumpDOM(report)
        // The page's script built the tables from the embedded data.
        #expect(concepts == 8 && findings == 5)
        #expect(dom.components(separatedBy: "<tr class=\"concept\">").count - 1 == concepts)
        #expect(dom.contains("cyber.cyber-sovereignty"))
        #expect(dom.components(separatedBy: "<tr class=\"finding\">").count - 1 == findings)
        #expect(dom.contains("<mark class=\"r-forbidden-term\" title=\"forbidden-term\">internet sovereignty</mark>"))
        #expect(dom.contains("数字孪生"))
        let screenshot = directory.appendingPathComponent("report.png")
        _ = try Chromium.dumpDOM(report, screenshot: screenshot)
        let size = (try FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? NSNumber)?.intValue ?? 0
        #expect(size > 20_000, "a screenshot with content")
    }

    @Test(.enabled(if: Chromium.path != nil, "needs Debian's chromium package"))
    func thousandsOfFindingsStayUsable() throws {
        let directory = Scratch.url("big")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var tsv = "id\tzh\ten\n"
        for n in 1...1500 { tsv += "s\(n)\t第\(n)段：尊重网络主权，发展数字经济。\tParagraph \(n): respect internet sovereignty and develop the internet economy.\n" }
        try tsv.write(to: directory.appendingPathComponent("big.tsv"), atomically: true, encoding: .utf8)
        let report = directory.appendingPathComponent("big.html")
        let output = try check(["--fail-on", "none", "--format", "json", "--html", report.path, directory.appendingPathComponent("big.tsv").path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let total = try #require((object["findings"] as? [Any])?.count)
        #expect(total >= 3000)
        let dom = try Chromium.dumpDOM(report)
        #expect(dom.components(separatedBy: "<tr class=\"finding\">").count - 1 == 200, "findings render in chunks")
        #expect(dom.contains("200 of \(total)") == false && dom.contains("\(total) of \(total)"))
        #expect(dom.contains("id=\"finding-more\"") && !dom.contains("id=\"finding-more\" hidden"))
    }
}
