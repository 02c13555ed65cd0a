// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Shuyu",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "shuyu", targets: ["shuyu"]),
        .library(name: "ShuyuModel", targets: ["ShuyuModel"]),
        .library(name: "ShuyuStore", targets: ["ShuyuStore"]),
        .library(name: "ShuyuMatching", targets: ["ShuyuMatching"]),
        // For the fuzz targets in Fuzz/, a package of their own.
        .library(name: "ShuyuFuzzing", targets: ["ShuyuFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // libxml2, wrapped by ShuyuTBX only.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // The concept-oriented term model (TBX-Basic shaped). No dependencies.
        .target(name: "ShuyuModel"),
        // Text normalisation and term matching (Chinese folding, English inflection).
        .target(name: "ShuyuMatching", dependencies: ["ShuyuModel"]),
        // The YAML glossary in glossary/: loading and validation with file:line:column errors.
        .target(
            name: "ShuyuGlossary",
            dependencies: ["ShuyuModel", "ShuyuMatching", .product(name: "Yams", package: "Yams")]
        ),
        // The SQLite term store. The only module that touches SQLite.
        .target(
            name: "ShuyuStore",
            dependencies: [
                "ShuyuModel", "ShuyuMatching", "ShuyuGlossary",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the import's insert loop (see RowInserter).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // TBX reading and writing. The only module that touches libxml2.
        .target(name: "ShuyuTBX", dependencies: ["ShuyuModel", "CLibXML2"]),
        // The linter: bilingual document readers, rules, findings, baseline and fixes.
        .target(
            name: "ShuyuLint",
            dependencies: ["ShuyuModel", "ShuyuMatching", "ShuyuTBX", .product(name: "Yams", package: "Yams")]
        ),
        // Printers for findings: text, JSON, SARIF.
        .target(name: "ShuyuReport", dependencies: ["ShuyuLint", "ShuyuModel"]),
        // The command-line front end: argument parsing and printing.
        .target(
            name: "ShuyuCLI",
            dependencies: [
                "ShuyuModel", "ShuyuMatching", "ShuyuGlossary", "ShuyuStore", "ShuyuTBX", "ShuyuLint", "ShuyuReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "shuyu", dependencies: ["ShuyuCLI"]),
        // What each fuzz target does with one input; Fuzz/ runs it under libFuzzer, and
        // ShuyuFuzzingTests replays every input the fuzzers found a problem with.
        .target(name: "ShuyuFuzzing", dependencies: ["ShuyuModel", "ShuyuMatching", "ShuyuGlossary", "ShuyuTBX", "ShuyuLint"]),

        // Test helpers shared by the test targets (temporary files removed at exit).
        .target(name: "ShuyuTestSupport", path: "Tests/ShuyuTestSupport"),
        .testTarget(name: "ShuyuModelTests", dependencies: ["ShuyuModel"]),
        .testTarget(name: "ShuyuMatchingTests", dependencies: ["ShuyuMatching", "ShuyuModel"]),
        .testTarget(
            name: "ShuyuGlossaryTests",
            dependencies: ["ShuyuGlossary", "ShuyuMatching", "ShuyuTestSupport"]
        ),
        .testTarget(name: "ShuyuStoreTests", dependencies: ["ShuyuStore", "ShuyuGlossary", "ShuyuTestSupport"]),
        .testTarget(name: "ShuyuTBXTests", dependencies: ["ShuyuTBX", "ShuyuGlossary", "ShuyuTestSupport"]),
        .testTarget(
            name: "ShuyuLintTests",
            dependencies: ["ShuyuLint", "ShuyuReport", "ShuyuGlossary", "ShuyuMatching", "ShuyuTestSupport"],
            exclude: ["Corpus", "CheckCorpus"]
        ),
        .testTarget(name: "ShuyuCLITests", dependencies: ["shuyu", "ShuyuLint", "ShuyuTestSupport"]),
        .testTarget(name: "ShuyuFuzzingTests", dependencies: ["ShuyuFuzzing"], exclude: ["Regressions"]),
    ],
    swiftLanguageModes: [.v6]
)
