import Algebra
import Transcript

/// The committed (zero-knowledge) sumcheck: Hyrax ePrint 2017/1132 §4 and Spartan's `ZKSumcheckInstanceProof`
/// (ePrint 2019/550 §7), DESIGN.md A.1.
///
/// The input is a commitment C_0 = S·U + r_0·H to the claim S = Σ_{x∈{0,1}^v} f(x). Round j, with C_j committing
/// to the current claim:
/// 1. The prover sends C_poly = Σ_i c_i·G_i + r·H, a commitment to the round polynomial g_j = Σ_i c_i·X^i
///    (i ≤ d), and the verifier draws ρ_j after absorbing it.
/// 2. The prover sends C_{j+1} = g_j(ρ_j)·U + r′·H, and the verifier draws w_0, w_1 after absorbing it.
/// 3. A ``DotProductProof`` shows ⟨a, c⟩ = y for a = w_0·(2, 1, …, 1) + w_1·(1, ρ_j, …, ρ_j^d) and y the value of
///    w_0·C_j + w_1·C_{j+1}: in one proof, g_j(0) + g_j(1) = claim_j and g_j(ρ_j) = claim_{j+1} (the two
///    equations combined by the random w; a false one survives with probability 1/ℓ).
///
/// The degree bound is the length of a: the dot-product proof has exactly d + 1 responses, so a longer
/// polynomial cannot be committed and opened. After v rounds, C_v commits to f(ρ) at ρ = (ρ_0, …, ρ_{v−1})
/// (binding order, as ``MultilinearPolynomial/fold(_:)``); the caller links it to the factors' committed
/// evaluations. No evaluation of f or of any round polynomial is ever revealed.
///
/// **v = 0.** With no variables the sum is the single value f(), the proof has no rounds (an empty encoding),
/// the point is empty and C_v = C_0; the caller's final step then checks C_0 against f() directly.
public struct ZKSumcheckProof: ProofMessage, Equatable {
    /// The public parameters that fix the proof's layout.
    public struct Shape: Sendable, Hashable {
        /// The number of variables v (rounds).
        public let variableCount: Int
        /// The degree bound d of every round polynomial.
        public let degree: Int

        /// A shape of `variableCount` rounds of degree-`degree` polynomials.
        public init(variableCount: Int, degree: Int) {
            self.variableCount = variableCount
            self.degree = degree
        }
    }

    /// The messages of one round.
    public struct Round: Sendable, Equatable {
        /// C_poly, the commitment to the round polynomial's d + 1 coefficients over G_0…G_d.
        public let polynomialCommitment: RistrettoPoint
        /// C_{j+1}, the commitment to g_j(ρ_j) (the next round's claim).
        public let nextClaimCommitment: RistrettoPoint
        /// The proof that the committed coefficients satisfy both round equations.
        public let consistencyProof: DotProductProof

        /// A round from its messages.
        public init(
            polynomialCommitment: RistrettoPoint, nextClaimCommitment: RistrettoPoint, consistencyProof: DotProductProof
        ) {
            self.polynomialCommitment = polynomialCommitment
            self.nextClaimCommitment = nextClaimCommitment
            self.consistencyProof = consistencyProof
        }
    }

    /// A committed scalar as the prover holds it: its value, blinder and commitment value·U + blinder·H.
    public typealias CommittedScalar = (value: Scalar, blinder: Blinder, commitment: RistrettoPoint)

    /// What the prover learns: the proof, the point and the final claim f(ρ) with its opening.
    public struct ProverOutput: Sendable {
        /// The proof.
        public let proof: ZKSumcheckProof
        /// ρ, one challenge per variable in binding order.
        public let point: [Scalar]
        /// f(ρ).
        public let finalValue: Scalar
        /// The blinder of ``finalCommitment``.
        public let finalBlinder: Blinder
        /// C_v = f(ρ)·U + finalBlinder·H.
        public let finalCommitment: RistrettoPoint
    }

    /// What the verifier learns: the point and the commitment to the final claim.
    public struct VerifierOutput: Sendable, Equatable {
        /// ρ, one challenge per variable in binding order.
        public let point: [Scalar]
        /// C_v, the commitment the prover claims holds f(ρ); the caller must check it.
        public let finalCommitment: RistrettoPoint
    }

    /// The rounds, first variable first.
    public let rounds: [Round]

    static let label = "zk-sumcheck"

    /// A proof from its rounds.
    public init(rounds: [Round]) { self.rounds = rounds }

    // MARK: Prover

    /// Proves Σ_x f(x) = claim.value for the committed claim, running `polynomial` through every round.
    ///
    /// - Parameters:
    ///   - claim: S = Σ_x f(x), its blinder and its commitment S·U + blinder·H.
    ///   - polynomial: f, with every variable unbound; it ends fully bound.
    ///   - degree: the shape's degree bound, at least the polynomial's (the default); higher coefficients are 0.
    /// - Throws: ``ProofError/invalidWitness(_:)`` when the claim commitment does not open to the value or the
    ///   value is not the sum; ``ProofError/shapeMismatch(_:)`` for a degree below the polynomial's or below 1.
    public static func prove<P: SumcheckPolynomial>(
        claim: CommittedScalar, polynomial: inout P, degree: Int? = nil,
        key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> ProverOutput {
        let d = degree ?? polynomial.degree
        guard d >= 1, d >= polynomial.degree else {
            throw ProofError.shapeMismatch("sumcheck degree bound \(d) below the polynomial's \(polynomial.degree)")
        }
        guard d < key.vectorCapacity else {
            throw ProofError.generatorsExhausted(needed: d &+ 1, available: key.vectorCapacity)
        }
        guard key.commitScalar(claim.value, blinder: claim.blinder) == claim.commitment else {
            throw ProofError.invalidWitness("sumcheck: the claim commitment does not open to the claimed sum")
        }
        let shape = Shape(variableCount: polynomial.remainingVariables, degree: d)
        absorbStatement(shape, claim.commitment, into: &transcript)

        var current = claim
        var point: [Scalar] = []
        var rounds: [Round] = []
        rounds.reserveCapacity(shape.variableCount)
        for j in 0..<shape.variableCount {
            // Round 0 computes every point, so a wrong sum is refused here instead of yielding a bad proof.
            let g = try polynomial.roundPolynomial(claim: j == 0 ? nil : current.value)
            if j == 0, g.sumOverBooleans != claim.value {
                throw ProofError.invalidWitness("sumcheck: the claimed sum differs from Σ_x f(x)")
            }
            guard g.coefficients.count <= d + 1 else {
                throw ProofError.shapeMismatch("round polynomial of degree \(g.degree) above the bound \(d)")
            }
            var coefficients = g.coefficients
            coefficients.append(contentsOf: repeatElement(.zero, count: d + 1 - coefficients.count))

            let polynomialBlinder = Blinder.random(using: rng)
            let polynomialCommitment = try key.commit(coefficients, blinder: polynomialBlinder)
            transcript.appendPoint(label: "poly", polynomialCommitment)
            let rho = transcript.challengeScalar(label: "rho")

            let nextValue = g.evaluate(at: rho)
            let nextBlinder = Blinder.random(using: rng)
            let nextCommitment = key.commitScalar(nextValue, blinder: nextBlinder)
            transcript.appendPoint(label: "claim", nextCommitment)
            let w0 = transcript.challengeScalar(label: "w0")
            let w1 = transcript.challengeScalar(label: "w1")

            // y = w_0·claim_j + w_1·claim_{j+1}, committed (homomorphically) by w_0·C_j + w_1·C_{j+1}.
            let targetValue = w0 * current.value + w1 * nextValue
            let targetBlinder = Blinder(derived: w0 * current.blinder.value + w1 * nextBlinder.value)
            // C_j and C_{j+1} are absorbed and w_0, w_1 drawn: the combination is bound without being computed.
            let targetCommitment = DotProductProof.ValueCommitment.combination([
                (w0, current.commitment), (w1, nextCommitment),
            ])
            let consistency = try DotProductProof.prove(
                vector: coefficients, vectorBlinder: polynomialBlinder, vectorCommitment: polynomialCommitment,
                weights: roundWeights(w0: w0, w1: w1, rho: rho, degree: d), value: targetValue,
                valueBlinder: targetBlinder, valueCommitment: targetCommitment, key: key, transcript: &transcript,
                rng: rng)
            rounds.append(
                Round(
                    polynomialCommitment: polynomialCommitment, nextClaimCommitment: nextCommitment,
                    consistencyProof: consistency))
            try polynomial.bind(rho)
            point.append(rho)
            current = (nextValue, nextBlinder, nextCommitment)
        }
        // The last claim must be f(ρ); for v = 0 this is the witness check itself.
        guard polynomial.finalValue == current.value else {
            throw ProofError.invalidWitness("sumcheck: the final claim differs from f(ρ)")
        }
        return ProverOutput(
            proof: ZKSumcheckProof(rounds: rounds), point: point, finalValue: current.value,
            finalBlinder: current.blinder, finalCommitment: current.commitment)
    }

    /// a = w_0·(2, 1, …, 1) + w_1·(1, ρ, ρ², …, ρ^d): ⟨a, c⟩ = w_0·(g(0) + g(1)) + w_1·g(ρ).
    static func roundWeights(w0: Scalar, w1: Scalar, rho: Scalar, degree: Int) -> [Scalar] {
        var weights: [Scalar] = []
        weights.reserveCapacity(degree + 1)
        var power = Scalar.one
        for i in 0...degree {
            weights.append((i == 0 ? w0 + w0 : w0) + w1 * power)
            power *= rho
        }
        return weights
    }

    private static func absorbStatement(
        _ shape: Shape, _ claim: RistrettoPoint, into transcript: inout MerlinTranscript
    ) {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendUInt64(label: "v", value: UInt64(shape.variableCount))
        transcript.appendUInt64(label: "d", value: UInt64(shape.degree))
        transcript.appendPoint(label: "C0", claim)
    }

    // MARK: Verifier

    /// Replays the transcript, adds every round's dot-product equations to `batch` and returns the point and
    /// the final claim's commitment (valid only once `batch` holds and the caller has checked C_v).
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when the proof's rounds or response lengths disagree with
    ///   `shape`, or the shape is invalid (negative v, d < 1, more coefficients than generators).
    public func verify(
        claimCommitment: RistrettoPoint, shape: Shape, key: CommitmentKey, transcript: inout MerlinTranscript,
        batch: inout GroupEquationBatch
    ) throws(ProofError) -> VerifierOutput {
        guard shape.variableCount >= 0, shape.degree >= 1 else {
            throw ProofError.shapeMismatch("sumcheck shape v = \(shape.variableCount), d = \(shape.degree)")
        }
        guard shape.degree < key.vectorCapacity else {
            throw ProofError.generatorsExhausted(needed: shape.degree &+ 1, available: key.vectorCapacity)
        }
        guard rounds.count == shape.variableCount else {
            throw ProofError.shapeMismatch(
                "sumcheck proof has \(rounds.count) rounds for \(shape.variableCount) variables")
        }
        ZKSumcheckProof.absorbStatement(shape, claimCommitment, into: &transcript)
        var current = claimCommitment
        var point: [Scalar] = []
        for round in rounds {
            transcript.appendPoint(label: "poly", round.polynomialCommitment)
            let rho = transcript.challengeScalar(label: "rho")
            transcript.appendPoint(label: "claim", round.nextClaimCommitment)
            let w0 = transcript.challengeScalar(label: "w0")
            let w1 = transcript.challengeScalar(label: "w1")
            let target = DotProductProof.ValueCommitment.combination([(w0, current), (w1, round.nextClaimCommitment)])
            // Throws shapeMismatch unless the proof has exactly d + 1 responses: the degree bound.
            try round.consistencyProof.verify(
                vectorCommitment: round.polynomialCommitment,
                weights: ZKSumcheckProof.roundWeights(w0: w0, w1: w1, rho: rho, degree: shape.degree),
                valueCommitment: target, transcript: &transcript, batch: &batch)
            point.append(rho)
            current = round.nextClaimCommitment
        }
        return VerifierOutput(point: point, finalCommitment: current)
    }

    // MARK: Encoding

    /// Writes, per round, C_poly, C_{j+1} and the dot-product proof (δ, β, d + 1 responses, z_δ, z_β).
    public func encode(to writer: inout ProofWriter) {
        for round in rounds {
            writer.write(round.polynomialCommitment)
            writer.write(round.nextClaimCommitment)
            round.consistencyProof.encode(to: &writer)
        }
    }

    /// Reads `shape.variableCount` rounds with degree-`shape.degree` polynomials.
    public init(from reader: inout ProofReader, shape: Shape) throws(ProofError) {
        guard shape.variableCount >= 0, shape.degree >= 1 else {
            throw ProofError.shapeMismatch("sumcheck shape v = \(shape.variableCount), d = \(shape.degree)")
        }
        if shape.variableCount > 0 {
            // Each round takes (d + 7)·32 bytes; refuse impossible sizes before allocating (and before any
            // arithmetic on them can overflow).
            let available = reader.remaining
            guard shape.degree <= available / 32 else {
                throw ProofError.truncated(offset: reader.offset, needed: Int.max, available: available)
            }
            let roundBytes = (shape.degree + 7) * 32
            guard shape.variableCount <= available / roundBytes else {
                let (needed, overflow) = shape.variableCount.multipliedReportingOverflow(by: roundBytes)
                throw ProofError.truncated(
                    offset: reader.offset, needed: overflow ? Int.max : needed, available: available)
            }
        }
        var rounds: [Round] = []
        rounds.reserveCapacity(shape.variableCount)
        for _ in 0..<shape.variableCount {
            let polynomialCommitment = try reader.readPoint()
            let nextClaimCommitment = try reader.readPoint()
            let proof = try DotProductProof(from: &reader, shape: shape.degree + 1)
            rounds.append(
                Round(
                    polynomialCommitment: polynomialCommitment, nextClaimCommitment: nextClaimCommitment,
                    consistencyProof: proof))
        }
        self.rounds = rounds
    }
}
