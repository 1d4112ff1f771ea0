import Algebra
import Transcript

/// Zero-knowledge proof that every pair (x_i, y_i) of a committed vector lies in a public table of pairs
/// {(t, T[t]) : t ∈ [0, 2^b)}: logUp (ePrint 2022/1530) over the pairs folded as x + β·y by a second challenge β,
/// proven with a fraction-tree GKR (ePrint 2023/1284 §3) whose every layer claim stays committed (DESIGN.md A.7,
/// "Tuples (the sigmoid table)"). It proves the sigmoid lookups of the ranking heads: x is the
/// clamped logit shifted to [0, 2^14), y the sigmoid output, T the descriptor's table.
///
/// The pairs come from one ``HyraxWitness`` L of 2^(n+1) entries: the first half (index MSB 0) holds
/// x_0 … x_{2^n−1}, the second half y_0 … y_{2^n−1}, so x̃(z) = L̃(0, z) and ỹ(z) = L̃(1, z). Entries the
/// witness leaves out are zero, and every one of the 2^n pairs is checked, padding included: a caller that does
/// not fill all of them must pad with a pair of the table, such as (0, T[0]).
///
/// The prover commits the multiplicities m_t (never inverse columns) and draws α and β after the lookups, the
/// table and the multiplicities are absorbed. Leaves (the ``RangeCheckLayout`` of n lookups against 2^b entries):
/// lookup i is (1, α − (x_i + β·y_i)), table entry t is (−m_t, α − (t + β·T[t])), padding (0, 1). The root
/// numerator is proven zero and its denominator invertible, every layer goes through a committed
/// ``GKRLayerProof`` (both via ``FractionTreeProof``, shared with ``RangeProof``), and the leaf claims, affine in
/// x̃(z), ỹ(z) and m̃(z′), are linked to commitments to those three values and opened by Hyrax: L at (0, z) and
/// (1, z), m at z′. The table side is public: the verifier evaluates t̃ and T̃ at z′ itself, in O(2^b).
///
/// **Claims by the caller** (``Shape/claimsByCaller``): the inputs, outputs and multiplicities are blocks of a vector
/// the caller commits, absorbs before this proof and opens itself (the ranking proof's V). The proof then commits
/// and opens nothing of its own: it leaves its three leaf claims — L̃ at (0, z) and (1, z) in L = [x; y]
/// coordinates, m̃ at z′ — committed, for the caller's batched opening (``proveLeavingClaims``,
/// ``verifyLeavingClaims``). The caller must hold exactly ``Shape/multiplicities(of:)``: its opening binds
/// the claims to the vector it committed before α and β were drawn.
///
/// Transcript: "table-lookup", n, b, the table's digest, the lookup commitment (or "by-caller"), the multiplicities
/// (own commitment only), "alpha", "beta", the fraction tree, "input-claim", "output-claim", "count-claim", the two
/// links and, with its own commitments, the three openings.
public struct TableLookupProof: ProofMessage, Equatable {
    /// The public parameters that fix the proof's layout.
    public struct Shape: Sendable, Hashable {
        /// 2^n lookups against a table of 2^b pairs.
        public let layout: RangeCheckLayout
        /// The layout of the committed lookups L (2^(n+1) entries: inputs, then outputs); nil when the caller holds
        /// them (``claimsByCaller``).
        public let lookups: HyraxCommitment.Shape?
        /// The layout of the committed multiplicities m (2^b entries); nil when the caller holds them.
        public let counts: HyraxCommitment.Shape?

        /// The shape for pairs committed with layout `lookups` (n + 1 ≥ 1 variables: 2^n inputs then 2^n
        /// outputs), a table of 2^tableBits pairs, and multiplicities committed in rows of 2^countColumnBits
        /// (at most the table's length).
        /// - Throws: ``ProofError/shapeMismatch(_:)`` for sizes out of bounds (see ``RangeCheckLayout``).
        public init(lookups: HyraxCommitment.Shape, tableBits: Int, countColumnBits: Int) throws(ProofError) {
            guard lookups.variableCount >= 1 else {
                throw ProofError.shapeMismatch("table lookups need inputs and outputs: at least 1 variable")
            }
            self.layout = try RangeCheckLayout(lookupBits: lookups.variableCount - 1, tableBits: tableBits)
            self.lookups = lookups
            self.counts = try HyraxCommitment.Shape(
                variableCount: tableBits, columnVariableCount: min(countColumnBits, tableBits))
        }

        /// The shape for 2^lookupBits pairs and a table of 2^tableBits whose lookups and multiplicities the caller
        /// holds in a vector it commits and opens itself: the proof leaves its leaf claims to the caller.
        /// - Throws: ``ProofError/shapeMismatch(_:)`` for sizes out of bounds (see ``RangeCheckLayout``).
        public init(lookupBits: Int, tableBits: Int) throws(ProofError) {
            self.layout = try RangeCheckLayout(lookupBits: lookupBits, tableBits: tableBits)
            self.lookups = nil
            self.counts = nil
        }

        /// Whether the caller commits and opens the lookups and multiplicities (no commitment or opening here).
        public var claimsByCaller: Bool { lookups == nil }

        /// m_t, how often each table entry t is looked up by `inputs` (what a caller holding the multiplicities
        /// stores; inputs outside the table are not counted, and the prover refuses them).
        public func multiplicities(of inputs: [Int64]) -> [Int64] { layout.multiplicities(of: inputs).counts }

        /// n: log₂ of the number of pairs.
        public var lookupBits: Int { layout.lookupBits }
        /// b: log₂ of the table's length.
        public var tableBits: Int { layout.tableBits }

        public static func == (lhs: Shape, rhs: Shape) -> Bool {
            lhs.layout == rhs.layout && lhs.lookups == rhs.lookups && lhs.counts == rhs.counts
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(layout.lookupBits)
            hasher.combine(layout.tableBits)
            hasher.combine(lookups)
            hasher.combine(counts)
        }
    }

    /// The committed multiplicities m (nil when the caller holds them).
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
    /// Commitment to x̃ = L̃(0, ·) at the leaf point's lookup part.
    public let inputClaim: RistrettoPoint
    /// Commitment to ỹ = L̃(1, ·) at the leaf point's lookup part.
    public let outputClaim: RistrettoPoint
    /// Commitment to m̃ at the leaf point's table part.
    public let countClaim: RistrettoPoint
    /// The leaf numerator claim equals its public form in m̃.
    public let numeratorLink: ZeroOpeningProof
    /// The leaf denominator claim equals its public form in x̃ and ỹ.
    public let denominatorLink: ZeroOpeningProof
    /// Hyrax opening of L at (0, lookup point) against ``inputClaim`` (nil when the caller opens).
    public let inputOpening: HyraxOpening?
    /// Hyrax opening of L at (1, lookup point) against ``outputClaim`` (nil when the caller opens).
    public let outputOpening: HyraxOpening?
    /// Hyrax opening of m at the table point against ``countClaim`` (nil when the caller opens).
    public let countOpening: HyraxOpening?

    static let label = "table-lookup"

    // MARK: Prover

    /// A leaf claim the proof leaves committed: the point and the committed value.
    public typealias Claim = (point: [Scalar], claim: ZKSumcheckProof.CommittedScalar)

    /// Proves that every pair (x_i, y_i) committed in `lookups` (inputs in its first half, outputs in its second)
    /// is (t, table[t]) for some t ∈ [0, 2^b).
    /// - Throws: ``ProofError/invalidWitness(_:)`` for a pair not in the table (the prover refuses), and
    ///   ``ProofError/shapeMismatch(_:)`` when the witness does not have the shape's layout or the table does not
    ///   have 2^b entries.
    public static func prove(
        lookups witness: HyraxWitness, table: [Int64], shape: Shape, key: CommitmentKey,
        transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> TableLookupProof {
        guard let lookupShape = shape.lookups, let countShape = shape.counts, witness.shape == lookupShape else {
            throw ProofError.shapeMismatch("the lookups' layout differs from the table lookup's shape")
        }
        let pairCount = 1 << shape.layout.lookupBits
        var values = witness.values
        values.append(contentsOf: repeatElement(0, count: 2 * pairCount - values.count))
        let inputs = Array(values[0..<pairCount])
        let outputs = Array(values[pairCount...])
        let countValues = try multiplicities(inputs: inputs, outputs: outputs, table: table, layout: shape.layout)
        absorbStatement(shape: shape, table: table, lookups: witness.commitment, into: &transcript)
        let (counts, countWitness) = try HyraxCommitment.commit(countValues, shape: countShape, key: key, rng: rng)
        counts.absorb(label: "counts", into: &transcript)
        let (proof, claims) = try proveTree(
            inputs: inputs, outputs: outputs, counts: countValues, table: table, shape: shape, key: key,
            transcript: &transcript, rng: rng)
        func open(_ witness: HyraxWitness, _ claim: Claim) throws(ProofError) -> HyraxOpening {
            try HyraxOpening.prove(
                witness: witness, point: claim.point, value: claim.claim.value, valueBlinder: claim.claim.blinder,
                valueCommitment: claim.claim.commitment, key: key, transcript: &transcript, rng: rng)
        }
        let inputOpening = try open(witness, claims[0])
        let outputOpening = try open(witness, claims[1])
        let countOpening = try open(countWitness, claims[2])
        return TableLookupProof(
            counts: counts, fractionTree: proof.fractionTree, inputClaim: proof.inputClaim,
            outputClaim: proof.outputClaim, countClaim: proof.countClaim, numeratorLink: proof.numeratorLink,
            denominatorLink: proof.denominatorLink, inputOpening: inputOpening, outputOpening: outputOpening,
            countOpening: countOpening)
    }

    /// Proves that every pair (inputs[i], outputs[i]) (2^n of each) is (t, table[t]) for some t ∈ [0, 2^b), for a
    /// shape with ``Shape/claimsByCaller``: the caller has committed the pairs and ``Shape/multiplicities(of:)`` in a
    /// vector of its own and absorbed it. Returns the proof and its three leaf claims for the caller to open:
    /// L̃ at (0, z) and L̃ at (1, z) for L = [inputs; outputs], and m̃ at the table point.
    /// - Throws: as ``prove(lookups:table:shape:key:transcript:rng:)``.
    public static func proveLeavingClaims(
        inputs: [Int64], outputs: [Int64], table: [Int64], shape: Shape, key: CommitmentKey,
        transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> (proof: TableLookupProof, claims: [Claim]) {
        let pairCount = 1 << shape.layout.lookupBits
        guard shape.claimsByCaller, inputs.count == pairCount, outputs.count == pairCount else {
            throw ProofError.shapeMismatch(
                "\(inputs.count) inputs and \(outputs.count) outputs for a by-caller lookup of "
                    + "2^\(shape.layout.lookupBits) pairs")
        }
        let countValues = try multiplicities(inputs: inputs, outputs: outputs, table: table, layout: shape.layout)
        absorbStatement(shape: shape, table: table, lookups: nil, into: &transcript)
        return try proveTree(
            inputs: inputs, outputs: outputs, counts: countValues, table: table, shape: shape, key: key,
            transcript: &transcript, rng: rng)
    }

    /// The multiplicities, after checking that every pair is in the table (the prover refuses otherwise).
    private static func multiplicities(
        inputs: [Int64], outputs: [Int64], table: [Int64], layout: RangeCheckLayout
    ) throws(ProofError) -> [Int64] {
        try checkTable(table, layout: layout)
        for i in inputs.indices {
            let x = inputs[i]
            guard x >= 0, x < table.count, table[Int(x)] == outputs[i] else {
                throw ProofError.invalidWitness("table lookup: pair \(i) is not in the table")
            }
        }
        return layout.multiplicities(of: inputs).counts
    }

    /// The part both modes share, after the statement and any own commitments are absorbed: α, β, the fraction
    /// tree, the three leaf claims and the two links. The returned proof has no commitments or openings; the
    /// claims are [input at (0, z), output at (1, z), count at z′].
    private static func proveTree(
        inputs: [Int64], outputs: [Int64], counts countValues: [Int64], table: [Int64], shape: Shape,
        key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> (proof: TableLookupProof, claims: [Claim]) {
        let layout = shape.layout
        let alpha = transcript.challengeScalar(label: "alpha")
        let beta = transcript.challengeScalar(label: "beta")

        // Built in a closure so that only the tree holds the leaves (it frees each layer once used).
        let tree = { () -> FractionTree in
            let leaves = layout.pairLeaves(
                inputs: inputs, outputs: outputs, table: table, counts: countValues, alpha: alpha, beta: beta)
            return FractionTree(leafNumerators: leaves.numerators, leafDenominators: leaves.denominators)
        }()
        // Root (p = 0, q invertible) and layers: claims on the root → claims on the leaves at one point.
        let (treeProof, leafClaims) = try FractionTreeProof.prove(
            tree: consume tree, name: "table lookup", key: key, transcript: &transcript, rng: rng)
        let p = leafClaims.numerator
        let q = leafClaims.denominator

        // Leaves: the claims are affine in x̃, ỹ (lookup point) and m̃ (table point).
        let parts = layout.split(leafClaims.point)
        let inputClaim = key.commitFresh(
            try MultilinearPolynomial.evaluate(small: inputs, at: parts.lookupPoint), rng: rng)
        let outputClaim = key.commitFresh(
            try MultilinearPolynomial.evaluate(small: outputs, at: parts.lookupPoint), rng: rng)
        let countClaim = key.commitFresh(
            try MultilinearPolynomial.evaluate(small: countValues, at: parts.tablePoint), rng: rng)
        transcript.appendPoint(label: "input-claim", inputClaim.commitment)
        transcript.appendPoint(label: "output-claim", outputClaim.commitment)
        transcript.appendPoint(label: "count-claim", countClaim.commitment)
        let numeratorForm = parts.numeratorForm
        let numeratorLink = ZeroOpeningProof.prove(
            blinder: Blinder(derived: p.blinder.value - numeratorForm.countsCoefficient * countClaim.blinder.value),
            commitment: p.commitment - numeratorForm.constant * key.scalarBase
                - numeratorForm.countsCoefficient * countClaim.commitment,
            key: key, transcript: &transcript, rng: rng,
            absorbingCommitment: false)
        let tableOutput = try MultilinearPolynomial.evaluate(small: table, at: parts.tablePoint)
        let form = parts.pairDenominatorForm(alpha: alpha, beta: beta, tableOutput: tableOutput)
        let denominatorLink = ZeroOpeningProof.prove(
            blinder: Blinder(
                derived: q.blinder.value - form.inputCoefficient * inputClaim.blinder.value
                    - form.outputCoefficient * outputClaim.blinder.value),
            commitment: q.commitment - form.constant * key.scalarBase - form.inputCoefficient * inputClaim.commitment
                - form.outputCoefficient * outputClaim.commitment,
            key: key, transcript: &transcript, rng: rng,
            absorbingCommitment: false)
        let proof = TableLookupProof(
            counts: nil, fractionTree: treeProof, inputClaim: inputClaim.commitment,
            outputClaim: outputClaim.commitment, countClaim: countClaim.commitment, numeratorLink: numeratorLink,
            denominatorLink: denominatorLink, inputOpening: nil, outputOpening: nil, countOpening: nil)
        return (
            proof,
            [([.zero] + parts.lookupPoint, inputClaim), ([.one] + parts.lookupPoint, outputClaim),
             (parts.tablePoint, countClaim)]
        )
    }

    /// Refuses a table whose length is not 2^b.
    static func checkTable(_ table: [Int64], layout: RangeCheckLayout) throws(ProofError) {
        guard table.count == 1 << layout.tableBits else {
            throw ProofError.shapeMismatch("a table of \(table.count) pairs for 2^\(layout.tableBits)")
        }
    }

    /// SHA-512 over a domain tag, b and the table's outputs T[0] … T[2^b − 1] (little-endian two's complement
    /// 64-bit words): what the transcript absorbs for the public table.
    static func tableDigest(_ table: [Int64], tableBits: Int) -> [UInt8] {
        var hasher = SHA512()
        hasher.update(Array("FeedProof lookup-table v1".utf8))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 * (table.count + 1))
        for word in [Int64(tableBits)] + table {
            let bits = UInt64(bitPattern: word)
            for byte in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(byte)))) }
        }
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Absorbs the domain label, n, b, the table's digest and the lookup commitment, or "by-caller" when the caller
    /// holds the lookups (before any challenge).
    static func absorbStatement(
        shape: Shape, table: [Int64], lookups: HyraxCommitment?, into transcript: inout MerlinTranscript
    ) {
        absorbStatement(
            shape: shape, tableDigest: tableDigest(table, tableBits: shape.layout.tableBits), lookups: lookups,
            into: &transcript)
    }

    static func absorbStatement(
        shape: Shape, tableDigest: [UInt8], lookups: HyraxCommitment?, into transcript: inout MerlinTranscript
    ) {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendUInt64(label: "lookup-bits", value: UInt64(shape.layout.lookupBits))
        transcript.appendUInt64(label: "table-bits", value: UInt64(shape.layout.tableBits))
        transcript.appendMessage(label: "table", message: tableDigest)
        if let lookups {
            lookups.absorb(label: "lookups", into: &transcript)
        } else {
            transcript.appendMessage(label: "lookups", message: Array("by-caller".utf8))
        }
    }

    // MARK: Verifier

    /// Verifies that every pair committed in `lookups` lies in `table`, adding every group equation to `batch`
    /// (the caller checks the batch; ``verify(lookups:table:shape:key:transcript:)`` does both).
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when the proof, commitment or table does not fit `shape`.
    /// - Complexity: O(2^b) field operations for the table's evaluations, plus the layers and three openings.
    public func verify(
        lookups: HyraxCommitment, table: [Int64], shape: Shape, key: CommitmentKey,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) throws(ProofError) {
        // LookupTable refuses a table whose count is not 2^b, as checkTable does for the prover.
        try verify(
            lookups: lookups, table: LookupTable(outputs: table, tableBits: shape.layout.tableBits), shape: shape,
            key: key, transcript: &transcript, batch: &batch)
    }

    /// ``verify(lookups:table:shape:key:transcript:batch:)`` with the table prepared once (its digest and T̃).
    public func verify(
        lookups: HyraxCommitment, table prepared: LookupTable, shape: Shape, key: CommitmentKey,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) throws(ProofError) {
        guard let lookupShape = shape.lookups, lookups.shape == lookupShape, let counts, counts.shape == shape.counts,
            let inputOpening, let outputOpening, let countOpening
        else {
            throw ProofError.shapeMismatch("table lookup commitments do not have the shape's layouts")
        }
        try checkTree(table: prepared, shape: shape)
        TableLookupProof.absorbStatement(
            shape: shape, tableDigest: prepared.digest, lookups: lookups, into: &transcript)
        counts.absorb(label: "counts", into: &transcript)
        let claims = try verifyTree(table: prepared, shape: shape, key: key, transcript: &transcript, batch: &batch)
        try inputOpening.verify(
            commitment: lookups, point: claims[0].point, valueCommitment: claims[0].commitment,
            transcript: &transcript, batch: &batch)
        try outputOpening.verify(
            commitment: lookups, point: claims[1].point, valueCommitment: claims[1].commitment,
            transcript: &transcript, batch: &batch)
        try countOpening.verify(
            commitment: counts, point: claims[2].point, valueCommitment: claims[2].commitment,
            transcript: &transcript, batch: &batch)
    }

    /// Verifies a proof of a ``Shape/claimsByCaller`` shape up to its leaf claims, adding every group equation to
    /// `batch`, and returns the claims the caller must open on the vector it committed and absorbed before this
    /// proof: [L̃ at (0, z), L̃ at (1, z), m̃ at z′], each as (point, commitment).
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when the proof or table does not fit `shape`.
    public func verifyLeavingClaims(
        table prepared: LookupTable, shape: Shape, key: CommitmentKey, transcript: inout MerlinTranscript,
        batch: inout GroupEquationBatch
    ) throws(ProofError) -> [(point: [Scalar], commitment: RistrettoPoint)] {
        guard shape.claimsByCaller, counts == nil, inputOpening == nil, outputOpening == nil, countOpening == nil
        else {
            throw ProofError.shapeMismatch("a by-caller table lookup carries no commitments or openings")
        }
        try checkTree(table: prepared, shape: shape)
        TableLookupProof.absorbStatement(shape: shape, tableDigest: prepared.digest, lookups: nil, into: &transcript)
        return try verifyTree(table: prepared, shape: shape, key: key, transcript: &transcript, batch: &batch)
    }

    /// Refuses a table or a layer count that does not fit the shape.
    private func checkTree(table prepared: LookupTable, shape: Shape) throws(ProofError) {
        let layout = shape.layout
        guard prepared.tableBits == layout.tableBits else {
            throw ProofError.shapeMismatch("a table of 2^\(prepared.tableBits) pairs for 2^\(layout.tableBits)")
        }
        guard layers.count == layout.leafBits else {
            throw ProofError.shapeMismatch("table lookup has \(layers.count) layers for \(layout.leafBits)")
        }
    }

    /// The verifier's side of `proveTree`: α, β, the fraction tree, the claims and the two links.
    private func verifyTree(
        table prepared: LookupTable, shape: Shape, key: CommitmentKey, transcript: inout MerlinTranscript,
        batch: inout GroupEquationBatch
    ) throws(ProofError) -> [(point: [Scalar], commitment: RistrettoPoint)] {
        let layout = shape.layout
        let alpha = transcript.challengeScalar(label: "alpha")
        let beta = transcript.challengeScalar(label: "beta")

        let leafClaims = try fractionTree.verify(
            depth: layout.leafBits, name: "table lookup", key: key, transcript: &transcript, batch: &batch)
        let p = leafClaims.numerator
        let q = leafClaims.denominator

        let parts = layout.split(leafClaims.point)
        transcript.appendPoint(label: "input-claim", inputClaim)
        transcript.appendPoint(label: "output-claim", outputClaim)
        transcript.appendPoint(label: "count-claim", countClaim)
        let numeratorForm = parts.numeratorForm
        // The links' commitments are derived from absorbed points and challenges (not absorbed): MSM terms.
        numeratorLink.verify(
            derived: p
                + PointCombination(terms: [
                    (-numeratorForm.constant, key.scalarBase), (-numeratorForm.countsCoefficient, countClaim),
                ]),
            transcript: &transcript, batch: &batch)
        // The public side: T̃ at the table point (t̃ is in `parts`).
        let tableOutput = try prepared.evaluate(at: parts.tablePoint)
        let form = parts.pairDenominatorForm(alpha: alpha, beta: beta, tableOutput: tableOutput)
        denominatorLink.verify(
            derived: q
                + PointCombination(terms: [
                    (-form.constant, key.scalarBase), (-form.inputCoefficient, inputClaim),
                    (-form.outputCoefficient, outputClaim),
                ]),
            transcript: &transcript, batch: &batch)
        return [
            ([.zero] + parts.lookupPoint, inputClaim), ([.one] + parts.lookupPoint, outputClaim),
            (parts.tablePoint, countClaim),
        ]
    }

    /// Verifies and checks the batched group equations.
    /// - Throws: ``ProofError/verificationFailed(protocol:check:)`` when the proof is invalid.
    public func verify(
        lookups: HyraxCommitment, table: [Int64], shape: Shape, key: CommitmentKey,
        transcript: inout MerlinTranscript
    ) throws(ProofError) {
        var batch = GroupEquationBatch()
        try verify(lookups: lookups, table: table, shape: shape, key: key, transcript: &transcript, batch: &batch)
        try batch.verify(with: key, protocol: TableLookupProof.label)
    }

    // MARK: Encoding

    init(
        counts: HyraxCommitment?, fractionTree: FractionTreeProof, inputClaim: RistrettoPoint,
        outputClaim: RistrettoPoint, countClaim: RistrettoPoint, numeratorLink: ZeroOpeningProof,
        denominatorLink: ZeroOpeningProof, inputOpening: HyraxOpening?, outputOpening: HyraxOpening?,
        countOpening: HyraxOpening?
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
        self.inputClaim = inputClaim
        self.outputClaim = outputClaim
        self.countClaim = countClaim
        self.numeratorLink = numeratorLink
        self.denominatorLink = denominatorLink
        self.inputOpening = inputOpening
        self.outputOpening = outputOpening
        self.countOpening = countOpening
    }

    /// The root and layer messages, as the shared logUp-GKR helper reads them.
    var fractionTree: FractionTreeProof {
        FractionTreeProof(
            rootNumerator: rootNumerator, rootDenominator: rootDenominator, rootNumeratorIsZero: rootNumeratorIsZero,
            rootInverse: rootInverse, rootOne: rootOne, rootDenominatorIsInvertible: rootDenominatorIsInvertible,
            rootOneIsOne: rootOneIsOne, layers: layers, consistency: layerConsistency)
    }

    /// The encoded size of a proof of `shape`: the multiplicities' rows, the fraction tree (16 elements for the
    /// root, 10k + 33 for layer k), 3 claims, 2 links and 3 Hyrax openings (no rows or openings by the caller).
    public static func encodedByteCount(shape: Shape) -> Int {
        var size = FractionTreeProof.encodedByteCount(depth: shape.layout.leafBits) + 3 * 32 + 2 * 64
        if let lookups = shape.lookups, let counts = shape.counts {
            size += 32 * counts.rowCount + 2 * HyraxOpening.encodedByteCount(shape: lookups)
                + HyraxOpening.encodedByteCount(shape: counts)
        }
        return size
    }

    /// Writes every message in protocol order; all counts follow from the shape.
    public func encode(to writer: inout ProofWriter) {
        counts?.encode(to: &writer)
        fractionTree.encode(to: &writer)
        writer.write([inputClaim, outputClaim, countClaim])
        numeratorLink.encode(to: &writer)
        denominatorLink.encode(to: &writer)
        inputOpening?.encode(to: &writer)
        outputOpening?.encode(to: &writer)
        countOpening?.encode(to: &writer)
    }

    /// Reads a proof of the given shape.
    /// - Throws: ``ProofError/truncated(offset:needed:available:)``, ``ProofError/invalidPoint(offset:reason:)``
    ///   or ``ProofError/nonCanonicalScalar(offset:)`` for a malformed encoding.
    public init(from reader: inout ProofReader, shape: Shape) throws(ProofError) {
        var counts: HyraxCommitment? = nil
        if let countShape = shape.counts { counts = try HyraxCommitment(from: &reader, shape: countShape) }
        let fractionTree = try FractionTreeProof(from: &reader, depth: shape.layout.leafBits)
        let claims = try reader.readPoints(3)
        let numeratorLink = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        let denominatorLink = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        var inputOpening: HyraxOpening? = nil
        var outputOpening: HyraxOpening? = nil
        var countOpening: HyraxOpening? = nil
        if let lookups = shape.lookups, let countShape = shape.counts {
            inputOpening = try HyraxOpening(from: &reader, shape: lookups)
            outputOpening = try HyraxOpening(from: &reader, shape: lookups)
            countOpening = try HyraxOpening(from: &reader, shape: countShape)
        }
        self.init(
            counts: counts, fractionTree: fractionTree, inputClaim: claims[0], outputClaim: claims[1],
            countClaim: claims[2], numeratorLink: numeratorLink, denominatorLink: denominatorLink,
            inputOpening: inputOpening, outputOpening: outputOpening, countOpening: countOpening)
    }
}

extension RangeCheckLayout {
    /// The leaves for 2^n pairs (inputs[i], outputs[i]) against the table {(t, table[t])} with multiplicities
    /// `counts`, at challenges α and β: lookup i is (1, α − (x_i + β·y_i)), table entry t is
    /// (−m_t, α − (t + β·T[t])), padding (0, 1), side by side: lookups in the first half, the table in the second.
    func pairLeaves(
        inputs: [Int64], outputs: [Int64], table: [Int64], counts: [Int64], alpha: Scalar, beta: Scalar
    ) -> (numerators: [Scalar], denominators: [Scalar]) {
        let half = 1 << halfBits
        var p = [Scalar](repeating: .zero, count: 2 * half)
        var q = [Scalar](repeating: .one, count: 2 * half)
        for i in 0..<inputs.count {
            p[i] = .one
            q[i] = alpha - (Scalar(inputs[i]) + beta * Scalar(outputs[i]))
        }
        for t in 0..<counts.count {
            p[half + t] = -Scalar(counts[t])
            q[half + t] = alpha - (Scalar(Int64(t)) + beta * Scalar(table[t]))
        }
        return (p, q)
    }
}

extension LeafPoint {
    /// q̃_leaf(ρ) for pairs: (1 − s)·(sel_l·(α − x̃ − β·ỹ) + 1 − sel_l) + s·(sel_t·(α − t̃ − β·T̃) + 1 − sel_t),
    /// as (constant, coefficient of x̃, coefficient of ỹ), with T̃ at the table point given by the caller.
    func pairDenominatorForm(
        alpha: Scalar, beta: Scalar, tableOutput: Scalar
    ) -> (constant: Scalar, inputCoefficient: Scalar, outputCoefficient: Scalar) {
        let lookupConstant = lookupSelector * alpha + .one - lookupSelector
        let tableConstant = tableSelector * (alpha - tableValue - beta * tableOutput) + .one - tableSelector
        let inputCoefficient = -((.one - side) * lookupSelector)
        return (
            (.one - side) * lookupConstant + side * tableConstant, inputCoefficient, inputCoefficient * beta
        )
    }
}
