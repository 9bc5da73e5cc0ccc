// swift-tools-version:6.0
// A separate package so the libFuzzer entry point (no `main`) never enters the product's build.
// Build and run: see README.md in this folder.
import PackageDescription

let package = Package(
    name: "logmedic-fuzz",
    // `logmedic` is a symlink to the checkout, so the package identity is the same wherever it is cloned.
    dependencies: [.package(path: "logmedic")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "FuzzScan",
            dependencies: ["FuzzDriver", .product(name: "LogMedic", package: "logmedic")]
        ),
        .executableTarget(
            name: "FuzzRedact",
            dependencies: ["FuzzDriver", .product(name: "LogMedic", package: "logmedic")]
        ),
        .executableTarget(
            name: "FuzzManifest",
            dependencies: ["FuzzDriver", .product(name: "LogMedic", package: "logmedic")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
