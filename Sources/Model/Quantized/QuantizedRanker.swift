/// A ranker quantized for proving: int8 weights and embedding entries, int32 biases, int16 activations, integer
/// requantization, a sigmoid lookup table and an integer score (DESIGN.md §2–§3). Its ``score(_:)`` is the
/// golden integer inference: the one definition of the model's output that the prover and every test share.
///
/// The arithmetic is in ``ModelDescriptor``'s documentation; the scales are chosen here:
/// - Input scale 1/m: dense q = m·x exactly, embedding entries round(e·m) as int8. m is the largest integer with
///   max|e|·m ≤ 127 and (largest dense feature)·m ≤ 2^15 − 1 (or ``QuantizationOptions/inputScale``).
/// - Layer l: weights int8 at s_w = max|W|/127 (symmetric max-abs), bias round(b/(s_w·s_in)) as int32, so
///   Z is at scale s_w·s_in. Trunk outputs at s_out = (calibrated max of the layer's ReLU output)/(2^15 − 1);
///   the head outputs at the sigmoid table's input scale 2^−f. M/2^k ≈ s_w·s_in/s_out with M < 2^B
///   (B = ``QuantizationOptions/multiplierBits``) and k as large as that allows (k ≤ 62).
/// - Score: head weights int8 at max|w|/127; score = Σ w_h·σ_h, |score| ≤ H·127·(2^15 − 1).
public struct QuantizedRanker: Sendable {
    /// The public shapes and constants.
    public let descriptor: ModelDescriptor
    /// Each embedding table's int8 entries, rows × dimension, row-major.
    public let embeddingTables: [[Int8]]
    /// Each layer's int8 weights, outputs × inputs, row-major (trunk layers, then the head layer).
    public let layerWeights: [[Int8]]
    /// Each layer's int32 biases at the accumulator scale.
    public let layerBiases: [[Int32]]
    /// The int8 head weights w_h.
    public let headWeights: [Int8]

    /// The real value of one score unit (float score ≈ integer score · scoreScale), for reports.
    public let scoreScale: Double

    /// Packed weights for the inference kernel.
    let kernels: [LayerKernel]

    /// A ranker from integer parts (e.g. read from a model file), checked against the descriptor.
    public init(
        descriptor: ModelDescriptor, embeddingTables: [[Int8]], layerWeights: [[Int8]], layerBiases: [[Int32]],
        headWeights: [Int8], scoreScale: Double = 1
    ) throws(QuantizationError) {
        do { try descriptor.validate() } catch { throw .invalidDescriptor(error) }
        guard embeddingTables.count == descriptor.embeddings.count,
            zip(embeddingTables, descriptor.embeddings).allSatisfy({
                $0.count == Self.product($1.rows, $1.dimension)
            })
        else { throw .shapeMismatch("embedding tables do not match the descriptor") }
        guard layerWeights.count == descriptor.layers.count, layerBiases.count == descriptor.layers.count else {
            throw .shapeMismatch("layer count does not match the descriptor")
        }
        for (index, layer) in descriptor.layers.enumerated() {
            guard layerWeights[index].count == Self.product(layer.inputs, layer.outputs),
                layerBiases[index].count == layer.outputs
            else { throw .shapeMismatch("layer \(layer.name): weights or biases do not match its shape") }
        }
        guard headWeights.count == descriptor.headCount else {
            throw .shapeMismatch("\(headWeights.count) head weights for \(descriptor.headCount) heads")
        }
        self.descriptor = descriptor
        self.embeddingTables = embeddingTables
        self.layerWeights = layerWeights
        self.layerBiases = layerBiases
        self.headWeights = headWeights
        self.scoreScale = scoreScale
        self.kernels = descriptor.layers.indices.map {
            LayerKernel(descriptor.layers[$0], weights: layerWeights[$0], bias: layerBiases[$0])
        }
    }

    /// a·b, or −1 if it overflows (shapes come from decoded files and must not trap).
    static func product(_ a: Int, _ b: Int) -> Int {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? -1 : result
    }

    /// The number of weights (layers with biases, embedding entries, head weights).
    public var parameterCount: Int {
        layerWeights.reduce(0) { $0 + $1.count } + layerBiases.reduce(0) { $0 + $1.count }
            + embeddingTables.reduce(0) { $0 + $1.count } + headWeights.count
    }
}

/// Options for ``QuantizedRanker/init(_:calibration:options:)``.
public struct QuantizationOptions: Sendable, Equatable {
    /// The feature schema's canonical bytes, copied into the descriptor.
    public var featureSchema: [UInt8]
    /// Names of the dense features, for error messages (indices are used where missing).
    public var denseFeatureNames: [String]
    /// The largest value each dense feature can take (e.g. the recipes' clip bounds); if nil, the calibration
    /// maximum is used.
    public var denseFeatureBounds: [Int64]?
    /// A fixed input scale m (nil: choose from the data).
    public var inputScale: Int?
    /// B: multipliers are chosen below 2^B (1...48).
    public var multiplierBits: Int
    /// Which quantile, over the calibration vectors, of a trunk layer's largest ReLU output maps to 2^15 − 1
    /// (1 = the overall maximum; smaller values trade saturation of outliers for resolution).
    public var calibrationQuantile: Double
    /// Sigmoid table size 2^b.
    public var sigmoidInputBits: Int
    /// Sigmoid input scale 2^−f.
    public var sigmoidFractionBits: Int
    /// The ranking rule.
    public var rankingRule: RankingRule

    /// Options; the defaults suit the demo ranker.
    public init(
        featureSchema: [UInt8] = [], denseFeatureNames: [String] = [], denseFeatureBounds: [Int64]? = nil,
        inputScale: Int? = nil, multiplierBits: Int = 15, calibrationQuantile: Double = 1,
        sigmoidInputBits: Int = 14, sigmoidFractionBits: Int = 10,
        rankingRule: RankingRule = .scoreDescendingThenPostIDAscending
    ) {
        self.featureSchema = featureSchema
        self.denseFeatureNames = denseFeatureNames
        self.denseFeatureBounds = denseFeatureBounds
        self.inputScale = inputScale
        self.multiplierBits = multiplierBits
        self.calibrationQuantile = calibrationQuantile
        self.sigmoidInputBits = sigmoidInputBits
        self.sigmoidFractionBits = sigmoidFractionBits
        self.rankingRule = rankingRule
    }
}
