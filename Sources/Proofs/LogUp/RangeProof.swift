import Algebra
import Transcript

/// Zero-knowledge proof that every entry of a committed vector of limbs lies in [0, 2^b) (b = 16 for 16-bit
/// limbs): logUp (ePrint 2022/1530) proven with a fraction-tree GKR (ePrint 2023/1284 §3) whose every layer
/// claim stays committed (DESIGN.md A.7). It composes committed sumchecks, Σ-proofs and Hyrax openings through
/// one Merlin transcript.
///
/// The prover commits the multiplicities m_t (never inverse columns), draws α after both commitments are
/// absorbed, and shows that the root of the tree of leaves 1/(α − v_i) and −m_t/(α − t) has numerator 0 and a
/// non-zero denominator. The leaf claims become committed claims on V and m, opened by Hyrax at the end. The root
/// and layer messages are produced and replayed by ``FractionTreeProof``, shared with ``TableLookupProof``.
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

        // Built in a closure so that only the tree holds the leaves (it frees each layer once used).
        let tree = { () -> FractionTree in
            let leaves = layout.leaves(values: values, counts: countValues, alpha: alpha)
            return FractionTree(leafNumerators: leaves.numerators, leafDenominators: leaves.denominators)
        }()
        // Root (p = 0, q invertible) and layers: claims on the root → claims on the leaves at one point.
        let (treeProof, leafClaims) = try FractionTreeProof.prove(
            tree: consume tree, name: "range proof", key: key, transcript: &transcript, rng: rng)
        let p = leafClaims.numerator
        let q = leafClaims.denominator
        let point = leafClaims.point

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
            counts: counts, fractionTree: treeProof, valueClaim: valueClaim.commitment,
            countClaim: countClaim.commitment, numeratorLink: numeratorLink, denominatorLink: denominatorLink,
            valueOpening: valueOpening, countOpening: countOpening)
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

        let leafClaims = try fractionTree.verify(
            depth: layout.leafBits, name: "range proof", key: key, transcript: &transcript, batch: &batch)
        let p = leafClaims.numerator
        let q = leafClaims.denominator
        let point = leafClaims.point

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
        counts: HyraxCommitment, fractionTree: FractionTreeProof, valueClaim: RistrettoPoint,
        countClaim: RistrettoPoint, numeratorLink: ZeroOpeningProof, denominatorLink: ZeroOpeningProof,
        valueOpening: HyraxOpening, countOpening: HyraxOpening
    ) {
        self.counts = counts
        self.rootNumerator = fractionTree.rootNumerator
        self.rootDenominator = fractionTree.rootDenominator
        self.rootNumeratorIsZero = fractionTree.rootNumeratorIsZero
        self.rootInverse = fractionTree.rootInverse
        self.rootOne = fractionTree.rootOne
        self.rootDenominatorIsInvertible = fractionTree.rootDenominatorIsInvertible
        self.rootOneIsOne = fractionTree.rootOneIsOne
        self.layers = fractionTree.layers
        self.valueClaim = valueClaim
        self.countClaim = countClaim
        self.numeratorLink = numeratorLink
        self.denominatorLink = denominatorLink
        self.valueOpening = valueOpening
        self.countOpening = countOpening
    }

    /// The root and layer messages, as the shared logUp-GKR helper reads them.
    var fractionTree: FractionTreeProof {
        FractionTreeProof(
            rootNumerator: rootNumerator, rootDenominator: rootDenominator, rootNumeratorIsZero: rootNumeratorIsZero,
            rootInverse: rootInverse, rootOne: rootOne, rootDenominatorIsInvertible: rootDenominatorIsInvertible,
            rootOneIsOne: rootOneIsOne, layers: layers)
    }

    /// Writes every message in protocol order; all counts follow from the shape.
    public func encode(to writer: inout ProofWriter) {
        counts.encode(to: &writer)
        fractionTree.encode(to: &writer)
        writer.write([valueClaim, countClaim])
        numeratorLink.encode(to: &writer)
        denominatorLink.encode(to: &writer)
        valueOpening.encode(to: &writer)
        countOpening.encode(to: &writer)
    }

    /// Reads a proof of the given shape.
    public init(from reader: inout ProofReader, shape: Shape) throws(ProofError) {
        let counts = try HyraxCommitment(from: &reader, shape: shape.counts)
        let fractionTree = try FractionTreeProof(from: &reader, depth: shape.layout.leafBits)
        let valueClaim = try reader.readPoint()
        let countClaim = try reader.readPoint()
        let numeratorLink = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        let denominatorLink = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        let valueOpening = try HyraxOpening(from: &reader, shape: shape.values)
        let countOpening = try HyraxOpening(from: &reader, shape: shape.counts)
        self.init(
            counts: counts, fractionTree: fractionTree, valueClaim: valueClaim, countClaim: countClaim,
            numeratorLink: numeratorLink, denominatorLink: denominatorLink, valueOpening: valueOpening,
            countOpening: countOpening)
    }
}
