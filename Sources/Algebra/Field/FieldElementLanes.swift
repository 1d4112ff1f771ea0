/// Four field elements that go through the same operations in lock step.
///
/// A long exponentiation (the ~250 squarings of an inverse square root) is one dependent chain: each squaring
/// waits for the last one's carries, and the multiplier sits idle most of the time. Four independent chains
/// written as straight-line code give the processor four squarings to overlap, so decoding four ristretto255
/// points costs much less than four single decodes (DESIGN.md §6: keep the hot loop's work independent).
/// The values and results are exactly those of the single-element operations.
@frozen
@usableFromInline
struct FieldElementLanes {
    @usableFromInline var a: FieldElement
    @usableFromInline var b: FieldElement
    @usableFromInline var c: FieldElement
    @usableFromInline var d: FieldElement

    @inlinable @inline(__always)
    init(_ a: FieldElement, _ b: FieldElement, _ c: FieldElement, _ d: FieldElement) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }

    /// Lane-wise product.
    @inlinable @inline(__always)
    static func * (lhs: FieldElementLanes, rhs: FieldElementLanes) -> FieldElementLanes {
        FieldElementLanes(lhs.a * rhs.a, lhs.b * rhs.b, lhs.c * rhs.c, lhs.d * rhs.d)
    }

    /// Lane-wise square.
    @inlinable @inline(__always)
    func squared() -> FieldElementLanes {
        FieldElementLanes(a.squared(), b.squared(), c.squared(), d.squared())
    }

    /// Lane-wise x^(2^k).
    @inlinable
    func squared(times k: Int) -> FieldElementLanes {
        var x = self
        for _ in 0..<k { x = x.squared() }
        return x
    }

    /// Lane-wise x^((p−5)/8) = x^(2^252 − 3): the same addition chain as ``FieldElement/powPMinus5Over8()``.
    @usableFromInline
    func powPMinus5Over8() -> FieldElementLanes {
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
        return t10.squared(times: 2) * self  // 2^252 − 3
    }
}
