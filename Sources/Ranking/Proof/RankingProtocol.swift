import Algebra
import Model
import Proofs
import Transcript

/// The parts of the ranking protocol that the prover and the verifier compute identically: the transcript's
/// statement, the masked weight vectors of the model openings and the public part of the first layer's input.
enum RankingProtocol {
    static let label = "ranking-v2"

    /// Starts the proof's transcript and absorbs everything public before the first commitment (DESIGN.md §2,
    /// "Transcript"): protocol version, ppDigest, ModelID, n, k and the statement's canonical bytes (ids, raw
    /// metadata, features, the ranking, epoch, user and request ids).
    static func transcript(
        layout: RankingLayout, key: CommitmentKey, modelID: ModelID, statement: [UInt8]
    ) -> MerlinTranscript {
        var t = MerlinTranscript(label: "feedproof")
        t.appendMessage(label: "dom-sep", message: Array(label.utf8))
        t.appendUInt64(label: "protocol-version", value: UInt64(layout.descriptor.protocolVersion))
        t.appendMessage(label: "pp-digest", message: key.generators.digest())
        t.appendMessage(label: "model-id", message: modelID.bytes)
        t.appendUInt64(label: "n", value: UInt64(layout.candidateCount))
        t.appendUInt64(label: "k", value: UInt64(layout.shownCount))
        t.appendMessage(label: "statement", message: statement)
        return t
    }

    /// `count` challenges under one label.
    static func challenges(_ count: Int, label: String, _ transcript: inout MerlinTranscript) -> [Scalar] {
        (0..<count).map { _ in transcript.challengeScalar(label: label) }
    }

    /// eq(point, ·) with the entries at index ≥ `real` zeroed, extended with zeros to `length`: the weights that
    /// open only a tensor's real rows or columns, so whatever a commitment holds in its padding never counts.
    static func maskedEquality(_ point: [Scalar], real: Int, length: Int) -> [Scalar] {
        var table = EqualityPolynomial.table(at: point)
        for i in min(real, table.count)..<table.count { table[i] = .zero }
        if table.count < length { table += repeatElement(.zero, count: length - table.count) }
        return table
    }

    /// The first layer's input at (r, ρ_col) as the verifier sees it: the public dense part P, and per embedding
    /// table the row weights u_t = Σ_{c: id_c = t} eq(ρ_col, c) and column weights eq(r, offset + d) (DESIGN.md
    /// A.6). Ids follow the golden model: a missing or out-of-range id selects row 0; padding candidates have
    /// all-zero features.
    static func inputForm(
        layout: RankingLayout, features: [FeatureVector], rowPoint r: [Scalar], columnPoint: [Scalar]
    ) -> (dense: Scalar, embeddings: [(rows: [Scalar], columns: [Scalar])]) {
        let d = layout.descriptor
        let eqRow = EqualityPolynomial.table(at: r)
        let eqColumn = EqualityPolynomial.table(at: columnPoint)
        let m = Int64(d.inputScale)
        // P = Σ_k eq(r, k)·(Σ_c eq(ρ_col, c)·x_{c,k}): the inner sums multiply scalars by small integers, so they
        // accumulate without reduction (ScalarIntegerSum), leaving one full multiplication per feature.
        var columnSums = [ScalarIntegerSum](repeating: ScalarIntegerSum(), count: d.denseFeatureCount)
        for (c, f) in features.enumerated() {
            let weight = eqColumn[c]
            for k in 0..<min(d.denseFeatureCount, f.dense.count) {
                let x = max(-32_767, min(32_767, Int64(f.dense[k]) * m))
                if x != 0 { columnSums[k].add(weight, times: x) }
            }
        }
        var dense = Scalar.zero
        for (k, sum) in columnSums.enumerated() { dense += eqRow[k] * sum.value }
        var embeddings: [(rows: [Scalar], columns: [Scalar])] = []
        var offset = d.denseFeatureCount
        for e in d.embeddings {
            var rows = [Scalar](repeating: .zero, count: ModelDescriptor.powerOfTwo(atLeast: e.rows))
            for c in 0..<layout.paddedCandidates {
                var id = 0
                if c < features.count, features[c].ids.indices.contains(e.idFeature) {
                    id = Int(features[c].ids[e.idFeature])
                }
                rows[(0..<e.rows).contains(id) ? id : 0] += eqColumn[c]
            }
            var columns = [Scalar](repeating: .zero, count: e.hyraxRowLength)
            for j in 0..<e.dimension { columns[j] = eqRow[offset + j] }
            embeddings.append((rows, columns))
            offset += e.dimension
        }
        return (dense, embeddings)
    }

    /// Σ_i c_i·x_i + constant over committed scalars (values, blinders and commitments alike).
    static func combine(
        _ terms: [(Scalar, ZKSumcheckProof.CommittedScalar)], constant: Scalar = .zero, key: CommitmentKey
    ) -> ZKSumcheckProof.CommittedScalar {
        var value = constant
        var blinder = Scalar.zero
        var commitment = constant * key.scalarBase
        for (c, x) in terms {
            value += c * x.value
            blinder += c * x.blinder.value
            commitment = commitment + c * x.commitment
        }
        return (value, Blinder(derived: blinder), commitment)
    }

    /// Σ_i c_i·C_i + constant·U: the verifier's side of ``combine(_:constant:key:)``.
    static func combine(_ terms: [(Scalar, RistrettoPoint)], constant: Scalar = .zero, key: CommitmentKey)
        -> RistrettoPoint
    {
        var commitment = constant * key.scalarBase
        for (c, x) in terms { commitment = commitment + c * x }
        return commitment
    }

    /// Σ_i c_i·C_i + constant·U kept as terms: the verifier's side of ``combine(_:constant:key:)`` for a
    /// commitment the prover does not absorb (links and matrix-product claims), so it costs MSM terms instead of
    /// variable-base scalar multiplications.
    static func derived(_ terms: [(Scalar, RistrettoPoint)], constant: Scalar = .zero, key: CommitmentKey)
        -> PointCombination
    {
        var combination = PointCombination(terms: terms.map { (coefficient: $0.0, point: $0.1) })
        if !constant.isZero { combination = combination + PointCombination(terms: [(constant, key.scalarBase)]) }
        return combination
    }

    /// 2^e as a scalar.
    static func power(_ e: Int) -> Scalar {
        var result = Scalar.one
        let two = Scalar(2 as Int64)
        for _ in 0..<e { result *= two }
        return result
    }

    /// The claim on Z~(ρ) implied by the widened requantization identity M′·Z + 2^(k′−1) = 2^k′·(A′ + lower − B + C)
    /// + R′ with k′ = ``RankingLayout/Layer/protocolShift`` and M′ = 2^(k′−k)·M:
    /// Z = M′⁻¹·(2^k′·(A′ + lower − B + C) + R′ − 2^(k′−1)), as (the coefficient 2^k′, M′⁻¹, the constant).
    static func requantization(_ plan: RankingLayout.Layer) -> (scale: Scalar, inverseM: Scalar, constant: Scalar) {
        let layer = plan.descriptor
        let shift = plan.protocolShift
        let inverseM = (Scalar(layer.multiplier) * power(shift - layer.shift)).inverted() ?? .zero
        let scale = power(shift)
        let constant = scale * Scalar(layer.activationLower) - power(shift - 1)
        return (scale, inverseM, constant)
    }
}
