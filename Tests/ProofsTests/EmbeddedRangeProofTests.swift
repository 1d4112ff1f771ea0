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

    @Test func embeddedTableEveryElementTamperedIsRejected() throws {
        let values = embeddedValues(lookupBits: 5, tableBits: 3, region: 1, seed: 7)
        let instance = try instance(values, lookupBits: 5, columnBits: 2, tableBits: 3, region: 1)
        let bytes = try prove(instance).encoded
        #expect(accepts(bytes, instance))
        var accepted: [Int] = []
        for (element, altered) in ProofTampering.variants(of: bytes) where accepts(altered, instance) {
            accepted.append(element)
        }
        #expect(accepted.isEmpty, "altered elements accepted: \(accepted)")
    }

    @Test func embeddedRegionsThatDoNotFitAreRefused() {
        #expect(throws: ProofError.self) { try RangeCheckLayout(lookupBits: 3, tableBits: 3, embeddedTableRegion: 0) }
        #expect(throws: ProofError.self) { try RangeCheckLayout(lookupBits: 4, tableBits: 2, embeddedTableRegion: 4) }
        #expect(throws: ProofError.self) { try RangeCheckLayout(lookupBits: 4, tableBits: 2, embeddedTableRegion: -1) }
    }
}
