// Field arithmetic mod p = 2^255 − 19 on 5×51-bit limbs.
// Bounds: stored elements have limbs < 2^52. Multiplication and squaring accept limbs < 2^58 (so the lazy sums
// and differences of point formulas can feed them directly): a column sum stays below 5·2^58·19·2^58 < 2^123 and
// fits in UInt128; every result is carried back below 2^52. 2^255 ≡ 19 (mod p) folds the top carry into limb 0.

extension FieldElement {
    /// Sum mod p.
    @inlinable
    public static func + (lhs: FieldElement, rhs: FieldElement) -> FieldElement {
        FieldElement(lhs.l0 &+ rhs.l0, lhs.l1 &+ rhs.l1, lhs.l2 &+ rhs.l2, lhs.l3 &+ rhs.l3, lhs.l4 &+ rhs.l4)
            .carried()
    }

    /// Difference mod p; 16·p is added first so no limb underflows for inputs below 2^52.
    @inlinable
    public static func - (lhs: FieldElement, rhs: FieldElement) -> FieldElement {
        lhs.subtractingLazily(rhs).carried()
    }

    /// Additive inverse mod p.
    @inlinable
    public static prefix func - (value: FieldElement) -> FieldElement {
        FieldElement.zero - value
    }

    /// lhs + rhs without carrying (limbs grow by at most one bit). Only for point formulas whose result feeds
    /// a multiplication directly; see the bounds at the top of this file.
    @inlinable @inline(__always)
    func addingLazily(_ rhs: FieldElement) -> FieldElement {
        FieldElement(l0 &+ rhs.l0, l1 &+ rhs.l1, l2 &+ rhs.l2, l3 &+ rhs.l3, l4 &+ rhs.l4)
    }

    /// lhs − rhs + 16·p without carrying: needs rhs limbs < 2^54 (below 16·p's limbs), gives limbs below
    /// lhs + 2^55. Only for point formulas whose result feeds a multiplication directly.
    @inlinable @inline(__always)
    func subtractingLazily(_ rhs: FieldElement) -> FieldElement {
        FieldElement(
            (l0 &+ 0x7F_FFFF_FFFF_FED0) &- rhs.l0,
            (l1 &+ 0x7F_FFFF_FFFF_FFF0) &- rhs.l1,
            (l2 &+ 0x7F_FFFF_FFFF_FFF0) &- rhs.l2,
            (l3 &+ 0x7F_FFFF_FFFF_FFF0) &- rhs.l3,
            (l4 &+ 0x7F_FFFF_FFFF_FFF0) &- rhs.l4
        )
    }

    /// In-place sum.
    @inlinable
    public static func += (lhs: inout FieldElement, rhs: FieldElement) { lhs = lhs + rhs }

    /// In-place difference.
    @inlinable
    public static func -= (lhs: inout FieldElement, rhs: FieldElement) { lhs = lhs - rhs }

    /// In-place product.
    @inlinable
    public static func *= (lhs: inout FieldElement, rhs: FieldElement) { lhs = lhs * rhs }

    @inlinable @inline(__always)
    static func wide(_ a: UInt64, _ b: UInt64) -> UInt128 {
        UInt128(a) &* UInt128(b)
    }

    /// Carries five 128-bit column sums back into 51-bit limbs.
    @inlinable @inline(__always)
    static func carry(
        _ c0: UInt128, _ c1: UInt128, _ c2: UInt128, _ c3: UInt128, _ c4: UInt128
    ) -> FieldElement {
        let m = FieldElement.mask51
        var c1 = c1, c2 = c2, c3 = c3, c4 = c4
        c1 &+= c0 &>> 51
        let r0 = UInt64(truncatingIfNeeded: c0) & m
        c2 &+= c1 &>> 51
        let r1 = UInt64(truncatingIfNeeded: c1) & m
        c3 &+= c2 &>> 51
        let r2 = UInt64(truncatingIfNeeded: c2) & m
        c4 &+= c3 &>> 51
        let r3 = UInt64(truncatingIfNeeded: c3) & m
        // c4 < 2^119, so the folded carry needs up to 72 bits: fold in 128-bit arithmetic.
        let folded = UInt128(r0) &+ (c4 &>> 51) &* 19
        let r4 = UInt64(truncatingIfNeeded: c4) & m
        let s0 = UInt64(truncatingIfNeeded: folded) & m
        let s1 = r1 &+ UInt64(truncatingIfNeeded: folded &>> 51)  // < 2^51 + 2^21
        return FieldElement(s0, s1, r2, r3, r4)
    }

    /// Product mod p (schoolbook, 25 multiplications, with 19·b_i folding the wrap-around).
    /// - Complexity: O(1), about 25 64×64→128-bit multiplications.
    @inlinable @inline(__always)
    public static func * (lhs: FieldElement, rhs: FieldElement) -> FieldElement {
        let a0 = lhs.l0, a1 = lhs.l1, a2 = lhs.l2, a3 = lhs.l3, a4 = lhs.l4
        let b0 = rhs.l0, b1 = rhs.l1, b2 = rhs.l2, b3 = rhs.l3, b4 = rhs.l4
        let b1n = b1 &* 19, b2n = b2 &* 19, b3n = b3 &* 19, b4n = b4 &* 19
        let c0 = wide(a0, b0) &+ wide(a4, b1n) &+ wide(a3, b2n) &+ wide(a2, b3n) &+ wide(a1, b4n)
        let c1 = wide(a1, b0) &+ wide(a0, b1) &+ wide(a4, b2n) &+ wide(a3, b3n) &+ wide(a2, b4n)
        let c2 = wide(a2, b0) &+ wide(a1, b1) &+ wide(a0, b2) &+ wide(a4, b3n) &+ wide(a3, b4n)
        let c3 = wide(a3, b0) &+ wide(a2, b1) &+ wide(a1, b2) &+ wide(a0, b3) &+ wide(a4, b4n)
        let c4 = wide(a4, b0) &+ wide(a3, b1) &+ wide(a2, b2) &+ wide(a1, b3) &+ wide(a0, b4)
        return carry(c0, c1, c2, c3, c4)
    }

    /// The square mod p (15 multiplications).
    @inlinable @inline(__always)
    public func squared() -> FieldElement {
        let a0 = l0, a1 = l1, a2 = l2, a3 = l3, a4 = l4
        let d0 = a0 &* 2, d1 = a1 &* 2, d2 = a2 &* 2, d4 = a4 &* 2
        let a3n = a3 &* 19, a4n = a4 &* 19
        let c0 = FieldElement.wide(a0, a0) &+ FieldElement.wide(d1, a4n) &+ FieldElement.wide(d2, a3n)
        let c1 = FieldElement.wide(a3, a3n) &+ FieldElement.wide(d0, a1) &+ FieldElement.wide(d2, a4n)
        let c2 = FieldElement.wide(a1, a1) &+ FieldElement.wide(d0, a2) &+ FieldElement.wide(d4, a3n)
        let c3 = FieldElement.wide(a4, a4n) &+ FieldElement.wide(d0, a3) &+ FieldElement.wide(d1, a2)
        let c4 = FieldElement.wide(a2, a2) &+ FieldElement.wide(d0, a4) &+ FieldElement.wide(d1, a3)
        return FieldElement.carry(c0, c1, c2, c3, c4)
    }

    /// The square, doubled: 2·x² (used by point doubling).
    @inlinable
    public func squaredDoubled() -> FieldElement {
        let s = squared()
        return s + s
    }

    /// The multiplicative inverse x^(p−2) (Fermat); zero maps to zero.
    public func inverted() -> FieldElement {
        let (t, x11) = pow22501()
        return t.squared(times: 5) * x11  // 2^255 − 32 + 11 = p − 2
    }


    /// `a` when `choice` is false, `b` when true, without a branch on `choice`.
    @inlinable
    public static func select(_ a: FieldElement, _ b: FieldElement, if choice: Bool) -> FieldElement {
        let mask = 0 &- UInt64(choice ? 1 : 0)
        return FieldElement(
            a.l0 ^ (mask & (a.l0 ^ b.l0)),
            a.l1 ^ (mask & (a.l1 ^ b.l1)),
            a.l2 ^ (mask & (a.l2 ^ b.l2)),
            a.l3 ^ (mask & (a.l3 ^ b.l3)),
            a.l4 ^ (mask & (a.l4 ^ b.l4))
        )
    }

    /// RFC 9496 §4.1 CT_ABS: the non-negative one of ±x.
    @inlinable
    public var absolute: FieldElement {
        FieldElement.select(self, -self, if: isNegative)
    }

    /// RFC 9496 §4.2 SQRT_RATIO_M1(u, v): `(true, +√(u/v))` when u/v is a square, `(false, +√(i·u/v))` when not,
    /// and `(false, 0)` when v = 0 and u ≠ 0; `(true, 0)` when u = 0.
    public static func sqrtRatioM1(_ u: FieldElement, _ v: FieldElement) -> (wasSquare: Bool, root: FieldElement) {
        let (v3, base) = sqrtRatioExponentBase(u, v)
        return sqrtRatioM1(u, v, v3: v3, power: base.powPMinus5Over8())
    }

    /// The first step of ``sqrtRatioM1(_:_:)``: (v³, u·v⁷), the base of its one exponentiation.
    @usableFromInline
    static func sqrtRatioExponentBase(_ u: FieldElement, _ v: FieldElement) -> (v3: FieldElement, base: FieldElement) {
        let v3 = v.squared() * v
        let v7 = v3.squared() * v
        return (v3, u * v7)
    }

    /// The rest of ``sqrtRatioM1(_:_:)`` given `power` = (u·v⁷)^((p−5)/8), computed separately so that several
    /// square roots can share the exponentiation's pipeline (``FieldElementLanes``).
    @usableFromInline
    static func sqrtRatioM1(
        _ u: FieldElement, _ v: FieldElement, v3: FieldElement, power: FieldElement
    ) -> (wasSquare: Bool, root: FieldElement) {
        var r = (u * v3) * power
        let check = v * r.squared()
        let negU = -u
        let correctSignSqrt = check == u
        let flippedSignSqrt = check == negU
        let flippedSignSqrtI = check == negU * FieldElement.sqrtM1
        let rPrime = FieldElement.sqrtM1 * r
        r = FieldElement.select(r, rPrime, if: flippedSignSqrt || flippedSignSqrtI)
        return (correctSignSqrt || flippedSignSqrt, r.absolute)
    }

    /// Inverts every non-zero element of `values` in place with one field inversion (Montgomery's trick);
    /// zero entries stay zero.
    /// - Complexity: O(n): three multiplications per element plus one inversion.
    public static func batchInvert(_ values: inout [FieldElement]) {
        let n = values.count
        guard n > 0 else { return }
        var prefix = [FieldElement](repeating: .one, count: n)
        var running = FieldElement.one
        for i in 0..<n {
            prefix[i] = running
            if !values[i].isZero { running = running * values[i] }
        }
        var inverse = running.inverted()
        for i in stride(from: n - 1, through: 0, by: -1) where !values[i].isZero {
            let next = inverse * values[i]
            values[i] = inverse * prefix[i]
            inverse = next
        }
    }
}

extension FieldElement {
    // RFC 9496 §4.1 constants, as 51-bit limbs (derived with Python integers; checked by FieldElementTests).
    /// d = −121665/121666, the edwards25519 curve constant.
    public static let d = FieldElement(
        0x34dca135978a3, 0x1a8283b156ebd, 0x5e7a26001c029, 0x739c663a03cbb, 0x52036cee2b6ff)
    /// 2·d, used by the extended-coordinates addition law.
    public static let d2 = FieldElement(
        0x69b9426b2f159, 0x35050762add7a, 0x3cf44c0038052, 0x6738cc7407977, 0x2406d9dc56dff)
    /// SQRT_M1, the non-negative square root of −1.
    public static let sqrtM1 = FieldElement(
        0x61b274a0ea0b0, 0x0d5a5fc8f189d, 0x7ef5e9cbd0c60, 0x78595a6804c9e, 0x2b8324804fc1d)
    /// SQRT_AD_MINUS_ONE = √(a·d − 1).
    public static let sqrtADMinusOne = FieldElement(
        0x7f6a0497b2e1b, 0x1836f0a97afd2, 0x7d747f6be7638, 0x456079e7e6498, 0x376931bf2b834)
    /// INVSQRT_A_MINUS_D = 1/√(a − d).
    public static let invSqrtAMinusD = FieldElement(
        0x0fdaa805d40ea, 0x2eb482e57d339, 0x007610274bc58, 0x6510b613dc8ff, 0x786c8905cfaff)
    /// ONE_MINUS_D_SQ = 1 − d².
    public static let oneMinusDSquared = FieldElement(
        0x409c1945fc176, 0x719abc6a1fc4f, 0x1c37f90b20684, 0x06bccca55eedf, 0x029072a8b2b3e)
    /// D_MINUS_ONE_SQ = (d − 1)².
    public static let dMinusOneSquared = FieldElement(
        0x55aaa44ed4d20, 0x59603c3332635, 0x26d3baf4a7928, 0x120a66e6997a9, 0x5968b37af66c2)
}

extension FieldElement: FieldExponentiation {}
