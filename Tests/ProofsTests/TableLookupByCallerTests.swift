import Algebra
import FeedProofTestSupport
@testable import Proofs
import Testing
import Transcript

/// The table lookup whose lookups and multiplicities the caller holds (``TableLookupProof/Shape/claimsByCaller``), as
/// the ranking proof uses it with both inside V: here the caller commits W = [L; m] (two blocks of 2^s), absorbs it,
/// and opens the three claims the proof leaves on W, so the tests check the whole protocol a caller runs.
@Suite("logUp-GKR table lookup, claims by the caller")
struct TableLookupByCallerTests {
    let key = ProofTestContext.key

    struct Caller {
        let shape: TableLookupProof.Shape
        let inputs: [Int64]
        let outputs: [Int64]
        let table: [Int64]
        let vectorShape: HyraxCommitment.Shape
        let commitment: HyraxCommitment
        let witness: HyraxWitness
        /// log₂ of each block of W.
        let blockBits: Int
    }

    func caller(lookupBits n: Int, tableBits b: Int, seed: UInt64, counts: [Int64]? = nil) throws -> Caller {
        let table = TableLookupProofTests.monotoneTable(bits: b, seed: seed)
        let (inputs, outputs) = TableLookupProofTests.pairs(count: 1 << n, table: table, seed: seed + 1)
        let s = max(n + 1, b)
        var w = [Int64](repeating: 0, count: 2 << s)
        for (i, v) in (inputs + outputs).enumerated() { w[i] = v }
        let shape = try TableLookupProof.Shape(lookupBits: n, tableBits: b)
        for (t, m) in (counts ?? shape.multiplicities(of: inputs)).enumerated() {
            w[(1 << s) + t] = m
        }
        let vectorShape = try HyraxCommitment.Shape(variableCount: s + 1, columnVariableCount: (s + 1) / 2)
        let (commitment, witness) = try HyraxCommitment.commit(
            w, shape: vectorShape, key: key, rng: ProofTestContext.rng(for: TableLookupProofTests.transcript()))
        return Caller(
            shape: shape, inputs: inputs, outputs: outputs,
            table: table, vectorShape: vectorShape, commitment: commitment, witness: witness, blockBits: s)
    }

    /// A claim on L (n + 1 variables) or m (b variables) as a point on W: the block bit, zero padding, the point.
    func wPoint(_ point: [Scalar], block: Int, _ c: Caller) -> [Scalar] {
        [block == 0 ? .zero : .one] + [Scalar](repeating: .zero, count: c.blockBits - point.count) + point
    }

    /// The caller's whole protocol: absorb W, the lookup proof, then one Hyrax opening of W per claim.
    func prove(
        _ c: Caller
    ) throws -> (lookup: TableLookupProof, openings: [HyraxOpening], claims: [TableLookupProof.Claim]) {
        var t = TableLookupProofTests.transcript()
        c.commitment.absorb(label: "w", into: &t)
        let rng = ProofTestContext.rng(for: t)
        let (lookup, claims) = try TableLookupProof.proveLeavingClaims(
            inputs: c.inputs, outputs: c.outputs, table: c.table, shape: c.shape, key: key, transcript: &t, rng: rng)
        var openings: [HyraxOpening] = []
        for (index, claim) in claims.enumerated() {
            openings.append(
                try HyraxOpening.prove(
                    witness: c.witness, point: wPoint(claim.point, block: index < 2 ? 0 : 1, c),
                    value: claim.claim.value, valueBlinder: claim.claim.blinder,
                    valueCommitment: claim.claim.commitment, key: key, transcript: &t, rng: rng))
        }
        return (lookup, openings, claims)
    }

    func accepts(_ lookupBytes: [UInt8], _ openings: [HyraxOpening], _ c: Caller) -> Bool {
        var t = TableLookupProofTests.transcript()
        c.commitment.absorb(label: "w", into: &t)
        var batch = GroupEquationBatch()
        do {
            let lookup = try TableLookupProof(decoding: lookupBytes, shape: c.shape)
            let claims = try lookup.verifyLeavingClaims(
                table: try LookupTable(outputs: c.table, tableBits: c.shape.tableBits), shape: c.shape, key: key,
                transcript: &t, batch: &batch)
            for (index, (opening, claim)) in zip(openings, claims).enumerated() {
                try opening.verify(
                    commitment: c.commitment, point: wPoint(claim.point, block: index < 2 ? 0 : 1, c),
                    valueCommitment: claim.commitment, transcript: &t, batch: &batch)
            }
            try batch.verify(with: key, protocol: "test")
            return true
        } catch {
            return false
        }
    }

    /// (n, b): lookups 2^n, table 2^b; n + 1 > b, n + 1 = b and n + 1 < b.
    @Test(arguments: [(0, 1), (2, 3), (4, 2), (3, 6), (6, 4)])
    func completeness(lookupBits: Int, tableBits: Int) throws {
        let c = try caller(lookupBits: lookupBits, tableBits: tableBits, seed: UInt64(10 * lookupBits + tableBits))
        let (lookup, openings, claims) = try prove(c)
        // The claims are the true evaluations: x̃ and ỹ (L at (0, z), (1, z)) and m̃.
        let l = c.inputs + c.outputs
        // The multiplicities counted here, independently of the prover's helper.
        var m = [Int64](repeating: 0, count: 1 << tableBits)
        for x in c.inputs { m[Int(x)] += 1 }
        #expect(claims[0].claim.value == (try MultilinearPolynomial.evaluate(small: l, at: claims[0].point)))
        #expect(claims[1].claim.value == (try MultilinearPolynomial.evaluate(small: l, at: claims[1].point)))
        #expect(claims[2].claim.value == (try MultilinearPolynomial.evaluate(small: m, at: claims[2].point)))
        #expect(claims[0].point.first == .zero && claims[1].point.first == .one)
        #expect(lookup.counts == nil && lookup.inputOpening == nil && lookup.outputOpening == nil)
        let bytes = lookup.encoded
        #expect(bytes.count == TableLookupProof.encodedByteCount(shape: c.shape))
        #expect(try TableLookupProof(decoding: bytes, shape: c.shape) == lookup)
        #expect(accepts(bytes, openings, c))
    }

    @Test func everyElementTamperedIsRejected() throws {
        let c = try caller(lookupBits: 2, tableBits: 3, seed: 3)
        let (lookup, openings, _) = try prove(c)
        let bytes = lookup.encoded
        #expect(accepts(bytes, openings, c))
        var accepted: [Int] = []
        for (element, altered) in ProofTampering.variants(of: bytes) where accepts(altered, openings, c) {
            accepted.append(element)
        }
        #expect(accepted.isEmpty, "altered elements accepted: \(accepted)")
    }

    /// W holding multiplicities other than the true ones: the proof's count claim (from the true counts) does not
    /// open on W, so either the opening prover refuses or the caller's opening fails.
    @Test func wrongMultiplicitiesInTheCallersVectorAreRejected() throws {
        let honest = try caller(lookupBits: 2, tableBits: 3, seed: 4)
        var counts = honest.shape.multiplicities(of: honest.inputs)
        let from = try #require(counts.firstIndex { $0 > 0 })
        counts[from] -= 1
        counts[(from + 1) % counts.count] += 1
        let c = try caller(lookupBits: 2, tableBits: 3, seed: 4, counts: counts)
        if let (lookup, openings, _) = try? prove(c) { #expect(!accepts(lookup.encoded, openings, c)) }
    }

    @Test func decodingNeverTraps() throws {
        let c = try caller(lookupBits: 2, tableBits: 3, seed: 6)
        let bytes = try prove(c).lookup.encoded
        for cut in stride(from: 0, to: bytes.count, by: 5) {
            #expect(throws: ProofError.self) { try TableLookupProof(decoding: Array(bytes[0..<cut]), shape: c.shape) }
        }
        #expect(throws: ProofError.trailingBytes(count: 1)) {
            try TableLookupProof(decoding: bytes + [0], shape: c.shape)
        }
        let garbage = ProofDecodingFuzzTests.garbage(chunks: bytes.count / 32, seed: 9)
        #expect(!accepts(garbage, try prove(c).openings, c))
    }

    @Test func shapesOfTheTwoModesRefuseEachOthersProofs() throws {
        let c = try caller(lookupBits: 2, tableBits: 3, seed: 5)
        let bytes = try prove(c).lookup.encoded
        let own = try TableLookupProof.Shape(
            lookups: try HyraxCommitment.Shape(variableCount: 3, columnVariableCount: 1), tableBits: 3,
            countColumnBits: 2)
        #expect(own.encodedByteCount > c.shape.encodedByteCount)
        #expect(throws: ProofError.self) { try TableLookupProof(decoding: bytes, shape: own) }
        // A by-caller proof handed to the own-commitment verifier (and the reverse) is refused by shape.
        let lookup = try TableLookupProof(decoding: bytes, shape: c.shape)
        var t = TableLookupProofTests.transcript()
        var batch = GroupEquationBatch()
        #expect(throws: ProofError.self) {
            try lookup.verify(
                lookups: c.commitment, table: try LookupTable(outputs: c.table, tableBits: 3), shape: own, key: key,
                transcript: &t, batch: &batch)
        }
        #expect(throws: ProofError.self) {
            _ = try lookup.verifyLeavingClaims(
                table: try LookupTable(outputs: c.table, tableBits: 3), shape: own, key: key, transcript: &t,
                batch: &batch)
        }
        #expect(throws: ProofError.self) { try TableLookupProof.Shape(lookupBits: -1, tableBits: 3) }
    }
}

extension TableLookupProof.Shape {
    fileprivate var encodedByteCount: Int { TableLookupProof.encodedByteCount(shape: self) }
}
