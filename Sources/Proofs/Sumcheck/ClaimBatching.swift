import Algebra
import Transcript

/// Reduces several committed claims V~(z_i) = y_i on one committed vector V to a single claim V~(r), so that
/// one Hyrax opening settles them all (DESIGN.md A.3; the random-linear-combination reduction of Thaler,
/// "Proofs, Arguments, and Zero-Knowledge", §4.5.2, run as one committed sumcheck).
///
/// After absorbing every point z_i and commitment C_{y_i}, the verifier draws γ. With
/// E(x) = Σ_i γ^i·eq(z_i, x), the identity Σ_x V(x)·E(x) = Σ_i γ^i·y_i becomes a degree-2 committed sumcheck
/// whose claim commitment Σ_i γ^i·C_{y_i} both sides compute homomorphically (blinder Σ_i γ^i·r_i). It ends at a
/// point r with C_final committing to V~(r)·E(r). The prover commits C_V = Com(V~(r)) with a fresh blinder and
/// proves C_final = E(r)·C_V (a ``ZeroOpeningProof`` on the difference); the verifier computes E(r) from the
/// public z_i and γ. If some y_i is false, Σ_i γ^i·(y_i − V~(z_i)) ≠ 0 except for at most m − 1 values of γ.
///
/// Every point must have exactly log₂|V| coordinates: a claim on a block of V is a claim on V at the block's
/// offset bits followed by the inner point (DESIGN.md A.4), which the caller forms. If E(r) = 0 (probability
/// about (m + v)/ℓ) the final step shows C_final = 0 and says nothing about C_V; soundness then rests on the
/// sumcheck alone, which is the usual negligible error.
public enum ClaimBatching {
    /// The messages of a batching reduction.
    public struct Proof: ProofMessage, Equatable {
        /// The degree-2 committed sumcheck of Σ_x V(x)·E(x).
        public let sumcheck: ZKSumcheckProof
        /// C_V = V~(r)·U + r_V·H.
        public let valueCommitment: RistrettoPoint
        /// Proof that C_final = E(r)·C_V.
        public let equalityProof: ZeroOpeningProof

        /// A proof from its messages.
        public init(sumcheck: ZKSumcheckProof, valueCommitment: RistrettoPoint, equalityProof: ZeroOpeningProof) {
            self.sumcheck = sumcheck
            self.valueCommitment = valueCommitment
            self.equalityProof = equalityProof
        }

        /// Writes the sumcheck, C_V and the equality proof.
        public func encode(to writer: inout ProofWriter) {
            sumcheck.encode(to: &writer)
            writer.write(valueCommitment)
            equalityProof.encode(to: &writer)
        }

        /// Reads a proof for a vector of 2^`shape` entries.
        public init(from reader: inout ProofReader, shape variableCount: Int) throws(ProofError) {
            sumcheck = try ZKSumcheckProof(
                from: &reader, shape: ZKSumcheckProof.Shape(variableCount: variableCount, degree: ClaimBatching.degree))
            valueCommitment = try reader.readPoint()
            equalityProof = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        }

        /// Checks the reduction of the claims (point z_i, commitment C_{y_i}) on a vector of 2^`variableCount`
        /// entries, adding its group equations to `batch`.
        /// - Returns: the point r and C_V, which the caller must link to V~(r) (a Hyrax opening).
        /// - Throws: ``ProofError/shapeMismatch(_:)`` for no claims or a point of the wrong length.
        public func verify(
            claims: [(point: [Scalar], commitment: RistrettoPoint)], variableCount: Int, key: CommitmentKey,
            transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
        ) throws(ProofError) -> VerifierOutput {
            try ClaimBatching.checkShape(claims.map(\.point), variableCount: variableCount)
            let powers = ClaimBatching.absorbStatement(claims, variableCount: variableCount, into: &transcript)
            // Σ γ^i·C_{y_i} and C_F − E(r)·C_V are derived from absorbed points and challenges: the prover does not
            // absorb them, and they stay MSM terms of the batch (no scalar multiplication here).
            let combined = PointCombination(terms: zip(powers, claims).map { ($0, $1.commitment) })
            let reduced = try sumcheck.verify(
                derivedClaim: combined,
                shape: ZKSumcheckProof.Shape(variableCount: variableCount, degree: ClaimBatching.degree), key: key,
                transcript: &transcript, batch: &batch)
            var weight = Scalar.zero
            for (i, claim) in claims.enumerated() {
                weight += powers[i] * EqualityPolynomial.evaluate(claim.point, reduced.point)
            }
            transcript.appendPoint(label: "CV", valueCommitment)
            equalityProof.verify(
                derived: reduced.final - PointCombination(terms: [(weight, valueCommitment)]), transcript: &transcript,
                batch: &batch)
            return VerifierOutput(point: reduced.point, valueCommitment: valueCommitment)
        }
    }

    /// What the prover learns.
    public struct ProverOutput: Sendable {
        /// The proof.
        public let proof: Proof
        /// r, in binding order.
        public let point: [Scalar]
        /// V~(r) with its blinder and commitment C_V.
        public let value: ZKSumcheckProof.CommittedScalar
    }

    /// What the verifier learns.
    public struct VerifierOutput: Sendable, Equatable {
        /// r, in binding order.
        public let point: [Scalar]
        /// C_V, to be linked to V~(r).
        public let valueCommitment: RistrettoPoint
    }

    /// The sumcheck's degree: V·E.
    static let degree = 2
    static let label = "claim-batching"

    /// Proves every claim V~(z_i) = y_i (value y_i, blinder r_i, commitment C_{y_i}) and reduces them to one
    /// claim V~(r).
    /// - Throws: ``ProofError/invalidWitness(_:)`` naming the first claim with V~(z_i) ≠ y_i or a commitment
    ///   that does not open; ``ProofError/shapeMismatch(_:)`` for no claims, a non-power-of-two V or a point of
    ///   the wrong length.
    /// - Complexity: O(m·|V|) multiplications for the weights, then the sumcheck.
    public static func prove(
        vector: SumcheckProver.Table,
        claims: [(point: [Scalar], value: Scalar, blinder: Blinder, commitment: RistrettoPoint)],
        key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> ProverOutput {
        let size = vector.count
        guard size > 0, size & (size - 1) == 0 else {
            throw ProofError.shapeMismatch("a batched vector needs a power-of-two length, got \(size)")
        }
        let v = size.trailingZeroBitCount
        try checkShape(claims.map(\.point), variableCount: v)
        for (i, claim) in claims.enumerated() {
            guard key.commitScalar(claim.value, blinder: claim.blinder) == claim.commitment else {
                throw ProofError.invalidWitness("claim batching: claim \(i)'s commitment does not open to its value")
            }
        }
        let powers = absorbStatement(
            claims.map { ($0.point, $0.commitment) }, variableCount: v, into: &transcript)

        // E = Σ_i γ^i·eq(z_i, ·). A claim on a block (DESIGN.md A.4) has Boolean leading coordinates, so
        // eq(z_i, ·) vanishes outside that block: build it there only. A claim on all of V (no Boolean prefix) while
        // E is still zero becomes E itself instead of being added into it: one 2^v table fewer in memory and one
        // pass fewer (the range proof's leaf claim comes first).
        // The prover's own witness check costs one pass over each claim's block, or one pass over V for all of them
        // together (below) when their blocks add up to more than V.
        let checkedEntries = claims.reduce(0) { $0 + (1 << blockPart(of: $1.point).inner.count) }
        let checkEach = checkedEntries <= size
        var weights: [Scalar] = []
        for (i, claim) in claims.enumerated() {
            let (inner, start) = blockPart(of: claim.point)
            // γ^i·eq(z_i, ·) in one expansion. The check against γ^i·y_i is vacuous only for γ = 0 (probability 1/ℓ).
            let eq = EqualityPolynomial.table(at: inner, scaledBy: powers[i])
            if checkEach, innerProduct(vector, eq, from: start) != powers[i] * claim.value {
                throw ProofError.invalidWitness("claim batching: claim \(i) is not V~(z_\(i))")
            }
            if weights.isEmpty, eq.count == size {
                weights = eq
            } else {
                if weights.isEmpty { weights = [Scalar](repeating: .zero, count: size) }
                accumulate(eq, into: &weights, at: start)
            }
        }
        var combinedValue = Scalar.zero
        var combinedBlinder = Scalar.zero
        for (i, claim) in claims.enumerated() {
            combinedValue += powers[i] * claim.value
            combinedBlinder += powers[i] * claim.blinder.value
        }
        // The check for all claims in one pass: ⟨V, E⟩ = Σ_i γ^i·y_i (vacuous only if γ hits a root of the
        // difference, probability < m/ℓ). When it fails, the claims are checked one by one to name the first false one.
        guard checkEach || innerProduct(vector, weights, from: 0) == combinedValue else {
            for (i, claim) in claims.enumerated() {
                let (inner, start) = blockPart(of: claim.point)
                if innerProduct(vector, EqualityPolynomial.table(at: inner), from: start) != claim.value {
                    throw ProofError.invalidWitness("claim batching: claim \(i) is not V~(z_\(i))")
                }
            }
            throw ProofError.invalidWitness("claim batching: the claims' combination is not V's")
        }
        let blinder = Blinder(derived: combinedBlinder)
        let claim = (combinedValue, blinder, key.commitScalar(combinedValue, blinder: blinder))

        // Consumed: the engine's copy must be the only reference, or its first fold copies all 2^v weights.
        var engine = try SumcheckProver(
            tables: [vector, .scalars(consume weights)], terms: [SumcheckProver.Term(factors: [0, 1])])
        // The combined claim is Σ γ^i·C_{y_i}, derived from the absorbed claims and γ: not absorbed.
        let reduced = try ZKSumcheckProof.prove(
            claim: claim, polynomial: &engine, degree: degree, key: key, transcript: &transcript, rng: rng,
            absorbingClaim: false)
        let values = engine.tableValues
        let value = key.commitFresh(values[0], rng: rng)
        transcript.appendPoint(label: "CV", value.commitment)
        // C_final − E(r)·C_V = (r_final − E(r)·r_V)·H.
        let scale = values[1]
        let scaledBlinder = Blinder(derived: scale * value.blinder.value)
        let scaled = key.commitScalar(scale * value.value, blinder: scaledBlinder)
        // C_F − E(r)·C_V is derived from absorbed messages and challenges: not absorbed.
        let equality = ZeroOpeningProof.prove(
            blinder: Blinder(derived: reduced.finalBlinder.value - scaledBlinder.value),
            commitment: reduced.finalCommitment - scaled, key: key, transcript: &transcript, rng: rng,
            absorbingCommitment: false)
        return ProverOutput(
            proof: Proof(sumcheck: reduced.proof, valueCommitment: value.commitment, equalityProof: equality),
            point: reduced.point, value: value)
    }

    /// A point's inner coordinates after its Boolean prefix, and the offset of the block that prefix selects.
    private static func blockPart(of point: [Scalar]) -> (inner: [Scalar], start: Int) {
        var prefix = 0
        var offset = 0
        for z in point {
            guard z.isZero || z == .one else { break }
            offset = offset << 1 | (z.isZero ? 0 : 1)
            prefix += 1
        }
        let inner = Array(point[prefix...])
        return (inner, offset << inner.count)
    }

    private static func checkShape(_ points: [[Scalar]], variableCount: Int) throws(ProofError) {
        guard !points.isEmpty else { throw ProofError.shapeMismatch("claim batching needs at least one claim") }
        guard variableCount >= 0, variableCount <= 64 else {
            throw ProofError.shapeMismatch("claim batching over \(variableCount) variables")
        }
        for (i, point) in points.enumerated() where point.count != variableCount {
            throw ProofError.shapeMismatch("claim \(i) has \(point.count) coordinates for \(variableCount) variables")
        }
    }

    /// Absorbs the label, m, v and every claim, then draws γ; returns 1, γ, γ², ….
    private static func absorbStatement(
        _ claims: [(point: [Scalar], commitment: RistrettoPoint)], variableCount: Int,
        into transcript: inout MerlinTranscript
    ) -> [Scalar] {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendUInt64(label: "m", value: UInt64(claims.count))
        transcript.appendUInt64(label: "v", value: UInt64(variableCount))
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

    /// Σ_i weights_i·V[start + i], over every core.
    private static func innerProduct(_ vector: SumcheckProver.Table, _ weights: [Scalar], from start: Int) -> Scalar {
        let count = max(0, min(vector.count - start, weights.count))
        let sums: [Scalar] = weights.withUnsafeBufferPointer { w in
            switch vector {
            case .scalars(let values):
                return values.withUnsafeBufferPointer { v in
                    let shared = UncheckedSendable((v, w))
                    return SumcheckProver.chunkedSums(count: count, width: 1) { range, out in
                        let (v, w) = shared.value
                        var sum = Scalar.zero
                        for i in range { sum += v[start + i] * w[i] }
                        out[0] = sum
                    }
                }
            case .small(let values):
                return values.withUnsafeBufferPointer { v in
                    let shared = UncheckedSendable((v, w))
                    return SumcheckProver.chunkedSums(count: count, width: 1) { range, out in
                        let (v, w) = shared.value
                        var sum = ScalarIntegerSum()
                        for i in range { sum.add(w[i], times: v[start + i]) }
                        out[0] = sum.value
                    }
                }
            }
        }
        return sums[0]
    }

    /// weights[start + i] += terms[i], over every core.
    private static func accumulate(_ terms: [Scalar], into weights: inout [Scalar], at start: Int) {
        terms.withUnsafeBufferPointer { t in
            weights.withUnsafeMutableBufferPointer { w in
                let shared = UncheckedSendable((t, w))
                SumcheckProver.forEachChunk(count: t.count) { range in
                    let (t, w) = shared.value
                    for i in range { w[start + i] += t[i] }
                }
            }
        }
    }
}
