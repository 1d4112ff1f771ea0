import Algebra
import FeedProofTestSupport
import Testing
import Transcript

@testable import Proofs

/// Shared fixtures for the sumcheck suites (this file and the claim-wrapper suites).
enum SumcheckTesting {
    static let key = ProofTestContext.key

    static func transcript() -> MerlinTranscript {
        var t = MerlinTranscript(label: "sumcheck-test")
        t.appendMessage(label: "statement", message: Array("fixed".utf8))
        return t
    }

    /// Runs a verification on a fresh transcript and batch; a thrown error counts as rejection.
    static func accepts(_ check: (inout MerlinTranscript, inout GroupEquationBatch) throws -> Void) -> Bool {
        var transcript = transcript()
        var batch = GroupEquationBatch()
        do {
            try check(&transcript, &batch)
            return batch.holds(with: key)
        } catch {
            return false
        }
    }

    static func small(_ count: Int, bound: Int64, _ random: inout SeededGenerator) -> [Int64] {
        (0..<count).map { _ in random.int64(in: -bound...bound) }
    }

    static func scalars(_ count: Int, _ random: inout SeededGenerator) -> [Scalar] {
        (0..<count).map { _ in random.randomScalar() }
    }

    /// The MLE of a table at a point.
    static func evaluate(_ table: SumcheckProver.Table, at point: [Scalar]) throws -> Scalar {
        try MultilinearPolynomial(evaluations: table.scalarValues).evaluate(at: point)
    }

    /// How many 32-byte elements two encodings have in common.
    static func sharedElements(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let chunks = Set(stride(from: 0, to: a.count, by: 32).map { Array(a[$0..<min(a.count, $0 + 32)]) })
        return stride(from: 0, to: b.count, by: 32).filter { chunks.contains(Array(b[$0..<min(b.count, $0 + 32)])) }
            .count
    }

    /// Every proper prefix of `bytes`, `bytes` plus a trailing byte, and random byte strings fail to decode
    /// with a `ProofError` (the closure's typed throw), never a trap.
    static func decodingRejectsMalformed(_ bytes: [UInt8], seed: UInt64, decode: ([UInt8]) throws(ProofError) -> Void)
        -> Bool
    {
        for length in 0..<bytes.count {
            do {
                try decode(Array(bytes[0..<length]))
                return false
            } catch {}
        }
        let trailing = Result { () throws(ProofError) in try decode(bytes + [0]) }
        guard case .failure(.trailingBytes(count: 1)) = trailing else { return false }
        var random = SeededGenerator(seed: seed)
        for _ in 0..<40 {
            // Random lengths around the real one, and the exact length with random content.
            let length = Int.random(in: 0...(bytes.count + 64), using: &random)
            for candidate in [random.bytes(count: length), random.bytes(count: bytes.count)] {
                do {
                    try decode(candidate)
                    return false  // random bytes decoding as a whole proof is (practically) impossible
                } catch {}
            }
        }
        return true
    }
}

/// The committed sumcheck (Hyrax §4, DESIGN.md A.1) and its prover engine.
@Suite("ZK sumcheck")
struct ZKSumcheckTests {
    let key = SumcheckTesting.key

    /// A polynomial for the tests: tables, terms, optional eq point, and its degree.
    struct Instance {
        let tables: [SumcheckProver.Table]
        let terms: [SumcheckProver.Term]
        let tau: [Scalar]?
        let scalarTables: [[Scalar]]

        init(tables: [SumcheckProver.Table], terms: [SumcheckProver.Term], tau: [Scalar]?) {
            self.tables = tables
            self.terms = terms
            self.tau = tau
            self.scalarTables = tables.map(\.scalarValues)
        }

        func engine() throws -> SumcheckProver { try SumcheckProver(tables: tables, terms: terms, equalityPoint: tau) }

        /// f(x) at a hypercube index, straight from the definition.
        func value(at index: Int) -> Scalar {
            var h = Scalar.zero
            for term in terms {
                var p = term.coefficient
                for k in term.factors { p *= scalarTables[k][index] }
                h += p
            }
            guard let tau else { return h }
            return EqualityPolynomial.evaluate(tau, atIndex: index) * h
        }

        var sum: Scalar {
            var s = Scalar.zero
            for i in 0..<tables[0].count { s += value(at: i) }
            return s
        }

        /// f(ρ) from the MLEs of the tables.
        func value(atPoint point: [Scalar]) throws -> Scalar {
            let values = try scalarTables.map { try MultilinearPolynomial(evaluations: $0).evaluate(at: point) }
            var h = Scalar.zero
            for term in terms {
                var p = term.coefficient
                for k in term.factors { p *= values[k] }
                h += p
            }
            guard let tau else { return h }
            return EqualityPolynomial.evaluate(tau, point) * h
        }
    }

    enum Kind: String, CaseIterable, Sendable {
        case productScalars, productSmall, productMixed, eqProductScalars, eqProductSmall, eqProductMixed, general
    }

    static func instance(_ kind: Kind, variables v: Int, seed: UInt64) -> Instance {
        var random = SeededGenerator(seed: seed)
        let n = 1 << v
        let a = SumcheckTesting.small(n, bound: 40_000, &random)
        let b = SumcheckTesting.small(n, bound: 1 << 29, &random)
        let sa = SumcheckTesting.scalars(n, &random)
        let sb = SumcheckTesting.scalars(n, &random)
        let tau = SumcheckTesting.scalars(v, &random)
        let product = [SumcheckProver.Term(factors: [0, 1])]
        switch kind {
        case .productScalars: return Instance(tables: [.scalars(sa), .scalars(sb)], terms: product, tau: nil)
        case .productSmall: return Instance(tables: [.small(a), .small(b)], terms: product, tau: nil)
        case .productMixed: return Instance(tables: [.small(a), .scalars(sb)], terms: product, tau: nil)
        case .eqProductScalars: return Instance(tables: [.scalars(sa), .scalars(sb)], terms: product, tau: tau)
        case .eqProductSmall: return Instance(tables: [.small(a), .small(b)], terms: product, tau: tau)
        case .eqProductMixed: return Instance(tables: [.scalars(sa), .small(b)], terms: product, tau: tau)
        case .general:
            // 3·a·b·c − 2·a² + c (degree 3 without eq), one table small.
            let c = SumcheckTesting.scalars(n, &random)
            return Instance(
                tables: [.small(a), .scalars(sb), .scalars(c)],
                terms: [
                    .init(coefficient: Scalar(3), factors: [0, 1, 2]), .init(coefficient: -Scalar(2), factors: [0, 0]),
                    .init(factors: [2]),
                ],
                tau: nil)
        }
    }

    /// Proves the instance's true sum with a fresh claim commitment.
    static func prove(_ instance: Instance, seed: UInt8? = 1) throws -> (
        output: ZKSumcheckProof.ProverOutput, claim: RistrettoPoint, shape: ZKSumcheckProof.Shape
    ) {
        var engine = try instance.engine()
        var t = SumcheckTesting.transcript()
        let rng = ProofTestContext.rng(for: t, seed: seed)
        let sum = instance.sum
        let blinder = Blinder.random(using: rng)
        let claim = SumcheckTesting.key.commitScalar(sum, blinder: blinder)
        let output = try ZKSumcheckProof.prove(
            claim: (sum, blinder, claim), polynomial: &engine, key: SumcheckTesting.key, transcript: &t, rng: rng)
        return (output, claim, ZKSumcheckProof.Shape(variableCount: engine.variableCount, degree: engine.degree))
    }

    static func verify(
        _ bytes: [UInt8], claim: RistrettoPoint, shape: ZKSumcheckProof.Shape,
        expecting expected: ZKSumcheckProof.ProverOutput? = nil
    ) -> Bool {
        SumcheckTesting.accepts { t, b in
            let proof = try ZKSumcheckProof(decoding: bytes, shape: shape)
            let out = try proof.verify(
                claimCommitment: claim, shape: shape, key: SumcheckTesting.key, transcript: &t, batch: &b)
            if let expected {
                guard out.point == expected.point, out.finalCommitment == expected.finalCommitment else {
                    throw ProofError.verificationFailed(protocol: "test", check: "outputs differ")
                }
            }
        }
    }

    // MARK: Engine

    /// Every round polynomial matches the brute-force sum over the hypercube, with and without the claim.
    @Test(arguments: Kind.allCases, [0, 1, 2, 5])
    func engineRoundsMatchDefinition(kind: Kind, variables: Int) throws {
        let instance = Self.instance(kind, variables: variables, seed: UInt64(variables) &* 31 &+ 7)
        var engine = try instance.engine()
        var derived = try instance.engine()
        var random = SeededGenerator(seed: 3)
        var point: [Scalar] = []
        var claim = instance.sum
        for j in 0..<variables {
            let g = try engine.roundPolynomial(claim: nil)
            let h = try derived.roundPolynomial(claim: claim)
            #expect(g == h, "round \(j): derived g(1) differs")
            #expect(g.degree == engine.degree)
            #expect(g.sumOverBooleans == claim)
            // g_j(X) at X = 0…d+1 against Σ_{x′} f(ρ, X, x′) from the definition.
            for x in 0...(engine.degree + 1) {
                let rest = variables - j - 1
                var sum = Scalar.zero
                for tail in 0..<(1 << rest) {
                    let tailBits = (0..<rest).map { Scalar(UInt64((tail >> (rest - 1 - $0)) & 1)) }
                    sum += try instance.value(atPoint: point + [Scalar(UInt64(x))] + tailBits)
                }
                #expect(g.evaluate(at: Scalar(UInt64(x))) == sum, "round \(j), X = \(x)")
            }
            let r = random.randomScalar()
            claim = g.evaluate(at: r)
            try engine.bind(r)
            try derived.bind(r)
            point.append(r)
        }
        #expect(engine.remainingVariables == 0)
        #expect(engine.finalValue == claim)
        #expect(try engine.finalValue == instance.value(atPoint: point))
        #expect(throws: ProofError.self) { try engine.bind(.one) }
        #expect(throws: ProofError.self) { _ = try engine.roundPolynomial(claim: nil) }
    }

    /// Small-integer, mixed and scalar tables give identical rounds; large entries fall back to scalars; the
    /// parallel kernels (2^12 entries) agree with the definition of the sum.
    @Test func engineStorageAgrees() throws {
        var random = SeededGenerator(seed: 11)
        let v = 12
        let a = SumcheckTesting.small(1 << v, bound: (1 << 30) - 1, &random)
        var b = SumcheckTesting.small(1 << v, bound: 1 << 15, &random)
        b[7] = Int64.min + 1  // out of the small range: this table is converted up front
        let tau = SumcheckTesting.scalars(v, &random)
        let product = [SumcheckProver.Term(factors: [0, 1])]
        var engines = try [
            SumcheckProver(tables: [.small(a), .small(b)], terms: product, equalityPoint: tau),
            SumcheckProver(
                tables: [.small(a), .scalars(SumcheckProver.Table.small(b).scalarValues)], terms: product,
                equalityPoint: tau),
            SumcheckProver(
                tables: [.scalars(SumcheckProver.Table.small(a).scalarValues), .small(b)], terms: product,
                equalityPoint: tau),
            SumcheckProver(
                tables: [
                    .scalars(SumcheckProver.Table.small(a).scalarValues),
                    .scalars(SumcheckProver.Table.small(b).scalarValues),
                ],
                terms: product, equalityPoint: tau),
            // The general path: the same product written as two terms that add up.
            SumcheckProver(
                tables: [.small(a), .small(b)],
                terms: [
                    .init(coefficient: Scalar(5), factors: [0, 1]), .init(coefficient: -Scalar(4), factors: [1, 0]),
                ],
                equalityPoint: tau),
        ]
        var expectedSum = Scalar.zero
        let eq = EqualityPolynomial.table(at: tau)
        for i in 0..<(1 << v) { expectedSum += eq[i] * Scalar(a[i]) * Scalar(b[i]) }
        var claim = expectedSum
        for j in 0..<3 {
            let polynomials = try engines.indices.map { try engines[$0].roundPolynomial(claim: j == 0 ? nil : claim) }
            for p in polynomials { #expect(p == polynomials[0], "round \(j)") }
            #expect(polynomials[0].sumOverBooleans == claim)
            let r = random.randomScalar()
            claim = polynomials[0].evaluate(at: r)
            for k in engines.indices { try engines[k].bind(r) }
        }
    }

    /// The general summand's first round on integers (every table small, every product within 63 bits) gives the
    /// rounds of the same summand over scalar tables: a clamp-like shape (terms of one to three factors, a repeated
    /// factor, zero-heavy limbs, negative entries), with and without eq, serial and parallel sizes; entries too large
    /// for exact products take the scalar path and still agree.
    @Test(arguments: [(5, Int64(1 << 16), true), (13, Int64(1 << 16), true), (6, Int64(1 << 16), false), (7, Int64(1 << 29), true)])
    func generalSmallFirstRoundAgrees(variables v: Int, bound: Int64, withEq: Bool) throws {
        var random = SeededGenerator(seed: UInt64(v) * 7 + UInt64(bound.trailingZeroBitCount))
        var tables = (0..<4).map { _ in SumcheckTesting.small(1 << v, bound: bound - 1, &random) }
        for i in stride(from: 0, to: 1 << v, by: 3) { tables[2][i] = 0 }
        tables[3] = tables[3].map { $0 - bound / 2 }
        let lambda = random.randomScalar()
        let terms: [SumcheckProver.Term] = [
            .init(factors: [0, 2]), .init(coefficient: lambda, factors: [1, 3]),
            .init(coefficient: -lambda, factors: [1, 1]), .init(coefficient: Scalar(65_536), factors: [0, 1, 3]),
            .init(coefficient: Scalar(3), factors: [2]),
        ]
        let tau = withEq ? SumcheckTesting.scalars(v, &random) : nil
        var small = try SumcheckProver(tables: tables.map { .small($0) }, terms: terms, equalityPoint: tau)
        var scalar = try SumcheckProver(
            tables: tables.map { .scalars(SumcheckProver.Table.small($0).scalarValues) }, terms: terms,
            equalityPoint: tau)
        var claim: Scalar? = nil
        for round in 0..<v {
            let a = try small.roundPolynomial(claim: claim)
            #expect(try a == scalar.roundPolynomial(claim: claim), "round \(round)")
            if round == 0 { #expect(try small.roundPolynomial(claim: a.sumOverBooleans) == a) }
            let r = random.randomScalar()
            claim = a.evaluate(at: r)
            try small.bind(r)
            try scalar.bind(r)
        }
        #expect(small.finalValue == scalar.finalValue)
        #expect(small.finalValue == claim)
    }

    /// The integer helpers behind the small-integer path (``ScalarIntegerSum``, ``SmallIntegerMultiplier``) and
    /// the parallel eq table, against plain scalar arithmetic.
    @Test func integerHelpersAndEqTable() {
        var random = SeededGenerator(seed: 17)
        let edges: [Int64] = [0, 1, -1, 2, Int64.max, Int64.min, Int64.min + 1, 1 << 30, -(1 << 30), 65_535, -32_768]
        var integers = edges
        for _ in 0..<60 { integers.append(Int64(bitPattern: random.next()) >> Int64(random.next() % 64)) }
        var sum = ScalarIntegerSum()
        var expected = Scalar.zero
        for k in integers {
            let s = random.randomScalar()
            let t = random.randomScalar()
            let j = integers[Int(random.next() % UInt64(integers.count))]
            sum.add(s, times: k)
            expected += s * Scalar(k)
            #expect(SmallIntegerMultiplier(s).multiplied(by: k) == s * Scalar(k), "\(k)")
            #expect(
                SmallIntegerMultiplier.combination(.init(s), k, .init(t), j) == s * Scalar(k) + t * Scalar(j),
                "\(k), \(j)")
            if k != .min { #expect(SmallIntegerMultiplier.combination(.init(s), k, .init(s), -k) == .zero) }
        }
        #expect(sum.value == expected)
        var halves = (ScalarIntegerSum(), ScalarIntegerSum())
        for (i, k) in integers.enumerated() {
            if i % 2 == 0 { halves.0.add(.one, times: k) } else { halves.1.add(-Scalar.one, times: k) }
        }
        halves.0.add(halves.1)
        var plain = Scalar.zero
        for (i, k) in integers.enumerated() { plain += i % 2 == 0 ? Scalar(k) : -Scalar(k) }
        #expect(halves.0.value == plain)
        #expect(ScalarIntegerSum().value == .zero)

        let point = SumcheckTesting.scalars(14, &random)
        // v = 14 takes the parallel path; spot-check it against the definition.
        let table = EqualityPolynomial.table(at: point)
        for index in [0, 1, 777, 8_191, 8_192, 16_383] {
            #expect(table[index] == EqualityPolynomial.evaluate(point, atIndex: index))
        }
    }

    @Test func engineRejectsBadShapes() {
        let t = SumcheckProver.Table.small([1, 2, 3, 4])
        #expect(throws: ProofError.self) { try SumcheckProver(tables: [], terms: [.init(factors: [])]) }
        #expect(throws: ProofError.self) {
            try SumcheckProver(tables: [.small([1, 2, 3])], terms: [.init(factors: [0])])
        }
        #expect(throws: ProofError.self) {
            try SumcheckProver(tables: [t, .small([1, 2])], terms: [.init(factors: [0])])
        }
        #expect(throws: ProofError.self) { try SumcheckProver(tables: [t], terms: []) }
        #expect(throws: ProofError.self) { try SumcheckProver(tables: [t], terms: [.init(factors: [1])]) }
        #expect(throws: ProofError.self) {
            try SumcheckProver(tables: [t], terms: [.init(factors: [0])], equalityPoint: [.one])
        }
    }

    // MARK: Completeness

    /// Degrees 2 and 3, v = 0…8, every table kind: the proof verifies, both sides agree on ρ and C_F, C_F opens
    /// to f(ρ), and the encoding has the documented size.
    @Test(arguments: Kind.allCases, [0, 1, 2, 3, 8])
    func completeness(kind: Kind, variables: Int) throws {
        let instance = Self.instance(kind, variables: variables, seed: UInt64(variables) + 100)
        let (output, claim, shape) = try Self.prove(instance)
        let bytes = output.proof.encoded
        #expect(bytes.count == Self.expectedByteCount(shape))
        #expect(bytes.count == ZKSumcheckProof.encodedByteCount(shape: shape))
        #expect(Self.verify(bytes, claim: claim, shape: shape, expecting: output))
        #expect(output.point.count == variables)
        #expect(try output.finalValue == instance.value(atPoint: output.point))
        #expect(key.commitScalar(output.finalValue, blinder: output.finalBlinder) == output.finalCommitment)
        if variables == 0 {
            // v = 0: no rounds, the claim is the final claim.
            #expect(bytes.isEmpty && output.finalCommitment == claim)
        }
    }

    /// v = 0: nothing; else C_0 … C_{v−1}, C_F and an inner-product proof over n = P(v·(d + 1)) entries,
    /// 2·log₂ n + 3 elements.
    static func expectedByteCount(_ shape: ZKSumcheckProof.Shape) -> Int {
        guard shape.variableCount > 0 else { return 0 }
        var n = 1
        while n < shape.variableCount * (shape.degree + 1) { n <<= 1 }
        // v + 1 points, then the inner-product proof: max(0, k − 5) rounds, A, min(n, 32) responses and z_r.
        let k = n.trailingZeroBitCount
        return (shape.variableCount + 1) * 32 + (2 * max(0, k - 5) + min(n, 32) + 2) * 32
    }

    /// One larger instance, 2^12 entries at degree 3 (eq·a·b on small integers), through the parallel kernels.
    @Test func completenessAt4096() throws {
        let instance = Self.instance(.eqProductSmall, variables: 12, seed: 4096)
        let (output, claim, shape) = try Self.prove(instance)
        #expect(shape == ZKSumcheckProof.Shape(variableCount: 12, degree: 3))
        #expect(Self.verify(output.proof.encoded, claim: claim, shape: shape, expecting: output))
        #expect(try output.finalValue == instance.value(atPoint: output.point))
    }

    /// A degree bound above the polynomial's pads with zero coefficients and still verifies.
    @Test func paddedDegree() throws {
        let instance = Self.instance(.productSmall, variables: 3, seed: 5)
        var engine = try instance.engine()
        var t = SumcheckTesting.transcript()
        let rng = ProofTestContext.rng(for: t, seed: 2)
        let blinder = Blinder.random(using: rng)
        let claim = key.commitScalar(instance.sum, blinder: blinder)
        let output = try ZKSumcheckProof.prove(
            claim: (instance.sum, blinder, claim), polynomial: &engine, degree: 4, key: key, transcript: &t, rng: rng)
        let shape = ZKSumcheckProof.Shape(variableCount: 3, degree: 4)
        #expect(Self.verify(output.proof.encoded, claim: claim, shape: shape))
        #expect(
            !Self.verify(output.proof.encoded, claim: claim, shape: ZKSumcheckProof.Shape(variableCount: 3, degree: 2)))
        var engine2 = try instance.engine()
        #expect(throws: ProofError.self) {
            var t2 = SumcheckTesting.transcript()
            _ = try ZKSumcheckProof.prove(
                claim: (instance.sum, blinder, claim), polynomial: &engine2, degree: 1, key: key, transcript: &t2,
                rng: rng)
        }
    }

    // MARK: Soundness

    /// Altering any element (each C_poly, C_F, L_j, R_j, A, z, z_r), the claim commitment, the shape or the
    /// statement makes verification fail, as do a missing round, reordered rounds, a swapped C_F and missing parts.
    @Test(arguments: [Kind.productSmall, .eqProductMixed, .general])
    func everyMessageIsBound(kind: Kind) throws {
        let instance = Self.instance(kind, variables: 2, seed: 77)
        let (output, claim, shape) = try Self.prove(instance)
        let bytes = output.proof.encoded
        #expect(Self.verify(bytes, claim: claim, shape: shape))
        for (element, altered) in ProofTampering.variants(of: bytes) {
            #expect(!Self.verify(altered, claim: claim, shape: shape), "altered element \(element) accepted")
        }
        #expect(!Self.verify(bytes, claim: claim + key.scalarBase, shape: shape))
        #expect(!Self.verify(bytes, claim: claim + key.blindingBase, shape: shape))
        #expect(!Self.verify(bytes, claim: claim, shape: .init(variableCount: 1, degree: shape.degree)))
        // Another statement in the transcript.
        #expect(
            !SumcheckTesting.accepts { t, b in
                t.appendMessage(label: "extra", message: [1])
                _ = try output.proof.verify(claimCommitment: claim, shape: shape, key: key, transcript: &t, batch: &b)
            })
        // Proofs built in memory: a round missing, the rounds reordered, C_F swapped (same value with another
        // blinder, another value, the claim itself), the final claim or the consistency proof missing.
        let proof = output.proof
        let final = try #require(proof.finalClaimCommitment)
        let polynomials = proof.polynomialCommitments
        #expect(polynomials.count == 2 && polynomials[0] != polynomials[1])
        var altered = [
            ZKSumcheckProof(
                polynomialCommitments: Array(polynomials.dropLast()), finalClaimCommitment: final,
                consistencyProof: proof.consistencyProof),
            ZKSumcheckProof(
                polynomialCommitments: polynomials.reversed(), finalClaimCommitment: final,
                consistencyProof: proof.consistencyProof),
            ZKSumcheckProof(polynomialCommitments: polynomials, finalClaimCommitment: nil, consistencyProof: nil),
            ZKSumcheckProof(
                polynomialCommitments: polynomials, finalClaimCommitment: final, consistencyProof: nil),
            ZKSumcheckProof(
                polynomialCommitments: polynomials, finalClaimCommitment: nil,
                consistencyProof: proof.consistencyProof),
        ]
        for swapped in [final + key.blindingBase, final + key.scalarBase, claim, .generator] {
            altered.append(
                ZKSumcheckProof(
                    polynomialCommitments: polynomials, finalClaimCommitment: swapped,
                    consistencyProof: proof.consistencyProof))
        }
        // The unaltered proof in memory verifies (so each rejection below is the alteration's).
        #expect(
            SumcheckTesting.accepts { t, b in
                _ = try proof.verify(claimCommitment: claim, shape: shape, key: key, transcript: &t, batch: &b)
            })
        for (index, candidate) in altered.enumerated() {
            #expect(
                !SumcheckTesting.accepts { t, b in
                    _ = try candidate.verify(claimCommitment: claim, shape: shape, key: key, transcript: &t, batch: &b)
                }, "in-memory alteration \(index) accepted")
        }
    }

    /// The prover refuses a wrong sum and a claim commitment that does not open.
    @Test func wrongWitnessIsRefused() throws {
        let instance = Self.instance(.eqProductSmall, variables: 3, seed: 9)
        let rng = ProofTestContext.rng(for: SumcheckTesting.transcript(), seed: 3)
        let blinder = Blinder.random(using: rng)
        for wrong in [instance.sum + .one, .zero] {
            var engine = try instance.engine()
            var t = SumcheckTesting.transcript()
            #expect(throws: ProofError.invalidWitness("sumcheck: the claimed sum differs from Σ_x f(x)")) {
                _ = try ZKSumcheckProof.prove(
                    claim: (wrong, blinder, key.commitScalar(wrong, blinder: blinder)), polynomial: &engine, key: key,
                    transcript: &t, rng: rng)
            }
        }
        var engine = try instance.engine()
        var t = SumcheckTesting.transcript()
        #expect(throws: ProofError.invalidWitness("sumcheck: the claim commitment does not open to the claimed sum")) {
            _ = try ZKSumcheckProof.prove(
                claim: (instance.sum, blinder, key.commitScalar(instance.sum + .one, blinder: blinder)),
                polynomial: &engine, key: key, transcript: &t, rng: rng)
        }
        // v = 0: the single value is the witness (refused as such, not as a bad shape).
        var single = try SumcheckProver(tables: [.small([6]), .small([7])], terms: [.init(factors: [0, 1])])
        #expect(throws: ProofError.invalidWitness("sumcheck: the final claim differs from f(ρ)")) {
            _ = try ZKSumcheckProof.prove(
                claim: (Scalar(41), blinder, key.commitScalar(Scalar(41), blinder: blinder)), polynomial: &single,
                key: key, transcript: &t, rng: rng)
        }
    }

    /// Hand-crafted cheating provers (``ManualProver``, a step-by-step mirror of the prover), each against the
    /// real verifier and, where the point is to show why a step matters, against a verifier mirror without it.
    @Test func handCraftedCheatsAreRejected() throws {
        let instance = Self.instance(.eqProductSmall, variables: 3, seed: 21)
        let shape = ZKSumcheckProof.Shape(variableCount: 3, degree: 3)
        let honest = try ManualProver.run(instance, cheat: nil)

        // The mirror is faithful: with the same randomness it produces the real prover's proof byte for byte, its
        // weights are the verifier's, it verifies, the full verifier mirror agrees, and C_F opens to f(ρ).
        var engine = try instance.engine()
        var transcript = SumcheckTesting.transcript()
        let rng = ProofTestContext.rng(for: transcript, seed: 5)
        let blinder = Blinder.random(using: rng)
        let claim = key.commitScalar(instance.sum, blinder: blinder)
        let real = try ZKSumcheckProof.prove(
            claim: (instance.sum, blinder, claim), polynomial: &engine, key: key, transcript: &transcript, rng: rng)
        #expect(honest.claim == claim)
        #expect(honest.proof == real.proof)
        #expect(honest.point == real.point && honest.finalValue == real.finalValue)
        #expect(
            honest.weights
                == ZKSumcheckProof.combinedWeights(
                    shape, point: honest.point, lambdas: honest.lambdas,
                    inverseMus: honest.mus.map { $0.inverted() ?? .zero }, length: 16))
        #expect(honest.acceptedByVerifier(shape: shape))
        #expect(honest.acceptedInMemory(shape: shape))
        #expect(honest.accepted(shape: shape))
        #expect(honest.finalIsTrue(instance))
        // An honest proof made for μ = 1 satisfies the mirror without μ and fails the real verifier: μ is used.
        let honestUnit = try ManualProver.run(instance, cheat: nil, unitMus: true)
        #expect(honestUnit.accepted(shape: shape, randomMus: false))
        #expect(!honestUnit.acceptedByVerifier(shape: shape))

        // Frozen Heart, C_poly: the prover draws ρ_0 without absorbing C_poly_0, then replaces g_0 by
        // g′_0 = g_0 + δ·(X − ρ_0), which sums to the false claim S + 1 and agrees with g_0 at ρ_0. A verifier that
        // also skips the absorption accepts (the attack works, C_F even opens to the true f(ρ)); the real one does not.
        let adaptive = try ManualProver.run(instance, cheat: .wrongSumAdaptive)
        #expect(adaptive.claimedSum == instance.sum + .one)
        #expect(adaptive.finalIsTrue(instance))
        #expect(adaptive.accepted(shape: shape, absorbingPolynomials: false))
        #expect(!adaptive.acceptedByVerifier(shape: shape))
        #expect(!adaptive.accepted(shape: shape))

        // Why μ: a false claim S + 1, C_poly_0 commits to g′_0 = g_0 + 1/2 (fixed before ρ_0, not g_0), and C_poly_1
        // hides on slice 0 the correction Δ that turns g′_0 into h = g_0 + δ·(X − ρ_0), consistent with S + 1 and
        // with g_0(ρ_0). With μ = 1 the verifier only sees Σ_j C_j, whose slice 0 opens to h: every combined round
        // equation holds and the weakened verifier accepts a false sum (C_F opens to the true f(ρ)). With random μ
        // the correction enters as (μ_1/μ_0)·Δ: the real verifier rejects the proof made for μ = 1 and the one the
        // cheater makes for the real μ.
        let crossUnit = try ManualProver.run(instance, cheat: .crossSliceCorrection, unitMus: true)
        #expect(crossUnit.claimedSum == instance.sum + .one)
        #expect(crossUnit.finalIsTrue(instance))
        #expect(crossUnit.accepted(shape: shape, randomMus: false))
        #expect(!crossUnit.acceptedByVerifier(shape: shape))
        let cross = try ManualProver.run(instance, cheat: .crossSliceCorrection)
        #expect(!cross.acceptedByVerifier(shape: shape))
        #expect(!cross.accepted(shape: shape))
        // Without the hidden correction the same false g′_0 fails even the verifier without μ.
        let forged = try ManualProver.run(instance, cheat: .wrongSumForged, unitMus: true)
        #expect(forged.claimedSum == instance.sum + .one && forged.finalIsTrue(instance))
        #expect(!forged.accepted(shape: shape, randomMus: false))
        #expect(!(try ManualProver.run(instance, cheat: .wrongSumForged)).acceptedByVerifier(shape: shape))

        // Consistent rounds, but C_F commits to f(ρ) + 1; the inner-product proof of the false combined equation
        // (made without a witness check) fails even the weakest mirror, while the final link itself holds.
        let lie = try ManualProver.run(instance, cheat: .finalClaimLie)
        #expect(!lie.finalIsTrue(instance))
        #expect(lie.finalLinkHolds(try #require(lie.proof.finalClaimCommitment)))
        #expect(!lie.acceptedByVerifier(shape: shape))
        #expect(!lie.accepted(shape: shape, absorbingPolynomials: false, absorbingFinal: false, randomMus: false))

        // C_F chosen after λ and μ (never absorbed): a false claim S + 1 with honest rounds and C_F committing to
        // F = f(ρ) + λ_0/λ_v makes the combined equation true, so a verifier that does not absorb C_F accepts, and
        // the real verifier does not. The attack cannot go further: the combined check is one linear equation in F,
        // so once the caller checks C_F against the true f(ρ) (the final link with F = f(ρ)), choosing C_F late only
        // chooses its blinder, and the lie is still caught downstream (finalIsTrue is false). What the absorption
        // buys is that the sumcheck itself rejects a false sum, with λ fixed after C_F as the Schwartz–Zippel
        // argument over E_0 … E_v needs.
        let late = try ManualProver.run(instance, cheat: .finalChosenAfterChallenge)
        #expect(late.claimedSum == instance.sum + .one)
        #expect(late.accepted(shape: shape, absorbingFinal: false))
        #expect(!late.finalIsTrue(instance))
        #expect(!late.acceptedByVerifier(shape: shape))
        #expect(!late.accepted(shape: shape))

        // The degree bound is the slice width. eq·a·b·c has round polynomials of degree 4 = d + 1: written with
        // their d + 2 coefficients in slices of width d + 2 (d + 1 absorbed), the proof checks under the shape of
        // degree d + 1 and not under degree d, in memory or after encoding (P(3·4) = P(3·5) = 16, so the bytes even
        // decode under degree d, and verification is what fails).
        let quartic = Self.quarticInstance(variables: 3, seed: 21)
        var quarticEngine = try quartic.engine()
        #expect(quarticEngine.degree == 4)
        #expect(try quarticEngine.roundPolynomial(claim: nil).degree == 4)
        let long = try ManualProver.run(quartic, cheat: nil)
        let longShape = ZKSumcheckProof.Shape(variableCount: 3, degree: 4)
        #expect(long.degree == 4 && long.finalIsTrue(quartic))
        #expect(long.acceptedByVerifier(shape: longShape))
        #expect(long.acceptedInMemory(shape: longShape))
        #expect(!long.acceptedByVerifier(shape: shape))
        #expect(!long.acceptedInMemory(shape: shape))
        #expect(try ZKSumcheckProof(decoding: long.proof.encoded, shape: shape) == long.proof)
        // The real prover refuses the lower bound for this polynomial.
        #expect(throws: ProofError.self) {
            var engine = try quartic.engine()
            var t = SumcheckTesting.transcript()
            _ = try ZKSumcheckProof.prove(
                claim: (quartic.sum, blinder, key.commitScalar(quartic.sum, blinder: blinder)), polynomial: &engine,
                degree: 3, key: key, transcript: &t, rng: rng)
        }
        // Claiming d (absorbed) while keeping the d + 2 coefficients: the top one sits on the next slice's first
        // generator, where the verifier reads it as part of the next round (scaled by μ_j/μ_{j+1}): rejected.
        let spilled = try ManualProver.run(quartic, cheat: .degreeTooHigh)
        #expect(spilled.degree == 3 && spilled.finalIsTrue(quartic))
        #expect(!spilled.acceptedByVerifier(shape: shape))
        #expect(!spilled.acceptedInMemory(shape: shape))
        let spilledUnit = try ManualProver.run(quartic, cheat: .degreeTooHigh, unitMus: true)
        #expect(!spilledUnit.accepted(shape: shape, randomMus: false))  // even without μ
        #expect(!spilled.acceptedByVerifier(shape: longShape))
    }

    /// eq·a·b·c: round polynomials of degree 4.
    static func quarticInstance(variables v: Int, seed: UInt64) -> Instance {
        var random = SeededGenerator(seed: seed)
        let n = 1 << v
        let a = SumcheckTesting.small(n, bound: 40_000, &random)
        let b = SumcheckTesting.small(n, bound: 1 << 29, &random)
        let c = SumcheckTesting.scalars(n, &random)
        let tau = SumcheckTesting.scalars(v, &random)
        return Instance(
            tables: [.small(a), .small(b), .scalars(c)], terms: [SumcheckProver.Term(factors: [0, 1, 2])], tau: tau)
    }

    /// Zero-knowledge hygiene: two proofs of one statement share no commitment or response.
    @Test func freshRandomnessPerProof() throws {
        let instance = Self.instance(.eqProductSmall, variables: 4, seed: 12)
        let first = try Self.prove(instance, seed: nil)
        let second = try Self.prove(instance, seed: nil)
        #expect(first.claim != second.claim)
        #expect(SumcheckTesting.sharedElements(first.output.proof.encoded, second.output.proof.encoded) == 0)
        // The same witness and claim commitment, two runs: still nothing shared.
        var engine = try instance.engine()
        var t = SumcheckTesting.transcript()
        let rng = ProofTestContext.rng(for: t)
        let blinder = Blinder.random(using: rng)
        let claim = key.commitScalar(instance.sum, blinder: blinder)
        let a = try ZKSumcheckProof.prove(
            claim: (instance.sum, blinder, claim), polynomial: &engine, key: key, transcript: &t, rng: rng)
        engine = try instance.engine()
        t = SumcheckTesting.transcript()
        let b = try ZKSumcheckProof.prove(
            claim: (instance.sum, blinder, claim), polynomial: &engine, key: key, transcript: &t,
            rng: ProofTestContext.rng(for: t))
        #expect(SumcheckTesting.sharedElements(a.proof.encoded, b.proof.encoded) == 0)
        #expect(a.finalCommitment != b.finalCommitment)
    }

    // MARK: Decoding

    @Test func decodingIsStrict() throws {
        let (output, claim, shape) = try Self.prove(Self.instance(.eqProductScalars, variables: 3, seed: 8))
        let bytes = output.proof.encoded
        #expect(
            SumcheckTesting.decodingRejectsMalformed(bytes, seed: 1) { (b) throws(ProofError) in
                _ = try ZKSumcheckProof(decoding: b, shape: shape)
            })
        #expect(try ZKSumcheckProof(decoding: bytes, shape: shape) == output.proof)
        #expect(Self.verify(bytes, claim: claim, shape: shape))
        for bad in [
            ZKSumcheckProof.Shape(variableCount: -1, degree: 3), .init(variableCount: 3, degree: 0),
            .init(variableCount: 3, degree: Int.max), .init(variableCount: Int.max, degree: 3),
            .init(variableCount: 4, degree: 3), .init(variableCount: 3, degree: 2),
            .init(variableCount: 2, degree: 3), .init(variableCount: 3, degree: 5), .init(variableCount: 0, degree: 3),
        ] {
            // A shape with another encoded size fails to decode; (3, 2) has the same size (P(9) = P(12) = 16), so
            // it decodes, and verification under it fails.
            if ZKSumcheckProof.encodedByteCount(shape: bad) == bytes.count {
                #expect(bad == .init(variableCount: 3, degree: 2))
                #expect(try ZKSumcheckProof(decoding: bytes, shape: bad) == output.proof)
            } else {
                #expect(throws: ProofError.self) { _ = try ZKSumcheckProof(decoding: bytes, shape: bad) }
            }
            #expect(!Self.verify(bytes, claim: claim, shape: bad), "\(bad)")
        }
        // A verifier given an impossible shape throws instead of trapping.
        #expect(
            !SumcheckTesting.accepts { t, b in
                _ = try output.proof.verify(
                    claimCommitment: .generator, shape: .init(variableCount: 3, degree: Int.max), key: key,
                    transcript: &t, batch: &b)
            })
        // v = 0: the empty encoding is the empty proof, anything longer is refused.
        let empty = try ZKSumcheckProof(decoding: [], shape: .init(variableCount: 0, degree: 3))
        #expect(empty.polynomialCommitments.isEmpty && empty.finalClaimCommitment == nil && empty.consistencyProof == nil)
        #expect(throws: ProofError.trailingBytes(count: 1)) {
            _ = try ZKSumcheckProof(decoding: [0], shape: .init(variableCount: 0, degree: 3))
        }
    }

    /// ``ZKSumcheckProof/encodedByteCount(shape:)`` is the length of real encodings over several shapes (padded
    /// degrees, v = 0 … 5), and the documented formula beyond the test key's capacity.
    @Test func encodedByteCountMatchesEncodings() throws {
        for variables in [1, 2, 3, 5, 0] {  // v = 0 last
            let instance = Self.instance(.productSmall, variables: variables, seed: UInt64(variables) + 40)
            for degree in [2, 3, 7] {
                var engine = try instance.engine()
                var t = SumcheckTesting.transcript()
                let rng = ProofTestContext.rng(for: t, seed: 4)
                let blinder = Blinder.random(using: rng)
                let claim = key.commitScalar(instance.sum, blinder: blinder)
                let output = try ZKSumcheckProof.prove(
                    claim: (instance.sum, blinder, claim), polynomial: &engine, degree: degree, key: key,
                    transcript: &t, rng: rng)
                let shape = ZKSumcheckProof.Shape(variableCount: variables, degree: degree)
                let bytes = output.proof.encoded
                #expect(bytes.count == ZKSumcheckProof.encodedByteCount(shape: shape), "\(shape)")
                #expect(bytes.count == Self.expectedByteCount(shape), "\(shape)")
                #expect(Self.verify(bytes, claim: claim, shape: shape), "\(shape)")
            }
        }
        for shape in [
            ZKSumcheckProof.Shape(variableCount: 20, degree: 3), .init(variableCount: 17, degree: 2),
            .init(variableCount: 1, degree: 1), .init(variableCount: 64, degree: 7),
        ] {
            #expect(ZKSumcheckProof.encodedByteCount(shape: shape) == Self.expectedByteCount(shape), "\(shape)")
        }
    }
}

/// A test-only prover that mirrors ``ZKSumcheckProof/prove`` step by step (same labels, same order, same draws
/// from the RNG, so its honest run is byte-identical to the real prover's) with switches for cheating, and a verifier
/// mirror that can skip absorbing C_poly or C_F, or use μ_j = 1. The combination weights A′ are computed here from
/// their definition, independently of ``ZKSumcheckProof/combinedWeights``.
///
/// Every commitment is kept with its full opening over G_0 … G_{n−1}, so a cheat can put components outside its
/// own slice.
struct ManualProver {
    enum Cheat {
        /// Frozen Heart on C_poly: ρ_0 is drawn without absorbing C_poly_0 (nor any later C_poly), then g_0 is
        /// replaced by g′_0 = g_0 + δ·(X − ρ_0), which sums to the false claim S + 1 and agrees with g_0 at ρ_0.
        case wrongSumAdaptive
        /// A false claim S + 1: C_poly_0 commits to g′_0 = g_0 + 1/2 (sums to S + 1, is not g_0); after ρ_0,
        /// C_poly_1 carries, besides g_1 on its own slice, Δ = h − g′_0 on slice 0, where h = g_0 + δ·(X − ρ_0) sums
        /// to S + 1 and agrees with g_0 at ρ_0. The slice-0 part of C_poly_0 + C_poly_1 is h.
        case crossSliceCorrection
        /// A false claim S + 1 with C_poly_0 committing to g′_0 = g_0 + 1/2 and honest later rounds: E_1 is false
        /// (crossSliceCorrection without the correction), and its inner-product proof is made without a witness check.
        case wrongSumForged
        /// Consistent rounds, but C_F commits to f(ρ) + 1 (the inner-product proof of a false statement).
        case finalClaimLie
        /// A false claim S + 1 with honest rounds; C_F is not absorbed, and chosen after λ and μ as a commitment
        /// to F = f(ρ) + λ_0/λ_v, which makes the combined equation true.
        case finalChosenAfterChallenge
        /// d = (the polynomial's degree) − 1 is absorbed and the slices have width d + 1, but each round polynomial
        /// keeps its d + 2 coefficients: the top one lands on the first generator of the next slice.
        case degreeTooHigh
    }

    let proof: ZKSumcheckProof
    let claim: RistrettoPoint
    /// The value C_0 opens to (S, or S + 1 for the cheats that lie about the sum).
    let claimedSum: Scalar
    /// The d absorbed and used for the slice width d + 1.
    let degree: Int
    let point: [Scalar]
    let lambdas: [Scalar]
    let mus: [Scalar]
    /// A′ as the prover computed it.
    let weights: [Scalar]
    /// The value C_F opens to and its blinder.
    let finalValue: Scalar
    let finalBlinder: Blinder

    static var key: CommitmentKey { SumcheckTesting.key }

    /// Runs the prover; `unitMus` replaces μ_j by 1 (the prover for a verifier without μ).
    static func run(
        _ instance: ZKSumcheckTests.Instance, cheat: Cheat?, unitMus: Bool = false, seed: UInt8 = 5
    ) throws -> ManualProver {
        let key = Self.key
        var engine = try instance.engine()
        let v = engine.variableCount
        guard v >= 2 else { throw ProofError.shapeMismatch("the manual prover needs at least two rounds") }
        let d = engine.degree - (cheat == .degreeTooHigh ? 1 : 0)
        let width = d + 1
        var n = 1
        while n < v * width { n <<= 1 }
        var t = SumcheckTesting.transcript()
        let rng = ProofTestContext.rng(for: t, seed: seed)
        let trueSum = instance.sum
        let lying = cheat == .wrongSumAdaptive || cheat == .crossSliceCorrection || cheat == .wrongSumForged
            || cheat == .finalChosenAfterChallenge
        let claimedSum = lying ? trueSum + .one : trueSum
        let claimBlinder = Blinder.random(using: rng)
        let claim = key.commitScalar(claimedSum, blinder: claimBlinder)
        absorbStatement(v: v, d: d, claim: claim, into: &t)

        let half = try #require(Scalar(2).inverted())
        var openings: [[Scalar]] = []
        var blinders: [Blinder] = []
        var commitments: [RistrettoPoint] = []
        var point: [Scalar] = []
        var correction: [Scalar] = []  // crossSliceCorrection: Δ, for slice 0, carried by C_poly_1
        for j in 0..<v {
            let g = try engine.roundPolynomial(claim: nil)
            var coefficients = g.coefficients
            if cheat == .degreeTooHigh {
                #expect(coefficients.count == d + 2 && !coefficients[d + 1].isZero, "round \(j) is not of degree d + 1")
            } else {
                coefficients += [Scalar](repeating: .zero, count: d + 1 - coefficients.count)
            }
            if j == 0, cheat == .crossSliceCorrection || cheat == .wrongSumForged {
                coefficients[0] += (claimedSum - trueSum) * half
            }
            func opening(_ coefficients: [Scalar]) throws -> [Scalar] {
                var opening = [Scalar](repeating: .zero, count: n)
                for (i, c) in coefficients.enumerated() {
                    guard j * width + i < n else { throw ProofError.shapeMismatch("no room for the spilled coefficient") }
                    opening[j * width + i] = c
                }
                if j == 1, cheat == .crossSliceCorrection {
                    for (i, c) in correction.enumerated() { opening[i] += c }
                }
                return opening
            }
            var vector = try opening(coefficients)
            let blinder = Blinder.random(using: rng)
            var commitment = try key.commit(vector, blinder: blinder)
            if cheat != .wrongSumAdaptive { t.appendPoint(label: "poly", commitment) }
            let rho = t.challengeScalar(label: "rho")
            if j == 0, cheat == .wrongSumAdaptive {
                // g′_0 = g_0 + δ·(X − ρ_0): ⟨t, X − ρ_0⟩ = 1 − 2ρ_0, so δ = 1/(1 − 2ρ_0) adds 1 to the sum.
                let delta = try #require((Scalar.one - rho - rho).inverted()) * (claimedSum - trueSum)
                coefficients[0] -= delta * rho
                coefficients[1] += delta
                vector = try opening(coefficients)
                commitment = try key.commit(vector, blinder: blinder)
            }
            if j == 0, cheat == .crossSliceCorrection {
                // h = g_0 + δ·(X − ρ_0) sums to S + 1 and h(ρ_0) = g_0(ρ_0); Δ = h − g′_0 = δ·(X − ρ_0) − 1/2.
                let delta = try #require((Scalar.one - rho - rho).inverted()) * (claimedSum - trueSum)
                correction = [Scalar](repeating: .zero, count: width)
                correction[0] = -(delta * rho) - (claimedSum - trueSum) * half
                correction[1] = delta
            }
            try engine.bind(rho)
            point.append(rho)
            openings.append(vector)
            blinders.append(blinder)
            commitments.append(commitment)
        }
        let trueFinal = engine.finalValue  // f(ρ)
        var finalValue = cheat == .finalClaimLie ? trueFinal + .one : trueFinal
        var finalBlinder = Blinder.random(using: rng)
        var final = key.commitScalar(finalValue, blinder: finalBlinder)
        if cheat != .finalChosenAfterChallenge { t.appendPoint(label: "final", final) }
        let lambdas = (0...v).map { _ in t.challengeScalar(label: "lambda") }
        var mus = (0..<v).map { _ in t.challengeScalar(label: "mu") }
        if unitMus { mus = [Scalar](repeating: .one, count: v) }
        if cheat == .finalChosenAfterChallenge {
            // Σ_j ⟨A_j, c_j⟩ = λ_0·S − λ_v·f(ρ) for the honest rounds; the statement needs λ_0·(S + 1) − λ_v·F.
            finalValue = trueFinal + (claimedSum - trueSum) * lambdas[0] * (try #require(lambdas[v].inverted()))
            finalBlinder = Blinder.random(using: rng)
            final = key.commitScalar(finalValue, blinder: finalBlinder)
        }

        // X′ = Σ_j μ_j·(C_j's full opening), A′ from the definition, C_y = λ_0·C_0 − λ_v·C_F.
        let weights = try combinationWeights(degree: d, length: n, point: point, lambdas: lambdas, mus: mus)
        var vector = [Scalar](repeating: .zero, count: n)
        var vectorBlinder = Scalar.zero
        for j in 0..<v {
            for i in 0..<n { vector[i] += mus[j] * openings[j][i] }
            vectorBlinder += mus[j] * blinders[j].value
        }
        let valueBlinder = lambdas[0] * claimBlinder.value - lambdas[v] * finalBlinder.value
        absorbConsistencyStatement(length: n, into: &t)
        let consistency = try InnerProductProof.proveReduction(
            vector: vector, weights: weights, vectorBlinder: vectorBlinder, valueBlinder: valueBlinder, key: key,
            transcript: &t, rng: rng)
        return ManualProver(
            proof: ZKSumcheckProof(
                polynomialCommitments: commitments, finalClaimCommitment: final, consistencyProof: consistency),
            claim: claim, claimedSum: claimedSum, degree: d, point: point, lambdas: lambdas, mus: mus,
            weights: weights, finalValue: finalValue, finalBlinder: finalBlinder)
    }

    static func absorbStatement(v: Int, d: Int, claim: RistrettoPoint, into t: inout MerlinTranscript) {
        t.appendMessage(label: "dom-sep", message: Array("zk-sumcheck-deferred".utf8))
        t.appendUInt64(label: "v", value: UInt64(v))
        t.appendUInt64(label: "d", value: UInt64(d))
        t.appendPoint(label: "C0", claim)
    }

    static func absorbConsistencyStatement(length n: Int, into t: inout MerlinTranscript) {
        t.appendMessage(label: "dom-sep", message: Array("inner-product-proof".utf8))
        t.appendUInt64(label: "n", value: UInt64(n))
        t.appendMessage(label: "statement", message: Array("sumcheck-rounds".utf8))
    }

    /// A′: slice j (width d + 1) holds (λ_j·t − λ_{j+1}·p(ρ_j))/μ_j with t = (2, 1, …, 1), p(ρ) = (1, ρ, …, ρ^d).
    static func combinationWeights(
        degree d: Int, length n: Int, point: [Scalar], lambdas: [Scalar], mus: [Scalar]
    ) throws -> [Scalar] {
        var weights = [Scalar](repeating: .zero, count: n)
        for j in point.indices {
            let inverse = try #require(mus[j].inverted())
            var power = Scalar.one
            for i in 0...d {
                let t = i == 0 ? Scalar(2) : Scalar.one
                weights[j * (d + 1) + i] = (lambdas[j] * t - lambdas[j + 1] * power) * inverse
                power *= point[j]
            }
        }
        return weights
    }

    /// The caller's final link, emulated with the known opening of C_F.
    func finalLinkHolds(_ final: RistrettoPoint) -> Bool {
        final == Self.key.commitScalar(finalValue, blinder: finalBlinder)
    }

    /// The real verifier on the encoded proof (decoded under `shape`), then the final link.
    func acceptedByVerifier(shape: ZKSumcheckProof.Shape) -> Bool {
        SumcheckTesting.accepts { t, b in
            let out = try ZKSumcheckProof(decoding: proof.encoded, shape: shape).verify(
                claimCommitment: claim, shape: shape, key: Self.key, transcript: &t, batch: &b)
            guard finalLinkHolds(out.finalCommitment) else {
                throw ProofError.verificationFailed(protocol: "test", check: "final link")
            }
        }
    }

    /// The real verifier on the proof in memory, then the final link.
    func acceptedInMemory(shape: ZKSumcheckProof.Shape) -> Bool {
        SumcheckTesting.accepts { t, b in
            let out = try proof.verify(claimCommitment: claim, shape: shape, key: Self.key, transcript: &t, batch: &b)
            guard finalLinkHolds(out.finalCommitment) else {
                throw ProofError.verificationFailed(protocol: "test", check: "final link")
            }
        }
    }

    /// A mirror of the verifier (with every switch on it does what the real one does) that may skip absorbing
    /// C_poly before ρ_j or C_F before λ, μ (the Frozen Heart bug), or use μ_j = 1; plus the final link.
    func accepted(
        shape: ZKSumcheckProof.Shape, absorbingPolynomials: Bool = true, absorbingFinal: Bool = true,
        randomMus: Bool = true
    ) -> Bool {
        SumcheckTesting.accepts { t, b in
            let proof = try ZKSumcheckProof(decoding: self.proof.encoded, shape: shape)
            let v = shape.variableCount
            let d = shape.degree
            var n = 1
            while n < v * (d + 1) { n <<= 1 }
            guard v >= 1, proof.polynomialCommitments.count == v, let final = proof.finalClaimCommitment,
                let consistency = proof.consistencyProof
            else { throw ProofError.shapeMismatch("test mirror") }
            Self.absorbStatement(v: v, d: d, claim: claim, into: &t)
            var point: [Scalar] = []
            for commitment in proof.polynomialCommitments {
                if absorbingPolynomials { t.appendPoint(label: "poly", commitment) }
                point.append(t.challengeScalar(label: "rho"))
            }
            if absorbingFinal { t.appendPoint(label: "final", final) }
            let lambdas = (0...v).map { _ in t.challengeScalar(label: "lambda") }
            var mus = (0..<v).map { _ in t.challengeScalar(label: "mu") }
            if !randomMus { mus = [Scalar](repeating: .one, count: v) }
            let weights = try Self.combinationWeights(degree: d, length: n, point: point, lambdas: lambdas, mus: mus)
            Self.absorbConsistencyStatement(length: n, into: &t)
            try consistency.verifyReduction(
                vectorTerms: mus, vectorPoints: proof.polynomialCommitments, weights: .explicit(weights),
                valueTerms: [(lambdas[0], claim), (-lambdas[v], final)], transcript: &t, batch: &b)
            guard finalLinkHolds(final) else {
                throw ProofError.verificationFailed(protocol: "test", check: "final link")
            }
        }
    }

    /// Whether the final value is the true f(ρ).
    func finalIsTrue(_ instance: ZKSumcheckTests.Instance) -> Bool {
        (try? instance.value(atPoint: point)) == finalValue
    }
}
