import Foundation
import Testing
@testable import ShuyuFuzzing

/// Replays, through the fuzz harnesses, every input the fuzzers found a problem with
/// (`Regressions/<target>/`), so that a fixed crash stays fixed. A harness stops the test
/// process when an invariant breaks, so a regression shows as a crash of this suite.
@Suite struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions")

    static var inputs: [String] {
        let targets = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return targets.sorted().flatMap { target in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(target).path)) ?? [])
                .filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { "\(target)/\($0)" }
        }
    }

    @Test func everyTargetHasAHarness() throws {
        let targets = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { !$0.hasPrefix(".") && $0 != "README.md" }
        #expect(Set(targets) == Set(FuzzHarness.targets.keys))
    }

    @Test(arguments: inputs)
    func replay(_ input: String) throws {
        let target = String(input.split(separator: "/")[0])
        let harness = try #require(FuzzHarness.targets[target])
        harness(try Data(contentsOf: Self.directory.appendingPathComponent(input)))
    }
}
