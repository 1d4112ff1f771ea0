// Arithmetic mod ℓ in Montgomery form (R = 2^256). Every value is kept in [0, ℓ).
// Montgomery multiplication: Montgomery, "Modular multiplication without trial division" (1985); here the
// separated product-then-reduce form, four reduction rounds of one 64-bit digit each.

extension Scalar {
    /// a·b + c + carry as (low, high): never overflows 128 bits.
    @inlinable @inline(__always)
    static func mac(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
        let t = UInt128(a) &* UInt128(b) &+ UInt128(c) &+ UInt128(carry)
        return (UInt64(truncatingIfNeeded: t), UInt64(truncatingIfNeeded: t &>> 64))
    }

    /// a + b + carry as (sum, carry-out).
    @inlinable @inline(__always)
    static func adc(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
        let t = UInt128(a) &+ UInt128(b) &+ UInt128(carry)
        return (UInt64(truncatingIfNeeded: t), UInt64(truncatingIfNeeded: t &>> 64))
    }

    /// a − b − borrow as (difference, borrow-out ∈ {0, 1}).
    @inlinable @inline(__always)
    static func sbb(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
        let t = UInt128(a) &- UInt128(b) &- UInt128(borrow)
        return (UInt64(truncatingIfNeeded: t), UInt64(truncatingIfNeeded: t &>> 127))
    }

    /// Subtracts ℓ when the 4-limb value (below 2ℓ) is at least ℓ, without a branch.
    @inlinable @inline(__always)
    static func subtractModulusIfNeeded(_ r0: UInt64, _ r1: UInt64, _ r2: UInt64, _ r3: UInt64) -> Scalar {
        let (s0, b0) = sbb(r0, ell0, 0)
        let (s1, b1) = sbb(r1, ell1, b0)
        let (s2, b2) = sbb(r2, ell2, b1)
        let (s3, b3) = sbb(r3, ell3, b2)
        // b3 = 1: r < ℓ, keep r.
        let keep = 0 &- b3
        return Scalar(
            montgomery: (r0 & keep) | (s0 & ~keep), (r1 & keep) | (s1 & ~keep),
            (r2 & keep) | (s2 & ~keep), (r3 & keep) | (s3 & ~keep))
    }

    /// Montgomery reduction of the 512-bit `t` (below R·ℓ): returns t·R^(−1) mod ℓ.
    @inlinable @inline(__always)
    static func montgomeryReduce(
        _ t0: UInt64, _ t1: UInt64, _ t2: UInt64, _ t3: UInt64,
        _ t4: UInt64, _ t5: UInt64, _ t6: UInt64, _ t7: UInt64
    ) -> Scalar {
        // Round i adds k_i·ℓ·2^(64i) with k_i chosen to clear limb i; carry2 holds the overflow past limb i+4.
        var carry: UInt64
        var carry2: UInt64
        var t1 = t1, t2 = t2, t3 = t3, t4 = t4, t5 = t5, t6 = t6, t7 = t7

        var k = t0 &* ellInverseNegated
        (_, carry) = mac(k, ell0, t0, 0)
        (t1, carry) = mac(k, ell1, t1, carry)
        (t2, carry) = mac(k, ell2, t2, carry)
        (t3, carry) = mac(k, ell3, t3, carry)
        (t4, carry2) = adc(t4, 0, carry)

        k = t1 &* ellInverseNegated
        (_, carry) = mac(k, ell0, t1, 0)
        (t2, carry) = mac(k, ell1, t2, carry)
        (t3, carry) = mac(k, ell2, t3, carry)
        (t4, carry) = mac(k, ell3, t4, carry)
        (t5, carry2) = adc(t5, carry2, carry)

        k = t2 &* ellInverseNegated
        (_, carry) = mac(k, ell0, t2, 0)
        (t3, carry) = mac(k, ell1, t3, carry)
        (t4, carry) = mac(k, ell2, t4, carry)
        (t5, carry) = mac(k, ell3, t5, carry)
        (t6, carry2) = adc(t6, carry2, carry)

        k = t3 &* ellInverseNegated
        (_, carry) = mac(k, ell0, t3, 0)
        (t4, carry) = mac(k, ell1, t4, carry)
        (t5, carry) = mac(k, ell2, t5, carry)
        (t6, carry) = mac(k, ell3, t6, carry)
        (t7, _) = adc(t7, carry2, carry)

        // (t + k·ℓ)/R < 2ℓ < 2^254, so one conditional subtraction finishes.
        return subtractModulusIfNeeded(t4, t5, t6, t7)
    }

    /// a·b·R^(−1) mod ℓ. One operand may be any value below 2^256 if the other is below ℓ.
    @inlinable @inline(__always)
    static func montgomeryMultiply(_ a: Scalar, _ b: Scalar) -> Scalar {
        let t = wideProduct(a, b)
        return montgomeryReduce(t.0, t.1, t.2, t.3, t.4, t.5, t.6, t.7)
    }

    /// a·b + c·d with one Montgomery reduction instead of two: both 512-bit products are added first (each is
    /// below ℓ² < 2^505, so the sum stays below 2^506 < R·ℓ, which the reduction accepts).
    /// - Complexity: 32 limb products and one reduction (two multiplications cost 32 and two reductions).
    @inlinable @inline(__always)
    public static func sumOfProducts(_ a: Scalar, _ b: Scalar, _ c: Scalar, _ d: Scalar) -> Scalar {
        let x = wideProduct(a, b)
        let y = wideProduct(c, d)
        var carry: UInt64
        let (t0, c0) = adc(x.0, y.0, 0)
        let (t1, c1) = adc(x.1, y.1, c0)
        let (t2, c2) = adc(x.2, y.2, c1)
        let (t3, c3) = adc(x.3, y.3, c2)
        let (t4, c4) = adc(x.4, y.4, c3)
        let (t5, c5) = adc(x.5, y.5, c4)
        let t6: UInt64
        (t6, carry) = adc(x.6, y.6, c5)
        let (t7, _) = adc(x.7, y.7, carry)
        return montgomeryReduce(t0, t1, t2, t3, t4, t5, t6, t7)
    }

    /// The 512-bit product a·b of the Montgomery limbs, little-endian.
    @inlinable @inline(__always)
    static func wideProduct(_ a: Scalar, _ b: Scalar) -> (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    ) {
        var carry: UInt64
        let (t0, c0) = mac(a.m0, b.m0, 0, 0)
        var (t1, c1) = mac(a.m0, b.m1, 0, c0)
        var (t2, c2) = mac(a.m0, b.m2, 0, c1)
        var (t3, t4) = mac(a.m0, b.m3, 0, c2)

        (t1, carry) = mac(a.m1, b.m0, t1, 0)
        (t2, carry) = mac(a.m1, b.m1, t2, carry)
        (t3, carry) = mac(a.m1, b.m2, t3, carry)
        var t5: UInt64
        (t4, t5) = mac(a.m1, b.m3, t4, carry)

        (t2, carry) = mac(a.m2, b.m0, t2, 0)
        (t3, carry) = mac(a.m2, b.m1, t3, carry)
        (t4, carry) = mac(a.m2, b.m2, t4, carry)
        var t6: UInt64
        (t5, t6) = mac(a.m2, b.m3, t5, carry)

        (t3, carry) = mac(a.m3, b.m0, t3, 0)
        (t4, carry) = mac(a.m3, b.m1, t4, carry)
        (t5, carry) = mac(a.m3, b.m2, t5, carry)
        var t7: UInt64
        (t6, t7) = mac(a.m3, b.m3, t6, carry)
        return (t0, t1, t2, t3, t4, t5, t6, t7)
    }

    /// a·k·R^(−1) mod ℓ for a single-limb k: the cheap path used to convert small integers.
    @inlinable @inline(__always)
    static func montgomeryMultiplySmall(_ a: Scalar, by k: UInt64) -> Scalar {
        let (t0, c0) = mac(a.m0, k, 0, 0)
        let (t1, c1) = mac(a.m1, k, 0, c0)
        let (t2, c2) = mac(a.m2, k, 0, c1)
        let (t3, t4) = mac(a.m3, k, 0, c2)
        return montgomeryReduce(t0, t1, t2, t3, t4, 0, 0, 0)
    }

    /// Sum mod ℓ.
    @inlinable @inline(__always)
    public static func + (lhs: Scalar, rhs: Scalar) -> Scalar {
        // Both below ℓ < 2^253, so the sum fits in 4 limbs.
        let (r0, c0) = adc(lhs.m0, rhs.m0, 0)
        let (r1, c1) = adc(lhs.m1, rhs.m1, c0)
        let (r2, c2) = adc(lhs.m2, rhs.m2, c1)
        let (r3, _) = adc(lhs.m3, rhs.m3, c2)
        return subtractModulusIfNeeded(r0, r1, r2, r3)
    }

    /// Difference mod ℓ.
    @inlinable @inline(__always)
    public static func - (lhs: Scalar, rhs: Scalar) -> Scalar {
        let (r0, b0) = sbb(lhs.m0, rhs.m0, 0)
        let (r1, b1) = sbb(lhs.m1, rhs.m1, b0)
        let (r2, b2) = sbb(lhs.m2, rhs.m2, b1)
        let (r3, b3) = sbb(lhs.m3, rhs.m3, b2)
        // On borrow add ℓ back, selected by mask.
        let mask = 0 &- b3
        let (s0, c0) = adc(r0, ell0 & mask, 0)
        let (s1, c1) = adc(r1, ell1 & mask, c0)
        let (s2, c2) = adc(r2, ell2 & mask, c1)
        let (s3, _) = adc(r3, ell3 & mask, c2)
        return Scalar(montgomery: s0, s1, s2, s3)
    }

    /// Additive inverse mod ℓ.
    @inlinable @inline(__always)
    public static prefix func - (value: Scalar) -> Scalar {
        Scalar.zero - value
    }

    /// Product mod ℓ.
    /// - Complexity: O(1): 16 + 12 64×64→128-bit multiplications.
    @inlinable @inline(__always)
    public static func * (lhs: Scalar, rhs: Scalar) -> Scalar {
        montgomeryMultiply(lhs, rhs)
    }

    /// In-place sum.
    @inlinable @inline(__always)
    public static func += (lhs: inout Scalar, rhs: Scalar) { lhs = lhs + rhs }

    /// In-place difference.
    @inlinable @inline(__always)
    public static func -= (lhs: inout Scalar, rhs: Scalar) { lhs = lhs - rhs }

    /// In-place product.
    @inlinable @inline(__always)
    public static func *= (lhs: inout Scalar, rhs: Scalar) { lhs = montgomeryMultiply(lhs, rhs) }

    /// The square mod ℓ: 10 limb products instead of 16.
    @inlinable @inline(__always)
    public func squared() -> Scalar {
        var carry: UInt64
        // Off-diagonal products a_i·a_j (i < j), then doubled, then the squares added.
        var (t1, c) = Scalar.mac(m0, m1, 0, 0)
        var t2: UInt64, t3: UInt64, t4: UInt64, t5: UInt64, t6: UInt64, t7: UInt64
        (t2, c) = Scalar.mac(m0, m2, 0, c)
        (t3, t4) = Scalar.mac(m0, m3, 0, c)
        (t3, carry) = Scalar.mac(m1, m2, t3, 0)
        (t4, t5) = Scalar.mac(m1, m3, t4, carry)
        (t5, t6) = Scalar.mac(m2, m3, t5, 0)
        t7 = t6 >> 63
        t6 = (t6 << 1) | (t5 >> 63)
        t5 = (t5 << 1) | (t4 >> 63)
        t4 = (t4 << 1) | (t3 >> 63)
        t3 = (t3 << 1) | (t2 >> 63)
        t2 = (t2 << 1) | (t1 >> 63)
        t1 = t1 << 1
        let (t0, c0) = Scalar.mac(m0, m0, 0, 0)
        (t1, carry) = Scalar.adc(t1, c0, 0)
        var lo: UInt64, hi: UInt64
        (lo, hi) = Scalar.mac(m1, m1, 0, 0)
        (t2, carry) = Scalar.adc(t2, lo, carry)
        (t3, carry) = Scalar.adc(t3, hi, carry)
        (lo, hi) = Scalar.mac(m2, m2, 0, 0)
        (t4, carry) = Scalar.adc(t4, lo, carry)
        (t5, carry) = Scalar.adc(t5, hi, carry)
        (lo, hi) = Scalar.mac(m3, m3, 0, 0)
        (t6, carry) = Scalar.adc(t6, lo, carry)
        (t7, _) = Scalar.adc(t7, hi, carry)
        return Scalar.montgomeryReduce(t0, t1, t2, t3, t4, t5, t6, t7)
    }

    /// The product with a small unsigned integer, without converting it to Montgomery form first.
    @inlinable
    public func multiplied(bySmall k: UInt64) -> Scalar {
        // Lift k to Montgomery form with the cheap single-limb path, then one full multiplication.
        Scalar.montgomeryMultiply(self, Scalar(k))
    }

    /// x^e for an exponent given as four little-endian limbs (left-to-right 4-bit fixed window).
    public func power(_ e0: UInt64, _ e1: UInt64, _ e2: UInt64, _ e3: UInt64) -> Scalar {
        var table = [Scalar](repeating: .one, count: 16)
        for i in 1..<16 { table[i] = table[i - 1] * self }
        var result = Scalar.one
        var started = false
        for limb in [e3, e2, e1, e0] {
            for nibbleIndex in stride(from: 15, through: 0, by: -1) {
                let nibble = Int((limb >> UInt64(4 * nibbleIndex)) & 15)
                if started {
                    result = result.squared().squared().squared().squared()
                }
                if nibble != 0 {
                    result = result * table[nibble]
                    started = true
                }
            }
        }
        return result
    }

    /// The multiplicative inverse x^(ℓ−2) (Fermat's little theorem), or `nil` for zero.
    public func inverted() -> Scalar? {
        guard !isZero else { return nil }
        return power(Scalar.ell0 &- 2, Scalar.ell1, Scalar.ell2, Scalar.ell3)
    }

    /// Inverts every non-zero entry in place with a single inversion (Montgomery's trick); zeros stay zero.
    /// - Complexity: O(n): three multiplications per entry plus one inversion.
    public static func batchInvert(_ values: inout [Scalar]) {
        let n = values.count
        guard n > 0 else { return }
        var prefix = [Scalar](repeating: .one, count: n)
        var running = Scalar.one
        values.withUnsafeMutableBufferPointer { v in
            prefix.withUnsafeMutableBufferPointer { p in
                for i in 0..<n {
                    p[i] = running
                    if !v[i].isZero { running = running * v[i] }
                }
                guard var inverse = running.inverted() else { return }
                for i in stride(from: n - 1, through: 0, by: -1) where !v[i].isZero {
                    let next = inverse * v[i]
                    v[i] = inverse * p[i]
                    inverse = next
                }
            }
        }
    }
}
