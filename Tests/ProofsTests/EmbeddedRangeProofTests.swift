import Algebra
import FeedProofTestSupport
@testable import Proofs
import Testing
import Transcript

/// The range proof with the table embedded in an unused region of the values (one tree of 2^n leaves instead of
/// 2^(n+1)): completeness, the region's entries are not checked, out-of-range values elsewhere are refused,
/// tampering and shape binding.
@Suite("logUp-GKR range proof, embedded table")
struct EmbeddedRangeProofTests {
    let key = ProofTestContext.key

    static func transcript() -> MerlinTranscript {
        var t = MerlinTranscript(label: "embedded-range-test")
        t.appendMessage(label: "context", message: [9])
        return t
    }

    struct Instance {
        let shape: RangeProof.Shape
        let commitment: HyraxCommitment
        let witness: HyraxWitness
    }

    func instance(
        _ values: [Int64], lookupBits: Int, columnBits: Int, tableBits: Int, region: Int
    ) throws -> Instance {
        let valueShape = try HyraxCommitment.Shape(variableCount: lookupBits, columnVariableCount: columnBits)
        let shape = try RangeProof.Shape(
            values: valueShape, tableBits: tableBits, countColumnBits: 2, embeddedTableRegion: region)
        let rng = ProofTestContext.rng(for: Self.transcript())
        let (commitment, witness) = try HyraxCommitment.commit(values, shape: valueShape, key: key, rng: rng)
        return Instance(shape: shape, commitment: commitment, witness: witness)
    }

    func prove(_ instance: Instance) throws -> RangeProof {
        var t = Self.transcript()
        return try RangeProof.prove(
            values: instance.witness, shape: instance.shape, key: key, transcript: &t, rng: ProofTestContext.rng(for: t))
    }

    func accepts(_ bytes: [UInt8], _ shape: RangeProof.Shape, _ commitment: HyraxCommitment) -> Bool {
        var t = Self.transcript()
        do {
            let proof = try RangeProof(decoding: bytes, shape: shape)
            try proof.verify(values: commitment, shape: shape, key: key, transcript: &t)
            return true
        } catch {
            return false
        }
    }

    /// Values in range everywhere except the table region, which holds anything (it is not looked up).
    func values(lookupBits: Int, tableBits: Int, region: Int, seed: UInt64) -> [Int64] {
        var random = SeededGenerator(seed: seed)
        return (0..<(1 << lookupBits)).map { i in
            i >> tableBits == region ? random.int64(in: -5...1_000_000) : random.int64(in: 0...Int64((1 << tableBits) - 1))
        }
    }

    @Test(arguments: [(3, 1, 2, 0), (3, 1, 2, 1), (5, 2, 3, 3), (8, 4, 4, 15), (10, 5, 8, 2)])
    func completeness(lookupBits: Int, columnBits: Int, tableBits: Int, region: Int) throws {
        let values = values(lookupBits: lookupBits, tableBits: tableBits, region: region, seed: UInt64(lookupBits))
        let instance = try instance(
            values, lookupBits: lookupBits, columnBits: columnBits, tableBits: tableBits, region: region)
        let proof = try prove(instance)
        #expect(proof.layers.count == lookupBits)
        #expect(proof.regionClaim != nil && proof.regionOpening != nil)
        #expect(accepts(proof.encoded, instance.shape, instance.commitment))
        // The same bytes under the side-by-side layout (or another region) are refused.
        let sideBySide = try RangeProof.Shape(
            values: instance.shape.values, tableBits: tableBits, countColumnBits: 2)
        #expect(!accepts(proof.encoded, sideBySide, instance.commitment))
        let other = try RangeProof.Shape(
            values: instance.shape.values, tableBits: tableBits, countColumnBits: 2,
            embeddedTableRegion: region == 0 ? 1 : 0)
        #expect(!accepts(proof.encoded, other, instance.commitment))
    }

    @Test func outOfRangeValuesOutsideTheRegionAreRefused() throws {
        var values = values(lookupBits: 5, tableBits: 3, region: 2, seed: 5)
        values[3] = 8
        let instance = try instance(values, lookupBits: 5, columnBits: 2, tableBits: 3, region: 2)
        #expect(throws: ProofError.self) { try prove(instance) }
    }

    @Test func everyElementTamperedIsRejected() throws {
        let values = values(lookupBits: 5, tableBits: 3, region: 1, seed: 7)
        let instance = try instance(values, lookupBits: 5, columnBits: 2, tableBits: 3, region: 1)
        let bytes = try prove(instance).encoded
        #expect(accepts(bytes, instance.shape, instance.commitment))
        var accepted: [Int] = []
        for (element, altered) in ProofTampering.variants(of: bytes)
        where accepts(altered, instance.shape, instance.commitment) {
            accepted.append(element)
        }
        #expect(accepted.isEmpty, "altered elements accepted: \(accepted)")
    }

    @Test func regionsThatDoNotFitAreRefused() {
        #expect(throws: ProofError.self) { try RangeCheckLayout(lookupBits: 3, tableBits: 3, embeddedTableRegion: 0) }
        #expect(throws: ProofError.self) { try RangeCheckLayout(lookupBits: 4, tableBits: 2, embeddedTableRegion: 4) }
        #expect(throws: ProofError.self) { try RangeCheckLayout(lookupBits: 4, tableBits: 2, embeddedTableRegion: -1) }
    }
}
