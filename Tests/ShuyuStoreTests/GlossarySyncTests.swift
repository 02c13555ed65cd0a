import Foundation
import ShuyuTestSupport
import Testing
import ShuyuGlossary
@testable import ShuyuStore

/// A temporary project directory with a glossary/ in it.
struct TemporaryProject: ~Copyable {
    let root: URL
    var glossary: URL { root.appendingPathComponent("glossary") }

    init(yaml: String = storeYAML) throws {
        root = Scratch.url("test")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("glossary"), withIntermediateDirectories: true)
        try write(yaml)
    }

    func write(_ yaml: String, name: String = "demo.yaml") throws {
        try yaml.write(to: glossary.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}

@Suite struct GlossarySyncTests {
    @Test func buildsOnceThenStaysUpToDate() throws {
        let project = try TemporaryProject()
        let store = try TermStore(path: project.root.appendingPathComponent(".shuyu/store.sqlite").path)
        #expect(try GlossarySync.sync(store, with: project.glossary) == .rebuilt(concepts: 5))
        #expect(try GlossarySync.sync(store, with: project.glossary) == .upToDate)
        #expect(try store.lookup("网络主权").matches.first?.concept.preferredEnglish?.text == "cyber sovereignty")
    }

    @Test func rebuildsWhenTheGlossaryChanges() throws {
        let project = try TemporaryProject()
        let store = try TermStore()
        try GlossarySync.sync(store, with: project.glossary)
        try project.write(storeYAML.replacingOccurrences(of: "- cyber sovereignty", with: "- sovereignty of cyberspace"))
        #expect(try GlossarySync.sync(store, with: project.glossary) == .rebuilt(concepts: 5))
        #expect(try store.lookup("网络主权").matches.first?.concept.preferredEnglish?.text == "sovereignty of cyberspace")
    }

    @Test func touchedButUnchangedFilesAreNotReloaded() throws {
        let project = try TemporaryProject()
        let store = try TermStore()
        try GlossarySync.sync(store, with: project.glossary)
        try project.write(storeYAML)  // same bytes, new modification time
        #expect(try GlossarySync.sync(store, with: project.glossary) == .upToDate)
    }

    @Test func aBrokenGlossaryLeavesTheStoreAsItWas() throws {
        let project = try TemporaryProject()
        let store = try TermStore()
        try GlossarySync.sync(store, with: project.glossary)
        try project.write(storeYAML.replacingOccurrences(of: "status: admitted", with: "status: official"))
        #expect(throws: GlossaryError.self) { try GlossarySync.sync(store, with: project.glossary) }
        #expect(try store.conceptCount() == 5)
        #expect(try store.lookup("sovereignty in cyberspace").matches.first?.term.status == .admitted)
    }

    @Test func locationFindsTheGlossaryInAParent() throws {
        let project = try TemporaryProject()
        let nested = project.root.appendingPathComponent("docs/deeper")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let location = try StoreLocation.resolve(store: nil, glossary: nil, environment: [:], currentDirectory: nested)
        #expect(location.glossaryDirectory?.standardizedFileURL.path == project.glossary.standardizedFileURL.path)
        #expect(location.storePath == project.root.appendingPathComponent(".shuyu/store.sqlite").standardizedFileURL.path)
    }

    @Test func locationPrefersOptionsThenEnvironment() throws {
        let project = try TemporaryProject()
        let fromEnvironment = try StoreLocation.resolve(
            store: nil, glossary: nil, environment: ["SHUYU_STORE": "/tmp/x.sqlite", "SHUYU_GLOSSARY": project.glossary.path],
            currentDirectory: URL(fileURLWithPath: "/"))
        #expect(fromEnvironment.storePath == "/tmp/x.sqlite")
        let fromOption = try StoreLocation.resolve(
            store: "y.sqlite", glossary: nil, environment: ["SHUYU_STORE": "/tmp/x.sqlite"], currentDirectory: project.root)
        #expect(fromOption.storePath == project.root.appendingPathComponent("y.sqlite").standardizedFileURL.path)
        #expect(throws: StoreLocation.ResolutionError.self) {
            _ = try StoreLocation.resolve(store: nil, glossary: nil, environment: [:], currentDirectory: URL(fileURLWithPath: "/"))
        }
    }
}
