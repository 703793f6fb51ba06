// swift-tools-version:6.1
import PackageDescription

// A package outside the model's own, depending on it by path as any other
// package would: it builds only if the model's libraries carry no unsafe
// flags, and its program checks the public API end to end.
let package = Package(
    name: "LibraryConsumer",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Memcg", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "LibraryConsumer",
            dependencies: [
                .product(name: "KernelSim", package: "Memcg"),
                .product(name: "Memcg", package: "Memcg"),
                .product(name: "CgroupFS", package: "Memcg"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
