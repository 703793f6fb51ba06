// swift-tools-version:6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Memcg",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "memcg", targets: ["MemcgCLI"]),
        .library(name: "KernelSim", targets: ["KernelSim"]),
        .library(name: "Memcg", targets: ["Memcg"]),
        .library(name: "Scenarios", targets: ["Scenarios"]),
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
            swiftSettings: strictSettings
        ),
        .target(
            name: "Memcg",
            dependencies: [
                "KernelSim",
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Scenarios",
            dependencies: ["KernelSim", "Memcg"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "MemcgCLI",
            dependencies: [
                "KernelSim", "Memcg", "Scenarios",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "KernelSimTests", dependencies: ["KernelSim"], swiftSettings: strictSettings),
        .testTarget(name: "MemcgTests", dependencies: ["Memcg", "KernelSim"], swiftSettings: strictSettings),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "Memcg", "KernelSim"], swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
