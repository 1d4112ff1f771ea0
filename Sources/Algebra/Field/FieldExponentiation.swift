/// The fixed exponentiations of GF(2^255 − 19), written once for anything that squares and multiplies like a field
/// element: ``FieldElement`` itself and ``FieldElementLanes`` (two elements in lock step).
@usableFromInline
protocol FieldExponentiation {
    /// The square.
    func squared() -> Self
    /// The product.
    static func * (lhs: Self, rhs: Self) -> Self
}

extension FieldExponentiation {
    /// x^(2^k) by k squarings.
    @inlinable
    func squared(times k: Int) -> Self {
        var x = self
        for _ in 0..<k { x = x.squared() }
        return x
    }

    /// (x^(2^250 − 1), x^11): the shared prefix of inversion and of x^((p−5)/8) (the addition chain of
    /// curve25519-donna and ref10).
    @usableFromInline
    func pow22501() -> (Self, Self) {
        let t0 = squared()  // 2
        let t1 = t0.squared(times: 2) * self  // 9
        let t2 = t0 * t1  // 11
        let t3 = t2.squared() * t1  // 2^5 − 1
        let t4 = t3.squared(times: 5) * t3  // 2^10 − 1
        let t5 = t4.squared(times: 10) * t4  // 2^20 − 1
        let t6 = t5.squared(times: 20) * t5  // 2^40 − 1
        let t7 = t6.squared(times: 10) * t4  // 2^50 − 1
        let t8 = t7.squared(times: 50) * t7  // 2^100 − 1
        let t9 = t8.squared(times: 100) * t8  // 2^200 − 1
        let t10 = t9.squared(times: 50) * t7  // 2^250 − 1
        return (t10, t2)
    }

    /// x^((p−5)/8) = x^(2^252 − 3), the exponent of RFC 9496 §4.2.
    @usableFromInline
    func powPMinus5Over8() -> Self {
        let (t, _) = pow22501()
        return t.squared(times: 2) * self
    }
}
