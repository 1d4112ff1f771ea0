import Algebra
import FeedProofTestSupport
import Testing

/// The group laws of ristretto255 on seeded random elements (RFC 9496 one-way map of random bytes).
///
/// The addition laws run on 300 elements, the scalar-multiplication laws on 100 cases each. Every failure message
/// names the seed.
@Suite("ristretto255 group laws")
struct GroupLawTests {
    /// Elements for the addition laws.
    static let pointCount = 300
    /// Cases for the scalar-multiplication laws.
    static let scalarCaseCount = 100
    /// The base seed; test number i uses `seed + i`.
    static let seed: UInt64 = 0x6209_1a75_2025_0001

    @Test func additionIsAssociativeAndCommutative() throws {
        let seed = Self.seed + 1
        var rng = SeededGenerator(seed: seed)
        let points = (0..<Self.pointCount).map { _ in rng.randomPoint() }
        var failures = FailureLog(seed: seed)
        for i in points.indices {
            let p = points[i]
            let q = points[(i + 1) % points.count]
            let r = points[(i * 7 + 3) % points.count]
            if !((p + q) + r == p + (q + r)) { failures.record("associativity at \(i)") }
            if !(p + q == q + p) { failures.record("commutativity at \(i)") }
            // Equal elements must encode equally even when their coordinates differ.
            if (p + q).encoding != (q + p).encoding { failures.record("encoding of p + q vs q + p at \(i)") }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func identityInverseAndDoubling() throws {
        let seed = Self.seed + 2
        var rng = SeededGenerator(seed: seed)
        let identity = RistrettoPoint.identity
        #expect(identity.encoding == [UInt8](repeating: 0, count: 32))
        #expect(identity.isIdentity && !RistrettoPoint.generator.isIdentity)
        var failures = FailureLog(seed: seed)
        for i in 0..<Self.pointCount {
            let p = rng.randomPoint()
            let q = rng.randomPoint()
            if !(p + identity == p) || !(identity + p == p) { failures.record("identity at \(i)") }
            if !(p + (-p)).isIdentity || !(p - p).isIdentity { failures.record("inverse at \(i)") }
            if !(p.doubled() == p + p) { failures.record("doubling at \(i)") }
            if !(p - q == p + (-q)) || !((p - q) + q == p) { failures.record("subtraction at \(i)") }
            if p.isIdentity || p == q { failures.record("degenerate random points at \(i)") }
            if !(-(-p) == p) { failures.record("double negation at \(i)") }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func encodingRoundTrips() throws {
        let seed = Self.seed + 3
        var rng = SeededGenerator(seed: seed)
        var failures = FailureLog(seed: seed)
        for i in 0..<Self.pointCount {
            let p = i == 0 ? RistrettoPoint.identity : (i == 1 ? RistrettoPoint.generator : rng.randomPoint())
            let encoding = p.encoding
            do {
                let decoded = try RistrettoPoint(encoding: encoding)
                if !(decoded == p) || decoded.encoding != encoding { failures.record("round trip at \(i)") }
            } catch {
                failures.record("\(encoding.hexString) failed to decode: \(error)")
            }
            // −P has a different encoding unless P is the identity.
            if i != 0 && (-p).encoding == encoding { failures.record("−P encodes like P at \(i)") }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func scalarMultiplicationDistributes() throws {
        let seed = Self.seed + 4
        var rng = SeededGenerator(seed: seed)
        var failures = FailureLog(seed: seed)
        for i in 0..<Self.scalarCaseCount {
            let a = rng.randomScalar()
            let b = rng.randomScalar()
            let p = rng.randomPoint()
            let q = rng.randomPoint()
            let aP = a * p
            if !((a + b) * p == aP + b * p) { failures.record("(a+b)·P at \(i): a=\(a) b=\(b)") }
            if !(a * (p + q) == aP + a * q) { failures.record("a·(P+Q) at \(i): a=\(a)") }
            if !((a * b) * p == a * (b * p)) { failures.record("(a·b)·P at \(i): a=\(a) b=\(b)") }
            if !(p * a == aP) { failures.record("P·a at \(i)") }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func scalarMultiplicationEdgeScalars() throws {
        let seed = Self.seed + 5
        var rng = SeededGenerator(seed: seed)
        let orderMinusOne = Scalar.zero - Scalar.one
        var failures = FailureLog(seed: seed)
        for i in 0..<Self.scalarCaseCount {
            let p = i == 0 ? RistrettoPoint.generator : rng.randomPoint()
            let minusP = orderMinusOne * p
            if !(minusP == -p) { failures.record("(ℓ−1)·P at \(i)") }
            if !(Scalar.zero * p).isIdentity { failures.record("0·P at \(i)") }
            if !(Scalar.one * p == p) { failures.record("1·P at \(i)") }
            if !(Scalar(Int64(-1)) * p == -p) { failures.record("(−1)·P at \(i)") }
            // Small k against repeated addition.
            let k = Int(rng.next() % 40) + 2
            var sum = p
            for _ in 1..<k { sum = sum + p }
            if !(Scalar(UInt64(k)) * p == sum) { failures.record("\(k)·P at \(i)") }
            // ℓ·P = identity: (ℓ−1)·P + P.
            if !(minusP + p).isIdentity { failures.record("ℓ·P at \(i)") }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// Short scalars (±2^16j, ±small, and those just around ±2^64, ±(ℓ−1)/2) take the shortened path of `*`: check
    /// them against doublings and against Pippenger's MSM, an independent implementation.
    @Test func shortScalarsMatchDoublingsAndMSM() throws {
        let seed = Self.seed + 6
        var rng = SeededGenerator(seed: seed)
        var failures = FailureLog(seed: seed)
        let half = (Scalar.zero - Scalar.one) * Scalar(UInt64(2)).inverted()!  // (ℓ−1)/2
        for i in 0..<Self.scalarCaseCount {
            let p = i == 0 ? RistrettoPoint.generator : rng.randomPoint()
            var doubled = p
            for j in 0...4 {
                // 2^16j·P by 16j doublings, then ± that.
                if j > 0 { for _ in 0..<16 { doubled = doubled + doubled } }
                var power = Scalar.one
                for _ in 0..<(16 * j) { power = power + power }
                if !(power * p == doubled) { failures.record("2^\(16 * j)·P at \(i)") }
                if !((-power) * p == -doubled) { failures.record("−2^\(16 * j)·P at \(i)") }
            }
            let small = Scalar(UInt64(rng.next() % 1_000_000))
            let wide = Scalar(UInt64.max) + Scalar(UInt64(rng.next() % 3))
            for k in [small, -small, wide, -wide, half, -half, half + .one, Scalar(UInt64(rng.next()))] {
                let msm = try RistrettoPoint.multiscalarMultiply([k], [p])
                if !(k * p == msm) { failures.record("k·P ≠ MSM at \(i), k = \(k)") }
            }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func fixedBaseTableMatchesScalarMultiplication() throws {
        let seed = Self.seed + 6
        var rng = SeededGenerator(seed: seed)
        var failures = FailureLog(seed: seed)
        for i in 0..<6 {
            let p = i == 0 ? RistrettoPoint.generator : rng.randomPoint()
            let table = FixedBaseTable(p)
            #expect(table.base == p)
            // Random scalars and the ones whose signed radix-16 digits hit the top carry: 0, 1, ℓ−1, 8·16^k, 2^252.
            var scalars = (0..<4).map { _ in rng.randomScalar() }
            scalars += [Scalar.zero, Scalar.one, Scalar.zero - Scalar.one, Scalar(UInt64(0x8888_8888_8888_8888))]
            scalars.append(try Scalar(canonical: [UInt8](repeating: 0, count: 31) + [0x10]))
            for k in scalars where !(table.multiply(k) == k * p) {
                failures.record("table \(i), k=\(k)")
            }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func wideFixedBaseTableMatchesScalarMultiplication() throws {
        let seed = Self.seed + 7
        var rng = SeededGenerator(seed: seed)
        var failures = FailureLog(seed: seed)
        for i in 0..<3 {
            let p = i == 0 ? RistrettoPoint.generator : rng.randomPoint()
            let table = WideFixedBaseTable(p)
            #expect(table.base == p)
            // Random scalars, and bytes at the signed radix-256 digit edges: 0x80 (digit 128, no carry), 0x81 (−127
            // and a carry), 0xff runs (carries through every byte), ℓ − 1 and 2^252 (the top byte).
            var scalars = (0..<6).map { _ in rng.randomScalar() }
            scalars += [Scalar.zero, Scalar.one, Scalar.zero - Scalar.one]
            scalars += [0x80, 0x81, 0xff, 0x7f].map { Scalar(UInt64($0)) }
            scalars += [Scalar(UInt64(0x8080_8080_8080_8080)), Scalar(UInt64.max), Scalar(UInt64(0x81ff_81ff_7f80_ff81))]
            scalars.append(try Scalar(canonical: [UInt8](repeating: 0xff, count: 31) + [0x0f]))
            scalars.append(try Scalar(canonical: [UInt8](repeating: 0, count: 31) + [0x10]))
            for k in scalars where !(table.multiply(k) == k * p) {
                failures.record("wide table \(i), k=\(k)")
            }
        }
        #expect(failures.isEmpty, "\(failures)")
    }
}
