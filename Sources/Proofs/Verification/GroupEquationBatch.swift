import Algebra
import Transcript

/// Collects the group equations of a verification (each "Σ s_k·P_k = identity") and checks them all with one
/// multi-scalar multiplication after weighting each by a fresh random scalar (DESIGN.md §2, verifier step 6).
///
/// Soundness: if any equation fails, the weighted sum is the identity with probability at most 1/ℓ, because
/// the weights are drawn from the verifier's own randomness after the proof is fixed. Terms on the public
/// generators (G_i, H, U) are merged into one coefficient each, so the final MSM runs over the precomputed
/// generator tables plus the proof's own elements.
public struct GroupEquationBatch {
    private var generatorCoefficients: [Scalar] = []
    private var blindingCoefficient = Scalar.zero
    private var scalarBaseCoefficient = Scalar.zero
    private var scalars: [Scalar] = []
    private var points: [RistrettoPoint] = []
    /// Where each decoded point's term sits in ``points``, so a point used by several equations is one MSM term.
    private var termIndex: [DecodedPointKey: Int] = [:]
    /// Row terms of Hyrax commitments by digest: one coefficient per row, summed over every opening.
    private var rowGroups: [[UInt8]: (points: [RistrettoPoint], scalars: [Scalar])] = [:]
    /// The verifier's weights: a STROBE PRF keyed with 32 bytes of OS randomness (one system call per batch
    /// instead of eight per equation).
    private let weights: TranscriptRNG = MerlinTranscript(label: "feedproof-batch-weights").rngBuilder().finalize()
    /// How many equations were added.
    public private(set) var equationCount = 0
    /// How many terms the final MSM gets besides the generators, H, U and the row groups.
    var termCount: Int { points.count }

    /// An empty batch.
    public init() {}

    /// One equation Σ terms = identity, built by the caller through an ``EquationBuilder``.
    public mutating func add(_ build: (inout EquationBuilder) -> Void) {
        var equation = EquationBuilder()
        build(&equation)
        let weight = randomWeight()
        equationCount += 1
        if generatorCoefficients.count < equation.generatorCoefficients.count {
            generatorCoefficients.append(
                contentsOf: repeatElement(.zero, count: equation.generatorCoefficients.count - generatorCoefficients.count))
        }
        for (i, c) in equation.generatorCoefficients.enumerated() where !c.isZero {
            generatorCoefficients[i] += weight * c
        }
        blindingCoefficient += weight * equation.blindingCoefficient
        scalarBaseCoefficient += weight * equation.scalarBaseCoefficient
        for (s, p) in zip(equation.scalars, equation.points) { addTerm(weight * s, p) }
        for group in equation.rowGroups {
            Self.mergeRows(
                key: group.key, points: group.points, scalars: group.scalars, weight: weight, into: &rowGroups,
                looseScalars: &scalars, loosePoints: &points)
        }
    }

    /// Adds one commitment's row terms, each times `weight` (as they are when nil), to `rows`: summed with the
    /// rows already there under the same digest, so each row is one MSM term however often it is opened. A digest
    /// seen with another row count cannot come from equal commitments; those terms are kept apart, as loose terms.
    private static func mergeRows(
        key: [UInt8], points groupPoints: [RistrettoPoint], scalars groupScalars: [Scalar], weight: Scalar?,
        into rows: inout [[UInt8]: (points: [RistrettoPoint], scalars: [Scalar])], looseScalars: inout [Scalar],
        loosePoints: inout [RistrettoPoint]
    ) {
        func weighted(_ s: Scalar) -> Scalar { weight.map { $0 * s } ?? s }
        if var sums = rows[key], sums.points.count == groupPoints.count {
            rows[key] = nil  // keep the arrays uniquely referenced while they are updated
            for (i, s) in groupScalars.enumerated() where !s.isZero { sums.scalars[i] += weighted(s) }
            rows[key] = sums
        } else if rows[key] == nil {
            rows[key] = (groupPoints, groupScalars.map { $0.isZero ? .zero : weighted($0) })
        } else {
            for (s, p) in zip(groupScalars, groupPoints) where !s.isZero {
                looseScalars.append(weighted(s))
                loosePoints.append(p)
            }
        }
    }

    /// Adds s·P as a new term, or to the term of the same decoded point.
    private mutating func addTerm(_ s: Scalar, _ point: RistrettoPoint) {
        if let key = DecodedPointKey(point) {
            if let index = termIndex[key] {
                scalars[index] += s
                return
            }
            termIndex[key] = points.count
        }
        scalars.append(s)
        points.append(point)
    }

    private func randomWeight() -> Scalar {
        weights.nextScalar()
    }

    /// Whether every added equation holds (one MSM).
    public func holds(with key: CommitmentKey) -> Bool {
        Self.allHold(CollectionOfOne(self), with: key)
    }

    /// Whether every equation of every batch holds, with one MSM over all of them (batch verification of many
    /// proofs; issue 9).
    ///
    /// Sound without further weights: each equation already carries its own uniformly random weight drawn by the
    /// verifier after its proof was fixed, so the sum over all batches is one batch with more equations. If any
    /// equation fails, the sum is the identity with probability at most 1/ℓ. Generator, H and U coefficients are
    /// summed, and so are the row terms of each Hyrax commitment (by digest): proofs under one model share the
    /// generator tables and the weight rows, and only their own points add MSM terms.
    public static func allHold(_ batches: some Collection<GroupEquationBatch>, with key: CommitmentKey) -> Bool {
        var width = 0
        var pointCount = 2
        for batch in batches {
            width = max(width, batch.generatorCoefficients.count)
            pointCount += batch.points.count
        }
        guard width <= key.vectorCapacity else { return false }
        var generators = [Scalar](repeating: .zero, count: width)
        var blinding = Scalar.zero
        var scalarBase = Scalar.zero
        var scalars: [Scalar] = []
        var points: [RistrettoPoint] = []
        scalars.reserveCapacity(pointCount)
        points.reserveCapacity(pointCount)
        var rows: [[UInt8]: (points: [RistrettoPoint], scalars: [Scalar])] = [:]
        for batch in batches {
            for (i, c) in batch.generatorCoefficients.enumerated() where !c.isZero { generators[i] += c }
            blinding += batch.blindingCoefficient
            scalarBase += batch.scalarBaseCoefficient
            scalars += batch.scalars
            points += batch.points
            for (digest, group) in batch.rowGroups {
                mergeRows(
                    key: digest, points: group.points, scalars: group.scalars, weight: nil, into: &rows,
                    looseScalars: &scalars, loosePoints: &points)
            }
        }
        scalars += [blinding, scalarBase]
        points += [key.blindingBase, key.scalarBase]
        for group in rows.values {
            for (s, p) in zip(group.scalars, group.points) where !s.isZero {
                scalars.append(s)
                points.append(p)
            }
        }
        let sum = try? key.generators.valueBases.multiscalarMultiply(generators, plus: scalars, points)
        return sum?.isIdentity ?? false
    }

    /// Throws ``ProofError/verificationFailed(protocol:check:)`` unless every equation holds.
    public func verify(with key: CommitmentKey, protocol name: String) throws(ProofError) {
        guard holds(with: key) else {
            throw ProofError.verificationFailed(protocol: name, check: "the batched group equations do not hold")
        }
    }
}

/// The terms of one group equation Σ terms = identity.
public struct EquationBuilder {
    var generatorCoefficients: [Scalar] = []
    var blindingCoefficient = Scalar.zero
    var scalarBaseCoefficient = Scalar.zero
    var scalars: [Scalar] = []
    var points: [RistrettoPoint] = []

    /// Adds s·P.
    public mutating func add(_ s: Scalar, _ point: RistrettoPoint) {
        scalars.append(s)
        points.append(point)
    }

    /// Adds s·G_index.
    public mutating func addGenerator(_ s: Scalar, index: Int) {
        if generatorCoefficients.count <= index {
            generatorCoefficients.append(contentsOf: repeatElement(.zero, count: index + 1 - generatorCoefficients.count))
        }
        generatorCoefficients[index] += s
    }

    /// Adds Σ s_i·G_i for i < coefficients.count.
    public mutating func addGenerators(_ coefficients: [Scalar]) {
        for (i, s) in coefficients.enumerated() { addGenerator(s, index: i) }
    }

    /// Adds s·H.
    public mutating func addBlinding(_ s: Scalar) { blindingCoefficient += s }

    /// Adds s·U.
    public mutating func addScalarBase(_ s: Scalar) { scalarBaseCoefficient += s }

    var rowGroups: [(key: [UInt8], scalars: [Scalar], points: [RistrettoPoint])] = []

    /// Adds Σ_i scalars_i·points_i for the full row list of one commitment identified by `key` (its digest): the
    /// batch merges these terms across equations, one MSM term per row.
    public mutating func addRows(key: [UInt8], scalars: [Scalar], points: [RistrettoPoint]) {
        rowGroups.append((key, scalars, points))
    }
}
