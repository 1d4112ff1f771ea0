import Algebra
import Transcript

/// Zero-knowledge proof that every entry of a committed vector of limbs lies in [0, 2^b) (b = 16 for 16-bit
/// limbs): logUp (ePrint 2022/1530) proven with a fraction-tree GKR (ePrint 2023/1284 §3) whose every layer
/// claim stays committed (DESIGN.md A.7). It composes committed sumchecks, Σ-proofs and Hyrax openings through
/// one Merlin transcript.
///
/// The prover commits the multiplicities m_t (never inverse columns), draws α after both commitments are
/// absorbed, and shows that the root of the tree of leaves 1/(α − v_i) and −m_t/(α − t) has numerator 0 and a
/// non-zero denominator. The leaf claims become committed claims on V and m, opened by Hyrax at the end.
public struct RangeProof: ProofMessage, Equatable {
    /// The public parameters that fix the proof's layout.
    public struct Shape: Sendable, Hashable {
        /// Lookups and table sizes.
        public let layout: RangeCheckLayout
        /// The layout of the committed values V (2^n entries).
        public let values: HyraxCommitment.Shape
        /// The layout of the committed multiplicities m (2^b entries).
        public let counts: HyraxCommitment.Shape

        /// The shape for values committed with layout `values`, a table of 2^tableBits entries, and
        /// multiplicities committed in rows of 2^countColumnBits.
        public init(values: HyraxCommitment.Shape, tableBits: Int, countColumnBits: Int) throws(ProofError) {
            self.layout = try RangeCheckLayout(lookupBits: values.variableCount, tableBits: tableBits)
            self.values = values
            self.counts = try HyraxCommitment.Shape(
                variableCount: tableBits, columnVariableCount: min(countColumnBits, tableBits))
        }

        public static func == (lhs: Shape, rhs: Shape) -> Bool {
            lhs.layout == rhs.layout && lhs.values == rhs.values && lhs.counts == rhs.counts
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(layout.lookupBits)
            hasher.combine(layout.tableBits)
            hasher.combine(values)
            hasher.combine(counts)
        }
    }

    /// The committed multiplicities m.
    public let counts: HyraxCommitment
    /// Commitments to the root numerator and denominator.
    public let rootNumerator: RistrettoPoint
    /// See ``rootNumerator``.
    public let rootDenominator: RistrettoPoint
    /// The root numerator opens to zero: Σ fractions = 0.
    public let rootNumeratorIsZero: ZeroOpeningProof
    /// Commitment to the root denominator's inverse.
    public let rootInverse: RistrettoPoint
    /// Commitment to 1 (the product of the denominator and its inverse).
    public let rootOne: RistrettoPoint
    /// q_root · q_root^(−1) = 1: the denominator is non-zero.
    public let rootDenominatorIsInvertible: ProductProof
    /// `rootOne` − U opens to zero: it commits exactly 1.
    public let rootOneIsOne: ZeroOpeningProof
    /// One proof per tree layer, root first.
    public let layers: [GKRLayerProof]
    /// Commitment to Ṽ at the leaf point's lookup part.
    public let valueClaim: RistrettoPoint
    /// Commitment to m̃ at the leaf point's table part.
    public let countClaim: RistrettoPoint
    /// The leaf numerator claim equals its public form in m̃.
    public let numeratorLink: ZeroOpeningProof
    /// The leaf denominator claim equals its public form in Ṽ.
    public let denominatorLink: ZeroOpeningProof
    /// Hyrax opening of V at the lookup point against ``valueClaim``.
    public let valueOpening: HyraxOpening
    /// Hyrax opening of m at the table point against ``countClaim``.
    public let countOpening: HyraxOpening

    static let label = "logup-gkr"

    // MARK: Prover

    /// Proves that every value committed in `witness` lies in [0, 2^tableBits).
    /// - Throws: ``ProofError/invalidWitness(_:)`` for a value out of range (the prover refuses), and
    ///   ``ProofError/shapeMismatch(_:)`` when the witness does not have the shape's layout.
    public static func prove(
        values witness: HyraxWitness, shape: Shape, key: CommitmentKey, transcript: inout MerlinTranscript,
        rng: TranscriptRNG
    ) throws(ProofError) -> RangeProof {
        guard witness.shape == shape.values else {
            throw ProofError.shapeMismatch("the values' layout differs from the range proof's shape")
        }
        let layout = shape.layout
        let tableSize = 1 << layout.tableBits
        var values = witness.values
        values.append(contentsOf: repeatElement(0, count: (1 << layout.lookupBits) - values.count))
        var countValues = [Int64](repeating: 0, count: tableSize)
        for v in values {
            guard v >= 0, v < tableSize else {
                throw ProofError.invalidWitness("range proof: a value lies outside [0, 2^\(layout.tableBits))")
            }
            countValues[Int(v)] += 1
        }

        absorbStatement(shape: shape, values: witness.commitment, into: &transcript)
        let (counts, countWitness) = try HyraxCommitment.commit(countValues, shape: shape.counts, key: key, rng: rng)
        counts.absorb(label: "counts", into: &transcript)
        let alpha = transcript.challengeScalar(label: "alpha")

        let leaves = layout.leaves(values: values, counts: countValues, alpha: alpha)
        let tree = FractionTree(leafNumerators: leaves.numerators, leafDenominators: leaves.denominators)
        let rootP = tree.numerators[0][0]
        let rootQ = tree.denominators[0][0]
        guard rootP.isZero, let inverse = rootQ.inverted() else {
            // In range, the numerator is zero; a zero denominator means α hit a table value (probability ~2^−230).
            throw ProofError.invalidWitness("range proof: α collides with a looked-up or table value")
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
        for k in 0..<tree.depth {
            let lambda = transcript.challengeScalar(label: "lambda")
            let claim = (
                value: p.value + lambda * q.value, blinder: Blinder(derived: p.blinder.value + lambda * q.blinder.value),
                commitment: p.commitment + lambda * q.commitment)
            let (pl, pr) = evenOdd(tree.numerators[k + 1])
            let (ql, qr) = evenOdd(tree.denominators[k + 1])
            var engine = GKRLayerPolynomial(pl: pl, pr: pr, ql: ql, qr: qr, lambda: lambda, tau: point)
            let sumcheck = try ZKSumcheckProof.prove(
                claim: claim, polynomial: &engine, degree: 3, key: key, transcript: &transcript, rng: rng)
            let r = sumcheck.point
            let childValues = engine.tableValues
            let children = childValues.map { key.commitFresh($0, rng: rng) }
            for c in children { transcript.appendPoint(label: "child", c.commitment) }
            let factorPairs = [(0, 3), (1, 2), (2, 3)]
            let products = factorPairs.map { key.commitFresh(childValues[$0.0] * childValues[$0.1], rng: rng) }
            for c in products { transcript.appendPoint(label: "product", c.commitment) }
            var productProofs: [ProductProof] = []
            for (index, pair) in factorPairs.enumerated() {
                productProofs.append(
                    try ProductProof.prove(
                        left: children[pair.0], right: children[pair.1], product: products[index], key: key,
                        transcript: &transcript, rng: rng))
            }
            let e = EqualityPolynomial.evaluate(point, r)
            let linkBlinder =
                sumcheck.finalBlinder.value
                - e * (products[0].blinder.value + products[1].blinder.value + lambda * products[2].blinder.value)
            let linkCommitment =
                sumcheck.finalCommitment
                - e * (products[0].commitment + products[1].commitment + lambda * products[2].commitment)
            let link = ZeroOpeningProof.prove(
                blinder: Blinder(derived: linkBlinder), commitment: linkCommitment, key: key,
                transcript: &transcript, rng: rng)
            layerProofs.append(
                GKRLayerProof(
                    sumcheck: sumcheck.proof, children: children.map(\.commitment),
                    products: products.map(\.commitment), productProofs: productProofs, finalLink: link))

            let mu = transcript.challengeScalar(label: "mu")
            p = interpolate(children[0], children[1], at: mu)
            q = interpolate(children[2], children[3], at: mu)
            point = r + [mu]
        }

        // Leaves: the claims are affine in Ṽ(lookup point) and m̃(table point).
        let parts = layout.split(point)
        let valueClaim = key.commitFresh(
            try MultilinearPolynomial(small: values).evaluate(at: parts.lookupPoint), rng: rng)
        let countClaim = key.commitFresh(
            try MultilinearPolynomial(small: countValues).evaluate(at: parts.tablePoint), rng: rng)
        transcript.appendPoint(label: "value-claim", valueClaim.commitment)
        transcript.appendPoint(label: "count-claim", countClaim.commitment)
        let numeratorForm = parts.numeratorForm
        let numeratorLink = ZeroOpeningProof.prove(
            blinder: Blinder(derived: p.blinder.value - numeratorForm.countsCoefficient * countClaim.blinder.value),
            commitment: p.commitment - numeratorForm.constant * key.scalarBase
                - numeratorForm.countsCoefficient * countClaim.commitment,
            key: key, transcript: &transcript, rng: rng)
        let denominatorForm = parts.denominatorForm(alpha: alpha)
        let denominatorLink = ZeroOpeningProof.prove(
            blinder: Blinder(derived: q.blinder.value - denominatorForm.valuesCoefficient * valueClaim.blinder.value),
            commitment: q.commitment - denominatorForm.constant * key.scalarBase
                - denominatorForm.valuesCoefficient * valueClaim.commitment,
            key: key, transcript: &transcript, rng: rng)
        let valueOpening = try HyraxOpening.prove(
            witness: witness, point: parts.lookupPoint, value: valueClaim.value, valueBlinder: valueClaim.blinder,
            valueCommitment: valueClaim.commitment, key: key, transcript: &transcript, rng: rng)
        let countOpening = try HyraxOpening.prove(
            witness: countWitness, point: parts.tablePoint, value: countClaim.value,
            valueBlinder: countClaim.blinder, valueCommitment: countClaim.commitment, key: key,
            transcript: &transcript, rng: rng)

        return RangeProof(
            counts: counts, rootNumerator: roots.numerator, rootDenominator: roots.denominator,
            rootNumeratorIsZero: zeroProof, rootInverse: inv.commitment,
            rootOne: one.commitment, rootDenominatorIsInvertible: invertible, rootOneIsOne: oneIsOne,
            layers: layerProofs, valueClaim: valueClaim.commitment, countClaim: countClaim.commitment,
            numeratorLink: numeratorLink, denominatorLink: denominatorLink, valueOpening: valueOpening,
            countOpening: countOpening)
    }

    typealias Committed = ZKSumcheckProof.CommittedScalar

    /// (1 − μ)·left + μ·right, for values, blinders and commitments alike: the claim on the next layer's
    /// multilinear extension at (r, μ), whose last variable is the child bit.
    static func interpolate(_ left: Committed, _ right: Committed, at mu: Scalar) -> Committed {
        let oneMinus = Scalar.one - mu
        return (
            oneMinus * left.value + mu * right.value,
            Blinder(derived: oneMinus * left.blinder.value + mu * right.blinder.value),
            oneMinus * left.commitment + mu * right.commitment
        )
    }

    /// The even-indexed (left child) and odd-indexed (right child) entries of a layer.
    static func evenOdd(_ layer: [Scalar]) -> ([Scalar], [Scalar]) {
        let half = layer.count / 2
        var even = [Scalar](repeating: .zero, count: half)
        var odd = [Scalar](repeating: .zero, count: half)
        for j in 0..<half {
            even[j] = layer[2 * j]
            odd[j] = layer[2 * j + 1]
        }
        return (even, odd)
    }

    static func absorbStatement(shape: Shape, values: HyraxCommitment, into transcript: inout MerlinTranscript) {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendUInt64(label: "lookup-bits", value: UInt64(shape.layout.lookupBits))
        transcript.appendUInt64(label: "table-bits", value: UInt64(shape.layout.tableBits))
        values.absorb(label: "values", into: &transcript)
    }

    // MARK: Verifier

    /// Verifies that every entry committed in `values` lies in [0, 2^tableBits), adding every group equation to
    /// `batch` (the caller checks the batch; ``verify(values:shape:key:transcript:)`` does both).
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when the proof or commitment does not fit `shape`.
    public func verify(
        values: HyraxCommitment, shape: Shape, key: CommitmentKey, transcript: inout MerlinTranscript,
        batch: inout GroupEquationBatch
    ) throws(ProofError) {
        guard values.shape == shape.values, counts.shape == shape.counts else {
            throw ProofError.shapeMismatch("range proof commitments do not have the shape's layouts")
        }
        let layout = shape.layout
        guard layers.count == layout.leafBits else {
            throw ProofError.shapeMismatch("range proof has \(layers.count) layers for \(layout.leafBits)")
        }
        RangeProof.absorbStatement(shape: shape, values: values, into: &transcript)
        counts.absorb(label: "counts", into: &transcript)
        let alpha = transcript.challengeScalar(label: "alpha")

        transcript.appendPoint(label: "root-p", rootNumerator)
        transcript.appendPoint(label: "root-q", rootDenominator)
        rootNumeratorIsZero.verify(commitment: rootNumerator, transcript: &transcript, batch: &batch)
        transcript.appendPoint(label: "root-q-inverse", rootInverse)
        transcript.appendPoint(label: "root-one", rootOne)
        rootDenominatorIsInvertible.verify(
            left: rootDenominator, right: rootInverse, product: rootOne, transcript: &transcript, batch: &batch)
        rootOneIsOne.verify(commitment: rootOne - key.scalarBase, transcript: &transcript, batch: &batch)

        var p = rootNumerator
        var q = rootDenominator
        var point: [Scalar] = []
        for (k, layer) in layers.enumerated() {
            guard layer.children.count == 4, layer.products.count == 3, layer.productProofs.count == 3 else {
                throw ProofError.shapeMismatch("GKR layer \(k) has the wrong number of commitments")
            }
            let lambda = transcript.challengeScalar(label: "lambda")
            let output = try layer.sumcheck.verify(
                claimCommitment: p + lambda * q, shape: ZKSumcheckProof.Shape(variableCount: k, degree: 3), key: key,
                transcript: &transcript, batch: &batch)
            for c in layer.children { transcript.appendPoint(label: "child", c) }
            for c in layer.products { transcript.appendPoint(label: "product", c) }
            let factorPairs = [(0, 3), (1, 2), (2, 3)]
            for (index, pair) in factorPairs.enumerated() {
                layer.productProofs[index].verify(
                    left: layer.children[pair.0], right: layer.children[pair.1], product: layer.products[index],
                    transcript: &transcript, batch: &batch)
            }
            let e = EqualityPolynomial.evaluate(point, output.point)
            layer.finalLink.verify(
                commitment: output.finalCommitment
                    - e * (layer.products[0] + layer.products[1] + lambda * layer.products[2]),
                transcript: &transcript, batch: &batch)
            let mu = transcript.challengeScalar(label: "mu")
            let oneMinus = Scalar.one - mu
            p = oneMinus * layer.children[0] + mu * layer.children[1]
            q = oneMinus * layer.children[2] + mu * layer.children[3]
            point = output.point + [mu]
        }

        let parts = layout.split(point)
        transcript.appendPoint(label: "value-claim", valueClaim)
        transcript.appendPoint(label: "count-claim", countClaim)
        let numeratorForm = parts.numeratorForm
        numeratorLink.verify(
            commitment: p - numeratorForm.constant * key.scalarBase - numeratorForm.countsCoefficient * countClaim,
            transcript: &transcript, batch: &batch)
        let denominatorForm = parts.denominatorForm(alpha: alpha)
        denominatorLink.verify(
            commitment: q - denominatorForm.constant * key.scalarBase - denominatorForm.valuesCoefficient * valueClaim,
            transcript: &transcript, batch: &batch)
        try valueOpening.verify(
            commitment: values, point: parts.lookupPoint, valueCommitment: valueClaim, transcript: &transcript,
            batch: &batch)
        try countOpening.verify(
            commitment: counts, point: parts.tablePoint, valueCommitment: countClaim, transcript: &transcript,
            batch: &batch)
    }

    /// Verifies and checks the batched group equations.
    /// - Throws: ``ProofError/verificationFailed(protocol:check:)`` when the proof is invalid.
    public func verify(
        values: HyraxCommitment, shape: Shape, key: CommitmentKey, transcript: inout MerlinTranscript
    ) throws(ProofError) {
        var batch = GroupEquationBatch()
        try verify(values: values, shape: shape, key: key, transcript: &transcript, batch: &batch)
        try batch.verify(with: key, protocol: RangeProof.label)
    }

    // MARK: Encoding

    init(
        counts: HyraxCommitment, rootNumerator: RistrettoPoint, rootDenominator: RistrettoPoint,
        rootNumeratorIsZero: ZeroOpeningProof, rootInverse: RistrettoPoint, rootOne: RistrettoPoint,
        rootDenominatorIsInvertible: ProductProof, rootOneIsOne: ZeroOpeningProof, layers: [GKRLayerProof],
        valueClaim: RistrettoPoint, countClaim: RistrettoPoint, numeratorLink: ZeroOpeningProof,
        denominatorLink: ZeroOpeningProof, valueOpening: HyraxOpening, countOpening: HyraxOpening
    ) {
        self.counts = counts
        self.rootNumerator = rootNumerator
        self.rootDenominator = rootDenominator
        self.rootNumeratorIsZero = rootNumeratorIsZero
        self.rootInverse = rootInverse
        self.rootOne = rootOne
        self.rootDenominatorIsInvertible = rootDenominatorIsInvertible
        self.rootOneIsOne = rootOneIsOne
        self.layers = layers
        self.valueClaim = valueClaim
        self.countClaim = countClaim
        self.numeratorLink = numeratorLink
        self.denominatorLink = denominatorLink
        self.valueOpening = valueOpening
        self.countOpening = countOpening
    }

    /// Writes every message in protocol order; all counts follow from the shape.
    public func encode(to writer: inout ProofWriter) {
        counts.encode(to: &writer)
        writer.write([rootNumerator, rootDenominator])
        rootNumeratorIsZero.encode(to: &writer)
        writer.write([rootInverse, rootOne])
        rootDenominatorIsInvertible.encode(to: &writer)
        rootOneIsOne.encode(to: &writer)
        for layer in layers { layer.encode(to: &writer) }
        writer.write([valueClaim, countClaim])
        numeratorLink.encode(to: &writer)
        denominatorLink.encode(to: &writer)
        valueOpening.encode(to: &writer)
        countOpening.encode(to: &writer)
    }

    /// Reads a proof of the given shape.
    public init(from reader: inout ProofReader, shape: Shape) throws(ProofError) {
        counts = try HyraxCommitment(from: &reader, shape: shape.counts)
        rootNumerator = try reader.readPoint()
        rootDenominator = try reader.readPoint()
        rootNumeratorIsZero = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        rootInverse = try reader.readPoint()
        rootOne = try reader.readPoint()
        rootDenominatorIsInvertible = try ProductProof(from: &reader, shape: FixedShape())
        rootOneIsOne = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        var layers: [GKRLayerProof] = []
        for k in 0..<shape.layout.leafBits { layers.append(try GKRLayerProof(from: &reader, shape: k)) }
        self.layers = layers
        valueClaim = try reader.readPoint()
        countClaim = try reader.readPoint()
        numeratorLink = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        denominatorLink = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        valueOpening = try HyraxOpening(from: &reader, shape: shape.values)
        countOpening = try HyraxOpening(from: &reader, shape: shape.counts)
    }
}
