/// Two field elements that go through the same operations in lock step.
///
/// A long exponentiation (the ~250 squarings of an inverse square root) is one dependent chain: each squaring
/// waits for the last one's carries. Two independent chains written as straight-line code give the processor two
/// squarings to overlap, so decoding two ristretto255 points costs less than two single decodes (DESIGN.md §6:
/// keep the hot loop's work independent). Two lanes, not four: a squaring is about 150 instructions, and four of
/// them need more registers than x86-64 has, so four lanes spilled to the stack and ran slower per point than two
/// (2.9 against 2.6 µs per decoding; one at a time 3.07 µs). The values and results are exactly those of the
/// single-element operations.
@frozen
@usableFromInline
struct FieldElementLanes {
    @usableFromInline var a: FieldElement
    @usableFromInline var b: FieldElement

    @inlinable @inline(__always)
    init(_ a: FieldElement, _ b: FieldElement) {
        self.a = a
        self.b = b
    }

    /// Lane-wise product.
    @inlinable @inline(__always)
    static func * (lhs: FieldElementLanes, rhs: FieldElementLanes) -> FieldElementLanes {
        FieldElementLanes(lhs.a * rhs.a, lhs.b * rhs.b)
    }

    /// Lane-wise square.
    @inlinable @inline(__always)
    func squared() -> FieldElementLanes {
        FieldElementLanes(a.squared(), b.squared())
    }
}

extension FieldElementLanes: FieldExponentiation {}
