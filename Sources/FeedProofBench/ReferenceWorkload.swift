import Model

/// The three reference workloads of issue 10, one definition shared by `feedproof bench ranking`,
/// `feedproof bench workloads` and the package-benchmark suite in Benchmarks/:
/// - S: a 32-64-32-1 MLP, n = 64, k = 10;
/// - M: the ≈100K-weight reference ranker of ``ModelBenchmarks`` (32 dense features, two 1,000 × 16 embeddings,
///   256-256-64-4), n = 1,500, k = 50;
/// - L: ≈1M multiply weights (32 dense features and one 100,000 × 16 embedding, 48-1024-960-4), n = 1,500, k = 50.
public struct ReferenceWorkload: Sendable {
    /// Which workload.
    public enum Size: String, Sendable, CaseIterable, Codable {
        case s = "S"
        case m = "M"
        case l = "L"

        /// The shape in words, e.g. "32-64-32-1 MLP, n = 64, k = 10".
        public var shape: String {
            switch self {
            case .s: "32-64-32-1 MLP, n = 64, k = 10"
            case .m: "≈100K-weight MLP, n = 1,500, k = 50"
            case .l: "≈1M-weight MLP + 100K×16 embedding, n = 1,500, k = 50"
            }
        }

        /// "S (32-64-32-1 MLP, n = 64, k = 10)": the name `bench ranking` has always printed.
        public var title: String { "\(rawValue) (\(shape))" }
    }

    /// Which workload this is.
    public let size: Size
    /// The quantized model.
    public let ranker: QuantizedRanker
    /// The candidates' features (n of them).
    public let features: [FeatureVector]
    /// k, the number of candidates shown.
    public let shownCount: Int

    /// The L model's shape: a 100,000-row embedding next to 32 dense features, then two wide trunk layers.
    /// 48·1024 + 1024·960 + 960·4 = 1,036,032 multiply weights; 960 rather than 1024 keeps the aux vector V at 2^25
    /// entries (a third trunk layer of 256 would push it past 2^25 and double the prover's work).
    static let largeShape = (
        dense: 32, embeddingRows: 100_000, embeddingDimension: 16, trunk: [1_024, 960], heads: 4
    )

    /// Builds, calibrates and quantizes a workload (deterministic: the same inputs every run).
    ///
    /// One random stream feeds S, then M, then L, so S and M are exactly the inputs `bench ranking` measured
    /// before this type existed (building a skipped workload's float model costs milliseconds).
    public static func make(_ size: Size) throws -> ReferenceWorkload {
        var random = BenchmarkRandom(seed: 0x6a_4b1e)
        let small = smallRanker(&random)
        let smallCalibration = ModelBenchmarks.candidates(for: small, count: 256, &random)
        let smallFeatures = ModelBenchmarks.candidates(for: small, count: 64, &random)
        if size == .s {
            return ReferenceWorkload(
                size: .s, ranker: try QuantizedRanker(small, calibration: smallCalibration), features: smallFeatures,
                shownCount: 10)
        }
        let medium = ModelBenchmarks.referenceRanker(&random)
        let mediumCalibration = ModelBenchmarks.candidates(for: medium, count: 256, &random)
        let mediumFeatures = ModelBenchmarks.candidates(for: medium, count: 1_500, &random)
        if size == .m {
            return ReferenceWorkload(
                size: .m, ranker: try QuantizedRanker(medium, calibration: mediumCalibration),
                features: mediumFeatures, shownCount: 50)
        }
        let large = largeRanker(&random)
        let largeCalibration = ModelBenchmarks.candidates(for: large, count: 256, &random)
        return ReferenceWorkload(
            size: .l, ranker: try QuantizedRanker(large, calibration: largeCalibration),
            features: ModelBenchmarks.candidates(for: large, count: 1_500, &random), shownCount: 50)
    }

    /// A 32-input MLP with trunk 64, 32 and one head (no embeddings).
    static func smallRanker(_ random: inout BenchmarkRandom) -> FloatRanker {
        var width = 32
        let trunk = [
            denseLayer("fc0", inputs: &width, outputs: 64, relu: true, &random),
            denseLayer("fc1", inputs: &width, outputs: 32, relu: true, &random),
        ]
        let heads = denseLayer("heads", inputs: &width, outputs: 1, relu: false, &random)
        return FloatRanker(denseFeatureCount: 32, embeddings: [], trunk: trunk, heads: heads, headWeights: [1])
    }

    /// The L model: ``largeShape`` with random weights at the scales of the M model.
    static func largeRanker(_ random: inout BenchmarkRandom) -> FloatRanker {
        let shape = largeShape
        let table = (0..<(shape.embeddingRows * shape.embeddingDimension)).map { _ in
            ModelBenchmarks.uniform(&random, 0.5)
        }
        let embedding = FloatRanker.Embedding(
            name: "emb0", idFeature: 0, rows: shape.embeddingRows, dimension: shape.embeddingDimension, table: table)
        var width = shape.dense + shape.embeddingDimension
        let trunk = shape.trunk.enumerated().map {
            denseLayer("fc\($0.offset)", inputs: &width, outputs: $0.element, relu: true, &random)
        }
        let heads = denseLayer("heads", inputs: &width, outputs: shape.heads, relu: false, &random)
        return FloatRanker(
            denseFeatureCount: shape.dense, embeddings: [embedding], trunk: trunk, heads: heads,
            headWeights: (0..<shape.heads).map { _ in 0.6 + ModelBenchmarks.uniform(&random, 0.4) })
    }

    /// A dense layer with He-style uniform weights (heads scaled down so the sigmoid stays in range); advances
    /// `inputs` to the layer's width.
    static func denseLayer(
        _ name: String, inputs: inout Int, outputs: Int, relu: Bool, _ random: inout BenchmarkRandom
    ) -> FloatRanker.DenseLayer {
        let limit = (6 / Float(inputs)).squareRoot() * (relu ? 1 : 0.12)
        defer { inputs = outputs }
        return FloatRanker.DenseLayer(
            name: name, inputs: inputs, outputs: outputs,
            weights: (0..<(inputs * outputs)).map { _ in ModelBenchmarks.uniform(&random, limit) },
            bias: (0..<outputs).map { _ in ModelBenchmarks.uniform(&random, 0.1) }, relu: relu)
    }
}
