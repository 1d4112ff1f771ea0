// swift-tools-version:6.1
import PackageDescription

// FeedProof's package-benchmark suite (issue 10): wall clock, CPU time, peak resident memory and malloc counts of
// the algebra, the proof toolkit and whole ranking proofs. A package of its own so that `make test` and CI never
// build package-benchmark. Run it with `make benchmarks` or `swift package --package-path Benchmarks benchmark`
// (docs/BENCHMARKS.md).
let package = Package(
    name: "FeedProofBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(name: "FeedProof", path: ".."),
    ],
    targets: [
        // Scalar and group arithmetic, fixed- and variable-base scalar multiplication, MSMs of 2^10…2^16.
        .executableTarget(
            name: "AlgebraBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Algebra", package: "FeedProof"),
                .product(name: "FeedProofBench", package: "FeedProof"),
            ],
            path: "Benchmarks/AlgebraBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Hyrax commit and opening, the ZK sumcheck and the logUp-GKR range proof at 2^20 entries.
        .executableTarget(
            name: "ProofToolkitBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Algebra", package: "FeedProof"),
                .product(name: "Transcript", package: "FeedProof"),
                .product(name: "Proofs", package: "FeedProof"),
                .product(name: "FeedProofBench", package: "FeedProof"),
            ],
            path: "Benchmarks/ProofToolkitBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Whole ranking proofs on the reference workloads S and M (ReferenceWorkload, shared with feedproof bench).
        .executableTarget(
            name: "RankingBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FeedProofBench", package: "FeedProof"),
            ],
            path: "Benchmarks/RankingBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
