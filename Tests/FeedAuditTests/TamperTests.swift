import FeedAudit
import Foundation
import Model
import Ranking
import Testing

/// The tamper suite of issue 6: every change to a proven bundle is rejected with the failed check named.
@Suite("Tampered bundles")
struct TamperTests {
    let fixture = AuditFixture.shared

    /// A statement with the given parts replaced (validated like any statement).
    func statement(
        _ base: RankingStatement, candidates: [RawPost]? = nil, features: [FeatureVector]? = nil, shown: [Int64]? = nil
    ) throws -> RankingStatement {
        try RankingStatement(
            modelID: base.modelID, epoch: base.epoch, userID: base.userID, requestID: base.requestID,
            candidates: candidates ?? base.candidates, features: features ?? base.features, shown: shown ?? base.shown)
    }

    func expectRejected(_ bundle: RankingBundle, at kind: AuditCheck.Kind, _ comment: Comment) {
        let verdict = fixture.auditor.audit(bundleBytes: bundle.encoded)
        #expect(verdict.status == .invalid, comment)
        #expect(verdict.failure?.kind == kind, "\(comment): \(verdict.reason)")
        #expect(verdict.reason.count > kind.rawValue.count + 2, "a reason is given")
    }

    @Test("the honest bundle is valid")
    func honest() throws {
        let verdict = fixture.auditor.audit(bundleBytes: try fixture.honestBundle().encoded)
        #expect(verdict.status == .valid, "\(verdict.reason)")
        #expect(verdict.checks.map(\.kind) == AuditCheck.Kind.allCases)
    }

    @Test("reordering, moving across the boundary, dropping, adding and changing k are rejected by the proof")
    func rankingChanges() throws {
        let honest = try fixture.honestBundle()
        let s = honest.statement
        let proof = honest.proof
        var swapped = s.shown
        swapped.swapAt(0, 1)
        expectRejected(fixture.bundle(try statement(s, shown: swapped), proof: proof), at: .proof, "two shown posts swapped")
        let unshown = s.candidates.map(\.postID).first { !s.shown.contains($0) }!
        var moved = s.shown
        moved[moved.count - 1] = unshown
        expectRejected(fixture.bundle(try statement(s, shown: moved), proof: proof), at: .proof, "a post moved across the top-k boundary")
        expectRejected(
            fixture.bundle(try statement(s, shown: Array(s.shown.dropLast())), proof: proof), at: .proof, "k changed")
        let dropIndex = s.candidates.firstIndex { $0.postID == unshown }!
        var fewer = s.candidates
        fewer.remove(at: dropIndex)
        var fewerFeatures = s.features
        fewerFeatures.remove(at: dropIndex)
        expectRejected(
            fixture.bundle(try statement(s, candidates: fewer, features: fewerFeatures), proof: proof), at: .proof,
            "a candidate dropped")
        var extra = s.candidates[dropIndex]
        extra.postID = 777_777
        expectRejected(
            fixture.bundle(
                try statement(s, candidates: s.candidates + [extra], features: s.features + [s.features[dropIndex]]),
                proof: proof), at: .proof, "a candidate added")
    }

    @Test("a changed raw metadata value or feature is caught by the recipes; a consistent change by the proof")
    func metadataAndFeatures() throws {
        let honest = try fixture.honestBundle()
        let s = honest.statement
        var posts = s.candidates
        posts[0].likes += 1_000
        expectRejected(fixture.bundle(try statement(s, candidates: posts), proof: honest.proof), at: .features, "metadata changed")
        var features = s.features
        features[1].dense[0] += 1
        expectRejected(fixture.bundle(try statement(s, features: features), proof: honest.proof), at: .features, "feature changed")
        let schema = fixture.publisher.schema
        let recomputed = try posts.map { (post: RawPost) throws -> FeatureVector in try schema.features(for: post) }
        expectRejected(
            fixture.bundle(try statement(s, candidates: posts, features: recomputed), proof: honest.proof), at: .proof,
            "metadata and features changed together")
    }

    @Test("a tie broken the wrong way is refused by the prover and rejected by the verifier")
    func ties() throws {
        var request = fixture.request
        let top = try fixture.publisher.statement(for: request).shownIndices[0]
        var twin = request.candidates[top]
        twin.postID = request.candidates.map(\.postID).max()! + 1
        request.candidates.append(twin)
        let honest = try fixture.honestBundle(request)
        let s = honest.statement
        #expect(Array(s.shown.prefix(2)) == [request.candidates[top].postID, twin.postID], "ties by ascending id")
        var wrong = s.shown
        wrong.swapAt(0, 1)
        let prover = RankingProver(
            ranker: fixture.opening.ranker, tensors: fixture.opening.witnesses, modelID: fixture.commitment.modelID,
            key: RankingParameters.commitmentKey)
        let tampered = try statement(s, shown: wrong)
        #expect(throws: RankingError.self) {
            try prover.prove(
                features: tampered.features, postIDs: tampered.candidates.map(\.postID),
                shown: tampered.shownIndices, statement: tampered.canonicalBytes)
        }
        expectRejected(fixture.bundle(tampered, proof: honest.proof), at: .proof, "tie broken the wrong way")
    }

    @Test("a proof from a model differing in one weight, and a model absent from the log, are rejected")
    func otherModels() throws {
        let ranker = fixture.opening.ranker
        var weights = ranker.layerWeights
        weights[0][0] = weights[0][0] == 127 ? 126 : weights[0][0] + 1
        let altered = try QuantizedRanker(
            descriptor: ranker.descriptor, embeddingTables: ranker.embeddingTables, layerWeights: weights,
            layerBiases: ranker.layerBiases, headWeights: ranker.headWeights, scoreScale: ranker.scoreScale)
        let (otherCommitment, otherOpening) = try ModelCommitment.commit(altered)
        let statement = try fixture.publisher.statement(for: fixture.request)
        let otherProver = RankingProver(
            ranker: altered, tensors: otherOpening.witnesses, modelID: fixture.commitment.modelID,
            key: RankingParameters.commitmentKey)
        let proof = try otherProver.prove(
            features: statement.features, postIDs: statement.candidates.map(\.postID),
            shown: statement.shownIndices, statement: statement.canonicalBytes)
        expectRejected(fixture.bundle(statement, proof: proof.encoded), at: .proof, "one weight differs")

        // The other model published with its own key, but never appended to the log.
        let anchors = TrustAnchors(
            publications: [
                try ModelPublication(name: "demo", opening: fixture.opening),
                try ModelPublication(name: "unlogged", opening: otherOpening),
            ], log: fixture.log, logKey: fixture.logKey.publicKey)
        let unlogged = try RankingPublisher(opening: otherOpening).publish(fixture.request)
        let verdict = FeedAuditor(anchors: anchors).audit(unlogged)
        #expect(verdict.status == .invalid)
        #expect(verdict.failure?.kind == .logInclusion, "\(verdict.reason)")
        #expect(otherCommitment.modelID != fixture.commitment.modelID)
    }

    @Test("a bad signature and a foreign platform key are rejected")
    func signatures() throws {
        let honest = try fixture.honestBundle()
        var bytes = honest.encoded
        bytes[bytes.count - 1] ^= 0x01
        let verdict = fixture.auditor.audit(bundleBytes: bytes)
        #expect(verdict.status == .invalid)
        #expect(verdict.failure?.kind == .signature)
        let foreign = RankingBundle.sign(statement: honest.statement, proof: honest.proof, key: PlatformSigningKey())
        expectRejected(foreign, at: .modelCommitment, "signed by a key that is not the published one")
    }

    @Test("every region of the proof altered (first, last and two inner bytes) is rejected")
    func proofRegions() throws {
        let honest = try fixture.honestBundle()
        let layout = try RankingLayout(
            descriptor: fixture.commitment.descriptor, candidateCount: honest.statement.n, shownCount: honest.statement.k)
        let proof = try RankingProof(encoded: honest.proof, layout: layout)
        let regions = proof.regions
        #expect(regions.last?.range.upperBound == honest.proof.count)
        for region in regions {
            let r = region.range
            for offset in Set([r.lowerBound, r.lowerBound + r.count / 3, r.lowerBound + 2 * r.count / 3, r.upperBound - 1]) {
                var bytes = honest.proof
                bytes[offset] ^= 0x04
                expectRejected(
                    fixture.bundle(honest.statement, proof: bytes), at: .proof, "\(region.name) byte \(offset)")
            }
        }
    }

    @Test("truncated and extended bundles are unreadable")
    func truncatedAndExtended() throws {
        let bytes = try fixture.honestBundle().encoded
        for cut in [0, 1, 4, 6, 100, bytes.count / 2, bytes.count - 1] {
            #expect(fixture.auditor.audit(bundleBytes: Array(bytes.prefix(cut))).status == .unreadable)
        }
        #expect(fixture.auditor.audit(bundleBytes: bytes + [0]).status == .unreadable)
    }
}
