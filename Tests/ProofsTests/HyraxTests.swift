import Algebra
import FeedProofTestSupport
import Testing
import Transcript

@testable import Proofs

/// Hyrax matrix commitments and their zero-knowledge openings against committed evaluations (DESIGN.md A.2):
/// layouts (one row, one column, non-square, padded), soundness under tampering of every row, message, claim
/// and point coordinate, false claims, the U-component attack, fresh blinders and nonces, decoding.
@Suite("Hyrax commitment and opening")
struct HyraxTests {
    static let key = ProofTestContext.key  // 1,024 generators: rows up to 2^10

    static func transcript() -> MerlinTranscript {
        var t = MerlinTranscript(label: "hyrax-test")
        t.appendMessage(label: "statement", message: Array("fixed".utf8))
        return t
    }

    /// A committed vector, a random point, the committed evaluation and an opening.
    struct Opened {
        let values: [Int64]
        let commitment: HyraxCommitment
        let witness: HyraxWitness
        let point: [Scalar]
        let y: Scalar
        let ry: Blinder
        let cy: RistrettoPoint
        let opening: HyraxOpening
    }

    static func randomValues(_ count: Int, _ random: inout SeededGenerator) -> [Int64] {
        (0..<count).map { _ in Int64(Int16(truncatingIfNeeded: random.next())) }
    }

    static func open(_ values: [Int64], columnVariables c: Int, seed: UInt64) throws -> Opened {
        var random = SeededGenerator(seed: seed)
        let shape = try HyraxCommitment.Shape(entryCount: values.count, columnVariableCount: c)
        let rng = ProofTestContext.rng(for: transcript())
        let (commitment, witness) = try HyraxCommitment.commit(values, shape: shape, key: key, rng: rng)
        let point = (0..<shape.variableCount).map { _ in random.randomScalar() }
        let y = try witness.evaluate(at: point)
        let ry = Blinder.random(using: rng)
        let cy = key.commitScalar(y, blinder: ry)
        var t = transcript()
        let opening = try HyraxOpening.prove(
            witness: witness, point: point, value: y, valueBlinder: ry, valueCommitment: cy, key: key, transcript: &t,
            rng: ProofTestContext.rng(for: t))
        return Opened(
            values: values, commitment: commitment, witness: witness, point: point, y: y, ry: ry, cy: cy,
            opening: opening)
    }

    /// Decodes the commitment and the opening, verifies with a fresh transcript and batch; errors reject.
    static func accepts(
        commitment: [UInt8], opening: [UInt8], shape: HyraxCommitment.Shape, point: [Scalar], cy: RistrettoPoint
    ) -> Bool {
        var t = transcript()
        var batch = GroupEquationBatch()
        do {
            let c = try HyraxCommitment(decoding: commitment, shape: shape)
            try HyraxOpening(decoding: opening, shape: shape).verify(
                commitment: c, point: point, valueCommitment: cy, transcript: &t, batch: &batch)
            return batch.equationCount == 1 && batch.holds(with: key)
        } catch {
            return false
        }
    }

    static func accepts(
        _ o: Opened, commitment: HyraxCommitment? = nil, point: [Scalar]? = nil, cy: RistrettoPoint? = nil
    )
        -> Bool
    {
        accepts(
            commitment: (commitment ?? o.commitment).encoded, opening: o.opening.encoded, shape: o.commitment.shape,
            point: point ?? o.point, cy: cy ?? o.cy)
    }

    /// The multilinear extension of the zero-padded vector, evaluated independently of the Hyrax code.
    static func reference(_ values: [Int64], shape: HyraxCommitment.Shape, at point: [Scalar]) throws -> Scalar {
        var padded = values
        padded.append(contentsOf: repeatElement(0, count: shape.entryCount - values.count))
        return try MultilinearPolynomial(small: padded).evaluate(at: point)
    }

    // MARK: Completeness

    /// (entries, c): a single entry, one row, one column, non-square, unpadded lengths, a vector shorter than a
    /// row, an empty vector, and 2^12 entries as 64 × 64.
    @Test(arguments: [(1, 0), (16, 4), (16, 0), (32, 2), (32, 3), (13, 2), (5, 3), (100, 3), (0, 2), (4096, 6)])
    func completeness(entries: Int, columnVariables c: Int) throws {
        var random = SeededGenerator(seed: UInt64(entries * 8 + c))
        let values = Self.randomValues(entries, &random)
        let o = try Self.open(values, columnVariables: c, seed: UInt64(entries * 8 + c + 1))
        let shape = o.commitment.shape
        #expect(shape.rowLength == 1 << c)
        #expect(shape.rowCount * shape.rowLength == shape.entryCount && shape.entryCount >= entries)
        #expect(o.commitment.rows.count == shape.rowCount)
        #expect(o.y == (try Self.reference(values, shape: shape, at: o.point)))
        #expect(o.opening.encoded.count == HyraxOpening.encodedByteCount(shape: shape))
        // The inner-product proof: max(0, c − 5) rounds of L, R, then A, min(2^c, 32) responses and z_r.
        #expect(o.opening.encoded.count == 32 * (2 * max(0, c - 5) + min(1 << c, 32) + 2))
        #expect(try HyraxCommitment(decoding: o.commitment.encoded, shape: shape) == o.commitment)
        #expect(try HyraxCommitment(decoding: o.commitment.encoded, shape: shape).digest == o.commitment.digest)
        #expect(Self.accepts(o))
    }

    /// Each row is Com(row_i; ρ_i) with its own non-zero blinder, padded rows included; committing the same values
    /// twice gives unrelated rows (zero-knowledge rules 1 and 5).
    @Test func rowsHaveFreshBlinders() throws {
        let values: [Int64] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]  // 4 rows of 4: rows 2 and 3 are (partly) padding
        let shape = try HyraxCommitment.Shape(variableCount: 4, columnVariableCount: 2)
        let rng = ProofTestContext.rng(for: Self.transcript())
        let (c1, w1) = try HyraxCommitment.commit(values, shape: shape, key: Self.key, rng: rng)
        let (c2, _) = try HyraxCommitment.commit(values, shape: shape, key: Self.key, rng: rng)
        #expect(w1.rowBlinders.count == 4)
        #expect(Set(w1.rowBlinders.map(\.value)).count == 4 && !w1.rowBlinders.contains { $0.value.isZero })
        for i in 0..<4 {
            let row = Array(values[min(4 * i, values.count)..<min(4 * i + 4, values.count)])
            #expect(c1.rows[i] == (try Self.key.commit(small: row, blinder: w1.rowBlinders[i])))
            #expect(c1.rows[i] != c2.rows[i])
            #expect(c1.rows[i] != (try Self.key.commit(small: row, blinder: .zeroForTesting)))
        }
        #expect(c1.rows[3] == Self.key.commitScalar(.zero, blinder: w1.rowBlinders[3]))  // a padded row: ρ·H
        #expect(c1.digest != c2.digest)
    }

    /// The small-integer row combination (wide accumulators, parallel chunks) agrees with plain scalar arithmetic,
    /// including extreme Int64 values whose products carry through every accumulator limb.
    @Test func combinedRowMatchesScalarArithmetic() throws {
        var random = SeededGenerator(seed: 31)
        var values = Self.randomValues(40 * 4, &random)
        for i in stride(from: 0, to: values.count, by: 3) { values[i] = Int64.max }
        for i in stride(from: 1, to: values.count, by: 5) { values[i] = Int64.min }
        values[2] = -1
        values[7] = Int64(Int32.min)
        values.removeLast(3)  // a partial last row
        let shape = try HyraxCommitment.Shape(variableCount: 8, columnVariableCount: 2)  // 64 rows, 24 padded
        let (_, witness) = try HyraxCommitment.commit(
            values, shape: shape, key: Self.key, rng: ProofTestContext.rng(for: Self.transcript()))
        var weights = (0..<shape.rowCount).map { _ in random.randomScalar() }
        weights[0] = -Scalar.one  // ℓ − 1: the largest weight
        weights[5] = .zero
        let combined = witness.combinedRow(weights: weights)
        for j in 0..<shape.rowLength {
            var expected = Scalar.zero
            for i in 0..<shape.rowCount where 4 * i + j < values.count {
                expected += weights[i] * Scalar(values[4 * i + j])
            }
            #expect(combined[j] == expected, "column \(j)")
        }
        let point = (0..<8).map { _ in random.randomScalar() }
        #expect(try witness.evaluate(at: point) == Self.reference(values, shape: shape, at: point))
    }

    /// Arbitrary public row weights (an embedding-table opening, DESIGN.md A.6): sparse row weights, eq or
    /// explicit column weights; rows of weight zero are skipped by prover and verifier.
    @Test func arbitraryRowWeights() throws {
        var random = SeededGenerator(seed: 41)
        let values = Self.randomValues(16 * 8, &random)
        let shape = try HyraxCommitment.Shape(variableCount: 7, columnVariableCount: 3)  // 16 rows of 8
        let rng = ProofTestContext.rng(for: Self.transcript())
        let (commitment, witness) = try HyraxCommitment.commit(values, shape: shape, key: Self.key, rng: rng)
        var rowWeights = [Scalar](repeating: .zero, count: 16)
        rowWeights[1] = random.randomScalar()
        rowWeights[5] = random.randomScalar()
        rowWeights[15] = .one
        let columnPoint = (0..<3).map { _ in random.randomScalar() }
        let explicitColumns = (0..<8).map { _ in random.randomScalar() }
        for columns in [InnerProductProof.Weights.equality(point: columnPoint), .explicit(explicitColumns)] {
            let a = columns.entries()
            var expected = Scalar.zero
            for i in 0..<16 { for j in 0..<8 { expected += rowWeights[i] * a[j] * Scalar(values[8 * i + j]) } }
            let y = try witness.evaluate(rowWeights: .explicit(rowWeights), columnWeights: columns)
            #expect(y == expected)
            let ry = Blinder.random(using: rng)
            let cy = Self.key.commitScalar(y, blinder: ry)
            var t = Self.transcript()
            let opening = try HyraxOpening.prove(
                witness: witness, rowWeights: .explicit(rowWeights), columnWeights: columns, value: y, valueBlinder: ry,
                valueCommitment: cy, key: Self.key, transcript: &t, rng: ProofTestContext.rng(for: t))
            func verify(_ rows: [Scalar], _ cy: RistrettoPoint, _ c: HyraxCommitment = commitment) -> Bool {
                var t = Self.transcript()
                var batch = GroupEquationBatch()
                do {
                    try opening.verify(
                        commitment: c, rowWeights: .explicit(rows), columnWeights: columns, valueCommitment: cy,
                        transcript: &t, batch: &batch)
                    return batch.holds(with: Self.key)
                } catch {
                    return false
                }
            }
            #expect(verify(rowWeights, cy))
            #expect(!verify(rowWeights, cy + Self.key.scalarBase))
            var otherWeights = rowWeights
            otherWeights[2] = .one  // a zero weight made non-zero
            #expect(!verify(otherWeights, cy))
            // Altering a row of weight zero changes the digest, so the opening no longer verifies either.
            var rows = commitment.rows
            rows[0] = rows[0] + .generator
            #expect(!verify(rowWeights, cy, try HyraxCommitment(shape: shape, rows: rows)))
        }
        // Wrong weight counts are shape errors, never traps.
        #expect(throws: ProofError.self) {
            _ = try witness.evaluate(rowWeights: .explicit([.one]), columnWeights: .explicit([]))
        }
    }

    // MARK: Soundness

    /// Every opening element, every row commitment, C_y and every point coordinate altered: rejected.
    @Test(arguments: [(32, 2), (16, 0), (16, 4)])
    func everyMessageAndStatementTampered(entries: Int, columnVariables c: Int) throws {
        var random = SeededGenerator(seed: UInt64(900 + entries + c))
        let o = try Self.open(Self.randomValues(entries, &random), columnVariables: c, seed: UInt64(901 + c))
        let shape = o.commitment.shape
        #expect(Self.accepts(o))
        for (element, altered) in ProofTampering.variants(of: o.opening.encoded) {
            #expect(
                !Self.accepts(
                    commitment: o.commitment.encoded, opening: altered, shape: shape, point: o.point, cy: o.cy),
                "altered opening element \(element) accepted")
        }
        for (row, altered) in ProofTampering.variants(of: o.commitment.encoded) {
            #expect(
                !Self.accepts(
                    commitment: altered, opening: o.opening.encoded, shape: shape, point: o.point, cy: o.cy),
                "altered row commitment \(row) accepted")
        }
        #expect(!Self.accepts(o, cy: o.cy + .generator))
        #expect(!Self.accepts(o, cy: o.cy + Self.key.scalarBase))
        for i in 0..<o.point.count {
            var point = o.point
            point[i] += .one
            #expect(!Self.accepts(o, point: point), "altered point coordinate \(i) accepted")
        }
        #expect(!Self.accepts(o, point: Array(o.point.dropLast())))
    }

    /// A claimed value other than the evaluation: the prover refuses, and a proof forced through the reduction
    /// (skipping that check) does not verify.
    @Test func wrongValueCannotVerify() throws {
        var random = SeededGenerator(seed: 1000)
        let o = try Self.open(Self.randomValues(64, &random), columnVariables: 3, seed: 1001)
        let wrongY = o.y + .one
        let wrongCy = Self.key.commitScalar(wrongY, blinder: o.ry)
        #expect(
            throws: ProofError.invalidWitness("Hyrax opening: the committed polynomial does not take the claimed value")
        ) {
            var t = Self.transcript()
            _ = try HyraxOpening.prove(
                witness: o.witness, point: o.point, value: wrongY, valueBlinder: o.ry, valueCommitment: wrongCy,
                key: Self.key, transcript: &t, rng: ProofTestContext.rng(for: t))
        }
        let forged = try Self.forge(o, claim: wrongCy, scaling: true)
        #expect(!Self.accepts(o, cy: wrongCy))
        #expect(
            !Self.accepts(
                commitment: o.commitment.encoded, opening: forged.encoded, shape: o.commitment.shape, point: o.point,
                cy: wrongCy))
    }

    /// Runs the opening's reduction on the honest combined row against any claim and commitment, bypassing the
    /// prover's check (test-only path).
    static func forge(
        _ o: Opened, commitment: HyraxCommitment? = nil, claim cy: RistrettoPoint, scaling: Bool
    ) throws -> HyraxOpening {
        let shape = o.commitment.shape
        let row = Array(o.point[0..<shape.rowVariableCount])
        let column = Array(o.point[shape.rowVariableCount...])
        let rowWeights = EqualityPolynomial.table(at: row)
        var t = Self.transcript()
        HyraxOpening.absorbStatement(
            commitment: commitment ?? o.commitment, rowWeights: .equality(point: row),
            columnWeights: .equality(point: column), valueCommitment: cy, into: &t)
        let proof = try InnerProductProof.proveReduction(
            vector: o.witness.combinedRow(weights: rowWeights), weights: EqualityPolynomial.table(at: column),
            vectorBlinder: o.witness.combinedBlinder(weights: rowWeights), valueBlinder: o.ry.value, key: Self.key,
            transcript: &t, rng: ProofTestContext.rng(for: t), scalesGenerator: scaling)
        return HyraxOpening(innerProduct: proof)
    }

    /// Spartan issue #33 at the Hyrax level: a committer hides δ·U in row 0 (C_0' = C_0 + δ·U), so
    /// C_x' = C_x + eq(z_row, 0)·δ·U, and claims y' = y − eq(z_row, 0)·δ. With an unscaled generator (Q = U) the
    /// honest reduction proves this false claim; with Q = u·U the real verifier rejects it.
    @Test func uComponentInARowIsCaught() throws {
        var random = SeededGenerator(seed: 1100)
        let o = try Self.open(Self.randomValues(32, &random), columnVariables: 2, seed: 1101)
        let shape = o.commitment.shape
        let delta = Scalar(777)
        var rows = o.commitment.rows
        rows[0] = rows[0] + Self.key.commitScalar(delta, blinder: .zeroForTesting)
        let cheat = try HyraxCommitment(shape: shape, rows: rows)
        let rowPoint = Array(o.point[0..<shape.rowVariableCount])
        let column = Array(o.point[shape.rowVariableCount...])
        let eq0 = EqualityPolynomial.evaluate(rowPoint, atIndex: 0)
        let falseClaim = Self.key.commitScalar(o.y - eq0 * delta, blinder: o.ry)

        func verifies(_ opening: HyraxOpening, scaling: Bool) throws -> Bool {
            var t = Self.transcript()
            HyraxOpening.absorbStatement(
                commitment: cheat, rowWeights: .equality(point: rowPoint), columnWeights: .equality(point: column),
                valueCommitment: falseClaim, into: &t)
            var batch = GroupEquationBatch()
            try opening.innerProduct.verifyReduction(
                vectorTerms: EqualityPolynomial.table(at: rowPoint), vectorPoints: cheat.rows,
                weights: .equality(point: column), valueTerms: [(.one, falseClaim)], transcript: &t, batch: &batch,
                scalesGenerator: scaling)
            return batch.holds(with: Self.key)
        }
        let unscaled = try Self.forge(o, commitment: cheat, claim: falseClaim, scaling: false)
        #expect(try verifies(unscaled, scaling: false), "the attack works when Q = U")
        let scaled = try Self.forge(o, commitment: cheat, claim: falseClaim, scaling: true)
        #expect(try !verifies(scaled, scaling: true))
        #expect(
            !Self.accepts(
                commitment: cheat.encoded, opening: scaled.encoded, shape: shape, point: o.point, cy: falseClaim))
    }

    // MARK: Zero-knowledge hygiene

    /// Two openings of the same statement share no message element (fresh blinders and nonces).
    @Test func openingsShareNothing() throws {
        var random = SeededGenerator(seed: 1200)
        let o = try Self.open(Self.randomValues(64, &random), columnVariables: 3, seed: 1201)
        var t = Self.transcript()
        let second = try HyraxOpening.prove(
            witness: o.witness, point: o.point, value: o.y, valueBlinder: o.ry, valueCommitment: o.cy, key: Self.key,
            transcript: &t, rng: ProofTestContext.rng(for: t))
        let first = o.opening.encoded
        let other = second.encoded
        let chunks = { (bytes: [UInt8]) in
            Set((0..<(bytes.count / 32)).map { Array(bytes[(32 * $0)..<(32 * $0 + 32)]) })
        }
        #expect(chunks(first).count == first.count / 32)
        #expect(chunks(first).isDisjoint(with: chunks(other)))
        #expect(
            Self.accepts(o)
                && Self.accepts(
                    commitment: o.commitment.encoded, opening: other, shape: o.commitment.shape, point: o.point,
                    cy: o.cy)
        )
    }

    // MARK: Shapes and decoding

    @Test func shapes() throws {
        let shape = try HyraxCommitment.Shape(entryCount: 1 << 20, columnVariableCount: 10)
        #expect(shape.variableCount == 20 && shape.rowCount == 1024 && shape.rowLength == 1024)
        #expect(try HyraxCommitment.Shape(entryCount: 1025, columnVariableCount: 10).rowCount == 2)
        #expect(try HyraxCommitment.Shape(entryCount: 3, columnVariableCount: 4).variableCount == 4)
        #expect(try HyraxCommitment.Shape(entryCount: 0, columnVariableCount: 0).entryCount == 1)
        #expect(throws: ProofError.self) { _ = try HyraxCommitment.Shape(variableCount: 3, columnVariableCount: 4) }
        #expect(throws: ProofError.self) { _ = try HyraxCommitment.Shape(variableCount: -1, columnVariableCount: 0) }
        #expect(throws: ProofError.self) { _ = try HyraxCommitment.Shape(variableCount: 41, columnVariableCount: 0) }
        #expect(throws: ProofError.self) { _ = try HyraxCommitment.Shape(entryCount: -1, columnVariableCount: 0) }
        #expect(throws: ProofError.self) { _ = try HyraxCommitment.Shape(entryCount: Int.max, columnVariableCount: 0) }
        let small = try HyraxCommitment.Shape(variableCount: 2, columnVariableCount: 1)
        #expect(throws: ProofError.shapeMismatch("5 values for a layout of 4")) {
            _ = try HyraxCommitment.commit(
                [1, 2, 3, 4, 5], shape: small, key: Self.key, rng: ProofTestContext.rng(for: Self.transcript()))
        }
        // Rows of 2,048 > the key's 1,024 generators.
        let wide = try HyraxCommitment.Shape(variableCount: 11, columnVariableCount: 11)
        #expect(throws: ProofError.generatorsExhausted(needed: 2048, available: 1024)) {
            _ = try HyraxCommitment.commit(
                [1], shape: wide, key: Self.key, rng: ProofTestContext.rng(for: Self.transcript()))
        }
        #expect(throws: ProofError.self) { _ = try HyraxCommitment(shape: small, rows: [.generator]) }
    }

    @Test func decodingNeverTraps() throws {
        var random = SeededGenerator(seed: 1300)
        let shapes = try [(0, 0), (2, 1), (4, 2), (3, 0)].map {
            try HyraxCommitment.Shape(variableCount: $0.0, columnVariableCount: $0.1)
        }
        for length in 0...300 {
            let bytes = random.bytes(count: length)
            for shape in shapes {
                _ = try? HyraxCommitment(decoding: bytes, shape: shape)
                _ = try? HyraxOpening(decoding: bytes, shape: shape)
            }
        }
        let o = try Self.open(Self.randomValues(16, &random), columnVariables: 2, seed: 1301)
        let shape = o.commitment.shape
        for bytes in [o.commitment.encoded, o.opening.encoded] {
            let isCommitment = bytes == o.commitment.encoded
            for cut in 0..<bytes.count {
                let prefix = Array(bytes[0..<cut])
                do {
                    if isCommitment {
                        _ = try HyraxCommitment(decoding: prefix, shape: shape)
                    } else {
                        _ = try HyraxOpening(decoding: prefix, shape: shape)
                    }
                    Issue.record("truncation at \(cut) decoded")
                } catch {
                    guard case .truncated = error else {
                        Issue.record("truncation at \(cut) gave \(error)")
                        continue
                    }
                }
            }
        }
        #expect(throws: ProofError.trailingBytes(count: 32)) {
            _ = try HyraxCommitment(decoding: o.commitment.encoded + [UInt8](repeating: 0, count: 32), shape: shape)
        }
        #expect(throws: ProofError.trailingBytes(count: 1)) {
            _ = try HyraxOpening(decoding: o.opening.encoded + [7], shape: shape)
        }
        var badRow = o.commitment.encoded
        badRow.replaceSubrange(32..<64, with: InnerProductProofTests.badPointEncodings[1])
        #expect(throws: ProofError.self) { _ = try HyraxCommitment(decoding: badRow, shape: shape) }
        var badScalar = o.opening.encoded
        let last = badScalar.count - 32
        badScalar.replaceSubrange(last..<badScalar.count, with: Scalar.orderBytes)
        #expect(throws: ProofError.nonCanonicalScalar(offset: last)) {
            _ = try HyraxOpening(decoding: badScalar, shape: shape)
        }
    }
}
