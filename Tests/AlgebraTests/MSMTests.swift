import Algebra
import FeedProofTestSupport
import Testing

/// Multi-scalar multiplication (Pippenger, with and without precomputed bases) against naive sums.
///
/// The reference for most tests is a sum over bases with known discrete logs, P_i = r_i·G, built by doublings and
/// additions from G and one random multiple: Σ k_i·P_i = (Σ k_i·r_i)·G, one scalar multiplication per sum instead
/// of one per term. `knownLogsAreRight`, `naiveSumsForSmallSizes`, `everySizeThroughPrecomputedBases` and
/// `degenerateBases` check against the literal naive sum.
@Suite("Multi-scalar multiplication")
struct MSMTests {
    /// The base seed; test number i uses `seed + i`.
    static let seed: UInt64 = 0x0005_1a1e_2025_0001

    /// Bases with known discrete logarithms to the generator.
    struct KnownLogBases: Sendable {
        let points: [RistrettoPoint]
        let logs: [Scalar]
        let generatorTable: FixedBaseTable

        /// P_0 = G, P_1 = s·G for a random s, then P_i = 2·P_{i−1} + P_j for a random earlier j, so
        /// r_i = 2·r_{i−1} + r_j: random-looking elements at the cost of one doubling and one addition each.
        init(count: Int, seed: UInt64) {
            var rng = SeededGenerator(seed: seed)
            let s = rng.randomScalar()
            var points = [RistrettoPoint.generator, s * RistrettoPoint.generator]
            var logs = [Scalar.one, s]
            points.reserveCapacity(count)
            logs.reserveCapacity(count)
            while points.count < count {
                let j = Int(rng.next() % UInt64(points.count))
                points.append(points[points.count - 1].doubled() + points[j])
                logs.append(logs[logs.count - 1] + logs[logs.count - 1] + logs[j])
            }
            self.points = points
            self.logs = logs
            self.generatorTable = FixedBaseTable(.generator)
        }

        /// Σ scalars[i]·P_{offset+i}, computed as (Σ scalars[i]·r_{offset+i})·G with the generator's table.
        func reference(_ scalars: [Scalar], offset: Int = 0) -> RistrettoPoint {
            var exponent = Scalar.zero
            for (index, k) in scalars.enumerated() { exponent += k * logs[offset + index] }
            return generatorTable.multiply(exponent)
        }

        /// The same sum through the generic scalar multiplication (independent of the table).
        func referenceWithoutTable(_ scalars: [Scalar], offset: Int = 0) -> RistrettoPoint {
            var exponent = Scalar.zero
            for (index, k) in scalars.enumerated() { exponent += k * logs[offset + index] }
            return exponent * RistrettoPoint.generator
        }
    }

    /// 4,096 bases (enough for the parallel chunked path), built once for the whole suite.
    static let bases = KnownLogBases(count: 4096, seed: seed)

    /// The kinds of scalar list `randomScalars(kind:count:_:)` draws.
    static let kindNames = [
        "small positive", "small negative", "half zeros", "small both signs", "mixed widths",
        "full random",
    ]

    /// Scalars of one kind; the every-size test cycles the kind with the size.
    static func randomScalars(kind: Int, count: Int, _ rng: inout SeededGenerator) -> [Scalar] {
        (0..<count).map { index in
            switch kind {
            case 0: Scalar(rng.int64(in: 1...255))
            case 1: Scalar(-rng.int64(in: 1...255))  // ℓ − k, e.g. Scalar(-5)
            case 2: rng.next() % 2 == 0 ? .zero : Scalar(rng.int64(in: -40...40))
            case 3: Scalar(rng.int64(in: -65535...65535))
            case 4:
                // Zeros, small, 32-bit and full-width scalars side by side.
                switch rng.next() % 4 {
                case 0: .zero
                case 1: Scalar(rng.int64(in: -3...3))
                case 2: Scalar(Int64(Int32.random(in: .min ... .max, using: &rng)))
                default: rng.randomScalar()
                }
            default: rng.randomScalar()
            }
        }
    }

    @Test func knownLogsAreRight() {
        let bases = Self.bases
        var rng = SeededGenerator(seed: Self.seed + 1)
        var indices = [0, 1, 2, 3, 299, 300, 4095]
        for _ in 0..<5 { indices.append(Int(rng.next() % 4096)) }
        for i in indices {
            #expect(bases.logs[i] * RistrettoPoint.generator == bases.points[i], "seed \(Self.seed): P_\(i) ≠ r_\(i)·G")
        }
        #expect(Set(bases.points.prefix(300).map(\.encoding)).count == 300, "the first 300 bases are distinct")
    }

    @Test func naiveSumsForSmallSizes() throws {
        let seed = Self.seed + 2
        var rng = SeededGenerator(seed: seed)
        for n in 1...8 {
            // Random points from the one-way map (no known logs) and full random scalars, with the literal sum.
            let points = (0..<n).map { _ in rng.randomPoint() }
            let scalars = (0..<n).map { _ in rng.randomScalar() }
            var naive = RistrettoPoint.identity
            for (k, p) in zip(scalars, points) { naive += k * p }
            #expect(try RistrettoPoint.multiscalarMultiply(scalars, points) == naive, "seed \(seed), n = \(n)")
        }
        for n in [1, 2, 3, 5, 16, 31, 32] {
            // Small signed scalars: the naive sum by double-and-add, no scalar multiplication at all.
            let points = (0..<n).map { _ in rng.randomPoint() }
            let values = (0..<n).map { _ in rng.int64(in: -300...300) }
            var naive = RistrettoPoint.identity
            for (v, p) in zip(values, points) { naive += multiple(p, v) }
            let msm = try RistrettoPoint.multiscalarMultiply(values.map { Scalar($0) }, points)
            #expect(msm == naive, "seed \(seed), n = \(n), values \(values)")
        }
    }

    /// Every size 1…300, the scalar kind cycling with the size (small positive, small negative, half zeros,
    /// small of both signs, mixed widths, full random); alternate sizes are two test cases.
    @Test(arguments: [0, 1])
    func everySizeFromOneToThreeHundred(half: Int) throws {
        let seed = Self.seed + 20 + UInt64(half)
        var rng = SeededGenerator(seed: seed)
        let bases = Self.bases
        var failures = FailureLog(seed: seed)
        for n in 1...300 where n % 2 == half {
            let offset = Int(rng.next() % UInt64(bases.points.count - n))
            var scalars = Self.randomScalars(kind: n % 6, count: n, &rng)
            if n % 50 == 2 { scalars = [Scalar](repeating: .zero, count: n) }
            let points = Array(bases.points[offset..<(offset + n)])
            let msm = try RistrettoPoint.multiscalarMultiply(scalars, points)
            if !(msm == bases.reference(scalars, offset: offset)) {
                failures.record("n = \(n), \(Self.kindNames[n % 6])")
            }
            if n % 50 == 2 && !msm.isIdentity { failures.record("all-zero n = \(n) not the identity") }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// Every size 1…300 through `PrecomputedBases` (the same Pippenger core, normalized once) with int8 values:
    /// prefixes of one random list, checked against the literal naive sum built up one term at a time.
    @Test func everySizeThroughPrecomputedBases() throws {
        let seed = Self.seed + 10
        var rng = SeededGenerator(seed: seed)
        let points = Array(Self.bases.points[1000..<1300])
        let precomputed = PrecomputedBases(points)
        let values = (0..<300).map { index in
            index % 11 == 0 ? Int8(0) : Int8(truncatingIfNeeded: rng.int64(in: -128...127))
        }
        var naive = RistrettoPoint.identity
        var failures = FailureLog(seed: seed)
        for n in 1...300 {
            naive += multiple(points[n - 1], Int64(values[n - 1]))
            let msm = try precomputed.multiscalarMultiply(small: Array(values.prefix(n)))
            if !(msm == naive) { failures.record("n = \(n)") }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// Full random scalars on every size 1…64 and on 100, 255, 256, 300.
    @Test func fullScalars() throws {
        let seed = Self.seed + 4
        var rng = SeededGenerator(seed: seed)
        let bases = Self.bases
        var failures = FailureLog(seed: seed)
        for n in Array(1...64) + [100, 255, 256, 300] {
            let offset = Int(rng.next() % UInt64(bases.points.count - n))
            let scalars = (0..<n).map { _ in rng.randomScalar() }
            let msm = try RistrettoPoint.multiscalarMultiply(scalars, Array(bases.points[offset..<(offset + n)]))
            if !(msm == bases.referenceWithoutTable(scalars, offset: offset)) { failures.record("n = \(n)") }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// Scalars at the edges of the signed-digit recoding: ℓ − 1, (ℓ ± 1)/2 (where sign-magnitude flips),
    /// 2^k − 1, 2^k, 2^k + 1 (carries into the extra window), 2^252, zeros, mixed with random ones.
    @Test func edgeScalarsMixedWithRandom() throws {
        let seed = Self.seed + 5
        var rng = SeededGenerator(seed: seed)
        let bases = Self.bases
        let minusOne = Scalar.zero - Scalar.one
        let half = minusOne * (Scalar(UInt64(2)).inverted() ?? .zero)  // (ℓ − 1)/2
        var edges: [Scalar] = [.zero, .one, minusOne, half, half + .one, half - .one, Scalar(Int64(-5))]
        var power = Scalar.one
        for k in 0...252 {
            if [1, 4, 5, 15, 16, 31, 32, 63, 64, 127, 128, 200, 251, 252].contains(k) {
                edges += [power - .one, power, power + .one, -power]
            }
            power = power + power
        }
        for n in [edges.count, 1, 2] {
            var scalars = Array(edges.prefix(n))
            if n < edges.count { scalars = (0..<n).map { _ in edges[Int(rng.next() % UInt64(edges.count))] } }
            let msm = try RistrettoPoint.multiscalarMultiply(scalars, Array(bases.points.prefix(n)))
            #expect(msm == bases.referenceWithoutTable(scalars), "seed \(seed), n = \(n), scalars \(scalars)")
        }
        // Edges interleaved with random scalars and zeros at 300 points.
        var mixed = (0..<300).map { _ in rng.next() % 3 == 0 ? Scalar.zero : rng.randomScalar() }
        for (index, edge) in edges.enumerated() { mixed[(index * 5) % 300] = edge }
        let msm = try RistrettoPoint.multiscalarMultiply(mixed, Array(bases.points.prefix(300)))
        #expect(msm == bases.reference(mixed), "seed \(seed), mixed 300")
    }

    /// WindowedBases (every window's shift precomputed, one bucket set) against the known-log reference: the
    /// recoding edges, random full scalars with zeros, every size 0…40 and the two-core path (≥ 256 scalars), at
    /// several window widths; more scalars than bases is an error.
    @Test(arguments: [2, 7, 10, 15])
    func windowedBasesMatchTheReference(width: Int) throws {
        let seed = Self.seed + 20 + UInt64(width)
        var rng = SeededGenerator(seed: seed)
        let bases = Self.bases
        let windowed = WindowedBases(Array(bases.points.prefix(400)), windowWidth: width)
        #expect(windowed.count == 400 && windowed.windowWidth == width)
        #expect(try windowed.multiscalarMultiply([]) == .identity)
        let minusOne = Scalar.zero - Scalar.one
        let half = minusOne * (Scalar(UInt64(2)).inverted() ?? .zero)
        var edges: [Scalar] = [.zero, .one, minusOne, half, half + .one, half - .one, Scalar(Int64(-5))]
        var power = Scalar.one
        for k in 0...252 {
            if [1, 9, 10, 14, 15, 16, 63, 64, 249, 250, 251, 252].contains(k) {
                edges += [power - .one, power, power + .one, -power]
            }
            power = power + power
        }
        var failures = FailureLog(seed: seed)
        if try windowed.multiscalarMultiply(edges) != bases.reference(edges) { failures.record("edges") }
        for n in Array(0...40) + [255, 256, 400] {
            let scalars = (0..<n).map { _ in rng.next() % 4 == 0 ? Scalar.zero : rng.randomScalar() }
            if try windowed.multiscalarMultiply(scalars) != bases.reference(scalars) { failures.record("n = \(n)") }
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(throws: AlgebraError.self) { try windowed.multiscalarMultiply([Scalar](repeating: .one, count: 401)) }
    }

    /// Strided sums Σ_p c_p·G_{p·stride + t} (the inner-product prover's folded generators) through the windowed
    /// tables and through Pippenger over the precomputed bases, against the known-log reference: several shapes,
    /// the empty cases, and layouts that would read past the bases or overlap (outputs > stride) refused.
    @Test func stridedSumsMatchTheReference() throws {
        let seed = Self.seed + 40
        var rng = SeededGenerator(seed: seed)
        let bases = Self.bases
        let windowed = WindowedBases(Array(bases.points.prefix(400)), windowWidth: 10)
        let precomputed = PrecomputedBases(Array(bases.points.prefix(400)))
        var failures = FailureLog(seed: seed)
        for (count, stride, outputs) in [(1, 1, 1), (4, 8, 8), (32, 12, 5), (5, 80, 80), (2, 200, 3)] {
            let coefficients = (0..<count).map { _ in rng.next() % 5 == 0 ? Scalar.zero : rng.randomScalar() }
            let expected = (0..<outputs).map { t in
                var terms = [Scalar](repeating: .zero, count: (count - 1) * stride + t + 1)
                for (p, c) in coefficients.enumerated() { terms[p * stride + t] = c }
                return bases.reference(terms)
            }
            if try windowed.stridedSums(coefficients, stride: stride, outputs: outputs) != expected {
                failures.record("windowed \(count)×\(stride), \(outputs) outputs")
            }
            if try precomputed.stridedSums(coefficients, stride: stride, outputs: outputs) != expected {
                failures.record("Pippenger \(count)×\(stride), \(outputs) outputs")
            }
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(try windowed.stridedSums([], stride: 4, outputs: 3) == [RistrettoPoint](repeating: .identity, count: 3))
        #expect(try precomputed.stridedSums([.one], stride: 4, outputs: 0).isEmpty)
        #expect(throws: AlgebraError.self) { try windowed.stridedSums([.one, .one], stride: 200, outputs: 201) }
        #expect(throws: AlgebraError.self) { try precomputed.stridedSums([.one, .one, .one], stride: 200, outputs: 1) }
        #expect(throws: AlgebraError.self) { try windowed.stridedSums([.one], stride: 2, outputs: -1) }
    }

    /// Repeated points, P and −P, the identity as a base, and the empty sum.
    @Test func degenerateBases() throws {
        let seed = Self.seed + 6
        var rng = SeededGenerator(seed: seed)
        let p = rng.randomPoint()
        let q = rng.randomPoint()
        let a = rng.randomScalar()
        let b = rng.randomScalar()
        #expect(try RistrettoPoint.multiscalarMultiply([], []) == RistrettoPoint.identity)
        #expect(try RistrettoPoint.multiscalarMultiply([a, b], [p, p]) == (a + b) * p, "seed \(seed)")
        #expect(try RistrettoPoint.multiscalarMultiply([a, a], [p, -p]).isIdentity, "seed \(seed)")
        #expect(try RistrettoPoint.multiscalarMultiply([a, b, a], [.identity, q, .identity]) == b * q, "seed \(seed)")
        let repeated = [RistrettoPoint](repeating: q, count: 40)
        let values = (0..<40).map { _ in rng.int64(in: -9...9) }
        let total = values.reduce(0, +)
        #expect(
            try RistrettoPoint.multiscalarMultiply(values.map { Scalar($0) }, repeated) == multiple(q, total),
            "seed \(seed), values \(values)")
    }

    @Test func precomputedBasesWithSmallIntegersMatchFullScalars() throws {
        let seed = Self.seed + 7
        var rng = SeededGenerator(seed: seed)
        let known = Self.bases
        let precomputed = PrecomputedBases(Array(known.points.prefix(300)))
        #expect(precomputed.count == 300)
        #expect(try precomputed.multiscalarMultiply([Scalar]()).isIdentity)
        #expect(try precomputed.multiscalarMultiply(small: [Int8]()).isIdentity)
        var failures = FailureLog(seed: seed)
        for n in [1, 2, 7, 64, 255, 300] {
            let int8 = (0..<n).map { i in
                i == 0 ? Int8.min : (i == 1 ? Int8.max : Int8.random(in: .min ... .max, using: &rng))
            }
            let int16 = (0..<n).map { i in
                i == 0 ? Int16.min : (i == 1 ? Int16.max : Int16.random(in: .min ... .max, using: &rng))
            }
            let int32 = (0..<n).map { i in
                i == 0 ? Int32.min : (i == 1 ? Int32.max : Int32.random(in: .min ... .max, using: &rng))
            }
            let int64 = (0..<n).map { i in i == 0 ? Int64.min : (i == 1 ? Int64.max : Int64(bitPattern: rng.next())) }
            let points = Array(known.points.prefix(n))

            func check(_ small: RistrettoPoint, _ scalars: [Scalar], _ type: String) throws {
                let full = try precomputed.multiscalarMultiply(scalars)
                let generic = try RistrettoPoint.multiscalarMultiply(scalars, points)
                if !(small == full) { failures.record("\(type) n = \(n): small ≠ full scalars over the same bases") }
                if !(full == generic) { failures.record("\(type) n = \(n): precomputed ≠ generic MSM") }
                if !(generic == known.reference(scalars)) { failures.record("\(type) n = \(n): ≠ known-log reference") }
            }
            try check(try precomputed.multiscalarMultiply(small: int8), int8.map { Scalar($0) }, "Int8")
            try check(try precomputed.multiscalarMultiply(small: int16), int16.map { Scalar($0) }, "Int16")
            try check(try precomputed.multiscalarMultiply(small: int32), int32.map { Scalar($0) }, "Int32")
            try check(try precomputed.multiscalarMultiply(small: int64), int64.map { Scalar($0) }, "Int64")
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func lengthErrors() throws {
        var rng = SeededGenerator(seed: Self.seed + 8)
        let points = (0..<3).map { _ in rng.randomPoint() }
        let scalars = [Scalar.one, Scalar(UInt64(2))]
        #expect(throws: AlgebraError.lengthMismatch(scalars: 2, points: 3)) {
            try RistrettoPoint.multiscalarMultiply(scalars, points)
        }
        #expect(throws: AlgebraError.lengthMismatch(scalars: 4, points: 3)) {
            try RistrettoPoint.multiscalarMultiply(scalars + scalars, points)
        }
        #expect(throws: AlgebraError.lengthMismatch(scalars: 0, points: 3)) {
            try RistrettoPoint.multiscalarMultiply([], points)
        }
        let precomputed = PrecomputedBases(points)
        #expect(throws: AlgebraError.tooManyScalars(count: 4, bases: 3)) {
            try precomputed.multiscalarMultiply(scalars + scalars)
        }
        #expect(throws: AlgebraError.tooManyScalars(count: 4, bases: 3)) {
            try precomputed.multiscalarMultiply(small: [Int8](repeating: 1, count: 4))
        }
        #expect(throws: AlgebraError.tooManyScalars(count: 5, bases: 3)) {
            try precomputed.multiscalarMultiply(small: [Int16](repeating: 1, count: 5))
        }
        #expect(throws: AlgebraError.tooManyScalars(count: 4, bases: 3)) {
            try precomputed.multiscalarMultiply(small: [Int32](repeating: 1, count: 4))
        }
        #expect(throws: AlgebraError.tooManyScalars(count: 4, bases: 3)) {
            try precomputed.multiscalarMultiply(small: [Int64](repeating: 1, count: 4))
        }
        // Fewer scalars than bases is allowed: the leading bases only.
        #expect(try precomputed.multiscalarMultiply(small: [Int8(1)]) == points[0])
    }

    /// n = 4,096 (the chunked parallel path): 4-bit values give one Pippenger window split into four chunks,
    /// 16-bit values two windows in two chunks, full scalars many windows in one chunk each. The bases are the
    /// known-log pool, so the reference is one scalar multiplication.
    @Test func parallelChunkedPath() throws {
        let seed = Self.seed + 9
        var rng = SeededGenerator(seed: seed)
        let known = Self.bases
        let n = 4096
        let precomputed = PrecomputedBases(known.points)
        #expect(precomputed.count == n)

        let int8 = (0..<n).map { _ in Int8(truncatingIfNeeded: rng.int64(in: -15...15)) }
        let int8Scalars = int8.map { Scalar($0) }
        let int8Expected = known.referenceWithoutTable(int8Scalars)
        #expect(try RistrettoPoint.multiscalarMultiply(int8Scalars, known.points) == int8Expected, "seed \(seed)")
        #expect(try precomputed.multiscalarMultiply(small: int8) == int8Expected, "seed \(seed)")
        // n = 4095 is below the chunking threshold: the serial path plus the last term gives the same sum.
        let below = try RistrettoPoint.multiscalarMultiply(
            Array(int8Scalars.prefix(4095)), Array(known.points.prefix(4095)))
        #expect(below + int8Scalars[4095] * known.points[4095] == int8Expected, "seed \(seed)")

        let int16 = (0..<n).map { _ in Int16.random(in: .min ... .max, using: &rng) }
        let int16Expected = known.reference(int16.map { Scalar($0) })
        #expect(try precomputed.multiscalarMultiply(small: int16) == int16Expected, "seed \(seed)")
        #expect(
            try RistrettoPoint.multiscalarMultiply(int16.map { Scalar($0) }, known.points) == int16Expected,
            "seed \(seed)")

        let full = (0..<n).map { index in index % 5 == 0 ? Scalar.zero : rng.randomScalar() }
        #expect(try precomputed.multiscalarMultiply(full) == known.reference(full), "seed \(seed)")
    }
}

/// v·P by double-and-add on `+` and `doubled()` alone (no scalar multiplication code).
private func multiple(_ point: RistrettoPoint, _ v: Int64) -> RistrettoPoint {
    var result = RistrettoPoint.identity
    var magnitude = v.magnitude
    var addend = point
    while magnitude != 0 {
        if magnitude & 1 == 1 { result += addend }
        addend = addend.doubled()
        magnitude >>= 1
    }
    return v < 0 ? -result : result
}
