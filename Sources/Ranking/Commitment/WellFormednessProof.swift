import Algebra
import Model
import Proofs
import Transcript

/// π_wf (DESIGN.md §2, "Model publication"): a one-time zero-knowledge proof that every committed weight,
/// embedding entry and head weight is an int8 and every bias an int32, so "int8 model, no wrap-around" holds
/// for every later ranking proof.
///
/// **int8 tensors.** For real rows i the verifier shifts the row commitment by 2^7 on the real columns,
/// C'_i = C_i + 128·Σ_{k<width} G_k (padded rows stay C'_i = C_i); the prover opens C' with the same row
/// blinders and values w + 128 (0 on padding) and proves with a ``RangeProof`` over the table [0, 2^8) that every
/// entry of C' lies there. So every real entry lies in [−128, 128). Padding entries (columns ≥ width, rows ≥
/// the real rows) are committed as zero by an honest publisher but π_wf only shows them to lie in [0, 2^8):
/// a ranking proof must not rely on them being zero (it multiplies padded columns by zero-padded inputs and
/// ignores padded output rows).
///
/// **int32 biases.** The prover commits a 2-row Hyrax matrix [lo; hi] of 16-bit limbs (rows as long as the bias
/// row) with b_i + 2^31 = lo_i + 2^16·hi_i on real entries (0 on padding), shows with a ``ZeroOpeningProof``
/// that C_b + 2^31·Σ_{i<outputs} G_i − C_lo − 2^16·C_hi opens to 0 (blinder r_b − r_lo − 2^16·r_hi), and proves
/// both limb rows in [0, 2^16) with a ``RangeProof``. Then b_i + 2^31 ∈ [0, 2^32): b_i is an int32 (padding
/// entries i ≥ outputs lie in [0, 2^32)). Every identity has integer values far below ℓ, so it holds over the
/// integers.
///
/// **Transcript.** One Merlin transcript labelled "feedproof-model-commitment-v1" absorbs the public parameters'
/// digest, the descriptor's canonical bytes and every commitment (in ``ModelTensors`` order) before any
/// challenge, then runs the sub-proofs in that order: each embedding's range proof; for each layer the weights'
/// range proof, then the bias limbs, their decomposition proof and their range proof; the head weights' range
/// proof. Verification folds every group equation into one ``GroupEquationBatch``.
///
/// **Zero knowledge.** Only commitments and Σ/logUp-GKR messages are sent; the limb rows get fresh blinders; the
/// prover's randomness is the hedged transcript RNG keyed with the witness (rules 1–4). The proof's shape follows
/// from the descriptor alone (rule 5).
public struct WellFormednessProof: ProofMessage, Equatable {
    /// The proof that one bias vector holds int32s.
    public struct BiasProof: Sendable, Equatable {
        /// The 2-row Hyrax commitment to the limbs [lo; hi].
        public let limbs: HyraxCommitment
        /// C_b + 2^31·Σ G_i − C_lo − 2^16·C_hi opens to 0.
        public let decomposition: ZeroOpeningProof
        /// Every limb lies in [0, 2^16).
        public let range: RangeProof
    }

    /// One range proof per embedding table (entries + 128 in [0, 2^8)).
    public let embeddings: [RangeProof]
    /// One range proof per layer's weights.
    public let layerWeights: [RangeProof]
    /// One limb proof per layer's biases.
    public let layerBiases: [BiasProof]
    /// The head weights' range proof.
    public let headWeights: RangeProof

    /// The transcript label.
    public static let transcriptLabel = "feedproof-model-commitment-v1"
    static let protocolName = "model well-formedness"

    // MARK: Statement

    /// The transcript after the statement: public parameters, descriptor and every commitment.
    static func statementTranscript(
        descriptor: ModelDescriptor, commitments: ModelTensors<HyraxCommitment>, key: CommitmentKey
    ) -> MerlinTranscript {
        var transcript = MerlinTranscript(label: transcriptLabel)
        transcript.appendMessage(label: "pp-digest", message: key.generators.digest())
        transcript.appendMessage(label: "descriptor", message: descriptor.canonicalBytes)
        for commitment in commitments.embeddings { commitment.absorb(label: "embedding", into: &transcript) }
        for (weights, biases) in zip(commitments.layerWeights, commitments.layerBiases) {
            weights.absorb(label: "layer-weights", into: &transcript)
            biases.absorb(label: "layer-biases", into: &transcript)
        }
        commitments.headWeights.absorb(label: "head-weights", into: &transcript)
        return transcript
    }

    /// Checks that every commitment has its descriptor's layout.
    static func checkShapes(
        _ commitments: ModelTensors<HyraxCommitment>, layout: ModelTensors<ModelCommitmentLayout.Tensor>
    ) throws(ModelCommitmentError) {
        let given = commitments.inCommitmentOrder
        let expected = layout.inCommitmentOrder
        guard given.count == expected.count else {
            throw .commitmentShapeMismatch(tensor: "the model (\(given.count) tensors for \(expected.count))")
        }
        for (commitment, tensor) in zip(given, expected) where commitment.shape != tensor.shape {
            throw .commitmentShapeMismatch(tensor: tensor.name)
        }
    }

    /// The shifted int8 commitment C'_i = C_i + 128·Σ_{k<width} G_k on real rows.
    static func shifted(
        _ commitment: HyraxCommitment, tensor: ModelCommitmentLayout.Tensor, key: CommitmentKey
    ) throws(ProofError) -> HyraxCommitment {
        let offset = Scalar(UInt64(128)) * (try generatorSum(tensor.width, key: key))
        var rows = commitment.rows
        for i in 0..<min(tensor.realRows, rows.count) { rows[i] += offset }
        return try HyraxCommitment(shape: commitment.shape, rows: rows)
    }

    /// Σ_{k<count} G_k.
    static func generatorSum(_ count: Int, key: CommitmentKey) throws(ProofError) -> RistrettoPoint {
        var sum = RistrettoPoint.identity
        for point in try key.vectorBases(count) { sum += point }
        return sum
    }

    /// C_b + 2^31·Σ_{i<outputs} G_i − C_lo − 2^16·C_hi, which opens to zero exactly when the limbs decompose the
    /// shifted biases.
    static func decompositionCommitment(
        bias: HyraxCommitment, limbs: HyraxCommitment, outputs: Int, key: CommitmentKey
    ) throws(ProofError) -> RistrettoPoint {
        guard bias.rows.count == 1, limbs.rows.count == 2 else {
            throw ProofError.shapeMismatch("bias commitments have one row, limb commitments two")
        }
        let offset = Scalar(UInt64(1) << 31) * (try generatorSum(outputs, key: key))
        return bias.rows[0] + offset - limbs.rows[0]
            - Scalar(UInt64(1) << 16) * limbs.rows[1]
    }

    static func rangeShape(
        _ values: HyraxCommitment.Shape, kind: ModelCommitmentLayout.EntryKind
    ) throws(ProofError) -> RangeProof.Shape {
        try RangeProof.Shape(
            values: values, tableBits: ModelCommitmentLayout.tableBits(kind),
            countColumnBits: ModelCommitmentLayout.countColumnBits(kind))
    }

    // MARK: Prover

    /// Proves that the committed tensors of `witnesses` (laid out as ``ModelCommitmentLayout`` describes for
    /// `descriptor`) hold int8 weights and embedding entries and int32 biases.
    ///
    /// The prover's randomness is the hedged transcript RNG (rule 3): the statement transcript rekeyed with every
    /// committed value and row blinder, then mixed with OS randomness.
    /// - Throws: ``ModelCommitmentError/proverRefused(_:)`` when an entry is out of range (the range proof's
    ///   prover refuses), ``ModelCommitmentError/commitmentShapeMismatch(tensor:)`` when a commitment does not
    ///   have its layout, ``ModelCommitmentError/unsupportedLayout(_:)`` for a descriptor the public parameters
    ///   cannot serve.
    public static func prove(
        descriptor: ModelDescriptor, witnesses: ModelTensors<HyraxWitness>,
        key: CommitmentKey = RankingParameters.commitmentKey
    ) throws(ModelCommitmentError) -> WellFormednessProof {
        try prove(descriptor: descriptor, witnesses: witnesses, key: key, finalizeRNG: { $0.finalize() })
    }

    /// ``prove(descriptor:witnesses:key:)`` with the hedged RNG's last step supplied by the caller (tests finalize
    /// with a fixed seed; only test code may, zero-knowledge rule 3).
    package static func prove(
        descriptor: ModelDescriptor, witnesses: ModelTensors<HyraxWitness>, key: CommitmentKey,
        finalizeRNG: (consuming TranscriptRNGBuilder) -> TranscriptRNG
    ) throws(ModelCommitmentError) -> WellFormednessProof {
        let layout = try ModelCommitmentLayout.tensors(for: descriptor)
        let commitments = witnesses.map { $0.commitment }
        try checkShapes(commitments, layout: layout)
        var transcript = statementTranscript(descriptor: descriptor, commitments: commitments, key: key)
        var builder = transcript.rngBuilder()
        for witness in witnesses.inCommitmentOrder {
            witness.values.withUnsafeBytes { builder.rekey(withWitness: "values", bytes: $0) }
            var blinders: [UInt8] = []
            blinders.reserveCapacity(32 * witness.rowBlinders.count)
            for blinder in witness.rowBlinders { blinders.append(contentsOf: blinder.value.canonicalBytes) }
            builder.rekey(withWitness: "row-blinders", bytes: blinders)
        }
        let rng = finalizeRNG(builder)
        do {
            let embeddings = try zip(witnesses.embeddings, layout.embeddings).map { (w, t) throws(ProofError) in
                try proveInt8(w, tensor: t, key: key, transcript: &transcript, rng: rng)
            }
            var weights: [RangeProof] = []
            var biases: [BiasProof] = []
            for l in layout.layerWeights.indices {
                weights.append(
                    try proveInt8(
                        witnesses.layerWeights[l], tensor: layout.layerWeights[l], key: key, transcript: &transcript,
                        rng: rng))
                biases.append(
                    try proveInt32(
                        witnesses.layerBiases[l], tensor: layout.layerBiases[l], key: key, transcript: &transcript,
                        rng: rng))
            }
            let head = try proveInt8(
                witnesses.headWeights, tensor: layout.headWeights, key: key, transcript: &transcript, rng: rng)
            return WellFormednessProof(embeddings: embeddings, layerWeights: weights, layerBiases: biases, headWeights: head)
        } catch {
            throw .proverRefused(error)
        }
    }

    /// The range proof that every real entry of an int8 tensor, shifted by 128, lies in [0, 2^8).
    static func proveInt8(
        _ witness: HyraxWitness, tensor: ModelCommitmentLayout.Tensor, key: CommitmentKey,
        transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> RangeProof {
        let shiftedCommitment = try shifted(witness.commitment, tensor: tensor, key: key)
        let rowLength = tensor.shape.rowLength
        var values = witness.values
        let realCount = tensor.realRows * rowLength
        if values.count < realCount { values.append(contentsOf: repeatElement(0, count: realCount - values.count)) }
        values.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<tensor.realRows {
                for column in 0..<tensor.width { buffer[row * rowLength + column] += 128 }
            }
        }
        let shiftedWitness = HyraxWitness(
            commitment: shiftedCommitment, values: values, rowBlinders: witness.rowBlinders)
        return try RangeProof.prove(
            values: shiftedWitness, shape: try rangeShape(tensor.shape, kind: .int8), key: key,
            transcript: &transcript, rng: rng)
    }

    /// The limb commitment, decomposition proof and limb range proof of one bias vector.
    static func proveInt32(
        _ witness: HyraxWitness, tensor: ModelCommitmentLayout.Tensor, key: CommitmentKey,
        transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> BiasProof {
        let rowLength = tensor.shape.rowLength
        guard witness.values.count <= rowLength, witness.rowBlinders.count == 1 else {
            throw ProofError.shapeMismatch("\(tensor.name): a bias vector is one committed row")
        }
        // lo always lies in [0, 2^16); an out-of-range bias shows up in hi, and the range proof refuses it.
        var limbs = [Int64](repeating: 0, count: 2 * rowLength)
        for (i, b) in witness.values.enumerated() where i < tensor.width {
            let shifted = b &+ (Int64(1) << 31)
            limbs[i] = shifted & 0xFFFF
            limbs[rowLength + i] = shifted >> 16
        }
        let limbShape = try ModelCommitmentLayout.limbShape(of: tensor.shape)
        let (limbCommitment, limbWitness) = try HyraxCommitment.commit(limbs, shape: limbShape, key: key, rng: rng)
        limbCommitment.absorb(label: "bias-limbs", into: &transcript)
        let blinder =
            witness.rowBlinders[0].value - limbWitness.rowBlinders[0].value
            - Scalar(UInt64(1) << 16) * limbWitness.rowBlinders[1].value
        let decomposition = ZeroOpeningProof.prove(
            blinder: Blinder(derived: blinder),
            commitment: try decompositionCommitment(
                bias: witness.commitment, limbs: limbCommitment, outputs: tensor.width, key: key),
            key: key, transcript: &transcript, rng: rng)
        let range = try RangeProof.prove(
            values: limbWitness, shape: try rangeShape(limbShape, kind: .int32), key: key, transcript: &transcript,
            rng: rng)
        return BiasProof(limbs: limbCommitment, decomposition: decomposition, range: range)
    }

    // MARK: Verifier

    /// Verifies π_wf for `commitments` under `descriptor`, checking every group equation in one batch.
    /// - Throws: ``ModelCommitmentError/wellFormednessRejected(_:)`` when the proof is invalid,
    ///   ``ModelCommitmentError/commitmentShapeMismatch(tensor:)`` when a commitment does not have its layout.
    public func verify(
        descriptor: ModelDescriptor, commitments: ModelTensors<HyraxCommitment>,
        key: CommitmentKey = RankingParameters.commitmentKey
    ) throws(ModelCommitmentError) {
        let layout = try ModelCommitmentLayout.tensors(for: descriptor)
        try WellFormednessProof.checkShapes(commitments, layout: layout)
        guard embeddings.count == layout.embeddings.count, layerWeights.count == layout.layerWeights.count,
            layerBiases.count == layout.layerBiases.count
        else {
            throw .wellFormednessRejected(.shapeMismatch("π_wf has the wrong number of sub-proofs"))
        }
        var transcript = WellFormednessProof.statementTranscript(
            descriptor: descriptor, commitments: commitments, key: key)
        var batch = GroupEquationBatch()
        do {
            for j in layout.embeddings.indices {
                try verifyInt8(
                    embeddings[j], commitment: commitments.embeddings[j], tensor: layout.embeddings[j], key: key,
                    transcript: &transcript, batch: &batch)
            }
            for l in layout.layerWeights.indices {
                try verifyInt8(
                    layerWeights[l], commitment: commitments.layerWeights[l], tensor: layout.layerWeights[l],
                    key: key, transcript: &transcript, batch: &batch)
                try verifyInt32(
                    layerBiases[l], commitment: commitments.layerBiases[l], tensor: layout.layerBiases[l], key: key,
                    transcript: &transcript, batch: &batch)
            }
            try verifyInt8(
                headWeights, commitment: commitments.headWeights, tensor: layout.headWeights, key: key,
                transcript: &transcript, batch: &batch)
            try batch.verify(with: key, protocol: WellFormednessProof.protocolName)
        } catch {
            throw .wellFormednessRejected(error)
        }
    }

    private func verifyInt8(
        _ proof: RangeProof, commitment: HyraxCommitment, tensor: ModelCommitmentLayout.Tensor, key: CommitmentKey,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) throws(ProofError) {
        let shiftedCommitment = try WellFormednessProof.shifted(commitment, tensor: tensor, key: key)
        try proof.verify(
            values: shiftedCommitment, shape: try WellFormednessProof.rangeShape(tensor.shape, kind: .int8),
            key: key, transcript: &transcript, batch: &batch)
    }

    private func verifyInt32(
        _ proof: BiasProof, commitment: HyraxCommitment, tensor: ModelCommitmentLayout.Tensor, key: CommitmentKey,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) throws(ProofError) {
        let limbShape = try ModelCommitmentLayout.limbShape(of: tensor.shape)
        guard proof.limbs.shape == limbShape else {
            throw ProofError.shapeMismatch("\(tensor.name): the limb commitment has the wrong layout")
        }
        proof.limbs.absorb(label: "bias-limbs", into: &transcript)
        proof.decomposition.verify(
            commitment: try WellFormednessProof.decompositionCommitment(
                bias: commitment, limbs: proof.limbs, outputs: tensor.width, key: key),
            transcript: &transcript, batch: &batch)
        try proof.range.verify(
            values: proof.limbs, shape: try WellFormednessProof.rangeShape(limbShape, kind: .int32), key: key,
            transcript: &transcript, batch: &batch)
    }

    // MARK: Encoding

    init(embeddings: [RangeProof], layerWeights: [RangeProof], layerBiases: [BiasProof], headWeights: RangeProof) {
        self.embeddings = embeddings
        self.layerWeights = layerWeights
        self.layerBiases = layerBiases
        self.headWeights = headWeights
    }

    /// Writes the sub-proofs in transcript order: each embedding's range proof; per layer the weights' range
    /// proof, the limb commitment's two rows, the decomposition proof (A, z) and the limbs' range proof; the head
    /// weights' range proof. No lengths: every count follows from the descriptor.
    public func encode(to writer: inout ProofWriter) {
        for proof in embeddings { proof.encode(to: &writer) }
        for (weights, biases) in zip(layerWeights, layerBiases) {
            weights.encode(to: &writer)
            biases.limbs.encode(to: &writer)
            biases.decomposition.encode(to: &writer)
            biases.range.encode(to: &writer)
        }
        headWeights.encode(to: &writer)
    }

    /// Reads a proof for the tensor layout of a descriptor (``ModelCommitmentLayout/tensors(for:)``).
    public init(from reader: inout ProofReader, shape: ModelTensors<ModelCommitmentLayout.Tensor>) throws(ProofError) {
        var embeddings: [RangeProof] = []
        for tensor in shape.embeddings {
            embeddings.append(try RangeProof(from: &reader, shape: try Self.rangeShape(tensor.shape, kind: .int8)))
        }
        var weights: [RangeProof] = []
        var biases: [BiasProof] = []
        for (weightTensor, biasTensor) in zip(shape.layerWeights, shape.layerBiases) {
            weights.append(
                try RangeProof(from: &reader, shape: try Self.rangeShape(weightTensor.shape, kind: .int8)))
            let limbShape = try ModelCommitmentLayout.limbShape(of: biasTensor.shape)
            let limbs = try HyraxCommitment(from: &reader, shape: limbShape)
            let decomposition = try ZeroOpeningProof(from: &reader, shape: FixedShape())
            let range = try RangeProof(from: &reader, shape: try Self.rangeShape(limbShape, kind: .int32))
            biases.append(BiasProof(limbs: limbs, decomposition: decomposition, range: range))
        }
        let head = try RangeProof(from: &reader, shape: try Self.rangeShape(shape.headWeights.shape, kind: .int8))
        self.init(embeddings: embeddings, layerWeights: weights, layerBiases: biases, headWeights: head)
    }
}
