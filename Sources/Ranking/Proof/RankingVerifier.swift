import Algebra
import Model
import Proofs
import Transcript

/// Verifies ranking proofs against a model's public commitment (DESIGN.md §2, verifier step 6): rebuilds the
/// transcript, checks the exact shape, computes every public evaluation itself and folds every group equation
/// into one multi-scalar multiplication.
public struct RankingVerifier: Sendable {
    /// The model's public descriptor.
    public let descriptor: ModelDescriptor
    /// The commitments of the model's tensors.
    public let tensors: ModelTensors<HyraxCommitment>
    /// The ModelID the proofs must name.
    public let modelID: ModelID
    /// The public parameters.
    public let key: CommitmentKey
    /// The sigmoid lookup table, hashed and extended once for every proof this verifier checks.
    let sigmoidTable: LookupTable

    /// A verifier for one committed model.
    /// - Throws: ``RankingError/invalidShape(_:)`` when the commitments do not have the descriptor's layouts.
    public init(
        descriptor: ModelDescriptor, tensors: ModelTensors<HyraxCommitment>, modelID: ModelID, key: CommitmentKey
    ) throws(RankingError) {
        let shapes: [HyraxCommitment.Shape]
        do { shapes = try ModelCommitmentLayout.tensors(for: descriptor).inCommitmentOrder.map(\.shape) } catch {
            throw .invalidShape("the descriptor's tensor layouts: \(error)")
        }
        guard tensors.inCommitmentOrder.map(\.shape) == shapes, tensors.embeddings.count == descriptor.embeddings.count,
            tensors.layerWeights.count == descriptor.layers.count, tensors.layerBiases.count == descriptor.layers.count
        else { throw .invalidShape("the model commitments do not have the descriptor's layouts") }
        self.descriptor = descriptor
        self.tensors = tensors
        self.modelID = modelID
        self.key = key
        do {
            sigmoidTable = try LookupTable(
                outputs: RankingLayout.shiftedSigmoidTable(of: descriptor), tableBits: descriptor.sigmoid.inputBits)
        } catch {
            throw .invalidShape("the descriptor's sigmoid table: \(error)")
        }
    }

    /// The error for a proof whose group equations do not hold (its last check, alone or in a batch).
    public static var equationsFail: RankingError {
        .proof(
            region: "batched group equations",
            .verificationFailed(protocol: RankingProtocol.label, check: "the batched group equations do not hold"))
    }

    /// Decodes and verifies an encoded proof.
    /// - Throws: ``RankingError/proof(region:_:)`` naming the region that failed to decode or verify.
    public func verify(
        proof bytes: [UInt8], features: [FeatureVector], postIDs: [Int64], shown: [Int], statement: [UInt8]
    ) throws(RankingError) {
        let layout = try RankingLayout(descriptor: descriptor, candidateCount: postIDs.count, shownCount: shown.count)
        let proof = try RankingProof(encoded: bytes, layout: layout)
        try verify(proof, layout: layout, features: features, postIDs: postIDs, shown: shown, statement: statement)
    }

    /// Verifies a decoded proof for the statement (features, ids, the shown indices in rank order, the statement's
    /// canonical bytes).
    public func verify(
        _ proof: RankingProof, features: [FeatureVector], postIDs: [Int64], shown: [Int], statement: [UInt8]
    ) throws(RankingError) {
        let layout = try RankingLayout(descriptor: descriptor, candidateCount: postIDs.count, shownCount: shown.count)
        try verify(proof, layout: layout, features: features, postIDs: postIDs, shown: shown, statement: statement)
    }

    /// Decodes a proof and runs every check of ``verify(proof:features:postIDs:shown:statement:)`` except the last:
    /// the proof's group equations are returned, weighted, for the caller to check together with other proofs'
    /// (``GroupEquationBatch/allHold(_:with:)``). The proof is valid exactly when its equations hold.
    /// - Throws: ``RankingError`` for a proof that fails before its group equations (decoding, shape, transcript).
    public func collectEquations(
        proof bytes: [UInt8], features: [FeatureVector], postIDs: [Int64], shown: [Int], statement: [UInt8]
    ) throws(RankingError) -> GroupEquationBatch {
        let layout = try RankingLayout(descriptor: descriptor, candidateCount: postIDs.count, shownCount: shown.count)
        let proof = try RankingProof(encoded: bytes, layout: layout)
        return try collectEquations(
            proof, layout: layout, features: features, postIDs: postIDs, shown: shown, statement: statement)
    }

    private func collectEquations(
        _ proof: RankingProof, layout: RankingLayout, features: [FeatureVector], postIDs: [Int64], shown: [Int],
        statement: [UInt8]
    ) throws(RankingError) -> GroupEquationBatch {
        guard features.count == postIDs.count else {
            throw .invalidInput("\(features.count) feature vectors for \(postIDs.count) candidates")
        }
        let order = try RankingOrder(postIDs: postIDs, shown: shown)
        var transcript = RankingProtocol.transcript(layout: layout, key: key, modelID: modelID, statement: statement)
        var batch = GroupEquationBatch()
        try verify(proof, layout: layout, order: order, features: features, transcript: &transcript, batch: &batch)
        return batch
    }

    private func verify(
        _ proof: RankingProof, layout: RankingLayout, features: [FeatureVector], postIDs: [Int64], shown: [Int],
        statement: [UInt8]
    ) throws(RankingError) {
        let batch = try collectEquations(
            proof, layout: layout, features: features, postIDs: postIDs, shown: shown, statement: statement)
        guard batch.holds(with: key) else { throw Self.equationsFail }
    }

    private func verify(
        _ proof: RankingProof, layout: RankingLayout, order: RankingOrder, features: [FeatureVector],
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) throws(RankingError) {
        func step<T>(_ region: String, _ body: () throws(ProofError) -> T) throws(RankingError) -> T {
            do { return try body() } catch { throw .proof(region: region, error) }
        }
        guard proof.aux.shape == layout.auxShape, proof.sigmoid?.shape == layout.sigmoidShape,
            proof.layers.count == layout.layers.count, proof.differenceClaims.count == 2,
            proof.sigmoidOpenings.count == (layout.lookupsInValues ? 0 : 2),
            proof.weightOpenings.count == layout.layers.count,
            proof.biasOpenings.count == layout.layers.count,
            proof.embeddingOpenings.count == descriptor.embeddings.count
        else { throw .proof(region: "proof shape", .shapeMismatch("the proof does not have its layout's shape")) }
        let key = self.key
        let d = descriptor
        let columns = layout.paddedCandidates
        let cb = layout.candidateVariables
        let power16 = RankingProtocol.power(16)

        proof.aux.absorb(label: "aux", into: &transcript)
        proof.sigmoid?.absorb(label: "sigmoid", into: &transcript)
        let rangeClaims = try step("range proof") { () throws(ProofError) in
            try proof.range.verifyLeavingValueClaims(
                values: proof.aux, shape: layout.rangeShape, key: key, transcript: &transcript, batch: &batch)
        }
        var auxClaims: [(point: [Scalar], commitment: RistrettoPoint)] = rangeClaims
        func claimOnAux(_ block: RankingLayout.Block, _ inner: [Scalar], _ c: RistrettoPoint) {
            auxClaims.append((block.prefix(totalVariables: layout.auxShape.variableCount) + inner, c))
        }
        let table = sigmoidTable
        switch layout.sigmoidPlacement {
        case .ownCommitment:
            guard let sigmoid = proof.sigmoid else {
                throw .proof(region: "proof shape", .shapeMismatch("the proof has no commitment to L"))
            }
            try step("sigmoid lookup") { () throws(ProofError) in
                try proof.lookup.verify(
                    lookups: sigmoid, table: table, shape: layout.lookupShape, key: key, transcript: &transcript,
                    batch: &batch)
            }
        case .inValues(let lookupBlock, let countBlock):
            // L and the multiplicities are blocks of V: the lookup's leaf claims join V's batching.
            let claims = try step("sigmoid lookup") { () throws(ProofError) in
                try proof.lookup.verifyLeavingClaims(
                    table: table, shape: layout.lookupShape, key: key, transcript: &transcript, batch: &batch)
            }
            claimOnAux(lookupBlock, claims[0].point, claims[0].commitment)
            claimOnAux(lookupBlock, claims[1].point, claims[1].commitment)
            claimOnAux(countBlock, claims[2].point, claims[2].commitment)
        }

        // Ranking.
        let rhoD = RankingProtocol.challenges(cb, label: "ranking-point", &transcript)
        for (limb, c) in zip(layout.differenceLimbs, proof.differenceClaims) {
            transcript.appendPoint(label: "difference-claim", c)
            claimOnAux(limb, rhoD, c)
        }
        let form = order.linearForm(at: rhoD, paddedCount: columns)
        let weightedSum = RankingProtocol.derived(
            [(.one, proof.differenceClaims[0]), (power16, proof.differenceClaims[1])], constant: form.constant, key: key)
        let rankingSum = try step("ranking sum") { () throws(ProofError) in
            try proof.rankingSum.verify(
                right: .publicMatrix(.scalars(form.weights)), dimensions: .init(rows: 1, inner: columns, columns: 1),
                outputPoint: [], columnPoint: [], derivedClaim: weightedSum, key: key, transcript: &transcript,
                batch: &batch)
        }
        let heads = layout.paddedHeads
        let scoreProduct = try step("score product") { () throws(ProofError) in
            try proof.scoreProduct.verify(
                right: .committed, dimensions: .init(rows: 1, inner: heads, columns: columns), outputPoint: [],
                columnPoint: rankingSum.point, claimCommitment: rankingSum.leftCommitment, key: key,
                transcript: &transcript, batch: &batch)
        }
        guard let sigmaClaim = scoreProduct.rightCommitment else {
            throw .proof(region: "score product", .shapeMismatch("no σ claim"))
        }
        var sigmoidClaims: [(point: [Scalar], commitment: RistrettoPoint)] = [
            ([.one] + scoreProduct.point + rankingSum.point, sigmaClaim)
        ]

        // Layers, last first.
        var weightClaims = [(row: [Scalar], column: [Scalar], commitment: RistrettoPoint)?](
            repeating: nil, count: d.layers.count)
        var biasClaims = [(point: [Scalar], commitment: RistrettoPoint)?](repeating: nil, count: d.layers.count)
        var embeddingClaims: [(rows: [Scalar], columns: [Scalar], commitment: RistrettoPoint)] = []
        for (position, index) in layout.layers.indices.reversed().enumerated() {
            let plan = layout.layers[index]
            let layer = plan.descriptor
            let message = proof.layers[position]
            let region = "layer \(index) (\(layer.name))"
            let variables = plan.outputVariables + cb
            guard message.values.count == RankingLayerProof.valueCount(plan),
                message.embeddingClaims.count == (index == 0 ? d.embeddings.count : 0),
                (message.inputLink == nil) == (index != 0)
            else { throw .proof(region: region, .shapeMismatch("the layer's messages do not match its layout")) }

            let tau = RankingProtocol.challenges(variables, label: "clamp-tau", &transcript)
            let lambda = transcript.challengeScalar(label: "clamp-lambda")
            transcript.appendPoint(label: "clamp-claim", message.zeroClaim)
            message.zeroClaimProof.verify(commitment: message.zeroClaim, transcript: &transcript, batch: &batch)
            let reduced = try step(region + " clamp zero-check") { () throws(ProofError) in
                try message.sumcheck.verify(
                    claimCommitment: message.zeroClaim, shape: .init(variableCount: variables, degree: 3), key: key,
                    transcript: &transcript, batch: &batch)
            }
            let rho = reduced.point
            let rhoOut = Array(rho[0..<plan.outputVariables])
            let rhoColumn = Array(rho[plan.outputVariables...])

            var values = message.values[...]
            for v in values { transcript.appendPoint(label: "clamp-value", v) }
            let a = values.removeFirst()
            let range = Scalar(layer.activationUpper - layer.activationLower)
            let s = RankingProtocol.combine([(-Scalar.one, a)], constant: range, key: key)
            let below = Array(values.prefix(plan.belowLimbs.count))
            values = values.dropFirst(plan.belowLimbs.count)
            let above = Array(values.prefix(plan.aboveLimbs.count))
            values = values.dropFirst(plan.aboveLimbs.count)
            let remainder = Array(values.prefix(plan.remainderLimbs.count))
            let b = RankingProtocol.combine(below.enumerated().map { (RankingProtocol.power(16 * $0.offset), $0.element) }, key: key)
            // C = Σ 2^16j·C_j (heads) or Σ 2^16j·K_j − S (trunk, K = C + S).
            let c = RankingProtocol.combine(
                above.enumerated().map { (RankingProtocol.power(16 * $0.offset), $0.element) }
                    + (plan.isHeads ? [] : [(-Scalar.one, s)]), key: key)
            // The final claim is e·(A′·B + λ·S·C) (one product-sum proof; λ·C derived, not absorbed).
            message.clampStep.verify(
                first: (PointCombination(a), PointCombination(b)), second: (PointCombination(s), lambda * PointCombination(c)),
                product: PointCombination(reduced.finalCommitment), scale: EqualityPolynomial.evaluate(tau, rho),
                transcript: &transcript, batch: &batch)

            if plan.isHeads {
                sigmoidClaims.append(([.zero] + rho, a))
            } else if let activation = plan.activation {
                claimOnAux(activation, rho, a)
            }
            for (limb, x) in zip(plan.belowLimbs, below) { claimOnAux(limb, rho, x) }
            for (limb, x) in zip(plan.aboveLimbs, above) { claimOnAux(limb, rho, x) }
            for (limb, x) in zip(plan.remainderLimbs, remainder) { claimOnAux(limb, rho, x) }

            let (scale, inverseM, constant) = RankingProtocol.requantization(plan)
            var zTerms: [(Scalar, RistrettoPoint)] = [(inverseM * scale, a), (-(inverseM * scale), b), (inverseM * scale, c)]
            for (j, x) in remainder.enumerated() { zTerms.append((inverseM * RankingProtocol.power(16 * j), x)) }
            let z = RankingProtocol.derived(zTerms, constant: inverseM * constant, key: key)
            transcript.appendPoint(label: "bias-claim", message.biasClaim)
            biasClaims[index] = (rhoOut, message.biasClaim)
            let matmul = try step(region + " matmul") { () throws(ProofError) in
                try message.matmul.verify(
                    right: .committed,
                    dimensions: .init(rows: plan.paddedOutputs, inner: plan.paddedInputs, columns: columns),
                    outputPoint: rhoOut, columnPoint: rhoColumn,
                    derivedClaim: z - PointCombination(message.biasClaim), key: key, transcript: &transcript,
                    batch: &batch)
            }
            weightClaims[index] = (rhoOut, matmul.point, matmul.leftCommitment)
            guard let inputClaim = matmul.rightCommitment else {
                throw .proof(region: region, .shapeMismatch("matmul without a right claim"))
            }
            if index == 0, let inputLink = message.inputLink {
                let form = RankingProtocol.inputForm(
                    layout: layout, features: features, rowPoint: matmul.point, columnPoint: rhoColumn)
                var linkTerms: [(Scalar, RistrettoPoint)] = [(.one, inputClaim)]
                for (weights, claim) in zip(form.embeddings, message.embeddingClaims) {
                    transcript.appendPoint(label: "embedding-claim", claim)
                    embeddingClaims.append((weights.rows, weights.columns, claim))
                    linkTerms.append((-Scalar.one, claim))
                }
                inputLink.verify(
                    derived: RankingProtocol.derived(linkTerms, constant: -form.dense, key: key),
                    transcript: &transcript, batch: &batch)
            } else if let previous = layout.layers[index - 1].activation {
                claimOnAux(previous, matmul.point + rhoColumn, inputClaim)
            }
        }

        // V and L.
        if case .inValues(let lookupBlock, _) = layout.sigmoidPlacement {
            for claim in sigmoidClaims.reversed() { claimOnAux(lookupBlock, claim.point, claim.commitment) }
        }
        let batching = try step("aux claim batching") { () throws(ProofError) in
            try proof.auxBatching.verify(
                claims: auxClaims, shape: layout.auxShape, key: key, transcript: &transcript, batch: &batch)
        }
        try step("aux opening") { () throws(ProofError) in
            try proof.auxOpening.verify(
                commitment: proof.aux, rowWeights: .explicit(batching.rowWeights),
                columnWeights: .equality(point: batching.columnPoint), valueCommitment: batching.valueCommitment,
                transcript: &transcript, batch: &batch)
        }
        for (opening, claim) in zip(proof.sigmoidOpenings, sigmoidClaims.reversed()) {
            guard let sigmoid = proof.sigmoid else { break }
            try step("sigmoid opening") { () throws(ProofError) in
                try opening.verify(
                    commitment: sigmoid, point: claim.point, valueCommitment: claim.commitment,
                    transcript: &transcript, batch: &batch)
            }
        }

        // The model's tensors.
        for (index, plan) in layout.layers.enumerated() {
            guard let w = weightClaims[index], let b = biasClaims[index] else { continue }
            let layer = plan.descriptor
            try step("weight opening, layer \(index)") { () throws(ProofError) in
                try proof.weightOpenings[index].verify(
                    commitment: tensors.layerWeights[index],
                    rowWeights: .explicit(
                        RankingProtocol.maskedEquality(w.row, real: layer.outputs, length: plan.paddedOutputs)),
                    columnWeights: .explicit(
                        RankingProtocol.maskedEquality(w.column, real: layer.inputs, length: layer.hyraxRowLength)),
                    valueCommitment: w.commitment, transcript: &transcript, batch: &batch)
            }
            try step("bias opening, layer \(index)") { () throws(ProofError) in
                try proof.biasOpenings[index].verify(
                    commitment: tensors.layerBiases[index], rowWeights: .explicit([.one]),
                    columnWeights: .explicit(
                        RankingProtocol.maskedEquality(b.point, real: layer.outputs, length: plan.paddedOutputs)),
                    valueCommitment: b.commitment, transcript: &transcript, batch: &batch)
            }
        }
        try step("head weight opening") { () throws(ProofError) in
            try proof.headWeightOpening.verify(
                commitment: tensors.headWeights, rowWeights: .explicit([.one]),
                columnWeights: .explicit(
                    RankingProtocol.maskedEquality(
                        scoreProduct.point, real: d.headCount, length: d.headWeightsHyraxRowLength)),
                valueCommitment: scoreProduct.leftCommitment, transcript: &transcript, batch: &batch)
        }
        for (j, claim) in embeddingClaims.enumerated() {
            try step("embedding opening \(j)") { () throws(ProofError) in
                try proof.embeddingOpenings[j].verify(
                    commitment: tensors.embeddings[j], rowWeights: .explicit(claim.rows),
                    columnWeights: .explicit(claim.columns), valueCommitment: claim.commitment,
                    transcript: &transcript, batch: &batch)
            }
        }
    }
}
