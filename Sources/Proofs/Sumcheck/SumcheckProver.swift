import Algebra
import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The prover's engine for a sumcheck over f(x) = [eq(τ, x) ·] Σ_t c_t·Π_{k∈t} P_k(x), a sum of products of
/// multilinear tables P_k, optionally times the equality polynomial eq(τ, x) (Thaler, "Proofs, Arguments, and
/// Zero-Knowledge", §4.1; the zero-check form of Spartan ePrint 2019/550 §5).
///
/// Each round computes the round polynomial from its values at X = 0…D and binds the first unbound variable
/// (``MultilinearPolynomial/fold(_:)`` order), folding every table in place.
///
/// **Speed (DESIGN.md §6).**
/// - The eq factor is never folded as a table. With τ = (τ_0, …, τ_{v−1}), round j writes
///   g_j(X) = s_j·eq(τ_j, X)·q_j(X), where s_j = eq(τ_{<j}, ρ_{<j}) is a scalar and
///   q_j(X) = Σ_{x′} eq(τ_{>j}, x′)·h(ρ_{<j}, X, x′) has degree D = max |t| (Gruen, ePrint 2024/108 §3). The
///   weights eq(τ_{>j}, ·) shrink by additions only: eq(τ_{>j+1}, x″) = eq(τ_{>j}, (0, x″)) + eq(τ_{>j}, (1, x″)).
/// - Given the current claim, q_j(1) follows from it (g_j(0) + g_j(1) = claim), so only D of the D + 1 points
///   are summed; round 0 sums all of them so that the claimed sum is checked against the witness.
/// - A single product of two tables (a·b, eq·a·b) has its own kernels; any other shape takes a general path.
/// - Tables may start as small integers (``Table/small(_:)``): the first round forms exact 64-bit integer
///   products and weighs them with ``ScalarIntegerSum`` (4 limb products instead of a Montgomery
///   multiplication); the table becomes scalars at the first fold, (1 − r)·lo + r·hi with one reduction per
///   entry (``SmallIntegerMultiplier``).
/// - Large rounds are split over every core with `DispatchQueue.concurrentPerform`.
public struct SumcheckProver: SumcheckPolynomial, Sendable {
    /// A table of 2^v evaluations, either as scalars or as small signed integers.
    public enum Table: Sendable, Equatable {
        /// Evaluations as scalars.
        case scalars([Scalar])
        /// Evaluations as small integers (weights, activations, limbs). Entries of magnitude at least
        /// ``SumcheckProver/smallEntryBound`` are accepted but converted to scalars up front.
        case small([Int64])

        /// The number of evaluations.
        public var count: Int {
            switch self {
            case .scalars(let values): return values.count
            case .small(let values): return values.count
            }
        }

        /// The evaluations as scalars.
        public var scalarValues: [Scalar] {
            switch self {
            case .scalars(let values): return values
            case .small(let values):
                var result = [Scalar]()
                result.reserveCapacity(values.count)
                for value in values { result.append(Scalar(value)) }
                return result
            }
        }
    }

    /// One product term c·Π_{k∈factors} P_k of the summand.
    public struct Term: Sendable, Equatable {
        /// The constant c.
        public let coefficient: Scalar
        /// Indices of the tables multiplied (a table may repeat, e.g. a²).
        public let factors: [Int]

        /// A term c·Π P_k.
        public init(coefficient: Scalar = .one, factors: [Int]) {
            self.coefficient = coefficient
            self.factors = factors
        }
    }

    /// Small table entries must have a magnitude below 2^30, so that first-round values at X ≤ 2 stay below
    /// 3·2^30 and the product of two fits in 64 bits.
    public static let smallEntryBound: Int64 = 1 << 30

    private var tables: [Table]
    /// The product terms of the summand.
    public let terms: [Term]
    private let equalityPoint: [Scalar]?
    /// eq(τ_{>j}, ·) for the current round j (empty without an eq factor or once every variable is bound).
    private var equalityWeights: [Scalar]
    /// s_j = eq(τ_{<j}, ρ_{<j}).
    private var equalityScale = Scalar.one
    /// D, the largest number of factors in a term.
    private let innerDegree: Int
    /// The number of variables v (tables have 2^v entries).
    public let variableCount: Int
    /// The degree bound of every round polynomial: D, plus 1 with the eq factor (at least 1).
    public let degree: Int
    /// The challenges bound so far, in binding order.
    public private(set) var challenges: [Scalar] = []

    /// An engine over `tables` (all of one power-of-two length 2^v) for the summand Σ_t c_t·Π P_k, times
    /// eq(equalityPoint, x) when a point (of v coordinates) is given.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` for no tables or terms, unequal or non-power-of-two lengths, a
    ///   factor index out of range, or an equality point of the wrong length.
    public init(tables: [Table], terms: [Term], equalityPoint: [Scalar]? = nil) throws(ProofError) {
        guard let first = tables.first else { throw ProofError.shapeMismatch("a sumcheck needs at least one table") }
        let size = first.count
        guard size > 0, size & (size - 1) == 0 else {
            throw ProofError.shapeMismatch("a sumcheck table needs a power-of-two length, got \(size)")
        }
        for table in tables where table.count != size {
            throw ProofError.shapeMismatch("sumcheck tables of lengths \(size) and \(table.count)")
        }
        guard !terms.isEmpty else { throw ProofError.shapeMismatch("a sumcheck needs at least one term") }
        for term in terms {
            for k in term.factors where k < 0 || k >= tables.count {
                throw ProofError.shapeMismatch("term factor \(k) for \(tables.count) tables")
            }
        }
        let v = size.trailingZeroBitCount
        if let point = equalityPoint, point.count != v {
            throw ProofError.shapeMismatch("equality point has \(point.count) coordinates for \(v) variables")
        }
        var checked: [Table] = []
        checked.reserveCapacity(tables.count)
        for table in tables {
            if case .small(let values) = table, !SumcheckProver.fitsSmall(values) {
                checked.append(.scalars(table.scalarValues))
            } else {
                checked.append(table)
            }
        }
        self.tables = checked
        self.terms = terms
        self.equalityPoint = equalityPoint
        self.variableCount = v
        var maxFactors = 0
        for term in terms { maxFactors = max(maxFactors, term.factors.count) }
        self.innerDegree = maxFactors
        self.degree = max(1, maxFactors + (equalityPoint == nil ? 0 : 1))
        if let point = equalityPoint, v >= 1 {
            self.equalityWeights = EqualityPolynomial.table(at: Array(point[1...]))
        } else {
            self.equalityWeights = []
        }
    }

    private static func fitsSmall(_ values: [Int64]) -> Bool {
        values.withUnsafeBufferPointer { p in
            var inRange = true
            for x in p where x <= -smallEntryBound || x >= smallEntryBound { inRange = false }
            return inRange
        }
    }

    /// How many variables are not bound yet.
    public var remainingVariables: Int { variableCount - challenges.count }

    /// Each table's value at the bound point, P_k(ρ), once every variable is bound (for v = 0, the single
    /// entries; before the last round, each table's first entry).
    public var tableValues: [Scalar] {
        var values: [Scalar] = []
        values.reserveCapacity(tables.count)
        for table in tables {
            switch table {
            case .scalars(let e): values.append(e.first ?? .zero)
            case .small(let e): values.append(Scalar(e.first ?? 0))
            }
        }
        return values
    }

    /// eq(τ, ρ) once every variable is bound (1 without an eq factor).
    public var equalityValue: Scalar { equalityScale }

    /// f(ρ) = eq(τ, ρ)·Σ_t c_t·Π P_k(ρ) once every variable is bound.
    public var finalValue: Scalar {
        let values = tableValues
        var sum = Scalar.zero
        for term in terms {
            var product = term.coefficient
            for k in term.factors { product *= values[k] }
            sum += product
        }
        return equalityScale * sum
    }

    // MARK: Rounds

    /// The round polynomial g_j(X) of the next unbound variable (coefficients, degree ≤ ``degree``).
    /// - Complexity: O(2^(v−j)·|terms|·D) multiplications, over every core for large tables.
    public mutating func roundPolynomial(claim: Scalar?) throws(ProofError) -> UnivariatePolynomial {
        guard remainingVariables > 0 else {
            throw ProofError.shapeMismatch("every sumcheck variable is already bound")
        }
        let j = challenges.count
        let half = tables[0].count / 2
        let width = innerDegree + 1
        let tau = equalityPoint?[j]

        // Whether q(1) must be summed, or follows from the claim: g(0) + g(1) = claim, with
        // g(X) = q(X) (no eq) or g(X) = s·eq(τ_j, X)·q(X), so claim = s·(1 − τ_j)·q(0) + s·τ_j·q(1).
        var derivation: (claim: Scalar, inverse: Scalar)? = nil
        if let claim, innerDegree >= 1 {
            if let tau {
                if let inverse = (equalityScale * tau).inverted() { derivation = (claim, inverse) }
            } else {
                derivation = (claim, .one)
            }
        }
        var q = innerSums(half: half, width: width, needOne: derivation == nil)
        if let (claim, inverse) = derivation {
            if let tau {
                q[1] = (claim - equalityScale * (Scalar.one - tau) * q[0]) * inverse
            } else {
                q[1] = claim - q[0]
            }
        }
        let inner = UnivariatePolynomial(evaluationsAtZeroThrough: q).coefficients
        var coefficients = [Scalar](repeating: .zero, count: degree + 1)
        if let tau {
            // g = s·((1 − τ_j) + (2τ_j − 1)·X)·q(X).
            let l0 = equalityScale * (Scalar.one - tau)
            let l1 = equalityScale * (tau + tau - Scalar.one)
            for (k, c) in inner.enumerated() where k <= degree {
                coefficients[k] += l0 * c
                if k + 1 <= degree { coefficients[k + 1] += l1 * c }
            }
        } else {
            for (k, c) in inner.enumerated() where k <= degree { coefficients[k] = c }
        }
        return UnivariatePolynomial(coefficients: coefficients)
    }

    /// Binds the next unbound variable to `challenge`, folding every table and the eq weights.
    /// - Complexity: O(2^(v−j)) multiplications per table.
    public mutating func bind(_ challenge: Scalar) throws(ProofError) {
        guard remainingVariables > 0 else {
            throw ProofError.shapeMismatch("every sumcheck variable is already bound")
        }
        let j = challenges.count
        for k in tables.indices {
            switch tables[k] {
            case .scalars(var values):
                tables[k] = .scalars([])  // drop the enum's reference so the fold happens in place
                SumcheckProver.fold(&values, challenge)
                tables[k] = .scalars(values)
            case .small(let values):
                tables[k] = .scalars(SumcheckProver.foldSmall(values, challenge))
            }
        }
        if let tau = equalityPoint?[j] {
            // eq(τ_j, ρ_j) = (1 − τ_j)(1 − ρ_j) + τ_j·ρ_j.
            let tr = tau * challenge
            equalityScale *= Scalar.one - tau - challenge + tr + tr
            if equalityWeights.count > 1 {
                SumcheckProver.sumHalves(&equalityWeights)
            } else {
                equalityWeights = []
            }
        }
        challenges.append(challenge)
    }

    // MARK: Kernels

    /// q(X) for X = 0…D summed over the 2^(v−j−1) pairs (q(1) left zero unless `needOne`).
    private func innerSums(half: Int, width: Int, needOne: Bool) -> [Scalar] {
        if terms.count == 1, terms[0].factors.count == 2 {
            let p = terms[0].factors[0]
            let q = terms[0].factors[1]
            var sums: [Scalar]
            switch (tables[p], tables[q]) {
            case (.scalars(let a), .scalars(let b)):
                sums = productSums(a, b, half: half, needOne: needOne)
            case (.small(let a), .small(let b)):
                sums = smallProductSums(a, b, half: half, needOne: needOne)
            case (.scalars(let a), .small(let b)), (.small(let b), .scalars(let a)):
                sums = mixedProductSums(a, b, half: half, needOne: needOne)
            }
            let c = terms[0].coefficient
            if c != .one {
                for i in sums.indices { sums[i] *= c }
            }
            return sums
        }
        if let small = smallTablesForIntegerProducts(width: width) {
            return smallGeneralSums(small, half: half, width: width, needOne: needOne)
        }
        return generalSums(half: half, width: width, needOne: needOne)
    }

    /// The tables as integers when every one is small and every term's product at X = 0…D fits in 63 bits (a value
    /// at X is lo + X·(hi − lo), at most (2D − 1)·max|entry| in magnitude); nil otherwise.
    private func smallTablesForIntegerProducts(width: Int) -> [[Int64]]? {
        var small: [[Int64]] = []
        var bits: [Int] = []
        for table in tables {
            guard case .small(let values) = table else { return nil }
            var largest: UInt64 = 0
            values.withUnsafeBufferPointer { p in
                for x in p { largest = max(largest, x.magnitude) }
            }
            let stretched = largest.multipliedFullWidth(by: UInt64(max(1, 2 * (width - 1) - 1)))
            guard stretched.high == 0 else { return nil }
            small.append(values)
            bits.append(64 - stretched.low.leadingZeroBitCount)
        }
        for term in terms where term.factors.reduce(0, { $0 + bits[$1] }) > 62 { return nil }
        return small
    }

    /// q(X) for X = 0…D over small-integer tables (the first round): each term's product at X is an exact integer,
    /// so Σ_i e_i·c_t·Π_k P_k(X, i) = c_t·Σ_i e_i·(integer) takes one ``ScalarIntegerSum`` addition (4 limb
    /// products) per term and point, and one multiplication by c_t per term at the end, instead of converting
    /// every entry and multiplying scalars.
    private func smallGeneralSums(_ small: [[Int64]], half: Int, width: Int, needOne: Bool) -> [Scalar] {
        var factorIndices: [Int] = []
        var starts: [Int] = [0]
        for term in terms {
            factorIndices.append(contentsOf: term.factors)
            starts.append(factorIndices.count)
        }
        let termCount = terms.count
        let tableCount = small.count
        let weighted = equalityPoint != nil
        // Per chunk: Σ_i e_i·Π_k P_k(X, i) for every (term, X), reduced; then weighted by c_t.
        let perTerm = SumcheckProver.withPointers(small) { pointers in
            factorIndices.withUnsafeBufferPointer { factorIndices in
                starts.withUnsafeBufferPointer { starts in
                    equalityWeights.withUnsafeBufferPointer { e in
                        let shared = UncheckedSendable((pointers, factorIndices, starts, e))
                        return SumcheckProver.chunkedSums(count: half, width: termCount * width) { range, out in
                            let (tables, factorIndices, starts, e) = shared.value
                            var values = [Int64](repeating: 0, count: tableCount * width)
                            var sums = [ScalarIntegerSum](repeating: ScalarIntegerSum(), count: termCount * width)
                            values.withUnsafeMutableBufferPointer { values in
                                sums.withUnsafeMutableBufferPointer { sums in
                                    for i in range {
                                        for k in 0..<tableCount {
                                            let lo = tables[k][i]
                                            let diff = tables[k][i + half] &- lo
                                            var value = lo
                                            for x in 0..<width {
                                                values[k * width + x] = value
                                                value = value &+ diff
                                            }
                                        }
                                        let w = weighted ? e[i] : Scalar.one
                                        for t in 0..<termCount {
                                            for x in 0..<width where x != 1 || needOne {
                                                var product: Int64 = 1
                                                for f in starts[t]..<starts[t + 1] {
                                                    product = product &* values[factorIndices[f] * width + x]
                                                }
                                                if product != 0 { sums[t * width + x].add(w, times: product) }
                                            }
                                        }
                                    }
                                    for slot in 0..<(termCount * width) { out[slot] = sums[slot].value }
                                }
                            }
                        }
                    }
                }
            }
        }
        var q = [Scalar](repeating: .zero, count: width)
        for (t, term) in terms.enumerated() {
            for x in 0..<width { q[x] += term.coefficient * perTerm[t * width + x] }
        }
        return q
    }

    /// a·b over scalar tables: per pair, the products at X = 0, (1,) 2, weighted by eq.
    private func productSums(_ a: [Scalar], _ b: [Scalar], half: Int, needOne: Bool) -> [Scalar] {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                equalityWeights.withUnsafeBufferPointer { e in
                    let shared = SharedBuffers(a: a, b: b, e: e)
                    let weighted = equalityPoint != nil
                    return SumcheckProver.chunkedSums(count: half, width: 3) { range, out in
                        let (a, b, e) = (shared.a, shared.b, shared.e)
                        var s0 = Scalar.zero
                        var s1 = Scalar.zero
                        var s2 = Scalar.zero
                        if weighted {
                            for i in range {
                                let a0 = a[i]
                                let a1 = a[i + half]
                                let b0 = b[i]
                                let b1 = b[i + half]
                                let w = e[i]
                                s0 += w * (a0 * b0)
                                s2 += w * ((a1 + a1 - a0) * (b1 + b1 - b0))
                                if needOne { s1 += w * (a1 * b1) }
                            }
                        } else {
                            for i in range {
                                let a0 = a[i]
                                let a1 = a[i + half]
                                let b0 = b[i]
                                let b1 = b[i + half]
                                s0 += a0 * b0
                                s2 += (a1 + a1 - a0) * (b1 + b1 - b0)
                                if needOne { s1 += a1 * b1 }
                            }
                        }
                        out[0] = s0
                        out[1] = s1
                        out[2] = s2
                    }
                }
            }
        }
    }

    /// a·b over small-integer tables: exact integer products, weighted lazily (``ScalarIntegerSum``).
    private func smallProductSums(_ a: [Int64], _ b: [Int64], half: Int, needOne: Bool) -> [Scalar] {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                equalityWeights.withUnsafeBufferPointer { e in
                    let shared = SharedBuffers(a: a, b: b, e: e)
                    let weighted = equalityPoint != nil
                    return SumcheckProver.chunkedSums(count: half, width: 3) { range, out in
                        let (a, b, e) = (shared.a, shared.b, shared.e)
                        var s0 = ScalarIntegerSum()
                        var s1 = ScalarIntegerSum()
                        var s2 = ScalarIntegerSum()
                        for i in range {
                            // |a|, |b| < 2^30: values at X = 2 stay below 3·2^30, products below 9·2^60 < 2^64.
                            let a0 = a[i]
                            let a1 = a[i + half]
                            let b0 = b[i]
                            let b1 = b[i + half]
                            let a2 = a1 &+ a1 &- a0
                            let b2 = b1 &+ b1 &- b0
                            let w = weighted ? e[i] : Scalar.one
                            s0.add(w, timesMagnitude: a0.magnitude &* b0.magnitude, isNegative: (a0 ^ b0) < 0)
                            s2.add(w, timesMagnitude: a2.magnitude &* b2.magnitude, isNegative: (a2 ^ b2) < 0)
                            if needOne {
                                s1.add(w, timesMagnitude: a1.magnitude &* b1.magnitude, isNegative: (a1 ^ b1) < 0)
                            }
                        }
                        out[0] = s0.value
                        out[1] = s1.value
                        out[2] = s2.value
                    }
                }
            }
        }
    }

    /// a·b with a scalar table a and a small-integer table b.
    private func mixedProductSums(_ a: [Scalar], _ b: [Int64], half: Int, needOne: Bool) -> [Scalar] {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                equalityWeights.withUnsafeBufferPointer { e in
                    let shared = SharedBuffers(a: a, b: b, e: e)
                    let weighted = equalityPoint != nil
                    return SumcheckProver.chunkedSums(count: half, width: 3) { range, out in
                        let (a, b, e) = (shared.a, shared.b, shared.e)
                        var s0 = ScalarIntegerSum()
                        var s1 = ScalarIntegerSum()
                        var s2 = ScalarIntegerSum()
                        for i in range {
                            var a0 = a[i]
                            var a1 = a[i + half]
                            let b0 = b[i]
                            let b1 = b[i + half]
                            var a2 = a1 + a1 - a0
                            if weighted {
                                let w = e[i]
                                a0 = w * a0
                                a2 = w * a2
                                if needOne { a1 = w * a1 }
                            }
                            s0.add(a0, times: b0)
                            s2.add(a2, times: b1 &+ b1 &- b0)
                            if needOne { s1.add(a1, times: b1) }
                        }
                        out[0] = s0.value
                        out[1] = s1.value
                        out[2] = s2.value
                    }
                }
            }
        }
    }

    /// Any sum of products: per pair, every table's values at X = 0…D, then every term.
    private func generalSums(half: Int, width: Int, needOne: Bool) -> [Scalar] {
        let scalarTables = tables.map { $0.scalarValues }
        // Terms flattened: factors of term t are factorIndices[starts[t]..<starts[t + 1]].
        var factorIndices: [Int] = []
        var starts: [Int] = [0]
        var coefficients: [Scalar] = []
        for term in terms {
            factorIndices.append(contentsOf: term.factors)
            starts.append(factorIndices.count)
            coefficients.append(term.coefficient)
        }
        let tableCount = scalarTables.count
        let weighted = equalityPoint != nil
        return SumcheckProver.withPointers(scalarTables) { pointers in
            factorIndices.withUnsafeBufferPointer { factorIndices in
                starts.withUnsafeBufferPointer { starts in
                    coefficients.withUnsafeBufferPointer { coefficients in
                        equalityWeights.withUnsafeBufferPointer { e in
                            let shared = SharedGeneral(
                                tables: pointers, factorIndices: factorIndices, starts: starts,
                                coefficients: coefficients, unitCoefficient: coefficients.map { $0 == .one }, e: e)
                            return SumcheckProver.chunkedSums(count: half, width: width) { range, out in
                                let s = shared
                                var values = [Scalar](repeating: .zero, count: tableCount * width)
                                var sums = [ScalarProductSum](repeating: ScalarProductSum(), count: width)
                                values.withUnsafeMutableBufferPointer { values in
                                    sums.withUnsafeMutableBufferPointer { sums in
                                        for i in range {
                                            for k in 0..<tableCount {
                                                let t = s.tables[k]
                                                let lo = t[i]
                                                let hi = t[i + half]
                                                let diff = hi - lo
                                                values[k * width] = lo
                                                if width > 1 { values[k * width + 1] = hi }
                                                var x = 2
                                                while x < width {
                                                    values[k * width + x] = values[k * width + x - 1] + diff
                                                    x += 1
                                                }
                                            }
                                            for x in 0..<width where x != 1 || needOne {
                                                var h = Scalar.zero
                                                for term in 0..<s.coefficients.count {
                                                    // A unit coefficient costs no multiplication.
                                                    let first = s.starts[term], end = s.starts[term + 1]
                                                    guard first < end else {
                                                        h += s.coefficients[term]
                                                        continue
                                                    }
                                                    var product = values[s.factorIndices[first] * width + x]
                                                    for f in (first + 1)..<end {
                                                        product *= values[s.factorIndices[f] * width + x]
                                                    }
                                                    if !s.unitCoefficient[term] { product *= s.coefficients[term] }
                                                    h += product
                                                }
                                                if weighted { sums[x].add(s.e[i], h) } else { sums[x].add(h) }
                                            }
                                        }
                                        for x in 0..<width { out[x] = sums[x].value }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// e[i] ← e[i] + r·(e[i + half] − e[i]), then the upper half is dropped (``MultilinearPolynomial/fold(_:)``).
    static func fold(_ values: inout [Scalar], _ r: Scalar) {
        let half = values.count / 2
        guard half > 0 else { return }
        values.withUnsafeMutableBufferPointer { p in
            let shared = SharedMutable(p: p)
            forEachChunk(count: half) { range in
                let p = shared.p
                for i in range { p[i] = p[i] + r * (p[i + half] - p[i]) }
            }
        }
        values.removeLast(half)
    }

    /// The fold of a small-integer table: (1 − r)·lo + r·hi with one Montgomery reduction per entry
    /// (``SmallIntegerMultiplier``).
    static func foldSmall(_ values: [Int64], _ r: Scalar) -> [Scalar] {
        let half = values.count / 2
        guard half > 0 else { return [Scalar(values.first ?? 0)] }
        let low = SmallIntegerMultiplier(Scalar.one - r)
        let high = SmallIntegerMultiplier(r)
        var result = scratch(count: half)
        values.withUnsafeBufferPointer { v in
            result.withUnsafeMutableBufferPointer { out in
                let shared = SharedSmallFold(v: v, out: out)
                forEachChunk(count: half) { range in
                    let (v, out) = (shared.v, shared.out)
                    for i in range { out[i] = SmallIntegerMultiplier.combination(low, v[i], high, v[i + half]) }
                }
            }
        }
        return result
    }

    /// e[i] ← e[i] + e[i + half], then the upper half is dropped: eq(τ_{>j}, ·) → eq(τ_{>j+1}, ·).
    static func sumHalves(_ values: inout [Scalar]) {
        let half = values.count / 2
        values.withUnsafeMutableBufferPointer { p in
            let shared = SharedMutable(p: p)
            forEachChunk(count: half) { range in
                let p = shared.p
                for i in range { p[i] = p[i] + p[i + half] }
            }
        }
        values.removeLast(half)
    }

    // MARK: Parallel helpers

    /// An array of `count` scalars for a kernel that assigns every entry before anything reads it. Its memory is not
    /// zero-filled first (Scalar is plain limbs), so its pages are first touched by the kernel's workers on both
    /// cores instead of by one serial fill: for the 2^21–2^23-entry tables of the reference model that serial pass
    /// and its page faults were a tenth of the prover's single-core time.
    static func scratch(count: Int) -> [Scalar] {
        [Scalar](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// The number of online cores (at least 1).
    static let activeCores: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Work items below this size run on the calling thread.
    static let parallelThreshold = 1 << 10

    /// How many chunks to split `count` items into: one below the threshold, else a few per core (so a busy
    /// core does not hold the others up).
    static func chunkCount(for count: Int) -> Int {
        guard count >= parallelThreshold else { return 1 }
        return max(1, min(4 * activeCores, count / (parallelThreshold / 2)))
    }

    /// Runs `body` on disjoint chunks of 0..<count, in parallel for large counts.
    static func forEachChunk(count: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let chunks = chunkCount(for: count)
        let size = (count + chunks - 1) / chunks
        if chunks == 1 {
            body(0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let start = c * size
            let end = min(count, start + size)
            if start < end { body(start..<end) }
        }
    }

    /// Runs `body` on disjoint chunks of 0..<count, each writing `width` partial sums, and adds them up.
    static func chunkedSums(
        count: Int, width: Int, _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<Scalar>) -> Void
    ) -> [Scalar] {
        let chunks = chunkCount(for: count)
        let size = (count + chunks - 1) / chunks
        var partial = [Scalar](repeating: .zero, count: chunks * width)
        partial.withUnsafeMutableBufferPointer { out in
            let shared = SharedMutable(p: out)
            if chunks == 1 {
                body(0..<count, out)
                return
            }
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let start = c * size
                let end = min(count, start + size)
                let slots = UnsafeMutableBufferPointer(rebasing: shared.p[(c * width)..<((c + 1) * width)])
                body(start..<max(start, end), slots)
            }
        }
        var sums = [Scalar](repeating: .zero, count: width)
        for c in 0..<chunks {
            for x in 0..<width { sums[x] += partial[c * width + x] }
        }
        return sums
    }

    /// Calls `body` with stable pointers to every array (nested `withUnsafeBufferPointer` scopes).
    static func withPointers<Element, R>(
        _ arrays: [[Element]], _ body: ([UnsafeBufferPointer<Element>]) -> R
    ) -> R {
        func nest(_ index: Int, _ collected: [UnsafeBufferPointer<Element>]) -> R {
            if index == arrays.count { return body(collected) }
            return arrays[index].withUnsafeBufferPointer { nest(index + 1, collected + [$0]) }
        }
        return nest(0, [])
    }
}

// Buffers shared with `concurrentPerform` workers, which read them or write disjoint ranges.

private struct SharedBuffers<A, B>: @unchecked Sendable {
    let a: UnsafeBufferPointer<A>
    let b: UnsafeBufferPointer<B>
    let e: UnsafeBufferPointer<Scalar>
}

private struct SharedMutable: @unchecked Sendable {
    let p: UnsafeMutableBufferPointer<Scalar>
}

private struct SharedSmallFold: @unchecked Sendable {
    let v: UnsafeBufferPointer<Int64>
    let out: UnsafeMutableBufferPointer<Scalar>
}

private struct SharedGeneral: @unchecked Sendable {
    let tables: [UnsafeBufferPointer<Scalar>]
    let factorIndices: UnsafeBufferPointer<Int>
    let starts: UnsafeBufferPointer<Int>
    let coefficients: UnsafeBufferPointer<Scalar>
    /// Whether each term's coefficient is 1 (then it is not multiplied in).
    let unitCoefficient: [Bool]
    let e: UnsafeBufferPointer<Scalar>
}
