import Algebra
import FeedProofTestSupport
import Testing

/// Scalar arithmetic mod ℓ against GMP on edge values and on seeded random values.
///
/// Each test draws from its own `SeededGenerator`; a failure message names the seed and the first inputs that
/// disagreed, so the case replays exactly.
@Suite("Scalar arithmetic against GMP")
struct ScalarPropertyTests {
    /// Random cases per operation (on top of every pair of edge values).
    static let caseCount = 10_000
    /// The base seed; test number i uses `seed + i`.
    static let seed: UInt64 = 0x5ca1_ab1e_2025_0001

    let oracle = GMPOracle.scalars()

    /// Values where carries, borrows and reductions change: 0, 1, 2, limb boundaries, 2^252 ± 1,
    /// (ℓ ± 1)/2, ℓ − 2, ℓ − 1, and R = 2^256 mod ℓ, R² mod ℓ (the Montgomery constants).
    func edgeValues() -> [[UInt8]] {
        var edges: [[UInt8]] = [[0], [1], [2], [3], [0xff], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]]
        for k in [64, 128, 192, 251, 252] { edges.append(oracle.reduce(powerOfTwo(k))) }
        edges.append(oracle.subtract(powerOfTwo(252), [1]))
        edges.append(oracle.add(powerOfTwo(252), [1]))
        let minusOne = oracle.subtract([0], [1])
        let half = oracle.multiply(minusOne, oracle.inverse([2]) ?? [])  // −1/2 ≡ (ℓ − 1)/2
        edges += [minusOne, oracle.subtract([0], [2]), half, oracle.add(half, [1])]
        edges.append(oracle.reduce(powerOfTwo(256)))
        edges.append(oracle.reduce(powerOfTwo(512)))
        return edges.map(padded)
    }

    /// Edge pairs first, then random pairs (one side an edge value one time in sixteen).
    func operandPairs(_ rng: inout SeededGenerator) -> [([UInt8], [UInt8])] {
        let edges = edgeValues()
        var pairs: [([UInt8], [UInt8])] = []
        for a in edges { for b in edges { pairs.append((a, b)) } }
        for _ in 0..<Self.caseCount {
            let a = rng.next() % 16 == 0 ? edges[Int(rng.next() % UInt64(edges.count))] : rng.randomScalarBytes()
            let b = rng.next() % 16 == 0 ? edges[Int(rng.next() % UInt64(edges.count))] : rng.randomScalarBytes()
            pairs.append((a, b))
        }
        return pairs
    }

    /// Runs `operation` on every pair and compares with `expected`; returns the disagreements.
    func compareBinary(
        seed: UInt64,
        _ operation: (Scalar, Scalar) -> Scalar,
        _ expected: ([UInt8], [UInt8]) -> [UInt8]
    ) throws -> (cases: Int, mismatches: FailureLog) {
        var rng = SeededGenerator(seed: seed)
        let pairs = operandPairs(&rng)
        var mismatches = FailureLog(seed: seed)
        for (a, b) in pairs {
            let got = operation(try Scalar(canonical: a), try Scalar(canonical: b)).canonicalBytes
            let want = expected(a, b)
            if got != want {
                mismatches.record("a=\(a.hexString) b=\(b.hexString): got \(got.hexString), GMP \(want.hexString)")
            }
        }
        return (pairs.count, mismatches)
    }

    @Test func additionMatchesGMP() throws {
        let seed = Self.seed + 1
        let (count, mismatches) = try compareBinary(seed: seed, +, oracle.add)
        #expect(count >= Self.caseCount)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func subtractionMatchesGMP() throws {
        let seed = Self.seed + 2
        let (count, mismatches) = try compareBinary(seed: seed, -, oracle.subtract)
        #expect(count >= Self.caseCount)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func multiplicationMatchesGMP() throws {
        let seed = Self.seed + 3
        let (count, mismatches) = try compareBinary(seed: seed, *, oracle.multiply)
        #expect(count >= Self.caseCount)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    /// a·b + c·d with one reduction (the GKR layer kernel's), against GMP: every edge pair and 10,000 random
    /// pairs as (a, b), with (c, d) = (b, a) and (−a, b) (the latter sums to zero: the reduction's low end), and
    /// ℓ − 1 everywhere (the sum's largest value, 2(ℓ − 1)²).
    @Test func sumOfProductsMatchesGMP() throws {
        let seed = Self.seed + 14
        let (count, mismatches) = try compareBinary(
            seed: seed, { a, b in Scalar.sumOfProducts(a, b, b, a) },
            { a, b in oracle.add(oracle.multiply(a, b), oracle.multiply(b, a)) })
        #expect(count >= Self.caseCount)
        #expect(mismatches.isEmpty, "\(mismatches)")
        let (_, cancelling) = try compareBinary(
            seed: seed + 1, { a, b in Scalar.sumOfProducts(a, b, -a, b) }, { _, _ in padded([0]) })
        #expect(cancelling.isEmpty, "\(cancelling)")
        let minusOne = -Scalar.one
        let square = oracle.multiply(minusOne.canonicalBytes, minusOne.canonicalBytes)
        #expect(Scalar.sumOfProducts(minusOne, minusOne, minusOne, minusOne).canonicalBytes == oracle.add(square, square))
    }

    @Test func squaringAndNegationMatchGMP() throws {
        let seed = Self.seed + 4
        let (count, mismatches) = try compareBinary(
            seed: seed, { a, b in a.squared() - (-b) }, { a, b in oracle.add(oracle.multiply(a, a), b) })
        #expect(count >= Self.caseCount)
        #expect(mismatches.isEmpty, "\(mismatches)")
        // Squaring alone on the edges, so a wrong negation cannot mask a wrong square.
        for a in edgeValues() {
            #expect(try Scalar(canonical: a).squared().canonicalBytes == oracle.multiply(a, a), "a=\(a.hexString)")
        }
    }

    /// `inverted()` directly on every edge value and 10,000 random ones, and `batchInvert` on another 10,000.
    @Test func inversionMatchesGMP() throws {
        let seed = Self.seed + 5
        var rng = SeededGenerator(seed: seed)
        var mismatches = FailureLog(seed: seed)
        var direct = edgeValues()
        for _ in 0..<Self.caseCount { direct.append(rng.randomScalarBytes()) }
        for a in direct {
            let got = try Scalar(canonical: a).inverted()?.canonicalBytes
            let want = oracle.inverse(a)
            if got != want {
                mismatches.record("a=\(a.hexString): got \(got?.hexString ?? "nil"), GMP \(want?.hexString ?? "nil")")
            }
        }
        var batched = 0
        while batched < Self.caseCount {
            let batch = (0..<100).map { _ in rng.randomScalarBytes() }
            var values = try batch.map { try Scalar(canonical: $0) }
            Scalar.batchInvert(&values)
            for (value, input) in zip(values, batch) where value.canonicalBytes != oracle.inverse(input) {
                mismatches.record("batched a=\(input.hexString): got \(value)")
            }
            batched += batch.count
        }
        #expect(batched >= Self.caseCount)
        #expect(try Scalar(canonical: [UInt8](repeating: 0, count: 32)).inverted() == nil)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func batchInversionMatchesGMP() throws {
        let seed = Self.seed + 6
        var rng = SeededGenerator(seed: seed)
        // Sizes 0, 1, 2, an all-zero batch, and larger batches with zeros at the ends and inside.
        var batches: [[[UInt8]]] = [[], [[0]], [[1], [0]], [[0], [0], [0]]]
        for size in [1, 2, 3, 17, 64, 255] {
            var batch: [[UInt8]] = []
            for index in 0..<size {
                let isZero = index == 0 || index == size - 1 || rng.next() % 5 == 0
                batch.append(isZero ? [0] : rng.randomScalarBytes())
            }
            batches.append(batch)
        }
        batches.append(edgeValues())
        for batch in batches {
            var values = try batch.map { try Scalar(canonical: padded($0)) }
            Scalar.batchInvert(&values)
            #expect(values.count == batch.count)
            for (value, input) in zip(values, batch) {
                let want = oracle.inverse(input) ?? padded([0])
                #expect(value.canonicalBytes == want, "seed \(seed): batch of \(batch.count), input \(input.hexString)")
            }
        }
    }

    @Test func smallIntegerConversionsMatchGMP() throws {
        let seed = Self.seed + 7
        var rng = SeededGenerator(seed: seed)
        /// v mod ℓ for a signed 64-bit v, by GMP.
        func expected(_ v: Int64) -> [UInt8] {
            let magnitude = littleEndian(v.magnitude)
            return v < 0 ? oracle.subtract([0], magnitude) : oracle.reduce(magnitude)
        }
        var values: [Int64] = [0, 1, -1, 127, -128, 255, 32767, -32768, Int64(Int32.max), Int64(Int32.min), .max, .min]
        for _ in 0..<2_000 { values.append(Int64(bitPattern: rng.next()) >> Int64(rng.next() % 64)) }
        var mismatches = FailureLog(seed: seed)
        for v in values {
            if Scalar(v).canonicalBytes != expected(v) { mismatches.record("Int64 \(v)") }
            if Scalar(Int(v)).canonicalBytes != expected(v) { mismatches.record("Int \(v)") }
            if let w = Int32(exactly: v), Scalar(w).canonicalBytes != expected(v) { mismatches.record("Int32 \(v)") }
            if let w = Int16(exactly: v), Scalar(w).canonicalBytes != expected(v) { mismatches.record("Int16 \(v)") }
            let unsigned = UInt64(bitPattern: v)
            if Scalar(unsigned).canonicalBytes != oracle.reduce(littleEndian(unsigned)) {
                mismatches.record("UInt64 \(unsigned)")
            }
        }
        for v in Int8.min...Int8.max where Scalar(v).canonicalBytes != expected(Int64(v)) {
            mismatches.record("Int8 \(v)")
        }
        for v in Int16.min...Int16.max
        where Scalar(v).canonicalBytes != expected(Int64(v)) {
            mismatches.record("Int16 \(v)")
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func wideReductionMatchesGMP() throws {
        let seed = Self.seed + 8
        var rng = SeededGenerator(seed: seed)
        var inputs: [[UInt8]] = [
            [UInt8](repeating: 0xff, count: 64), [UInt8](repeating: 0, count: 64), [], [1], Scalar.orderBytes,
            Scalar.orderBytes + [UInt8](repeating: 0, count: 32), [UInt8](repeating: 0, count: 32) + Scalar.orderBytes,
            [UInt8](repeating: 0xff, count: 32), [UInt8](repeating: 0xff, count: 33),
        ]
        // Multiples of ℓ and their neighbours, up to ℓ·2^259 (the largest below 2^512).
        for shift in [0, 1, 3, 64, 128, 200, 259] {
            let multiple = shiftedLeft(Scalar.orderBytes, by: shift)
            inputs += [multiple, decrement(multiple), increment(multiple)].filter { $0.count <= 64 }
        }
        for _ in 0..<Self.caseCount { inputs.append(rng.bytes(count: 64)) }
        for length in 0...64 { inputs.append(rng.bytes(count: length)) }
        var mismatches = FailureLog(seed: seed)
        for input in inputs {
            let got = try Scalar(reducingWide: input).canonicalBytes
            let want = oracle.reduce(input)
            if got != want { mismatches.record("\(input.hexString): got \(got.hexString), GMP \(want.hexString)") }
        }
        #expect(inputs.count >= Self.caseCount)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func canonicalDecodingRejectsEveryValueFromOrderUp() throws {
        let seed = Self.seed + 9
        var rng = SeededGenerator(seed: seed)
        let order = Scalar.orderBytes
        var rejected: [[UInt8]] = [
            order, increment(order), powerOfTwo(253), [UInt8](repeating: 0xff, count: 32),
            powerOfTwo(255),
        ]
        rejected.append(decrement(powerOfTwo(253)))
        // ℓ + small, ℓ + 2^64·k, ℓ + 2^128: values just above the order, where a limb compare can go wrong.
        for offset in [2, 255, 256, 1 << 32] as [UInt64] { rejected.append(add(order, littleEndian(offset))) }
        for limb in 0..<3 { rejected.append(add(order, [UInt8](repeating: 0, count: 8 * limb) + [1])) }
        // Random values in [ℓ, 2^256): uniform top bytes, and the band [ℓ, 2^253) that shares ℓ's top limb.
        for _ in 0..<Self.caseCount {
            var candidate = rng.bytes(count: 32)
            if rng.next() % 2 == 0 { candidate[31] = 0x10 | (candidate[31] & 0x0f) }
            if rng.next() % 4 == 0 { candidate = add(order, rng.bytes(count: Int(rng.next() % 17))) }
            if !oracle.isReduced(candidate) { rejected.append(candidate) }
        }
        var accepted = FailureLog(seed: seed)
        var wrongErrors = FailureLog(seed: seed)
        for bytes in rejected.map(padded) {
            #expect(!oracle.isReduced(bytes), "test input \(bytes.hexString) should be ≥ ℓ")
            do {
                let value = try Scalar(canonical: bytes)
                accepted.record("\(bytes.hexString) → \(value)")
            } catch {
                if error != .nonCanonicalScalar { wrongErrors.record("\(bytes.hexString): \(error)") }
            }
        }
        #expect(rejected.count >= Self.caseCount / 2)
        #expect(accepted.isEmpty, "non-canonical accepted: \(accepted)")
        #expect(wrongErrors.isEmpty, "wrong error: \(wrongErrors)")
    }

    @Test func canonicalDecodingAcceptsEveryValueBelowOrder() throws {
        let seed = Self.seed + 10
        var rng = SeededGenerator(seed: seed)
        var inputs = edgeValues()
        inputs.append(decrement(Scalar.orderBytes))
        for _ in 0..<Self.caseCount { inputs.append(rng.randomScalarBytes()) }
        var failures = FailureLog(seed: seed)
        for bytes in inputs {
            do {
                let value = try Scalar(canonical: bytes)
                if value.canonicalBytes != bytes { failures.record("\(bytes.hexString) re-encodes as \(value)") }
            } catch {
                failures.record("\(bytes.hexString): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func smallMultiplierAndPowerMatchGMP() throws {
        let seed = Self.seed + 11
        var rng = SeededGenerator(seed: seed)
        var mismatches = FailureLog(seed: seed)
        for index in 0..<1_000 {
            let a = rng.randomScalarBytes()
            let k = index < 4 ? [0, 1, UInt64.max, 1 << 63][index] : rng.next() >> (rng.next() % 64)
            let got = try Scalar(canonical: a).multiplied(bySmall: k).canonicalBytes
            if got != oracle.multiply(a, littleEndian(k)) { mismatches.record("\(a.hexString)·\(k)") }
        }
        for _ in 0..<500 {
            let a = rng.randomScalarBytes()
            let e = (0..<4).map { _ in rng.next() }
            let got = try Scalar(canonical: a).power(e[0], e[1], e[2], e[3]).canonicalBytes
            if got != oracle.power(a, e.flatMap(littleEndian)) { mismatches.record("\(a.hexString)^\(e)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}

// MARK: - Byte-string helpers (little-endian integers)

/// 2^k as little-endian bytes.
private func powerOfTwo(_ k: Int) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: k / 8 + 1)
    bytes[k / 8] = 1 << UInt8(k % 8)
    return bytes
}

/// `bytes` zero-padded (or trimmed of high zero bytes) to exactly 32 bytes.
private func padded(_ bytes: [UInt8]) -> [UInt8] {
    var out = Array(bytes.prefix(32))
    out += [UInt8](repeating: 0, count: 32 - out.count)
    return out
}

/// A 64-bit value as 8 little-endian bytes.
private func littleEndian(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

/// a + b as little-endian bytes (one byte longer than the longer operand when it carries out).
private func add(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var carry = 0
    for index in 0..<max(a.count, b.count) {
        let sum = Int(index < a.count ? a[index] : 0) + Int(index < b.count ? b[index] : 0) + carry
        out.append(UInt8(sum & 0xff))
        carry = sum >> 8
    }
    if carry != 0 { out.append(UInt8(carry)) }
    return out
}

/// x + 1.
private func increment(_ x: [UInt8]) -> [UInt8] { add(x, [1]) }

/// x − 1 for x > 0, same length.
private func decrement(_ x: [UInt8]) -> [UInt8] {
    var out = x
    for index in out.indices {
        if out[index] != 0 {
            out[index] -= 1
            break
        }
        out[index] = 0xff
    }
    return out
}

/// x·2^k, trimmed of high zero bytes.
private func shiftedLeft(_ x: [UInt8], by k: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: k / 8) + x + [0]
    let bits = k % 8
    if bits != 0 {
        var carry: UInt8 = 0
        for index in (k / 8)..<out.count {
            let byte = out[index]
            out[index] = byte << UInt8(bits) | carry
            carry = byte >> UInt8(8 - bits)
        }
    }
    while let last = out.last, last == 0 { out.removeLast() }
    return out
}
