extension RistrettoPoint {
    /// Σ scalars[i]·points[i] by Pippenger's method over both cores. **Variable time.**
    ///
    /// Small scalars (and small negative ones, ℓ − k) are detected, so they cost only as many windows as their
    /// bit length; bases are normalized with one batched inversion first.
    /// - Throws: ``AlgebraError/lengthMismatch(scalars:points:)`` when the two arrays differ in length.
    /// - Complexity: about (253/c)·(n + 2^c) point additions, c ≈ log₂ n − 3.
    public static func multiscalarMultiply(
        _ scalars: [Scalar], _ points: [RistrettoPoint]
    ) throws(AlgebraError) -> RistrettoPoint {
        guard scalars.count == points.count else {
            throw AlgebraError.lengthMismatch(scalars: scalars.count, points: points.count)
        }
        let bases = RistrettoPoint.affineNiels(points)
        let magnitudes = scalars.map(SignedMagnitude.init)
        return bases.withUnsafeBufferPointer { Pippenger.multiply(magnitudes, $0) }
    }
}
