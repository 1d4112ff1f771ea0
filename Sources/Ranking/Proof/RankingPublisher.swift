import Model
import Proofs

/// What a platform runs per request (DESIGN.md §1): rank the candidates with the golden model, state the
/// published top-k, prove it and sign the bundle.
public struct RankingPublisher: Sendable {
    /// The private model opening (weights, blinders, signing key).
    public let opening: ModelOpening
    /// The feature recipes the descriptor commits to.
    public let schema: FeatureSchema
    private let prover: RankingProver
    private let signingKey: PlatformSigningKey

    /// A publisher for a committed model.
    /// - Throws: ``RankingError/invalidInput(_:)`` when the descriptor's feature schema or the signing key is
    ///   unreadable.
    public init(opening: ModelOpening, key: CommitmentKey = RankingParameters.commitmentKey) throws(RankingError) {
        self.opening = opening
        do { self.schema = try FeatureSchema(canonicalBytes: opening.ranker.descriptor.featureSchema) } catch {
            throw .invalidInput("the model's feature schema: \(error)")
        }
        do { self.signingKey = try PlatformSigningKey(rawRepresentation: opening.signingKeyRawRepresentation) } catch {
            throw .invalidInput("the opening's signing key: \(error)")
        }
        self.prover = RankingProver(
            ranker: opening.ranker, tensors: opening.witnesses, modelID: opening.commitment.modelID, key: key)
    }

    /// The statement of a request: features by the recipes, and the golden model's top-min(k, n).
    /// - Throws: ``RankingError/invalidInput(_:)`` for a request the recipes or the statement rules refuse.
    public func statement(for request: FeedRequest) throws(RankingError) -> RankingStatement {
        let features: [FeatureVector]
        do { features = try schema.features(for: request) } catch {
            throw .invalidInput("request \(request.requestID): \(error)")
        }
        let ids = request.candidates.map(\.postID)
        let order = opening.ranker.descriptor.rankingRule.rank(
            scores: opening.ranker.scores(features), postIDs: ids, k: request.k)
        // The features just computed are the statement's (RankingStatement(request:…) would derive them again).
        do {
            return try RankingStatement(
                modelID: opening.commitment.modelID, epoch: request.epoch, userID: request.userID,
                requestID: request.requestID, candidates: request.candidates, features: features,
                shown: order.map { ids[$0] })
        } catch {
            throw .invalidInput("request \(request.requestID): \(error)")
        }
    }

    /// Proves a statement.
    public func prove(_ statement: RankingStatement) throws(RankingError) -> RankingProof {
        try prover.prove(
            features: statement.features, postIDs: statement.candidates.map(\.postID),
            shown: statement.shownIndices, statement: statement.canonicalBytes)
    }

    /// Ranks, proves and signs one request.
    public func publish(_ request: FeedRequest) throws(RankingError) -> RankingBundle {
        let statement = try statement(for: request)
        return RankingBundle.sign(statement: statement, proof: try prove(statement).encoded, key: signingKey)
    }
}

extension RankingVerifier {
    /// A verifier for a published model commitment.
    public init(commitment: ModelCommitment, key: CommitmentKey = RankingParameters.commitmentKey) throws(RankingError) {
        try self.init(
            descriptor: commitment.descriptor, tensors: commitment.commitments, modelID: commitment.modelID, key: key)
    }

    /// Verifies a proof of a statement (which must name this verifier's model).
    public func verify(proof: [UInt8], statement: RankingStatement) throws(RankingError) {
        guard statement.modelID == modelID else {
            throw .invalidInput("the statement names model \(statement.modelID.hex.prefix(16))…, not this one")
        }
        try verify(
            proof: proof, features: statement.features, postIDs: statement.candidates.map(\.postID),
            shown: statement.shownIndices, statement: statement.canonicalBytes)
    }

    /// Every check of ``verify(proof:statement:)`` but the final group equations, which are returned for a batch.
    public func collectEquations(proof: [UInt8], statement: RankingStatement) throws(RankingError)
        -> GroupEquationBatch
    {
        guard statement.modelID == modelID else {
            throw .invalidInput("the statement names model \(statement.modelID.hex.prefix(16))…, not this one")
        }
        return try collectEquations(
            proof: proof, features: statement.features, postIDs: statement.candidates.map(\.postID),
            shown: statement.shownIndices, statement: statement.canonicalBytes)
    }
}
