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
}

extension FieldElementLanes: FieldExponentiation {}
