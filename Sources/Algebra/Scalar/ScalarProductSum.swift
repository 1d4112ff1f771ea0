/// Σ a_i·b_i for scalars, with one Montgomery reduction per 15 products instead of one per product.
///
/// The sumcheck kernels weigh every pair's value by an eq entry and add it up; a full multiplication per term spends
/// about a third of its work in the reduction. Here each product stays a 512-bit integer (below ℓ² < 2^504.01,
/// both operands being below ℓ) added into a 512-bit accumulator; 15 of them stay below 15·ℓ² < R·ℓ ≈ 2^508, the
/// bound ``Scalar/montgomeryReduce(_:_:_:_:_:_:_:_:)`` accepts, so the accumulator is reduced into the running total
/// every 15 products. The reduction of a sum of Montgomery products is the Montgomery form of the sum of products,
/// so ``value`` equals Σ a_i·b_i computed one multiplication at a time.
@frozen
public struct ScalarProductSum: Sendable {
    @usableFromInline var t0: UInt64 = 0
    @usableFromInline var t1: UInt64 = 0
    @usableFromInline var t2: UInt64 = 0
    @usableFromInline var t3: UInt64 = 0
    @usableFromInline var t4: UInt64 = 0
    @usableFromInline var t5: UInt64 = 0
    @usableFromInline var t6: UInt64 = 0
    @usableFromInline var t7: UInt64 = 0
    /// Products in the accumulator (at most 14 between calls).
    @usableFromInline var pending = 0
    /// The reduced sum of earlier products.
    @usableFromInline var total = Scalar.zero

    /// An empty sum (zero).
    @inlinable
    public init() {}

    /// Adds a·b.
    /// - Complexity: 16 limb products and an 8-limb addition; every 15th call also one reduction.
    @inlinable @inline(__always)
    public mutating func add(_ a: Scalar, _ b: Scalar) {
        let p = Scalar.wideProduct(a, b)
        var carry: UInt64
        (t0, carry) = Scalar.adc(t0, p.0, 0)
        (t1, carry) = Scalar.adc(t1, p.1, carry)
        (t2, carry) = Scalar.adc(t2, p.2, carry)
        (t3, carry) = Scalar.adc(t3, p.3, carry)
        (t4, carry) = Scalar.adc(t4, p.4, carry)
        (t5, carry) = Scalar.adc(t5, p.5, carry)
        (t6, carry) = Scalar.adc(t6, p.6, carry)
        (t7, _) = Scalar.adc(t7, p.7, carry)
        pending &+= 1
        if pending == 15 { flush() }
    }

    /// Adds a scalar as it is (a product already reduced, or an unweighted term).
    @inlinable @inline(__always)
    public mutating func add(_ value: Scalar) {
        total += value
    }

    /// Reduces the accumulator into the running total.
    @inlinable
    mutating func flush() {
        total += Scalar.montgomeryReduce(t0, t1, t2, t3, t4, t5, t6, t7)
        (t0, t1, t2, t3, t4, t5, t6, t7) = (0, 0, 0, 0, 0, 0, 0, 0)
        pending = 0
    }

    /// Σ a_i·b_i mod ℓ.
    @inlinable
    public var value: Scalar {
        var copy = self
        copy.flush()
        return copy.total
    }
}
