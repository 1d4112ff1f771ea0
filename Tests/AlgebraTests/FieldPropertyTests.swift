import Algebra
import FeedProofTestSupport
import Testing

/// GF(2^255 − 19) arithmetic against GMP on edge values and seeded random values.
///
/// Operands are fresh canonical values, edge values (including unreduced ones in [p, 2^255) read with
/// `maskingHighBit`), or earlier results, so the loose-limb forms that chained arithmetic produces are inputs
/// too. Every failure message names the seed.
@Suite("Field arithmetic against GMP")
struct FieldPropertyTests {
    /// Random cases per operation.
    static let caseCount = 10_000
    /// The base seed; test number i uses `seed + i`.
    static let seed: UInt64 = 0xf1e1_d000_2025_0001

    let oracle = GMPOracle.field()

    /// A field element together with its value mod p as computed by GMP (32 canonical bytes).
    struct Operand {
        let element: FieldElement
        let value: [UInt8]
    }

    /// 0, 1, 2, 19, limb boundaries 2^51 ± 1, 2^102, 2^204, 2^254, (p ± 1)/2, p − 2, p − 1, √−1, and the
    /// unreduced representations p, p + 1, p + 18 and 2^255 − 1 (values ≥ p that `maskingHighBit` keeps as is).
    func edgeOperands() throws -> [Operand] {
        var encodings: [[UInt8]] = [[0], [1], [2], [19]]
        for k in [51, 102, 153, 204, 254] {
            encodings.append(powerOfTwo(k))
            encodings.append(oracle.subtract(powerOfTwo(k), [1]))
        }
        let minusOne = oracle.subtract([0], [1])
        let half = oracle.multiply(minusOne, oracle.inverse([2]) ?? [])  // −1/2 ≡ (p − 1)/2
        encodings += [minusOne, oracle.subtract([0], [2]), half, oracle.add(half, [1]), sqrtMinusOne()]
        var operands = try encodings.map { bytes in
            let canonical = padded(bytes)
            return Operand(element: try #require(FieldElement(canonicalBytes: canonical)), value: canonical)
        }
        // Unreduced inputs: p + j for j in {0, 1, 18} and 2^255 − 1 (all with bit 255 clear).
        let p = GMPOracle.fieldModulus
        for unreduced in [p, addSmall(p, 1), addSmall(p, 18), [UInt8](repeating: 0xff, count: 31) + [0x7f]] {
            let element = try #require(FieldElement(maskingHighBit: unreduced))
            operands.append(Operand(element: element, value: oracle.reduce(unreduced)))
        }
        return operands
    }

    /// √−1 = 2^((p−1)/4) mod p, computed by GMP (RFC 9496 §4.1 SQRT_M1).
    func sqrtMinusOne() -> [UInt8] {
        // (p − 1)/4 = 2^253 − 5.
        oracle.power([2], [0xfb] + [UInt8](repeating: 0xff, count: 30) + [0x1f])
    }

    /// Draws operands: an edge value one time in eight, an earlier result three times in eight, else fresh.
    struct OperandSource {
        var rng: SeededGenerator
        let edges: [Operand]
        var recent: [Operand] = []

        mutating func next() -> Operand {
            let roll = rng.next() % 8
            if roll == 0 { return edges[Int(rng.next() % UInt64(edges.count))] }
            if roll <= 3, !recent.isEmpty { return recent[Int(rng.next() % UInt64(recent.count))] }
            let bytes = rng.randomFieldElementBytes()
            return Operand(element: FieldElement(canonicalBytes: bytes) ?? .zero, value: bytes)
        }

        /// Keeps a result as a future operand (a rolling window of 32).
        mutating func remember(_ operand: Operand) {
            if recent.count < 32 {
                recent.append(operand)
            } else {
                recent[Int(rng.next() % 32)] = operand
            }
        }
    }

    /// Runs `operation` on `caseCount` operand pairs and compares with GMP; results feed later cases.
    func compareBinary(
        seed: UInt64,
        _ operation: (FieldElement, FieldElement) -> FieldElement,
        _ expected: ([UInt8], [UInt8]) -> [UInt8]
    ) throws -> FailureLog {
        var source = OperandSource(rng: SeededGenerator(seed: seed), edges: try edgeOperands())
        var mismatches = FailureLog(seed: seed)
        for _ in 0..<Self.caseCount {
            let a = source.next()
            let b = source.next()
            let result = operation(a.element, b.element)
            let want = expected(a.value, b.value)
            let got = result.canonicalBytes
            if got != want {
                mismatches.record(
                    "a=\(a.value.hexString) b=\(b.value.hexString): got \(got.hexString), GMP \(want.hexString)")
            }
            // The predicates and == must see through loose limbs too.
            let isZero = want.allSatisfy { $0 == 0 }
            if result.isZero != isZero || result.isNegative != (want[0] & 1 == 1) {
                mismatches.record("isZero/isNegative of \(want.hexString)")
            }
            if let canonical = FieldElement(canonicalBytes: want), !(result == canonical) {
                mismatches.record("== fails for \(want.hexString)")
            }
            source.remember(Operand(element: result, value: want))
        }
        return mismatches
    }

    @Test func multiplicationMatchesGMP() throws {
        let seed = Self.seed + 1
        let mismatches = try compareBinary(seed: seed, *, oracle.multiply)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func squaringMatchesGMP() throws {
        let seed = Self.seed + 2
        let mismatches = try compareBinary(seed: seed, { a, _ in a.squared() }, { a, _ in oracle.multiply(a, a) })
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func additionMatchesGMP() throws {
        let seed = Self.seed + 3
        let mismatches = try compareBinary(seed: seed, +, oracle.add)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func subtractionAndNegationMatchGMP() throws {
        let seed = Self.seed + 4
        let mismatches = try compareBinary(seed: seed, -, oracle.subtract)
        #expect(mismatches.isEmpty, "\(mismatches)")
        let negations = try compareBinary(seed: seed + 100, { a, _ in -a }, { a, _ in oracle.negate(a) })
        #expect(negations.isEmpty, "negation: \(negations)")
    }

    /// `inverted()` directly on every edge value and 10,000 random or derived ones, `batchInvert` on another 10,000.
    @Test func inversionMatchesGMP() throws {
        let seed = Self.seed + 5
        var source = OperandSource(rng: SeededGenerator(seed: seed), edges: try edgeOperands())
        var mismatches = FailureLog(seed: seed)
        var direct = try edgeOperands()
        for _ in 0..<Self.caseCount {
            let a = source.next()
            direct.append(a)
            source.remember(Operand(element: a.element * a.element, value: oracle.multiply(a.value, a.value)))
        }
        for a in direct {
            let want = oracle.inverse(a.value) ?? padded([0])  // Algebra maps 0 to 0
            let got = a.element.inverted().canonicalBytes
            if got != want { mismatches.record("a=\(a.value.hexString): got \(got.hexString), GMP \(want.hexString)") }
        }
        var batched = 0
        while batched < Self.caseCount {
            var batch = (0..<100).map { _ in source.next() }
            batch[Int(source.rng.next() % 100)] = Operand(element: .zero, value: padded([0]))
            var values = batch.map(\.element)
            FieldElement.batchInvert(&values)
            for (value, input) in zip(values, batch)
            where value.canonicalBytes != (oracle.inverse(input.value) ?? padded([0])) {
                mismatches.record("batched a=\(input.value.hexString): got \(value)")
            }
            batched += batch.count
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    /// RFC 9496 §4.2 SQRT_RATIO_M1 on 2 × 5,000 seeded (u, v) pairs (two halves, so both cores share the work).
    @Test(arguments: [0, 1] as [UInt64])
    func sqrtRatioMatchesGMP(half: UInt64) throws {
        let seed = Self.seed + 6 + half
        var source = OperandSource(rng: SeededGenerator(seed: seed), edges: try edgeOperands())
        let sqrtM1 = sqrtMinusOne()
        var squares = 0
        var nonSquares = 0
        var failures = FailureLog(seed: seed)
        for _ in 0..<(Self.caseCount / 2) {
            let u = source.next()
            let v = source.next()
            let (wasSquare, root) = FieldElement.sqrtRatioM1(u.element, v.element)
            let r = root.canonicalBytes
            let context = "u=\(u.value.hexString) v=\(v.value.hexString) → (\(wasSquare), \(r.hexString))"
            if r[0] & 1 != 0 || root.isNegative { failures.record("negative root: \(context)") }
            let rootSquaredTimesV = oracle.multiply(oracle.multiply(r, r), v.value)
            if v.value.allSatisfy({ $0 == 0 }) {
                // v = 0: (true, 0) when u = 0, else (false, 0).
                let uIsZero = u.value.allSatisfy { $0 == 0 }
                if wasSquare != uIsZero || !root.isZero { failures.record("v = 0: \(context)") }
                continue
            }
            let ratio = oracle.multiply(u.value, oracle.inverse(v.value) ?? [])
            if oracle.isSquare(ratio) {
                squares += 1
                if !wasSquare || rootSquaredTimesV != u.value { failures.record("square: \(context)") }
            } else {
                nonSquares += 1
                if wasSquare || rootSquaredTimesV != oracle.multiply(sqrtM1, u.value) {
                    failures.record("non-square: \(context)")
                }
            }
            source.remember(Operand(element: root, value: r))
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(squares > Self.caseCount / 8 && nonSquares > Self.caseCount / 8, "both branches exercised")
    }

    @Test func sqrtRatioZeroCases() throws {
        let seed = Self.seed + 8
        var rng = SeededGenerator(seed: seed)
        let zero = FieldElement.zero
        let both = FieldElement.sqrtRatioM1(zero, zero)
        #expect(both.wasSquare && both.root.isZero)
        for _ in 0..<20 {
            let x = rng.randomFieldElement()
            let zeroU = FieldElement.sqrtRatioM1(zero, x)
            #expect(zeroU.wasSquare && zeroU.root.isZero, "seed \(seed): u = 0, v = \(x)")
            let zeroV = FieldElement.sqrtRatioM1(x, zero)
            #expect(!zeroV.wasSquare && zeroV.root.isZero, "seed \(seed): u = \(x), v = 0")
        }
    }

    @Test func constantsMatchGMP() throws {
        #expect(FieldElement.sqrtM1.canonicalBytes == sqrtMinusOne())
        // d = −121665/121666 (RFC 8032 §5.1).
        let d = oracle.multiply(oracle.negate([0x41, 0xdb, 0x01]), oracle.inverse([0x42, 0xdb, 0x01]) ?? [])
        #expect(FieldElement.d.canonicalBytes == d)
        #expect(FieldElement.d2.canonicalBytes == oracle.add(d, d))
    }

    @Test func canonicalDecodingRejectsValuesFromModulusUpAndBit255() throws {
        let seed = Self.seed + 9
        var rng = SeededGenerator(seed: seed)
        let p = GMPOracle.fieldModulus
        // Every value in [p, 2^255): p + 0 … p + 18.
        var rejected = (0..<19).map { addSmall(p, UInt8($0)) }
        rejected.append([UInt8](repeating: 0xff, count: 32))
        // Bit 255 set on random values, on canonical values (including 0), and on p − 1.
        for index in 0..<Self.caseCount {
            var bytes = index % 2 == 0 ? rng.bytes(count: 32) : rng.randomFieldElementBytes()
            if index == 1 { bytes = padded([0]) }
            if index == 3 { bytes = oracle.subtract([0], [1]) }
            bytes[31] |= 0x80
            rejected.append(bytes)
        }
        var accepted = FailureLog(seed: seed)
        for bytes in rejected {
            if let element = FieldElement(canonicalBytes: bytes) { accepted.record("\(bytes.hexString) → \(element)") }
        }
        #expect(accepted.isEmpty, "non-canonical accepted: \(accepted)")

        // The same decoder accepts every canonical value and round-trips it.
        var roundTripFailures = FailureLog(seed: seed)
        for bytes in [padded([0]), oracle.subtract([0], [1])] + (0..<1_000).map({ _ in rng.randomFieldElementBytes() })
        {
            if FieldElement(canonicalBytes: bytes)?.canonicalBytes != bytes {
                roundTripFailures.record(bytes.hexString)
            }
        }
        #expect(roundTripFailures.isEmpty, "canonical round trip: \(roundTripFailures)")
    }

    @Test func maskingHighBitReducesLikeGMP() throws {
        let seed = Self.seed + 10
        var rng = SeededGenerator(seed: seed)
        var mismatches = FailureLog(seed: seed)
        var inputs = (0..<2_000).map { _ in rng.bytes(count: 32) }
        inputs += [[UInt8](repeating: 0xff, count: 32), [UInt8](repeating: 0, count: 31) + [0x80]]
        inputs += (0..<19).map { addSmall(GMPOracle.fieldModulus, UInt8($0)) }
        for bytes in inputs {
            var low = bytes
            low[31] &= 0x7f
            let got = FieldElement(maskingHighBit: bytes)?.canonicalBytes
            if got != oracle.reduce(low) { mismatches.record(bytes.hexString) }
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

/// `bytes` zero-padded to exactly 32 bytes (callers pass at most 32).
private func padded(_ bytes: [UInt8]) -> [UInt8] {
    Array(bytes.prefix(32)) + [UInt8](repeating: 0, count: max(0, 32 - bytes.count))
}

/// x + j for a 32-byte x that does not overflow.
private func addSmall(_ x: [UInt8], _ j: UInt8) -> [UInt8] {
    var out = x
    var carry = Int(j)
    for index in out.indices where carry != 0 {
        let sum = Int(out[index]) + carry
        out[index] = UInt8(sum & 0xff)
        carry = sum >> 8
    }
    return out
}
