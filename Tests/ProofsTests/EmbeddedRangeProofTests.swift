import Algebra
import FeedProofTestSupport
@testable import Proofs
import Testing
import Transcript

/// The range proof with the table embedded in an unused region of the values (one tree of 2^n leaves instead of
/// 2^(n+1)): completeness, the region's entries are not checked, out-of-range values elsewhere are refused,
/// tampering and shape binding. Shares the side-by-side suite's helpers.
extension RangeProofTests {
    /// Values in range everywhere except the table region, which holds anything (it is not looked up).
    func embeddedValues(lookupBits: Int, tableBits: Int, region: Int, seed: UInt64) -> [Int64] {
        var random = SeededGenerator(seed: seed)
        return (0..<(1 << lookupBits)).map { i in
            i >> tableBits == region ? random.int64(in: -5...1_000_000) : random.int64(in: 0...Int64((1 << tableBits) - 1))
        }
    }

    @Test(arguments: [(3, 1, 2, 0), (3, 1, 2, 1), (5, 2, 3, 3), (8, 4, 4, 15), (10, 5, 8, 2)])
    func embeddedTableCompleteness(lookupBits: Int, columnBits: Int, tableBits: Int, region: Int) throws {
        let values = embeddedValues(lookupBits: lookupBits, tableBits: tableBits, region: region, seed: UInt64(lookupBits))
        let instance = try instance(
            values, lookupBits: lookupBits, columnBits: columnBits, tableBits: tableBits, region: region)
        let proof = try prove(instance)
        #expect(proof.layers.count == lookupBits)
        #expect(proof.regionClaim != nil && proof.regionOpening != nil)
        #expect(accepts(proof.encoded, instance))
        // The same bytes under the side-by-side layout (or another region) are refused.
        let sideBySide = try RangeProof.Shape(values: instance.shape.values, tableBits: tableBits, countColumnBits: 2)
        #expect(!accepts(proof.encoded, instance, shape: sideBySide))
        let other = try RangeProof.Shape(
            values: instance.shape.values, tableBits: tableBits, countColumnBits: 2,
            embeddedTableRegion: region == 0 ? 1 : 0)
        #expect(!accepts(proof.encoded, instance, shape: other))
    }

    @Test func embeddedTableRefusesOutOfRangeValuesOutsideTheRegion() throws {
        var values = embeddedValues(lookupBits: 5, tableBits: 3, region: 2, seed: 5)
        values[3] = 8
        let instance = try instance(values, lookupBits: 5, columnBits: 2, tableBits: 3, region: 2)
        #expect(throws: ProofError.self) { try prove(instance) }
    }

    /// The honest proof verifies and no altered element does.
    func expectEveryElementTamperedIsRejected(_ instance: Instance) throws {
        let bytes = try prove(instance).encoded
        #expect(accepts(bytes, instance))
        var accepted: [Int] = []
        for (element, altered) in ProofTampering.variants(of: bytes) where accepts(altered, instance) {
            accepted.append(element)
        }
        #expect(accepted.isEmpty, "altered elements accepted: \(accepted)")
    }

    @Test func embeddedTableEveryElementTamperedIsRejected() throws {
        let values = embeddedValues(lookupBits: 5, tableBits: 3, region: 1, seed: 7)
        try expectEveryElementTamperedIsRejected(
            try instance(values, lookupBits: 5, columnBits: 2, tableBits: 3, region: 1))
    }

    /// With `valueOpeningsByCaller` the proof leaves its claims on V unopened and hands them to the caller: the
    /// public entry points refuse such a shape, the claims hold (each opens to Ṽ at its point), prover and verifier
    /// agree on them, the encoding has no value opening, and every altered element is rejected or changes the
    /// claims the caller will open.
    @Test(arguments: [nil, 1] as [Int?])
    func valueOpeningsLeftToTheCaller(region: Int?) throws {
        let values =
            region == nil
            ? (0..<32).map { Int64(($0 * 5) % 8) } : embeddedValues(lookupBits: 5, tableBits: 3, region: 1, seed: 9)
        let opened = try instance(values, lookupBits: 5, columnBits: 2, tableBits: 3, region: region)
        let shape = try RangeProof.Shape(
            values: opened.shape.values, tableBits: 3, countColumnBits: 2, embeddedTableRegion: region,
            valueOpeningsByCaller: true)
        let instance = Instance(shape: shape, commitment: opened.commitment, witness: opened.witness)
        #expect(throws: ProofError.shapeMismatch("this range proof's shape leaves V's openings to the caller")) {
            try prove(instance)
        }
        var t = Self.transcript()
        let (proof, claims) = try RangeProof.proveLeavingValueClaims(
            values: instance.witness, shape: shape, key: key, transcript: &t, rng: ProofTestContext.rng(for: t))
        #expect(proof.valueOpening == nil && proof.regionOpening == nil)
        #expect(claims.count == (region == nil ? 1 : 2))
        let polynomial = MultilinearPolynomial(small: values)
        for claim in claims {
            #expect(try polynomial.evaluate(at: claim.point) == claim.claim.value)
            #expect(key.commitScalar(claim.claim.value, blinder: claim.claim.blinder) == claim.claim.commitment)
        }
        // The verifier's view: the claims to open, or nil when the proof is rejected.
        func verifiedClaims(_ bytes: [UInt8], shape: RangeProof.Shape) -> [(point: [Scalar], commitment: RistrettoPoint)]? {
            var t = Self.transcript()
            var batch = GroupEquationBatch()
            guard let decoded = try? RangeProof(decoding: bytes, shape: shape),
                let out = try? decoded.verifyLeavingValueClaims(
                    values: instance.commitment, shape: shape, key: key, transcript: &t, batch: &batch),
                batch.holds(with: key)
            else { return nil }
            return out
        }
        func sameAsProver(_ out: [(point: [Scalar], commitment: RistrettoPoint)]?) -> Bool {
            guard let out, out.count == claims.count else { return false }
            return zip(out, claims).allSatisfy { $0.point == $1.point && $0.commitment == $1.claim.commitment }
        }
        let bytes = proof.encoded
        #expect(sameAsProver(verifiedClaims(bytes, shape: shape)))
        #expect(!accepts(bytes, instance, shape: shape))  // the public verifier refuses the shape
        #expect(!accepts(bytes, opened))  // the same bytes lack the openings the other shape needs
        #expect(verifiedClaims(try prove(opened).encoded, shape: shape) == nil)
        var accepted: [Int] = []
        for (element, altered) in ProofTampering.variants(of: bytes) where sameAsProver(verifiedClaims(altered, shape: shape)) {
            accepted.append(element)
        }
        #expect(accepted.isEmpty, "altered elements accepted with the prover's claims: \(accepted)")
    }

    /// An instance whose multiplicities live in the table region of V (`countsInValues`).
    func countsInValuesInstance(
        lookupBits: Int, columnBits: Int, tableBits: Int, region: Int, seed: UInt64, edit: (inout [Int64]) -> Void = { _ in }
    ) throws -> Instance {
        var values = embeddedValues(lookupBits: lookupBits, tableBits: tableBits, region: region, seed: seed)
        let valueShape = try HyraxCommitment.Shape(variableCount: lookupBits, columnVariableCount: columnBits)
        let shape = try RangeProof.Shape(
            values: valueShape, tableBits: tableBits, countColumnBits: 2, embeddedTableRegion: region,
            countsInValues: true)
        try RangeProof.placeCounts(in: &values, shape: shape)
        edit(&values)
        let rng = ProofTestContext.rng(for: Self.transcript())
        let (commitment, witness) = try HyraxCommitment.commit(values, shape: valueShape, key: key, rng: rng)
        return Instance(shape: shape, commitment: commitment, witness: witness)
    }

    /// Multiplicities in V's table region: complete, no multiplicity commitment, claim or opening in the proof, bound
    /// to its shape (the same bytes fail under the separate-multiplicity layout and vice versa).
    @Test(arguments: [(3, 1, 2, 1), (5, 2, 3, 3), (8, 4, 4, 15), (10, 5, 8, 2)])
    func countsInValuesCompleteness(lookupBits: Int, columnBits: Int, tableBits: Int, region: Int) throws {
        let instance = try countsInValuesInstance(
            lookupBits: lookupBits, columnBits: columnBits, tableBits: tableBits, region: region, seed: 31)
        let proof = try prove(instance)
        #expect(proof.counts == nil && proof.countClaim == nil && proof.countOpening == nil)
        #expect(proof.regionClaim != nil && proof.regionOpening != nil)
        #expect(accepts(proof.encoded, instance))
        let separate = try RangeProof.Shape(
            values: instance.shape.values, tableBits: tableBits, countColumnBits: 2, embeddedTableRegion: region)
        #expect(!accepts(proof.encoded, instance, shape: separate))
        let separateInstance = Instance(shape: separate, commitment: instance.commitment, witness: instance.witness)
        #expect(!accepts(try prove(separateInstance).encoded, instance))
    }

    /// placeCounts writes the looked-up values' multiplicities into the region (and nothing else); a region that
    /// does not hold them — one count off, or the counts moved — is refused by the prover, and a shape without an
    /// embedded region cannot hold multiplicities at all.
    @Test func countsInValuesNeedTheTrueMultiplicities() throws {
        let honest = try countsInValuesInstance(lookupBits: 5, columnBits: 2, tableBits: 3, region: 2, seed: 41)
        let values = honest.witness.values
        for t in 0..<8 {
            let expected = values.indices.filter { $0 >> 3 != 2 && values[$0] == Int64(t) }.count
            #expect(values[16 + t] == Int64(expected))
        }
        #expect(accepts(try prove(honest).encoded, honest))
        for edit in [{ (v: inout [Int64]) in v[16] += 1 }, { (v: inout [Int64]) in v.swapAt(17, 18) }] {
            let lying = try countsInValuesInstance(
                lookupBits: 5, columnBits: 2, tableBits: 3, region: 2, seed: 41, edit: edit)
            guard lying.witness.values != values else { continue }
            #expect(throws: ProofError.self) { try prove(lying) }
        }
        let valueShape = try HyraxCommitment.Shape(variableCount: 5, columnVariableCount: 2)
        #expect(throws: ProofError.self) {
            try RangeProof.Shape(values: valueShape, tableBits: 3, countColumnBits: 2, countsInValues: true)
        }
        var short = [Int64](repeating: 0, count: 8)
        let shape = honest.shape
        #expect(throws: ProofError.self) { try RangeProof.placeCounts(in: &short, shape: shape) }
    }

    @Test func countsInValuesEveryElementTamperedIsRejected() throws {
        try expectEveryElementTamperedIsRejected(
            try countsInValuesInstance(lookupBits: 5, columnBits: 2, tableBits: 3, region: 1, seed: 43))
    }

    @Test func embeddedRegionsThatDoNotFitAreRefused() {
        #expect(throws: ProofError.self) { try RangeCheckLayout(lookupBits: 3, tableBits: 3, embeddedTableRegion: 0) }
        #expect(throws: ProofError.self) { try RangeCheckLayout(lookupBits: 4, tableBits: 2, embeddedTableRegion: 4) }
        #expect(throws: ProofError.self) { try RangeCheckLayout(lookupBits: 4, tableBits: 2, embeddedTableRegion: -1) }
    }
}
