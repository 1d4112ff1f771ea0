import Algebra
import Crypto
import Model
import Proofs
import Transcript

/// A published model version (DESIGN.md §2, "Model publication"): the public descriptor D, a Hyrax commitment to
/// every tensor (laid out as ``ModelCommitmentLayout`` describes), the well-formedness proof π_wf and
/// `ModelID = SHA-512(D ‖ all C_{l,i} ‖ π_wf)`.
///
/// Everything here is public; the weights and blinders stay in the publisher's ``ModelOpening``. The file format
/// ("FPMC" v1) is ``encoded``; the ModelID hashes exactly the descriptor's canonical bytes followed by the file's
/// body after the descriptor (every commitment's row encodings in order, then π_wf's encoding).
public struct ModelCommitment: Sendable, Equatable {
    /// The public descriptor D.
    public let descriptor: ModelDescriptor
    /// The commitment to every tensor, in ``ModelTensors`` order.
    public let commitments: ModelTensors<HyraxCommitment>
    /// π_wf: every weight and embedding entry is an int8, every bias an int32.
    public let wellFormedness: WellFormednessProof
    /// SHA-512(D ‖ every row commitment ‖ π_wf).
    public let modelID: ModelID
    /// The commitment file ("FPMC" v1, see ``init(encoded:)``).
    public let encoded: [UInt8]

    /// The file's magic.
    static let magic = "FPMC"
    /// The file format version this code writes and reads.
    public static let formatVersion: UInt8 = 1

    /// The embedding tables' commitments (descriptor order).
    public var embeddingCommitments: [HyraxCommitment] { commitments.embeddings }
    /// The layer weights' commitments (descriptor order).
    public var layerWeightCommitments: [HyraxCommitment] { commitments.layerWeights }
    /// The layer biases' commitments (descriptor order).
    public var layerBiasCommitments: [HyraxCommitment] { commitments.layerBiases }
    /// The head weights' commitment.
    public var headWeightCommitment: HyraxCommitment { commitments.headWeights }

    /// A commitment from its parts (not verified: call ``verify(key:)``).
    /// - Throws: ``ModelCommitmentError/commitmentShapeMismatch(tensor:)`` when a commitment does not have its
    ///   descriptor's layout, or ``ModelCommitmentError/unsupportedLayout(_:)``.
    public init(
        descriptor: ModelDescriptor, commitments: ModelTensors<HyraxCommitment>, wellFormedness: WellFormednessProof
    ) throws(ModelCommitmentError) {
        let layout = try ModelCommitmentLayout.tensors(for: descriptor)
        try WellFormednessProof.checkShapes(commitments, layout: layout)
        var body = ProofWriter()
        for commitment in commitments.inCommitmentOrder { commitment.encode(to: &body) }
        wellFormedness.encode(to: &body)
        let descriptorBytes = descriptor.canonicalBytes
        var writer = CommitmentFileWriter()
        writer.writeHeader(magic: Self.magic, version: Self.formatVersion)
        writer.write(blob: descriptorBytes)
        writer.write(raw: body.bytes)
        self.descriptor = descriptor
        self.commitments = commitments
        self.wellFormedness = wellFormedness
        self.modelID = Self.modelID(descriptorBytes: descriptorBytes, body: body.bytes)
        self.encoded = writer.bytes
    }

    /// SHA-512(descriptor ‖ row commitments ‖ π_wf).
    static func modelID(descriptorBytes: [UInt8], body: [UInt8]) -> ModelID {
        var hasher = Algebra.SHA512()
        hasher.update(descriptorBytes)
        hasher.update(body)
        // SHA-512 output is always 64 bytes.
        return ModelID(bytes: hasher.finalize())!
    }

    // MARK: Committing

    /// Commits to `ranker` (one fresh blinder per Hyrax row), proves π_wf, and returns the public commitment with
    /// the publisher's private opening, which also holds the platform's new Ed25519 bundle-signing key.
    ///
    /// Randomness: the hedged transcript RNG (DESIGN.md §2, rule 3), a Merlin transcript over the descriptor
    /// rekeyed with every committed value, then mixed with OS randomness.
    /// - Parameters:
    ///   - signingKeySeed: the platform's Ed25519 signing key as its 32-byte raw representation; nil (the
    ///     default) generates a fresh one.
    /// - Throws: ``ModelCommitmentError/unsupportedLayout(_:)`` for a descriptor the public parameters cannot
    ///   serve, ``ModelCommitmentError/invalidSigningKey(_:)`` for a seed that is not 32 bytes,
    ///   ``ModelCommitmentError/proverRefused(_:)`` if proving fails.
    /// - Complexity: one small-integer MSM per Hyrax row, then one range proof per tensor.
    public static func commit(
        _ ranker: QuantizedRanker, signingKeySeed: [UInt8]? = nil, key: CommitmentKey = RankingParameters.commitmentKey
    ) throws(ModelCommitmentError) -> (commitment: ModelCommitment, opening: ModelOpening) {
        try commit(ranker, signingKeySeed: signingKeySeed, key: key, finalizeRNG: { $0.finalize() })
    }

    /// ``commit(_:signingKeySeed:key:)`` with the hedged RNG's last step supplied by the caller, so tests can
    /// reproduce a commitment by finalizing with a fixed seed (which only test code may do: zero-knowledge
    /// rule 3). Every RNG here comes from `finalizeRNG`.
    package static func commit(
        _ ranker: QuantizedRanker, signingKeySeed: [UInt8]?, key: CommitmentKey,
        finalizeRNG: (consuming TranscriptRNGBuilder) -> TranscriptRNG
    ) throws(ModelCommitmentError) -> (commitment: ModelCommitment, opening: ModelOpening) {
        let signingKey: [UInt8]
        if let seed = signingKeySeed {
            signingKey = try ModelOpening.checkedSigningKey(seed)
        } else {
            signingKey = Array(Curve25519.Signing.PrivateKey().rawRepresentation)
        }
        let descriptor = ranker.descriptor
        let values = ModelCommitmentLayout.values(of: ranker)

        var transcript = MerlinTranscript(label: WellFormednessProof.transcriptLabel)
        transcript.appendMessage(label: "descriptor", message: descriptor.canonicalBytes)
        var builder = transcript.rngBuilder()
        for tensor in values.inCommitmentOrder {
            tensor.withUnsafeBytes { builder.rekey(withWitness: "model-values", bytes: $0) }
        }
        let rng = finalizeRNG(builder)

        let witnesses = try ModelTensors<HyraxWitness>.commit(ranker, key: key, rng: rng)
        let proof = try WellFormednessProof.prove(
            descriptor: descriptor, witnesses: witnesses, key: key, finalizeRNG: finalizeRNG)
        let commitment = try ModelCommitment(
            descriptor: descriptor, commitments: witnesses.commitments, wellFormedness: proof)
        let opening = try ModelOpening(
            ranker: ranker, commitment: commitment, witnesses: witnesses, signingKeyRawRepresentation: signingKey)
        return (commitment, opening)
    }

    // MARK: Verifying

    /// Verifies π_wf against the commitments and the descriptor (one batched multi-scalar multiplication).
    /// - Throws: ``ModelCommitmentError/wellFormednessRejected(_:)`` when the proof is invalid.
    public func verify(key: CommitmentKey = RankingParameters.commitmentKey) throws(ModelCommitmentError) {
        try wellFormedness.verify(descriptor: descriptor, commitments: commitments, key: key)
    }

    // MARK: Decoding

    /// Reads a commitment file and recomputes its ModelID. π_wf is decoded, not verified (call ``verify(key:)``).
    ///
    /// Layout ("FPMC" v1, integers little-endian; the full description is in docs/format-commitment.md):
    /// ```
    /// "FPMC"  version:u8 = 1
    /// descriptorLength:u32  descriptor (ModelDescriptor canonical bytes)
    /// for each tensor in ModelTensors order: one 32-byte ristretto255 encoding per Hyrax row
    /// π_wf (WellFormednessProof encoding; every count follows from the descriptor)
    /// ```
    /// - Throws: ``ModelCommitmentError/badMagic(expected:)``, ``ModelCommitmentError/unsupportedVersion(_:)``,
    ///   ``ModelCommitmentError/truncated(offset:needed:available:)``,
    ///   ``ModelCommitmentError/trailingBytes(count:)``, ``ModelCommitmentError/invalidDescriptor(_:)``,
    ///   ``ModelCommitmentError/unsupportedLayout(_:)`` or ``ModelCommitmentError/invalidEncoding(_:)``; never
    ///   traps.
    public init(encoded bytes: [UInt8]) throws(ModelCommitmentError) {
        var reader = CommitmentFileReader(bytes)
        try reader.readHeader(magic: Self.magic, version: Self.formatVersion)
        let descriptorBytes = try reader.readBlob()
        let descriptor: ModelDescriptor
        do { descriptor = try ModelDescriptor(canonicalBytes: descriptorBytes) } catch {
            throw .invalidDescriptor(error)
        }
        let layout = try ModelCommitmentLayout.tensors(for: descriptor)
        let bodyStart = reader.offset
        let (commitments, proof) = try reader.readProofToEnd { (proofReader) throws(ProofError) in
            let commitments = try layout.map { (tensor) throws(ProofError) in
                try HyraxCommitment(from: &proofReader, shape: tensor.shape)
            }
            let proof = try WellFormednessProof(from: &proofReader, shape: layout)
            return (commitments, proof)
        }
        try reader.finish()
        self.descriptor = descriptor
        self.commitments = commitments
        self.wellFormedness = proof
        self.modelID = Self.modelID(descriptorBytes: descriptorBytes, body: Array(bytes[bodyStart...]))
        self.encoded = bytes
    }

    /// Equal files (the file determines every field).
    public static func == (lhs: ModelCommitment, rhs: ModelCommitment) -> Bool {
        lhs.encoded == rhs.encoded
    }
}
