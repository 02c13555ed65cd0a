import Foundation
import Testing
@testable import ShuyuTBX

/// Hostile TBX: external entities, network DTDs and entity expansion bombs fail fast with a
/// clear error, and never leak a file's contents.
@Suite struct HostileInputTests {
    func read(_ xml: String) throws -> [String] {
        let path = temporaryFile("hostile.tbx")
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try TBXReader(path: path, displayName: "hostile.tbx", options: TBXReadOptions(origin: "import:test"))
        var texts: [String] = []
        _ = try reader.read { concept in texts += concept.allTerms.map(\.term.text) + concept.notes }
        return texts
    }

    func entry(_ term: String) -> String {
        "<martif type=\"TBX\"><text><body><termEntry id=\"a\"><langSet xml:lang=\"en\"><tig><term>\(term)</term></tig></langSet></termEntry></body></text></martif>"
    }

    @Test func externalEntityIsRefusedWithItsPosition() throws {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE martif [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n" + entry("&xxe;")
        do {
            let texts = try read(xml)
            Issue.record("read without error: \(texts)")
        } catch let error as XMLError {
            #expect(error.message.contains("external entity '&xxe;' (file:///etc/passwd) refused"))
            #expect(error.line == 3 && error.column > 0)
            #expect(!error.description.contains("root:"))
        }
    }

    @Test func externalEntityInANoteIsRefusedToo() throws {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE martif [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n"
            + "<martif type=\"TBX\"><text><body><termEntry id=\"a\"><note>&xxe;</note><langSet xml:lang=\"en\"><tig><term>x</term></tig></langSet></termEntry></body></text></martif>"
        #expect(throws: XMLError.self) { _ = try read(xml) }
    }

    @Test func networkDTDIsNeverFetched() throws {
        // Port 9 (discard) on loopback: were it fetched, the parse would fail or hang.
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE martif SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n" + entry("phonogram")
        let start = Date()
        #expect(try read(xml) == ["phonogram"])
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func parameterEntityToTheNetworkIsNotLoaded() throws {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE martif [<!ENTITY % remote SYSTEM \"http://127.0.0.1:9/x.dtd\"> %remote;]>\n" + entry("phonogram")
        #expect(try read(xml) == ["phonogram"])
    }

    @Test func billionLaughsFailsFast() throws {
        var entities = "<!ENTITY lol0 \"lol\">"
        for level in 1...10 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE martif [\(entities)]>\n" + entry("&lol10;")
        let start = Date()
        #expect(throws: XMLError.self) { _ = try read(xml) }
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func tenThousandDeepNestingFailsFast() throws {
        let xml = entry("x</term><note>" + String(repeating: "<hi>", count: 10_000) + "deep" + String(repeating: "</hi>", count: 10_000) + "</note><term>")
        do {
            _ = try read(xml)
            Issue.record("read without error")
        } catch let error as XMLError {
            #expect(error.message.contains("nested more than 256 deep"))
            #expect(error.line == 1 && error.column > 0)
        }
    }

    @Test func hugeTextNodeFailsFast() throws {
        // libxml2 refuses text nodes over 10 MB unless asked for huge documents, which Shuyu never does.
        let xml = entry(String(repeating: "a", count: 12 * 1024 * 1024))
        do {
            _ = try read(xml)
            Issue.record("read without error")
        } catch let error as XMLError {
            #expect(error.message.contains("longer than 10 MB"))
        }
    }

    @Test func internalEntitiesStillWork() throws {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE martif [<!ENTITY org \"World Intellectual Property Organization\">]>\n" + entry("&org;")
        #expect(try read(xml) == ["World Intellectual Property Organization"])
    }

    @Test func entityLoaderAllowsOnlyListedDirectories() {
        XMLLibrary.ensureInitialised()
        #expect(!XMLLibrary.isAllowed("/etc/passwd"))
        #expect(!XMLLibrary.isAllowed("http://example.org/x.dtd"))
        XMLLibrary.allowingFiles(in: "/srv/schemas") {
            #expect(XMLLibrary.isAllowed("/srv/schemas/core.rng"))
            #expect(XMLLibrary.isAllowed("file:///srv/schemas/core.rng"))
            #expect(!XMLLibrary.isAllowed("/srv/schemas/../../etc/passwd"))
        }
        #expect(!XMLLibrary.isAllowed("/srv/schemas/core.rng"))
    }
}

@Suite struct LineLocatorTests {
    /// Lines far apart, behind the window, out of order, with every line-break style and
    /// multi-byte text: each comes back as written.
    @Test func linesComeBackWhateverTheOrder() throws {
        let count = LineLocator.window * 3
        let lines = (1...count).map { "第\($0)行 🙂 line \($0)" }
        let breaks = ["\n", "\r\n", "\r"]
        let text = lines.enumerated().map { $0.element + breaks[$0.offset % 3] }.joined()
        let path = temporaryFile("lines.txt")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let locator = LineLocator(path: path)
        for number in [1, 2, 5000, 4999, 5000 - LineLocator.window + 1, count, 3, count - 1, count] {
            #expect(locator.line(number) == lines[number - 1], "line \(number)")
        }
        #expect(locator.line(count + 1) == nil)
    }

    /// The column of the n-th `<name` on a line counts characters, not bytes.
    @Test func validatorColumnsCountCharacters() throws {
        let path = temporaryFile("columns.tbx")
        let entry = #"<conceptEntry id="a"><langSec xml:lang="zh"><termSec><term>录音</term><term>录音制品</term></termSec></langSec></conceptEntry>"#
        try """
            <?xml version="1.0"?>
            <tbx type="TBX-Core" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>网络主权🙂</p></sourceDesc></fileDesc></tbxHeader><text><body>\(entry)</body></text></tbx>
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let findings = try TBXValidator.validate(path: path, displayName: "columns.tbx", dialect: nil).findings
        let second = try #require(findings.first { $0.rule == "tbx-core-one-term" })
        let line = try #require(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").last.map(String.init))
        let characters = Array(line)
        let expected = characters.indices.filter { String(characters[$0...].prefix(6)) == "<term>" }[1] + 1
        #expect(second.error.line == 2 && second.error.column == expected)
    }
}
