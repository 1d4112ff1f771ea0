import Algebra
import Proofs

/// The messages that reduce one layer's claims (DESIGN.md §2 step 3, A.5, A.6): a batched clamp zero-check
/// Σ_x eq(τ, x)·[A′·B + λ·S·C] = 0 over the layer's P(h_out) × N block (S = range − A′, and for trunk layers
/// C = K − S), the committed values of every block at its point ρ, the product-sum proof of the final claim, the bias claim and
/// the matrix-product reduction to the previous layer (for the first layer, the embedding claims and the link to
/// the public dense features).
public struct RankingLayerProof: Sendable, Equatable {
    /// C_0 = r·H, the claim 0.
    public let zeroClaim: RistrettoPoint
    /// C_0 opens to 0.
    public let zeroClaimProof: ZeroOpeningProof
    /// The degree-3 committed sumcheck.
    public let sumcheck: ZKSumcheckProof
    /// Values at ρ: A′, the B limbs, the K limbs (trunk) or C limbs (heads), the R′ limbs.
    public let values: [RistrettoPoint]
    /// C_final commits eq(τ, ρ)·(A′·B + S·(λ·C)) at ρ, B, S and C derived from the values.
    public let clampStep: ProductSumProof
    /// Commitment to the masked bias b~(ρ_out).
    public let biasClaim: RistrettoPoint
    /// Z − b = W·A reduced to W~(ρ_out, r) and A~(r, ρ_col).
    public let matmul: MatrixProductClaim.Proof
    /// First layer: one claim per embedding table on its gathered rows.
    public let embeddingClaims: [RistrettoPoint]
    /// First layer: C_X − P·U − Σ_j C_{E_j} opens to 0 (P the public dense part).
    public let inputLink: ZeroOpeningProof?

    /// How many values a layer commits at ρ.
    static func valueCount(_ layer: RankingLayout.Layer) -> Int {
        1 + layer.belowLimbs.count + layer.aboveLimbs.count + layer.remainderLimbs.count
    }

    func encode(to writer: inout ProofWriter) {
        writer.write(zeroClaim)
        zeroClaimProof.encode(to: &writer)
        sumcheck.encode(to: &writer)
        writer.write(values)
        clampStep.encode(to: &writer)
        writer.write(biasClaim)
        matmul.encode(to: &writer)
        writer.write(embeddingClaims)
        inputLink?.encode(to: &writer)
    }

    init(
        zeroClaim: RistrettoPoint, zeroClaimProof: ZeroOpeningProof, sumcheck: ZKSumcheckProof,
        values: [RistrettoPoint], clampStep: ProductSumProof, biasClaim: RistrettoPoint, matmul: MatrixProductClaim.Proof, embeddingClaims: [RistrettoPoint],
        inputLink: ZeroOpeningProof?
    ) {
        self.zeroClaim = zeroClaim
        self.zeroClaimProof = zeroClaimProof
        self.sumcheck = sumcheck
        self.values = values
        self.clampStep = clampStep
        self.biasClaim = biasClaim
        self.matmul = matmul
        self.embeddingClaims = embeddingClaims
        self.inputLink = inputLink
    }

    /// Reads layer `index` of `layout`.
    init(from reader: inout ProofReader, layout: RankingLayout, index: Int) throws(ProofError) {
        let layer = layout.layers[index]
        let first = index == 0
        zeroClaim = try reader.readPoint()
        zeroClaimProof = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        sumcheck = try ZKSumcheckProof(
            from: &reader,
            shape: .init(variableCount: layer.outputVariables + layout.candidateVariables, degree: 3))
        values = try reader.readPoints(Self.valueCount(layer))
        clampStep = try ProductSumProof(from: &reader, shape: FixedShape())
        biasClaim = try reader.readPoint()
        matmul = try MatrixProductClaim.Proof(
            from: &reader,
            shape: .init(innerVariableCount: layer.paddedInputs.trailingZeroBitCount, rightIsPublic: false))
        embeddingClaims = first ? try reader.readPoints(layout.descriptor.embeddings.count) : []
        inputLink = first ? try ZeroOpeningProof(from: &reader, shape: FixedShape()) : nil
    }
}
