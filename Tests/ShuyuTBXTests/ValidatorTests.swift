import Foundation
import Testing
@testable import ShuyuTBX

/// The dialect rules, checked against LTAC's own good and bad test files: each bad file's
/// header comment lists the errors it was written to trigger.
@Suite(.enabled(if: Fixtures.available, "needs ../shared/fixtures/tbx-real"))
struct ValidatorTests {
    func findings(_ path: String) throws -> [TBXFinding] {
        try TBXValidator.validate(path: Fixtures.path(path), displayName: path).findings
    }

    @Test(arguments: [
        "LTAC-Global__TBX_test_files/basic_good.tbx",
        "LTAC-Global__TBX_test_files/min_good.tbx",
        "LTAC-Global__TBX-Basic_dialect/DCA/Example_Astronomy_DCA_VALID.tbx",
        "LTAC-Global__TBX-Basic_dialect/DCT/Example_Astronomy_DCT_VALID.tbx",
        "LTAC-Global__TBX-Min_dialect/DCA/Example_Astronomy_DCA_VALID.tbx",
        "LTAC-Global__TBX-converter/converted-by-pl/Good-Basic2.tbx",
        "cimiano__tbx2rdf/TBXBasic/TBX-basic-samples.tbx",
        "stefan-jung__org.jung.terminology/DualConcept_MultiTerm_Sample.tbx",
    ])
    func goodFilesAreClean(_ path: String) throws {
        #expect(try findings(path) == [])
    }

    @Test func basicBadHasExactlyTheFiveListedErrors() throws {
        let found = try findings("LTAC-Global__TBX_test_files/basic_bad.tbx")
        #expect(found.map(\.rule) == [
            "tbx-basic-source-level", "tbx-basic-transac-type", "tbx-basic-picklist",
            "tbx-basic-definition-level", "tbx-basic-transacnote-type",
        ])
        #expect(found.allSatisfy { $0.error.line > 0 && $0.error.column > 0 })
        #expect(found[2].error.message.contains("'nominal'"))
    }

    @Test func coreStructureBadHasTheSixListedErrors() throws {
        let rules = Set(try findings("LTAC-Global__TBX_test_files/core_structure_bad.tbx").map(\.rule))
        #expect(rules.isSuperset(of: [
            "tbx-core-text-in-sourcedesc", "tbx-core-misplaced", "tbx-core-term-first",
            "tbx-core-missing-type", "tbx-core-one-term", "tbx-core-one-descrip",
        ]))
    }

    @Test func positionsPointAtTheElement() throws {
        let found = try findings("LTAC-Global__TBX_test_files/core_structure_bad.tbx")
        let misplaced = try #require(found.first { $0.rule == "tbx-core-misplaced" })
        #expect(misplaced.error.line == 21 && misplaced.error.column == 3)  // "\t\t<admin" on line 21
    }

    @Test func termOutsideATermSection() throws {
        #expect(try findings("cimiano__tbx2rdf/TBXBasic/tbx_basic_sample_badelementorder.tbx").map(\.rule) == ["tbx-core-misplaced"])
    }

    @Test func shuyuExportsPassTheirDialectRules() throws {
        for file in ["exports/shuyu-glossary.tbx", "exports/shuyu-glossary.v2.tbx"] {
            let path = Fixtures.packageRoot.appendingPathComponent(file).path
            #expect(try TBXValidator.validate(path: path).findings == [], "\(file)")
        }
    }

    @Test func minifiedLinesGetDistinctColumns() throws {
        let path = temporaryFile("minified.tbx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
            <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text><body><conceptEntry id="a"><langSec xml:lang="en"><termSec><term>a</term><termNote type="partOfSpeech">nom</termNote></termSec><termSec><term>b</term><termNote type="partOfSpeech">vrb</termNote></termSec></langSec></conceptEntry></body></text></tbx>
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let found = try TBXValidator.validate(path: path).findings
        #expect(found.count == 2)
        #expect(Set(found.map(\.error.column)).count == 2)
        #expect(found.allSatisfy { $0.error.column > 100 })
    }
}
