import FeedProofTestSupport
import Model

/// Random float rankers and inputs for the quantization tests (seeded, so failures replay).
enum ModelTestModels {
    /// A ranker with `dense` dense features, embeddings of (rows, dimension), trunk widths and `heads` heads.
    static func random(
        dense: Int = 6, embeddings: [(rows: Int, dimension: Int)] = [(50, 4), (20, 3)], trunk: [Int] = [16, 8],
        heads: Int = 3, seed: UInt64 = 1
    ) -> FloatRanker {
        var random = SeededGenerator(seed: seed)
        let tables = embeddings.enumerated().map { index, shape in
            FloatRanker.Embedding(
                name: "emb\(index)", idFeature: index, rows: shape.rows, dimension: shape.dimension,
                table: (0..<(shape.rows * shape.dimension)).map { _ in Float.random(in: -0.5...0.5, using: &random) })
        }
        var width = dense + embeddings.reduce(0) { $0 + $1.dimension }
        // He-style uniform init; the head layer is scaled down so logits stay mostly inside the sigmoid's
        // informative range (as trained rankers' do), where the lookup table resolves them.
        func layer(_ name: String, _ outputs: Int, relu: Bool) -> FloatRanker.DenseLayer {
            let limit = (6 / Float(width)).squareRoot() * (relu ? 1 : 0.12)
            let result = FloatRanker.DenseLayer(
                name: name, inputs: width, outputs: outputs,
                weights: (0..<(width * outputs)).map { _ in Float.random(in: -limit...limit, using: &random) },
                bias: (0..<outputs).map { _ in Float.random(in: -0.1...0.1, using: &random) }, relu: relu)
            width = outputs
            return result
        }
        let trunkLayers = trunk.enumerated().map { layer("fc\($0.offset)", $0.element, relu: true) }
        let headLayer = layer("heads", heads, relu: false)
        let headWeights = (0..<heads).map { _ in Float.random(in: 0.2...1.0, using: &random) }
        return FloatRanker(
            denseFeatureCount: dense, embeddings: tables, trunk: trunkLayers, heads: headLayer, headWeights: headWeights
        )
    }

    /// `count` random candidates for `ranker`: dense features in 0...maxDense, ids in range (and a few out of it).
    static func features(
        for ranker: FloatRanker, count: Int, maxDense: Int32 = 20, seed: UInt64 = 2
    ) -> [FeatureVector] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            FeatureVector(
                dense: (0..<ranker.denseFeatureCount).map { _ in Int32.random(in: 0...maxDense, using: &random) },
                ids: ranker.embeddings.map { Int32.random(in: 0...Int32($0.rows + 1), using: &random) })
        }
    }
}
