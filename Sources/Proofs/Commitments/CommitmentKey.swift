import Algebra
import Transcript

/// The public parameters of Pedersen commitments: vectors `Com(v; r) = Σ v_i·G_i + r·H` and scalars
/// `Com(v; r) = v·U + r·H` (see ``PedersenGenerators`` for why scalars use U).
public struct CommitmentKey: Sendable {
    /// The derived generators.
    public let generators: PedersenGenerators

    /// A key over already derived generators.
    public init(_ generators: PedersenGenerators) { self.generators = generators }

    /// A key with `vectorCapacity` value generators, derived now.
    public init(vectorCapacity: Int) { self.generators = PedersenGenerators(count: vectorCapacity) }

    /// The longest vector that can be committed.
    public var vectorCapacity: Int { generators.count }

    /// G_0 … G_{n−1}.
    public func vectorBases(_ count: Int) throws(ProofError) -> ArraySlice<RistrettoPoint> {
        guard count <= vectorCapacity else {
            throw ProofError.generatorsExhausted(needed: count, available: vectorCapacity)
        }
        return generators.valueBases.points[0..<count]
    }

    /// H.
    public var blindingBase: RistrettoPoint { generators.blinding }
    /// U, the value generator of scalar commitments.
    public var scalarBase: RistrettoPoint { generators.scalarValue }

    /// Σ values_i·G_i + r·H.
    /// - Complexity: one MSM of `values.count` points (table lookups for short vectors).
    public func commit(_ values: [Scalar], blinder: Blinder) throws(ProofError) -> RistrettoPoint {
        try commit(values, offset: 0, blinder: blinder)
    }

    /// Σ values_i·G_{offset+i} + r·H: a vector in the slice of G that starts at `offset`.
    /// - Complexity: table lookups when the slice lies within ``PedersenGenerators/shortVectorLength``, else one
    ///   MSM over offset + count points.
    public func commit(_ values: [Scalar], offset: Int, blinder: Blinder) throws(ProofError) -> RistrettoPoint {
        guard offset >= 0, values.count <= vectorCapacity - offset else {
            throw ProofError.generatorsExhausted(needed: offset &+ values.count, available: vectorCapacity)
        }
        var result = generators.blindingTable.multiply(blinder.value)
        let tables = generators.shortVectorTables
        if offset + values.count <= tables.count, values.count <= 64 {
            for (i, value) in values.enumerated() where !value.isZero {
                result = result + tables.table(offset + i).multiply(value)
            }
            return result
        }
        let scalars = offset == 0 ? values : [Scalar](repeating: .zero, count: offset) + values
        return result + ((try? generators.valueBases.multiscalarMultiply(scalars)) ?? .identity)
    }

    /// Σ values_i·G_i + r·H for small signed integers (no conversion to scalars; short Pippenger).
    public func commit(small values: [Int64], blinder: Blinder) throws(ProofError) -> RistrettoPoint {
        guard values.count <= vectorCapacity else {
            throw ProofError.generatorsExhausted(needed: values.count, available: vectorCapacity)
        }
        let body = (try? generators.valueBases.multiscalarMultiply(small: values)) ?? .identity
        return body + generators.blindingTable.multiply(blinder.value)
    }

    /// value·U + r·H, a committed claim.
    public func commitScalar(_ value: Scalar, blinder: Blinder) -> RistrettoPoint {
        generators.scalarValueTable.multiply(value) + generators.blindingTable.multiply(blinder.value)
    }

    /// The committed claim (value, blinder, value·U + blinder·H) for a value and blinder the prover derived from
    /// other claims' openings (a linear combination of them): the point equals that combination of their
    /// commitments, formed by the fixed-base tables (two table multiplications, about 8 µs) instead of
    /// variable-base multiplications of the commitments (about 35 µs each).
    package func recommit(_ value: Scalar, blinder: Scalar) -> ZKSumcheckProof.CommittedScalar {
        let derived = Blinder(derived: blinder)
        return (value, derived, commitScalar(value, blinder: derived))
    }

    /// value·U + r·H with a fresh blinder r, returned with its opening (a committed claim the prover keeps).
    package func commitFresh(_ value: Scalar, rng: TranscriptRNG) -> ZKSumcheckProof.CommittedScalar {
        let blinder = Blinder.random(using: rng)
        return (value, blinder, commitScalar(value, blinder: blinder))
    }
}
