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
        // libpq's header only (no pkg-config: it would link libpq, which CLibPQLoader loads when a database is reached).
        .systemLibrary(
            name: "CLibPQ",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "CLibPQLoader", dependencies: ["CLibPQ"]),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "LogMedic",
            dependencies: [
                "CPCRE2", "CLibPQ", "CLibPQLoader", "CZlib",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "logmedic",
            dependencies: [
                "LogMedic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift runtime and Foundation linked into the binary: it runs where no Swift is installed, starts
            // without resolving the runtime's symbols, and calls swift_retain/release (several per finding) directly.
            // A failure storm's scan and report took 6-9 % less CPU (bench/README.md, thirteenth storm round).
            // The modules were compiled against the shared Foundation, whose own dependencies are inside it: the
            // static one needs them named.
            linkerSettings: [.unsafeFlags(
                ["-static-stdlib", "-lCoreFoundation", "-l_FoundationCShims", "-l_FoundationCollections", "-l_FoundationICU"],
                .when(platforms: [.linux]))]
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
