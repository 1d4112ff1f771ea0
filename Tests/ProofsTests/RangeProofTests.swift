import Algebra
import FeedProofTestSupport
@testable import Proofs
import Testing
import Transcript

/// The zero-knowledge logUp-GKR range proof: completeness, tampering, wrong witnesses, decoding.
@Suite("logUp-GKR range proof")
struct RangeProofTests {
    let key = ProofTestContext.key

    static func transcript() -> MerlinTranscript {
        var t = MerlinTranscript(label: "range-test")
        t.appendMessage(label: "context", message: [7])
        return t
    }

    struct Instance {
        let shape: RangeProof.Shape
        let commitment: HyraxCommitment
        let witness: HyraxWitness
    }

    /// An instance; with `region`, the table is embedded at that region of the values.
    func instance(
        _ values: [Int64], lookupBits: Int, columnBits: Int, tableBits: Int, region: Int? = nil
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

    func accepts(
        _ bytes: [UInt8], _ instance: Instance, commitment: HyraxCommitment? = nil, shape: RangeProof.Shape? = nil
    ) -> Bool {
        var t = Self.transcript()
        let shape = shape ?? instance.shape
        do {
            let proof = try RangeProof(decoding: bytes, shape: shape)
            try proof.verify(values: commitment ?? instance.commitment, shape: shape, key: key, transcript: &t)
            return true
        } catch {
            return false
        }
    }

    @Test(arguments: [(0, 0, 2), (1, 1, 2), (3, 2, 3), (5, 2, 3), (2, 1, 4), (6, 3, 2), (8, 4, 4), (12, 6, 8)])
    func completeness(lookupBits: Int, columnBits: Int, tableBits: Int) throws {
        var random = SeededGenerator(seed: UInt64(lookupBits * 100 + tableBits))
        let count = max(1, (1 << lookupBits) - 1)  // one short of full: the padding zero is looked up too
        let values = (0..<count).map { _ in random.int64(in: 0...Int64((1 << tableBits) - 1)) }
        let instance = try instance(values, lookupBits: lookupBits, columnBits: columnBits, tableBits: tableBits)
        let proof = try prove(instance)
        #expect(proof.layers.count == max(lookupBits, tableBits) + 1)
        #expect(accepts(proof.encoded, instance))
    }

    @Test func sixteenBitLimbs() throws {
        var random = SeededGenerator(seed: 16)
        let values = (0..<64).map { _ in random.int64(in: 0...65_535) } + [0, 65_535]
        let instance = try instance(values, lookupBits: 7, columnBits: 3, tableBits: 16)
        let proof = try prove(instance)
        let bytes = proof.encoded
        #expect(accepts(bytes, instance))
        // 17 tree layers: the round equations of layers 0–15 and of layer 16 in two proofs (512 + 64 entries).
        #expect(proof.layers.count == 17)
        #expect(proof.layerConsistency.map(\.responses.count) == [32, 32])
        #expect(proof.layerConsistency.map(\.leftCommitments.count) == [4, 1])
        // Each consistency proof altered (its nonce commitment A and its last response) is rejected.
        for consistency in proof.layerConsistency {
            let encoding = consistency.encoded
            let start = try #require(
                (0...(bytes.count - encoding.count)).first {
                    bytes[$0..<($0 + encoding.count)].elementsEqual(encoding)
                })
            for element in [2 * consistency.leftCommitments.count, encoding.count / 32 - 2] {
                var altered = bytes
                altered[start + 32 * element + 5] ^= 0x10
                #expect(!accepts(altered, instance), "consistency element \(element) altered")
            }
        }
    }

    /// The consistency groups of a tree, as functions of its depth: one proof of P(2d(d − 1)) entries, or two when
    /// the layers below the largest cut fitting half of it and the rest make two shorter proofs.
    @Test func consistencyGroupsOfEachDepth() {
        func groups(_ depth: Int) -> [String] {
            FractionTreeProof.consistencyGroups(depth: depth).map {
                "\($0.layers.lowerBound)..<\($0.layers.upperBound):\($0.length)"
            }
        }
        #expect(groups(0).isEmpty && groups(1).isEmpty)
        #expect(groups(2) == ["0..<2:4"])
        #expect(groups(15) == ["0..<15:512"])  // 420 entries
        #expect(groups(16) == ["0..<16:512"])  // 480
        #expect(groups(17) == ["0..<16:512", "16..<17:64"])  // 544 → 512 + 64
        #expect(groups(18) == ["0..<16:512", "16..<18:256"])  // 612 → 512 + 132 → 256
        #expect(groups(23) == ["0..<23:1024"])  // 1,012
        #expect(groups(24) == ["0..<23:1024", "23..<24:128"])  // 1,104 → 1,012 + 92
        for depth in 2...30 {
            let all = FractionTreeProof.consistencyGroups(depth: depth)
            #expect(all.flatMap { Array($0.layers) } == Array(0..<depth), "depth \(depth)")
            for group in all {
                // Every layer's slice fits its group's proof, and the last one reaches past half of it.
                let last = group.layers.upperBound - 1
                let end = FractionTreeProof.sliceOffset(layer: last, depth: depth) + 4 * last
                #expect(end <= group.length && end > group.length / 2, "depth \(depth), group \(group.layers)")
            }
        }
    }

    @Test func outOfRangeValuesAreRefused() throws {
        for bad: Int64 in [16, -1, 1 << 20] {
            let instance = try instance([1, 2, bad, 3], lookupBits: 2, columnBits: 1, tableBits: 4)
            #expect(throws: ProofError.self) { try prove(instance) }
        }
    }

    @Test func everyElementTamperedIsRejected() throws {
        var random = SeededGenerator(seed: 3)
        let values = (0..<8).map { _ in random.int64(in: 0...7) }
        let instance = try instance(values, lookupBits: 3, columnBits: 1, tableBits: 3)
        let bytes = try prove(instance).encoded
        #expect(accepts(bytes, instance))
        let variants = ProofTampering.variants(of: bytes)
        #expect(variants.count == bytes.count / 32)
        var accepted: [Int] = []
        for (element, altered) in variants where accepts(altered, instance) { accepted.append(element) }
        #expect(accepted.isEmpty, "altered elements accepted: \(accepted)")
    }

    @Test func proofIsBoundToTheValuesCommitment() throws {
        let first = try instance([1, 2, 3, 4], lookupBits: 2, columnBits: 1, tableBits: 3)
        let second = try instance([1, 2, 3, 5], lookupBits: 2, columnBits: 1, tableBits: 3)
        let bytes = try prove(first).encoded
        #expect(accepts(bytes, first))
        #expect(!accepts(bytes, first, commitment: second.commitment))
    }

    /// A cheating prover that commits an out-of-range value and claims in-range counts cannot get a zero root:
    /// the tree for the real leaves has a non-zero numerator, so the root-zero proof fails.
    @Test func forgedCountsDoNotHideAnOutOfRangeValue() throws {
        let layout = try RangeCheckLayout(lookupBits: 2, tableBits: 3)
        let values: [Int64] = [1, 2, 9, 3]
        // The best in-table guess for 9 is still wrong for a random α.
        var counts = [Int64](repeating: 0, count: 8)
        for v in values { counts[Int(min(v, 7))] += 1 }
        var random = SeededGenerator(seed: 11)
        for _ in 0..<5 {
            let alpha = random.randomScalar()
            let leaves = layout.leaves(values: values, counts: counts, alpha: alpha)
            let tree = FractionTree(leafNumerators: leaves.numerators, leafDenominators: leaves.denominators)
            #expect(!tree.numerators[0][0].isZero)
        }
    }

    @Test func twoProofsShareNoMessage() throws {
        let instance = try instance([0, 1, 2, 3], lookupBits: 2, columnBits: 1, tableBits: 2)
        let a = try prove(instance).encoded
        let b = try prove(instance).encoded
        let chunksA = Set(stride(from: 0, to: a.count, by: 32).map { Array(a[$0..<($0 + 32)]) })
        let chunksB = Set(stride(from: 0, to: b.count, by: 32).map { Array(b[$0..<($0 + 32)]) })
        // Public constants may repeat (none are expected); every commitment and response must be fresh.
        #expect(chunksA.intersection(chunksB).isEmpty)
    }

    @Test func decodingNeverTraps() throws {
        let instance = try instance([0, 1, 2, 3], lookupBits: 2, columnBits: 1, tableBits: 2)
        let bytes = try prove(instance).encoded
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: ProofError.self) { try RangeProof(decoding: Array(bytes[0..<cut]), shape: instance.shape) }
        }
        #expect(throws: ProofError.trailingBytes(count: 1)) {
            try RangeProof(decoding: bytes + [0], shape: instance.shape)
        }
        var random = SeededGenerator(seed: 1)
        for length in [0, 1, 31, 32, 500, bytes.count] {
            _ = try? RangeProof(decoding: random.bytes(count: length), shape: instance.shape)
        }
    }
}
