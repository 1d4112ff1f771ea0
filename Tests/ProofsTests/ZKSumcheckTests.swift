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

    /// Degrees 2 and 3, v = 0…8, every table kind: the proof verifies, both sides agree on ρ and C_v, C_v opens
    /// to f(ρ), and the encoding has the documented size.
    @Test(arguments: Kind.allCases, [0, 1, 2, 3, 8])
    func completeness(kind: Kind, variables: Int) throws {
        let instance = Self.instance(kind, variables: variables, seed: UInt64(variables) + 100)
        let (output, claim, shape) = try Self.prove(instance)
        let bytes = output.proof.encoded
        #expect(bytes.count == variables * (shape.degree + 7) * 32)
        #expect(Self.verify(bytes, claim: claim, shape: shape, expecting: output))
        #expect(output.point.count == variables)
        #expect(try output.finalValue == instance.value(atPoint: output.point))
        #expect(key.commitScalar(output.finalValue, blinder: output.finalBlinder) == output.finalCommitment)
        if variables == 0 {
            // v = 0: no rounds, the claim is the final claim.
            #expect(bytes.isEmpty && output.finalCommitment == claim)
        }
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

    /// Altering any element (each C_poly, C_next, δ, β, response, z_δ, z_β), the claim commitment, the shape or
    /// the statement makes verification fail.
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
        // A proof built in memory with a round missing.
        #expect(
            !SumcheckTesting.accepts { t, b in
                _ = try ZKSumcheckProof(rounds: Array(output.proof.rounds.dropLast())).verify(
                    claimCommitment: claim, shape: shape, key: key, transcript: &t, batch: &b)
            })
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
        // v = 0: the single value is the witness.
        var single = try SumcheckProver(tables: [.small([6]), .small([7])], terms: [.init(factors: [0, 1])])
        #expect(throws: ProofError.self) {
            _ = try ZKSumcheckProof.prove(
                claim: (Scalar(41), blinder, key.commitScalar(Scalar(41), blinder: blinder)), polynomial: &single,
                key: key, transcript: &t, rng: rng)
        }
    }

    /// Hand-crafted cheating provers (``ManualProver``, a step-by-step mirror of the prover), each against the
    /// real verifier.
    @Test func handCraftedCheatsAreRejected() throws {
        let instance = Self.instance(.eqProductSmall, variables: 3, seed: 21)
        let shape = ZKSumcheckProof.Shape(variableCount: 3, degree: 3)
        let honest = try ManualProver.run(instance, cheat: nil)
        // The mirror is faithful: its honest run verifies and C_v opens to f(ρ).
        #expect(honest.acceptedByVerifier(shape: shape))
        #expect(honest.finalIsTrue(instance))

        // Frozen Heart, C_poly: the prover draws ρ_0 without absorbing C_poly, then replaces g_0 by
        // g′_0 = g_0 + δ·(X − ρ_0), which sums to the false claim S + 1 and agrees with g_0 at ρ_0. A verifier that
        // also skips the absorption accepts (the attack works); the real verifier does not.
        let adaptive = try ManualProver.run(instance, cheat: .wrongSumAdaptive)
        #expect(adaptive.finalIsTrue(instance))
        #expect(adaptive.accepted(shape: shape, absorbingPolynomials: false, absorbingClaims: true))
        #expect(!adaptive.acceptedByVerifier(shape: shape))

        // C_{j+1} chosen after w_0, w_1 were drawn (here: re-blinded): accepted only by a verifier that does not
        // absorb it.
        let late = try ManualProver.run(instance, cheat: .claimChosenAfterChallenge)
        #expect(late.accepted(shape: shape, absorbingPolynomials: true, absorbingClaims: false))
        #expect(!late.acceptedByVerifier(shape: shape))

        // A false sum with g′_0 = g_0 + 1/2 fixed before ρ_0, and C_1 committing to the true g_0(ρ_0): the
        // dot-product relation is false, and its forged proof fails.
        #expect(!(try ManualProver.run(instance, cheat: .wrongSumForgedDotProduct)).acceptedByVerifier(shape: shape))

        // Consistent rounds, but C_v commits to f(ρ) + 1 with a forged last dot product.
        #expect(!(try ManualProver.run(instance, cheat: .finalClaimLie)).acceptedByVerifier(shape: shape))

        // A round polynomial one degree too long (d + 2 coefficients): rejected by length alone, in memory and
        // after encoding, while the same proof checks under the longer bound.
        let long = try ManualProver.run(instance, cheat: .degreeTooHigh)
        #expect(long.acceptedByVerifier(shape: .init(variableCount: 3, degree: 4)))
        #expect(!long.acceptedByVerifier(shape: shape))
        #expect(throws: ProofError.self) { _ = try ZKSumcheckProof(decoding: long.proof.encoded, shape: shape) }
        #expect(throws: ProofError.shapeMismatch("dot-product proof has 5 responses for 4 weights")) {
            var t = SumcheckTesting.transcript()
            var b = GroupEquationBatch()
            _ = try long.proof.verify(claimCommitment: long.claim, shape: shape, key: key, transcript: &t, batch: &b)
        }
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
        let (output, _, shape) = try Self.prove(Self.instance(.eqProductScalars, variables: 3, seed: 8))
        let bytes = output.proof.encoded
        #expect(
            SumcheckTesting.decodingRejectsMalformed(bytes, seed: 1) { (b) throws(ProofError) in
                _ = try ZKSumcheckProof(decoding: b, shape: shape)
            })
        #expect(try ZKSumcheckProof(decoding: bytes, shape: shape) == output.proof)
        #expect(try ZKSumcheckProof(decoding: [], shape: .init(variableCount: 0, degree: 3)).rounds.isEmpty)
        for bad in [
            ZKSumcheckProof.Shape(variableCount: -1, degree: 3), .init(variableCount: 3, degree: 0),
            .init(variableCount: 3, degree: Int.max), .init(variableCount: Int.max, degree: 3),
            .init(variableCount: 4, degree: 3), .init(variableCount: 3, degree: 2),
        ] {
            #expect(throws: ProofError.self) { _ = try ZKSumcheckProof(decoding: bytes, shape: bad) }
        }
        // A verifier given an impossible shape throws instead of trapping.
        #expect(
            !SumcheckTesting.accepts { t, b in
                _ = try output.proof.verify(
                    claimCommitment: .generator, shape: .init(variableCount: 3, degree: Int.max), key: key,
                    transcript: &t, batch: &b)
            })
    }
}

/// A test-only prover that mirrors ``ZKSumcheckProof/prove`` step by step (same labels, same order) with
/// switches for cheating, and a verifier mirror that can skip absorbing C_poly or C_{j+1}.
struct ManualProver {
    enum Cheat {
        case wrongSumAdaptive, claimChosenAfterChallenge, wrongSumForgedDotProduct, finalClaimLie, degreeTooHigh
    }

    let proof: ZKSumcheckProof
    let claim: RistrettoPoint
    let point: [Scalar]
    let finalValue: Scalar
    let finalBlinder: Blinder

    static var key: CommitmentKey { SumcheckTesting.key }

    static func run(_ instance: ZKSumcheckTests.Instance, cheat: Cheat?) throws -> ManualProver {
        let key = Self.key
        var engine = try instance.engine()
        let v = engine.variableCount
        let d = engine.degree + (cheat == .degreeTooHigh ? 1 : 0)
        var t = SumcheckTesting.transcript()
        let rng = ProofTestContext.rng(for: t, seed: 5)
        let trueSum = instance.sum
        let lying = cheat == .wrongSumAdaptive || cheat == .wrongSumForgedDotProduct
        let claimedSum = lying ? trueSum + .one : trueSum
        let claimBlinder = Blinder.random(using: rng)
        let claim = key.commitScalar(claimedSum, blinder: claimBlinder)
        t.appendMessage(label: "dom-sep", message: Array("zk-sumcheck".utf8))
        t.appendUInt64(label: "v", value: UInt64(v))
        t.appendUInt64(label: "d", value: UInt64(d))
        t.appendPoint(label: "C0", claim)

        var current = (value: claimedSum, blinder: claimBlinder, commitment: claim)
        var rounds: [ZKSumcheckProof.Round] = []
        var point: [Scalar] = []
        for j in 0..<v {
            let g = try engine.roundPolynomial(claim: nil)
            var coefficients = g.coefficients + [Scalar](repeating: .zero, count: d + 1 - g.coefficients.count)
            if j == 0, cheat == .wrongSumForgedDotProduct {
                coefficients[0] += (claimedSum - trueSum) * (Scalar(2).inverted() ?? .one)
            }
            var polynomialBlinder = Blinder.random(using: rng)
            var polynomialCommitment = try key.commit(coefficients, blinder: polynomialBlinder)
            if cheat != .wrongSumAdaptive { t.appendPoint(label: "poly", polynomialCommitment) }
            let rho = t.challengeScalar(label: "rho")
            if j == 0, cheat == .wrongSumAdaptive {
                let delta = (claimedSum - trueSum) * ((Scalar.one - rho - rho).inverted() ?? .one)
                coefficients[0] -= delta * rho
                coefficients[1] += delta
                polynomialBlinder = Blinder.random(using: rng)
                polynomialCommitment = try key.commit(coefficients, blinder: polynomialBlinder)
            }
            var nextValue = UnivariatePolynomial(coefficients: coefficients).evaluate(at: rho)
            if j == 0, cheat == .wrongSumForgedDotProduct { nextValue = g.evaluate(at: rho) }
            if j == v - 1, cheat == .finalClaimLie { nextValue += .one }
            var nextBlinder = Blinder.random(using: rng)
            var nextCommitment = key.commitScalar(nextValue, blinder: nextBlinder)
            if cheat != .claimChosenAfterChallenge { t.appendPoint(label: "claim", nextCommitment) }
            let w0 = t.challengeScalar(label: "w0")
            let w1 = t.challengeScalar(label: "w1")
            if cheat == .claimChosenAfterChallenge {
                nextBlinder = Blinder.random(using: rng)
                nextCommitment = key.commitScalar(nextValue, blinder: nextBlinder)
            }
            let weights = ZKSumcheckProof.roundWeights(w0: w0, w1: w1, rho: rho, degree: d)
            let targetValue = w0 * current.value + w1 * nextValue
            let targetBlinder = Blinder(derived: w0 * current.blinder.value + w1 * nextBlinder.value)
            let consistency = try forgeDotProduct(
                vector: coefficients, vectorBlinder: polynomialBlinder, vectorCommitment: polynomialCommitment,
                weights: weights, value: targetValue, valueBlinder: targetBlinder, transcript: &t, rng: rng)
            rounds.append(
                .init(
                    polynomialCommitment: polynomialCommitment, nextClaimCommitment: nextCommitment,
                    consistencyProof: consistency))
            try engine.bind(rho)
            point.append(rho)
            current = (nextValue, nextBlinder, nextCommitment)
        }
        return ManualProver(
            proof: ZKSumcheckProof(rounds: rounds), claim: claim, point: point, finalValue: current.value,
            finalBlinder: current.blinder)
    }

    /// ``DotProductProof/prove`` without its witness check: the responses for whatever vector and value it is
    /// given (a cheating prover's only option when ⟨a, x⟩ ≠ y). C_y is the round's combination w_0·C_j +
    /// w_1·C_{j+1}, absorbed as such (its points are already in the transcript).
    static func forgeDotProduct(
        vector x: [Scalar], vectorBlinder: Blinder, vectorCommitment: RistrettoPoint, weights a: [Scalar],
        value y: Scalar, valueBlinder: Blinder, transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws -> DotProductProof {
        transcript.appendMessage(label: "dom-sep", message: Array(DotProductProof.label.utf8))
        transcript.appendUInt64(label: "n", value: UInt64(a.count))
        transcript.appendPoint(label: "Cx", vectorCommitment)
        transcript.appendMessage(label: "Cy-form", message: Array("combination".utf8))
        for w in a { transcript.appendScalar(label: "a", w) }
        let d = (0..<x.count).map { _ in rng.nextScalar() }
        let rDelta = Blinder.random(using: rng)
        let rBeta = Blinder.random(using: rng)
        let delta = try key.commit(d, blinder: rDelta)
        let beta = key.commitScalar(DotProductProof.innerProduct(a, d), blinder: rBeta)
        transcript.appendPoint(label: "delta", delta)
        transcript.appendPoint(label: "beta", beta)
        let c = transcript.challengeScalar(label: "c")
        return DotProductProof(
            delta: delta, beta: beta, responses: (0..<x.count).map { c * x[$0] + d[$0] },
            deltaBlinderResponse: c * vectorBlinder.value + rDelta.value,
            betaBlinderResponse: c * valueBlinder.value + rBeta.value)
    }

    /// The real verifier, then the caller's final link (emulated with the known opening of C_v).
    func acceptedByVerifier(shape: ZKSumcheckProof.Shape) -> Bool {
        SumcheckTesting.accepts { t, b in
            let out = try ZKSumcheckProof(decoding: proof.encoded, shape: shape).verify(
                claimCommitment: claim, shape: shape, key: Self.key, transcript: &t, batch: &b)
            guard out.finalCommitment == Self.key.commitScalar(finalValue, blinder: finalBlinder) else {
                throw ProofError.verificationFailed(protocol: "test", check: "final link")
            }
        }
    }

    /// A mirror of the verifier that may skip absorbing C_poly before ρ or C_{j+1} before w (the Frozen Heart
    /// bug), plus the final link.
    func accepted(shape: ZKSumcheckProof.Shape, absorbingPolynomials: Bool, absorbingClaims: Bool) -> Bool {
        SumcheckTesting.accepts { t, b in
            t.appendMessage(label: "dom-sep", message: Array("zk-sumcheck".utf8))
            t.appendUInt64(label: "v", value: UInt64(shape.variableCount))
            t.appendUInt64(label: "d", value: UInt64(shape.degree))
            t.appendPoint(label: "C0", claim)
            var current = claim
            for round in proof.rounds {
                if absorbingPolynomials { t.appendPoint(label: "poly", round.polynomialCommitment) }
                let rho = t.challengeScalar(label: "rho")
                if absorbingClaims { t.appendPoint(label: "claim", round.nextClaimCommitment) }
                let w0 = t.challengeScalar(label: "w0")
                let w1 = t.challengeScalar(label: "w1")
                try round.consistencyProof.verify(
                    vectorCommitment: round.polynomialCommitment,
                    weights: ZKSumcheckProof.roundWeights(w0: w0, w1: w1, rho: rho, degree: shape.degree),
                    valueCommitment: .combination([(w0, current), (w1, round.nextClaimCommitment)]), transcript: &t,
                    batch: &b)
                current = round.nextClaimCommitment
            }
            guard current == Self.key.commitScalar(finalValue, blinder: finalBlinder) else {
                throw ProofError.verificationFailed(protocol: "test", check: "final link")
            }
        }
    }

    /// Whether the final value is the true f(ρ).
    func finalIsTrue(_ instance: ZKSumcheckTests.Instance) -> Bool {
        (try? instance.value(atPoint: point)) == finalValue
    }
}
