import Algebra
import Transcript

/// The committed (zero-knowledge) sumcheck: Hyrax ePrint 2017/1132 §4 and Spartan's `ZKSumcheckInstanceProof`
/// (ePrint 2019/550 §7), DESIGN.md A.1, with every round's consistency check deferred into one log-size proof.
///
/// The input is a commitment C_0 = S·U + r_0·H to the claim S = Σ_{x∈{0,1}^v} f(x). With t = (2, 1, …, 1) and
/// p(ρ) = (1, ρ, …, ρ^d):
/// 1. Round j: the prover sends C_j = Σ_i c_{j,i}·G_{j(d+1)+i} + r_j·H, a commitment to the coefficients of the
///    round polynomial g_j in **its own slice** of the generators, and the verifier draws ρ_j after absorbing it.
/// 2. After the last round the prover sends C_F = f(ρ)·U + r_F·H, the final claim, and the verifier draws
///    λ_0 … λ_v and μ_0 … μ_{v−1}.
/// 3. The round equations E_0: ⟨t, c_0⟩ = S, E_j: ⟨t, c_j⟩ = ⟨p(ρ_{j−1}), c_{j−1}⟩ and E_v: ⟨p(ρ_{v−1}), c_{v−1}⟩ = f(ρ)
///    are combined with the weights λ: Σ_j ⟨A_j, c_j⟩ = λ_0·S − λ_v·f(ρ) with A_j = λ_j·t − λ_{j+1}·p(ρ_j)
///    (Schwartz–Zippel: a false equation survives with probability ≤ (v + 1)/ℓ).
/// 4. One ``InnerProductProof`` shows ⟨A′, X′⟩ = y′ for X′ committed by C′ = Σ_j μ_j·C_j, A′_j = A_j/μ_j slice by
///    slice (zeros up to a power of two) and y′ committed by λ_0·C_0 − λ_v·C_F, all combinations of absorbed points.
///
/// Why the μ: C′ opens to the concatenation of the slices, and without a random scaling a prover could hide in
/// C_{j+1} a component on slice j, choosing g_j after seeing ρ_j. With C′ = Σ μ_j·C_j, such a cross-slice term
/// enters with the factor μ_{j+1}/μ_j while the honest terms enter with 1, so it cannot cancel for random μ
/// (see the tests for the attack against a verifier without μ). Knowledge extraction over several μ recovers
/// each C_j's own opening, fixed before ρ_j: the usual sumcheck soundness, ≤ v·d/ℓ.
///
/// The degree bound is the slice width: coefficients beyond d would sit in the next slice and break E. Sizes:
/// v + 1 points plus one inner-product proof of P(v·(d + 1)) entries (``InnerProductProof/encodedByteCount(length:)``),
/// instead of the (d + 7) elements per round of the round-by-round form. No evaluation of f or of any round
/// polynomial is revealed: the final step of the inner-product proof is itself zero-knowledge.
///
/// **v = 0.** With no variables the sum is the single value f(), the proof is empty, the point is empty and
/// C_F = C_0; the caller's final step then checks C_0 against f() directly.
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

        /// The inner-product length P(v·(d + 1)) (0 when v = 0: no inner-product proof), or nil when the shape is
        /// invalid or too large.
        var consistencyLength: Int? {
            guard variableCount >= 0, degree >= 1 else { return nil }
            let (entries, overflow) = variableCount.multipliedReportingOverflow(by: degree &+ 1)
            guard !overflow, entries <= 1 << 40 else { return nil }
            return entries == 0 ? 0 : entries.nextPowerOfTwo
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
        /// C_F = f(ρ)·U + finalBlinder·H.
        public let finalCommitment: RistrettoPoint
    }

    /// What the verifier learns: the point and the commitment to the final claim.
    public struct VerifierOutput: Sendable, Equatable {
        /// ρ, one challenge per variable in binding order.
        public let point: [Scalar]
        /// C_F, the commitment the prover claims holds f(ρ); the caller must check it.
        public let finalCommitment: RistrettoPoint
    }

    /// C_0 … C_{v−1}: round j's coefficients over G_{j(d+1)} … G_{j(d+1)+d}.
    public let polynomialCommitments: [RistrettoPoint]
    /// C_F, the final claim f(ρ) (absent when v = 0).
    public let finalClaimCommitment: RistrettoPoint?
    /// The combined round equations (absent when v = 0).
    public let consistencyProof: InnerProductProof?

    static let label = "zk-sumcheck-deferred"

    /// A proof from its messages (all absent for v = 0).
    public init(
        polynomialCommitments: [RistrettoPoint], finalClaimCommitment: RistrettoPoint?,
        consistencyProof: InnerProductProof?
    ) {
        self.polynomialCommitments = polynomialCommitments
        self.finalClaimCommitment = finalClaimCommitment
        self.consistencyProof = consistencyProof
    }

    // MARK: Prover

    /// Proves Σ_x f(x) = claim.value for the committed claim, running `polynomial` through every round.
    ///
    /// - Parameters:
    ///   - claim: S = Σ_x f(x), its blinder and its commitment S·U + blinder·H.
    ///   - polynomial: f, with every variable unbound; it ends fully bound.
    ///   - degree: the shape's degree bound, at least the polynomial's (the default); higher coefficients are 0.
    /// - Throws: ``ProofError/invalidWitness(_:)`` when the claim commitment does not open to the value or the
    ///   value is not the sum; ``ProofError/shapeMismatch(_:)`` for a degree below the polynomial's or below 1;
    ///   ``ProofError/generatorsExhausted(needed:available:)`` when the slices need more generators than the key has.
    /// - Parameter absorbingClaim: false when the claim's commitment is derived from the transcript so far (a
    ///   combination of absorbed points with drawn or public coefficients): it is then not absorbed, and the
    ///   verifier keeps it as a ``PointCombination`` (``verify(derivedClaim:shape:key:transcript:batch:)``).
    public static func prove<P: SumcheckPolynomial>(
        claim: CommittedScalar, polynomial: inout P, degree: Int? = nil,
        key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG, absorbingClaim: Bool = true
    ) throws(ProofError) -> ProverOutput {
        let (output, relation) = try proveDeferred(
            claim: claim, polynomial: &polynomial, degree: degree, sliceOffset: 0, key: key, transcript: &transcript,
            rng: rng, absorbingClaim: absorbingClaim)
        guard let relation else { return output }
        let n = relation.vector.count.nextPowerOfTwo
        absorbConsistencyStatement(length: n, into: &transcript)
        let consistency = try InnerProductProof.proveReduction(
            vector: relation.vector + [Scalar](repeating: .zero, count: n - relation.vector.count),
            weights: relation.weights + [Scalar](repeating: .zero, count: n - relation.weights.count),
            vectorBlinder: relation.vectorBlinder, valueBlinder: relation.valueBlinder, key: key,
            transcript: &transcript, rng: rng)
        return ProverOutput(
            proof: ZKSumcheckProof(
                polynomialCommitments: output.proof.polynomialCommitments,
                finalClaimCommitment: output.proof.finalClaimCommitment, consistencyProof: consistency),
            point: output.point, finalValue: output.finalValue, finalBlinder: output.finalBlinder,
            finalCommitment: output.finalCommitment)
    }

    /// The rounds and the final claim of ``prove(claim:polynomial:degree:key:transcript:rng:)``, with round j's
    /// coefficients over G_{o+j(d+1)} … (o = `sliceOffset`) and the combined round equation returned instead of
    /// proven: a protocol that runs several sumchecks in disjoint slices proves all their equations with one
    /// inner-product proof (``SumcheckConsistencyBatch``). The proof has no consistency proof; the relation is nil
    /// for v = 0.
    static func proveDeferred<P: SumcheckPolynomial>(
        claim: CommittedScalar, polynomial: inout P, degree: Int? = nil, sliceOffset: Int,
        key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG,
        absorbingClaim: Bool
    ) throws(ProofError) -> (output: ProverOutput, relation: DeferredRelation?) {
        let d = degree ?? polynomial.degree
        guard d >= 1, d >= polynomial.degree else {
            throw ProofError.shapeMismatch("sumcheck degree bound \(d) below the polynomial's \(polynomial.degree)")
        }
        let shape = Shape(variableCount: polynomial.remainingVariables, degree: d)
        let v = shape.variableCount
        let n = try consistencyLength(shape, key: key)
        guard sliceOffset >= 0, sliceOffset <= key.vectorCapacity - n else {
            throw ProofError.generatorsExhausted(needed: sliceOffset &+ n, available: key.vectorCapacity)
        }
        guard key.commitScalar(claim.value, blinder: claim.blinder) == claim.commitment else {
            throw ProofError.invalidWitness("sumcheck: the claim commitment does not open to the claimed sum")
        }
        // A claim derived from the transcript so far need not be absorbed; the verifier then keeps it as a
        // combination of points it already has instead of computing it.
        absorbStatement(shape, absorbingClaim ? claim.commitment : nil, into: &transcript)

        var current = claim.value
        var point: [Scalar] = []
        var coefficientRows: [[Scalar]] = []
        var blinders: [Blinder] = []
        var commitments: [RistrettoPoint] = []
        point.reserveCapacity(v)
        for j in 0..<v {
            // Round 0 computes every point, so a wrong sum is refused here instead of yielding a bad proof.
            let g = try polynomial.roundPolynomial(claim: j == 0 ? nil : current)
            if j == 0, g.sumOverBooleans != claim.value {
                throw ProofError.invalidWitness("sumcheck: the claimed sum differs from Σ_x f(x)")
            }
            guard g.coefficients.count <= d + 1 else {
                throw ProofError.shapeMismatch("round polynomial of degree \(g.degree) above the bound \(d)")
            }
            var coefficients = g.coefficients
            coefficients.append(contentsOf: repeatElement(.zero, count: d + 1 - coefficients.count))
            let blinder = Blinder.random(using: rng)
            let commitment = try key.commit(coefficients, offset: sliceOffset + j * (d + 1), blinder: blinder)
            transcript.appendPoint(label: "poly", commitment)
            let rho = transcript.challengeScalar(label: "rho")
            current = g.evaluate(at: rho)
            try polynomial.bind(rho)
            point.append(rho)
            coefficientRows.append(coefficients)
            blinders.append(blinder)
            commitments.append(commitment)
        }
        // The last claim must be f(ρ); for v = 0 this is the witness check itself.
        guard polynomial.finalValue == current else {
            throw ProofError.invalidWitness("sumcheck: the final claim differs from f(ρ)")
        }
        guard v > 0 else {
            let output = ProverOutput(
                proof: ZKSumcheckProof(polynomialCommitments: [], finalClaimCommitment: nil, consistencyProof: nil),
                point: [], finalValue: current, finalBlinder: claim.blinder, finalCommitment: claim.commitment)
            return (output, nil)
        }
        let final = key.commitFresh(current, rng: rng)
        transcript.appendPoint(label: "final", final.commitment)
        let (lambdas, mus, inverseMus) = try drawCombination(v: v, transcript: &transcript)

        // X′ = (μ_j·c_j)_j, A′ = (A_j/μ_j)_j: ⟨A′, X′⟩ = Σ_j ⟨A_j, c_j⟩ = λ_0·S − λ_v·f(ρ).
        let weights = combinedWeights(shape, point: point, lambdas: lambdas, inverseMus: inverseMus, length: v * (d + 1))
        var vector = [Scalar](repeating: .zero, count: v * (d + 1))
        var vectorBlinder = Scalar.zero
        for j in 0..<v {
            for i in 0...d { vector[j * (d + 1) + i] = mus[j] * coefficientRows[j][i] }
            vectorBlinder += mus[j] * blinders[j].value
        }
        let relation = DeferredRelation(
            sliceOffset: sliceOffset, vector: vector, weights: weights, vectorBlinder: vectorBlinder,
            valueBlinder: lambdas[0] * claim.blinder.value - lambdas[v] * final.blinder.value)
        let output = ProverOutput(
            proof: ZKSumcheckProof(
                polynomialCommitments: commitments, finalClaimCommitment: final.commitment, consistencyProof: nil),
            point: point, finalValue: current, finalBlinder: final.blinder, finalCommitment: final.commitment)
        return (output, relation)
    }

    /// A sumcheck's combined round equation ⟨A′, X′⟩ = y′ as the prover holds it, for a later inner-product proof.
    struct DeferredRelation: Sendable {
        /// Where the sumcheck's slices start in G.
        let sliceOffset: Int
        /// X′ = (μ_j·c_j)_j, v·(d + 1) entries.
        let vector: [Scalar]
        /// A′, v·(d + 1) entries.
        let weights: [Scalar]
        /// Σ_j μ_j·r_j, the blinder of C′ = Σ_j μ_j·C_j.
        let vectorBlinder: Scalar
        /// The blinder of λ_0·C_0 − λ_v·C_F.
        let valueBlinder: Scalar
    }

    /// The verifier's side of ``DeferredRelation``: what A′ is made of and the terms of C′ and of the value commitment.
    struct DeferredCheck: Sendable {
        /// Where the sumcheck's slices start in G.
        let sliceOffset: Int
        /// The sumcheck's shape.
        let shape: Shape
        /// ρ, the sumcheck's point.
        let point: [Scalar]
        /// λ_0 … λ_v.
        let lambdas: [Scalar]
        /// μ_0 … μ_{v−1} (none zero).
        let vectorTerms: [Scalar]
        /// C_0 … C_{v−1}.
        let vectorPoints: [RistrettoPoint]
        /// (λ_0, C_0), (−λ_v, C_F).
        let valueTerms: [(coefficient: Scalar, point: RistrettoPoint)]

        /// The length of A′: v·(d + 1).
        var weightCount: Int { shape.variableCount * (shape.degree + 1) }

        /// A′ of every check, with one inversion for all their μ (Montgomery's trick) instead of one per sumcheck:
        /// an inversion is an exponentiation, and a ranking proof's verifier replays dozens of sumchecks.
        static func weights(of checks: [DeferredCheck]) -> [[Scalar]] {
            var inverses = checks.flatMap(\.vectorTerms)
            Scalar.batchInvert(&inverses)
            var next = 0
            return checks.map { check in
                let count = check.vectorTerms.count
                defer { next += count }
                return ZKSumcheckProof.combinedWeights(
                    check.shape, point: check.point, lambdas: check.lambdas,
                    inverseMus: Array(inverses[next..<(next + count)]), length: check.weightCount)
            }
        }
    }

    /// P(v·(d + 1)), checked against the key (the slices and the inner-product proof use that many generators).
    static func consistencyLength(_ shape: Shape, key: CommitmentKey) throws(ProofError) -> Int {
        guard shape.variableCount >= 0, shape.degree >= 1, let n = shape.consistencyLength else {
            throw ProofError.shapeMismatch("sumcheck shape v = \(shape.variableCount), d = \(shape.degree)")
        }
        guard n <= key.vectorCapacity else {
            throw ProofError.generatorsExhausted(needed: n, available: key.vectorCapacity)
        }
        return n
    }

    /// λ_0 … λ_v, μ_0 … μ_{v−1} and the μ⁻¹, drawn after C_F is absorbed.
    static func drawCombination(
        v: Int, transcript: inout MerlinTranscript
    ) throws(ProofError) -> (lambdas: [Scalar], mus: [Scalar], inverseMus: [Scalar]) {
        let (lambdas, mus) = try drawChallenges(v: v, transcript: &transcript)
        var inverses = mus
        Scalar.batchInvert(&inverses)
        return (lambdas, mus, inverses)
    }

    /// λ_0 … λ_v and μ_0 … μ_{v−1}, drawn after C_F is absorbed (the verifier inverts the μ later, all at once).
    static func drawChallenges(
        v: Int, transcript: inout MerlinTranscript
    ) throws(ProofError) -> (lambdas: [Scalar], mus: [Scalar]) {
        let lambdas = (0...v).map { _ in transcript.challengeScalar(label: "lambda") }
        let mus = (0..<v).map { _ in transcript.challengeScalar(label: "mu") }
        // A zero μ has probability 1/ℓ; it would drop a round from the check, so the proof is void.
        guard !mus.contains(where: \.isZero) else {
            throw ProofError.verificationFailed(protocol: "zk-sumcheck", check: "challenge μ is zero")
        }
        return (lambdas, mus)
    }

    /// A′: slice j holds (λ_j·t − λ_{j+1}·p(ρ_j))/μ_j, zeros after the last slice.
    static func combinedWeights(
        _ shape: Shape, point: [Scalar], lambdas: [Scalar], inverseMus: [Scalar], length n: Int
    ) -> [Scalar] {
        let d = shape.degree
        var weights = [Scalar](repeating: .zero, count: n)
        for j in 0..<shape.variableCount {
            let sumWeight = lambdas[j] * inverseMus[j]
            let evaluationWeight = lambdas[j + 1] * inverseMus[j]
            var power = Scalar.one
            for i in 0...d {
                let t = i == 0 ? sumWeight + sumWeight : sumWeight
                weights[j * (d + 1) + i] = t - evaluationWeight * power
                power *= point[j]
            }
        }
        return weights
    }

    static func absorbStatement(
        _ shape: Shape, _ claim: RistrettoPoint?, into transcript: inout MerlinTranscript
    ) {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendUInt64(label: "v", value: UInt64(shape.variableCount))
        transcript.appendUInt64(label: "d", value: UInt64(shape.degree))
        if let claim { transcript.appendPoint(label: "C0", claim) }
    }

    /// The inner-product statement: C′, A′ and C_y are all derived from absorbed points and drawn challenges.
    static func absorbConsistencyStatement(length n: Int, into transcript: inout MerlinTranscript) {
        transcript.appendMessage(label: "dom-sep", message: Array(InnerProductProof.label.utf8))
        transcript.appendUInt64(label: "n", value: UInt64(n))
        transcript.appendMessage(label: "statement", message: Array("sumcheck-rounds".utf8))
    }

    // MARK: Verifier

    /// Replays the transcript, adds the combined round equations to `batch` and returns the point and the final
    /// claim's commitment (valid only once `batch` holds and the caller has checked C_F).
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when the proof's parts disagree with `shape` or the shape is
    ///   invalid; ``ProofError/generatorsExhausted(needed:available:)`` when the key is too short for the shape.
    public func verify(
        claimCommitment: RistrettoPoint, shape: Shape, key: CommitmentKey, transcript: inout MerlinTranscript,
        batch: inout GroupEquationBatch
    ) throws(ProofError) -> VerifierOutput {
        let output = try verifyStandalone(
            claim: PointCombination(claimCommitment), absorbedClaim: claimCommitment, shape: shape, key: key,
            transcript: &transcript, batch: &batch)
        return VerifierOutput(point: output.point, finalCommitment: finalClaimCommitment ?? claimCommitment)
    }

    /// ``verify(claimCommitment:shape:key:transcript:batch:)`` for a claim the prover did not absorb
    /// (`absorbingClaim: false`): C_0 stays a combination of points the verifier already has and enters the round
    /// equations as MSM terms, with no scalar multiplication here.
    /// - Returns: the point and C_F, which is C_0 itself when v = 0.
    public func verify(
        derivedClaim: PointCombination, shape: Shape, key: CommitmentKey, transcript: inout MerlinTranscript,
        batch: inout GroupEquationBatch
    ) throws(ProofError) -> (point: [Scalar], final: PointCombination) {
        try verifyStandalone(
            claim: derivedClaim, absorbedClaim: nil, shape: shape, key: key, transcript: &transcript, batch: &batch)
    }

    /// The rounds, then this proof's own consistency proof; `absorbedClaim` is C_0 as a point when the prover
    /// absorbed it, nil for a derived claim.
    func verifyStandalone(
        claim: PointCombination, absorbedClaim: RistrettoPoint?, shape: Shape, key: CommitmentKey,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) throws(ProofError) -> (point: [Scalar], final: PointCombination) {
        guard shape.variableCount == 0 || consistencyProof != nil else {
            throw ProofError.shapeMismatch("sumcheck proof without its consistency proof")
        }
        let deferred = try verifyDeferred(
            claim: claim, absorbedClaim: absorbedClaim, shape: shape, sliceOffset: 0, key: key,
            transcript: &transcript)
        guard let check = deferred.check, let consistency = consistencyProof else {
            return (deferred.point, deferred.final)
        }
        let weights = DeferredCheck.weights(of: [check])[0]
        let n = weights.count.nextPowerOfTwo
        ZKSumcheckProof.absorbConsistencyStatement(length: n, into: &transcript)
        try consistency.verifyReduction(
            vectorTerms: check.vectorTerms, vectorPoints: check.vectorPoints,
            weights: .explicit(weights + [Scalar](repeating: .zero, count: n - weights.count)),
            valueTerms: check.valueTerms, transcript: &transcript, batch: &batch)
        return (deferred.point, deferred.final)
    }

    /// The verifier's side of ``proveDeferred(claim:polynomial:degree:sliceOffset:key:transcript:rng:)``: replays the
    /// rounds and returns the point, C_F and the combined round equation for a later batched check (nil for v = 0).
    /// A standalone proof's consistency proof is ignored here.
    /// - Parameters:
    ///   - claim: C_0 as terms; it enters the round equations as MSM terms.
    ///   - absorbedClaim: C_0 as a point when the prover absorbed it; nil when it is derived from the transcript so
    ///     far and was not absorbed (the prover's `absorbingClaim: false`).
    func verifyDeferred(
        claim: PointCombination, absorbedClaim: RistrettoPoint?, shape: Shape, sliceOffset: Int, key: CommitmentKey,
        transcript: inout MerlinTranscript
    ) throws(ProofError) -> (point: [Scalar], final: PointCombination, check: DeferredCheck?) {
        let n = try ZKSumcheckProof.consistencyLength(shape, key: key)
        guard sliceOffset >= 0, sliceOffset <= key.vectorCapacity - n else {
            throw ProofError.generatorsExhausted(needed: sliceOffset &+ n, available: key.vectorCapacity)
        }
        let v = shape.variableCount
        guard polynomialCommitments.count == v else {
            throw ProofError.shapeMismatch(
                "sumcheck proof has \(polynomialCommitments.count) rounds for \(v) variables")
        }
        ZKSumcheckProof.absorbStatement(shape, absorbedClaim, into: &transcript)
        guard v > 0 else {
            guard finalClaimCommitment == nil, consistencyProof == nil else {
                throw ProofError.shapeMismatch("a sumcheck over no variables has no messages")
            }
            return ([], claim, nil)
        }
        guard let final = finalClaimCommitment else {
            throw ProofError.shapeMismatch("sumcheck proof without its final claim")
        }
        var point: [Scalar] = []
        point.reserveCapacity(v)
        for commitment in polynomialCommitments {
            transcript.appendPoint(label: "poly", commitment)
            point.append(transcript.challengeScalar(label: "rho"))
        }
        transcript.appendPoint(label: "final", final)
        let (lambdas, mus) = try ZKSumcheckProof.drawChallenges(v: v, transcript: &transcript)
        let check = DeferredCheck(
            sliceOffset: sliceOffset, shape: shape, point: point, lambdas: lambdas, vectorTerms: mus,
            vectorPoints: polynomialCommitments,
            valueTerms: (lambdas[0] * claim).terms + [(-lambdas[v], final)])
        return (point, PointCombination(final), check)
    }

    // MARK: Encoding

    /// The encoded size: 0 for v = 0, else (v + 1)·32 bytes plus, unless deferred, the inner-product proof's.
    public static func encodedByteCount(shape: Shape, deferred: Bool = false) -> Int {
        guard shape.variableCount > 0, shape.degree >= 1, let n = shape.consistencyLength else { return 0 }
        let consistency = deferred ? 0 : ((try? InnerProductProof.encodedByteCount(length: n)) ?? 0)
        return (shape.variableCount + 1) * 32 + consistency
    }

    /// Writes C_0 … C_{v−1}, C_F and the inner-product proof (nothing for v = 0).
    public func encode(to writer: inout ProofWriter) {
        writer.write(polynomialCommitments)
        if let finalClaimCommitment { writer.write(finalClaimCommitment) }
        consistencyProof?.encode(to: &writer)
    }

    /// Reads the proof of `shape`.
    public init(from reader: inout ProofReader, shape: Shape) throws(ProofError) {
        try self.init(from: &reader, shape: shape, deferred: false)
    }

    /// Reads the proof of `shape`; a deferred proof (see ``proveDeferred(claim:polynomial:degree:sliceOffset:key:transcript:rng:)``)
    /// has no consistency proof.
    init(from reader: inout ProofReader, shape: Shape, deferred: Bool) throws(ProofError) {
        guard shape.variableCount >= 0, shape.degree >= 1, let n = shape.consistencyLength else {
            throw ProofError.shapeMismatch("sumcheck shape v = \(shape.variableCount), d = \(shape.degree)")
        }
        guard shape.variableCount > 0 else {
            self.init(polynomialCommitments: [], finalClaimCommitment: nil, consistencyProof: nil)
            return
        }
        // Refuse impossible sizes before allocating.
        let available = reader.remaining
        guard shape.variableCount < available / 32 else {
            throw ProofError.truncated(
                offset: reader.offset, needed: ZKSumcheckProof.encodedByteCount(shape: shape), available: available)
        }
        let commitments = try reader.readPoints(shape.variableCount)
        let final = try reader.readPoint()
        let consistency = deferred ? nil : try InnerProductProof(from: &reader, shape: n)
        self.init(polynomialCommitments: commitments, finalClaimCommitment: final, consistencyProof: consistency)
    }
}
