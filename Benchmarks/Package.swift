// swift-tools-version:6.1
import PackageDescription

// Benchmarks for the Memcg package, kept in their own package so that the
// main package (and CI) never builds package-benchmark. Run from this folder:
//
//     swift package benchmark
//
// See README.md.
let package = Package(
    name: "MemcgBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Memcg", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.29.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KernelSim", package: "Memcg"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
            ],
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "MemcgBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KernelSim", package: "Memcg"),
                .product(name: "Memcg", package: "Memcg"),
            ],
            path: "Benchmarks/MemcgBenchmarks",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
            ],
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
