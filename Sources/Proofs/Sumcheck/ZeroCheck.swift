import Algebra
import Transcript

/// Proof that two committed vectors have a zero pointwise product, a(x)·b(x) = 0 for every x ∈ {0,1}^v
/// (DESIGN.md §2 step 3: A·B = 0 and C·(2^15−1−A) = 0 of the saturating ReLU), by the committed degree-3
/// sumcheck of Σ_x eq(τ, x)·a(x)·b(x) = 0 (the zero-check of Spartan ePrint 2019/550 §5.1; Thaler §4.6).
///
/// **Why it is sound.** Σ_x eq(τ, x)·a(x)·b(x) is the multilinear extension of the pointwise product a·b at τ.
/// If a·b is not zero on the hypercube, that extension is a non-zero polynomial of degree ≤ v, so it vanishes at
/// a uniform τ with probability at most v/ℓ (Schwartz–Zippel). τ is drawn here, inside the zero-check, after
/// the caller's transcript has absorbed the commitments to a and b: **the caller must absorb them first**, or a
/// prover could choose a and b after seeing τ.
///
/// **The claim 0.** The sum is the public constant 0. The prover commits to it as C_0 = 0·U + r_0·H with a fresh
/// blinder and proves C_0 = r_0·H (``ZeroOpeningProof``: C_0 opens to 0 because log_H U is unknown); the
/// sumcheck then starts from C_0 like any committed claim. (Starting from the identity as a blinder-free
/// commitment to 0 would be equally sound, but zero-knowledge rule 1 forbids zero-blinder commitments outside
/// test code, and the cost here is one point and one Σ-proof.)
///
/// **The last step.** The sumcheck ends with C_v committing to eq(τ, ρ)·a(ρ)·b(ρ). The prover commits to
/// a(ρ) (C_a) and b(ρ) (C_b) with fresh blinders, and a ``ProductProof`` on (e·C_a, C_b, C_v) with the public
/// scalar e = eq(τ, ρ) (which both sides compute) shows C_v = (e·a(ρ))·b(ρ). C_a and C_b are returned for the
/// caller to link to openings of a and b at ρ (e.g. Hyrax openings of the aux vector). If e = 0 (probability
/// about v/ℓ) the product proof still shows C_v = 0, which is then the correct value.
public enum ZeroCheck {
    /// The messages of a zero-check.
    public struct Proof: ProofMessage, Equatable {
        /// C_0 = r_0·H, the commitment to the claim 0.
        public let claimCommitment: RistrettoPoint
        /// Proof that C_0 opens to 0.
        public let claimProof: ZeroOpeningProof
        /// The degree-3 committed sumcheck.
        public let sumcheck: ZKSumcheckProof
        /// C_a = a(ρ)·U + r_a·H.
        public let leftCommitment: RistrettoPoint
        /// C_b = b(ρ)·U + r_b·H.
        public let rightCommitment: RistrettoPoint
        /// Proof that C_v commits to (eq(τ, ρ)·a(ρ))·b(ρ).
        public let productProof: ProductProof

        /// A proof from its messages.
        public init(
            claimCommitment: RistrettoPoint, claimProof: ZeroOpeningProof, sumcheck: ZKSumcheckProof,
            leftCommitment: RistrettoPoint, rightCommitment: RistrettoPoint, productProof: ProductProof
        ) {
            self.claimCommitment = claimCommitment
            self.claimProof = claimProof
            self.sumcheck = sumcheck
            self.leftCommitment = leftCommitment
            self.rightCommitment = rightCommitment
            self.productProof = productProof
        }

        /// Writes C_0, the zero-opening proof, the sumcheck, C_a, C_b and the product proof.
        public func encode(to writer: inout ProofWriter) {
            writer.write(claimCommitment)
            claimProof.encode(to: &writer)
            sumcheck.encode(to: &writer)
            writer.write([leftCommitment, rightCommitment])
            productProof.encode(to: &writer)
        }

        /// Reads a zero-check over 2^`shape` entries.
        public init(from reader: inout ProofReader, shape variableCount: Int) throws(ProofError) {
            claimCommitment = try reader.readPoint()
            claimProof = try ZeroOpeningProof(from: &reader, shape: FixedShape())
            sumcheck = try ZKSumcheckProof(
                from: &reader, shape: ZKSumcheckProof.Shape(variableCount: variableCount, degree: ZeroCheck.degree))
            leftCommitment = try reader.readPoint()
            rightCommitment = try reader.readPoint()
            productProof = try ProductProof(from: &reader, shape: FixedShape())
        }

        /// Checks the proof for vectors of 2^`variableCount` entries whose commitments the transcript has
        /// already absorbed, adding its group equations to `batch`.
        /// - Returns: the point ρ, the point τ and the commitments C_a, C_b to a(ρ), b(ρ), which the caller must
        ///   link to a and b (the zero-check holds only together with those links and `batch`).
        /// - Throws: ``ProofError/shapeMismatch(_:)`` when the proof's shape differs.
        public func verify(
            variableCount: Int, key: CommitmentKey, transcript: inout MerlinTranscript,
            batch: inout GroupEquationBatch
        ) throws(ProofError) -> VerifierOutput {
            guard variableCount >= 0, variableCount <= 64 else {
                throw ProofError.shapeMismatch("zero-check over \(variableCount) variables")
            }
            let tau = ZeroCheck.absorbStatement(variableCount: variableCount, into: &transcript)
            transcript.appendPoint(label: "C0", claimCommitment)
            claimProof.verify(commitment: claimCommitment, transcript: &transcript, batch: &batch)
            let reduced = try sumcheck.verify(
                claimCommitment: claimCommitment,
                shape: ZKSumcheckProof.Shape(variableCount: variableCount, degree: ZeroCheck.degree), key: key,
                transcript: &transcript, batch: &batch)
            let e = EqualityPolynomial.evaluate(tau, reduced.point)
            transcript.appendPoint(label: "Ca", leftCommitment)
            transcript.appendPoint(label: "Cb", rightCommitment)
            productProof.verify(
                left: e * leftCommitment, right: rightCommitment, product: reduced.finalCommitment,
                transcript: &transcript, batch: &batch)
            return VerifierOutput(
                point: reduced.point, equalityPoint: tau, leftCommitment: leftCommitment,
                rightCommitment: rightCommitment)
        }
    }

    /// What the prover learns: the proof, the points and the openings of C_a and C_b.
    public struct ProverOutput: Sendable {
        /// The proof.
        public let proof: Proof
        /// ρ, the sumcheck's point in binding order.
        public let point: [Scalar]
        /// τ, the random point of the eq factor.
        public let equalityPoint: [Scalar]
        /// a(ρ) with its blinder and commitment C_a.
        public let left: ZKSumcheckProof.CommittedScalar
        /// b(ρ) with its blinder and commitment C_b.
        public let right: ZKSumcheckProof.CommittedScalar
    }

    /// What the verifier learns.
    public struct VerifierOutput: Sendable, Equatable {
        /// ρ, the sumcheck's point in binding order.
        public let point: [Scalar]
        /// τ, the random point of the eq factor.
        public let equalityPoint: [Scalar]
        /// C_a, the commitment the caller must link to a(ρ).
        public let leftCommitment: RistrettoPoint
        /// C_b, the commitment the caller must link to b(ρ).
        public let rightCommitment: RistrettoPoint
    }

    /// The sumcheck's degree: eq·a·b.
    static let degree = 3
    static let label = "zero-check"

    /// Proves a(x)·b(x) = 0 for every x, for tables of one power-of-two length whose commitments the
    /// transcript has already absorbed.
    /// - Throws: ``ProofError/invalidWitness(_:)`` naming the first index where a(x)·b(x) ≠ 0;
    ///   ``ProofError/shapeMismatch(_:)`` for unequal or non-power-of-two lengths.
    public static func prove(
        left a: SumcheckProver.Table, right b: SumcheckProver.Table, key: CommitmentKey,
        transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> ProverOutput {
        guard a.count == b.count else {
            throw ProofError.shapeMismatch("zero-check of \(a.count) and \(b.count) entries")
        }
        if let index = firstNonZeroProduct(a, b) {
            throw ProofError.invalidWitness("zero-check: a(x)·b(x) ≠ 0 at index \(index)")
        }
        guard a.count > 0, a.count & (a.count - 1) == 0 else {
            throw ProofError.shapeMismatch("zero-check tables need a power-of-two length, got \(a.count)")
        }
        let tau = absorbStatement(variableCount: a.count.trailingZeroBitCount, into: &transcript)
        var engine = try SumcheckProver(
            tables: [a, b], terms: [SumcheckProver.Term(factors: [0, 1])], equalityPoint: tau)

        let claimBlinder = Blinder.random(using: rng)
        let claimCommitment = key.commitScalar(.zero, blinder: claimBlinder)
        transcript.appendPoint(label: "C0", claimCommitment)
        let claimProof = ZeroOpeningProof.prove(
            blinder: claimBlinder, commitment: claimCommitment, key: key, transcript: &transcript, rng: rng)
        let reduced = try ZKSumcheckProof.prove(
            claim: (.zero, claimBlinder, claimCommitment), polynomial: &engine, degree: degree, key: key,
            transcript: &transcript, rng: rng)

        let values = engine.tableValues
        let e = engine.equalityValue
        let left = key.commitFresh(values[0], rng: rng)
        let right = key.commitFresh(values[1], rng: rng)
        transcript.appendPoint(label: "Ca", left.commitment)
        transcript.appendPoint(label: "Cb", right.commitment)
        // e·C_a = (e·a(ρ))·U + (e·r_a)·H, computed from its opening (the verifier scales C_a).
        let scaledBlinder = Blinder(derived: e * left.blinder.value)
        let scaledLeft = (e * left.value, scaledBlinder, key.commitScalar(e * left.value, blinder: scaledBlinder))
        let productProof = try ProductProof.prove(
            left: scaledLeft, right: right,
            product: (reduced.finalValue, reduced.finalBlinder, reduced.finalCommitment), key: key,
            transcript: &transcript, rng: rng)
        let proof = Proof(
            claimCommitment: claimCommitment, claimProof: claimProof, sumcheck: reduced.proof,
            leftCommitment: left.commitment, rightCommitment: right.commitment, productProof: productProof)
        return ProverOutput(proof: proof, point: reduced.point, equalityPoint: tau, left: left, right: right)
    }

    /// Absorbs the sub-protocol label and v, then draws τ (one challenge per variable).
    private static func absorbStatement(variableCount: Int, into transcript: inout MerlinTranscript) -> [Scalar] {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendUInt64(label: "v", value: UInt64(variableCount))
        var tau: [Scalar] = []
        tau.reserveCapacity(variableCount)
        for _ in 0..<variableCount { tau.append(transcript.challengeScalar(label: "tau")) }
        return tau
    }

    /// The first index where a·b ≠ 0 (a product over a field is zero exactly when a factor is), if any.
    private static func firstNonZeroProduct(_ a: SumcheckProver.Table, _ b: SumcheckProver.Table) -> Int? {
        let aZero = zeroFlags(a)
        let bZero = zeroFlags(b)
        for i in 0..<min(aZero.count, bZero.count) where !aZero[i] && !bZero[i] { return i }
        return nil
    }

    private static func zeroFlags(_ table: SumcheckProver.Table) -> [Bool] {
        var flags: [Bool] = []
        flags.reserveCapacity(table.count)
        switch table {
        case .scalars(let values): for x in values { flags.append(x.isZero) }
        case .small(let values): for x in values { flags.append(x == 0) }
        }
        return flags
    }
}
