import Foundation
import Testing
@testable import ShuyuTBX

/// The stream reader serialises an element kept whole only when asked, and only while the
/// tree it was expanded from is alive.
@Suite struct StreamReaderTests {
    let document = """
        <martif xmlns:x="urn:example"><text><body>\
        <termEntry id="a"><descrip type="subjectField">law</descrip><x:date when="2024">today</x:date>\
        <langSet xml:lang="en"><tig><term>first</term></tig></langSet></termEntry>\
        <termEntry id="b"><note>second</note></termEntry>\
        </body></text></martif>
        """

    /// Moves the reader to the start of the `index`-th `termEntry` (from 0).
    func entry(_ reader: XMLStreamReader, _ index: Int) throws {
        var seen = -1
        while let position = try reader.next() {
            if position.isElementStart, position.localName == "termEntry" {
                seen += 1
                if seen == index { return }
            }
        }
        Issue.record("no entry \(index)")
    }

    @Test func keptElementsAreSerialisedOnRequest() throws {
        let reader = try XMLStreamReader(data: Data(document.utf8), displayName: "kept.tbx")
        try entry(reader, 0)
        let node = try reader.expand(keepWhole: TBXEntryMapper.keepWhole)
        let subject = try #require(node.children.first { $0.name == "descrip" })
        #expect(reader.xml(of: subject) == #"<descrip type="subjectField">law</descrip>"#)
        // A prefixed element carries the declaration of its namespace.
        let date = try #require(node.children.first { $0.name == "date" })
        #expect(reader.xml(of: date) == #"<x:date xmlns:x="urn:example" when="2024">today</x:date>"#)
        // The entry itself and its structural children were not chosen.
        #expect(reader.xml(of: node) == nil)
        #expect(reader.xml(of: try #require(node.children.first { $0.name == "langSet" })) == nil)
    }

    @Test func keptElementsAreNotServedAfterTheReaderMoves() throws {
        let reader = try XMLStreamReader(data: Data(document.utf8), displayName: "kept.tbx")
        try entry(reader, 0)
        let first = try reader.expand(keepWhole: TBXEntryMapper.keepWhole)
        let subject = try #require(first.children.first)
        let next = try reader.skipSubtree()
        #expect(next?.localName == "termEntry")
        // Its tree is freed: no text, rather than text read from freed memory.
        #expect(reader.xml(of: subject) == nil)
        let second = try reader.expand(keepWhole: TBXEntryMapper.keepWhole)
        #expect(reader.xml(of: try #require(second.children.first)) == "<note>second</note>")
        #expect(reader.xml(of: subject) == nil)
    }

    @Test(arguments: [
        ("plain term", "plain term"), ("  padded ", "padded"), ("two  spaces", "two spaces"), ("tab\there", "tab here"),
        ("line\nbreak", "line break"), ("录音制品", "录音制品"), ("录音\u{3000}制品", "录音 制品"), ("no\u{00A0}break", "no break"),
        ("café crème", "café crème"), ("", ""), (" ", ""), ("a ", "a"),
    ])
    func whitespaceIsCollapsedAsSplittingWould(input: String, expected: String) {
        #expect(input.collapsingWhitespace == expected)
        #expect(input.collapsingWhitespace == input.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
    }

    @Test(arguments: ["preferredTerm-admn-sts", " preferredTerm-admn-sts\n", "PREFERRED", "deprecatedTerm-admn-sts", "forbidden", "noun", "properNoun", " Proper Noun "])
    func vocabularyFastPathsAgreeWithTheFoldedValues(raw: String) {
        let folded = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        #expect(TBXVocabulary.status(raw) == TBXVocabulary.status(folded))
        #expect(TBXVocabulary.partOfSpeech(raw) == TBXVocabulary.partOfSpeech(folded))
    }
}
