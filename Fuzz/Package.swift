// swift-tools-version:6.1
import PackageDescription

// Coverage-guided fuzzing of every decoder that reads untrusted bytes (issue 11). Not part of the root package:
// built only by `make fuzz` (see Fuzz/README.md), with `-sanitize=fuzzer,address`; each harness is an executable
// whose entry point runs libFuzzer's driver. FeedAudit is not a product of the root package; FeedTUI brings it.
let harnesses = [
    "fuzz-bundle", "fuzz-proof", "fuzz-proof-tamper", "fuzz-commitment", "fuzz-log", "fuzz-requests", "fuzz-onnx",
    "fuzz-archive-row", "fuzz-modelfile",
]

let package = Package(
    name: "FeedProofFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "FeedProof", path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The declaration of libFuzzer's LLVMFuzzerRunDriver.
        .target(name: "CFuzzDriver"),
        // The golden files the harnesses check against, the input cursor and the libFuzzer entry point.
        .target(
            name: "FuzzSupport",
            dependencies: [
                "CFuzzDriver",
                .product(name: "Model", package: "FeedProof"),
                .product(name: "Archive", package: "FeedProof"),
                .product(name: "Ranking", package: "FeedProof"),
                .product(name: "FeedTUI", package: "FeedProof"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        )
    ]
        + harnesses.map { name in
            .executableTarget(
                name: name,
                dependencies: [
                    "FuzzSupport",
                    .product(name: "Model", package: "FeedProof"),
                    .product(name: "Proofs", package: "FeedProof"),
                    .product(name: "Archive", package: "FeedProof"),
                    .product(name: "Ranking", package: "FeedProof"),
                    .product(name: "FeedTUI", package: "FeedProof"),
                    .product(name: "GRDB", package: "GRDB.swift"),
                ],
                path: "Sources/\(name)"
            )
        },
    swiftLanguageModes: [.v6]
)
