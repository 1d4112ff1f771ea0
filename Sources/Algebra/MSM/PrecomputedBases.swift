/// A fixed list of bases (such as the Pedersen generators G_0…G_{n−1}) stored normalized, so every
/// multi-scalar multiplication over them skips the per-call normalization.
///
/// Immutable after construction and safe to share across threads.
public final class PrecomputedBases: Sendable {
    /// The bases in the order given.
    public let points: [RistrettoPoint]
    let normalized: [AffineNielsPoint]

    /// Normalizes `points` once (one batched inversion).
    public init(_ points: [RistrettoPoint]) {
        self.points = points
        self.normalized = RistrettoPoint.affineNiels(points)
    }

    /// The number of bases.
    public var count: Int { points.count }

    /// Σ scalars[i]·base_i over the first `scalars.count` bases. **Variable time.**
    /// - Throws: ``AlgebraError/tooManyScalars(count:bases:)`` when there are more scalars than bases.
    public func multiscalarMultiply(_ scalars: [Scalar]) throws(AlgebraError) -> RistrettoPoint {
        try multiply(scalars.map(SignedMagnitude.init))
    }

    /// Σ values[i]·base_i for small signed integers (weights, activations, limbs): no conversion to scalars,
    /// and only as many Pippenger windows as the largest magnitude needs.
    /// - Throws: ``AlgebraError/tooManyScalars(count:bases:)`` when there are more values than bases.
    public func multiscalarMultiply(small values: [Int64]) throws(AlgebraError) -> RistrettoPoint {
        try multiply(values.map(SignedMagnitude.init))
    }

    /// Σ values[i]·base_i for 32-bit signed integers.
    public func multiscalarMultiply(small values: [Int32]) throws(AlgebraError) -> RistrettoPoint {
        try multiply(values.map { SignedMagnitude(Int64($0)) })
    }

    /// Σ values[i]·base_i for 16-bit signed integers.
    public func multiscalarMultiply(small values: [Int16]) throws(AlgebraError) -> RistrettoPoint {
        try multiply(values.map { SignedMagnitude(Int64($0)) })
    }

    /// Σ values[i]·base_i for 8-bit signed integers.
    public func multiscalarMultiply(small values: [Int8]) throws(AlgebraError) -> RistrettoPoint {
        try multiply(values.map { SignedMagnitude(Int64($0)) })
    }

    /// Σ scalars[i]·base_i + Σ otherScalars[j]·otherPoints[j] in one Pippenger run. **Variable time.**
    ///
    /// One run instead of two shares every window's bucket reduction and doublings between both sets (a
    /// verifier's final check: the generators plus the proof's own points).
    /// - Throws: ``AlgebraError/tooManyScalars(count:bases:)`` when there are more scalars than bases, and
    ///   ``AlgebraError/lengthMismatch(scalars:points:)`` when the other scalars and points differ in length.
    public func multiscalarMultiply(
        _ scalars: [Scalar], plus otherScalars: [Scalar], _ otherPoints: [RistrettoPoint]
    ) throws(AlgebraError) -> RistrettoPoint {
        guard scalars.count <= normalized.count else {
            throw AlgebraError.tooManyScalars(count: scalars.count, bases: normalized.count)
        }
        guard otherScalars.count == otherPoints.count else {
            throw AlgebraError.lengthMismatch(scalars: otherScalars.count, points: otherPoints.count)
        }
        var bases = Array(normalized[0..<scalars.count])
        bases += RistrettoPoint.affineNiels(otherPoints)
        let magnitudes = scalars.map(SignedMagnitude.init) + otherScalars.map(SignedMagnitude.init)
        return bases.withUnsafeBufferPointer { Pippenger.multiply(magnitudes, $0) }
    }

    /// Output t = Σ_p coefficients[p]·base_{p·stride + t} for t in 0..<outputs, one Pippenger run per output over
    /// the gathered bases, outputs spread over the cores (``WindowedBases/stridedSums(_:stride:outputs:)``).
    /// - Throws: ``AlgebraError/tooManyScalars(count:bases:)`` when the last index lies past the bases.
    public func stridedSums(_ coefficients: [Scalar], stride: Int, outputs: Int) throws(AlgebraError)
        -> [RistrettoPoint]
    {
        try StridedSums.check(coefficients: coefficients.count, stride: stride, outputs: outputs, bases: normalized.count)
        let magnitudes = coefficients.map(SignedMagnitude.init)
        return StridedSums.compute(outputs: outputs) { [normalized] output in
            let bases = (0..<magnitudes.count).map { p in normalized[p * stride + output] }
            return bases.withUnsafeBufferPointer { Pippenger.multiply(magnitudes, $0) }
        }
    }

    private func multiply(_ magnitudes: [SignedMagnitude]) throws(AlgebraError) -> RistrettoPoint {
        guard magnitudes.count <= normalized.count else {
            throw AlgebraError.tooManyScalars(count: magnitudes.count, bases: normalized.count)
        }
        return normalized.withUnsafeBufferPointer { Pippenger.multiply(magnitudes, $0) }
    }
}
