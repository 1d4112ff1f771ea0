import Algebra
import Proofs

/// The zero-knowledge proof that a published top-k is what the committed model ranks on the stated candidates
/// (DESIGN.md §1–§2). Its shape — every count and length below — follows from (descriptor, n, k) through
/// ``RankingLayout``; the byte layout is in docs/FORMAT.md ("Ranking proof").
///
/// Order of the messages (also the transcript order):
/// 1. the aux vector V and, unless L is a block of V (``RankingLayout/lookupsInValues``), the sigmoid vector L
///    (Hyrax row commitments);
/// 2. the range proof of V (every entry in [0, 2^16)) and the sigmoid lookup of L;
/// 3. the ranking: two committed limb claims of D at a random point, the reduction of Σ_c L_c·s_c to s~(r), and
///    the head-weighted sum s = wᵀσ reduced to w~ and σ~;
/// 4. one ``RankingLayerProof`` per layer, last layer first;
/// 5. the batching of every claim on V into one, and its Hyrax opening; the two openings of L (none when L is in V:
///    its claims and the lookup's join V's batching);
/// 6. the openings of the model's committed tensors: per layer the weights and the biases, the head weights, and
///    each embedding table with the request's row weights.
public struct RankingProof: Sendable, Equatable {
    /// Commitment to V.
    public let aux: HyraxCommitment
    /// Commitment to L = [A′ of the heads; σ], or nil when L is a block of V.
    public let sigmoid: HyraxCommitment?
    /// Every entry of V is in [0, 2^16).
    public let range: RangeProof
    /// Every (A′, σ) pair of L is in the sigmoid table.
    public let lookup: TableLookupProof
    /// D0~(ρ_D), D1~(ρ_D).
    public let differenceClaims: [RistrettoPoint]
    /// Σ_c L_c·s_c reduced to s~(r_s).
    public let rankingSum: MatrixProductClaim.Proof
    /// s~(r_s) = Σ_h w_h·σ~(h, r_s) reduced to w~(r′) and σ~(r′, r_s).
    public let scoreProduct: MatrixProductClaim.Proof
    /// One per layer, last layer first.
    public let layers: [RankingLayerProof]
    /// Every claim on V reduced to one.
    public let auxBatching: ClaimBatching.Proof
    /// V's opening at the batched point.
    public let auxOpening: HyraxOpening
    /// L opened at the head layer's point (A′) and at the score point (σ); empty when L is a block of V.
    public let sigmoidOpenings: [HyraxOpening]
    /// Per layer (descriptor order), W~ masked at (ρ_out, r).
    public let weightOpenings: [HyraxOpening]
    /// Per layer, b~ masked at ρ_out.
    public let biasOpenings: [HyraxOpening]
    /// w~ masked at r′.
    public let headWeightOpening: HyraxOpening
    /// Per embedding table, the gathered rows at the first layer's point.
    public let embeddingOpenings: [HyraxOpening]

    init(
        aux: HyraxCommitment, sigmoid: HyraxCommitment?, range: RangeProof, lookup: TableLookupProof,
        differenceClaims: [RistrettoPoint], rankingSum: MatrixProductClaim.Proof,
        scoreProduct: MatrixProductClaim.Proof, layers: [RankingLayerProof], auxBatching: ClaimBatching.Proof,
        auxOpening: HyraxOpening, sigmoidOpenings: [HyraxOpening], weightOpenings: [HyraxOpening],
        biasOpenings: [HyraxOpening], headWeightOpening: HyraxOpening, embeddingOpenings: [HyraxOpening]
    ) {
        self.aux = aux
        self.sigmoid = sigmoid
        self.range = range
        self.lookup = lookup
        self.differenceClaims = differenceClaims
        self.rankingSum = rankingSum
        self.scoreProduct = scoreProduct
        self.layers = layers
        self.auxBatching = auxBatching
        self.auxOpening = auxOpening
        self.sigmoidOpenings = sigmoidOpenings
        self.weightOpenings = weightOpenings
        self.biasOpenings = biasOpenings
        self.headWeightOpening = headWeightOpening
        self.embeddingOpenings = embeddingOpenings
    }

    /// The encoding's regions in order, as (name, byte range): for `feedproof inspect`, docs/FORMAT.md and the
    /// tamper tests.
    public var regions: [(name: String, range: Range<Int>)] { encodedWithRegions().regions }

    /// The canonical encoding: every message in order, no lengths (all follow from the layout).
    public var encoded: [UInt8] { encodedWithRegions().bytes }

    /// Writes every message in order, noting where each region starts and ends (one writer for both views, so
    /// the regions can never drift from the encoding).
    private func encodedWithRegions() -> (bytes: [UInt8], regions: [(name: String, range: Range<Int>)]) {
        var writer = ProofWriter()
        var regions: [(name: String, range: Range<Int>)] = []
        func region(_ name: String, _ body: (inout ProofWriter) -> Void) {
            let start = writer.bytes.count
            body(&writer)
            regions.append((name, start..<writer.bytes.count))
        }
        region("aux commitment") { aux.encode(to: &$0) }
        if let sigmoid { region("sigmoid commitment") { sigmoid.encode(to: &$0) } }
        region("range proof") { range.encode(to: &$0) }
        region("sigmoid lookup") { lookup.encode(to: &$0) }
        region("ranking claims") { $0.write(differenceClaims) }
        region("ranking sum") { rankingSum.encode(to: &$0) }
        region("score product") { scoreProduct.encode(to: &$0) }
        for (position, layer) in layers.enumerated() {
            region("layer \(layers.count - 1 - position)") { layer.encode(to: &$0) }
        }
        region("aux claim batching") { auxBatching.encode(to: &$0) }
        region("aux opening") { auxOpening.encode(to: &$0) }
        if !sigmoidOpenings.isEmpty {
            region("sigmoid openings") { w in for o in sigmoidOpenings { o.encode(to: &w) } }
        }
        region("weight openings") { w in for o in weightOpenings { o.encode(to: &w) } }
        region("bias openings") { w in for o in biasOpenings { o.encode(to: &w) } }
        region("head weight opening") { headWeightOpening.encode(to: &$0) }
        region("embedding openings") { w in for o in embeddingOpenings { o.encode(to: &w) } }
        return (writer.bytes, regions)
    }

    /// Decodes a proof of the given layout, strictly (typed errors, no trailing bytes, canonical elements).
    /// - Throws: ``RankingError/proof(region:_:)`` naming the region that failed to decode.
    /// Every point is decoded on all cores before the structure is read (``ProofReader/decodingPointsInParallel(_:_:)``).
    public init(encoded bytes: [UInt8], layout: RankingLayout) throws(RankingError) {
        self = try ProofReader.decodingPointsInParallel(bytes) { reader throws(RankingError) in
            try RankingProof(reading: &reader, layout: layout)
        }
    }

    /// Reads a whole proof of the given layout from `reader`, strictly.
    private init(reading reader: inout ProofReader, layout: RankingLayout) throws(RankingError) {
        func region<T>(_ name: String, _ body: (inout ProofReader) throws(ProofError) -> T) throws(RankingError) -> T {
            do { return try body(&reader) } catch { throw .proof(region: name, error) }
        }
        let shapes: [HyraxCommitment.Shape]
        do { shapes = try ModelCommitmentLayout.tensors(for: layout.descriptor).inCommitmentOrder.map(\.shape) } catch {
            throw .invalidShape("the descriptor's tensor layouts: \(error)")
        }
        let d = layout.descriptor
        aux = try region("aux commitment") { r throws(ProofError) in try HyraxCommitment(from: &r, shape: layout.auxShape) }
        if let sigmoidShape = layout.sigmoidShape {
            sigmoid = try region("sigmoid commitment") { r throws(ProofError) in
                try HyraxCommitment(from: &r, shape: sigmoidShape)
            }
        } else {
            sigmoid = nil
        }
        range = try region("range proof") { r throws(ProofError) in try RangeProof(from: &r, shape: layout.rangeShape) }
        lookup = try region("sigmoid lookup") { r throws(ProofError) in
            try TableLookupProof(from: &r, shape: layout.lookupShape)
        }
        differenceClaims = try region("ranking claims") { r throws(ProofError) in try r.readPoints(2) }
        rankingSum = try region("ranking sum") { r throws(ProofError) in
            try MatrixProductClaim.Proof(
                from: &r, shape: .init(innerVariableCount: layout.candidateVariables, rightIsPublic: true))
        }
        scoreProduct = try region("score product") { r throws(ProofError) in
            try MatrixProductClaim.Proof(
                from: &r,
                shape: .init(innerVariableCount: layout.paddedHeads.trailingZeroBitCount, rightIsPublic: false))
        }
        var layers: [RankingLayerProof] = []
        for index in layout.layers.indices.reversed() {
            layers.append(
                try region("layer \(index) (\(layout.layers[index].descriptor.name))") { r throws(ProofError) in
                    try RankingLayerProof(from: &r, layout: layout, index: index)
                })
        }
        self.layers = layers
        auxBatching = try region("aux claim batching") { r throws(ProofError) in
            try ClaimBatching.Proof(from: &r, shape: layout.auxShape.columnVariableCount)
        }
        auxOpening = try region("aux opening") { r throws(ProofError) in try HyraxOpening(from: &r, shape: layout.auxShape) }
        if let sigmoidShape = layout.sigmoidShape {
            sigmoidOpenings = try region("sigmoid openings") { r throws(ProofError) in
                [try HyraxOpening(from: &r, shape: sigmoidShape), try HyraxOpening(from: &r, shape: sigmoidShape)]
            }
        } else {
            sigmoidOpenings = []
        }
        let e = d.embeddings.count
        weightOpenings = try region("weight openings") { r throws(ProofError) in
            var out: [HyraxOpening] = []
            for l in d.layers.indices { out.append(try HyraxOpening(from: &r, shape: shapes[e + 2 * l])) }
            return out
        }
        biasOpenings = try region("bias openings") { r throws(ProofError) in
            var out: [HyraxOpening] = []
            for l in d.layers.indices { out.append(try HyraxOpening(from: &r, shape: shapes[e + 2 * l + 1])) }
            return out
        }
        headWeightOpening = try region("head weight opening") { r throws(ProofError) in
            try HyraxOpening(from: &r, shape: shapes[shapes.count - 1])
        }
        embeddingOpenings = try region("embedding openings") { r throws(ProofError) in
            var out: [HyraxOpening] = []
            for j in 0..<e { out.append(try HyraxOpening(from: &r, shape: shapes[j])) }
            return out
        }
        try region("end of proof") { r throws(ProofError) in try r.finish() }
    }
}
