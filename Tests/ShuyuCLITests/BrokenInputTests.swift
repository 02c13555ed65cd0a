import Foundation
import Testing

/// Broken and hostile files in every format Shuyu reads, through the real `shuyu` binary:
/// each one fails fast with exit status 2 and a message naming the file (and the line and
/// column where there is one), or — where the input is odd but readable — is read right.
/// A watchdog kills a run that hangs, which fails the test.
@Suite struct BrokenInputTests {
    /// The formats, each with a one-segment document around a Chinese and an English text.
    enum Format: String, CaseIterable, CustomTestStringConvertible {
        case tbx, xliff, tmx, tsv, text
        var testDescription: String { rawValue }
        var isXML: Bool { self == .tbx || self == .xliff || self == .tmx }
        var fileName: String {
            switch self {
            case .tbx: "terms.tbx"
            case .xliff: "doc.xlf"
            case .tmx: "memory.tmx"
            case .tsv: "doc.tsv"
            case .text: "doc.en.txt"
            }
        }

        /// The document, as bytes; `zh` and `en` are put in as they are (they may be bytes
        /// that are not UTF-8). The segment is on line 3 of the XML formats, line 1 otherwise.
        func document(zh: [UInt8], en: [UInt8], declaration: String = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>") -> [UInt8] {
            let d = Array(declaration.utf8)
            switch self {
            case .tbx:
                return d + Array("\n<martif type=\"TBX\" xml:lang=\"en\"><text><body>\n<termEntry id=\"c1\"><langSet xml:lang=\"zh\"><tig><term>".utf8)
                    + zh + Array("</term></tig></langSet><langSet xml:lang=\"en\"><tig><term>".utf8) + en
                    + Array("</term></tig></langSet></termEntry>\n</body></text></martif>\n".utf8)
            case .xliff:
                return d + Array("\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"x\" source-language=\"zh\" target-language=\"en\" datatype=\"plaintext\"><body>\n<trans-unit id=\"1\"><source>".utf8)
                    + zh + Array("</source><target>".utf8) + en + Array("</target></trans-unit>\n</body></file></xliff>\n".utf8)
            case .tmx:
                return d + Array("\n<tmx version=\"1.4\"><header srclang=\"zh\" adminlang=\"en\" segtype=\"sentence\" datatype=\"plaintext\" o-tmf=\"x\" creationtool=\"t\" creationtoolversion=\"1\"/><body>\n<tu><tuv xml:lang=\"zh\"><seg>".utf8)
                    + zh + Array("</seg></tuv><tuv xml:lang=\"en\"><seg>".utf8) + en + Array("</seg></tuv></tu>\n</body></tmx>\n".utf8)
            case .tsv:
                return zh + [0x09] + en + [0x0A]
            case .text:
                return en + [0x0A]
            }
        }
    }

    /// A scratch directory with the sandbox glossary and a store.
    final class Scratch {
        let sandbox: Sandbox
        var root: URL { sandbox.root }
        var store: String { root.appendingPathComponent("store.sqlite").path }
        init() throws { sandbox = try Sandbox() }

        func write(_ bytes: [UInt8], _ name: String) throws -> String {
            let url = root.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }

        /// Runs the command that reads `format`: import for TBX, lint for the others (a text
        /// pair gets a Chinese file with the same number of lines).
        func read(_ format: Format, _ path: String, zhText: String = "录音制品\n") throws -> CLI.Output {
            let common = ["--store", store, "--glossary", root.appendingPathComponent("glossary").path]
            switch format {
            case .tbx:
                return try CLI.run(["import"] + common + [path], in: root, timeout: 60)
            case .text:
                let zh = try write(Array(zhText.utf8), "doc.zh.txt")
                return try CLI.run(["lint"] + common + [zh, path], in: root, timeout: 60)
            default:
                return try CLI.run(["lint"] + common + [path], in: root, timeout: 60)
            }
        }

        func read(_ format: Format, zh: [UInt8] = Array("录音制品".utf8), en: [UInt8]) throws -> (output: CLI.Output, path: String) {
            let path = try write(format.document(zh: zh, en: en), format.fileName)
            return (try read(format, path), path)
        }
    }

    /// Where the English text starts in `format`'s document: "line:column".
    func enPosition(_ format: Format) -> (line: Int, column: Int) {
        let bytes = format.document(zh: Array("录音制品".utf8), en: Array("\u{1}".utf8))
        let marker = bytes.firstIndex(of: 1)!
        let before = bytes[..<marker]
        let line = before.filter { $0 == 0x0A }.count + 1
        let lineStart = (before.lastIndex(of: 0x0A) ?? -1) + 1
        return (line, String(decoding: bytes[lineStart..<marker], as: UTF8.self).unicodeScalars.count + 1)
    }

    /// The column a finding in the English text starts from: XML findings count within the
    /// segment (docs/lint.md), text and TSV findings within the line.
    func findingColumn(_ format: Format, zh: String = "录音制品") -> Int {
        switch format {
        case .tsv: zh.unicodeScalars.count + 2
        default: 1
        }
    }

    @Test(arguments: Format.allCases)
    func invalidUTF8IsRefusedWithItsPosition(format: Format) throws {
        let scratch = try Scratch()
        let (output, _) = try scratch.read(format, en: Array("phono".utf8) + [0xFF] + Array("gram".utf8))
        let (line, column) = enPosition(format)
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(format.fileName):\(line):\(column + 5): error: not valid UTF-8"), "\(output.stderr)")
    }

    @Test(arguments: Format.allCases)
    func nulByteIsRefusedWithItsPosition(format: Format) throws {
        let scratch = try Scratch()
        let (output, _) = try scratch.read(format, en: Array("phono".utf8) + [0] + Array("gram".utf8))
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(format.fileName):"), "\(output.stderr)")
        #expect(output.stderr.contains("NUL"), "\(output.stderr)")
    }

    @Test(arguments: [Format.tbx, .xliff, .tmx], ["&#xD800;", "&#3;", "\u{3}"])
    func charactersXMLForbidsAreRefused(format: Format, reference: String) throws {
        let scratch = try Scratch()
        let (output, _) = try scratch.read(format, en: Array("phono\(reference)gram".utf8))
        let (line, _) = enPosition(format)
        #expect(output.status == 2)
        let code = reference == "&#xD800;" ? "U+D800" : "U+0003"
        #expect(output.stderr.contains("\(format.fileName):\(line):"), "\(output.stderr)")
        #expect(output.stderr.contains(code), "\(output.stderr)")
    }

    /// A byte-order mark in the middle (files joined with `cat`) and a zero-width space
    /// inside a term do not hide the term; columns still count them.
    @Test(arguments: [Format.xliff, .tmx, .tsv, .text])
    func invisibleCharactersDoNotHideATerm(format: Format) throws {
        let scratch = try Scratch()
        let (output, _) = try scratch.read(format, zh: Array("录\u{200B}音制品".utf8), en: Array("A\u{FEFF} rec\u{FEFF}ord.".utf8))
        let (line, _) = enPosition(format)
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        // "A", BOM, space: the forbidden rendering starts 3 code points in.
        let column = findingColumn(format, zh: "录\u{200B}音制品") + 3
        #expect(output.stdout.contains("\(format.fileName):\(line):\(column): error: 'rec\u{FEFF}ord'"), "\(output.stdout)")
    }

    @Test func invisibleCharactersInAnImportedTermStillLookUp() throws {
        let scratch = try Scratch()
        let path = try scratch.write(Format.tbx.document(zh: Array("录音\u{200B}制品".utf8), en: Array("phono\u{FEFF}gram".utf8)), "terms.tbx")
        #expect(try scratch.read(.tbx, path).status == 0)
        let found = try CLI.run(["lookup", "--store", scratch.store, "--glossary", scratch.root.appendingPathComponent("glossary").path, "--json", "phonogram"], in: scratch.root)
        #expect(found.status == 0)
        #expect(found.stdout.contains("\"c1\""), "\(found.stdout)")
    }

    @Test(arguments: [Format.tbx, .xliff, .tmx])
    func truncatedXMLIsCalledTruncated(format: Format) throws {
        let scratch = try Scratch()
        let whole = format.document(zh: Array("录音制品".utf8), en: Array("phonogram".utf8))
        let path = try scratch.write(Array(whole.prefix(whole.count * 2 / 3)), format.fileName)
        let output = try scratch.read(format, path)
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(format.fileName):3:"), "\(output.stderr)")
        #expect(output.stderr.contains("truncated"), "\(output.stderr)")
    }

    /// Text cut in the middle of a multi-byte character.
    @Test(arguments: [Format.tsv, .text])
    func truncatedTextIsRefusedAtTheCut(format: Format) throws {
        let scratch = try Scratch()
        let path = try scratch.write(Array(format.document(zh: Array("录音制品".utf8), en: Array("录音".utf8)).dropLast(2)), format.fileName)
        let output = try scratch.read(format, path)
        #expect(output.status == 2)
        #expect(output.stderr.contains("not valid UTF-8"), "\(output.stderr)")
    }

    @Test(arguments: Format.allCases, ["", " \n\n"])
    func emptyFiles(format: Format, content: String) throws {
        let scratch = try Scratch()
        let path = try scratch.write(Array(content.utf8), format.fileName)
        let output = try scratch.read(format, path, zhText: content)
        if format.isXML {
            #expect(output.status == 2)
            #expect(output.stderr.contains("\(format.fileName):1:1: error: the file is empty"), "\(output.stderr)")
        } else {
            // An empty text is an empty document: nothing to report.
            #expect(output.status == 0, "\(output.stderr)")
        }
    }

    @Test(arguments: Format.allCases)
    func fifoIsRefusedWithoutWaitingForAWriter(format: Format) throws {
        let scratch = try Scratch()
        let path = scratch.root.appendingPathComponent(format.fileName).path
        #expect(mkfifo(path, 0o600) == 0)
        let output = try scratch.read(format, path)
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(format.fileName): error: is a named pipe (FIFO)"), "\(output.stderr)")
    }

    @Test func directoryIsNotATBXFile() throws {
        let scratch = try Scratch()
        let path = scratch.root.appendingPathComponent("dir.tbx")
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        let output = try scratch.read(.tbx, path.path)
        #expect(output.status == 2)
        #expect(output.stderr.contains("dir.tbx: error: is a directory"), "\(output.stderr)")
    }

    @Test(arguments: [Format.tbx, .xliff, .tmx])
    func aMillionAttributesAreRefusedFast(format: Format) throws {
        let scratch = try Scratch()
        var bytes = Array("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!-- ' \" --><!ENTITY e \"<y a='1'>\">]>\n<x".utf8)
        bytes.reserveCapacity(12_000_000)
        for index in 0..<1_000_000 { bytes += Array(" a\(index)=\"\"".utf8) }
        bytes += Array("/>\n".utf8)
        let path = try scratch.write(bytes, format.fileName)
        let output = try scratch.read(format, path)
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(format.fileName):3:1: error: a start tag with more than 10000 attributes"), "\(output.stderr)")
    }

    @Test(arguments: [Format.xliff, .tmx])
    func externalEntityInASegmentIsNeverRead(format: Format) throws {
        let scratch = try Scratch()
        let secret = try scratch.write(Array("TOP-SECRET-LINE\n".utf8), "secret.txt")
        let declaration = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY leak SYSTEM \"file://\(secret)\">]>"
        let path = try scratch.write(format.document(zh: Array("录音制品".utf8), en: Array("&leak;".utf8), declaration: declaration), format.fileName)
        let output = try scratch.read(format, path)
        #expect(!(output.stdout + output.stderr).contains("TOP-SECRET"))
        #expect(output.status == 2)
        #expect(output.stderr.contains("refused"), "\(output.stderr)")
    }

    /// A DTD and a parameter entity on the network are never fetched: the document reads
    /// as if they were not there. A server on port 9 (discard) would make a fetch hang.
    @Test(arguments: [Format.xliff, .tmx])
    func networkDTDIsNeverFetched(format: Format) throws {
        let scratch = try Scratch()
        let declaration = "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://127.0.0.1:9/evil.dtd\" [<!ENTITY % remote SYSTEM \"http://127.0.0.1:9/p.ent\"> %remote;]>"
        let path = try scratch.write(format.document(zh: Array("录音制品".utf8), en: Array("a record".utf8), declaration: declaration), format.fileName)
        let output = try scratch.read(format, path)
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stdout.contains("error: 'record' is forbidden"), "\(output.stdout)")
    }

    @Test(arguments: [Format.xliff, .tmx])
    func billionLaughsInASegmentFailsFast(format: Format) throws {
        let scratch = try Scratch()
        var entities = "<!ENTITY l0 \"ha\">"
        for level in 1...10 { entities += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">" }
        let declaration = "<?xml version=\"1.0\"?><!DOCTYPE x [\(entities)]>"
        let path = try scratch.write(format.document(zh: Array("录音制品".utf8), en: Array("&l10;".utf8), declaration: declaration), format.fileName)
        let output = try scratch.read(format, path)
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(format.fileName):"), "\(output.stderr)")
    }

    /// A 100 KB entity referenced 100,000 times: a 400 KB file that would expand to 10 GB.
    /// libxml2 keeps the references in the tree; Shuyu's copy stops at its allowance.
    @Test(arguments: [Format.tbx, .xliff, .tmx])
    func quadraticEntityBlowUpFailsFast(format: Format) throws {
        let scratch = try Scratch()
        let declaration = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"" + String(repeating: "a", count: 100_000) + "\">]>"
        let path = try scratch.write(format.document(zh: Array("录音制品".utf8), en: Array(String(repeating: "&a;", count: 100_000).utf8), declaration: declaration), format.fileName)
        let output = try scratch.read(format, path)
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(format.fileName):3: error: entity references expand to more than 16 MB"), "\(output.stderr)")
    }

    /// Short internal entities, as some tools write them, still expand.
    @Test(arguments: [Format.xliff, .tmx])
    func internalEntitiesExpand(format: Format) throws {
        let scratch = try Scratch()
        let declaration = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY bad \"record\">]>"
        let path = try scratch.write(format.document(zh: Array("录音制品".utf8), en: Array("a &bad;".utf8), declaration: declaration), format.fileName)
        let output = try scratch.read(format, path)
        #expect(output.status == 1)
        #expect(output.stdout.contains("error: 'record' is forbidden"), "\(output.stdout)")
    }

    @Test(arguments: [Format.xliff, .tmx])
    func deepNestingInASegmentFailsFast(format: Format) throws {
        let scratch = try Scratch()
        let en = String(repeating: "<g id=\"1\">", count: 10_000) + "x" + String(repeating: "</g>", count: 10_000)
        let (output, _) = try scratch.read(format, en: Array(en.utf8))
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(format.fileName):3:"), "\(output.stderr)")
    }

    @Test(arguments: [Format.xliff, .tmx, .tsv])
    func aHugeSegmentIsRefusedInBoundedMemory(format: Format) throws {
        let scratch = try Scratch()
        let (output, _) = try scratch.read(format, en: Array(repeating: UInt8(ascii: "a"), count: 17 << 20))
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(format.fileName):"), "\(output.stderr)")
    }

    /// XML in other encodings: declared GB18030 and UTF-16 with a BOM are read; GB18030
    /// that claims to be UTF-8 is refused with a way to fix it.
    @Test(arguments: [Format.tbx, .xliff, .tmx])
    func xmlEncodings(format: Format) throws {
        let scratch = try Scratch()
        // 录音制品 in GB18030; the rest of the document is ASCII.
        let gb: [UInt8] = [0xC2, 0xBC, 0xD2, 0xF4, 0xD6, 0xC6, 0xC6, 0xB7]
        let utf16 = String(decoding: format.document(zh: Array("录音制品".utf8), en: Array("record".utf8), declaration: "<?xml version=\"1.0\" encoding=\"UTF-16\"?>"), as: UTF8.self).data(using: .utf16)!
        for (encoding, bytes) in [
            ("GB18030", format.document(zh: gb, en: Array("record".utf8), declaration: "<?xml version=\"1.0\" encoding=\"GB18030\"?>")),
            ("UTF-16", [UInt8](utf16)),
        ] {
            let path = try scratch.write(bytes, format.fileName)
            let output = try scratch.read(format, path)
            #expect(output.status == (format == .tbx ? 0 : 1), "\(encoding): \(output.stderr)")
            if format != .tbx { #expect(output.stdout.contains("'record'"), "\(encoding): \(output.stdout)") }
        }
        let output = try scratch.read(format, try scratch.write(format.document(zh: gb, en: Array("record".utf8)), format.fileName))
        #expect(output.status == 2)
        #expect(output.stderr.contains("iconv -f GB18030"), "\(output.stderr)")
    }

    /// CR and CRLF line ends in XML: findings keep their line numbers.
    @Test(arguments: [Format.xliff, .tmx], ["\r", "\r\n"])
    func xmlLineEnds(format: Format, lineEnd: String) throws {
        let scratch = try Scratch()
        let lf = String(decoding: format.document(zh: Array("录音制品".utf8), en: Array("a record".utf8)), as: UTF8.self)
        let path = try scratch.write(Array(lf.replacingOccurrences(of: "\n", with: lineEnd).utf8), format.fileName)
        let output = try scratch.read(format, path)
        let (line, _) = enPosition(format)
        #expect(output.status == 1)
        #expect(output.stdout.contains("\(format.fileName):\(line):\(findingColumn(format) + 2): error: 'record'"), "\(output.stdout)")
    }
}
