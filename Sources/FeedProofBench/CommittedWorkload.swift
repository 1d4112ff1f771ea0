import Model
import Proofs
import Ranking

/// A reference workload with its model committed: everything needed to prove, verify and run the golden inference
/// of its one ranking request, through the public prover and verifier as `feedproof prove` / `verify` use them.
public struct CommittedWorkload: Sendable {
    /// The workload.
    public let workload: ReferenceWorkload
    /// Post ids 1…n.
    public let postIDs: [Int64]
    /// The model's ranking (indices into the candidates, in rank order).
    public let shown: [Int]
    /// The statement bytes the proof binds (a fixed label per workload).
    public let statement: [UInt8]
    /// The proof's public shape.
    public let layout: RankingLayout
    /// The prover, holding the model's commitment witnesses.
    public let prover: RankingProver
    /// The verifier, holding only the commitments.
    public let verifier: RankingVerifier

    /// Commits the workload's model (the one-time cost a platform pays per model version) and ranks its candidates.
    public init(_ workload: ReferenceWorkload, key: CommitmentKey = RankingParameters.commitmentKey) throws {
        let ranker = workload.ranker
        let n = workload.features.count
        let ids = (0..<n).map { Int64($0 + 1) }
        let shown = ranker.descriptor.rankingRule.rank(
            scores: ranker.scores(workload.features), postIDs: ids, k: workload.shownCount)
        let (commitment, opening) = try ModelCommitment.commit(ranker, key: key)
        self.workload = workload
        self.postIDs = ids
        self.shown = shown
        self.statement = Array("bench \(workload.size.title)".utf8)
        self.layout = try RankingLayout(descriptor: ranker.descriptor, candidateCount: n, shownCount: shown.count)
        self.prover = RankingProver(
            ranker: ranker, tensors: opening.witnesses, modelID: commitment.modelID, key: key)
        self.verifier = try RankingVerifier(
            descriptor: ranker.descriptor, tensors: opening.witnesses.map { $0.commitment },
            modelID: commitment.modelID, key: key)
    }

    /// Proves the ranking.
    public func prove() throws -> RankingProof {
        try prover.prove(features: workload.features, postIDs: postIDs, shown: shown, statement: statement)
    }

    /// Decodes and verifies an encoded proof (throws if it is rejected).
    public func verify(_ proof: [UInt8]) throws {
        try verifier.verify(
            proof: proof, features: workload.features, postIDs: postIDs, shown: shown, statement: statement)
    }

    /// Decodes an encoded proof only (the verifier's first step).
    public func decode(_ proof: [UInt8]) throws -> RankingProof {
        try RankingProof(encoded: proof, layout: layout)
    }

    /// Plain golden integer inference of every candidate: what the proof proves was computed.
    public func goldenScores() -> [Int64] {
        workload.ranker.scores(workload.features)
    }
}
