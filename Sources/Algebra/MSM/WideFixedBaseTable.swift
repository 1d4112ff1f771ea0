/// Every multiple m·256^j·P (1 ≤ m ≤ 128, j ≤ 32) of one fixed point, for the two bases in almost every prover
/// commitment: H (each blinder term r·H) and U (each committed claim v·U).
///
/// With k = Σ a_j·256^j, a_j ∈ [−127, 128] (signed radix 2^8, the top digit taking the final carry), k·P is at most
/// 33 table additions and no doubling: the fixed-base window method without the comb (Brickell, Gordon, McCurley,
/// Wilson, "Fast exponentiation with precomputation", EUROCRYPT '92), against 64 additions and 4 doublings for
/// ``FixedBaseTable``'s radix-16 comb. The price is 4,224 stored points (about 500 KiB) and about 1 ms to build,
/// so ``PedersenGenerators`` builds it on a prover's first commitment only. **Variable time** (provers' blinders are
/// secret but the timing of one machine's prover is outside the threat model, as for every prover table here).
public final class WideFixedBaseTable: Sendable {
    /// The point whose multiples the table holds.
    public let base: RistrettoPoint
    let table: [AffineNielsPoint]  // 33 rows of 128, row-major: entry j·128 + m − 1 is m·256^j·P

    static let rows = 33
    static let multiples = 128

    /// Builds the table (4,224 points, one batched normalization).
    public init(_ base: RistrettoPoint) {
        self.base = base
        var points = [RistrettoPoint]()
        points.reserveCapacity(Self.rows * Self.multiples)
        var rowBase = base
        for _ in 0..<Self.rows {
            var multiple = rowBase
            for m in 1...Self.multiples {
                points.append(multiple)
                if m < Self.multiples { multiple = multiple + rowBase }
            }
            // 256·rowBase = 2·(128·rowBase): the next row's base.
            rowBase = multiple + multiple
        }
        self.table = RistrettoPoint.affineNiels(points)
    }

    /// k·base.
    public func multiply(_ scalar: Scalar) -> RistrettoPoint {
        let bytes = scalar.canonicalBytes
        var accumulator = RistrettoPoint.identity
        table.withUnsafeBufferPointer { t in
            var carry = 0
            for j in 0..<Self.rows {
                var digit = (j < 32 ? Int(bytes[j]) : 0) + carry
                carry = 0
                if digit > Self.multiples {
                    digit -= 256
                    carry = 1
                }
                if digit > 0 {
                    accumulator = accumulator.adding(t[j * Self.multiples + digit - 1]).extended
                } else if digit < 0 {
                    accumulator = accumulator.subtracting(t[j * Self.multiples - digit - 1]).extended
                }
            }
        }
        return accumulator
    }
}
