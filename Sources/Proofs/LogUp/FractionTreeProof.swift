import Algebra
import Transcript

/// The part of a zero-knowledge logUp-GKR proof that does not depend on what the leaves are (DESIGN.md A.7): the
/// committed root of a ``FractionTree`` with numerator proven zero and denominator proven invertible, then one
/// ``GKRLayerProof`` per layer, reducing the root claims to committed claims on the leaf numerator and
/// denominator multilinear extensions at one random leaf point (logUp-GKR, ePrint 2023/1284 §3, made committed).
///
/// ``RangeProof`` and ``TableLookupProof`` share it: each absorbs its own statement and commitments and draws its
/// own challenges first, and turns the leaf claims into claims on its committed vectors afterwards. The messages
/// are stored flat in those proofs (their public fields and encodings predate this helper), so this type is only
/// the prover's output and the verifier's input.
///
/// Transcript, in order: "root-p", "root-q", the zero-opening proof of the root numerator, "root-q-inverse",
/// "root-one", the product proof q·q⁻¹ = 1, the zero-opening proof that "root-one" commits 1; then per layer k:
/// "lambda", the degree-3 committed sumcheck over k variables (its rounds in the generator slices from 2k(k − 1) on,
/// its consistency deferred), four "child" commitments, the ``ProductSumProof`` of the layer's final step, and "mu";
/// at the end one ``SumcheckConsistencyBatch`` proof for every layer's round equations — or two, one for the layers
/// below a cut and one for those from it (their slices starting again at 0), when two proofs are shorter in total
/// (``consistencyGroups(depth:)``: depth 17 gives 512 + 64 entries instead of 1,024).
struct FractionTreeProof: Sendable, Equatable {
    /// Commitment to the root numerator.
    let rootNumerator: RistrettoPoint
    /// Commitment to the root denominator.
    let rootDenominator: RistrettoPoint
    /// The root numerator opens to zero: Σ fractions = 0.
    let rootNumeratorIsZero: ZeroOpeningProof
    /// Commitment to the root denominator's inverse.
    let rootInverse: RistrettoPoint
    /// Commitment to 1 (the product of the denominator and its inverse).
    let rootOne: RistrettoPoint
    /// q_root · q_root^(−1) = 1: the denominator is non-zero.
    let rootDenominatorIsInvertible: ProductProof
    /// `rootOne` − U opens to zero: it commits exactly 1.
    let rootOneIsOne: ZeroOpeningProof
    /// One proof per tree layer, root first.
    let layers: [GKRLayerProof]
    /// The round equations of every layer's sumcheck, one proof per consistency group (none when no layer has a
    /// variable, depth ≤ 1).
    let consistency: [InnerProductProof]

    typealias Committed = ZKSumcheckProof.CommittedScalar

    /// The prover's end of the tree: committed claims p̃_leaf(point) and q̃_leaf(point), with their openings.
    struct LeafClaims {
        /// The leaf numerator MLE's committed value at `point`.
        let numerator: Committed
        /// The leaf denominator MLE's committed value at `point`.
        let denominator: Committed
        /// The leaf point (depth coordinates; the first selects the tree's left or right half).
        let point: [Scalar]
    }

    /// The verifier's end of the tree: commitments to p̃_leaf(point) and q̃_leaf(point), as combinations of the
    /// children's points (no scalar multiplication; callers keep them as MSM terms).
    struct LeafCommitments {
        /// Commitment to the leaf numerator MLE at `point`.
        let numerator: PointCombination
        /// Commitment to the leaf denominator MLE at `point`.
        let denominator: PointCombination
        /// The leaf point.
        let point: [Scalar]
    }

    // MARK: Prover

    /// Proves that the tree's root is 0/q with q ≠ 0 and reduces it to committed claims on the leaves.
    /// - Parameter name: the calling protocol, for the refusal's message.
    /// - Throws: ``ProofError/invalidWitness(_:)`` when the root numerator is not zero or the denominator is zero
    ///   (the caller's witness is wrong, or α hit a denominator's root).
    static func prove(
        tree: consuming FractionTree, name: String, key: CommitmentKey, transcript: inout MerlinTranscript,
        rng: TranscriptRNG
    ) throws(ProofError) -> (proof: FractionTreeProof, leaves: LeafClaims) {
        let (rootP, rootQ) = tree.root
        guard rootP.isZero, let inverse = rootQ.inverted() else {
            // For a valid witness the numerator is zero; a zero denominator means α hit a leaf's pole
            // (probability ~2^−230).
            throw ProofError.invalidWitness("\(name): the fractions do not sum to zero, or α hit a pole")
        }

        // Root: p = 0 and q invertible, both committed.
        var p = key.commitFresh(rootP, rng: rng)
        var q = key.commitFresh(rootQ, rng: rng)
        transcript.appendPoint(label: "root-p", p.commitment)
        transcript.appendPoint(label: "root-q", q.commitment)
        let zeroProof = ZeroOpeningProof.prove(
            blinder: p.blinder, commitment: p.commitment, key: key, transcript: &transcript, rng: rng)
        let inv = key.commitFresh(inverse, rng: rng)
        let one = key.commitFresh(.one, rng: rng)
        transcript.appendPoint(label: "root-q-inverse", inv.commitment)
        transcript.appendPoint(label: "root-one", one.commitment)
        let invertible = try ProductProof.prove(
            left: q, right: inv, product: one, key: key, transcript: &transcript, rng: rng)
        let oneIsOne = ZeroOpeningProof.prove(
            blinder: one.blinder, commitment: one.commitment - key.scalarBase, key: key, transcript: &transcript,
            rng: rng)
        let roots = (numerator: p.commitment, denominator: q.commitment)

        // Layers: claims at ρ on layer k → claims at (r, μ) on layer k + 1.
        var point: [Scalar] = []
        var layerProofs: [GKRLayerProof] = []
        var relations: [(layer: Int, relation: ZKSumcheckProof.DeferredRelation)] = []
        layerProofs.reserveCapacity(tree.depth)
        for k in 0..<tree.depth {
            let lambda = transcript.challengeScalar(label: "lambda")
            let claim = key.recommit(p.value + lambda * q.value, blinder: p.blinder.value + lambda * q.blinder.value)
            var engine = tree.layerPolynomial(k + 1, lambda: lambda, tau: point)
            // The claim and the link below are derived from absorbed messages and challenges: not absorbed.
            let (sumcheck, relation) = try ZKSumcheckProof.proveDeferred(
                claim: claim, polynomial: &engine, degree: 3,
                sliceOffset: Self.sliceOffset(layer: k, depth: tree.depth), key: key, transcript: &transcript, rng: rng,
                absorbingClaim: false)
            if let relation { relations.append((k, relation)) }
            let r = sumcheck.point
            let childValues = engine.tableValues
            let children = childValues.map { key.commitFresh($0, rng: rng) }
            for c in children { transcript.appendPoint(label: "child", c.commitment) }
            // h = p_L·q_R + q_L·(p_R + λ·q_R) at r, times eq(ρ, r), in one Σ-proof; the factor p_R + λ·q_R is derived
            // from the children and λ (not absorbed).
            let mixed = key.recommit(
                childValues[1] + lambda * childValues[3],
                blinder: children[1].blinder.value + lambda * children[3].blinder.value)
            let finalStep = try ProductSumProof.prove(
                first: (children[0], children[3]), second: (children[2], mixed),
                product: (sumcheck.finalValue, sumcheck.finalBlinder, sumcheck.finalCommitment),
                scale: EqualityPolynomial.evaluate(point, r), key: key, transcript: &transcript, rng: rng)
            layerProofs.append(
                GKRLayerProof(sumcheck: sumcheck.proof, children: children.map(\.commitment), finalStep: finalStep))

            let mu = transcript.challengeScalar(label: "mu")
            p = interpolate(children[0], children[1], at: mu, key: key)
            q = interpolate(children[2], children[3], at: mu, key: key)
            point = r + [mu]
        }

        var consistency: [InnerProductProof] = []
        for group in Self.consistencyGroups(depth: tree.depth) {
            let members = relations.filter { group.layers.contains($0.layer) }.map(\.relation)
            if let proof = try SumcheckConsistencyBatch.prove(
                members, length: group.length, key: key, transcript: &transcript, rng: rng)
            {
                consistency.append(proof)
            }
        }
        let proof = FractionTreeProof(
            rootNumerator: roots.numerator, rootDenominator: roots.denominator, rootNumeratorIsZero: zeroProof,
            rootInverse: inv.commitment, rootOne: one.commitment, rootDenominatorIsInvertible: invertible,
            rootOneIsOne: oneIsOne, layers: layerProofs, consistency: consistency)
        return (proof, LeafClaims(numerator: p, denominator: q, point: point))
    }

    /// Where layer k's sumcheck rounds start in G: after the 4·i coefficients of every layer i < k of its
    /// consistency group.
    static func sliceOffset(layer k: Int, depth: Int) -> Int {
        let start = consistencyGroups(depth: depth).first { $0.layers.contains(k) }?.layers.lowerBound ?? 0
        return coefficientsBefore(k) - coefficientsBefore(start)
    }

    /// 4·(0 + 1 + … + (k − 1)) = 2k(k − 1): the round coefficients of the layers below k.
    private static func coefficientsBefore(_ k: Int) -> Int { 2 * k * (k - 1) }

    /// The layers whose round equations share one consistency proof, and that proof's length. One group [0, depth)
    /// of P(2·depth·(depth − 1)) entries, or two, [0, c) and [c, depth) with c the most layers fitting half of it,
    /// when P(2c(c − 1)) + P(rest) is shorter (the prover's cost is linear in the lengths; the verifier pays one
    /// proof's points more). A function of the depth alone. None for depth ≤ 1 (no layer has a variable).
    static func consistencyGroups(depth: Int) -> [(layers: Range<Int>, length: Int)] {
        guard depth > 1 else { return [] }
        let end = coefficientsBefore(depth)
        let whole = SumcheckConsistencyBatch.length(end: end)
        var cut = 1
        while cut + 1 < depth, coefficientsBefore(cut + 1) <= whole / 2 { cut += 1 }
        let first = SumcheckConsistencyBatch.length(end: coefficientsBefore(cut))
        let second = SumcheckConsistencyBatch.length(end: end - coefficientsBefore(cut))
        guard cut >= 2, first + second < whole else { return [(0..<depth, whole)] }
        return [(0..<cut, first), (cut..<depth, second)]
    }

    /// (1 − μ)·left + μ·right, for values, blinders and commitments alike: the claim on the next layer's
    /// multilinear extension at (r, μ), whose last variable is the child bit.
    static func interpolate(_ left: Committed, _ right: Committed, at mu: Scalar, key: CommitmentKey) -> Committed {
        let oneMinus = Scalar.one - mu
        return key.recommit(
            oneMinus * left.value + mu * right.value, blinder: oneMinus * left.blinder.value + mu * right.blinder.value)
    }

    // MARK: Verifier

    /// Replays the root and layer messages of a tree with `depth` leaf variables, adding every group equation to
    /// `batch`, and returns the commitments to the leaf claims.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when the number of layers or a layer's message counts are wrong.
    func verify(
        depth: Int, name: String, key: CommitmentKey, transcript: inout MerlinTranscript,
        batch: inout GroupEquationBatch
    ) throws(ProofError) -> LeafCommitments {
        guard layers.count == depth else {
            throw ProofError.shapeMismatch("\(name) has \(layers.count) GKR layers for \(depth)")
        }
        transcript.appendPoint(label: "root-p", rootNumerator)
        transcript.appendPoint(label: "root-q", rootDenominator)
        rootNumeratorIsZero.verify(commitment: rootNumerator, transcript: &transcript, batch: &batch)
        transcript.appendPoint(label: "root-q-inverse", rootInverse)
        transcript.appendPoint(label: "root-one", rootOne)
        rootDenominatorIsInvertible.verify(
            left: rootDenominator, right: rootInverse, product: rootOne, transcript: &transcript, batch: &batch)
        rootOneIsOne.verify(commitment: rootOne - key.scalarBase, transcript: &transcript, batch: &batch)

        // C_p, C_q, the claims and the links stay combinations of decoded points: no scalar multiplication here.
        var p = PointCombination(rootNumerator)
        var q = PointCombination(rootDenominator)
        var point: [Scalar] = []
        var checks: [(layer: Int, check: ZKSumcheckProof.DeferredCheck)] = []
        for (k, layer) in layers.enumerated() {
            guard layer.children.count == 4, layer.finalStep.openingNonces.count == 4,
                layer.finalStep.responses.count == 9
            else {
                throw ProofError.shapeMismatch("GKR layer \(k) has the wrong number of commitments")
            }
            let lambda = transcript.challengeScalar(label: "lambda")
            let output = try layer.sumcheck.verifyDeferred(
                claim: p + lambda * q, absorbedClaim: nil, shape: ZKSumcheckProof.Shape(variableCount: k, degree: 3),
                sliceOffset: FractionTreeProof.sliceOffset(layer: k, depth: depth), key: key,
                transcript: &transcript)
            if let check = output.check { checks.append((k, check)) }
            for c in layer.children { transcript.appendPoint(label: "child", c) }
            let c = layer.children.map { PointCombination($0) }
            let mixed = PointCombination(terms: [(.one, layer.children[1]), (lambda, layer.children[3])])
            layer.finalStep.verify(
                first: (c[0], c[3]), second: (c[2], mixed), product: output.final,
                scale: EqualityPolynomial.evaluate(point, output.point), transcript: &transcript, batch: &batch)
            let mu = transcript.challengeScalar(label: "mu")
            let oneMinusMu = Scalar.one - mu
            p = PointCombination(terms: [(oneMinusMu, layer.children[0]), (mu, layer.children[1])])
            q = PointCombination(terms: [(oneMinusMu, layer.children[2]), (mu, layer.children[3])])
            point = output.point + [mu]
        }
        let groups = FractionTreeProof.consistencyGroups(depth: depth)
        guard consistency.count == groups.count else {
            throw ProofError.shapeMismatch("\(name) has \(consistency.count) consistency proofs for \(groups.count)")
        }
        for (proof, group) in zip(consistency, groups) {
            try SumcheckConsistencyBatch.verify(
                proof, checks: checks.filter { group.layers.contains($0.layer) }.map(\.check), length: group.length,
                transcript: &transcript, batch: &batch)
        }
        // The leaf claims (1 − μ)·C_L + μ·C_R (the roots for depth 0) stay combinations: the callers' links are
        // derived, not absorbed.
        return LeafCommitments(numerator: p, denominator: q, point: point)
    }

    // MARK: Encoding

    /// Writes the root messages, then each layer, in protocol order.
    func encode(to writer: inout ProofWriter) {
        writer.write([rootNumerator, rootDenominator])
        rootNumeratorIsZero.encode(to: &writer)
        writer.write([rootInverse, rootOne])
        rootDenominatorIsInvertible.encode(to: &writer)
        rootOneIsOne.encode(to: &writer)
        for layer in layers { layer.encode(to: &writer) }
        for proof in consistency { proof.encode(to: &writer) }
    }

    /// Reads the messages of a tree with `depth` leaf variables.
    init(from reader: inout ProofReader, depth: Int) throws(ProofError) {
        guard depth >= 0 else { throw ProofError.shapeMismatch("negative fraction-tree depth \(depth)") }
        rootNumerator = try reader.readPoint()
        rootDenominator = try reader.readPoint()
        rootNumeratorIsZero = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        rootInverse = try reader.readPoint()
        rootOne = try reader.readPoint()
        rootDenominatorIsInvertible = try ProductProof(from: &reader, shape: FixedShape())
        rootOneIsOne = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        var layers: [GKRLayerProof] = []
        for k in 0..<depth { layers.append(try GKRLayerProof(from: &reader, shape: k)) }
        self.layers = layers
        var consistency: [InnerProductProof] = []
        for group in FractionTreeProof.consistencyGroups(depth: depth) {
            consistency.append(try InnerProductProof(from: &reader, shape: group.length))
        }
        self.consistency = consistency
    }

    init(
        rootNumerator: RistrettoPoint, rootDenominator: RistrettoPoint, rootNumeratorIsZero: ZeroOpeningProof,
        rootInverse: RistrettoPoint, rootOne: RistrettoPoint, rootDenominatorIsInvertible: ProductProof,
        rootOneIsOne: ZeroOpeningProof, layers: [GKRLayerProof], consistency: [InnerProductProof]
    ) {
        self.rootNumerator = rootNumerator
        self.rootDenominator = rootDenominator
        self.rootNumeratorIsZero = rootNumeratorIsZero
        self.rootInverse = rootInverse
        self.rootOne = rootOne
        self.rootDenominatorIsInvertible = rootDenominatorIsInvertible
        self.rootOneIsOne = rootOneIsOne
        self.layers = layers
        self.consistency = consistency
    }

    /// The encoded size of a tree with `depth` leaf variables: 12 elements for the root; for layer k its deferred
    /// degree-3 sumcheck over k variables plus 18 elements (4 child commitments and a product-sum proof of 5 points
    /// and 9 scalars); the consistency proofs (``consistencyGroups(depth:)``).
    static func encodedByteCount(depth: Int) -> Int {
        var bytes = 32 * (2 + 2 + 2 + 8 + 2)
        for k in 0..<max(0, depth) {
            bytes += ZKSumcheckProof.encodedByteCount(shape: .init(variableCount: k, degree: 3), deferred: true) + 18 * 32
        }
        for group in consistencyGroups(depth: depth) {
            bytes += (try? InnerProductProof.encodedByteCount(length: group.length)) ?? 0
        }
        return bytes
    }
}
