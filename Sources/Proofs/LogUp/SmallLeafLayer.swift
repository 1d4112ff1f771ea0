import Algebra
import Dispatch

/// The leaf layer of a range check's fraction tree, kept as the small integers it is made of: every leaf is
/// (n, a·α − d) with small n, a, d — a lookup (1, α − v), a table entry (−m_t, α − t), or padding (0, 1)
/// (``RangeCheckLayout``).
///
/// The bottom layer is the range prover's largest (2^23 leaves for the reference model), and on scalars it costs a
/// conversion per leaf, three multiplications per parent, and a GKR layer sumcheck over 2^(depth−1) converted
/// entries per side. On the integers:
/// - the layer above is α·A − B over α² and α·(…) + (…), two Montgomery reductions per parent;
/// - the first round of the leaf layer's sumcheck is five integer-weighted sums of eq entries
///   (``ScalarIntegerSum``, 4 limb products per term) per evaluation point, the second fifteen (the first variable's
///   challenge enters as three class weights, the products being bilinear in the children);
/// - binding the second variable yields the scalar tables of the remaining rounds, a quarter of the size the leaf
///   layer would have on scalars, with at most two reductions per entry (one when the children agree, as a
///   lookup's do).
/// The values are the same field elements as the scalar path's, so proofs do not change.
struct SmallLeafLayer: Sendable {
    /// A leaf p/q = n/(a·α − d).
    struct Leaf: Sendable, Equatable {
        /// n.
        let numerator: Int64
        /// a.
        let alphaCoefficient: Int64
        /// d.
        let offset: Int64
    }

    /// Looked-up values: leaf i < `values.count` is (1, α − v_i) unless it lies in the table's range.
    let values: [Int64]
    /// Table multiplicities: leaf `tableStart` + t is (−m_t, α − t).
    let counts: [Int64]
    /// The leaf index of table entry 0.
    let tableStart: Int
    /// log₂ of the number of leaves (≥ 1); leaves not covered by the values or the table are padding (0, 1).
    let depth: Int
    /// The logUp challenge.
    let alpha: Scalar

    /// The leaves of a range check: `values` (2^n of them) against [0, 2^b) with multiplicities `counts`, laid out
    /// as `layout` says.
    init(layout: RangeCheckLayout, values: [Int64], counts: [Int64], alpha: Scalar) {
        self.values = values
        self.counts = counts
        if let region = layout.embeddedTableRegion {
            tableStart = region << layout.tableBits
        } else {
            tableStart = 1 << layout.halfBits
        }
        depth = layout.leafBits
        self.alpha = alpha
    }

    /// The number of leaves.
    var count: Int { 1 << depth }

    // MARK: The layer above

    /// The parents of the leaves (2^(depth−1) nodes): node j = leaf 2j + leaf 2j + 1, with
    /// p = n_L·q_R + n_R·q_L = α·(n_L·a_R + n_R·a_L) − (n_L·d_R + n_R·d_L) and
    /// q = q_L·q_R = α²·a_L·a_R − α·(a_L·d_R + d_L·a_R) + d_L·d_R.
    func parents() -> (numerators: [Scalar], denominators: [Scalar]) {
        let half = count / 2
        let alphaTimes = SmallIntegerMultiplier(alpha)
        let oneTimes = SmallIntegerMultiplier(.one)
        let alphaSquared = alpha * alpha
        var p = SumcheckProver.scratch(count: half)
        var q = SumcheckProver.scratch(count: half)
        withReader { read in
            p.withUnsafeMutableBufferPointer { p in
                q.withUnsafeMutableBufferPointer { q in
                    let out = UncheckedSendable((p, q))
                    SumcheckProver.forEachChunk(count: half) { range in
                        let (p, q) = out.value
                        for j in range {
                            let l = read(2 * j)
                            let r = read(2 * j + 1)
                            let products = Products(l, r)
                            p[j] = SmallIntegerMultiplier.combination(alphaTimes, products.a, oneTimes, -products.b)
                            let rest = SmallIntegerMultiplier.combination(alphaTimes, -products.c, oneTimes, products.d)
                            q[j] = Self.plus(rest, alphaSquared, times: products.e)
                        }
                    }
                }
            }
        }
        return (p, q)
    }

    /// The leaf layer split into children as scalars — (p_L, p_R, q_L, q_R), entry j from leaves 2j and 2j + 1 —
    /// for a sumcheck over 2^(depth−1) entries without this type's first round.
    func splitScalars() -> (pl: [Scalar], pr: [Scalar], ql: [Scalar], qr: [Scalar]) {
        let half = count / 2
        var pl = SumcheckProver.scratch(count: half), pr = SumcheckProver.scratch(count: half)
        var ql = SumcheckProver.scratch(count: half), qr = SumcheckProver.scratch(count: half)
        withReader { read in
            for j in 0..<half {
                (pl[j], ql[j]) = read(2 * j).scalars(alpha: alpha)
                (pr[j], qr[j]) = read(2 * j + 1).scalars(alpha: alpha)
            }
        }
        return (pl, pr, ql, qr)
    }

    // MARK: The first round of the leaf layer's sumcheck

    /// Σ_i w_i·h(X, i) at X = 0 and 1 (when `needOne`), and its X² coefficient, for the GKR summand
    /// h = p_L·q_R + q_L·(p_R + λ·q_R) over the 2^(depth−1) parent nodes, X the nodes' first (most significant)
    /// variable and w = eq(τ_{>0}, ·).
    ///
    /// At X = 0 and 1 every node's children are still leaves (n, a, d) with integer entries, and
    /// h = α·A − B + λ·(α²·E − α·C + D) with A = n_L·a_R + a_L·n_R, B = n_L·d_R + d_L·n_R, E = a_L·a_R,
    /// C = a_L·d_R + d_L·a_R, D = d_L·d_R, so Σ w·h needs five sums Σ w·(integer) and no multiplication per node.
    /// h is bilinear in the children, so its X² coefficient is the same form of the children's differences v₁ − v₀.
    /// Magnitudes: |n| ≤ 2^30 (a count of at most 2^30 lookups), a ∈ {0, 1}, 0 ≤ d < 2^20 or d = −1, so every
    /// product, of the leaves or of their differences, stays below 2^54.
    func firstRoundSums(weights: [Scalar], lambda: Scalar, needOne: Bool) -> [Scalar] {
        let half = count / 4
        precondition(weights.count == half, "eq table of the wrong size")
        let sums: [Scalar] = withReader { read in
            weights.withUnsafeBufferPointer { w in
                let weights = UncheckedSendable(w)
                return SumcheckProver.chunkedSums(count: half, width: 15) { range, out in
                    let w = weights.value
                    var at0 = FiveSums(), at1 = FiveSums(), xSquared = FiveSums()
                    for i in range {
                        let l0 = read(2 * i), r0 = read(2 * i + 1)
                        let l1 = read(2 * (i + half)), r1 = read(2 * (i + half) + 1)
                        let weight = w[i]
                        at0.add(weight, Products(l0, r0))
                        xSquared.add(weight, Products(l0.difference(to: l1), r0.difference(to: r1)))
                        if needOne { at1.add(weight, Products(l1, r1)) }
                    }
                    for (x, sums) in [at0, at1, xSquared].enumerated() {
                        for (k, value) in sums.values.enumerated() { out[5 * x + k] = value }
                    }
                }
            }
        }
        return (0..<3).map { x in summand(sums[(5 * x)..<(5 * x + 5)], lambda: lambda) }
    }

    /// The second round on the integers, the first node variable bound to r₁ (depth ≥ 3): q(0), q(1) (when
    /// `needOne`) and q's X² coefficient for the summand over the nodes' second variable X, w = eq(τ_{>1}, ·).
    ///
    /// Bound to r₁, each child is (1 − r₁)·(child in the lower half) + r₁·(child in the upper half), and h is bilinear
    /// in the left and right children's integers, so Σ w·h = (1 − r₁)²·S₀₀ + (1 − r₁)·r₁·S₀₁ + r₁²·S₁₁ with S the
    /// five integer-weighted sums of the products of lower × lower, the two mixed pairs, and upper × upper children.
    /// The X² coefficient takes the children's differences between X = 1 and X = 0 in place of the children.
    /// Magnitudes as in round 0, plus one doubling for the mixed pairs: every sum of products stays below 2^55.
    func secondRoundSums(r: Scalar, weights: [Scalar], lambda: Scalar, needOne: Bool) -> [Scalar] {
        let firstHalf = count / 4
        let half = count / 8
        precondition(half >= 1 && weights.count == half, "eq table of the wrong size")
        let sums: [Scalar] = withReader { read in
            weights.withUnsafeBufferPointer { w in
                let weights = UncheckedSendable(w)
                return SumcheckProver.chunkedSums(count: half, width: 45) { range, out in
                    let w = weights.value
                    // Points 0, 1 and X², each over the three classes of children.
                    var acc = (ClassSums(), ClassSums(), ClassSums())
                    for x in range {
                        let weight = w[x]
                        // Node (b₁, X, x) = b₁·firstHalf + X·half + x; its children are leaves 2·node and 2·node + 1.
                        let n00 = x, n01 = half + x, n10 = firstHalf + x, n11 = firstHalf + half + x
                        let lo = (l0: read(2 * n00), r0: read(2 * n00 + 1), l1: read(2 * n10), r1: read(2 * n10 + 1))
                        let hi = (l0: read(2 * n01), r0: read(2 * n01 + 1), l1: read(2 * n11), r1: read(2 * n11 + 1))
                        acc.0.add(weight, lo.l0, lo.r0, lo.l1, lo.r1)
                        if needOne { acc.1.add(weight, hi.l0, hi.r0, hi.l1, hi.r1) }
                        acc.2.add(
                            weight, lo.l0.difference(to: hi.l0), lo.r0.difference(to: hi.r0),
                            lo.l1.difference(to: hi.l1), lo.r1.difference(to: hi.r1))
                    }
                    for (point, sums) in [acc.0, acc.1, acc.2].enumerated() {
                        for (kind, five) in [sums.lower, sums.mixed, sums.upper].enumerated() {
                            for (k, value) in five.values.enumerated() { out[15 * point + 5 * kind + k] = value }
                        }
                    }
                }
            }
        }
        let oneMinusR = Scalar.one - r
        let classWeights = [oneMinusR * oneMinusR, oneMinusR * r, r * r]
        return (0..<3).map { point in
            var total = Scalar.zero
            for kind in 0..<3 {
                let base = 15 * point + 5 * kind
                total += classWeights[kind] * summand(sums[base..<(base + 5)], lambda: lambda)
            }
            return total
        }
    }

    /// α·A − B + λ·(α²·E − α·C + D): the summand h from the five weighted sums (A, B, E, C, D) of its integer parts.
    private func summand(_ sums: ArraySlice<Scalar>, lambda: Scalar) -> Scalar {
        let i = sums.startIndex
        let (a, b, e, c, d) = (sums[i], sums[i + 1], sums[i + 2], sums[i + 3], sums[i + 4])
        return alpha * a - b + lambda * (alpha * alpha * e - alpha * c + d)
    }

    /// The tables (p_L, p_R, q_L, q_R) after the first two node variables are bound to r₁ and r₂: entry x is
    /// Σ_{b₁,b₂} k_{b₁b₂}·(children of node b₁·2^(depth−2) + b₂·2^(depth−3) + x) with k = eq weights of (r₁, r₂),
    /// 2^(depth−3) entries each.
    func boundTables(_ r1: Scalar, _ r2: Scalar) -> (pl: [Scalar], pr: [Scalar], ql: [Scalar], qr: [Scalar]) {
        let firstHalf = count / 4
        let half = count / 8
        let k = [(Scalar.one - r1) * (Scalar.one - r2), (Scalar.one - r1) * r2, r1 * (Scalar.one - r2), r1 * r2]
        let alpha = self.alpha
        let times = k.map(SmallIntegerMultiplier.init)
        // Σ k·v over four leaves' integers; Σ k = 1, so four equal integers need no product.
        @Sendable func weighted(_ v0: Int64, _ v1: Int64, _ v2: Int64, _ v3: Int64) -> Scalar {
            if v0 == v1, v1 == v2, v2 == v3 { return Self.small(v0) }
            return SmallIntegerMultiplier.combination(times[0], v0, times[1], v1)
                + SmallIntegerMultiplier.combination(times[2], v2, times[3], v3)
        }
        // p = Σ k·n and q = α·Σ k·a − Σ k·d (Σ k·a is 1 for four lookups or table entries).
        @Sendable func bind(_ x0: Leaf, _ x1: Leaf, _ x2: Leaf, _ x3: Leaf) -> (p: Scalar, q: Scalar) {
            let p = weighted(x0.numerator, x1.numerator, x2.numerator, x3.numerator)
            let a = weighted(x0.alphaCoefficient, x1.alphaCoefficient, x2.alphaCoefficient, x3.alphaCoefficient)
            let d = weighted(x0.offset, x1.offset, x2.offset, x3.offset)
            return (p, (a == .one ? alpha : a * alpha) - d)
        }
        return withReader { read in
            Self.tables(count: half) { x in
                let nodes = (x, half + x, firstHalf + x, firstHalf + half + x)
                let left = bind(read(2 * nodes.0), read(2 * nodes.1), read(2 * nodes.2), read(2 * nodes.3))
                let right = bind(
                    read(2 * nodes.0 + 1), read(2 * nodes.1 + 1), read(2 * nodes.2 + 1), read(2 * nodes.3 + 1))
                return (left.p, right.p, left.q, right.q)
            }
        }
    }

    /// The tables (p_L, p_R, q_L, q_R) of the leaf layer's sumcheck after its first variable is bound to r:
    /// entry i is (1 − r)·(node i's children) + r·(node i + half's), 2^(depth−2) entries each.
    func boundTables(_ r: Scalar) -> (pl: [Scalar], pr: [Scalar], ql: [Scalar], qr: [Scalar]) {
        let half = count / 4
        let low = SmallIntegerMultiplier(Scalar.one - r)
        let high = SmallIntegerMultiplier(r)
        let oneMinusR = Scalar.one - r
        let alpha = self.alpha
        @Sendable func bind(_ x: Leaf, _ y: Leaf) -> (p: Scalar, q: Scalar) {
            let p = x.numerator == y.numerator
                ? Self.small(x.numerator)
                : SmallIntegerMultiplier.combination(low, x.numerator, high, y.numerator)
            let d = x.offset == y.offset
                ? Self.small(x.offset)
                : SmallIntegerMultiplier.combination(low, x.offset, high, y.offset)
            let a: Scalar
            if x.alphaCoefficient == y.alphaCoefficient {
                a = x.alphaCoefficient == 1 ? alpha : Self.small(x.alphaCoefficient) * alpha
            } else {
                a = (oneMinusR * Scalar(x.alphaCoefficient) + r * Scalar(y.alphaCoefficient)) * alpha
            }
            return (p, a - d)
        }
        return withReader { read in
            Self.tables(count: half) { i in
                let left = bind(read(2 * i), read(2 * (i + half)))
                let right = bind(read(2 * i + 1), read(2 * (i + half) + 1))
                return (left.p, right.p, left.q, right.q)
            }
        }
    }

    // MARK: Helpers

    /// Four tables (p_L, p_R, q_L, q_R) of `count` entries, entry i from `entry(i)`, filled in parallel chunks.
    private static func tables(count: Int, _ entry: @Sendable (Int) -> (Scalar, Scalar, Scalar, Scalar))
        -> (pl: [Scalar], pr: [Scalar], ql: [Scalar], qr: [Scalar])
    {
        var pl = SumcheckProver.scratch(count: count), pr = SumcheckProver.scratch(count: count)
        var ql = SumcheckProver.scratch(count: count), qr = SumcheckProver.scratch(count: count)
        pl.withUnsafeMutableBufferPointer { pl in
            pr.withUnsafeMutableBufferPointer { pr in
                ql.withUnsafeMutableBufferPointer { ql in
                    qr.withUnsafeMutableBufferPointer { qr in
                        let out = UncheckedSendable((pl, pr, ql, qr))
                        SumcheckProver.forEachChunk(count: count) { range in
                            let (pl, pr, ql, qr) = out.value
                            for i in range { (pl[i], pr[i], ql[i], qr[i]) = entry(i) }
                        }
                    }
                }
            }
        }
        return (pl, pr, ql, qr)
    }

    /// Calls `body` with a reader of the leaves that needs no array access per leaf.
    private func withReader<R>(_ body: (Reader) -> R) -> R {
        values.withUnsafeBufferPointer { v in
            counts.withUnsafeBufferPointer { c in body(Reader(values: v, counts: c, tableStart: tableStart)) }
        }
    }

    /// 0 and 1 without a conversion; other integers converted.
    @inline(__always)
    private static func small(_ k: Int64) -> Scalar {
        k == 0 ? .zero : k == 1 ? .one : Scalar(k)
    }

    /// x + y·k for a small k (0 and 1 without a multiplication).
    @inline(__always)
    private static func plus(_ x: Scalar, _ y: Scalar, times k: Int64) -> Scalar {
        k == 0 ? x : k == 1 ? x + y : x + y * Scalar(k)
    }
}

extension SmallLeafLayer.Leaf {
    /// The leaf as scalars (p, q) = (n, a·α − d).
    func scalars(alpha: Scalar) -> (p: Scalar, q: Scalar) {
        (Scalar(numerator), Scalar(alphaCoefficient) * alpha - Scalar(offset))
    }

    /// other − self, entry by entry: the slope of the line through self (X = 0) and `other` (X = 1).
    @inline(__always)
    func difference(to other: Self) -> Self {
        Self(
            numerator: other.numerator &- numerator, alphaCoefficient: other.alphaCoefficient &- alphaCoefficient,
            offset: other.offset &- offset)
    }

}

/// The leaves as a function of the index, read through buffer pointers.
private struct Reader: @unchecked Sendable {
    let values: UnsafeBufferPointer<Int64>
    let counts: UnsafeBufferPointer<Int64>
    let tableStart: Int

    @inline(__always)
    func callAsFunction(_ i: Int) -> SmallLeafLayer.Leaf {
        let t = i &- tableStart
        if t >= 0, t < counts.count {
            return SmallLeafLayer.Leaf(numerator: -counts[t], alphaCoefficient: 1, offset: Int64(t))
        }
        if i < values.count { return SmallLeafLayer.Leaf(numerator: 1, alphaCoefficient: 1, offset: values[i]) }
        return SmallLeafLayer.Leaf(numerator: 0, alphaCoefficient: 0, offset: -1)
    }
}

/// The five integer combinations of two sibling leaves that the layer formulas need (see
/// ``SmallLeafLayer/firstRoundSums(weights:lambda:needOne:)``).
private struct Products {
    let a: Int64, b: Int64, e: Int64, c: Int64, d: Int64

    @inline(__always)
    init(_ l: SmallLeafLayer.Leaf, _ r: SmallLeafLayer.Leaf) {
        a = l.numerator &* r.alphaCoefficient &+ l.alphaCoefficient &* r.numerator
        b = l.numerator &* r.offset &+ l.offset &* r.numerator
        e = l.alphaCoefficient &* r.alphaCoefficient
        c = l.alphaCoefficient &* r.offset &+ l.offset &* r.alphaCoefficient
        d = l.offset &* r.offset
    }

    private init(a: Int64, b: Int64, e: Int64, c: Int64, d: Int64) {
        (self.a, self.b, self.e, self.c, self.d) = (a, b, e, c, d)
    }

    /// The entry-wise sum.
    @inline(__always)
    func plus(_ other: Products) -> Products {
        Products(a: a &+ other.a, b: b &+ other.b, e: e &+ other.e, c: c &+ other.c, d: d &+ other.d)
    }
}

/// The five sums for each class of (left, right) children in the second round: lower·lower, lower·upper +
/// upper·lower, upper·upper.
private struct ClassSums {
    var lower = FiveSums(), mixed = FiveSums(), upper = FiveSums()

    @inline(__always)
    mutating func add(
        _ weight: Scalar, _ l0: SmallLeafLayer.Leaf, _ r0: SmallLeafLayer.Leaf, _ l1: SmallLeafLayer.Leaf,
        _ r1: SmallLeafLayer.Leaf
    ) {
        lower.add(weight, Products(l0, r0))
        mixed.add(weight, Products(l0, r1).plus(Products(l1, r0)))
        upper.add(weight, Products(l1, r1))
    }
}

/// Σ w·A, Σ w·B, Σ w·E, Σ w·C, Σ w·D without reductions.
private struct FiveSums {
    var a = ScalarIntegerSum(), b = ScalarIntegerSum(), e = ScalarIntegerSum(), c = ScalarIntegerSum(),
        d = ScalarIntegerSum()

    @inline(__always)
    mutating func add(_ weight: Scalar, _ products: Products) {
        a.add(weight, times: products.a)
        b.add(weight, times: products.b)
        e.add(weight, times: products.e)
        c.add(weight, times: products.c)
        d.add(weight, times: products.d)
    }

    var values: [Scalar] { [a.value, b.value, e.value, c.value, d.value] }
}
