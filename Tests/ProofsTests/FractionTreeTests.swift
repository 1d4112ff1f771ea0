import Algebra
import FeedProofTestSupport
@testable import Proofs
import Testing

/// The fraction tree and the public leaf evaluations of the logUp range check.
@Suite("logUp fraction tree and layout")
struct FractionTreeTests {
    @Test(arguments: [0, 1, 2, 5, 9])
    func rootIsTheSumOfFractions(depth: Int) {
        var random = SeededGenerator(seed: UInt64(depth) + 1)
        let count = 1 << depth
        let p = (0..<count).map { _ in random.randomScalar() }
        let q = (0..<count).map { _ in random.randomScalar() }
        let tree = FractionTree(leafNumerators: p, leafDenominators: q)
        #expect(tree.depth == depth)
        var sum = Scalar.zero
        for i in 0..<count { sum += p[i] * (q[i].inverted() ?? .zero) }
        let root = tree.numerators[0][0] * (tree.denominators[0][0].inverted() ?? .zero)
        #expect(root == sum)
        // Each layer's MLE relation that the GKR sumcheck proves: children are the last variable.
        if depth >= 1 {
            let layer = tree.numerators[depth - 1]
            let children = tree.numerators[depth]
            let childQ = tree.denominators[depth]
            for j in 0..<layer.count {
                #expect(layer[j] == children[2 * j] * childQ[2 * j + 1] + children[2 * j + 1] * childQ[2 * j])
            }
        }
    }

    /// A tree over small-integer leaves (never stored as scalars) has the same root and hands out the same split
    /// layers as the tree over the stored leaves, the leaf layer included.
    @Test(arguments: [(6, 3, 2), (8, 4, 5), (14, 12, 1)])
    func generatedLeavesMatchStoredLeaves(lookupBits: Int, tableBits: Int, region: Int) throws {
        var random = SeededGenerator(seed: UInt64(lookupBits * 100 + region))
        let layout = try RangeCheckLayout(lookupBits: lookupBits, tableBits: tableBits, embeddedTableRegion: region)
        var values = (0..<(1 << lookupBits)).map { _ in random.int64(in: 0...Int64((1 << tableBits) - 1)) }
        for i in (region << tableBits)..<((region + 1) << tableBits) { values[i] = 0 }
        var counts = [Int64](repeating: 0, count: 1 << tableBits)
        for (i, v) in values.enumerated() where layout.isLookedUp(i) { counts[Int(v)] += 1 }
        let alpha = random.randomScalar()
        let leaves = Self.embeddedLeaves(layout, values: values, counts: counts, alpha: alpha)
        var stored = FractionTree(leafNumerators: leaves.numerators, leafDenominators: leaves.denominators)
        var generated = FractionTree(
            leaves: SmallLeafLayer(layout: layout, values: values, counts: counts, alpha: alpha))
        #expect(generated.depth == stored.depth)
        #expect(generated.root == stored.root)
        #expect(generated.root.numerator.isZero)
        #expect(generated.numerators.count == lookupBits)
        for k in 1...lookupBits {
            let a = stored.takeSplitLayer(k)
            let b = generated.takeSplitLayer(k)
            #expect(a.pl == b.pl && a.pr == b.pr && a.ql == b.ql && a.qr == b.qr, "layer \(k)")
        }
    }

    /// Side by side (the small proofs' layout, with padding on either half) the small-integer leaves build the
    /// tree of ``RangeCheckLayout/leaves(values:counts:alpha:)``.
    @Test(arguments: [(2, 4), (5, 3), (4, 4), (1, 1)])
    func smallLeavesSideBySideMatchStoredLeaves(lookupBits: Int, tableBits: Int) throws {
        var random = SeededGenerator(seed: UInt64(lookupBits * 10 + tableBits))
        let layout = try RangeCheckLayout(lookupBits: lookupBits, tableBits: tableBits)
        let (values, counts) = Self.inRangeValues(lookupBits: lookupBits, tableBits: tableBits, &random)
        let alpha = random.randomScalar()
        let leaves = layout.leaves(values: values, counts: counts, alpha: alpha)
        var stored = FractionTree(leafNumerators: leaves.numerators, leafDenominators: leaves.denominators)
        var small = FractionTree(leaves: SmallLeafLayer(layout: layout, values: values, counts: counts, alpha: alpha))
        #expect(small.depth == stored.depth)
        #expect(small.root == stored.root)
        #expect(small.root.numerator.isZero)
        for k in 1...stored.depth {
            let a = stored.takeSplitLayer(k)
            let b = small.takeSplitLayer(k)
            #expect(a.pl == b.pl && a.pr == b.pr && a.ql == b.ql && a.qr == b.qr, "layer \(k)")
        }
    }

    /// 2^lookupBits random values in [0, 2^tableBits), all looked up, and their multiplicities counted here.
    static func inRangeValues(lookupBits: Int, tableBits: Int, _ random: inout SeededGenerator) -> (
        values: [Int64], counts: [Int64]
    ) {
        let values = (0..<(1 << lookupBits)).map { _ in random.int64(in: 0...Int64((1 << tableBits) - 1)) }
        var counts = [Int64](repeating: 0, count: 1 << tableBits)
        for v in values { counts[Int(v)] += 1 }
        return (values, counts)
    }

    /// The embedded-table leaves written out as arrays: an independent oracle for `SmallLeafLayer`.
    static func embeddedLeaves(
        _ layout: RangeCheckLayout, values: [Int64], counts: [Int64], alpha: Scalar
    ) -> (numerators: [Scalar], denominators: [Scalar]) {
        let size = 1 << layout.lookupBits
        var p = [Scalar](repeating: .one, count: size)
        var q = [Scalar](repeating: alpha, count: size)
        for (i, v) in values.enumerated() where v != 0 { q[i] = alpha - Scalar(v) }
        let start = (layout.embeddedTableRegion ?? 0) << layout.tableBits
        for (t, m) in counts.enumerated() {
            p[start + t] = -Scalar(m)
            q[start + t] = alpha - Scalar(Int64(t))
        }
        return (p, q)
    }

    @Test(arguments: [(2, 3), (3, 3), (5, 3), (1, 4)])
    func inRangeValuesGiveAZeroRoot(lookupBits: Int, tableBits: Int) throws {
        var random = SeededGenerator(seed: 77)
        let layout = try RangeCheckLayout(lookupBits: lookupBits, tableBits: tableBits)
        let (values, counts) = Self.inRangeValues(lookupBits: lookupBits, tableBits: tableBits, &random)
        let alpha = random.randomScalar()
        let leaves = layout.leaves(values: values, counts: counts, alpha: alpha)
        let tree = FractionTree(leafNumerators: leaves.numerators, leafDenominators: leaves.denominators)
        #expect(tree.numerators[0][0].isZero)
        #expect(!tree.denominators[0][0].isZero)
        // An out-of-range value cannot balance, whatever the counts.
        var bad = values
        bad[0] = Int64(1 << tableBits)
        let badLeaves = layout.leaves(values: bad, counts: counts, alpha: alpha)
        let badTree = FractionTree(leafNumerators: badLeaves.numerators, leafDenominators: badLeaves.denominators)
        #expect(!badTree.numerators[0][0].isZero)
    }

    @Test(arguments: [(2, 3), (4, 2), (3, 3)])
    func publicLeafFormsMatchTheLeafMLEs(lookupBits: Int, tableBits: Int) throws {
        var random = SeededGenerator(seed: 5)
        let layout = try RangeCheckLayout(lookupBits: lookupBits, tableBits: tableBits)
        let values = (0..<(1 << lookupBits)).map { _ in random.int64(in: 0...Int64((1 << tableBits) - 1)) }
        let counts = (0..<(1 << tableBits)).map { _ in random.int64(in: 0...9) }
        let alpha = random.randomScalar()
        let leaves = layout.leaves(values: values, counts: counts, alpha: alpha)
        let point = (0..<layout.leafBits).map { _ in random.randomScalar() }
        let parts = layout.split(point)
        let vClaim = try MultilinearPolynomial(small: values).evaluate(at: parts.lookupPoint)
        let mClaim = try MultilinearPolynomial(small: counts).evaluate(at: parts.tablePoint)
        let p = try MultilinearPolynomial(evaluations: leaves.numerators).evaluate(at: point)
        let q = try MultilinearPolynomial(evaluations: leaves.denominators).evaluate(at: point)
        let pForm = parts.numeratorForm
        let qForm = parts.denominatorForm(alpha: alpha)
        #expect(p == pForm.constant + pForm.countsCoefficient * mClaim)
        #expect(q == qForm.constant + qForm.valuesCoefficient * vClaim)
    }
}

/// The specialized layer summand agrees with the general sumcheck engine round by round.
@Suite("GKR layer polynomial")
struct GKRLayerPolynomialTests {
    /// Over a range check's leaves, the summand whose first round runs on the integers gives the same round
    /// polynomials, final value and children as the scalar summand over the same leaves: both layouts, the
    /// degenerate depths, counts near 2^30 and offsets near 2^20 (the magnitude bounds), an eq coordinate 0 in the
    /// first round (q(1) summed instead of derived) and rounds without a claim.
    @Test(arguments: [
        (1, 1, Int?.none, false), (2, 1, nil, false), (3, 2, nil, false), (6, 4, nil, true), (7, 3, 5, false),
        (9, 4, 2, true), (4, 6, nil, false),
    ])
    func smallLeavesMatchTheScalarSummand(lookupBits: Int, tableBits: Int, region: Int?, zeroFirstTau: Bool) throws {
        var random = SeededGenerator(seed: UInt64(lookupBits * 1000 + tableBits * 10 + (region ?? 9)))
        let layout = try RangeCheckLayout(lookupBits: lookupBits, tableBits: tableBits, embeddedTableRegion: region)
        // Any integers in the bounds will do: the identity does not need a zero root.
        let values = (0..<(1 << lookupBits)).map { _ in random.int64(in: 0...Int64((1 << 20) - 1)) }
        let counts = (0..<(1 << tableBits)).map { _ in random.int64(in: 0...(1 << 30)) }
        let leaves = SmallLeafLayer(layout: layout, values: values, counts: counts, alpha: random.randomScalar())
        let lambda = random.randomScalar()
        var tau = (0..<(leaves.depth - 1)).map { _ in random.randomScalar() }
        if zeroFirstTau, !tau.isEmpty { tau[0] = .zero }
        let (pl, pr, ql, qr) = leaves.splitScalars()
        var small = GKRLayerPolynomial(leaves: leaves, lambda: lambda, tau: tau)
        var scalar = GKRLayerPolynomial(pl: pl, pr: pr, ql: ql, qr: qr, lambda: lambda, tau: tau)
        var claim: Scalar? = nil
        for round in 0..<tau.count {
            let a = try small.roundPolynomial(claim: claim)
            let b = try scalar.roundPolynomial(claim: claim)
            #expect(a == b, "round \(round)")
            #expect(try small.roundPolynomial(claim: nil) == scalar.roundPolynomial(claim: nil), "round \(round)")
            let r = random.randomScalar()
            claim = round % 2 == 0 ? a.evaluate(at: r) : nil
            try small.bind(r)
            try scalar.bind(r)
        }
        #expect(small.finalValue == scalar.finalValue)
        #expect(small.tableValues == scalar.tableValues)
    }

    @Test(arguments: [0, 1, 2, 5, 8])
    func matchesTheGeneralEngine(variables: Int) throws {
        var random = SeededGenerator(seed: UInt64(variables) + 900)
        let size = 1 << variables
        let tables = (0..<4).map { _ in (0..<size).map { _ in random.randomScalar() } }
        let lambda = random.randomScalar()
        let tau = (0..<variables).map { _ in random.randomScalar() }
        var special = GKRLayerPolynomial(
            pl: tables[0], pr: tables[1], ql: tables[2], qr: tables[3], lambda: lambda, tau: tau)
        var general = try SumcheckProver(
            tables: tables.map { .scalars($0) },
            terms: [.init(factors: [0, 3]), .init(factors: [1, 2]), .init(coefficient: lambda, factors: [2, 3])],
            equalityPoint: tau)
        var claim: Scalar? = nil
        for _ in 0..<variables {
            let a = try special.roundPolynomial(claim: claim)
            let b = try general.roundPolynomial(claim: nil)
            let padded = b.coefficients + [Scalar](repeating: .zero, count: max(0, 4 - b.coefficients.count))
            #expect(a.coefficients == padded)
            let r = random.randomScalar()
            claim = a.evaluate(at: r)
            try special.bind(r)
            try general.bind(r)
        }
        #expect(special.finalValue == general.finalValue)
        #expect(special.tableValues == general.tableValues)
        #expect(throws: ProofError.self) { _ = try special.roundPolynomial(claim: nil) }
    }
}

extension RangeCheckLayout {
    /// The side-by-side leaves written out as arrays, for lookups `values` (length 2^n) with multiplicities `counts`
    /// (length 2^b) at challenge α: an independent oracle for ``SmallLeafLayer`` (the prover keeps the leaves as
    /// integers).
    func leaves(values: [Int64], counts: [Int64], alpha: Scalar) -> (numerators: [Scalar], denominators: [Scalar]) {
        let half = 1 << halfBits
        var p = [Scalar](repeating: .zero, count: 2 * half)
        var q = [Scalar](repeating: .one, count: 2 * half)
        for (i, v) in values.enumerated() {
            p[i] = .one
            q[i] = alpha - Scalar(v)
        }
        for (t, m) in counts.enumerated() {
            p[half + t] = -Scalar(m)
            q[half + t] = alpha - Scalar(t)
        }
        return (p, q)
    }
}
