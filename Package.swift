// swift-tools-version:6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// The model is single-threaded and built of classes. The dynamic
// exclusivity check costs on a few hot stored properties, which say
// `@exclusivity(unchecked)` themselves; no unsafe flags, so other packages
// can depend on these libraries.
let modelSettings = strictSettings

let package = Package(
    name: "Memcg",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "memcg", targets: ["MemcgCLI"]),
        .library(name: "KernelSim", targets: ["KernelSim"]),
        .library(name: "Memcg", targets: ["Memcg"]),
        .library(name: "Workload", targets: ["Workload"]),
        .library(name: "CgroupFS", targets: ["CgroupFS"]),
        .library(name: "Scenarios", targets: ["Scenarios"]),
        .library(name: "Fuzz", targets: ["Fuzz"]),
        .library(name: "HostReader", targets: ["HostReader"]),
        .library(name: "Report", targets: ["Report"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        .target(
            name: "KernelSim",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: modelSettings
        ),
        .target(
            name: "Memcg",
            dependencies: [
                "KernelSim",
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: modelSettings
        ),
        .target(
            name: "Workload",
            dependencies: ["KernelSim", "Memcg"],
            swiftSettings: modelSettings
        ),
        .target(
            name: "CgroupFS",
            dependencies: ["KernelSim", "Memcg", "Workload"],
            swiftSettings: modelSettings
        ),
        .target(
            name: "Scenarios",
            dependencies: ["KernelSim", "Memcg", "Workload", "CgroupFS"],
            swiftSettings: modelSettings
        ),
        .target(
            name: "Report",
            dependencies: ["KernelSim", "Memcg", "Scenarios"],
            swiftSettings: modelSettings
        ),
        .target(
            name: "Fuzz",
            dependencies: ["KernelSim", "Memcg", "Workload", "CgroupFS"],
            swiftSettings: modelSettings
        ),
        .target(
            name: "HostReader",
            dependencies: ["KernelSim", "Memcg", "Workload"],
            swiftSettings: modelSettings
        ),
        .target(
            name: "MemcgTestSupport",
            dependencies: ["KernelSim", "Memcg"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "MemcgCLI",
            dependencies: [
                "KernelSim", "Memcg", "Workload", "CgroupFS", "Scenarios", "Fuzz", "HostReader", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: modelSettings
        ),
        .testTarget(name: "KernelSimTests", dependencies: ["KernelSim"], swiftSettings: strictSettings),
        .testTarget(name: "MemcgTests", dependencies: ["Memcg", "KernelSim", "MemcgTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "WorkloadTests", dependencies: ["Workload", "Memcg", "KernelSim", "MemcgTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "CgroupFSTests", dependencies: ["CgroupFS", "Workload", "Memcg", "KernelSim", "MemcgTestSupport"], resources: [.copy("Scripts")], swiftSettings: strictSettings),
        .testTarget(name: "FuzzTests", dependencies: ["Fuzz", "CgroupFS", "Memcg", "KernelSim", "MemcgTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "HostReaderTests", dependencies: ["HostReader", "Memcg", "KernelSim"], resources: [.copy("Snapshots")], swiftSettings: strictSettings),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Scenarios", "Memcg"], swiftSettings: strictSettings),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "Memcg", "KernelSim"], swiftSettings: strictSettings),
        // Runs the built `memcg` executable as a user would (the dependency
        // makes `swift test` build it first).
        .testTarget(name: "MemcgCLITests", dependencies: ["MemcgCLI", "Fuzz"], swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
