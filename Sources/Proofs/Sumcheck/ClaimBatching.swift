import Algebra
import Dispatch
import Transcript

/// Reduces several committed claims V~(z_k) = y_k on one Hyrax-committed vector V to a single Hyrax opening with
/// public row weights, so that one opening settles them all (DESIGN.md A.3).
///
/// V is the matrix of its Hyrax rows (index = row·2^c + column, a point z = (z_row, z_col)), so
/// V~(z) = Σ_j eq(z_col, j)·X~_z(j) with X_z = Σ_i eq(z_row, i)·row_i. After absorbing every point z_k and
/// commitment C_{y_k} the verifier draws γ, and a degree-2 committed sumcheck over the c column variables alone
/// proves Σ_j g(j) = Σ_k γ^k·y_k for g(j) = Σ_k γ^k·eq(z_k,col, j)·X~_k(j) (claim commitment Σ_k γ^k·C_{y_k}, derived
/// by both sides). It ends at a column point ρ with C_F committing to g(ρ) = Σ_k γ^k·eq(z_k,col, ρ)·X~_k(ρ), which
/// is Σ_i w_i·⟨eq(ρ, ·), row_i⟩ for the row weights w_i = Σ_k γ^k·eq(z_k,col, ρ)·eq(z_k,row, i): exactly what a
/// ``HyraxOpening`` with row weights w and column point ρ proves against C_F. The row variables are never summed
/// over: Hyrax opens any public row combination, so the sumcheck runs over 2^c entries per claim instead of
/// |V|, and the prover's work is one pass over each claim's rows (the random-linear-combination reduction of
/// Thaler, "Proofs, Arguments, and Zero-Knowledge", §4.5.2, applied to the column variables only).
///
/// Soundness: if some y_k is false, Σ_k γ^k·(y_k − V~(z_k)) ≠ 0 except for at most m − 1 values of γ; the
/// sumcheck then ends at a false C_F except with probability 2c/ℓ, and the opening refuses a false C_F.
///
/// Every point must have exactly log₂|V| coordinates: a claim on a block of V is a claim on V at the block's
/// offset bits followed by the inner point (DESIGN.md A.4), which the caller forms; its Boolean leading coordinates
/// confine the prover's pass and the row weights to the block's rows.
public enum ClaimBatching {
    /// The messages of a batching reduction: the column sumcheck.
    public struct Proof: ProofMessage, Equatable {
        /// The degree-2 committed sumcheck of Σ_j g(j) over the c column variables.
        public let sumcheck: ZKSumcheckProof

        /// A proof from its messages.
        public init(sumcheck: ZKSumcheckProof) {
            self.sumcheck = sumcheck
        }

        /// Writes the sumcheck.
        public func encode(to writer: inout ProofWriter) {
            sumcheck.encode(to: &writer)
        }

        /// Reads a proof for a vector whose Hyrax rows have 2^`shape` entries.
        public init(from reader: inout ProofReader, shape columnVariableCount: Int) throws(ProofError) {
            sumcheck = try ZKSumcheckProof(from: &reader, shape: ClaimBatching.sumcheckShape(columnVariableCount))
        }

        /// Checks the reduction of the claims (point z_k, commitment C_{y_k}) on a vector committed with layout
        /// `shape`, adding its group equations to `batch`.
        /// - Returns: the row weights, column point and C_F, which the caller must check with a ``HyraxOpening``.
        /// - Throws: ``ProofError/shapeMismatch(_:)`` for no claims or a point of the wrong length.
        public func verify(
            claims: [(point: [Scalar], commitment: RistrettoPoint)], shape: HyraxCommitment.Shape, key: CommitmentKey,
            transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
        ) throws(ProofError) -> VerifierOutput {
            try ClaimBatching.checkShape(claims.map(\.point), variableCount: shape.variableCount)
            let powers = ClaimBatching.absorbStatement(claims, shape: shape, into: &transcript)
            // Σ γ^k·C_{y_k} is derived from absorbed points and γ: the prover does not absorb it, and it stays MSM
            // terms of the batch.
            let combined = PointCombination(terms: zip(powers, claims).map { ($0, $1.commitment) })
            let reduced = try sumcheck.verify(
                derivedClaim: combined, shape: ClaimBatching.sumcheckShape(shape.columnVariableCount), key: key,
                transcript: &transcript, batch: &batch)
            // C_F is the sumcheck's final commitment (a point of the proof), or the claim itself over no variables.
            let final = sumcheck.finalClaimCommitment ?? reduced.final.evaluated
            return VerifierOutput(
                rowWeights: ClaimBatching.rowWeights(
                    claims.map(\.point), powers: powers, columnPoint: reduced.point, shape: shape),
                columnPoint: reduced.point, valueCommitment: final)
        }
    }

    /// What the prover learns.
    public struct ProverOutput: Sendable {
        /// The proof.
        public let proof: Proof
        /// The opening's row weights w.
        public let rowWeights: [Scalar]
        /// The column point ρ, in binding order.
        public let columnPoint: [Scalar]
        /// Σ_i w_i·⟨eq(ρ, ·), row_i⟩ with its blinder and commitment C_F.
        public let value: ZKSumcheckProof.CommittedScalar
    }

    /// What the verifier learns: the opening's statement.
    public struct VerifierOutput: Sendable, Equatable {
        /// The opening's row weights w.
        public let rowWeights: [Scalar]
        /// The column point ρ, in binding order.
        public let columnPoint: [Scalar]
        /// C_F, to be opened with row weights w at column point ρ.
        public let valueCommitment: RistrettoPoint
    }

    static let label = "claim-batching"

    /// The column sumcheck's shape: degree 2 (eq·X).
    static func sumcheckShape(_ columnVariableCount: Int) -> ZKSumcheckProof.Shape {
        ZKSumcheckProof.Shape(variableCount: columnVariableCount, degree: 2)
    }

    /// Proves every claim V~(z_k) = y_k (value y_k, blinder r_k, commitment C_{y_k}) on the committed `witness` and
    /// reduces them to one opening with row weights and a column point.
    /// - Throws: ``ProofError/invalidWitness(_:)`` naming the first claim with V~(z_k) ≠ y_k or a commitment
    ///   that does not open; ``ProofError/shapeMismatch(_:)`` for no claims or a point of the wrong length.
    /// - Complexity: one word multiplication per entry of each claim's rows, then a sumcheck over m tables of 2^c.
    public static func prove(
        witness: HyraxWitness,
        claims: [(point: [Scalar], value: Scalar, blinder: Blinder, commitment: RistrettoPoint)],
        key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> ProverOutput {
        let shape = witness.shape
        let c = shape.columnVariableCount
        try checkShape(claims.map(\.point), variableCount: shape.variableCount)
        for (k, claim) in claims.enumerated() {
            guard key.commitScalar(claim.value, blinder: claim.blinder) == claim.commitment else {
                throw ProofError.invalidWitness("claim batching: claim \(k)'s commitment does not open to its value")
            }
        }
        let powers = absorbStatement(claims.map { ($0.point, $0.commitment) }, shape: shape, into: &transcript)

        // X_k over each claim's rows, and eq(z_k,col, ·); the prover's own check ⟨eq_k, X_k⟩ = y_k names a false claim.
        let rowParts = claims.map { rowPart(of: $0.point, shape: shape) }
        let combinations = witness.combinedRows(rowParts.map { (EqualityPolynomial.table(at: $0.inner), $0.start) })
        var tables: [SumcheckProver.Table] = []
        var terms: [SumcheckProver.Term] = []
        for (k, claim) in claims.enumerated() {
            let columnWeights = EqualityPolynomial.table(at: Array(claim.point[(shape.variableCount - c)...]))
            guard DotProductProof.innerProduct(columnWeights, combinations[k]) == claim.value else {
                throw ProofError.invalidWitness("claim batching: claim \(k) is not V~(z_\(k))")
            }
            terms.append(SumcheckProver.Term(coefficient: powers[k], factors: [tables.count, tables.count + 1]))
            tables.append(.scalars(combinations[k]))
            tables.append(.scalars(columnWeights))
        }
        var combinedValue = Scalar.zero
        var combinedBlinder = Scalar.zero
        for (k, claim) in claims.enumerated() {
            combinedValue += powers[k] * claim.value
            combinedBlinder += powers[k] * claim.blinder.value
        }
        let blinder = Blinder(derived: combinedBlinder)
        let claim = (combinedValue, blinder, key.commitScalar(combinedValue, blinder: blinder))

        var engine = try SumcheckProver(tables: tables, terms: terms)
        // The combined claim is Σ γ^k·C_{y_k}, derived from the absorbed claims and γ: not absorbed.
        let reduced = try ZKSumcheckProof.prove(
            claim: claim, polynomial: &engine, degree: 2, key: key, transcript: &transcript, rng: rng,
            absorbingClaim: false)
        return ProverOutput(
            proof: Proof(sumcheck: reduced.proof),
            rowWeights: rowWeights(claims.map(\.point), powers: powers, columnPoint: reduced.point, shape: shape),
            columnPoint: reduced.point,
            value: (reduced.finalValue, reduced.finalBlinder, reduced.finalCommitment))
    }

    /// w_i = Σ_k γ^k·eq(z_k,col, ρ)·eq(z_k,row, i), each claim's eq table built over its block's rows only.
    static func rowWeights(
        _ points: [[Scalar]], powers: [Scalar], columnPoint: [Scalar], shape: HyraxCommitment.Shape
    ) -> [Scalar] {
        let c = shape.columnVariableCount
        var weights = [Scalar](repeating: .zero, count: shape.rowCount)
        for (k, point) in points.enumerated() {
            let scale = powers[k] * EqualityPolynomial.evaluate(Array(point[(point.count - c)...]), columnPoint)
            let (inner, start) = rowPart(of: point, shape: shape)
            for (r, weight) in EqualityPolynomial.table(at: inner, scaledBy: scale).enumerated() {
                weights[start + r] += weight
            }
        }
        return weights
    }

    /// A point's row coordinates after their Boolean prefix, and the first row of the block that prefix selects.
    static func rowPart(of point: [Scalar], shape: HyraxCommitment.Shape) -> (inner: [Scalar], start: Int) {
        let rowBits = shape.rowVariableCount
        var prefix = 0
        var offset = 0
        while prefix < rowBits, point[prefix].isZero || point[prefix] == .one {
            offset = offset << 1 | (point[prefix].isZero ? 0 : 1)
            prefix += 1
        }
        let inner = Array(point[prefix..<rowBits])
        return (inner, offset << inner.count)
    }

    static func checkShape(_ points: [[Scalar]], variableCount: Int) throws(ProofError) {
        guard !points.isEmpty else { throw ProofError.shapeMismatch("claim batching needs at least one claim") }
        for (k, point) in points.enumerated() where point.count != variableCount {
            throw ProofError.shapeMismatch("claim \(k) has \(point.count) coordinates for \(variableCount) variables")
        }
    }

    /// Absorbs the label, m, the layout and every claim, then draws γ; returns 1, γ, γ², ….
    private static func absorbStatement(
        _ claims: [(point: [Scalar], commitment: RistrettoPoint)], shape: HyraxCommitment.Shape,
        into transcript: inout MerlinTranscript
    ) -> [Scalar] {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendUInt64(label: "m", value: UInt64(claims.count))
        transcript.appendUInt64(label: "v", value: UInt64(shape.variableCount))
        transcript.appendUInt64(label: "c", value: UInt64(shape.columnVariableCount))
        for claim in claims {
            for z in claim.point { transcript.appendScalar(label: "z", z) }
            transcript.appendPoint(label: "Cy", claim.commitment)
        }
        let gamma = transcript.challengeScalar(label: "gamma")
        var powers: [Scalar] = []
        powers.reserveCapacity(claims.count)
        var power = Scalar.one
        for _ in claims {
            powers.append(power)
            power *= gamma
        }
        return powers
    }
}
