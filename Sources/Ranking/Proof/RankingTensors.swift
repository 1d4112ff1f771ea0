import Model
import Proofs
import Transcript

/// The Hyrax commitments of a model's secret tensors, in the layout the model commitment publishes: embeddings
/// (rows = entries), per layer the weights (rows = output neurons, row length from the descriptor) and the
/// biases (one row), then the head weights (one row). Padding entries are masked by every verifier, so only the
/// real entries count.
public struct ModelTensorCommitments: Sendable, Equatable {
    /// One per embedding table.
    public var embeddings: [HyraxCommitment]
    /// One per layer.
    public var layerWeights: [HyraxCommitment]
    /// One per layer.
    public var layerBiases: [HyraxCommitment]
    /// The head weights w_h.
    public var headWeights: HyraxCommitment

    /// Commitments from their parts.
    public init(
        embeddings: [HyraxCommitment], layerWeights: [HyraxCommitment], layerBiases: [HyraxCommitment],
        headWeights: HyraxCommitment
    ) {
        self.embeddings = embeddings
        self.layerWeights = layerWeights
        self.layerBiases = layerBiases
        self.headWeights = headWeights
    }

    /// Every commitment in publication order.
    public var all: [HyraxCommitment] {
        var result = embeddings
        for (w, b) in zip(layerWeights, layerBiases) { result += [w, b] }
        return result + [headWeights]
    }

    /// The layouts a descriptor prescribes, in publication order.
    public static func shapes(for descriptor: ModelDescriptor) throws(ProofError) -> [HyraxCommitment.Shape] {
        func lg(_ x: Int) -> Int { ModelDescriptor.powerOfTwo(atLeast: x).trailingZeroBitCount }
        var shapes: [HyraxCommitment.Shape] = []
        for e in descriptor.embeddings {
            shapes.append(
                try .init(variableCount: lg(e.rows) + lg(e.hyraxRowLength), columnVariableCount: lg(e.hyraxRowLength)))
        }
        for l in descriptor.layers {
            shapes.append(
                try .init(variableCount: lg(l.outputs) + lg(l.hyraxRowLength), columnVariableCount: lg(l.hyraxRowLength)))
            shapes.append(try .init(variableCount: lg(l.outputs), columnVariableCount: lg(l.outputs)))
        }
        let heads = lg(descriptor.headWeightsHyraxRowLength)
        shapes.append(try .init(variableCount: heads, columnVariableCount: heads))
        return shapes
    }

    /// The tensors' values laid out as the commitments hold them, in publication order.
    public static func layoutValues(of ranker: QuantizedRanker) -> [[Int64]] {
        let d = ranker.descriptor
        func rows(_ values: [Int64], width: Int, rowLength: Int) -> [Int64] {
            guard width > 0 else { return [] }
            var out: [Int64] = []
            let count = values.count / width
            out.reserveCapacity(count * rowLength)
            for r in 0..<count {
                out += values[(r * width)..<((r + 1) * width)]
                out += repeatElement(0, count: rowLength - width)
            }
            return out
        }
        var result: [[Int64]] = []
        for (table, e) in zip(ranker.embeddingTables, d.embeddings) {
            result.append(rows(table.map { Int64($0) }, width: e.dimension, rowLength: e.hyraxRowLength))
        }
        for (index, l) in d.layers.enumerated() {
            result.append(rows(ranker.layerWeights[index].map { Int64($0) }, width: l.inputs, rowLength: l.hyraxRowLength))
            result.append(ranker.layerBiases[index].map { Int64($0) })
        }
        result.append(ranker.headWeights.map { Int64($0) })
        return result
    }
}

/// The prover's openings of ``ModelTensorCommitments`` (values and row blinders): part of the private model
/// opening, never published.
public struct ModelTensorWitnesses: Sendable {
    /// One per embedding table.
    public var embeddings: [HyraxWitness]
    /// One per layer.
    public var layerWeights: [HyraxWitness]
    /// One per layer.
    public var layerBiases: [HyraxWitness]
    /// The head weights.
    public var headWeights: HyraxWitness

    /// Witnesses from their parts.
    public init(
        embeddings: [HyraxWitness], layerWeights: [HyraxWitness], layerBiases: [HyraxWitness], headWeights: HyraxWitness
    ) {
        self.embeddings = embeddings
        self.layerWeights = layerWeights
        self.layerBiases = layerBiases
        self.headWeights = headWeights
    }

    /// The public side.
    public var commitments: ModelTensorCommitments {
        ModelTensorCommitments(
            embeddings: embeddings.map(\.commitment), layerWeights: layerWeights.map(\.commitment),
            layerBiases: layerBiases.map(\.commitment), headWeights: headWeights.commitment)
    }

    /// Commits every tensor of `ranker` with fresh blinders (one per row).
    public static func commit(
        _ ranker: QuantizedRanker, key: CommitmentKey, rng: TranscriptRNG
    ) throws(ProofError) -> ModelTensorWitnesses {
        let shapes = try ModelTensorCommitments.shapes(for: ranker.descriptor)
        let values = ModelTensorCommitments.layoutValues(of: ranker)
        var witnesses: [HyraxWitness] = []
        for (v, shape) in zip(values, shapes) {
            witnesses.append(try HyraxCommitment.commit(v, shape: shape, key: key, rng: rng).witness)
        }
        let e = ranker.descriptor.embeddings.count
        let layerCount = ranker.descriptor.layers.count
        return ModelTensorWitnesses(
            embeddings: Array(witnesses[0..<e]),
            layerWeights: (0..<layerCount).map { witnesses[e + 2 * $0] },
            layerBiases: (0..<layerCount).map { witnesses[e + 2 * $0 + 1] }, headWeights: witnesses[witnesses.count - 1])
    }
}
