import Algebra
import Transcript

/// Zero-knowledge opening of a ``HyraxCommitment`` against a committed evaluation (Hyrax ePrint 2017/1132's
/// matrix-commitment opening with its dot-product proof made logarithmic, DESIGN.md A.2).
///
/// For the point (z_row, z_col) the verifier forms C_x = Σ_i eq(z_row, i)·C_i itself (as terms of its batched
/// equation), the prover combines the rows x = Σ_i eq(z_row, i)·row_i with blinder Σ_i eq(z_row, i)·ρ_i, and
/// proves ⟨eq(z_col, ·), x⟩ = y against C_y = y·U + r_y·H with an ``InnerProductProof``. Neither x nor y is ever
/// sent (zero-knowledge rule 2). The same code path opens Σ_i w_i·row_i for arbitrary public row weights w
/// (embedding tables, DESIGN.md A.6).
///
/// Transcript: "hyrax-opening", the layout and the commitment's digest, the row weights' definition, then the
/// inner-product statement (column weights' definition, C_y) and its rounds.
public struct HyraxOpening: ProofMessage, Equatable {
    /// The log-size dot-product proof on the combined row.
    public let innerProduct: InnerProductProof

    static let label = "hyrax-opening"

    /// Proves that the committed polynomial takes at `point` (v coordinates, row part first) the value committed
    /// in `valueCommitment` = value·U + valueBlinder·H.
    /// - Throws: ``ProofError/invalidWitness(_:)`` when `value` is not the evaluation (the prover refuses), and
    ///   ``ProofError/shapeMismatch(_:)`` when the point has the wrong length.
    /// - Complexity: O(2^v) word multiplications for the combined row, then an ``InnerProductProof`` on 2^c entries.
    public static func prove(
        witness: HyraxWitness, point: [Scalar], value: Scalar, valueBlinder: Blinder,
        valueCommitment: RistrettoPoint, key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> HyraxOpening {
        let (row, column) = try witness.split(point)
        return try prove(
            witness: witness, rowWeights: .equality(point: row), columnWeights: .equality(point: column), value: value,
            valueBlinder: valueBlinder, valueCommitment: valueCommitment, key: key, transcript: &transcript, rng: rng)
    }

    /// Proves Σ_i r_i·⟨a, row_i⟩ = value for public row weights r and column weights a (opening at a point is the
    /// case r = eq(z_row, ·), a = eq(z_col, ·)).
    public static func prove(
        witness: HyraxWitness, rowWeights: InnerProductProof.Weights, columnWeights: InnerProductProof.Weights,
        value: Scalar, valueBlinder: Blinder, valueCommitment: RistrettoPoint, key: CommitmentKey,
        transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> HyraxOpening {
        let rows = try witness.checkedRowWeights(rowWeights)
        let a = try InnerProductProof.checkedWeights(columnWeights, length: witness.shape.rowLength)
        let x = witness.combinedRow(weights: rows)
        guard DotProductProof.innerProduct(a, x) == value else {
            throw ProofError.invalidWitness("Hyrax opening: the committed polynomial does not take the claimed value")
        }
        absorbStatement(
            commitment: witness.commitment, rowWeights: rowWeights, columnWeights: columnWeights,
            valueCommitment: valueCommitment, into: &transcript)
        let proof = try InnerProductProof.proveReduction(
            vector: x, weights: a, vectorBlinder: witness.combinedBlinder(weights: rows),
            valueBlinder: valueBlinder.value, key: key, transcript: &transcript, rng: rng)
        return HyraxOpening(innerProduct: proof)
    }

    /// Absorbs the whole statement; the inner product's C_x is the combination defined by the rows' digest and
    /// the row weights, so it is not absorbed again as a point.
    static func absorbStatement(
        commitment: HyraxCommitment, rowWeights: InnerProductProof.Weights,
        columnWeights: InnerProductProof.Weights, valueCommitment: RistrettoPoint,
        into transcript: inout MerlinTranscript
    ) {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        commitment.absorb(label: "hyrax-commitment", into: &transcript)
        rowWeights.absorb(role: "row", into: &transcript)
        InnerProductProof.absorbStatement(
            length: commitment.shape.rowLength, vectorCommitment: nil, weights: columnWeights,
            valueCommitment: valueCommitment, into: &transcript)
    }

    /// Adds the opening's group equation to `batch`: the inner-product check with C_x = Σ_i eq(z_row, i)·C_i
    /// expanded into its terms.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when the point or proof does not fit the commitment's layout.
    /// - Complexity: O(2^(v−c) + 2^c) scalar multiplications; 2^(v−c) + 2^c + 2c + 3 terms in the batch.
    public func verify(
        commitment: HyraxCommitment, point: [Scalar], valueCommitment: RistrettoPoint,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) throws(ProofError) {
        let shape = commitment.shape
        guard point.count == shape.variableCount else {
            throw ProofError.shapeMismatch("point has \(point.count) coordinates for \(shape.variableCount) variables")
        }
        try verify(
            commitment: commitment, rowWeights: .equality(point: Array(point[0..<shape.rowVariableCount])),
            columnWeights: .equality(point: Array(point[shape.rowVariableCount...])),
            valueCommitment: valueCommitment, transcript: &transcript, batch: &batch)
    }

    /// Verifies an opening with public row weights r and column weights a (see
    /// ``prove(witness:rowWeights:columnWeights:value:valueBlinder:valueCommitment:key:transcript:rng:)``).
    /// Rows with weight zero cost nothing.
    public func verify(
        commitment: HyraxCommitment, rowWeights: InnerProductProof.Weights,
        columnWeights: InnerProductProof.Weights, valueCommitment: RistrettoPoint,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) throws(ProofError) {
        let shape = commitment.shape
        guard commitment.rows.count == shape.rowCount, rowWeights.count == shape.rowCount else {
            throw ProofError.shapeMismatch("\(rowWeights.count) row weights for \(shape.rowCount) rows")
        }
        guard columnWeights.count == shape.rowLength else {
            throw ProofError.shapeMismatch("\(columnWeights.count) column weights for rows of \(shape.rowLength)")
        }
        HyraxOpening.absorbStatement(
            commitment: commitment, rowWeights: rowWeights, columnWeights: columnWeights,
            valueCommitment: valueCommitment, into: &transcript)
        // Every row with its weight (zeros included): the batch merges the rows' terms across openings of this
        // commitment, so a vector opened several times costs one MSM term per row.
        try innerProduct.verifyReduction(
            vectorTerms: rowWeights.entries(), vectorPoints: commitment.rows, weights: columnWeights,
            valueTerms: [(.one, valueCommitment)], transcript: &transcript, batch: &batch, vectorKey: commitment.digest)
    }

    init(innerProduct: InnerProductProof) { self.innerProduct = innerProduct }

    /// The encoded size for a layout: (2c + 3)·32 bytes.
    public static func encodedByteCount(shape: HyraxCommitment.Shape) -> Int {
        (try? InnerProductProof.encodedByteCount(length: shape.rowLength)) ?? 0
    }

    /// Writes the inner-product proof.
    public func encode(to writer: inout ProofWriter) {
        innerProduct.encode(to: &writer)
    }

    /// Reads an opening of a commitment with layout `shape` (c rounds).
    public init(from reader: inout ProofReader, shape: HyraxCommitment.Shape) throws(ProofError) {
        innerProduct = try InnerProductProof(from: &reader, shape: shape.rowLength)
    }
}
