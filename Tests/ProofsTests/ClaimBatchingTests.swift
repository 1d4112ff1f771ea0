import Algebra
import FeedProofTestSupport
import Testing
import Transcript

@testable import Proofs

/// Batching several committed claims on one Hyrax-committed vector into one opening (DESIGN.md A.3).
@Suite("Claim batching")
struct ClaimBatchingTests {
    let key = SumcheckTesting.key

    typealias ProverClaim = (point: [Scalar], value: Scalar, blinder: Blinder, commitment: RistrettoPoint)
    typealias PublicClaim = (point: [Scalar], commitment: RistrettoPoint)

    /// V of 2^v entries below 2^16 committed in rows of 2^c.
    static func witness(variables v: Int, columns c: Int, seed: UInt64) throws -> HyraxWitness {
        var random = SeededGenerator(seed: seed)
        let shape = try HyraxCommitment.Shape(variableCount: v, columnVariableCount: c)
        let rng = ProofTestContext.rng(for: SumcheckTesting.transcript(), seed: UInt8(truncatingIfNeeded: seed))
        return try HyraxCommitment.commit(
            SumcheckTesting.small(1 << v, bound: 65_535, &random), shape: shape, key: SumcheckTesting.key, rng: rng
        ).witness
    }

    /// A claim at `prefix` (Boolean block bits) followed by random coordinates, true unless `lie`.
    static func claim(
        on witness: HyraxWitness, prefix: [Scalar] = [], lie: Bool = false, _ random: inout SeededGenerator
    ) throws -> ProverClaim {
        let point = prefix + SumcheckTesting.scalars(witness.shape.variableCount - prefix.count, &random)
        let value = try witness.evaluate(at: point) + (lie ? .one : .zero)
        let rng = ProofTestContext.rng(
            for: SumcheckTesting.transcript(), seed: UInt8(truncatingIfNeeded: random.next()))
        let blinder = Blinder.random(using: rng)
        return (point, value, blinder, SumcheckTesting.key.commitScalar(value, blinder: blinder))
    }

    static func claims(on witness: HyraxWitness, count: Int, seed: UInt64) throws -> [ProverClaim] {
        var random = SeededGenerator(seed: seed)
        return try (0..<count).map { _ in try claim(on: witness, &random) }
    }

    static func prove(_ witness: HyraxWitness, _ claims: [ProverClaim], seed: UInt8? = 2) throws
        -> ClaimBatching.ProverOutput
    {
        var t = SumcheckTesting.transcript()
        return try ClaimBatching.prove(
            witness: witness, claims: claims, key: SumcheckTesting.key, transcript: &t,
            rng: ProofTestContext.rng(for: t, seed: seed))
    }

    /// The batching and the opening it calls for, as the ranking proof runs them.
    static func proveWithOpening(_ witness: HyraxWitness, _ claims: [ProverClaim], seed: UInt8? = 2) throws
        -> (output: ClaimBatching.ProverOutput, opening: HyraxOpening)
    {
        var t = SumcheckTesting.transcript()
        let rng = ProofTestContext.rng(for: t, seed: seed)
        let output = try ClaimBatching.prove(
            witness: witness, claims: claims, key: SumcheckTesting.key, transcript: &t, rng: rng)
        let opening = try HyraxOpening.prove(
            witness: witness, rowWeights: .explicit(output.rowWeights),
            columnWeights: .equality(point: output.columnPoint), value: output.value.value,
            valueBlinder: output.value.blinder, valueCommitment: output.value.commitment, key: SumcheckTesting.key,
            transcript: &t, rng: rng)
        return (output, opening)
    }

    /// Verifies the batching alone (`opening` nil) or with its opening; `expected` also compares the outputs.
    static func verify(
        _ bytes: [UInt8], opening: HyraxOpening? = nil, claims: [PublicClaim], commitment: HyraxCommitment,
        shape: HyraxCommitment.Shape? = nil, expecting expected: ClaimBatching.ProverOutput? = nil
    ) -> Bool {
        let shape = shape ?? commitment.shape
        return SumcheckTesting.accepts { t, b in
            let out = try ClaimBatching.Proof(decoding: bytes, shape: shape.columnVariableCount).verify(
                claims: claims, shape: shape, key: SumcheckTesting.key, transcript: &t, batch: &b)
            if let expected {
                guard out.rowWeights == expected.rowWeights, out.columnPoint == expected.columnPoint,
                    out.valueCommitment == expected.value.commitment
                else { throw ProofError.verificationFailed(protocol: "test", check: "outputs differ") }
            }
            if let opening {
                try opening.verify(
                    commitment: commitment, rowWeights: .explicit(out.rowWeights),
                    columnWeights: .equality(point: out.columnPoint), valueCommitment: out.valueCommitment,
                    transcript: &t, batch: &b)
            }
        }
    }

    static func publicClaims(_ claims: [ProverClaim]) -> [PublicClaim] {
        claims.map { ($0.point, $0.commitment) }
    }

    // MARK: Completeness

    /// Layouts from one row to one column, one to five claims: the proof verifies with the prover's outputs, C_F
    /// opens to Σ_i w_i·⟨eq(ρ, ·), row_i⟩, and the opening with those weights verifies.
    @Test(arguments: [(0, 0), (1, 1), (3, 0), (3, 3), (6, 2), (6, 4), (8, 5)], [1, 2, 5])
    func completeness(layout: (variables: Int, columns: Int), claimCount: Int) throws {
        let witness = try Self.witness(
            variables: layout.variables, columns: layout.columns, seed: UInt64(layout.variables * 10 + claimCount))
        let claims = try Self.claims(on: witness, count: claimCount, seed: UInt64(layout.variables + claimCount))
        let (output, opening) = try Self.proveWithOpening(witness, claims)
        let bytes = output.proof.encoded
        #expect(
            bytes.count == ZKSumcheckProof.encodedByteCount(shape: .init(variableCount: layout.columns, degree: 2)))
        #expect(
            Self.verify(
                bytes, opening: opening, claims: Self.publicClaims(claims), commitment: witness.commitment,
                expecting: output))
        let value = try witness.evaluate(
            rowWeights: .explicit(output.rowWeights), columnWeights: .equality(point: output.columnPoint))
        #expect(output.value.value == value)
        #expect(key.commitScalar(output.value.value, blinder: output.value.blinder) == output.value.commitment)
    }

    /// Claims on blocks (Boolean leading coordinates) shorter than a row, of one row and of several rows, next to a
    /// claim on all of V: the batching verifies with its opening, and a block claim's row weights stay in its rows.
    @Test func blockClaims() throws {
        let witness = try Self.witness(variables: 8, columns: 4, seed: 70)
        var random = SeededGenerator(seed: 71)
        let blocks: [[Scalar]] = [[.one, .zero, .one, .one, .zero, .one], [.zero, .one, .one, .zero], [.one, .one]]
        let claims = try blocks.map { try Self.claim(on: witness, prefix: $0, &random) }
            + [try Self.claim(on: witness, &random)]
        let (output, opening) = try Self.proveWithOpening(witness, claims)
        #expect(
            Self.verify(
                output.proof.encoded, opening: opening, claims: Self.publicClaims(claims),
                commitment: witness.commitment, expecting: output))
        // Alone, the claim on rows 0b0110 has weight on that row only; the one on rows 0b11xx on those four.
        let single = try Self.prove(witness, [claims[1]])
        #expect(single.rowWeights.indices.filter { !single.rowWeights[$0].isZero } == [6])
        let quarter = try Self.prove(witness, [claims[2]])
        #expect(quarter.rowWeights.indices.filter { !quarter.rowWeights[$0].isZero } == [12, 13, 14, 15])
    }

    @Test func completenessAt4096() throws {
        let witness = try Self.witness(variables: 12, columns: 7, seed: 4096)
        let claims = try Self.claims(on: witness, count: 3, seed: 12)
        let (output, opening) = try Self.proveWithOpening(witness, claims)
        #expect(
            Self.verify(
                output.proof.encoded, opening: opening, claims: Self.publicClaims(claims),
                commitment: witness.commitment,
                expecting: output))
    }

    // MARK: Soundness

    /// Every proof element, each claim's commitment, each coordinate of each point, the claim order and count,
    /// and the layout are bound.
    @Test func everyMessageIsBound() throws {
        let witness = try Self.witness(variables: 4, columns: 2, seed: 50)
        let claims = try Self.claims(on: witness, count: 3, seed: 51)
        let (output, opening) = try Self.proveWithOpening(witness, claims)
        let bytes = output.proof.encoded
        let statement = Self.publicClaims(claims)
        let commitment = witness.commitment
        #expect(Self.verify(bytes, opening: opening, claims: statement, commitment: commitment))
        for (element, altered) in ProofTampering.variants(of: bytes) {
            #expect(
                !Self.verify(altered, opening: opening, claims: statement, commitment: commitment),
                "altered element \(element) accepted")
        }
        for i in statement.indices {
            var changed = statement
            changed[i].commitment = changed[i].commitment + key.scalarBase
            #expect(!Self.verify(bytes, opening: opening, claims: changed, commitment: commitment), "claim \(i)")
            for j in statement[i].point.indices {
                var moved = statement
                moved[i].point[j] += .one
                #expect(
                    !Self.verify(bytes, opening: opening, claims: moved, commitment: commitment),
                    "claim \(i), coordinate \(j)")
            }
        }
        #expect(!Self.verify(bytes, opening: opening, claims: Array(statement.reversed()), commitment: commitment))
        #expect(!Self.verify(bytes, opening: opening, claims: Array(statement.dropLast()), commitment: commitment))
        #expect(!Self.verify(bytes, opening: opening, claims: [], commitment: commitment))
        // The same V read as rows of 2^1 or 2^3: the sumcheck has the wrong length or the transcript differs.
        for c in [1, 3] {
            let other = try HyraxCommitment.Shape(variableCount: 4, columnVariableCount: c)
            #expect(!Self.verify(bytes, claims: statement, commitment: commitment, shape: other), "c = \(c)")
        }
    }

    /// The prover names a false claim whether it covers a block or all of V, and refuses an unopened commitment,
    /// no claims and a point of the wrong length.
    @Test func proverRefusesFalseClaims() throws {
        let witness = try Self.witness(variables: 4, columns: 2, seed: 57)
        var random = SeededGenerator(seed: 58)
        let honest = [
            try Self.claim(on: witness, prefix: [.zero], &random),
            try Self.claim(on: witness, prefix: [.one, .zero], &random),
        ]
        for prefix: [Scalar] in [[.one, .one], [.one, .one, .zero], []] {
            let claims = honest + [try Self.claim(on: witness, prefix: prefix, lie: true, &random)]
            #expect(throws: ProofError.invalidWitness("claim batching: claim 2 is not V~(z_2)")) {
                _ = try Self.prove(witness, claims)
            }
        }
        var unopened = try Self.claims(on: witness, count: 2, seed: 54)
        unopened[0].commitment = unopened[0].commitment + key.blindingBase
        #expect(throws: ProofError.self) { _ = try Self.prove(witness, unopened) }
        #expect(throws: ProofError.self) { _ = try Self.prove(witness, []) }
        let short = try Self.claims(on: try Self.witness(variables: 3, columns: 1, seed: 1), count: 1, seed: 2)
        #expect(throws: ProofError.self) { _ = try Self.prove(witness, short) }
    }

    /// A proof for the true claims does not verify against a commitment to a false value, and a cheater who runs
    /// the batching honestly cannot open at row weights of its own choosing (a single claim's eq weights): the
    /// verifier's opening uses the batching's weights.
    @Test func cheatsAreRejected() throws {
        let witness = try Self.witness(variables: 5, columns: 3, seed: 52)
        var claims = try Self.claims(on: witness, count: 3, seed: 53)
        let (output, opening) = try Self.proveWithOpening(witness, claims)
        let rng = ProofTestContext.rng(for: SumcheckTesting.transcript(), seed: 9)
        let lieBlinder = Blinder.random(using: rng)
        let lie = claims[1].value + .one
        let honestStatement = Self.publicClaims(claims)
        claims[1] = (claims[1].point, lie, lieBlinder, key.commitScalar(lie, blinder: lieBlinder))
        #expect(
            !Self.verify(
                output.proof.encoded, opening: opening, claims: Self.publicClaims(claims),
                commitment: witness.commitment))

        // Honest batching, then an opening of the first claim's point against C_F.
        var t = SumcheckTesting.transcript()
        let proverRNG = ProofTestContext.rng(for: t, seed: 2)
        let honest = try ClaimBatching.prove(
            witness: witness, claims: try Self.claims(on: witness, count: 3, seed: 53), key: key, transcript: &t,
            rng: proverRNG)
        let first = honestStatement[0].point
        let rowWeights = EqualityPolynomial.table(at: Array(first[0..<2]))
        let value = try witness.evaluate(
            rowWeights: .explicit(rowWeights), columnWeights: .equality(point: honest.columnPoint))
        // The opening must be for C_F's value to verify; with another value the cheater cannot form one, so it
        // opens Com(value) under C_F's blinder, which differs from C_F.
        let forged = try HyraxOpening.prove(
            witness: witness, rowWeights: .explicit(rowWeights), columnWeights: .equality(point: honest.columnPoint),
            value: value, valueBlinder: honest.value.blinder,
            valueCommitment: key.commitScalar(value, blinder: honest.value.blinder), key: key, transcript: &t,
            rng: proverRNG)
        #expect(
            !Self.verify(
                honest.proof.encoded, opening: forged, claims: honestStatement, commitment: witness.commitment))
    }

    /// Zero-knowledge hygiene: two proofs of one statement share no element.
    @Test func freshRandomnessPerProof() throws {
        let witness = try Self.witness(variables: 6, columns: 3, seed: 57)
        let claims = try Self.claims(on: witness, count: 2, seed: 58)
        let first = try Self.prove(witness, claims, seed: nil)
        let second = try Self.prove(witness, claims, seed: nil)
        #expect(SumcheckTesting.sharedElements(first.proof.encoded, second.proof.encoded) == 0)
    }

    @Test func decodingIsStrict() throws {
        let witness = try Self.witness(variables: 5, columns: 3, seed: 59)
        let bytes = try Self.prove(witness, Self.claims(on: witness, count: 2, seed: 60)).proof.encoded
        #expect(
            SumcheckTesting.decodingRejectsMalformed(bytes, seed: 4) { (b) throws(ProofError) in
                _ = try ClaimBatching.Proof(decoding: b, shape: 3)
            })
        for shape in [-1, 2, 4, Int.max] {
            #expect(throws: ProofError.self) { _ = try ClaimBatching.Proof(decoding: bytes, shape: shape) }
        }
    }
}
