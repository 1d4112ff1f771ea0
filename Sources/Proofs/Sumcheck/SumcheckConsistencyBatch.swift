import Algebra
import Transcript

/// One inner-product proof for the combined round equations of several committed sumchecks run in disjoint
/// generator slices (``ZKSumcheckProof/proveDeferred(claim:polynomial:degree:sliceOffset:key:transcript:rng:)``),
/// as the layers of a logUp-GKR fraction tree do.
///
/// Sumcheck s ends with ⟨A′_s, X′_s⟩ = y′_s, X′_s committed by C′_s = Σ_j μ_{s,j}·C_{s,j} in the slices that start at
/// o_s. After all of them, the verifier draws η_s and the prover shows ⟨Σ_s η_s·A′_s, Σ_s X′_s⟩ = Σ_s η_s·y′_s
/// (both sums placed at the offsets, zero elsewhere, up to a power of two) against Σ_s C′_s and Σ_s η_s·C_{y′_s}.
/// A false equation survives with probability ≤ (number of sumchecks)/ℓ over η (Schwartz–Zippel). Each sumcheck's
/// μ were drawn after its own commitments, so a commitment that hides a component in another sumcheck's slice
/// meets the same random scaling argument as within one sumcheck (see ``ZKSumcheckProof``).
///
/// Size: one ``InnerProductProof`` of `length` entries, instead of one per sumcheck.
enum SumcheckConsistencyBatch {
    static let label = "sumcheck-consistency-batch"

    /// P(end of the last slice), the inner-product length for relations ending at `end`.
    static func length(end: Int) -> Int { max(1, end).nextPowerOfTwo }

    /// Proves every relation with one inner-product proof over `length` entries (nil when there is none).
    static func prove(
        _ relations: [ZKSumcheckProof.DeferredRelation], length n: Int, key: CommitmentKey,
        transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> InnerProductProof? {
        guard !relations.isEmpty else { return nil }
        let etas = absorbAndDraw(count: relations.count, length: n, into: &transcript)
        var vector = [Scalar](repeating: .zero, count: n)
        var weights = [Scalar](repeating: .zero, count: n)
        var vectorBlinder = Scalar.zero
        var valueBlinder = Scalar.zero
        for (relation, eta) in zip(relations, etas) {
            guard relation.sliceOffset >= 0, relation.vector.count <= n - relation.sliceOffset else {
                throw ProofError.generatorsExhausted(needed: relation.sliceOffset + relation.vector.count, available: n)
            }
            for i in relation.vector.indices {
                vector[relation.sliceOffset + i] = relation.vector[i]
                weights[relation.sliceOffset + i] = eta * relation.weights[i]
            }
            vectorBlinder += relation.vectorBlinder
            valueBlinder += eta * relation.valueBlinder
        }
        return try InnerProductProof.proveReduction(
            vector: vector, weights: weights, vectorBlinder: vectorBlinder, valueBlinder: valueBlinder, key: key,
            transcript: &transcript, rng: rng)
    }

    /// Adds the one group equation of `proof` for `checks` to `batch`.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when the proof's presence or size disagrees with the checks.
    static func verify(
        _ proof: InnerProductProof?, checks: [ZKSumcheckProof.DeferredCheck], length n: Int,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) throws(ProofError) {
        guard let proof else {
            guard checks.isEmpty else { throw ProofError.shapeMismatch("missing sumcheck consistency proof") }
            return
        }
        guard !checks.isEmpty else { throw ProofError.shapeMismatch("a consistency proof without sumchecks") }
        let etas = absorbAndDraw(count: checks.count, length: n, into: &transcript)
        var weights = [Scalar](repeating: .zero, count: n)
        var vectorTerms: [Scalar] = []
        var vectorPoints: [RistrettoPoint] = []
        var valueTerms: [(coefficient: Scalar, point: RistrettoPoint)] = []
        for check in checks {
            guard check.sliceOffset >= 0, check.weightCount <= n - check.sliceOffset else {
                throw ProofError.shapeMismatch("sumcheck slices beyond the consistency proof's \(n) entries")
            }
        }
        for ((check, eta), checkWeights) in zip(zip(checks, etas), ZKSumcheckProof.DeferredCheck.weights(of: checks)) {
            for i in checkWeights.indices { weights[check.sliceOffset + i] = eta * checkWeights[i] }
            vectorTerms += check.vectorTerms
            vectorPoints += check.vectorPoints
            for term in check.valueTerms { valueTerms.append((eta * term.coefficient, term.point)) }
        }
        try proof.verifyReduction(
            vectorTerms: vectorTerms, vectorPoints: vectorPoints, weights: .explicit(weights), valueTerms: valueTerms,
            transcript: &transcript, batch: &batch)
    }

    /// Absorbs the batch's statement (everything else is already bound) and draws η_1 … η_count.
    private static func absorbAndDraw(count: Int, length n: Int, into transcript: inout MerlinTranscript) -> [Scalar] {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendUInt64(label: "sumchecks", value: UInt64(count))
        transcript.appendUInt64(label: "n", value: UInt64(n))
        let etas = (0..<count).map { _ in transcript.challengeScalar(label: "eta") }
        ZKSumcheckProof.absorbConsistencyStatement(length: n, into: &transcript)
        return etas
    }
}

extension Int {
    /// The least power of two ≥ self (1 for self ≤ 1).
    var nextPowerOfTwo: Int {
        var n = 1
        while n < self { n <<= 1 }
        return n
    }
}
