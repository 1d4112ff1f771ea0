import Algebra

/// The public shape of a logUp range check (DESIGN.md A.7): N = 2^n looked-up values against the table
/// T = [0, 2^b), both padded to 2^h entries (h = max(n, b)) with neutral leaves 0/1, side by side under one
/// root. The first leaf variable selects the side (0: lookups, 1: table), the remaining h pick the entry.
///
/// Leaves: lookup i < N is (1, α − v_i); table entry t < 2^b is (−m_t, α − t); padding is (0, 1). The root
/// numerator Σ 1/(α − v_i) − Σ m_t/(α − t) (over a common denominator) is zero for a random α only if every
/// v_i is in the table (logUp, ePrint 2022/1530 Lemma 5).
public struct RangeCheckLayout: Sendable, Equatable {
    /// log2 of the number of looked-up values.
    public let lookupBits: Int
    /// log2 of the table size (16 for 16-bit limbs).
    public let tableBits: Int

    /// With an embedded table, the table's leaves sit at entries [r·2^b, (r + 1)·2^b) of the values instead of a
    /// second half: those entries are not looked up (the caller leaves them unused), and the tree has 2^n leaves
    /// instead of 2^(max(n, b) + 1). nil: the side-by-side layout.
    public let embeddedTableRegion: Int?

    /// A layout for 2^lookupBits values checked against [0, 2^tableBits), side by side or, with
    /// `embeddedTableRegion` r, with the table in place of the values' region r (which needs 2^n ≥ 2^(b+1)).
    public init(lookupBits: Int, tableBits: Int, embeddedTableRegion: Int? = nil) throws(ProofError) {
        guard (0...30).contains(lookupBits), (1...20).contains(tableBits) else {
            throw ProofError.shapeMismatch("range check sizes out of bounds: 2^\(lookupBits) values, 2^\(tableBits) table")
        }
        if let region = embeddedTableRegion {
            guard lookupBits > tableBits, region >= 0, region < 1 << (lookupBits - tableBits) else {
                throw ProofError.shapeMismatch("table region \(region) does not fit 2^\(lookupBits) values")
            }
        }
        self.lookupBits = lookupBits
        self.tableBits = tableBits
        self.embeddedTableRegion = embeddedTableRegion
    }

    /// h = max(n, b): variables of each half (side-by-side layout).
    public var halfBits: Int { max(lookupBits, tableBits) }
    /// Leaf variables: h + 1 side by side, n with an embedded table.
    public var leafBits: Int { embeddedTableRegion == nil ? halfBits + 1 : lookupBits }

    /// Whether value i is looked up (every value, except those under an embedded table).
    func isLookedUp(_ i: Int) -> Bool {
        guard let region = embeddedTableRegion else { return true }
        return i >> tableBits != region
    }

    /// How often each table entry t < 2^b occurs among the looked-up values, and whether every looked-up value lies
    /// in the table (values outside are not counted).
    func multiplicities(of values: [Int64]) -> (counts: [Int64], inRange: Bool) {
        let tableSize = 1 << tableBits
        var counts = [Int64](repeating: 0, count: tableSize)
        var inRange = true
        for (i, v) in values.enumerated() where isLookedUp(i) {
            guard v >= 0, v < tableSize else {
                inRange = false
                continue
            }
            counts[Int(v)] += 1
        }
        return (counts, inRange)
    }

    /// The public parts of the embedded leaf forms at a leaf point x = (x_hi, x_lo) (x_lo: the last b
    /// coordinates), with e = eq(bits of the region, x_hi):
    /// p̃(x) = 1 − e − e·m̃(x_lo) and q̃(x) = α − e·t̃(x_lo) − Ṽ(x) + e·Ṽ(region, x_lo).
    func embeddedForms(_ point: [Scalar]) -> (regionWeight: Scalar, lowPoint: [Scalar], regionPoint: [Scalar], tableValue: Scalar) {
        let highBits = lookupBits - tableBits
        let region = embeddedTableRegion ?? 0
        let prefix: [Scalar] = (0..<highBits).map { j in (region >> (highBits - 1 - j)) & 1 == 1 ? .one : .zero }
        let high = Array(point.prefix(highBits))
        let low = Array(point.dropFirst(highBits))
        var tableValue = Scalar.zero
        for x in low { tableValue = tableValue + tableValue + x }
        return (EqualityPolynomial.evaluate(prefix, high), low, prefix + low, tableValue)
    }

    /// Splits a leaf point (side, ρ′) into the side coordinate, the lookup sub-point (last n coordinates) and
    /// the table sub-point (last b coordinates), with the padding selectors Π(1 − ρ′_j) over the leading
    /// coordinates that must be zero on each side.
    func split(_ point: [Scalar]) -> LeafPoint {
        let side = point.first ?? .zero
        let rest = Array(point.dropFirst())
        let h = halfBits
        var lookupSelector = Scalar.one
        for j in 0..<(h - lookupBits) { lookupSelector *= .one - rest[j] }
        var tableSelector = Scalar.one
        for j in 0..<(h - tableBits) { tableSelector *= .one - rest[j] }
        let tablePoint = Array(rest[(h - tableBits)...])
        // t̃(x) = Σ_j 2^(b−1−j)·x_j: the multilinear extension of the identity on [0, 2^b).
        var tableValue = Scalar.zero
        for x in tablePoint { tableValue = tableValue + tableValue + x }
        return LeafPoint(
            side: side, lookupPoint: Array(rest[(h - lookupBits)...]), tablePoint: tablePoint,
            lookupSelector: lookupSelector, tableSelector: tableSelector, tableValue: tableValue)
    }
}

/// A leaf point taken apart for the verifier's public evaluations.
struct LeafPoint {
    /// s: 0 for the lookup half, 1 for the table half.
    let side: Scalar
    /// The point at which the lookup vector V is claimed.
    let lookupPoint: [Scalar]
    /// The point at which the multiplicities m are claimed.
    let tablePoint: [Scalar]
    /// Σ_{i<N} eq(ρ′, i): the share of the lookup half that is real (not padding).
    let lookupSelector: Scalar
    /// Σ_{t<2^b} eq(ρ′, t) on the table half.
    let tableSelector: Scalar
    /// t̃ at the table point.
    let tableValue: Scalar

    /// p̃_leaf(ρ) = (1 − s)·sel_l − s·sel_t·m̃, as (constant, coefficient of m̃).
    var numeratorForm: (constant: Scalar, countsCoefficient: Scalar) {
        ((.one - side) * lookupSelector, -(side * tableSelector))
    }

    /// q̃_leaf(ρ) = (1 − s)·(sel_l·(α − Ṽ) + 1 − sel_l) + s·(sel_t·(α − t̃) + 1 − sel_t), as (constant,
    /// coefficient of Ṽ).
    func denominatorForm(alpha: Scalar) -> (constant: Scalar, valuesCoefficient: Scalar) {
        let lookupConstant = lookupSelector * alpha + .one - lookupSelector
        let tableConstant = tableSelector * (alpha - tableValue) + .one - tableSelector
        return ((.one - side) * lookupConstant + side * tableConstant, -((.one - side) * lookupSelector))
    }
}
