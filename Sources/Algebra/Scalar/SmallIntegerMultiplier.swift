/// A scalar s prepared for products with machine integers: s·k costs one single-limb Montgomery multiplication
/// (4 limb products and a reduction) instead of converting k to a scalar and a full multiplication.
///
/// It holds s·R mod ℓ, whose Montgomery limbs are s·R²; a Montgomery multiplication of those limbs by a plain
/// integer k gives s·R²·k·R^(−1) = s·k·R, the Montgomery form of s·k. The sumcheck prover folds small-integer
/// tables with it: lo + r·(hi − lo) = (1 − r)·lo + r·hi, one reduction per entry.
@frozen
public struct SmallIntegerMultiplier: Sendable {
    /// s·R mod ℓ (Montgomery limbs s·R²).
    @usableFromInline let lifted: Scalar

    /// Prepares `s` (one Montgomery multiplication).
    @inlinable
    public init(_ s: Scalar) {
        lifted = Scalar.montgomeryMultiply(s, Scalar.r2)
    }

    /// s·k.
    /// - Complexity: O(1): 4 limb products and one Montgomery reduction of a 5-limb value.
    @inlinable @inline(__always)
    public func multiplied(by k: Int64) -> Scalar {
        let product = Scalar.montgomeryMultiplySmall(lifted, by: k.magnitude)
        return k < 0 ? -product : product
    }

    /// x·a + y·b with a single Montgomery reduction.
    /// - Complexity: O(1): 8 limb products and one Montgomery reduction of a 6-limb value.
    @inlinable @inline(__always)
    public static func combination(
        _ x: SmallIntegerMultiplier, _ a: Int64, _ y: SmallIntegerMultiplier, _ b: Int64
    ) -> Scalar {
        // t = x.limbs·|a| and u = y.limbs·|b|, five limbs each (below 2^253·2^64).
        let ka = a.magnitude
        let kb = b.magnitude
        let (t0, c0) = Scalar.mac(x.lifted.m0, ka, 0, 0)
        let (t1, c1) = Scalar.mac(x.lifted.m1, ka, 0, c0)
        let (t2, c2) = Scalar.mac(x.lifted.m2, ka, 0, c1)
        let (t3, t4) = Scalar.mac(x.lifted.m3, ka, 0, c2)
        let (u0, d0) = Scalar.mac(y.lifted.m0, kb, 0, 0)
        let (u1, d1) = Scalar.mac(y.lifted.m1, kb, 0, d0)
        let (u2, d2) = Scalar.mac(y.lifted.m2, kb, 0, d1)
        let (u3, u4) = Scalar.mac(y.lifted.m3, kb, 0, d2)
        // s = ±t ± u as a 6-limb two's-complement integer: negating is xor with the mask plus its low bit (the
        // carry into limb 0 may be 2, which the 128-bit addition in adc absorbs).
        let ma: UInt64 = a < 0 ? ~0 : 0
        let mb: UInt64 = b < 0 ? ~0 : 0
        var carry = (ma & 1) &+ (mb & 1)
        var s0: UInt64
        var s1: UInt64
        var s2: UInt64
        var s3: UInt64
        var s4: UInt64
        var s5: UInt64
        (s0, carry) = Scalar.adc(t0 ^ ma, u0 ^ mb, carry)
        (s1, carry) = Scalar.adc(t1 ^ ma, u1 ^ mb, carry)
        (s2, carry) = Scalar.adc(t2 ^ ma, u2 ^ mb, carry)
        (s3, carry) = Scalar.adc(t3 ^ ma, u3 ^ mb, carry)
        (s4, carry) = Scalar.adc(t4 ^ ma, u4 ^ mb, carry)
        (s5, _) = Scalar.adc(ma, mb, carry)
        // Sign and magnitude; |s| < 2^318 < R·ℓ, which Montgomery reduction accepts.
        let negative: UInt64 = 0 &- (s5 >> 63)
        var borrow = negative & 1
        (s0, borrow) = Scalar.adc(s0 ^ negative, 0, borrow)
        (s1, borrow) = Scalar.adc(s1 ^ negative, 0, borrow)
        (s2, borrow) = Scalar.adc(s2 ^ negative, 0, borrow)
        (s3, borrow) = Scalar.adc(s3 ^ negative, 0, borrow)
        (s4, borrow) = Scalar.adc(s4 ^ negative, 0, borrow)
        (s5, _) = Scalar.adc(s5 ^ negative, 0, borrow)
        let magnitude = Scalar.montgomeryReduce(s0, s1, s2, s3, s4, s5, 0, 0)
        return negative != 0 ? -magnitude : magnitude
    }
}
