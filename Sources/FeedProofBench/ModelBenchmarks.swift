import Model

/// `feedproof bench model`: golden integer inference of the reference ≈100K-weight ranker (issue 5: 1,500
/// candidates in ≤ 50 ms on this machine).
public enum ModelBenchmarks {
    /// The reference shape: 32 dense features + 2 embeddings of dimension 16 → 256 → 256 → 64 → 4 heads,
    /// 64·256 + 256·256 + 256·64 + 64·4 = 98,560 multiply weights (plus 580 biases, 4 head weights).
    static let referenceShape = (
        dense: 32, embeddingRows: 1_000, embeddingDimension: 16, trunk: [256, 256, 64], heads: 4
    )

    /// Runs every workload. `quick` times fewer rounds.
    public static func run(
        quick: Bool = false, only filter: String? = nil, progress: (String) -> Void = { _ in }
    ) -> [Measurement] {
        var results = FilteredResults(filter: filter)
        let watch = FilteredStopwatch(stopwatch: Stopwatch(rounds: quick ? 3 : 11), filter: filter)
        var random = BenchmarkRandom(seed: 0x90_1de7)
        progress("building and quantizing the reference ranker")
        let float = referenceRanker(&random)
        let calibration = candidates(for: float, count: 256, &random)
        let model: QuantizedRanker
        do {
            model = try QuantizedRanker(float, calibration: calibration)
        } catch {
            progress("quantization failed: \(error)")
            return results.measurements
        }
        let batch = candidates(for: float, count: 1_500, &random)
        progress("golden inference")
        results.append(
            watch.measure("golden inference, 100K-weight MLP, 1,500 candidates", operations: 1, target: 50e6) {
                blackHole(model.scores(batch))
            })
        let single = Array(batch.prefix(100))
        results.append(
            watch.measure("golden inference, 100K-weight MLP, one candidate (sequential)", operations: single.count)
            {
                for features in single { blackHole(model.score(features)) }
            })
        results.append(
            watch.measure("golden inference trace, 100K-weight MLP, one candidate", operations: 10) {
                for features in single.prefix(10) { blackHole(model.trace(features)) }
            })
        results.append(
            watch.size("model descriptor (canonical bytes)", bytes: model.descriptor.canonicalBytes.count))
        return results.measurements
    }

    static func uniform(_ random: inout BenchmarkRandom, _ limit: Float) -> Float {
        (Float(random.next() >> 40) / Float(1 << 24) * 2 - 1) * limit
    }

    static func referenceRanker(_ random: inout BenchmarkRandom) -> FloatRanker {
        let shape = referenceShape
        let embeddings = (0..<2).map { index in
            FloatRanker.Embedding(
                name: "emb\(index)", idFeature: index, rows: shape.embeddingRows,
                dimension: shape.embeddingDimension,
                table: (0..<(shape.embeddingRows * shape.embeddingDimension)).map { _ in uniform(&random, 0.5) })
        }
        var width = shape.dense + 2 * shape.embeddingDimension
        func layer(_ name: String, _ outputs: Int, relu: Bool) -> FloatRanker.DenseLayer {
            let limit = (6 / Float(width)).squareRoot() * (relu ? 1 : 0.12)
            defer { width = outputs }
            return FloatRanker.DenseLayer(
                name: name, inputs: width, outputs: outputs,
                weights: (0..<(width * outputs)).map { _ in uniform(&random, limit) },
                bias: (0..<outputs).map { _ in uniform(&random, 0.1) }, relu: relu)
        }
        let trunk = shape.trunk.enumerated().map { layer("fc\($0.offset)", $0.element, relu: true) }
        let heads = layer("heads", shape.heads, relu: false)
        return FloatRanker(
            denseFeatureCount: shape.dense, embeddings: embeddings, trunk: trunk, heads: heads,
            headWeights: (0..<shape.heads).map { _ in 0.6 + uniform(&random, 0.4) })
    }

    static func candidates(for float: FloatRanker, count: Int, _ random: inout BenchmarkRandom) -> [FeatureVector] {
        (0..<count).map { _ in
            FeatureVector(
                dense: (0..<float.denseFeatureCount).map { _ in Int32(random.next() % 21) },
                ids: float.embeddings.map { Int32(random.next() % UInt64($0.rows)) })
        }
    }
}
