import Algebra
import FeedProofTestSupport
import Proofs
import Testing
import Transcript

/// Every proof type's decoder, fed truncated, oversized, random and structurally valid garbage, returns a value
/// or a typed ProofError; verifiers given structurally valid garbage reject it. Nothing traps.
@Suite("Proof decoding fuzz")
struct ProofDecodingFuzzTests {
    /// 32-byte chunks that decode both as a group element and as a canonical scalar (encodings below 2^252),
    /// so garbage made of them passes every element check and reaches the structural and algebraic checks.
    static let chimeras: [[UInt8]] = {
        var random = SeededGenerator(seed: 0xC41)
        var result: [[UInt8]] = [[UInt8](repeating: 0, count: 32)]
        while result.count < 16 {
            let encoding = random.randomPoint().encoding
            if encoding[31] < 0x10 { result.append(encoding) }
        }
        return result
    }()

    static func garbage(chunks: Int, seed: UInt64) -> [UInt8] {
        var random = SeededGenerator(seed: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chunks * 32)
        for _ in 0..<chunks { bytes += chimeras[Int(random.next() % UInt64(chimeras.count))] }
        return bytes
    }

    /// The smallest number of all-zero chunks the decoder accepts (the layout's element count), up to `limit`.
    static func elementCount<M: ProofMessage>(_ type: M.Type, shape: M.Shape, limit: Int = 600) -> Int? {
        for chunks in 0...limit where (try? M(decoding: [UInt8](repeating: 0, count: 32 * chunks), shape: shape)) != nil {
            return chunks
        }
        return nil
    }

    /// Truncations, extensions, random bytes and non-canonical elements all give errors, never traps.
    static func exercise<M: ProofMessage>(_ type: M.Type, shape: M.Shape, chunks: Int) {
        let valid = garbage(chunks: chunks, seed: 1)
        #expect((try? M(decoding: valid, shape: shape)) != nil, "\(M.self): structurally valid garbage must decode")
        for cut in Set([0, 1, 31, 32, 33, valid.count / 2, max(0, valid.count - 1)]) where cut < valid.count {
            #expect(throws: ProofError.self) { try M(decoding: Array(valid[0..<cut]), shape: shape) }
        }
        #expect(throws: ProofError.self) { try M(decoding: valid + [0], shape: shape) }
        if chunks > 0 { #expect(throws: ProofError.self) { try M(decoding: valid + valid, shape: shape) } }
        var random = SeededGenerator(seed: UInt64(chunks))
        for length in [0, 7, 64, valid.count, valid.count + 32] {
            _ = try? M(decoding: random.bytes(count: length), shape: shape)
        }
        // Every element position replaced by 0xFF…: neither a canonical scalar nor a valid point.
        for element in 0..<min(chunks, 64) {
            var broken = valid
            for i in (element * 32)..<(element * 32 + 32) { broken[i] = 0xFF }
            #expect(throws: ProofError.self) { try M(decoding: broken, shape: shape) }
        }
    }

    @Test func sigmaProofs() throws {
        Self.exercise(KnowledgeProof.self, shape: FixedShape(), chunks: 3)
        Self.exercise(ZeroOpeningProof.self, shape: FixedShape(), chunks: 2)
        Self.exercise(ProductProof.self, shape: FixedShape(), chunks: 8)
        Self.exercise(ProductSumProof.self, shape: FixedShape(), chunks: 14)
        for n in [1, 4, 9] { Self.exercise(DotProductProof.self, shape: n, chunks: n + 4) }
        for n in [1, 2, 16, 64] {
            let chunks = try #require(Self.elementCount(InnerProductProof.self, shape: n))
            Self.exercise(InnerProductProof.self, shape: n, chunks: chunks)
        }
        #expect(throws: ProofError.self) { try InnerProductProof(decoding: [], shape: 3) }
        #expect(throws: ProofError.self) { try InnerProductProof(decoding: [], shape: -1) }
        #expect(throws: ProofError.self) { try DotProductProof(decoding: [], shape: Int.max) }
    }

    @Test func commitmentsAndSumchecks() throws {
        for (v, c) in [(0, 0), (3, 1), (6, 3)] {
            let shape = try HyraxCommitment.Shape(variableCount: v, columnVariableCount: c)
            Self.exercise(HyraxCommitment.self, shape: shape, chunks: shape.rowCount)
            let opening = try #require(Self.elementCount(HyraxOpening.self, shape: shape))
            Self.exercise(HyraxOpening.self, shape: shape, chunks: opening)
        }
        for (v, d) in [(0, 2), (1, 2), (4, 3)] {
            let shape = ZKSumcheckProof.Shape(variableCount: v, degree: d)
            let chunks = try #require(Self.elementCount(ZKSumcheckProof.self, shape: shape))
            Self.exercise(ZKSumcheckProof.self, shape: shape, chunks: chunks)
        }
        for v in [0, 2, 5] {
            Self.exercise(
                ZeroCheck.Proof.self, shape: v, chunks: try #require(Self.elementCount(ZeroCheck.Proof.self, shape: v)))
            Self.exercise(
                ClaimBatching.Proof.self, shape: v,
                chunks: try #require(Self.elementCount(ClaimBatching.Proof.self, shape: v)))
            Self.exercise(GKRLayerProof.self, shape: v, chunks: try #require(Self.elementCount(GKRLayerProof.self, shape: v)))
            for isPublic in [false, true] {
                let shape = MatrixProductClaim.Shape(innerVariableCount: v, rightIsPublic: isPublic)
                Self.exercise(
                    MatrixProductClaim.Proof.self, shape: shape,
                    chunks: try #require(Self.elementCount(MatrixProductClaim.Proof.self, shape: shape)))
            }
        }
    }

    /// The sigmoid lookup with its own commitments and with the lookups and multiplicities held by the caller.
    @Test func tableLookupShapesDecodeStrictly() throws {
        let own = try TableLookupProof.Shape(
            lookups: try HyraxCommitment.Shape(variableCount: 3, columnVariableCount: 1), tableBits: 3,
            countColumnBits: 2)
        let byCaller = try TableLookupProof.Shape(lookupBits: 2, tableBits: 3)
        for shape in [own, byCaller] {
            let chunks = try #require(Self.elementCount(TableLookupProof.self, shape: shape, limit: 2000))
            #expect(32 * chunks == TableLookupProof.encodedByteCount(shape: shape))
            Self.exercise(TableLookupProof.self, shape: shape, chunks: chunks)
        }
    }

    @Test func rangeProofGarbageIsRejectedByTheVerifier() throws {
        let key = ProofTestContext.key
        let valueShape = try HyraxCommitment.Shape(variableCount: 3, columnVariableCount: 1)
        let shape = try RangeProof.Shape(values: valueShape, tableBits: 3, countColumnBits: 2)
        let chunks = try #require(Self.elementCount(RangeProof.self, shape: shape, limit: 2000))
        Self.exercise(RangeProof.self, shape: shape, chunks: chunks)
        // The layout with the multiplicities in the values' table region (no multiplicity messages).
        let inValues = try RangeProof.Shape(
            values: try HyraxCommitment.Shape(variableCount: 5, columnVariableCount: 2), tableBits: 3,
            countColumnBits: 2, embeddedTableRegion: 1, countsInValues: true)
        Self.exercise(
            RangeProof.self, shape: inValues,
            chunks: try #require(Self.elementCount(RangeProof.self, shape: inValues, limit: 2000)))
        // A 17-layer tree: two consistency proofs (512 + 64 entries) after the layers.
        let split = try RangeProof.Shape(
            values: try HyraxCommitment.Shape(variableCount: 4, columnVariableCount: 2), tableBits: 16,
            countColumnBits: 10)
        #expect(split.layout.leafBits == 17)
        Self.exercise(
            RangeProof.self, shape: split,
            chunks: try #require(Self.elementCount(RangeProof.self, shape: split, limit: 4000)))
        let rng = ProofTestContext.rng(for: MerlinTranscript(label: "fuzz"))
        let (commitment, _) = try HyraxCommitment.commit([1, 2, 3, 4, 5, 6, 7, 0], shape: valueShape, key: key, rng: rng)
        for seed in 1...5 {
            let proof = try RangeProof(decoding: Self.garbage(chunks: chunks, seed: UInt64(seed)), shape: shape)
            var transcript = MerlinTranscript(label: "fuzz")
            #expect(throws: ProofError.self) {
                try proof.verify(values: commitment, shape: shape, key: key, transcript: &transcript)
            }
        }
    }
}
