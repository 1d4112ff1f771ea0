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
        /// Whether the caller opens V at the leaf claims (batched with its own claims on V) instead of the proof.
        public let valueOpeningsByCaller: Bool
        /// Whether the multiplicities live in V's table region instead of a commitment of their own (embedded
        /// tables only): m̃(x_lo) is then Ṽ(region, x_lo), the region claim the embedded layout already has, so the
        /// proof has no multiplicity commitment, claim or opening.
        public let countsInValues: Bool

        /// The shape for values committed with layout `values`, a table of 2^tableBits entries, and
        /// multiplicities committed in rows of 2^countColumnBits.
        /// With `embeddedTableRegion` r, the table's leaves replace the values' entries [r·2^b, (r + 1)·2^b), which
        /// are then not range-checked (the caller keeps them unused; ``RangeCheckLayout``).
        /// With `valueOpeningsByCaller`, the proof ends its claims on V as committed claims the caller must open
        /// (``proveLeavingValueClaims(values:shape:key:transcript:rng:)``).
        /// With `countsInValues` (an embedded table only) the caller stores the multiplicities in the region itself
        /// (``placeCounts(in:layout:)``) before committing V.
        public init(
            values: HyraxCommitment.Shape, tableBits: Int, countColumnBits: Int, embeddedTableRegion: Int? = nil,
            valueOpeningsByCaller: Bool = false, countsInValues: Bool = false
        ) throws(ProofError) {
            guard !countsInValues || embeddedTableRegion != nil else {
                throw ProofError.shapeMismatch("multiplicities in V need the table embedded in a region of V")
            }
            self.valueOpeningsByCaller = valueOpeningsByCaller
            self.countsInValues = countsInValues
            self.layout = try RangeCheckLayout(
                lookupBits: values.variableCount, tableBits: tableBits, embeddedTableRegion: embeddedTableRegion)
            self.values = values
            self.counts = try HyraxCommitment.Shape(
                variableCount: tableBits, columnVariableCount: min(countColumnBits, tableBits))
        }

        public static func == (lhs: Shape, rhs: Shape) -> Bool {
            lhs.layout == rhs.layout && lhs.values == rhs.values && lhs.counts == rhs.counts
                && lhs.valueOpeningsByCaller == rhs.valueOpeningsByCaller && lhs.countsInValues == rhs.countsInValues
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(layout.lookupBits)
            hasher.combine(layout.tableBits)
            hasher.combine(values)
            hasher.combine(counts)
            hasher.combine(valueOpeningsByCaller)
            hasher.combine(countsInValues)
        }
    }

    /// The committed multiplicities m (nil when they live in V, ``Shape/countsInValues``).
    public let counts: HyraxCommitment?
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
    /// The inner-product proofs for the round equations of every layer's sumcheck, one per consistency group
    /// (``FractionTreeProof/consistencyGroups(depth:)``: none for depth ≤ 1, two when two are shorter).
    public let layerConsistency: [InnerProductProof]
    /// Commitment to Ṽ at the leaf point's lookup part.
    public let valueClaim: RistrettoPoint
    /// Commitment to m̃ at the leaf point's table part (nil when the multiplicities live in V).
    public let countClaim: RistrettoPoint?
    /// The leaf numerator claim equals its public form in m̃.
    public let numeratorLink: ZeroOpeningProof
    /// The leaf denominator claim equals its public form in Ṽ.
    public let denominatorLink: ZeroOpeningProof
    /// Hyrax opening of V at the lookup point against ``valueClaim`` (absent when the caller opens V).
    public let valueOpening: HyraxOpening?
    /// Hyrax opening of m at the table point against ``countClaim`` (nil when the multiplicities live in V).
    public let countOpening: HyraxOpening?
    /// With an embedded table: the commitment to Ṽ(region, x_lo) (nil side by side).
    public internal(set) var regionClaim: RistrettoPoint?
    /// With an embedded table: its opening (absent when the caller opens V).
    public internal(set) var regionOpening: HyraxOpening?

    /// A committed claim Ṽ(point) = value that the caller must open (``Shape/valueOpeningsByCaller``).
    public typealias ValueClaim = (point: [Scalar], claim: ZKSumcheckProof.CommittedScalar)

    static let label = "logup-gkr"

    // MARK: Prover

    /// Proves that every value committed in `witness` lies in [0, 2^tableBits).
    /// - Throws: ``ProofError/invalidWitness(_:)`` for a value out of range (the prover refuses), and
    ///   ``ProofError/shapeMismatch(_:)`` when the witness does not have the shape's layout.
    public static func prove(
        values witness: HyraxWitness, shape: Shape, key: CommitmentKey, transcript: inout MerlinTranscript,
        rng: TranscriptRNG
    ) throws(ProofError) -> RangeProof {
        guard !shape.valueOpeningsByCaller else {
            throw ProofError.shapeMismatch("this range proof's shape leaves V's openings to the caller")
        }
        return try proveLeavingValueClaims(values: witness, shape: shape, key: key, transcript: &transcript, rng: rng)
            .proof
    }

    /// ``prove(values:shape:key:transcript:rng:)``, returning with the proof the committed claims on V it leaves
    /// unopened when the shape says so (``Shape/valueOpeningsByCaller``; empty otherwise). The caller must open
    /// them, after the proof, against the same commitment (for the ranking proof: in its batched opening of V).
    package static func proveLeavingValueClaims(
        values witness: HyraxWitness, shape: Shape, key: CommitmentKey, transcript: inout MerlinTranscript,
        rng: TranscriptRNG
    ) throws(ProofError) -> (proof: RangeProof, valueClaims: [ValueClaim]) {
        guard witness.shape == shape.values else {
            throw ProofError.shapeMismatch("the values' layout differs from the range proof's shape")
        }
        let layout = shape.layout
        var values = witness.values
        values.append(contentsOf: repeatElement(0, count: (1 << layout.lookupBits) - values.count))
        let (countValues, inRange) = layout.multiplicities(of: values)
        guard inRange else {
            throw ProofError.invalidWitness("range proof: a value lies outside [0, 2^\(layout.tableBits))")
        }

        absorbStatement(shape: shape, values: witness.commitment, into: &transcript)
        var counts: (commitment: HyraxCommitment, witness: HyraxWitness)?
        if shape.countsInValues {
            let start = (layout.embeddedTableRegion ?? 0) << layout.tableBits
            guard Array(values[start..<(start + countValues.count)]) == countValues else {
                throw ProofError.invalidWitness("range proof: V's table region does not hold the values' multiplicities")
            }
        } else {
            let committed = try HyraxCommitment.commit(countValues, shape: shape.counts, key: key, rng: rng)
            committed.commitment.absorb(label: "counts", into: &transcript)
            counts = committed
        }
        let alpha = transcript.challengeScalar(label: "alpha")

        // The leaves stay small integers (the tree frees each scalar layer once used).
        let tree = FractionTree(
            leaves: SmallLeafLayer(layout: layout, values: values, counts: countValues, alpha: alpha))
        // Root (p = 0, q invertible) and layers: claims on the root → claims on the leaves at one point.
        let (treeProof, leafClaims) = try FractionTreeProof.prove(
            tree: consume tree, name: "range proof", key: key, transcript: &transcript, rng: rng)
        let p = leafClaims.numerator
        let q = leafClaims.denominator
        let point = leafClaims.point
        if layout.embeddedTableRegion != nil {
            return try proveEmbeddedLeaves(
                p: p, q: q, point: point, alpha: alpha, shape: shape, values: values, witness: witness,
                counts: counts, countValues: countValues, treeProof: treeProof, key: key, transcript: &transcript,
                rng: rng)
        }
        guard let counts else { throw ProofError.shapeMismatch("a side-by-side range proof commits its multiplicities") }
        let countWitness = counts.witness

        // Leaves: the claims are affine in Ṽ(lookup point) and m̃(table point).
        let parts = layout.split(point)
        let valueClaim = key.commitFresh(
            try MultilinearPolynomial.evaluate(small: values, at: parts.lookupPoint), rng: rng)
        let countClaim = key.commitFresh(
            try MultilinearPolynomial.evaluate(small: countValues, at: parts.tablePoint), rng: rng)
        transcript.appendPoint(label: "value-claim", valueClaim.commitment)
        transcript.appendPoint(label: "count-claim", countClaim.commitment)
        let numeratorForm = parts.numeratorForm
        let numeratorLink = ZeroOpeningProof.prove(
            blinder: Blinder(derived: p.blinder.value - numeratorForm.countsCoefficient * countClaim.blinder.value),
            commitment: p.commitment - numeratorForm.constant * key.scalarBase
                - numeratorForm.countsCoefficient * countClaim.commitment,
            key: key, transcript: &transcript, rng: rng,
            absorbingCommitment: false)
        let denominatorForm = parts.denominatorForm(alpha: alpha)
        let denominatorLink = ZeroOpeningProof.prove(
            blinder: Blinder(derived: q.blinder.value - denominatorForm.valuesCoefficient * valueClaim.blinder.value),
            commitment: q.commitment - denominatorForm.constant * key.scalarBase
                - denominatorForm.valuesCoefficient * valueClaim.commitment,
            key: key, transcript: &transcript, rng: rng,
            absorbingCommitment: false)
        let valueOpening = try openValues(
            witness, at: parts.lookupPoint, valueClaim, shape: shape, key: key, transcript: &transcript, rng: rng)
        let countOpening = try HyraxOpening.prove(
            witness: countWitness, point: parts.tablePoint, value: countClaim.value,
            valueBlinder: countClaim.blinder, valueCommitment: countClaim.commitment, key: key,
            transcript: &transcript, rng: rng)

        let proof = RangeProof(
            counts: counts.commitment, fractionTree: treeProof, valueClaim: valueClaim.commitment,
            countClaim: countClaim.commitment, numeratorLink: numeratorLink, denominatorLink: denominatorLink,
            valueOpening: valueOpening, countOpening: countOpening)
        return (proof, shape.valueOpeningsByCaller ? [(parts.lookupPoint, valueClaim)] : [])
    }

    /// The leaf step with an embedded table: claims Ṽ(x), Ṽ(region, x_lo) and m̃(x_lo), linked to the leaf claims
    /// p̃(x) = 1 − e − e·m̃(x_lo) and q̃(x) = α − e·t̃(x_lo) − Ṽ(x) + e·Ṽ(region, x_lo), then the Hyrax openings
    /// (of m̃, and of the two claims on V unless the caller opens them). With the multiplicities in V's region,
    /// m̃(x_lo) is Ṽ(region, x_lo): no count claim and no count opening.
    private static func proveEmbeddedLeaves(
        p: ZKSumcheckProof.CommittedScalar, q: ZKSumcheckProof.CommittedScalar, point: [Scalar], alpha: Scalar,
        shape: Shape, values: [Int64], witness: HyraxWitness,
        counts: (commitment: HyraxCommitment, witness: HyraxWitness)?, countValues: [Int64],
        treeProof: FractionTreeProof, key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> (proof: RangeProof, valueClaims: [ValueClaim]) {
        let forms = shape.layout.embeddedForms(point)
        let e = forms.regionWeight
        let valueClaim = key.commitFresh(try MultilinearPolynomial.evaluate(small: values, at: point), rng: rng)
        let regionClaim = key.commitFresh(
            try MultilinearPolynomial.evaluate(small: values, at: forms.regionPoint), rng: rng)
        transcript.appendPoint(label: "value-claim", valueClaim.commitment)
        transcript.appendPoint(label: "region-claim", regionClaim.commitment)
        let countClaim: ZKSumcheckProof.CommittedScalar
        if counts == nil {
            countClaim = regionClaim
        } else {
            countClaim = key.commitFresh(
                try MultilinearPolynomial.evaluate(small: countValues, at: forms.lowPoint), rng: rng)
            transcript.appendPoint(label: "count-claim", countClaim.commitment)
        }
        let numeratorLink = ZeroOpeningProof.prove(
            blinder: Blinder(derived: p.blinder.value + e * countClaim.blinder.value),
            commitment: p.commitment - (Scalar.one - e) * key.scalarBase + e * countClaim.commitment,
            key: key, transcript: &transcript, rng: rng,
            absorbingCommitment: false)
        let denominatorLink = ZeroOpeningProof.prove(
            blinder: Blinder(
                derived: q.blinder.value + valueClaim.blinder.value - e * regionClaim.blinder.value),
            commitment: q.commitment - (alpha - e * forms.tableValue) * key.scalarBase + valueClaim.commitment
                - e * regionClaim.commitment,
            key: key, transcript: &transcript, rng: rng,
            absorbingCommitment: false)
        let valueOpening = try openValues(
            witness, at: point, valueClaim, shape: shape, key: key, transcript: &transcript, rng: rng)
        let regionOpening = try openValues(
            witness, at: forms.regionPoint, regionClaim, shape: shape, key: key, transcript: &transcript, rng: rng)
        var countOpening: HyraxOpening?
        if let counts {
            countOpening = try HyraxOpening.prove(
                witness: counts.witness, point: forms.lowPoint, value: countClaim.value,
                valueBlinder: countClaim.blinder, valueCommitment: countClaim.commitment, key: key,
                transcript: &transcript, rng: rng)
        }
        var proof = RangeProof(
            counts: counts?.commitment, fractionTree: treeProof, valueClaim: valueClaim.commitment,
            countClaim: counts == nil ? nil : countClaim.commitment, numeratorLink: numeratorLink,
            denominatorLink: denominatorLink, valueOpening: valueOpening, countOpening: countOpening)
        proof.regionClaim = regionClaim.commitment
        proof.regionOpening = regionOpening
        return (
            proof, shape.valueOpeningsByCaller ? [(point, valueClaim), (forms.regionPoint, regionClaim)] : []
        )
    }

    /// The Hyrax opening of V at `point` against `claim`, or nil when the shape leaves V's openings to the caller.
    private static func openValues(
        _ witness: HyraxWitness, at point: [Scalar], _ claim: ZKSumcheckProof.CommittedScalar, shape: Shape,
        key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> HyraxOpening? {
        guard !shape.valueOpeningsByCaller else { return nil }
        return try HyraxOpening.prove(
            witness: witness, point: point, value: claim.value, valueBlinder: claim.blinder,
            valueCommitment: claim.commitment, key: key, transcript: &transcript, rng: rng)
    }

    /// Writes the multiplicities of the looked-up values into the table region (``Shape/countsInValues``): entry t of
    /// the region becomes the number of looked-up values equal to t. Values outside the table are not counted (the
    /// proof refuses them).
    /// - Throws: ``ProofError/shapeMismatch(_:)`` unless `values` has 2^n entries and the shape embeds its table.
    public static func placeCounts(in values: inout [Int64], shape: Shape) throws(ProofError) {
        let layout = shape.layout
        guard let region = layout.embeddedTableRegion, values.count == 1 << layout.lookupBits else {
            throw ProofError.shapeMismatch("multiplicities go into an embedded table region of 2^n values")
        }
        let counts = layout.multiplicities(of: values).counts
        let start = region << layout.tableBits
        values.replaceSubrange(start..<(start + counts.count), with: counts)
    }

    static func absorbStatement(shape: Shape, values: HyraxCommitment, into transcript: inout MerlinTranscript) {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendUInt64(label: "lookup-bits", value: UInt64(shape.layout.lookupBits))
        transcript.appendUInt64(label: "table-bits", value: UInt64(shape.layout.tableBits))
        if let region = shape.layout.embeddedTableRegion {
            transcript.appendUInt64(label: "table-region", value: UInt64(region))
        }
        if shape.countsInValues { transcript.appendMessage(label: "counts", message: Array("in-values".utf8)) }
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
        guard !shape.valueOpeningsByCaller else {
            throw ProofError.shapeMismatch("this range proof's shape leaves V's openings to the caller")
        }
        _ = try verifyLeavingValueClaims(
            values: values, shape: shape, key: key, transcript: &transcript, batch: &batch)
    }

    /// The verifier's side of ``proveLeavingValueClaims(values:shape:key:transcript:rng:)``: returns the
    /// commitments to the claims on V that the caller must check by opening V (empty unless
    /// ``Shape/valueOpeningsByCaller``). The proof holds only if those claims hold too.
    package func verifyLeavingValueClaims(
        values: HyraxCommitment, shape: Shape, key: CommitmentKey, transcript: inout MerlinTranscript,
        batch: inout GroupEquationBatch
    ) throws(ProofError) -> [(point: [Scalar], commitment: RistrettoPoint)] {
        guard (valueOpening == nil) == shape.valueOpeningsByCaller else {
            throw ProofError.shapeMismatch("the range proof's value opening does not match its shape")
        }
        guard values.shape == shape.values, counts.map({ $0.shape == shape.counts }) ?? true else {
            throw ProofError.shapeMismatch("range proof commitments do not have the shape's layouts")
        }
        guard (counts == nil) == shape.countsInValues, (countClaim == nil) == shape.countsInValues,
            (countOpening == nil) == shape.countsInValues
        else {
            throw ProofError.shapeMismatch("the range proof's multiplicity messages do not match its shape")
        }
        let layout = shape.layout
        guard layers.count == layout.leafBits else {
            throw ProofError.shapeMismatch("range proof has \(layers.count) layers for \(layout.leafBits)")
        }
        RangeProof.absorbStatement(shape: shape, values: values, into: &transcript)
        counts?.absorb(label: "counts", into: &transcript)
        let alpha = transcript.challengeScalar(label: "alpha")

        let leafClaims = try fractionTree.verify(
            depth: layout.leafBits, name: "range proof", key: key, transcript: &transcript, batch: &batch)
        let p = leafClaims.numerator
        let q = leafClaims.denominator
        let point = leafClaims.point
        if layout.embeddedTableRegion != nil {
            guard let regionClaim, (regionOpening == nil) == shape.valueOpeningsByCaller else {
                throw ProofError.shapeMismatch("an embedded-table range proof needs its region claim and opening")
            }
            let forms = layout.embeddedForms(point)
            let e = forms.regionWeight
            transcript.appendPoint(label: "value-claim", valueClaim)
            transcript.appendPoint(label: "region-claim", regionClaim)
            // With the multiplicities in V's region, m̃(x_lo) is the region claim itself.
            if let countClaim { transcript.appendPoint(label: "count-claim", countClaim) }
            // The links' commitments are derived from absorbed points and challenges (not absorbed): MSM terms.
            numeratorLink.verify(
                derived: p
                    + PointCombination(terms: [(-(Scalar.one - e), key.scalarBase), (e, countClaim ?? regionClaim)]),
                transcript: &transcript, batch: &batch)
            denominatorLink.verify(
                derived: q
                    + PointCombination(terms: [
                        (-(alpha - e * forms.tableValue), key.scalarBase), (.one, valueClaim), (-e, regionClaim),
                    ]),
                transcript: &transcript, batch: &batch)
            if let valueOpening, let regionOpening {
                try valueOpening.verify(
                    commitment: values, point: point, valueCommitment: valueClaim, transcript: &transcript,
                    batch: &batch)
                try regionOpening.verify(
                    commitment: values, point: forms.regionPoint, valueCommitment: regionClaim,
                    transcript: &transcript, batch: &batch)
            }
            if let countOpening, let counts, let countClaim {
                try countOpening.verify(
                    commitment: counts, point: forms.lowPoint, valueCommitment: countClaim, transcript: &transcript,
                    batch: &batch)
            }
            return shape.valueOpeningsByCaller ? [(point, valueClaim), (forms.regionPoint, regionClaim)] : []
        }
        guard regionClaim == nil, regionOpening == nil else {
            throw ProofError.shapeMismatch("a side-by-side range proof has no region claim")
        }
        guard let counts, let countClaim, let countOpening else {
            throw ProofError.shapeMismatch("a side-by-side range proof commits its multiplicities")
        }

        let parts = layout.split(point)
        transcript.appendPoint(label: "value-claim", valueClaim)
        transcript.appendPoint(label: "count-claim", countClaim)
        let numeratorForm = parts.numeratorForm
        numeratorLink.verify(
            derived: p
                + PointCombination(terms: [
                    (-numeratorForm.constant, key.scalarBase), (-numeratorForm.countsCoefficient, countClaim),
                ]),
            transcript: &transcript, batch: &batch)
        let denominatorForm = parts.denominatorForm(alpha: alpha)
        denominatorLink.verify(
            derived: q
                + PointCombination(terms: [
                    (-denominatorForm.constant, key.scalarBase), (-denominatorForm.valuesCoefficient, valueClaim),
                ]),
            transcript: &transcript, batch: &batch)
        if let valueOpening {
            try valueOpening.verify(
                commitment: values, point: parts.lookupPoint, valueCommitment: valueClaim, transcript: &transcript,
                batch: &batch)
        }
        try countOpening.verify(
            commitment: counts, point: parts.tablePoint, valueCommitment: countClaim, transcript: &transcript,
            batch: &batch)
        return shape.valueOpeningsByCaller ? [(parts.lookupPoint, valueClaim)] : []
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
        counts: HyraxCommitment?, fractionTree: FractionTreeProof, valueClaim: RistrettoPoint,
        countClaim: RistrettoPoint?, numeratorLink: ZeroOpeningProof, denominatorLink: ZeroOpeningProof,
        valueOpening: HyraxOpening?, countOpening: HyraxOpening?
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
        self.layerConsistency = fractionTree.consistency
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
            rootOneIsOne: rootOneIsOne, layers: layers, consistency: layerConsistency)
    }

    /// Writes every message in protocol order; all counts follow from the shape.
    public func encode(to writer: inout ProofWriter) {
        counts?.encode(to: &writer)
        fractionTree.encode(to: &writer)
        writer.write([valueClaim] + (regionClaim.map { [$0] } ?? []) + (countClaim.map { [$0] } ?? []))
        numeratorLink.encode(to: &writer)
        denominatorLink.encode(to: &writer)
        valueOpening?.encode(to: &writer)
        regionOpening?.encode(to: &writer)
        countOpening?.encode(to: &writer)
    }

    /// Reads a proof of the given shape.
    public init(from reader: inout ProofReader, shape: Shape) throws(ProofError) {
        let separate = !shape.countsInValues
        let counts = separate ? try HyraxCommitment(from: &reader, shape: shape.counts) : nil
        let fractionTree = try FractionTreeProof(from: &reader, depth: shape.layout.leafBits)
        let embedded = shape.layout.embeddedTableRegion != nil
        let valueClaim = try reader.readPoint()
        let regionClaim = embedded ? try reader.readPoint() : nil
        let countClaim = separate ? try reader.readPoint() : nil
        let numeratorLink = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        let denominatorLink = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        let opened = !shape.valueOpeningsByCaller
        let valueOpening = opened ? try HyraxOpening(from: &reader, shape: shape.values) : nil
        let regionOpening = embedded && opened ? try HyraxOpening(from: &reader, shape: shape.values) : nil
        let countOpening = separate ? try HyraxOpening(from: &reader, shape: shape.counts) : nil
        self.init(
            counts: counts, fractionTree: fractionTree, valueClaim: valueClaim, countClaim: countClaim,
            numeratorLink: numeratorLink, denominatorLink: denominatorLink, valueOpening: valueOpening,
            countOpening: countOpening)
        self.regionClaim = regionClaim
        self.regionOpening = regionOpening
    }
}
