import Foundation
import Testing
import ShuyuModel
@testable import ShuyuTBX

@Suite struct BackgroundReadingTests {
    /// A TBX file of `count` concepts (several batches of the background reader).
    static func file(_ count: Int) throws -> String {
        let concepts = (0..<count).map { n in
            Concept(id: "c\(n)", subject: "s\(n % 7)", languages: [
                LanguageSection(language: .zh, terms: [Term("术语\(n)号")]),
                LanguageSection(language: .en, terms: [Term("term \(n)"), Term("old term \(n)", status: .deprecated)]),
            ])
        }
        return try write(concepts)
    }

    func read(_ path: String, background: Bool, stopAt: Int? = nil) -> (concepts: [Concept], summary: TBXReadSummary?, error: (any Error)?) {
        var concepts: [Concept] = []
        do {
            let reader = try TBXReader(path: path, options: TBXReadOptions(origin: "import:test"))
            let body: (Concept) throws -> Void = { concept in
                if concepts.count == stopAt { throw CocoaError(.userCancelled) }
                concepts.append(concept)
            }
            let summary = try background ? reader.readInBackground(body) : reader.read(body)
            return (concepts, summary, nil)
        } catch {
            return (concepts, nil, error)
        }
    }

    @Test func sameConceptsAndSummaryAsReadingInline() throws {
        let path = try Self.file(1_000)
        let inline = read(path, background: false)
        let background = read(path, background: true)
        #expect(background.concepts.count == 1_000)
        let same = background.concepts == inline.concepts
        #expect(same)
        #expect(background.summary?.concepts == inline.summary?.concepts)
        #expect(background.summary?.terms == inline.summary?.terms)
    }

    @Test func aBrokenFileFailsAfterTheSameConcepts() throws {
        let path = try Self.file(1_000)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let middle = try #require(text.range(of: "<conceptEntry id=\"c600\">"))
        text.replaceSubrange(middle, with: "<conceptEntry id=\"c600\"><oops>")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let inline = read(path, background: false)
        let background = read(path, background: true)
        let inlineError = try #require(inline.error as? XMLError)
        let backgroundError = try #require(background.error as? XMLError)
        #expect(backgroundError.description == inlineError.description)
        #expect(background.concepts.count == 600)
        let same = background.concepts == inline.concepts
        #expect(same)
    }

    @Test func anErrorInTheBodyStopsTheReading() throws {
        let path = try Self.file(3_000)
        let stopped = read(path, background: true, stopAt: 300)
        #expect(stopped.concepts.count == 300)
        #expect((stopped.error as? CocoaError)?.code == .userCancelled)
        // The reader thread has finished: reading again works at once.
        #expect(read(path, background: true).concepts.count == 3_000)
    }
}
