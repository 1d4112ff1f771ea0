/// Σ s_i·k_i for scalars s_i and signed integers k_i (|k_i| < 2^64), accumulated without modular reduction and
/// reduced once when ``value`` is read.
///
/// The sumcheck prover's first round over small-integer tables (activations, limbs, weights) multiplies a
/// full scalar (an eq-table entry) by an integer product; a full Montgomery multiplication per term would cost
/// 32 limb products, this costs 4. Each term is the scalar's Montgomery limbs (s·R mod ℓ < 2^253) times |k|,
/// added to a 384-bit two's-complement accumulator, so about 2^66 terms fit before it could overflow. The
/// accumulated integer A ≡ R·Σ s_i·k_i (mod ℓ) is Montgomery-reduced once: ``value`` = A·R^(−1) as a scalar.
@frozen
public struct ScalarIntegerSum: Sendable {
    // A 384-bit two's-complement integer, little-endian limbs.
    @usableFromInline var a0: UInt64 = 0
    @usableFromInline var a1: UInt64 = 0
    @usableFromInline var a2: UInt64 = 0
    @usableFromInline var a3: UInt64 = 0
    @usableFromInline var a4: UInt64 = 0
    @usableFromInline var a5: UInt64 = 0

    /// An empty sum (zero).
    @inlinable
    public init() {}

    /// Adds s·k for k = ±magnitude (`isNegative` selects the sign), without a branch.
    /// - Complexity: O(1): four 64×64-bit products and a 6-limb addition.
    @inlinable @inline(__always)
    public mutating func add(_ s: Scalar, timesMagnitude magnitude: UInt64, isNegative: Bool) {
        // t = s.m · magnitude, five limbs.
        let (t0, c0) = Scalar.mac(s.m0, magnitude, 0, 0)
        let (t1, c1) = Scalar.mac(s.m1, magnitude, 0, c0)
        let (t2, c2) = Scalar.mac(s.m2, magnitude, 0, c1)
        let (t3, t4) = Scalar.mac(s.m3, magnitude, 0, c2)
        // Adding −t is adding (~t) + 1 over all six limbs: xor with the mask, carry in the mask's low bit.
        let mask: UInt64 = isNegative ? ~0 : 0
        var carry = mask & 1
        (a0, carry) = Scalar.adc(a0, t0 ^ mask, carry)
        (a1, carry) = Scalar.adc(a1, t1 ^ mask, carry)
        (a2, carry) = Scalar.adc(a2, t2 ^ mask, carry)
        (a3, carry) = Scalar.adc(a3, t3 ^ mask, carry)
        (a4, carry) = Scalar.adc(a4, t4 ^ mask, carry)
        (a5, _) = Scalar.adc(a5, mask, carry)
    }

    /// Adds s·k.
    @inlinable @inline(__always)
    public mutating func add(_ s: Scalar, times k: Int64) {
        add(s, timesMagnitude: k.magnitude, isNegative: k < 0)
    }

    /// Adds another accumulator (partial sums from parallel workers).
    @inlinable
    public mutating func add(_ other: ScalarIntegerSum) {
        var carry: UInt64 = 0
        (a0, carry) = Scalar.adc(a0, other.a0, carry)
        (a1, carry) = Scalar.adc(a1, other.a1, carry)
        (a2, carry) = Scalar.adc(a2, other.a2, carry)
        (a3, carry) = Scalar.adc(a3, other.a3, carry)
        (a4, carry) = Scalar.adc(a4, other.a4, carry)
        (a5, _) = Scalar.adc(a5, other.a5, carry)
    }

    /// Σ s_i·k_i mod ℓ.
    /// - Complexity: one Montgomery reduction and one multiplication.
    public var value: Scalar {
        // Split into sign and magnitude; the magnitude is below 2^383 < R·ℓ, which Montgomery reduction accepts.
        let isNegative = a5 >> 63 == 1
        var m = (a0, a1, a2, a3, a4, a5)
        if isNegative {
            let limbs = [a0, a1, a2, a3, a4, a5]
            var negated = [UInt64](repeating: 0, count: 6)
            var carry: UInt64 = 1
            for i in 0..<6 { (negated[i], carry) = Scalar.adc(~limbs[i], 0, carry) }
            m = (negated[0], negated[1], negated[2], negated[3], negated[4], negated[5])
        }
        // reduce(A) = A·R^(−1), read as Montgomery limbs; one multiplication by R² gives limbs A mod ℓ, which are
        // the Montgomery form of A·R^(−1) = Σ s_i·k_i.
        let reduced = Scalar.montgomeryReduce(m.0, m.1, m.2, m.3, m.4, m.5, 0, 0)
        let magnitude = Scalar.montgomeryMultiply(reduced, Scalar.r2)
        return isNegative ? -magnitude : magnitude
    }
}
