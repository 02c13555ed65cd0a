// swift-tools-version:6.1
// libFuzzer targets, in a package of their own: they link only with -sanitize=fuzzer, and
// the main build never builds them. Run them with scripts/fuzz (see its header).
import PackageDescription

let targets = ["tbx", "bilingual-xml", "text", "glossary", "matcher", "snapshot"]

let package = Package(
    name: "ShuyuFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Shuyu", path: "..")],
    targets: [.target(name: "CFuzzDriver")] + targets.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: ["CFuzzDriver", .product(name: "ShuyuFuzzing", package: "Shuyu")]
        )
    },
    swiftLanguageModes: [.v6]
)
