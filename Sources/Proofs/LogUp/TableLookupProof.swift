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
/// Transcript: "table-lookup", n, b, the table's digest, the lookup commitment, the multiplicities, "alpha",
/// "beta", the fraction tree, "input-claim", "output-claim", "count-claim", the two links and three openings.
public struct TableLookupProof: ProofMessage, Equatable {
    /// The public parameters that fix the proof's layout.
    public struct Shape: Sendable, Hashable {
        /// 2^n lookups against a table of 2^b pairs.
        public let layout: RangeCheckLayout
        /// The layout of the committed lookups L (2^(n+1) entries: inputs, then outputs).
        public let lookups: HyraxCommitment.Shape
        /// The layout of the committed multiplicities m (2^b entries).
        public let counts: HyraxCommitment.Shape

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
    /// One inner-product proof for the round equations of every layer's sumcheck (absent for depth ≤ 1).
    public let layerConsistency: InnerProductProof?
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
    /// Hyrax opening of L at (0, lookup point) against ``inputClaim``.
    public let inputOpening: HyraxOpening
    /// Hyrax opening of L at (1, lookup point) against ``outputClaim``.
    public let outputOpening: HyraxOpening
    /// Hyrax opening of m at the table point against ``countClaim``.
    public let countOpening: HyraxOpening

    static let label = "table-lookup"

    // MARK: Prover

    /// Proves that every pair (x_i, y_i) committed in `lookups` (inputs in its first half, outputs in its second)
    /// is (t, table[t]) for some t ∈ [0, 2^b).
    /// - Throws: ``ProofError/invalidWitness(_:)`` for a pair not in the table (the prover refuses), and
    ///   ``ProofError/shapeMismatch(_:)`` when the witness does not have the shape's layout or the table does not
    ///   have 2^b entries.
    public static func prove(
        lookups witness: HyraxWitness, table: [Int64], shape: Shape, key: CommitmentKey,
        transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> TableLookupProof {
        guard witness.shape == shape.lookups else {
            throw ProofError.shapeMismatch("the lookups' layout differs from the table lookup's shape")
        }
        let layout = shape.layout
        try checkTable(table, layout: layout)
        let pairCount = 1 << layout.lookupBits
        var values = witness.values
        values.append(contentsOf: repeatElement(0, count: 2 * pairCount - values.count))
        let inputs = Array(values[0..<pairCount])
        let outputs = Array(values[pairCount...])
        var countValues = [Int64](repeating: 0, count: table.count)
        for i in 0..<pairCount {
            let x = inputs[i]
            guard x >= 0, x < table.count, table[Int(x)] == outputs[i] else {
                throw ProofError.invalidWitness("table lookup: pair \(i) is not in the table")
            }
            countValues[Int(x)] += 1
        }

        absorbStatement(shape: shape, table: table, lookups: witness.commitment, into: &transcript)
        let (counts, countWitness) = try HyraxCommitment.commit(countValues, shape: shape.counts, key: key, rng: rng)
        counts.absorb(label: "counts", into: &transcript)
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
            key: key, transcript: &transcript, rng: rng)
        let tableOutput = try MultilinearPolynomial.evaluate(small: table, at: parts.tablePoint)
        let form = parts.pairDenominatorForm(alpha: alpha, beta: beta, tableOutput: tableOutput)
        let denominatorLink = ZeroOpeningProof.prove(
            blinder: Blinder(
                derived: q.blinder.value - form.inputCoefficient * inputClaim.blinder.value
                    - form.outputCoefficient * outputClaim.blinder.value),
            commitment: q.commitment - form.constant * key.scalarBase - form.inputCoefficient * inputClaim.commitment
                - form.outputCoefficient * outputClaim.commitment,
            key: key, transcript: &transcript, rng: rng)
        let inputOpening = try HyraxOpening.prove(
            witness: witness, point: [.zero] + parts.lookupPoint, value: inputClaim.value,
            valueBlinder: inputClaim.blinder, valueCommitment: inputClaim.commitment, key: key,
            transcript: &transcript, rng: rng)
        let outputOpening = try HyraxOpening.prove(
            witness: witness, point: [.one] + parts.lookupPoint, value: outputClaim.value,
            valueBlinder: outputClaim.blinder, valueCommitment: outputClaim.commitment, key: key,
            transcript: &transcript, rng: rng)
        let countOpening = try HyraxOpening.prove(
            witness: countWitness, point: parts.tablePoint, value: countClaim.value,
            valueBlinder: countClaim.blinder, valueCommitment: countClaim.commitment, key: key,
            transcript: &transcript, rng: rng)

        return TableLookupProof(
            counts: counts, fractionTree: treeProof, inputClaim: inputClaim.commitment,
            outputClaim: outputClaim.commitment, countClaim: countClaim.commitment, numeratorLink: numeratorLink,
            denominatorLink: denominatorLink, inputOpening: inputOpening, outputOpening: outputOpening,
            countOpening: countOpening)
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

    /// Absorbs the domain label, n, b, the table's digest and the lookup commitment (before any challenge).
    static func absorbStatement(
        shape: Shape, table: [Int64], lookups: HyraxCommitment, into transcript: inout MerlinTranscript
    ) {
        absorbStatement(
            shape: shape, tableDigest: tableDigest(table, tableBits: shape.layout.tableBits), lookups: lookups,
            into: &transcript)
    }

    static func absorbStatement(
        shape: Shape, tableDigest: [UInt8], lookups: HyraxCommitment, into transcript: inout MerlinTranscript
    ) {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendUInt64(label: "lookup-bits", value: UInt64(shape.layout.lookupBits))
        transcript.appendUInt64(label: "table-bits", value: UInt64(shape.layout.tableBits))
        transcript.appendMessage(label: "table", message: tableDigest)
        lookups.absorb(label: "lookups", into: &transcript)
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
        guard lookups.shape == shape.lookups, counts.shape == shape.counts else {
            throw ProofError.shapeMismatch("table lookup commitments do not have the shape's layouts")
        }
        let layout = shape.layout
        guard prepared.tableBits == layout.tableBits else {
            throw ProofError.shapeMismatch("a table of 2^\(prepared.tableBits) pairs for 2^\(layout.tableBits)")
        }
        guard layers.count == layout.leafBits else {
            throw ProofError.shapeMismatch("table lookup has \(layers.count) layers for \(layout.leafBits)")
        }
        TableLookupProof.absorbStatement(
            shape: shape, tableDigest: prepared.digest, lookups: lookups, into: &transcript)
        counts.absorb(label: "counts", into: &transcript)
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
        numeratorLink.verify(
            commitment: p - numeratorForm.constant * key.scalarBase - numeratorForm.countsCoefficient * countClaim,
            transcript: &transcript, batch: &batch)
        // The public side: T̃ at the table point (t̃ is in `parts`).
        let tableOutput = try prepared.evaluate(at: parts.tablePoint)
        let form = parts.pairDenominatorForm(alpha: alpha, beta: beta, tableOutput: tableOutput)
        denominatorLink.verify(
            commitment: q - form.constant * key.scalarBase - form.inputCoefficient * inputClaim
                - form.outputCoefficient * outputClaim,
            transcript: &transcript, batch: &batch)
        try inputOpening.verify(
            commitment: lookups, point: [.zero] + parts.lookupPoint, valueCommitment: inputClaim,
            transcript: &transcript, batch: &batch)
        try outputOpening.verify(
            commitment: lookups, point: [.one] + parts.lookupPoint, valueCommitment: outputClaim,
            transcript: &transcript, batch: &batch)
        try countOpening.verify(
            commitment: counts, point: parts.tablePoint, valueCommitment: countClaim, transcript: &transcript,
            batch: &batch)
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
        counts: HyraxCommitment, fractionTree: FractionTreeProof, inputClaim: RistrettoPoint,
        outputClaim: RistrettoPoint, countClaim: RistrettoPoint, numeratorLink: ZeroOpeningProof,
        denominatorLink: ZeroOpeningProof, inputOpening: HyraxOpening, outputOpening: HyraxOpening,
        countOpening: HyraxOpening
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
    /// root, 10k + 33 for layer k), 3 claims, 2 links and 3 Hyrax openings.
    public static func encodedByteCount(shape: Shape) -> Int {
        32 * shape.counts.rowCount + FractionTreeProof.encodedByteCount(depth: shape.layout.leafBits) + 3 * 32
            + 2 * 64 + 2 * HyraxOpening.encodedByteCount(shape: shape.lookups)
            + HyraxOpening.encodedByteCount(shape: shape.counts)
    }

    /// Writes every message in protocol order; all counts follow from the shape.
    public func encode(to writer: inout ProofWriter) {
        counts.encode(to: &writer)
        fractionTree.encode(to: &writer)
        writer.write([inputClaim, outputClaim, countClaim])
        numeratorLink.encode(to: &writer)
        denominatorLink.encode(to: &writer)
        inputOpening.encode(to: &writer)
        outputOpening.encode(to: &writer)
        countOpening.encode(to: &writer)
    }

    /// Reads a proof of the given shape.
    /// - Throws: ``ProofError/truncated(offset:needed:available:)``, ``ProofError/invalidPoint(offset:reason:)``
    ///   or ``ProofError/nonCanonicalScalar(offset:)`` for a malformed encoding.
    public init(from reader: inout ProofReader, shape: Shape) throws(ProofError) {
        let counts = try HyraxCommitment(from: &reader, shape: shape.counts)
        let fractionTree = try FractionTreeProof(from: &reader, depth: shape.layout.leafBits)
        let claims = try reader.readPoints(3)
        let numeratorLink = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        let denominatorLink = try ZeroOpeningProof(from: &reader, shape: FixedShape())
        let inputOpening = try HyraxOpening(from: &reader, shape: shape.lookups)
        let outputOpening = try HyraxOpening(from: &reader, shape: shape.lookups)
        let countOpening = try HyraxOpening(from: &reader, shape: shape.counts)
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
