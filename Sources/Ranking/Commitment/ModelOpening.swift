import Algebra
import Crypto
import Dispatch
import Model
import Proofs

/// The publisher's private side of a ``ModelCommitment`` (DESIGN.md §2, "Model publication"): the quantized
/// ranker, the Hyrax witness (values and row blinders) of every committed tensor, and the platform's Ed25519
/// bundle-signing key.
///
/// **Keep it private.** Anyone holding it can read every weight and sign bundles as the platform. It must never be
/// written under the public commitments directory or into a bundle; row blinders are only ever written into this
/// file (zero-knowledge rule 1).
///
/// File format ("FPMO" v1, integers little-endian; see docs/format-commitment.md):
/// ```
/// "FPMO"  version:u8 = 1
/// modelFileLength:u32  model file ("FPQM", ModelFile encoding of the ranker, no report)
/// for each tensor in ModelTensors order, for each Hyrax row: its blinder (32-byte canonical non-zero scalar)
/// signingKey: 32 bytes (Ed25519 private key, raw representation)
/// commitmentLength:u32  commitment file ("FPMC")
/// ```
/// Loading recomputes every row commitment from the values and blinders and refuses any mismatch.
public struct ModelOpening: Sendable {
    /// The quantized ranker.
    public let ranker: QuantizedRanker
    /// The public commitment this opens.
    public let commitment: ModelCommitment
    /// The secret side of every tensor's commitment, in ``ModelTensors`` order.
    public let witnesses: ModelTensors<HyraxWitness>
    /// The platform's Ed25519 bundle-signing key, as its 32-byte raw representation.
    public let signingKeyRawRepresentation: [UInt8]

    /// The file's magic.
    static let magic = "FPMO"
    /// The file format version this code writes and reads.
    public static let formatVersion: UInt8 = 1

    /// The embedding tables' witnesses (descriptor order).
    public var embeddingWitnesses: [HyraxWitness] { witnesses.embeddings }
    /// The layer weights' witnesses (descriptor order).
    public var layerWeightWitnesses: [HyraxWitness] { witnesses.layerWeights }
    /// The layer biases' witnesses (descriptor order).
    public var layerBiasWitnesses: [HyraxWitness] { witnesses.layerBiases }
    /// The head weights' witness.
    public var headWeightWitness: HyraxWitness { witnesses.headWeights }

    /// The platform's Ed25519 public key (32 bytes), which verifiers use to check bundle signatures.
    public var platformPublicKey: [UInt8] {
        // The private key was checked when the opening was made, so this cannot be empty.
        let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: signingKeyRawRepresentation)
        return key.map { Array($0.publicKey.rawRepresentation) } ?? []
    }

    /// An opening from its parts, after checking that the descriptors agree and the signing key is valid (the
    /// witnesses come from ``ModelCommitment/commit(_:signingKeySeed:key:)`` or were checked row by row by
    /// ``init(encoded:key:)``).
    /// - Throws: ``ModelCommitmentError/descriptorMismatch`` or ``ModelCommitmentError/invalidSigningKey(_:)``.
    init(
        ranker: QuantizedRanker, commitment: ModelCommitment, witnesses: ModelTensors<HyraxWitness>,
        signingKeyRawRepresentation: [UInt8]
    ) throws(ModelCommitmentError) {
        guard ranker.descriptor == commitment.descriptor else { throw .descriptorMismatch }
        self.ranker = ranker
        self.commitment = commitment
        self.witnesses = witnesses
        self.signingKeyRawRepresentation = try Self.checkedSigningKey(signingKeyRawRepresentation)
    }

    /// A 32-byte Ed25519 private key, or a typed error.
    static func checkedSigningKey(_ raw: [UInt8]) throws(ModelCommitmentError) -> [UInt8] {
        guard raw.count == 32, (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) != nil else {
            throw .invalidSigningKey("an Ed25519 private key is 32 bytes, got \(raw.count)")
        }
        return raw
    }

    // MARK: Encoding

    /// The opening file (layout above).
    /// - Throws: ``ModelCommitmentError/invalidModelFile(_:)`` if the ranker cannot be encoded.
    public func encoded() throws(ModelCommitmentError) -> [UInt8] {
        let modelFile: [UInt8]
        do { modelFile = try ModelFile(ranker: ranker, report: nil).encoded() } catch {
            throw .invalidModelFile(error)
        }
        var writer = CommitmentFileWriter()
        writer.writeHeader(magic: Self.magic, version: Self.formatVersion)
        writer.write(blob: modelFile)
        for witness in witnesses.inCommitmentOrder {
            for blinder in witness.rowBlinders { writer.write(raw: blinder.value.canonicalBytes) }
        }
        writer.write(raw: signingKeyRawRepresentation)
        writer.write(blob: commitment.encoded)
        return writer.bytes
    }

    /// Reads an opening file and checks it: every row commitment is recomputed from the model's values and the
    /// stored blinders and must equal the commitment's (π_wf is not re-verified; call ``ModelCommitment/verify(key:)``).
    /// - Throws: ``ModelCommitmentError/badMagic(expected:)``, ``ModelCommitmentError/unsupportedVersion(_:)``,
    ///   ``ModelCommitmentError/truncated(offset:needed:available:)``, ``ModelCommitmentError/trailingBytes(count:)``,
    ///   ``ModelCommitmentError/invalidModelFile(_:)``, ``ModelCommitmentError/invalidBlinder(offset:)``,
    ///   ``ModelCommitmentError/invalidSigningKey(_:)``, any error of ``ModelCommitment/init(encoded:)``,
    ///   ``ModelCommitmentError/descriptorMismatch`` or ``ModelCommitmentError/openingMismatch(tensor:row:)``;
    ///   never traps.
    public init(encoded bytes: [UInt8], key: CommitmentKey = RankingParameters.commitmentKey) throws(ModelCommitmentError) {
        var reader = CommitmentFileReader(bytes)
        try reader.readHeader(magic: Self.magic, version: Self.formatVersion)
        let modelFile = try reader.readBlob()
        let ranker: QuantizedRanker
        do { ranker = try ModelFile(decoding: modelFile).ranker } catch { throw .invalidModelFile(error) }
        let layout = try ModelCommitmentLayout.tensors(for: ranker.descriptor)
        let rowCount = layout.inCommitmentOrder.reduce(0) { $0 + $1.shape.rowCount }
        guard rowCount <= reader.remaining / 32 else {
            throw .truncated(offset: reader.offset, needed: rowCount * 32, available: reader.remaining)
        }
        let blinders = try layout.map { (tensor) throws(ModelCommitmentError) -> [Blinder] in
            var row: [Blinder] = []
            row.reserveCapacity(tensor.shape.rowCount)
            for _ in 0..<tensor.shape.rowCount {
                let offset = reader.offset
                let encoding = try reader.take(32)
                guard let scalar = try? Scalar(canonical: encoding), !scalar.isZero else {
                    throw .invalidBlinder(offset: offset)
                }
                row.append(Blinder(derived: scalar))
            }
            return row
        }
        let signingKey = try Self.checkedSigningKey(try reader.take(32))
        let commitment = try ModelCommitment(encoded: try reader.readBlob())
        try reader.finish()
        guard commitment.descriptor == ranker.descriptor else { throw .descriptorMismatch }

        let values = ModelCommitmentLayout.values(of: ranker)
        let openings = commitment.commitments.combined(with: blinders) { ($0, $1) }
        let witnesses = values.combined(with: openings) { values, opening in
            HyraxWitness(commitment: opening.0, values: values, rowBlinders: opening.1)
        }
        for (witness, tensor) in zip(witnesses.inCommitmentOrder, layout.inCommitmentOrder) {
            if let row = Self.firstMismatchedRow(witness, key: key) {
                throw .openingMismatch(tensor: tensor.name, row: row)
            }
        }
        try self.init(
            ranker: ranker, commitment: commitment, witnesses: witnesses, signingKeyRawRepresentation: signingKey)
    }

    /// The first row whose commitment Com(row; ρ) differs from the witness's commitment, or nil (rows are
    /// recomputed in parallel).
    static func firstMismatchedRow(_ witness: HyraxWitness, key: CommitmentKey) -> Int? {
        let shape = witness.shape
        let rowCount = shape.rowCount
        let length = shape.rowLength
        guard witness.rowBlinders.count == rowCount, witness.commitment.rows.count == rowCount else { return 0 }
        let mismatches = MismatchFlags(count: rowCount)
        defer { mismatches.deallocate() }
        let values = witness.values
        DispatchQueue.concurrentPerform(iterations: rowCount) { r in
            let start = r * length
            let end = min(start + length, values.count)
            let row = start < end ? Array(values[start..<end]) : []
            let point = try? key.commit(small: row, blinder: witness.rowBlinders[r])
            mismatches.flags[r] = point != witness.commitment.rows[r]
        }
        return mismatches.flags.firstIndex(of: true)
    }
}

/// One flag per row, written by the parallel row check (each worker writes only its own row).
private struct MismatchFlags: @unchecked Sendable {
    let flags: UnsafeMutableBufferPointer<Bool>

    init(count: Int) {
        flags = .allocate(capacity: count)
        flags.initialize(repeating: false)
    }

    func deallocate() { flags.deallocate() }
}
