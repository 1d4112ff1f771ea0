import Foundation
import Model
import Proofs
import Testing
import Transcript

@testable import Ranking

/// End-to-end ranking proofs on the demo ranker with a few candidates (DESIGN.md §2).
@Suite("Ranking proof")
struct RankingProofTests {
    struct Instance {
        let ranker: QuantizedRanker
        let tensors: ModelTensors<HyraxWitness>
        let features: [FeatureVector]
        let postIDs: [Int64]
        let shown: [Int]
        let modelID: ModelID

        var prover: RankingProver {
            RankingProver(ranker: ranker, tensors: tensors, modelID: modelID, key: RankingParameters.commitmentKey)
        }

        func verifier() throws -> RankingVerifier {
            try RankingVerifier(
                descriptor: ranker.descriptor, tensors: tensors.map { $0.commitment }, modelID: modelID,
                key: RankingParameters.commitmentKey)
        }
    }

    /// The demo ranker committed once for the whole suite.
    static let committed: Result<(ModelCommitment, ModelOpening), any Error> = Result {
        try ModelCommitment.commit(try StatementSamples.demoRanker())
    }

    static func instance(candidates n: Int, shown k: Int) throws -> Instance {
        let (commitment, opening) = try committed.get()
        let ranker = opening.ranker
        let request = try StatementSamples.demoRequest()
        let posts = Array(request.candidates.prefix(n))
        let features = try posts.map { (post: RawPost) throws -> FeatureVector in try FeatureSchema.demo.features(for: post) }
        let ids = posts.map(\.postID)
        let scores = ranker.scores(features)
        let shown = ranker.descriptor.rankingRule.rank(scores: scores, postIDs: ids, k: k)
        return Instance(
            ranker: ranker, tensors: opening.witnesses, features: features, postIDs: ids, shown: shown,
            modelID: commitment.modelID)
    }

    @Test("an honest proof verifies, and its encoding round-trips")
    func honest() throws {
        let x = try Self.instance(candidates: 12, shown: 4)
        let statement: [UInt8] = Array("statement".utf8)
        let proof = try x.prover.prove(features: x.features, postIDs: x.postIDs, shown: x.shown, statement: statement)
        let bytes = proof.encoded
        let verifier = try x.verifier()
        try verifier.verify(proof: bytes, features: x.features, postIDs: x.postIDs, shown: x.shown, statement: statement)
        print("proof bytes", bytes.count)
    }

    /// The prover's hedged RNG is keyed with a digest of the whole opening (DESIGN.md §2 zero-knowledge rule 3): the
    /// same for the same opening, different when one weight or one row blinder differs (a fresh commitment of the
    /// same model has new blinders).
    @Test("the prover's RNG key covers every weight and blinder of the opening")
    func openingDigestCoversTheSecrets() throws {
        let x = try Self.instance(candidates: 4, shown: 2)
        let digest = RankingProver.digest(of: x.tensors)
        #expect(digest.count == 64)
        #expect(x.prover.openingDigest == digest)
        #expect(RankingProver.digest(of: x.tensors) == digest)
        let recommitted = try ModelCommitment.commit(x.ranker).1.witnesses
        #expect(RankingProver.digest(of: recommitted) != digest)
        var changed = x.tensors
        let weights = changed.layerWeights[1]
        var values = weights.values
        values[values.count / 2] += 1
        changed.layerWeights[1] = HyraxWitness(
            commitment: weights.commitment, values: values, rowBlinders: weights.rowBlinders)
        #expect(RankingProver.digest(of: changed) != digest)
    }
}

extension RankingProofTests {
    @Test("the verifier rejects the proof for a changed ranking, feature or candidate set")
    func alteredStatements() throws {
        let x = try Self.instance(candidates: 12, shown: 4)
        let statement: [UInt8] = Array("statement".utf8)
        let bytes = try x.prover.prove(
            features: x.features, postIDs: x.postIDs, shown: x.shown, statement: statement
        ).encoded
        let verifier = try x.verifier()
        func rejects(features: [FeatureVector]? = nil, postIDs: [Int64]? = nil, shown: [Int]? = nil) -> Bool {
            do {
                try verifier.verify(
                    proof: bytes, features: features ?? x.features, postIDs: postIDs ?? x.postIDs,
                    shown: shown ?? x.shown, statement: statement)
                return false
            } catch { return true }
        }
        var swapped = x.shown
        swapped.swapAt(0, 1)
        #expect(rejects(shown: swapped))
        var features = x.features
        features[x.shown[0]].dense[0] += 1
        #expect(rejects(features: features))
        let unshown = x.postIDs.indices.first { !x.shown.contains($0) }!
        var moved = x.shown
        moved[3] = unshown
        #expect(rejects(shown: moved))
        #expect(rejects(shown: Array(x.shown.prefix(3))))
        #expect(rejects(postIDs: x.postIDs.map { $0 + 1 }, shown: swapped))
    }
}

extension RankingProofTests {
    @Test("edge shapes prove and verify: n = 1, k = n, k = 1, a non-power-of-two n", arguments: [(1, 1), (2, 2), (5, 1), (7, 7)])
    func edgeShapes(_ shape: (n: Int, k: Int)) throws {
        let x = try Self.instance(candidates: shape.n, shown: shape.k)
        let statement: [UInt8] = Array("edge".utf8)
        let proof = try x.prover.prove(features: x.features, postIDs: x.postIDs, shown: x.shown, statement: statement)
        try x.verifier().verify(
            proof: proof.encoded, features: x.features, postIDs: x.postIDs, shown: x.shown, statement: statement)
    }

    @Test("decoding never traps: every truncation class, extensions and random bytes give typed errors")
    func decodingNeverTraps() throws {
        let x = try Self.instance(candidates: 3, shown: 2)
        let statement: [UInt8] = Array("fuzz".utf8)
        let bytes = try x.prover.prove(
            features: x.features, postIDs: x.postIDs, shown: x.shown, statement: statement
        ).encoded
        let layout = try RankingLayout(descriptor: x.ranker.descriptor, candidateCount: 3, shownCount: 2)
        var cuts = Array(stride(from: 0, to: bytes.count, by: 97))
        cuts += [bytes.count - 1, bytes.count - 32, 1, 31, 33]
        for cut in cuts {
            #expect(throws: RankingError.self) { try RankingProof(encoded: Array(bytes.prefix(cut)), layout: layout) }
        }
        #expect(throws: RankingError.self) { try RankingProof(encoded: bytes + [0], layout: layout) }
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 32, 64, 1000, bytes.count] {
            let random = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(throws: RankingError.self) { try RankingProof(encoded: random, layout: layout) }
        }
        // A proof decoded under a different layout (n or k) is refused, never misread.
        let other = try RankingLayout(descriptor: x.ranker.descriptor, candidateCount: 5, shownCount: 2)
        #expect(throws: RankingError.self) { try RankingProof(encoded: bytes, layout: other) }
    }
}

extension RankingProofTests {
    @Test("two proofs of one statement share no group element or scalar (fresh blinders and nonces everywhere)")
    func freshRandomness() throws {
        let x = try Self.instance(candidates: 3, shown: 2)
        let statement: [UInt8] = Array("twice".utf8)
        func elements() throws -> Set<[UInt8]> {
            let bytes = try x.prover.prove(
                features: x.features, postIDs: x.postIDs, shown: x.shown, statement: statement
            ).encoded
            return Set(stride(from: 0, to: bytes.count, by: 32).map { Array(bytes[$0..<$0 + 32]) })
        }
        let first = try elements()
        let second = try elements()
        #expect(first.count > 1_000)
        #expect(first.isDisjoint(with: second), "\(first.intersection(second).count) elements repeat")
    }
}

extension RankingProofTests {
    @Test("range table, multiplicities and sigmoid lookups in V (n = 512): proves, verifies, rejects regions altered")
    func embeddedRangeTable() throws {
        let request = try StatementSamples.demoRequest()
        let n = 512
        let x = try Self.instance(candidates: n, shown: 10)
        #expect(request.candidates.count >= n)
        let layout = try RankingLayout(descriptor: x.ranker.descriptor, candidateCount: n, shownCount: 10)
        #expect(layout.rangeShape.layout.embeddedTableRegion != nil, "\(layout.summary)")
        #expect(layout.rangeShape.countsInValues)
        #expect(layout.lookupsInValues && layout.sigmoidShape == nil, "\(layout.summary)")
        let statement: [UInt8] = Array("large".utf8)
        let proof = try x.prover.prove(features: x.features, postIDs: x.postIDs, shown: x.shown, statement: statement)
        #expect(proof.range.counts == nil && proof.range.countOpening == nil)
        // L and the sigmoid multiplicities are blocks of V: no commitment or opening of their own.
        #expect(proof.sigmoid == nil && proof.sigmoidOpenings.isEmpty)
        #expect(proof.lookup.counts == nil && proof.lookup.countOpening == nil && proof.lookup.inputOpening == nil)
        #expect(!proof.regions.contains { $0.name.hasPrefix("sigmoid commitment") || $0.name == "sigmoid openings" })
        let bytes = proof.encoded
        let verifier = try x.verifier()
        try verifier.verify(proof: bytes, features: x.features, postIDs: x.postIDs, shown: x.shown, statement: statement)
        var swapped = x.shown
        swapped.swapAt(2, 3)
        #expect(throws: RankingError.self) {
            try verifier.verify(proof: bytes, features: x.features, postIDs: x.postIDs, shown: swapped, statement: statement)
        }
        // Every region, the lookup's claims (now opened through V's batching) included, altered in its middle.
        for region in proof.regions where !region.range.isEmpty {
            var altered = bytes
            altered[region.range.lowerBound + region.range.count / 2] ^= 0x04
            #expect(throws: RankingError.self, "\(region.name)") {
                try verifier.verify(
                    proof: altered, features: x.features, postIDs: x.postIDs, shown: x.shown, statement: statement)
            }
        }
    }

    @Test("small requests keep L and the sigmoid multiplicities in their own commitments (V would grow)")
    func smallLayoutKeepsItsOwnLookupCommitments() throws {
        let x = try Self.instance(candidates: 12, shown: 4)
        let layout = try RankingLayout(descriptor: x.ranker.descriptor, candidateCount: 12, shownCount: 4)
        #expect(!layout.lookupsInValues && layout.sigmoidShape != nil, "\(layout.summary)")
        let proof = try x.prover.prove(features: x.features, postIDs: x.postIDs, shown: x.shown, statement: [1])
        #expect(proof.sigmoid != nil && proof.sigmoidOpenings.count == 2 && proof.lookup.counts != nil)
    }
}
