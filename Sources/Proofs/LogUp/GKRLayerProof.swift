import Algebra
import Transcript

/// One layer of the zero-knowledge logUp-GKR (DESIGN.md A.7): reduces committed claims on layer k's numerator
/// and denominator at ρ (k coordinates) to committed claims on layer k + 1 at (r, μ).
///
/// With children (2j, 2j + 1) split into left/right tables, p_k(j) = p_L(j)·q_R(j) + p_R(j)·q_L(j) and
/// q_k(j) = q_L(j)·q_R(j). A degree-3 committed sumcheck proves
/// p̃_k(ρ) + λ·q̃_k(ρ) = Σ_j eq(ρ, j)·(p_L·q_R + q_L·(p_R + λ·q_R))(j) (logUp-GKR, ePrint 2023/1284 §3.1,
/// with Hyrax §4's committed rounds); the prover commits the four child values at r and shows with one
/// ``ProductSumProof`` that the sumcheck's final claim commits eq(ρ, r)·(p_L·q_R + q_L·(p_R + λ·q_R)) — the factor
/// C_{p_R} + λ·C_{q_R} derived from the absorbed children and λ, so not absorbed. No layer value is ever revealed.
public struct GKRLayerProof: ProofMessage, Equatable {
    /// The committed sumcheck over the layer's k variables (its consistency proof is the tree's batch).
    public let sumcheck: ZKSumcheckProof
    /// Commitments to p_L(r), p_R(r), q_L(r), q_R(r).
    public let children: [RistrettoPoint]
    /// C_final commits eq(ρ, r)·(p_L·q_R + q_L·(p_R + λ·q_R)) at r.
    public let finalStep: ProductSumProof

    /// The layer index k (its sumcheck has k variables and degree 3).
    public typealias Shape = Int

    init(sumcheck: ZKSumcheckProof, children: [RistrettoPoint], finalStep: ProductSumProof) {
        self.sumcheck = sumcheck
        self.children = children
        self.finalStep = finalStep
    }

    /// Writes the sumcheck, the 4 child commitments and the final step.
    public func encode(to writer: inout ProofWriter) {
        sumcheck.encode(to: &writer)
        writer.write(children)
        finalStep.encode(to: &writer)
    }

    /// Reads the proof of layer `shape` (= k).
    public init(from reader: inout ProofReader, shape layer: Int) throws(ProofError) {
        guard layer >= 0 else { throw ProofError.shapeMismatch("negative GKR layer \(layer)") }
        sumcheck = try ZKSumcheckProof(
            from: &reader, shape: ZKSumcheckProof.Shape(variableCount: layer, degree: 3), deferred: true)
        children = try reader.readPoints(4)
        finalStep = try ProductSumProof(from: &reader, shape: FixedShape())
    }
}
