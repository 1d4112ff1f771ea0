// swift-tools-version:6.1
import PackageDescription

// Targets follow DESIGN.md §5: pure cryptography at the bottom, executables thin on top.
// Later issues add Proofs, Model, Ranking, Archive, FeedAudit and FeedTUI.
let package = Package(
    name: "FeedProof",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Algebra", targets: ["Algebra"]),
        .library(name: "Transcript", targets: ["Transcript"]),
        .library(name: "Proofs", targets: ["Proofs"]),
        .library(name: "Model", targets: ["Model"]),
        .library(name: "Ranking", targets: ["Ranking"]),
        // The reference workloads and measurements of `feedproof bench`, for the package-benchmark suite in
        // Benchmarks/ (a separate package, so `make test` and CI never build package-benchmark).
        .library(name: "FeedProofBench", targets: ["FeedProofBench"]),
        .library(name: "Archive", targets: ["Archive"]),
        .library(name: "FeedTUI", targets: ["FeedTUI"]),
        .executable(name: "feedproof", targets: ["feedproof"]),
        .executable(name: "feedaudit", targets: ["feedaudit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // System libraries. GMP is a test oracle and benchmark baseline, xxHash is for archive checksums.
        .systemLibrary(name: "CGMP", pkgConfig: "gmp", providers: [.apt(["libgmp-dev"])]),
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),

        // Scalars mod ℓ, GF(2^255−19), ristretto255, hash-to-group, multi-scalar multiplication.
        .target(
            name: "Algebra",
            // Optimized even in debug builds: the whole test suite runs on this arithmetic, and unoptimized
            // field code is 30–100× slower. Release builds are unaffected.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // Keccak-f[1600], STROBE-128 and Merlin transcripts, hedged prover randomness (typed scalars and points).
        .target(name: "Transcript", dependencies: ["Algebra"]),

        // Multilinear polynomials, Pedersen/Hyrax commitments, Σ-proofs, ZK sumcheck, logUp-GKR (DESIGN.md §2).
        .target(
            name: "Proofs",
            dependencies: ["Algebra", "Transcript"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),

        // The ranking model: ONNX import, quantization, golden integer inference, feature recipes (DESIGN.md §3).
        .target(
            name: "Model",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["ONNX/onnx-subset.proto"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),

        // Statements, model commitment, ranking prover and verifier, bundles, the ModelID transparency log (§4).
        .target(
            name: "Ranking",
            dependencies: ["Proofs", "Model", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),

        // The auditor's library: load a bundle, check signature, log, features and proof, explain the verdict.
        .target(name: "FeedAudit", dependencies: ["Ranking", "Model", "Proofs"]),

        // The user's auditor screen: key decoding, display widths, the audit screen's state and pure renderer.
        // No terminal I/O here; `feedaudit` owns the terminal.
        .target(name: "FeedTUI", dependencies: ["FeedAudit", "Ranking", "Model"]),

        // The publisher's archive: SQLite through GRDB, shard keys and checksums with xxHash (DESIGN.md §5, "Scale").
        .target(
            name: "Archive",
            dependencies: ["Ranking", "Model", "CXXHash", .product(name: "GRDB", package: "GRDB.swift")]
        ),

        // The command-line options naming the trust anchors, shared by feedproof and feedaudit.
        .target(
            name: "AuditOptions",
            dependencies: ["FeedAudit", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // The researcher's bulk verifier: archive rows by rowid range across workers, verdicts, JSON/Markdown reports.
        .target(name: "ArchiveAudit", dependencies: ["Archive", "FeedAudit", "Ranking"]),

        // Measurements behind `feedproof bench`; GMP is the baseline it compares against.
        .target(
            name: "FeedProofBench",
            dependencies: ["Algebra", "Transcript", "Proofs", "Model", "Ranking", "Archive", "CGMP"]
        ),
        .executableTarget(
            name: "feedproof",
            dependencies: [
                "FeedProofBench",
                "Model",
                "Ranking",
                "FeedAudit",
                "Archive",
                "ArchiveAudit",
                "AuditOptions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // `feedaudit`: audit a user's bundles (files or an archive) and show what is and is not proven.
        .executableTarget(
            name: "feedaudit",
            dependencies: [
                "FeedTUI", "FeedAudit", "Archive", "AuditOptions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Fixtures (the official vectors), GMP oracles and random inputs shared by the test targets.
        .target(name: "FeedProofTestSupport", dependencies: ["Algebra", "Transcript", "Proofs", "CGMP", "CXXHash"]),
        .testTarget(name: "AlgebraTests", dependencies: ["Algebra", "FeedProofTestSupport", "CGMP"]),
        .testTarget(name: "TranscriptTests", dependencies: ["Transcript", "FeedProofTestSupport"]),
        .testTarget(name: "ModelTests", dependencies: ["Model", "FeedProofTestSupport"]),
        .testTarget(name: "ProofsTests", dependencies: ["Proofs", "Algebra", "Transcript", "FeedProofTestSupport"]),
        .testTarget(name: "RankingTests", dependencies: ["Ranking", "FeedProofTestSupport"]),
        .testTarget(name: "FeedAuditTests", dependencies: ["FeedAudit", "Ranking", "Model", "FeedProofTestSupport"]),
        .testTarget(
            name: "ArchiveTests",
            dependencies: [
                "Archive", "ArchiveAudit", "FeedAudit", "Ranking", "Model", "FeedProofTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "FeedTUITests", dependencies: ["FeedTUI", "FeedProofTestSupport", "FeedAudit", "Ranking", "Archive"]
        ),
        .testTarget(name: "FoundationTests", dependencies: ["FeedProofTestSupport", "CXXHash"]),
        .testTarget(name: "FeedProofBenchTests", dependencies: ["FeedProofBench"]),
    ],
    swiftLanguageModes: [.v6]
)
