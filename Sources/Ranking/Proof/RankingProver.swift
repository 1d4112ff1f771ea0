import Algebra
import Crypto
import Model
import Proofs
import Transcript

/// Proves rankings with a committed model (DESIGN.md §2, "Per-request proof"): one zero-knowledge proof per
/// request, whose shape depends only on (descriptor, n, k).
public struct RankingProver: Sendable {
    /// The golden model.
    public let ranker: QuantizedRanker
    /// The openings of the model's committed tensors.
    public let tensors: ModelTensors<HyraxWitness>
    /// The published ModelID the proofs name.
    public let modelID: ModelID
    /// The public parameters.
    public let key: CommitmentKey
    /// SHA-512 of the whole opening (every tensor's values and row blinders), the secret each proof's hedged RNG
    /// is keyed with; computed once here rather than hashing the per-request witness (M's V is 64 MB: 0.6 s of
    /// Keccak per proof). V is a function of these secrets and the public features, so keying with it adds nothing.
    let openingDigest: [UInt8]

    /// A prover for a committed model.
    public init(ranker: QuantizedRanker, tensors: ModelTensors<HyraxWitness>, modelID: ModelID, key: CommitmentKey) {
        self.ranker = ranker
        self.tensors = tensors
        self.modelID = modelID
        self.key = key
        self.openingDigest = Self.digest(of: tensors)
    }

    /// SHA-512 over the tensors in commitment order: each one's value count (LE64), values (LE64 each) and row
    /// blinders (canonical 32 bytes each).
    static func digest(of tensors: ModelTensors<HyraxWitness>) -> [UInt8] {
        var hash = Crypto.SHA512()
        for tensor in tensors.inCommitmentOrder {
            withUnsafeBytes(of: UInt64(tensor.values.count).littleEndian) { hash.update(bufferPointer: $0) }
            tensor.values.map(\.littleEndian).withUnsafeBytes { hash.update(bufferPointer: $0) }
            for blinder in tensor.rowBlinders { hash.update(data: blinder.value.canonicalBytes) }
        }
        return Array(hash.finalize())
    }

    typealias Committed = ZKSumcheckProof.CommittedScalar

    /// Proves that `shown` (candidate indices in rank order) is the model's top-k of the candidates.
    ///
    /// - Parameters:
    ///   - features: every candidate's features, in statement order.
    ///   - postIDs: the candidates' (distinct) post ids.
    ///   - shown: the published ranking as indices into the candidates.
    ///   - statement: the statement's canonical bytes (absorbed first, so the proof is bound to all of it).
    /// - Throws: ``RankingError/rankingMismatch(_:)`` when the ranking is not the model's;
    ///   ``RankingError/invalidInput(_:)`` or ``RankingError/invalidShape(_:)`` for inconsistent inputs.
    public func prove(
        features: [FeatureVector], postIDs: [Int64], shown: [Int], statement: [UInt8]
    ) throws(RankingError) -> RankingProof {
        guard features.count == postIDs.count else {
            throw .invalidInput("\(features.count) feature vectors for \(postIDs.count) candidates")
        }
        let layout = try RankingLayout(descriptor: ranker.descriptor, candidateCount: postIDs.count, shownCount: shown.count)
        let order = try RankingOrder(postIDs: postIDs, shown: shown)
        let witness = try RankingWitness(ranker: ranker, layout: layout, features: features, order: order)
        var transcript = RankingProtocol.transcript(layout: layout, key: key, modelID: modelID, statement: statement)
        // Hedged nonces (DESIGN.md §2 zero-knowledge rule 3): transcript (statement included), the opening's
        // digest and OS randomness.
        var rngBuilder = transcript.rngBuilder()
        rngBuilder.rekey(withWitness: "opening", bytes: openingDigest)
        let rng = rngBuilder.finalize()
        return try prove(
            layout: layout, order: order, witness: witness, features: features, transcript: &transcript, rng: rng)
    }

    private func prove(
        layout: RankingLayout, order: RankingOrder, witness: RankingWitness, features: [FeatureVector],
        transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(RankingError) -> RankingProof {
        func step<T>(_ region: String, _ body: () throws(ProofError) -> T) throws(RankingError) -> T {
            do { return try body() } catch { throw .proof(region: region, error) }
        }
        let key = self.key
        let d = layout.descriptor
        let columns = layout.paddedCandidates
        let cb = layout.candidateVariables

        // 1. Commit V and L (unless L is a block of V).
        let (aux, auxWitness) = try step("aux commitment") { () throws(ProofError) in
            try HyraxCommitment.commit(witness.aux, shape: layout.auxShape, key: key, rng: rng)
        }
        var sigmoidCommitment: (commitment: HyraxCommitment, witness: HyraxWitness)? = nil
        if case .ownCommitment(let sigmoidShape) = layout.sigmoidPlacement {
            sigmoidCommitment = try step("sigmoid commitment") { () throws(ProofError) in
                try HyraxCommitment.commit(witness.sigmoidVector, shape: sigmoidShape, key: key, rng: rng)
            }
        }
        aux.absorb(label: "aux", into: &transcript)
        sigmoidCommitment?.commitment.absorb(label: "sigmoid", into: &transcript)

        // 2. Range and lookup arguments.
        // The range proof's leaf claims on V join the batched opening of V (step 5) instead of opening V twice more.
        let (range, rangeClaims) = try step("range proof") { () throws(ProofError) in
            try RangeProof.proveLeavingValueClaims(
                values: auxWitness, shape: layout.rangeShape, key: key, transcript: &transcript, rng: rng)
        }
        var auxClaims: [(point: [Scalar], value: Scalar, blinder: Blinder, commitment: RistrettoPoint)] =
            rangeClaims.map { ($0.point, $0.claim.value, $0.claim.blinder, $0.claim.commitment) }
        func claimOnAux(_ block: RankingLayout.Block, _ inner: [Scalar], _ x: Committed) {
            auxClaims.append(
                (block.prefix(totalVariables: layout.auxShape.variableCount) + inner, x.value, x.blinder, x.commitment))
        }
        let table = layout.shiftedSigmoidTable
        let lookup: TableLookupProof
        switch layout.sigmoidPlacement {
        case .ownCommitment:
            guard let sigmoidWitness = sigmoidCommitment?.witness else { throw .invalidInput("L was not committed") }
            lookup = try step("sigmoid lookup") { () throws(ProofError) in
                try TableLookupProof.prove(
                    lookups: sigmoidWitness, table: table, shape: layout.lookupShape, key: key,
                    transcript: &transcript, rng: rng)
            }
        case .inValues(let lookupBlock, let countBlock):
            // L and the multiplicities are blocks of V, absorbed above: the lookup's leaf claims join V's batching.
            let pairs = witness.sigmoidVector.count / 2
            let (proof, claims) = try step("sigmoid lookup") { () throws(ProofError) in
                try TableLookupProof.proveLeavingClaims(
                    inputs: Array(witness.sigmoidVector[..<pairs]), outputs: Array(witness.sigmoidVector[pairs...]),
                    table: table, shape: layout.lookupShape, key: key, transcript: &transcript, rng: rng)
            }
            lookup = proof
            claimOnAux(lookupBlock, claims[0].point, claims[0].claim)
            claimOnAux(lookupBlock, claims[1].point, claims[1].claim)
            claimOnAux(countBlock, claims[2].point, claims[2].claim)
        }
        func fresh(_ value: Scalar, _ label: String) -> Committed {
            let x = key.commitFresh(value, rng: rng)
            transcript.appendPoint(label: label, x.commitment)
            return x
        }
        func evaluate(_ values: [Int64], at point: [Scalar]) throws(RankingError) -> Scalar {
            try step("evaluation") { () throws(ProofError) in try MultilinearPolynomial.evaluate(small: values, at: point) }
        }
        func block(_ b: RankingLayout.Block) -> [Int64] {
            Array(witness.aux[b.offset..<(b.offset + (1 << b.variableCount))])
        }

        // 3. Ranking: D at ρ_D, Σ_c L_c·s_c → s~(r_s), s = wᵀσ → w~(r′), σ~(r′, r_s).
        let rhoD = RankingProtocol.challenges(cb, label: "ranking-point", &transcript)
        var differenceClaims: [Committed] = []
        for limb in layout.differenceLimbs {
            let x = fresh(try evaluate(block(limb), at: rhoD), "difference-claim")
            differenceClaims.append(x)
            claimOnAux(limb, rhoD, x)
        }
        let form = order.linearForm(at: rhoD, paddedCount: columns)
        let weightedSum = RankingProtocol.combine(
            [(.one, differenceClaims[0]), (RankingProtocol.power(16), differenceClaims[1])], constant: form.constant,
            key: key)
        let rankingSum = try step("ranking sum") { () throws(ProofError) in
            try MatrixProductClaim.prove(
                left: .small(witness.scores), right: .scalars(form.weights), rightIsPublic: true,
                dimensions: .init(rows: 1, inner: columns, columns: 1), outputPoint: [], columnPoint: [],
                claim: weightedSum, key: key, transcript: &transcript, rng: rng, absorbingClaim: false)
        }
        let heads = layout.paddedHeads
        var headWeights = ranker.headWeights.map { Int64($0) }
        headWeights += repeatElement(0, count: heads - headWeights.count)
        let scoreProduct = try step("score product") { () throws(ProofError) in
            try MatrixProductClaim.prove(
                left: .small(headWeights), right: .small(witness.sigmoid), rightIsPublic: false,
                dimensions: .init(rows: 1, inner: heads, columns: columns), outputPoint: [],
                columnPoint: rankingSum.point, claim: rankingSum.left, key: key, transcript: &transcript, rng: rng)
        }
        guard let sigmaClaim = scoreProduct.right else { throw .invalidInput("score product without a σ claim") }
        var sigmoidClaims: [(point: [Scalar], claim: Committed)] = [
            ([.one] + scoreProduct.point + rankingSum.point, sigmaClaim)
        ]

        // 4. Layers, last first.
        var layerProofs: [RankingLayerProof] = []
        var weightClaims = [(point: (row: [Scalar], column: [Scalar]), claim: Committed)?](
            repeating: nil, count: d.layers.count)
        var biasClaims = [(point: [Scalar], claim: Committed)?](repeating: nil, count: d.layers.count)
        var embeddingClaims: [(rows: [Scalar], columns: [Scalar], claim: Committed)] = []
        for index in layout.layers.indices.reversed() {
            let plan = layout.layers[index]
            let layer = plan.descriptor
            let tables = witness.layers[index]
            let variables = plan.outputVariables + cb

            // Clamp zero-check: Σ_x eq(τ, x)·[A′·B + λ·S·C] = 0 with B = Σ_j 2^16j·B_j, S = range − A′ (a table
            // the prover derives; never committed) and C = Σ_j 2^16j·C_j (heads) or C = Σ_j 2^16j·K_j − S (trunk).
            let tau = RankingProtocol.challenges(variables, label: "clamp-tau", &transcript)
            let lambda = transcript.challengeScalar(label: "clamp-lambda")
            // The specialized summand eq·(A′·B + λ·S·(C or K − S)) on B and C (or K) whole, not limb by limb; the
            // limbs' values at ρ are evaluated from V's blocks after.
            var engine = try step("clamp zero-check") { () throws(ProofError) in
                try ClampPolynomial(
                    a: tables.activation, b: tables.below, c: tables.above,
                    range: layer.activationUpper - layer.activationLower, lambda: lambda, subtractsSlack: !plan.isHeads,
                    tau: tau)
            }
            let zero = fresh(.zero, "clamp-claim")
            let zeroProof = ZeroOpeningProof.prove(
                blinder: zero.blinder, commitment: zero.commitment, key: key, transcript: &transcript, rng: rng)
            let reduced = try step("clamp zero-check") { () throws(ProofError) in
                try ZKSumcheckProof.prove(
                    claim: zero, polynomial: &engine, degree: 3, key: key, transcript: &transcript, rng: rng)
            }
            let rho = reduced.point
            let rhoOut = Array(rho[0..<plan.outputVariables])
            let rhoColumn = Array(rho[plan.outputVariables...])

            // Values at ρ.
            let a = fresh(engine.activationValue, "clamp-value")
            let range = Scalar(layer.activationUpper - layer.activationLower)
            let s = RankingProtocol.combine([(-Scalar.one, a)], constant: range, key: key)
            var belowValues: [Committed] = []
            for limb in plan.belowLimbs { belowValues.append(fresh(try evaluate(block(limb), at: rho), "clamp-value")) }
            var aboveValues: [Committed] = []
            for limb in plan.aboveLimbs { aboveValues.append(fresh(try evaluate(block(limb), at: rho), "clamp-value")) }
            var remainderValues: [Committed] = []
            for limb in plan.remainderLimbs { remainderValues.append(fresh(try evaluate(block(limb), at: rho), "clamp-value")) }
            let b = RankingProtocol.combine(
                belowValues.enumerated().map { (RankingProtocol.power(16 * $0.offset), $0.element) }, key: key)
            let c = RankingProtocol.combine(
                aboveValues.enumerated().map { (RankingProtocol.power(16 * $0.offset), $0.element) }
                    + (plan.isHeads ? [] : [(-Scalar.one, s)]), key: key)
            // The final claim is e·(A′·B + λ·S·C): one product-sum proof, with λ·C derived (not absorbed).
            let e = EqualityPolynomial.evaluate(tau, rho)
            let final: Committed = (reduced.finalValue, reduced.finalBlinder, reduced.finalCommitment)
            let lambdaC = key.recommit(lambda * c.value, blinder: lambda * c.blinder.value)
            let clampStep = try step("clamp products") { () throws(ProofError) in
                try ProductSumProof.prove(
                    first: (a, b), second: (s, lambdaC), product: final, scale: e, key: key, transcript: &transcript,
                    rng: rng)
            }

            // Claims on V (and on L for the head layer's A′).
            if plan.isHeads {
                sigmoidClaims.append(([.zero] + rho, a))
            } else if let activation = plan.activation {
                claimOnAux(activation, rho, a)
            }
            for (limb, x) in zip(plan.belowLimbs, belowValues) { claimOnAux(limb, rho, x) }
            for (limb, x) in zip(plan.aboveLimbs, aboveValues) { claimOnAux(limb, rho, x) }
            for (limb, x) in zip(plan.remainderLimbs, remainderValues) { claimOnAux(limb, rho, x) }

            // Requantization gives Z~(ρ); the bias claim leaves W·A.
            let (scale, inverseM, constant) = RankingProtocol.requantization(plan)
            var zTerms: [(Scalar, Committed)] = [(inverseM * scale, a), (-(inverseM * scale), b), (inverseM * scale, c)]
            for (j, x) in remainderValues.enumerated() { zTerms.append((inverseM * RankingProtocol.power(16 * j), x)) }
            let z = RankingProtocol.combine(zTerms, constant: inverseM * constant, key: key)
            guard z.value == (try evaluate(tables.accumulator, at: rho)) else {
                throw .invalidInput("layer \(layer.name): the requantization identity does not hold")
            }
            var biases = ranker.layerBiases[index].map { Int64($0) }
            biases += repeatElement(0, count: plan.paddedOutputs - biases.count)
            let bias = fresh(try evaluate(biases, at: rhoOut), "bias-claim")
            biasClaims[index] = (rhoOut, bias)
            let product = RankingProtocol.combine([(.one, z), (-Scalar.one, bias)], key: key)

            var weights = [Int64](repeating: 0, count: plan.paddedOutputs * plan.paddedInputs)
            let raw = ranker.layerWeights[index]
            for o in 0..<layer.outputs {
                for i in 0..<layer.inputs { weights[o * plan.paddedInputs + i] = Int64(raw[o * layer.inputs + i]) }
            }
            let right = index == 0 ? witness.input : witness.layers[index - 1].activation
            let matmul = try step("layer \(layer.name) matmul") { () throws(ProofError) in
                try MatrixProductClaim.prove(
                    left: .small(weights), right: .small(right), rightIsPublic: false,
                    dimensions: .init(rows: plan.paddedOutputs, inner: plan.paddedInputs, columns: columns),
                    outputPoint: rhoOut, columnPoint: rhoColumn, claim: product, key: key, transcript: &transcript,
                    rng: rng, absorbingClaim: false)
            }
            weightClaims[index] = ((rhoOut, matmul.point), matmul.left)
            guard let inputClaim = matmul.right else { throw .invalidInput("matmul without a right claim") }

            var embeddingCommitments: [RistrettoPoint] = []
            var inputLink: ZeroOpeningProof?
            if index == 0 {
                let form = RankingProtocol.inputForm(
                    layout: layout, features: features, rowPoint: matmul.point, columnPoint: rhoColumn)
                var linkTerms: [(Scalar, Committed)] = [(.one, inputClaim)]
                for (j, weightsJ) in form.embeddings.enumerated() {
                    let value = try step("embedding claim") { () throws(ProofError) in
                        try tensors.embeddings[j].evaluate(
                            rowWeights: .explicit(weightsJ.rows), columnWeights: .explicit(weightsJ.columns))
                    }
                    let x = fresh(value, "embedding-claim")
                    embeddingClaims.append((weightsJ.rows, weightsJ.columns, x))
                    embeddingCommitments.append(x.commitment)
                    linkTerms.append((-Scalar.one, x))
                }
                inputLink = try link(
                    RankingProtocol.combine(linkTerms, constant: -form.dense, key: key), &transcript, rng)
            } else if let previous = layout.layers[index - 1].activation {
                claimOnAux(previous, matmul.point + rhoColumn, inputClaim)
            }

            layerProofs.append(
                RankingLayerProof(
                    zeroClaim: zero.commitment, zeroClaimProof: zeroProof, sumcheck: reduced.proof,
                    values: ([a] + belowValues + aboveValues + remainderValues).map(\.commitment),
                    clampStep: clampStep, biasClaim: bias.commitment,
                    matmul: matmul.proof, embeddingClaims: embeddingCommitments, inputLink: inputLink))
        }

        // 5. One opening of V for every claim on it; the two openings of L, or their claims join V's.
        if case .inValues(let lookupBlock, _) = layout.sigmoidPlacement {
            for claim in sigmoidClaims.reversed() { claimOnAux(lookupBlock, claim.point, claim.claim) }
        }
        let batching = try step("aux claim batching") { () throws(ProofError) in
            try ClaimBatching.prove(witness: auxWitness, claims: auxClaims, key: key, transcript: &transcript, rng: rng)
        }
        let auxOpening = try step("aux opening") { () throws(ProofError) in
            try HyraxOpening.prove(
                witness: auxWitness, rowWeights: .explicit(batching.rowWeights),
                columnWeights: .equality(point: batching.columnPoint), value: batching.value.value,
                valueBlinder: batching.value.blinder, valueCommitment: batching.value.commitment, key: key,
                transcript: &transcript, rng: rng)
        }
        var sigmoidOpenings: [HyraxOpening] = []
        for claim in sigmoidClaims.reversed() {
            guard let sigmoidWitness = sigmoidCommitment?.witness else { break }
            sigmoidOpenings.append(
                try step("sigmoid opening") { () throws(ProofError) in
                    try HyraxOpening.prove(
                        witness: sigmoidWitness, point: claim.point, value: claim.claim.value,
                        valueBlinder: claim.claim.blinder, valueCommitment: claim.claim.commitment, key: key,
                        transcript: &transcript, rng: rng)
                })
        }

        // 6. The model's tensors, masked to their real entries.
        var weightOpenings: [HyraxOpening] = []
        var biasOpenings: [HyraxOpening] = []
        for (index, plan) in layout.layers.enumerated() {
            guard let w = weightClaims[index], let b = biasClaims[index] else { continue }
            let layer = plan.descriptor
            weightOpenings.append(
                try step("weight opening") { () throws(ProofError) in
                    try HyraxOpening.prove(
                        witness: tensors.layerWeights[index],
                        rowWeights: .explicit(
                            RankingProtocol.maskedEquality(w.point.row, real: layer.outputs, length: plan.paddedOutputs)),
                        columnWeights: .explicit(
                            RankingProtocol.maskedEquality(w.point.column, real: layer.inputs, length: layer.hyraxRowLength)),
                        value: w.claim.value, valueBlinder: w.claim.blinder, valueCommitment: w.claim.commitment,
                        key: key, transcript: &transcript, rng: rng)
                })
            biasOpenings.append(
                try step("bias opening") { () throws(ProofError) in
                    try HyraxOpening.prove(
                        witness: tensors.layerBiases[index], rowWeights: .explicit([.one]),
                        columnWeights: .explicit(
                            RankingProtocol.maskedEquality(b.point, real: layer.outputs, length: plan.paddedOutputs)),
                        value: b.claim.value, valueBlinder: b.claim.blinder, valueCommitment: b.claim.commitment,
                        key: key, transcript: &transcript, rng: rng)
                })
        }
        let headClaim = scoreProduct.left
        let headOpening = try step("head weight opening") { () throws(ProofError) in
            try HyraxOpening.prove(
                witness: tensors.headWeights, rowWeights: .explicit([.one]),
                columnWeights: .explicit(
                    RankingProtocol.maskedEquality(
                        scoreProduct.point, real: d.headCount, length: d.headWeightsHyraxRowLength)),
                value: headClaim.value, valueBlinder: headClaim.blinder, valueCommitment: headClaim.commitment,
                key: key, transcript: &transcript, rng: rng)
        }
        var embeddingOpenings: [HyraxOpening] = []
        for (j, claim) in embeddingClaims.enumerated() {
            embeddingOpenings.append(
                try step("embedding opening") { () throws(ProofError) in
                    try HyraxOpening.prove(
                        witness: tensors.embeddings[j], rowWeights: .explicit(claim.rows),
                        columnWeights: .explicit(claim.columns), value: claim.claim.value,
                        valueBlinder: claim.claim.blinder, valueCommitment: claim.claim.commitment, key: key,
                        transcript: &transcript, rng: rng)
                })
        }

        return RankingProof(
            aux: aux, sigmoid: sigmoidCommitment?.commitment, range: range, lookup: lookup,
            differenceClaims: differenceClaims.map(\.commitment), rankingSum: rankingSum.proof,
            scoreProduct: scoreProduct.proof, layers: layerProofs, auxBatching: batching.proof, auxOpening: auxOpening,
            sigmoidOpenings: sigmoidOpenings, weightOpenings: weightOpenings, biasOpenings: biasOpenings,
            headWeightOpening: headOpening, embeddingOpenings: embeddingOpenings)
    }

    /// A zero-opening proof that a committed combination is 0 (refused when it is not: a witness bug). The
    /// combination is derived from the transcript so far, so it is not absorbed: the verifier keeps it as a
    /// ``PointCombination`` and computes no point for it.
    private func link(
        _ x: Committed, _ transcript: inout MerlinTranscript, _ rng: TranscriptRNG
    ) throws(RankingError) -> ZeroOpeningProof {
        guard x.value.isZero else { throw .invalidInput("a linear relation of the witness does not hold") }
        return ZeroOpeningProof.prove(
            blinder: x.blinder, commitment: x.commitment, key: key, transcript: &transcript, rng: rng,
            absorbingCommitment: false)
    }
}
