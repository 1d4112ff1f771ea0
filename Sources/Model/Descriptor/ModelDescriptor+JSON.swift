import Foundation

extension ModelDescriptor {
    /// A readable view of the descriptor for `feedproof model inspect`: every field except the 2^b sigmoid
    /// entries (their definition and a few sample points instead), and the feature schema as hex.
    public struct JSONView: Sendable, Equatable, Codable {
        /// The sigmoid table's definition.
        public struct Sigmoid: Sendable, Equatable, Codable {
            /// b: 2^b entries.
            public var inputBits: Int
            /// f: input x means x·2^−f.
            public var inputFractionBits: Int
            /// Outputs are at scale 2^−15.
            public var outputFractionBits: Int
            /// The input domain [−2^(b−1), 2^(b−1) − 1].
            public var domain: [Int64]
            /// Number of entries.
            public var entryCount: Int
            /// Sample (x, σ(x)) pairs: the ends and the middle of the domain.
            public var samples: [[Int64]]
        }

        /// Layout version of the canonical bytes.
        public var formatVersion: UInt16
        /// Protocol version.
        public var protocolVersion: UInt16
        /// Feature schema bytes, hex.
        public var featureSchemaHex: String
        /// Dense feature count.
        public var denseFeatureCount: Int
        /// m.
        public var inputScale: Int
        /// Embedding shapes.
        public var embeddings: [EmbeddingShape]
        /// Layers (trunk, then heads).
        public var layers: [Layer]
        /// Hyrax row length of the head weights.
        public var headWeightsHyraxRowLength: Int
        /// The sigmoid table.
        public var sigmoid: Sigmoid
        /// The ranking rule, spelled out.
        public var rankingRule: String
        /// Size of the canonical bytes.
        public var canonicalByteCount: Int
    }

    /// The readable view.
    public var jsonView: JSONView {
        let table = sigmoid
        let samplePoints = [
            table.lowerBound, -(Int64(1) << table.inputFractionBits), 0,
            Int64(1) << table.inputFractionBits, table.upperBound,
        ]
        let samples = samplePoints.filter { $0 >= table.lowerBound && $0 <= table.upperBound }
            .map { [$0, table.output(at: $0)] }
        return JSONView(
            formatVersion: Self.formatVersion, protocolVersion: protocolVersion,
            featureSchemaHex: featureSchema.map { String(format: "%02x", $0) }.joined(),
            denseFeatureCount: denseFeatureCount, inputScale: inputScale, embeddings: embeddings, layers: layers,
            headWeightsHyraxRowLength: headWeightsHyraxRowLength,
            sigmoid: JSONView.Sigmoid(
                inputBits: table.inputBits, inputFractionBits: table.inputFractionBits,
                outputFractionBits: SigmoidTable.outputFractionBits, domain: [table.lowerBound, table.upperBound],
                entryCount: table.entries.count, samples: samples),
            rankingRule: "descending score, ties by ascending post id, top k",
            canonicalByteCount: canonicalBytes.count)
    }

    /// The readable view as pretty-printed JSON with sorted (stable) keys.
    public func jsonString() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(jsonView) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
