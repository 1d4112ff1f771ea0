import Foundation

/// A feed ranker in floating point, the form an imported ONNX model takes before quantization (DESIGN.md §3).
///
/// The architecture real rankers use: embedding tables looked up by public ids, concatenated after the dense
/// integer features; an MLP trunk of ReLU layers; a layer of engagement-head logits; and the score
/// Σ_h w_h·σ(logit_h). Every candidate is scored independently.
///
/// Input layout of the first trunk layer: the dense features (as their integer values), then each embedding's
/// row in `embeddings` order.
public struct FloatRanker: Sendable, Equatable {
    /// An embedding table gathered by a public id feature.
    public struct Embedding: Sendable, Equatable {
        /// The table's name in the source model.
        public var name: String
        /// Which id feature (index into ``FeatureVector/ids``) selects the row.
        public var idFeature: Int
        /// Number of rows (ids 0..<rows).
        public var rows: Int
        /// Width of a row.
        public var dimension: Int
        /// rows × dimension values, row-major.
        public var table: [Float]

        /// An embedding table.
        public init(name: String, idFeature: Int, rows: Int, dimension: Int, table: [Float]) {
            self.name = name
            self.idFeature = idFeature
            self.rows = rows
            self.dimension = dimension
            self.table = table
        }
    }

    /// A fully connected layer y = W·x + b, optionally followed by ReLU.
    public struct DenseLayer: Sendable, Equatable {
        /// The layer's name in the source model (its Gemm/MatMul node).
        public var name: String
        /// Input width.
        public var inputs: Int
        /// Output width.
        public var outputs: Int
        /// outputs × inputs weights, row-major (one row per output neuron).
        public var weights: [Float]
        /// One bias per output.
        public var bias: [Float]
        /// Whether ReLU follows.
        public var relu: Bool

        /// A dense layer.
        public init(name: String, inputs: Int, outputs: Int, weights: [Float], bias: [Float], relu: Bool) {
            self.name = name
            self.inputs = inputs
            self.outputs = outputs
            self.weights = weights
            self.bias = bias
            self.relu = relu
        }
    }

    /// Number of dense integer features.
    public var denseFeatureCount: Int
    /// Embedding tables, concatenated after the dense features in this order.
    public var embeddings: [Embedding]
    /// The MLP trunk; every layer has ReLU.
    public var trunk: [DenseLayer]
    /// The head logits layer (no ReLU): one output per engagement head.
    public var heads: DenseLayer
    /// The final weights w_h of score = Σ_h w_h·σ(logit_h).
    public var headWeights: [Float]

    /// A ranker from its parts.
    public init(
        denseFeatureCount: Int, embeddings: [Embedding], trunk: [DenseLayer], heads: DenseLayer, headWeights: [Float]
    ) {
        self.denseFeatureCount = denseFeatureCount
        self.embeddings = embeddings
        self.trunk = trunk
        self.heads = heads
        self.headWeights = headWeights
    }

    /// The width of the first trunk layer's input.
    public var inputWidth: Int { denseFeatureCount + embeddings.reduce(0) { $0 + $1.dimension } }

    /// The number of weights (dense layers, biases, embedding tables and head weights).
    public var parameterCount: Int {
        let layers = (trunk + [heads]).reduce(0) { $0 + $1.weights.count + $1.bias.count }
        return layers + embeddings.reduce(0) { $0 + $1.table.count } + headWeights.count
    }

    /// The float reference score of one candidate (ids out of range read row 0, as the recipes map unknown
    /// ids to 0).
    public func score(_ features: FeatureVector) -> Float {
        var x = features.dense.map { Float($0) }
        for embedding in embeddings {
            let id = features.ids.indices.contains(embedding.idFeature) ? Int(features.ids[embedding.idFeature]) : 0
            let row = (0..<embedding.rows).contains(id) ? id : 0
            x += embedding.table[(row * embedding.dimension)..<((row + 1) * embedding.dimension)]
        }
        for layer in trunk { x = layer.apply(x) }
        let logits = heads.apply(x)
        var score: Float = 0
        for (w, logit) in zip(headWeights, logits) { score += w / (1 + Foundation.exp(-logit)) }
        return score
    }
}

extension FloatRanker.DenseLayer {
    /// W·x + b, then ReLU if the layer has it.
    public func apply(_ x: [Float]) -> [Float] {
        var y = bias
        for o in 0..<outputs {
            var sum: Float = 0
            let row = o * inputs
            for i in 0..<min(inputs, x.count) { sum += weights[row + i] * x[i] }
            y[o] += sum
            if relu, y[o] < 0 { y[o] = 0 }
        }
        return y
    }
}
