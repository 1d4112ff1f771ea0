import Algebra

/// A multilinear polynomial in v variables given by its 2^v evaluations on the Boolean hypercube.
///
/// Variable order follows ``EqualityPolynomial``: the first variable is the most significant index bit, and
/// ``fold(_:)`` binds it (a sumcheck binds variables in this order).
public struct MultilinearPolynomial: Sendable, Equatable {
    /// Evaluations in index order; the count is a power of two.
    public private(set) var evaluations: [Scalar]

    /// A polynomial from its evaluations. The count must be a power of two (at least 1).
    public init(evaluations: [Scalar]) throws(ProofError) {
        guard !evaluations.isEmpty, evaluations.count & (evaluations.count - 1) == 0 else {
            throw ProofError.shapeMismatch("a multilinear table needs a power-of-two length, got \(evaluations.count)")
        }
        self.evaluations = evaluations
    }

    /// A polynomial from small integers (weights, activations, limbs), padded with zeros to a power of two.
    public init(small values: [Int64]) {
        var size = 1
        while size < values.count { size *= 2 }
        var table = [Scalar](repeating: .zero, count: size)
        for (i, value) in values.enumerated() { table[i] = Scalar(value) }
        self.evaluations = table
    }

    /// The number of variables v.
    public var variableCount: Int { evaluations.count.trailingZeroBitCount }

    /// Binds the first (most significant) variable to r: P'(x′) = P(r, x′).
    /// - Complexity: O(2^(v−1)) multiplications.
    public mutating func fold(_ r: Scalar) {
        let half = evaluations.count / 2
        guard half > 0 else { return }
        evaluations.withUnsafeMutableBufferPointer { e in
            for i in 0..<half {
                e[i] = e[i] + r * (e[i + half] - e[i])
            }
        }
        evaluations.removeLast(half)
    }

    /// P(z) for a point with one coordinate per variable, by successive folding.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when the point has the wrong length.
    /// - Complexity: O(2^v) multiplications.
    public func evaluate(at point: [Scalar]) throws(ProofError) -> Scalar {
        guard point.count == variableCount else {
            throw ProofError.shapeMismatch("point has \(point.count) coordinates for \(variableCount) variables")
        }
        var copy = self
        for r in point { copy.fold(r) }
        return copy.evaluations[0]
    }

    /// P(z) for the multilinear extension of small integers (zero-padded to 2^v entries, v = z.count), without
    /// converting them: eq(z, i) = eq(z_hi, i_hi)·eq(z_lo, i_lo) over the last ⌈v/2⌉ coordinates, and each block's
    /// Σ eq(z_lo, i_lo)·P_i is summed on the integers (``ScalarIntegerSum``, 4 limb products per entry instead of a
    /// conversion and a fold's multiplication).
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when more than 2^v values are given.
    /// - Complexity: O(2^v) limb products, O(2^⌈v/2⌉) multiplications.
    public static func evaluate(small values: [Int64], at point: [Scalar]) throws(ProofError) -> Scalar {
        let v = point.count
        guard v <= 40, values.count <= 1 << v else {
            throw ProofError.shapeMismatch("\(values.count) values for a point of \(v) coordinates")
        }
        let lowBits = (v + 1) / 2
        let low = EqualityPolynomial.table(at: Array(point.suffix(lowBits)))
        let high = EqualityPolynomial.table(at: Array(point.prefix(v - lowBits)))
        let blockSize = 1 << lowBits
        let blocks = (values.count + blockSize - 1) / blockSize
        var blockSums = [Scalar](repeating: .zero, count: blocks)
        values.withUnsafeBufferPointer { values in
            low.withUnsafeBufferPointer { low in
                blockSums.withUnsafeMutableBufferPointer { out in
                    let shared = UncheckedSendable((values, low, high, out))
                    // Blocks in parallel for large vectors.
                    let chunks = values.count >= 1 << 16 ? min(blocks, 16) : 1
                    ParallelChunks.forEach(count: blocks, chunks: chunks) { chunk in
                        let (values, low, high, out) = shared.value
                        // A block whose eq weight is zero (a point with Boolean prefix bits) is skipped.
                        for b in chunk where !high[b].isZero {
                            var sum = ScalarIntegerSum()
                            let start = b * blockSize
                            for i in start..<min(values.count, start + blockSize) {
                                sum.add(low[i - start], times: values[i])
                            }
                            out[b] = sum.value
                        }
                    }
                }
            }
        }
        var result = Scalar.zero
        for (b, sum) in blockSums.enumerated() { result += high[b] * sum }
        return result
    }
}
