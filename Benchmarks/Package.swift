// swift-tools-version:6.1
// In-process benchmarks, in a package of their own so that the main build never resolves
// or builds them. Run: cd Benchmarks && swift run -c release shuyu-bench lookup STORE
import PackageDescription

let package = Package(
    name: "ShuyuBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Shuyu", path: "..")],
    targets: [
        .executableTarget(
            name: "shuyu-bench",
            dependencies: [
                .product(name: "ShuyuStore", package: "Shuyu"), .product(name: "ShuyuModel", package: "Shuyu"),
                .product(name: "ShuyuMatching", package: "Shuyu"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
