/// The public description of a quantized ranker (DESIGN.md §2 "Model publication"): every shape and constant
/// the prover and verifier need, and nothing secret (no weight, bias or embedding value).
///
/// Its ``canonicalBytes`` (layout in `ModelDescriptor+Encoding.swift`) are hashed into the ModelID; its
/// ``jsonView`` is for people.
///
/// The golden model it describes (see ``QuantizedRanker``):
/// 1. Input: dense feature x becomes q = clamp(m·x, −(2^15−1), 2^15−1) with m = ``inputScale``; then each
///    embedding's int8 row (id out of range → row 0). All at one scale 1/m.
/// 2. Each layer: Z = W·A + b (int8 W, int32 b), then Q = ⌊(M·Z + 2^(k−1)) / 2^k⌋ (floor division, so
///    R = M·Z + 2^(k−1) − 2^k·Q ∈ [0, 2^k) also for negative Z), then A = clamp(Q, lower, upper), written
///    Q = A − B + C with B = max(lower − Q, 0), C = max(Q − upper, 0). Trunk layers clamp to [0, 2^15−1] (the
///    saturating ReLU); the head layer clamps to the sigmoid table's domain.
/// 3. σ_h = table[A_h]; score = Σ_h w_h·σ_h with int8 w_h.
public struct ModelDescriptor: Sendable, Equatable {
    /// The canonical layout's version (bumped on any layout change).
    public static let formatVersion: UInt16 = 1
    /// The proof protocol this model is published for.
    public static let currentProtocolVersion: UInt16 = 1

    /// A layer's role in the network.
    /// (Its JSON form is the case name; its canonical byte is the raw value.)
    public enum LayerRole: UInt8, Sendable, Equatable, Codable {
        /// A trunk layer with the saturating ReLU A = clamp(Q, 0, 2^15−1).
        case trunk = 0
        /// The head-logits layer, clamped into the sigmoid table's domain.
        case heads = 1

        /// Decodes "trunk" or "heads".
        public init(from decoder: any Decoder) throws {
            let name = try decoder.singleValueContainer().decode(String.self)
            switch name {
            case "trunk": self = .trunk
            case "heads": self = .heads
            default:
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "unknown role \(name)"))
            }
        }

        /// Encodes "trunk" or "heads".
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(self == .trunk ? "trunk" : "heads")
        }
    }

    /// An embedding table's shape (its values are secret and committed by rows).
    public struct EmbeddingShape: Sendable, Equatable, Codable {
        /// The table's name.
        public var name: String
        /// Which id feature selects the row.
        public var idFeature: Int
        /// Number of rows.
        public var rows: Int
        /// Width of a row.
        public var dimension: Int
        /// Hyrax row length of the table's commitment (a power of two ≥ dimension; one row per entry).
        public var hyraxRowLength: Int

        /// An embedding shape.
        public init(name: String, idFeature: Int, rows: Int, dimension: Int, hyraxRowLength: Int) {
            self.name = name
            self.idFeature = idFeature
            self.rows = rows
            self.dimension = dimension
            self.hyraxRowLength = hyraxRowLength
        }
    }

    /// A dense layer's shape and integer requantization constants.
    public struct Layer: Sendable, Equatable, Codable {
        /// The layer's name (from the source model).
        public var name: String
        /// Trunk or heads.
        public var role: LayerRole
        /// Input width h_in.
        public var inputs: Int
        /// Output width h_out.
        public var outputs: Int
        /// The requantization multiplier M ≥ 1.
        public var multiplier: Int64
        /// The requantization shift k ∈ 1...62.
        public var shift: Int
        /// The clamp's lower bound (0 for trunk layers).
        public var activationLower: Int64
        /// The clamp's upper bound (2^15 − 1 for trunk layers).
        public var activationUpper: Int64
        /// A bound on |Q| for every input, below 2^31, so B and C fit two 16-bit limbs (< 2^32).
        public var requantizedBound: Int64
        /// Hyrax row length of W's commitment: a power of two ≥ h_in + 1 (the bias is the extra column).
        public var hyraxRowLength: Int

        /// A layer descriptor.
        public init(
            name: String, role: LayerRole, inputs: Int, outputs: Int, multiplier: Int64, shift: Int,
            activationLower: Int64, activationUpper: Int64, requantizedBound: Int64, hyraxRowLength: Int
        ) {
            self.name = name
            self.role = role
            self.inputs = inputs
            self.outputs = outputs
            self.multiplier = multiplier
            self.shift = shift
            self.activationLower = activationLower
            self.activationUpper = activationUpper
            self.requantizedBound = requantizedBound
            self.hyraxRowLength = hyraxRowLength
        }
    }

    /// The protocol version the proofs use.
    public var protocolVersion: UInt16
    /// The feature schema and recipes, as their own canonical bytes (opaque here).
    public var featureSchema: [UInt8]
    /// Number of dense integer features.
    public var denseFeatureCount: Int
    /// m: dense features enter as m·x, embedding entries are at scale 1/m.
    public var inputScale: Int
    /// Embedding tables, concatenated after the dense features in this order.
    public var embeddings: [EmbeddingShape]
    /// Trunk layers, then exactly one head layer.
    public var layers: [Layer]
    /// Hyrax row length of the head-weight vector w (a power of two ≥ number of heads).
    public var headWeightsHyraxRowLength: Int
    /// The sigmoid lookup table.
    public var sigmoid: SigmoidTable
    /// How scores become a ranked list.
    public var rankingRule: RankingRule

    /// A descriptor from its parts (not validated; ``validate()`` or a round trip through bytes does that).
    public init(
        protocolVersion: UInt16 = ModelDescriptor.currentProtocolVersion, featureSchema: [UInt8],
        denseFeatureCount: Int, inputScale: Int, embeddings: [EmbeddingShape], layers: [Layer],
        headWeightsHyraxRowLength: Int, sigmoid: SigmoidTable, rankingRule: RankingRule
    ) {
        self.protocolVersion = protocolVersion
        self.featureSchema = featureSchema
        self.denseFeatureCount = denseFeatureCount
        self.inputScale = inputScale
        self.embeddings = embeddings
        self.layers = layers
        self.headWeightsHyraxRowLength = headWeightsHyraxRowLength
        self.sigmoid = sigmoid
        self.rankingRule = rankingRule
    }

    /// The first layer's input width: dense features plus every embedding's dimension.
    public var inputWidth: Int { denseFeatureCount + embeddings.reduce(0) { $0 + $1.dimension } }

    /// The number of engagement heads.
    public var headCount: Int { layers.last?.outputs ?? 0 }

    /// A bound on |score| = |Σ_h w_h·σ_h| ≤ H·2^7·(2^15 − 1), for sizing the ranking range checks' limbs.
    public var scoreBound: Int64 { Int64(headCount) * 128 * 32_767 }

    /// The accumulator bound of DESIGN.md §2, `h_in·2^7·2^15·M < 2^62`, with the int32 bias counted as 2^9
    /// more inputs (|b| < 2^31 = 2^9·2^7·2^15): then |M·Z| < 2^62 and M·Z + 2^(k−1) fits an Int64 exactly.
    public static func accumulatorBoundHolds(inputs: Int, multiplier: Int64) -> Bool {
        guard inputs >= 0, multiplier >= 0, inputs < 1 << 30 else { return false }
        let worstZ = Int64(inputs + 512) << 22
        let (product, overflow) = worstZ.multipliedReportingOverflow(by: multiplier)
        return !overflow && product < Int64(1) << 62
    }

    /// Checks every structural rule the decoder enforces: chained shapes, constants in range, power-of-two
    /// Hyrax rows, the accumulator bound, activation bounds that match each layer's role.
    public func validate() throws(DescriptorError) {
        guard protocolVersion >= 1 else { throw .invalidField("protocolVersion", "must be at least 1") }
        guard denseFeatureCount >= 0 else { throw .invalidField("denseFeatureCount", "negative") }
        guard inputScale >= 1, inputScale <= 32_767 else {
            throw .invalidField("inputScale", "\(inputScale) is not in 1...32767")
        }
        for (index, embedding) in embeddings.enumerated() {
            let field = "embeddings[\(index)] (\(embedding.name))"
            guard embedding.idFeature >= 0, embedding.rows >= 1, embedding.dimension >= 1 else {
                throw .invalidField(field, "id feature, rows and dimension must be positive")
            }
            guard Self.isValidRowLength(embedding.hyraxRowLength, atLeast: embedding.dimension) else {
                throw .invalidField(
                    field, "Hyrax row length \(embedding.hyraxRowLength) is not a power of two ≥ dimension")
            }
        }
        guard let heads = layers.last, heads.role == .heads else {
            throw .invalidField("layers", "the last layer must be the head layer")
        }
        var width = inputWidth
        for (index, layer) in layers.enumerated() {
            let field = "layers[\(index)] (\(layer.name))"
            guard layer.role == (index == layers.count - 1 ? .heads : .trunk) else {
                throw .invalidField(field, "only the last layer is a head layer")
            }
            guard layer.inputs == width, layer.outputs >= 1 else {
                throw .invalidField(field, "input width \(layer.inputs) does not follow the previous width \(width)")
            }
            guard layer.multiplier >= 1, (1...62).contains(layer.shift) else {
                throw .invalidField(field, "multiplier must be ≥ 1 and shift in 1...62")
            }
            guard Self.accumulatorBoundHolds(inputs: layer.inputs, multiplier: layer.multiplier) else {
                throw .invalidField(field, "accumulator bound h_in·2^22·M < 2^62 fails")
            }
            let expected: (Int64, Int64) =
                layer.role == .trunk ? (0, 32_767) : (sigmoid.lowerBound, sigmoid.upperBound)
            guard layer.activationLower == expected.0, layer.activationUpper == expected.1 else {
                throw .invalidField(field, "activation bounds do not match the layer's role")
            }
            guard layer.requantizedBound >= 0, layer.requantizedBound < Int64(1) << 31 else {
                throw .invalidField(field, "requantized bound must be in [0, 2^31)")
            }
            guard Self.isValidRowLength(layer.hyraxRowLength, atLeast: layer.inputs + 1) else {
                throw .invalidField(field, "Hyrax row length \(layer.hyraxRowLength) is not a power of two ≥ h_in + 1")
            }
            width = layer.outputs
        }
        guard Self.isValidRowLength(headWeightsHyraxRowLength, atLeast: heads.outputs) else {
            throw .invalidField("headWeightsHyraxRowLength", "not a power of two ≥ the number of heads")
        }
    }

    /// The smallest power of two ≥ n (and ≥ 1).
    public static func powerOfTwo(atLeast n: Int) -> Int {
        var p = 1
        while p < n { p <<= 1 }
        return p
    }

    static func isValidRowLength(_ length: Int, atLeast width: Int) -> Bool {
        length >= width && length >= 1 && length <= 1 << 24 && length & (length - 1) == 0
    }
}
