import Algebra
import FeedProofTestSupport
import Testing
import Transcript

@testable import Proofs

/// The zero-check Σ_x eq(τ, x)·a(x)·b(x) = 0 (degree-3 committed sumcheck).
@Suite("Zero-check")
struct ZeroCheckTests {
    let key = SumcheckTesting.key

    /// Tables with a·b = 0 everywhere: at each index one of them (or both) is zero, like A·B of a ReLU.
    static func tables(variables v: Int, seed: UInt64, small: Bool) -> (SumcheckProver.Table, SumcheckProver.Table) {
        var random = SeededGenerator(seed: seed)
        var a: [Int64] = []
        var b: [Int64] = []
        for _ in 0..<(1 << v) {
            let x = random.int64(in: 1...32_767)
            switch random.next() % 3 {
            case 0:
                a.append(x)
                b.append(0)
            case 1:
                a.append(0)
                b.append(-x)
            default:
                a.append(0)
                b.append(0)
            }
        }
        if small { return (.small(a), .small(b)) }
        return (.scalars(SumcheckProver.Table.small(a).scalarValues), .small(b))
    }

    static func prove(_ a: SumcheckProver.Table, _ b: SumcheckProver.Table, seed: UInt8? = 4) throws
        -> ZeroCheck.ProverOutput
    {
        var t = SumcheckTesting.transcript()
        return try ZeroCheck.prove(
            left: a, right: b, key: SumcheckTesting.key, transcript: &t, rng: ProofTestContext.rng(for: t, seed: seed))
    }

    static func verify(_ bytes: [UInt8], variables: Int, expecting expected: ZeroCheck.ProverOutput? = nil) -> Bool {
        SumcheckTesting.accepts { t, b in
            let out = try ZeroCheck.Proof(decoding: bytes, shape: variables).verify(
                variableCount: variables, key: SumcheckTesting.key, transcript: &t, batch: &b)
            if let expected {
                guard out.point == expected.point, out.equalityPoint == expected.equalityPoint,
                    out.leftCommitment == expected.left.commitment, out.rightCommitment == expected.right.commitment
                else { throw ProofError.verificationFailed(protocol: "test", check: "outputs differ") }
            }
        }
    }

    // MARK: Completeness

    /// v = 0…8 (and 12 once), small and scalar tables: the proof verifies, both sides agree, and C_a, C_b open
    /// to a(ρ), b(ρ). For v = 0 the sumcheck has no rounds and the product proof checks a·b = 0 directly.
    @Test(arguments: [0, 1, 2, 3, 5, 8, 12], [true, false])
    func completeness(variables: Int, small: Bool) throws {
        if variables == 12 && !small { return }
        let (a, b) = Self.tables(variables: variables, seed: UInt64(variables) + (small ? 0 : 50), small: small)
        let output = try Self.prove(a, b)
        let bytes = output.proof.encoded
        #expect(
            bytes.count
                == 32 * (3 + 2 + 8) + ZKSumcheckProof.encodedByteCount(shape: .init(variableCount: variables, degree: 3)))
        #expect(Self.verify(bytes, variables: variables, expecting: output))
        #expect(output.point.count == variables && output.equalityPoint.count == variables)
        #expect(try output.left.value == SumcheckTesting.evaluate(a, at: output.point))
        #expect(try output.right.value == SumcheckTesting.evaluate(b, at: output.point))
        #expect(key.commitScalar(output.left.value, blinder: output.left.blinder) == output.left.commitment)
        #expect(key.commitScalar(output.right.value, blinder: output.right.blinder) == output.right.commitment)
    }

    // MARK: Soundness

    /// Every element of the proof (C_0, the zero-opening proof, each sumcheck message, C_a, C_b, each
    /// product-proof element) is bound; so are v and the statement.
    @Test func everyMessageIsBound() throws {
        let (a, b) = Self.tables(variables: 2, seed: 3, small: true)
        let output = try Self.prove(a, b)
        let bytes = output.proof.encoded
        #expect(Self.verify(bytes, variables: 2))
        for (element, altered) in ProofTampering.variants(of: bytes) {
            #expect(!Self.verify(altered, variables: 2), "altered element \(element) accepted")
        }
        #expect(!Self.verify(bytes, variables: 1))
        #expect(
            !SumcheckTesting.accepts { t, batch in
                _ = try output.proof.verify(variableCount: 3, key: key, transcript: &t, batch: &batch)
            })
        #expect(
            !SumcheckTesting.accepts { t, batch in
                t.appendMessage(label: "other-commitments", message: [2])
                _ = try output.proof.verify(variableCount: 2, key: key, transcript: &t, batch: &batch)
            })
    }

    /// A non-zero product is refused, wherever it is; unequal or non-power-of-two lengths are shape errors.
    @Test func wrongWitnessIsRefused() throws {
        for v in [0, 1, 4] {
            let (a, b) = Self.tables(variables: v, seed: 9, small: true)
            guard case .small(var left) = a, case .small(var right) = b else { return }
            let index = (1 << v) - 1
            left[index] = 3
            right[index] = -2
            #expect(throws: ProofError.invalidWitness("zero-check: a(x)·b(x) ≠ 0 at index \(index)")) {
                _ = try Self.prove(.small(left), .small(right))
            }
            #expect(throws: ProofError.invalidWitness("zero-check: a(x)·b(x) ≠ 0 at index \(index)")) {
                _ = try Self.prove(.scalars(SumcheckProver.Table.small(left).scalarValues), .small(right))
            }
        }
        #expect(throws: ProofError.self) { _ = try Self.prove(.small([0, 0]), .small([0, 0, 0, 0])) }
        #expect(throws: ProofError.self) { _ = try Self.prove(.small([0, 0, 0]), .small([0, 0, 0])) }
    }

    /// Hand-crafted cheats on a non-zero product, forced past the prover's checks with internals.
    @Test func handCraftedCheatsAreRejected() throws {
        let v = 3
        let (a, b) = Self.tables(variables: v, seed: 13, small: true)
        guard case .small(var left) = a, case .small(var right) = b else { return }
        left[5] = 7
        right[5] = 11  // a·b ≠ 0 at one index
        var t = SumcheckTesting.transcript()
        let rng = ProofTestContext.rng(for: t, seed: 6)
        // Replay the protocol by hand: τ, then a claim that honestly commits to the true (non-zero) sum.
        t.appendMessage(label: "dom-sep", message: Array("zero-check".utf8))
        t.appendUInt64(label: "v", value: UInt64(v))
        let tau = (0..<v).map { _ in t.challengeScalar(label: "tau") }
        var engine = try SumcheckProver(
            tables: [.small(left), .small(right)], terms: [.init(factors: [0, 1])], equalityPoint: tau)
        let eq = EqualityPolynomial.table(at: tau)
        var trueSum = Scalar.zero
        for i in 0..<(1 << v) { trueSum += eq[i] * Scalar(left[i]) * Scalar(right[i]) }
        #expect(trueSum != .zero)
        let claimBlinder = Blinder.random(using: rng)
        let claim = key.commitScalar(trueSum, blinder: claimBlinder)
        t.appendPoint(label: "C0", claim)
        // A "zero-opening" proof for a commitment that does not open to 0 (prove() does not check; verify does).
        let claimProof = ZeroOpeningProof.prove(
            blinder: claimBlinder, commitment: claim, key: key, transcript: &t, rng: rng)
        let reduced = try ZKSumcheckProof.prove(
            claim: (trueSum, claimBlinder, claim), polynomial: &engine, key: key, transcript: &t, rng: rng)
        let values = engine.tableValues
        let e = engine.equalityValue
        let ca = key.commitFresh(values[0], rng: rng)
        let cb = key.commitFresh(values[1], rng: rng)
        t.appendPoint(label: "Ca", ca.commitment)
        t.appendPoint(label: "Cb", cb.commitment)
        let scaledBlinder = Blinder(derived: e * ca.blinder.value)
        let productProof = try ProductProof.prove(
            left: (e * ca.value, scaledBlinder, key.commitScalar(e * ca.value, blinder: scaledBlinder)), right: cb,
            product: (reduced.finalValue, reduced.finalBlinder, reduced.finalCommitment), key: key, transcript: &t,
            rng: rng)
        let forged = ZeroCheck.Proof(
            claimCommitment: claim, claimProof: claimProof, sumcheck: reduced.proof, leftCommitment: ca.commitment,
            rightCommitment: cb.commitment, productProof: productProof)
        // Everything but the claim's zero opening is honest: rejected, and only because of it.
        #expect(!Self.verify(forged.encoded, variables: v))
        #expect(
            !SumcheckTesting.accepts { t, batch in
                _ = try forged.verify(variableCount: v, key: key, transcript: &t, batch: &batch)
            })

        // An honest proof whose C_a is swapped for a commitment to a(ρ) + 1 (with a product proof made for the
        // swapped value) is rejected too.
        let (ha, hb) = Self.tables(variables: v, seed: 14, small: true)
        var t2 = SumcheckTesting.transcript()
        let rng2 = ProofTestContext.rng(for: t2, seed: 8)
        let swapped = try ZeroCheckTests.proveWithLeftOffset(ha, hb, offset: .one, transcript: &t2, rng: rng2)
        #expect(!Self.verify(swapped.encoded, variables: v))
    }

    /// A hand-written replay of ``ZeroCheck/prove`` that sends C_a for a(ρ) + offset (same blinder) while its
    /// product proof is made for the true a(ρ): the only consistent proof a cheater could produce here.
    static func proveWithLeftOffset(
        _ a: SumcheckProver.Table, _ b: SumcheckProver.Table, offset: Scalar, transcript t: inout MerlinTranscript,
        rng: TranscriptRNG
    ) throws -> ZeroCheck.Proof {
        let key = SumcheckTesting.key
        let v = a.count.trailingZeroBitCount
        t.appendMessage(label: "dom-sep", message: Array("zero-check".utf8))
        t.appendUInt64(label: "v", value: UInt64(v))
        let tau = (0..<v).map { _ in t.challengeScalar(label: "tau") }
        var engine = try SumcheckProver(tables: [a, b], terms: [.init(factors: [0, 1])], equalityPoint: tau)
        let claimBlinder = Blinder.random(using: rng)
        let claim = key.commitScalar(.zero, blinder: claimBlinder)
        t.appendPoint(label: "C0", claim)
        let claimProof = ZeroOpeningProof.prove(
            blinder: claimBlinder, commitment: claim, key: key, transcript: &t, rng: rng)
        let reduced = try ZKSumcheckProof.prove(
            claim: (.zero, claimBlinder, claim), polynomial: &engine, key: key, transcript: &t, rng: rng)
        let values = engine.tableValues
        let e = engine.equalityValue
        let ca = key.commitFresh(values[0], rng: rng)
        let sent = key.commitScalar(values[0] + offset, blinder: ca.blinder)
        let cb = key.commitFresh(values[1], rng: rng)
        t.appendPoint(label: "Ca", sent)
        t.appendPoint(label: "Cb", cb.commitment)
        let scaledBlinder = Blinder(derived: e * ca.blinder.value)
        let productProof = try ProductProof.prove(
            left: (e * ca.value, scaledBlinder, key.commitScalar(e * ca.value, blinder: scaledBlinder)), right: cb,
            product: (reduced.finalValue, reduced.finalBlinder, reduced.finalCommitment), key: key, transcript: &t,
            rng: rng)
        return ZeroCheck.Proof(
            claimCommitment: claim, claimProof: claimProof, sumcheck: reduced.proof, leftCommitment: sent,
            rightCommitment: cb.commitment, productProof: productProof)
    }

    /// The hand-written replay in ``proveWithLeftOffset`` is faithful: with offset 0 it verifies.
    @Test func replayIsFaithful() throws {
        let (a, b) = Self.tables(variables: 3, seed: 14, small: true)
        var t = SumcheckTesting.transcript()
        let proof = try Self.proveWithLeftOffset(
            a, b, offset: .zero, transcript: &t, rng: ProofTestContext.rng(for: t, seed: 8))
        #expect(Self.verify(proof.encoded, variables: 3))
    }

    /// Zero-knowledge hygiene: two proofs of one statement share no element.
    @Test func freshRandomnessPerProof() throws {
        let (a, b) = Self.tables(variables: 4, seed: 30, small: true)
        let first = try Self.prove(a, b, seed: nil)
        let second = try Self.prove(a, b, seed: nil)
        #expect(SumcheckTesting.sharedElements(first.proof.encoded, second.proof.encoded) == 0)
        #expect(first.equalityPoint == second.equalityPoint)  // τ depends on the transcript only
    }

    @Test func decodingIsStrict() throws {
        let (a, b) = Self.tables(variables: 3, seed: 31, small: true)
        let bytes = try Self.prove(a, b).proof.encoded
        #expect(
            SumcheckTesting.decodingRejectsMalformed(bytes, seed: 2) { (b) throws(ProofError) in
                _ = try ZeroCheck.Proof(decoding: b, shape: 3)
            })
        for shape in [-1, 2, 4, Int.max] {
            #expect(throws: ProofError.self) { _ = try ZeroCheck.Proof(decoding: bytes, shape: shape) }
        }
    }
}
