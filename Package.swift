// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "logmedic",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "logmedic", targets: ["logmedic"]),
        .library(name: "LogMedic", targets: ["LogMedic"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "LogMedic",
            dependencies: [
                "CPCRE2", "CLibPQ", "CZlib",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "logmedic",
            dependencies: [
                "LogMedic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "LogMedicTests",
            dependencies: ["LogMedic", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["LogMedic"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
