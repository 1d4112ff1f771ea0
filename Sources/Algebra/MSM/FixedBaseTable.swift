/// Precomputed multiples of one fixed point for fast k·P (the blinding generator H, the value generator g):
/// table[j][m] = (m+1)·16^(2j)·P for j < 32, m < 8, stored normalized.
///
/// With k = Σ a_i·16^i, a_i ∈ [−8, 8]: k·P = 16·Σ_{i odd} a_i·16^(i−1)·P + Σ_{i even} a_i·16^i·P, so 64 table
/// additions and 4 doublings replace ~252 doublings (the comb layout of Bernstein et al., "High-speed
/// high-security signatures", §4). **Variable time.**
public final class FixedBaseTable: Sendable {
    /// The point whose multiples the table holds.
    public let base: RistrettoPoint
    let table: [AffineNielsPoint]  // 32 × 8, row-major

    /// Builds the 256-entry table (about 0.3 ms).
    public init(_ base: RistrettoPoint) {
        self.base = base
        var multiples = [RistrettoPoint]()
        multiples.reserveCapacity(256)
        var rowBase = base
        for _ in 0..<32 {
            var multiple = rowBase
            for m in 0..<8 {
                multiples.append(multiple)
                if m < 7 { multiple = multiple + rowBase }
            }
            // 16² · rowBase for the next row.
            var p = rowBase.projective
            for _ in 0..<7 { p = p.doubled().projective }
            rowBase = p.doubled().extended
        }
        self.table = RistrettoPoint.affineNiels(multiples)
    }

    /// k·base.
    public func multiply(_ scalar: Scalar) -> RistrettoPoint {
        let digits = scalar.signedRadix16Digits()
        var accumulator = RistrettoPoint.identity
        table.withUnsafeBufferPointer { t in
            for i in stride(from: 1, to: 64, by: 2) { accumulator = add(accumulator, digit: digits[i], row: i / 2, t) }
            var p = accumulator.projective
            for _ in 0..<3 { p = p.doubled().projective }
            accumulator = p.doubled().extended
            for i in stride(from: 0, to: 64, by: 2) { accumulator = add(accumulator, digit: digits[i], row: i / 2, t) }
        }
        return accumulator
    }

    private func add(
        _ point: RistrettoPoint, digit: Int8, row: Int, _ t: UnsafeBufferPointer<AffineNielsPoint>
    ) -> RistrettoPoint {
        if digit > 0 { return point.adding(t[row * 8 + Int(digit) - 1]).extended }
        if digit < 0 { return point.subtracting(t[row * 8 + Int(-digit) - 1]).extended }
        return point
    }
}
