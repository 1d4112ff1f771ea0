import Algebra
import FeedProofTestSupport
import Testing
import Transcript

@testable import Proofs

/// Batching several committed claims on one vector into one point (DESIGN.md A.3).
@Suite("Claim batching")
struct ClaimBatchingTests {
    let key = SumcheckTesting.key

    typealias ProverClaim = (point: [Scalar], value: Scalar, blinder: Blinder, commitment: RistrettoPoint)

    static func claims(on vector: SumcheckProver.Table, count: Int, seed: UInt64) -> [ProverClaim] {
        var random = SeededGenerator(seed: seed)
        let v = vector.count.trailingZeroBitCount
        let rng = ProofTestContext.rng(for: SumcheckTesting.transcript(), seed: UInt8(truncatingIfNeeded: seed))
        return (0..<count).map { _ in
            let point = SumcheckTesting.scalars(v, &random)
            let value = (try? SumcheckTesting.evaluate(vector, at: point)) ?? .zero
            let blinder = Blinder.random(using: rng)
            return (point, value, blinder, SumcheckTesting.key.commitScalar(value, blinder: blinder))
        }
    }

    static func vector(variables v: Int, seed: UInt64, small: Bool) -> SumcheckProver.Table {
        var random = SeededGenerator(seed: seed)
        return small
            ? .small(SumcheckTesting.small(1 << v, bound: 65_535, &random))
            : .scalars(SumcheckTesting.scalars(1 << v, &random))
    }

    static func prove(_ vector: SumcheckProver.Table, _ claims: [ProverClaim], seed: UInt8? = 2) throws
        -> ClaimBatching.ProverOutput
    {
        var t = SumcheckTesting.transcript()
        return try ClaimBatching.prove(
            vector: vector, claims: claims, key: SumcheckTesting.key, transcript: &t,
            rng: ProofTestContext.rng(for: t, seed: seed))
    }

    static func verify(
        _ bytes: [UInt8], claims: [(point: [Scalar], commitment: RistrettoPoint)], variables: Int,
        expecting expected: ClaimBatching.ProverOutput? = nil
    ) -> Bool {
        SumcheckTesting.accepts { t, b in
            let out = try ClaimBatching.Proof(decoding: bytes, shape: variables).verify(
                claims: claims, variableCount: variables, key: SumcheckTesting.key, transcript: &t, batch: &b)
            if let expected {
                guard out.point == expected.point, out.valueCommitment == expected.value.commitment else {
                    throw ProofError.verificationFailed(protocol: "test", check: "outputs differ")
                }
            }
        }
    }

    static func publicClaims(_ claims: [ProverClaim]) -> [(point: [Scalar], commitment: RistrettoPoint)] {
        claims.map { ($0.point, $0.commitment) }
    }

    // MARK: Completeness

    /// v = 0…8 (and 12 once), one to five claims, small and scalar vectors: the proof verifies and C_V opens to
    /// V~(r).
    @Test(arguments: [0, 1, 3, 6, 8], [1, 2, 5])
    func completeness(variables: Int, claimCount: Int) throws {
        for small in [true, false] {
            let vector = Self.vector(variables: variables, seed: UInt64(variables * 10 + claimCount), small: small)
            let claims = Self.claims(on: vector, count: claimCount, seed: UInt64(variables + claimCount))
            let output = try Self.prove(vector, claims)
            let bytes = output.proof.encoded
            #expect(
                bytes.count
                    == ZKSumcheckProof.encodedByteCount(shape: .init(variableCount: variables, degree: 2)) + 3 * 32)
            #expect(Self.verify(bytes, claims: Self.publicClaims(claims), variables: variables, expecting: output))
            #expect(try output.value.value == SumcheckTesting.evaluate(vector, at: output.point))
            #expect(key.commitScalar(output.value.value, blinder: output.value.blinder) == output.value.commitment)
        }
    }

    @Test func completenessAt4096() throws {
        let vector = Self.vector(variables: 12, seed: 4096, small: true)
        let claims = Self.claims(on: vector, count: 3, seed: 12)
        let output = try Self.prove(vector, claims)
        #expect(Self.verify(output.proof.encoded, claims: Self.publicClaims(claims), variables: 12, expecting: output))
    }

    // MARK: Soundness

    /// Every proof element, each claim's commitment, each coordinate of each point, the claim order and count,
    /// and v are bound.
    @Test func everyMessageIsBound() throws {
        let vector = Self.vector(variables: 2, seed: 50, small: true)
        let claims = Self.claims(on: vector, count: 3, seed: 51)
        let bytes = try Self.prove(vector, claims).proof.encoded
        let statement = Self.publicClaims(claims)
        #expect(Self.verify(bytes, claims: statement, variables: 2))
        for (element, altered) in ProofTampering.variants(of: bytes) {
            #expect(!Self.verify(altered, claims: statement, variables: 2), "altered element \(element) accepted")
        }
        for i in statement.indices {
            var changed = statement
            changed[i].commitment = changed[i].commitment + key.scalarBase
            #expect(!Self.verify(bytes, claims: changed, variables: 2), "claim \(i)'s commitment")
            for j in statement[i].point.indices {
                var moved = statement
                moved[i].point[j] += .one
                #expect(!Self.verify(bytes, claims: moved, variables: 2), "claim \(i), coordinate \(j)")
            }
        }
        #expect(!Self.verify(bytes, claims: Array(statement.reversed()), variables: 2))
        #expect(!Self.verify(bytes, claims: Array(statement.dropLast()), variables: 2))
        #expect(!Self.verify(bytes, claims: [], variables: 2))
        #expect(!Self.verify(bytes, claims: statement, variables: 1))
    }

    /// The prover's witness check both ways: claims on blocks that together cover at most V are checked one by one,
    /// claims that cover more in one pass over V (then one by one to name the false claim). Each names the claim.
    @Test func witnessCheckNamesTheFalseClaimEitherWay() throws {
        let vector = Self.vector(variables: 4, seed: 57, small: true)
        var random = SeededGenerator(seed: 58)
        let rng = ProofTestContext.rng(for: SumcheckTesting.transcript(), seed: 11)
        func claim(_ prefix: [Scalar], lie: Bool = false) throws -> ProverClaim {
            let point = prefix + SumcheckTesting.scalars(4 - prefix.count, &random)
            let value = try SumcheckTesting.evaluate(vector, at: point) + (lie ? .one : .zero)
            let blinder = Blinder.random(using: rng)
            return (point, value, blinder, key.commitScalar(value, blinder: blinder))
        }
        // Blocks of 8 + 4 + 4 entries (one pass each), then a claim on all of V besides (one pass for all).
        let blocks = [try claim([.zero]), try claim([.one, .zero]), try claim([.one, .one], lie: true)]
        let everything = try claim([])
        for claims in [blocks, [everything] + blocks] {
            let index = claims.count - 1
            #expect(throws: ProofError.invalidWitness("claim batching: claim \(index) is not V~(z_\(index))")) {
                _ = try Self.prove(vector, claims)
            }
            var honest = claims
            honest[index] = try claim(Array(claims[index].point.prefix(2)))
            _ = try Self.prove(vector, honest)
        }
    }

    /// A false claim is refused by the prover; a proof for the true claims does not verify against a
    /// commitment to a false value (the hand-crafted cheat: swap in C_{y+1} after proving).
    @Test func wrongClaimIsRefused() throws {
        let vector = Self.vector(variables: 3, seed: 52, small: true)
        var claims = Self.claims(on: vector, count: 3, seed: 53)
        let output = try Self.prove(vector, claims)
        let rng = ProofTestContext.rng(for: SumcheckTesting.transcript(), seed: 9)
        let lieBlinder = Blinder.random(using: rng)
        let lie = claims[1].value + .one
        claims[1] = (claims[1].point, lie, lieBlinder, key.commitScalar(lie, blinder: lieBlinder))
        #expect(throws: ProofError.invalidWitness("claim batching: claim 1 is not V~(z_1)")) {
            _ = try Self.prove(vector, claims)
        }
        #expect(!Self.verify(output.proof.encoded, claims: Self.publicClaims(claims), variables: 3))
        // A commitment that does not open to the stated value, and malformed shapes.
        var unopened = Self.claims(on: vector, count: 2, seed: 54)
        unopened[0].commitment = unopened[0].commitment + key.blindingBase
        #expect(throws: ProofError.self) { _ = try Self.prove(vector, unopened) }
        #expect(throws: ProofError.self) { _ = try Self.prove(vector, []) }
        #expect(throws: ProofError.self) { _ = try Self.prove(.small([1, 2, 3]), []) }
        let short = [
            (
                point: [Scalar.one], value: Scalar.one, blinder: lieBlinder,
                commitment: key.commitScalar(.one, blinder: lieBlinder)
            )
        ]
        #expect(throws: ProofError.self) { _ = try Self.prove(vector, short) }
    }

    /// A hand-crafted cheat with internals: the batched sumcheck is run honestly on V, but the final step
    /// claims V~(r) + 1 with an equality proof forced for the shifted commitment. Rejected.
    @Test func handCraftedFinalStepIsRejected() throws {
        let vector = Self.vector(variables: 3, seed: 55, small: true)
        let claims = Self.claims(on: vector, count: 2, seed: 56)
        let honest = try Self.prove(vector, claims)
        var t = SumcheckTesting.transcript()
        let rng = ProofTestContext.rng(for: t, seed: 2)
        // Replay the statement and sumcheck exactly (same seed → same sumcheck), then lie in C_V.
        t.appendMessage(label: "dom-sep", message: Array("claim-batching".utf8))
        t.appendUInt64(label: "m", value: 2)
        t.appendUInt64(label: "v", value: 3)
        for claim in claims {
            for z in claim.point { t.appendScalar(label: "z", z) }
            t.appendPoint(label: "Cy", claim.commitment)
        }
        let gamma = t.challengeScalar(label: "gamma")
        let powers = [Scalar.one, gamma]
        var weights = [Scalar](repeating: .zero, count: 8)
        for (i, claim) in claims.enumerated() {
            let eq = EqualityPolynomial.table(at: claim.point)
            for x in 0..<8 { weights[x] += powers[i] * eq[x] }
        }
        var engine = try SumcheckProver(tables: [vector, .scalars(weights)], terms: [.init(factors: [0, 1])])
        let value = claims[0].value + gamma * claims[1].value
        let blinder = Blinder(derived: claims[0].blinder.value + gamma * claims[1].blinder.value)
        let reduced = try ZKSumcheckProof.prove(
            claim: (value, blinder, key.commitScalar(value, blinder: blinder)), polynomial: &engine, key: key,
            transcript: &t, rng: rng, absorbingClaim: false)
        #expect(reduced.proof == honest.proof.sumcheck)  // the replay is faithful
        let values = engine.tableValues
        let lieBlinder = Blinder.random(using: rng)
        let lie = key.commitScalar(values[0] + .one, blinder: lieBlinder)
        t.appendPoint(label: "CV", lie)
        // The equality proof a cheater can make: for C_final − E(r)·C_lie it does not know a pure-H opening, so it
        // uses the blinder difference as if the values matched.
        let scaledBlinder = Blinder(derived: values[1] * lieBlinder.value)
        let equality = ZeroOpeningProof.prove(
            blinder: Blinder(derived: reduced.finalBlinder.value - scaledBlinder.value),
            commitment: reduced.finalCommitment - values[1] * lie, key: key, transcript: &t, rng: rng,
            absorbingCommitment: false)
        let forged = ClaimBatching.Proof(sumcheck: reduced.proof, valueCommitment: lie, equalityProof: equality)
        #expect(!Self.verify(forged.encoded, claims: Self.publicClaims(claims), variables: 3))
    }

    /// Zero-knowledge hygiene: two proofs of one statement share no element.
    @Test func freshRandomnessPerProof() throws {
        let vector = Self.vector(variables: 4, seed: 57, small: true)
        let claims = Self.claims(on: vector, count: 2, seed: 58)
        let first = try Self.prove(vector, claims, seed: nil)
        let second = try Self.prove(vector, claims, seed: nil)
        #expect(SumcheckTesting.sharedElements(first.proof.encoded, second.proof.encoded) == 0)
    }

    @Test func decodingIsStrict() throws {
        let vector = Self.vector(variables: 3, seed: 59, small: false)
        let bytes = try Self.prove(vector, Self.claims(on: vector, count: 2, seed: 60)).proof.encoded
        #expect(
            SumcheckTesting.decodingRejectsMalformed(bytes, seed: 4) { (b) throws(ProofError) in
                _ = try ClaimBatching.Proof(decoding: b, shape: 3)
            })
        for shape in [-1, 2, 4, Int.max] {
            #expect(throws: ProofError.self) { _ = try ClaimBatching.Proof(decoding: bytes, shape: shape) }
        }
    }
}
