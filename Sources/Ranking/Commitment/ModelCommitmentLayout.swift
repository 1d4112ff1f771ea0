import Model
import Proofs

/// How a quantized model's tensors are laid out as Hyrax commitments (DESIGN.md §2, "Model publication"). The
/// ranking prover opens these commitments, so the layout is part of the protocol:
///
/// With P(x) = ``ModelDescriptor/powerOfTwo(atLeast:)`` and lg = log₂,
/// - embedding table j (rows × dimension, int8): v = lg P(rows) + lg L_j, c = lg L_j with L_j its
///   `hyraxRowLength`; Hyrax row t holds E[t, 0..<dimension] then zeros; rows ≥ `rows` are zero;
/// - layer l weights (outputs × inputs, int8): v = lg P(outputs) + lg L_l, c = lg L_l; row i holds
///   W[i, 0..<inputs] then zeros (the descriptor reserves a bias column in L_l, which stays zero: biases are
///   committed separately); rows ≥ outputs are zero;
/// - layer l biases (int32): one row, v = c = lg P(outputs), entries b_0 … b_{outputs−1} then zeros;
/// - head weights (int8): one row, v = c = lg `headWeightsHyraxRowLength`.
///
/// Every tensor is committed with ``HyraxCommitment/commit(_:shape:key:rng:)`` under
/// ``RankingParameters/commitmentKey`` (a fresh blinder per row, padded rows included: zero-knowledge rules 1
/// and 5). The order is ``ModelTensors``'s.
public enum ModelCommitmentLayout {
    /// The integer type a tensor's entries must have (what π_wf proves).
    public enum EntryKind: Sendable, Equatable {
        /// Weights, embedding entries and head weights: [−2^7, 2^7).
        case int8
        /// Biases: [−2^31, 2^31).
        case int32
    }

    /// The public layout of one committed tensor.
    public struct Tensor: Sendable, Equatable {
        /// A readable name for errors and transcripts ("embedding 0 (authors)", "layer 1 (fc1) weights", …).
        public let name: String
        /// The Hyrax layout.
        public let shape: HyraxCommitment.Shape
        /// The number of Hyrax rows that hold real entries (the rest are zero padding).
        public let realRows: Int
        /// The number of real entries at the start of each real row.
        public let width: Int
        /// The entries' integer type.
        public let kind: EntryKind
    }

    /// The layout of every tensor a descriptor describes.
    /// - Throws: ``ModelCommitmentError/unsupportedLayout(_:)`` when a row is longer than the public
    ///   parameters' ``RankingParameters/generatorCount`` or a layout exceeds the proof system's bounds.
    public static func tensors(for descriptor: ModelDescriptor) throws(ModelCommitmentError) -> ModelTensors<Tensor> {
        var embeddings: [Tensor] = []
        for (j, embedding) in descriptor.embeddings.enumerated() {
            embeddings.append(
                try matrix(
                    name: "embedding \(j) (\(embedding.name))", rows: embedding.rows, width: embedding.dimension,
                    rowLength: embedding.hyraxRowLength))
        }
        var weights: [Tensor] = []
        var biases: [Tensor] = []
        for (l, layer) in descriptor.layers.enumerated() {
            weights.append(
                try matrix(
                    name: "layer \(l) (\(layer.name)) weights", rows: layer.outputs, width: layer.inputs,
                    rowLength: layer.hyraxRowLength))
            biases.append(
                try vector(
                    name: "layer \(l) (\(layer.name)) biases", width: layer.outputs,
                    rowLength: ModelDescriptor.powerOfTwo(atLeast: layer.outputs), kind: .int32))
        }
        let head = try vector(
            name: "head weights", width: descriptor.headCount, rowLength: descriptor.headWeightsHyraxRowLength,
            kind: .int8)
        return ModelTensors(embeddings: embeddings, layerWeights: weights, layerBiases: biases, headWeights: head)
    }

    /// The values to commit for every tensor of `ranker`, laid out as above (row padding included, trailing
    /// zero rows left to the commitment).
    public static func values(of ranker: QuantizedRanker) -> ModelTensors<[Int64]> {
        let descriptor = ranker.descriptor
        let embeddings = zip(descriptor.embeddings, ranker.embeddingTables).map { shape, table in
            padRows(table, width: shape.dimension, rowLength: shape.hyraxRowLength)
        }
        let weights = zip(descriptor.layers, ranker.layerWeights).map { layer, matrix in
            padRows(matrix, width: layer.inputs, rowLength: layer.hyraxRowLength)
        }
        let biases = ranker.layerBiases.map { $0.map(Int64.init) }
        return ModelTensors(
            embeddings: embeddings, layerWeights: weights, layerBiases: biases,
            headWeights: ranker.headWeights.map(Int64.init))
    }

    /// The number of parameters a descriptor describes (embedding entries, weights, biases, head weights); equal
    /// to ``QuantizedRanker/parameterCount`` of any ranker with this descriptor.
    public static func parameterCount(of descriptor: ModelDescriptor) -> Int {
        descriptor.embeddings.reduce(0) { $0 + $1.rows * $1.dimension }
            + descriptor.layers.reduce(0) { $0 + $1.outputs * ($1.inputs + 1) } + descriptor.headCount
    }

    /// The lookup table size of π_wf's range proof for a tensor kind: 2^8 for int8 (entries shifted by 2^7),
    /// 2^16 for the two 16-bit limbs of an int32 shifted by 2^31.
    static func tableBits(_ kind: EntryKind) -> Int { kind == .int8 ? 8 : 16 }

    /// The multiplicities of a table of 2^b entries are committed in rows of 2^⌈b/2⌉ (a square matrix).
    static func countColumnBits(_ kind: EntryKind) -> Int { (tableBits(kind) + 1) / 2 }

    /// Row-major `width`-wide rows, each zero-padded to `rowLength`.
    static func padRows(_ entries: [Int8], width: Int, rowLength: Int) -> [Int64] {
        guard width > 0 else { return [] }
        let rows = entries.count / width
        var out = [Int64](repeating: 0, count: rows * rowLength)
        entries.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for row in 0..<rows {
                    for column in 0..<width {
                        target[row * rowLength + column] = Int64(source[row * width + column])
                    }
                }
            }
        }
        return out
    }

    private static func log2(_ powerOfTwo: Int) -> Int { powerOfTwo.trailingZeroBitCount }

    private static func checkRowLength(_ name: String, _ rowLength: Int) throws(ModelCommitmentError) {
        guard rowLength >= 1, rowLength & (rowLength - 1) == 0 else {
            throw .unsupportedLayout("\(name): row length \(rowLength) is not a power of two")
        }
        guard rowLength <= RankingParameters.generatorCount else {
            throw .unsupportedLayout(
                "\(name): rows of \(rowLength) entries exceed the \(RankingParameters.generatorCount) public generators")
        }
    }

    private static func matrix(
        name: String, rows: Int, width: Int, rowLength: Int
    ) throws(ModelCommitmentError) -> Tensor {
        try checkRowLength(name, rowLength)
        guard rows >= 1, width >= 1, width <= rowLength, rows <= 1 << 30 else {
            throw .unsupportedLayout("\(name): \(rows) rows of \(width) entries in rows of \(rowLength)")
        }
        let rowBits = log2(ModelDescriptor.powerOfTwo(atLeast: rows))
        let columnBits = log2(rowLength)
        let shape: HyraxCommitment.Shape
        do {
            shape = try HyraxCommitment.Shape(variableCount: rowBits + columnBits, columnVariableCount: columnBits)
            // π_wf range-checks every entry: the layout must fit a range proof.
            _ = try RangeProof.Shape(values: shape, tableBits: 8, countColumnBits: countColumnBits(.int8))
        } catch {
            throw .unsupportedLayout("\(name): \(error)")
        }
        return Tensor(name: name, shape: shape, realRows: rows, width: width, kind: .int8)
    }

    private static func vector(
        name: String, width: Int, rowLength: Int, kind: EntryKind
    ) throws(ModelCommitmentError) -> Tensor {
        try checkRowLength(name, rowLength)
        guard width >= 1, width <= rowLength else {
            throw .unsupportedLayout("\(name): \(width) entries in a row of \(rowLength)")
        }
        let bits = log2(rowLength)
        let shape: HyraxCommitment.Shape
        do {
            shape = try HyraxCommitment.Shape(variableCount: bits, columnVariableCount: bits)
            let checked = kind == .int8 ? shape : try limbShape(of: shape)
            _ = try RangeProof.Shape(values: checked, tableBits: tableBits(kind), countColumnBits: countColumnBits(kind))
        } catch {
            throw .unsupportedLayout("\(name): \(error)")
        }
        return Tensor(name: name, shape: shape, realRows: 1, width: width, kind: kind)
    }

    /// The layout of a bias vector's limbs: two rows [lo; hi] of the bias row's length.
    static func limbShape(of biasShape: HyraxCommitment.Shape) throws(ProofError) -> HyraxCommitment.Shape {
        try HyraxCommitment.Shape(
            variableCount: biasShape.columnVariableCount + 1, columnVariableCount: biasShape.columnVariableCount)
    }
}
