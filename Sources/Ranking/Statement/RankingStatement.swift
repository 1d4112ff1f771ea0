import Crypto
import Model

/// The public statement of one proven request (DESIGN.md §1): which model ranked which candidates, with what
/// raw metadata and features, and the top-k it showed. The proof shows that the committed model, run on exactly
/// these features, ranks exactly ``shown`` first; the auditor recomputes the features from the raw metadata
/// with the public recipes (``checkFeatures(schema:)``).
///
/// Every value of this type is valid (``validate()``): all initializers check, and the fields are immutable.
/// The canonical bytes (``canonicalBytes``, layout in `docs/FORMAT.md` and in
/// `RankingStatement+Encoding.swift`) are what the platform signs (through ``digest``) and what the proof's
/// transcript absorbs; decoding them is strict (``init(canonicalBytes:)``).
public struct RankingStatement: Sendable, Equatable {
    /// At most this many candidates (n) in one statement.
    public static let maxCandidates = 1_000_000
    /// At most this many UTF-8 bytes in the request id.
    public static let maxRequestIDBytes = 4096
    /// At most this many dense (and, separately, id) features per candidate: the 16-bit count of the encoding,
    /// the same bound as ``FeatureSchema``.
    public static let maxFeaturesPerKind = Int(UInt16.max)
    /// At most this many bytes in the canonical encoding (256 MiB): enough for a million candidates with over
    /// fifty features each, small enough that a bundle's 32-bit statement length always suffices.
    public static let maxCanonicalByteCount = 256 << 20

    /// The model commitment the ranking was made with.
    public let modelID: ModelID
    /// The publication epoch (model version period).
    public let epoch: Int64
    /// The user the feed is for.
    public let userID: Int64
    /// The request's id (at most ``maxRequestIDBytes`` bytes of UTF-8).
    public let requestID: String
    /// The retrieved candidates with their raw metadata, in request order.
    public let candidates: [RawPost]
    /// The integer features of each candidate (same order), as the public recipes derive them.
    public let features: [FeatureVector]
    /// The post ids of the published top-k, best first (k = `shown.count`).
    public let shown: [Int64]

    /// A statement from its parts, validated (``validate()``).
    ///
    /// - Throws: the first ``StatementError`` ``validate()`` finds.
    public init(
        modelID: ModelID, epoch: Int64, userID: Int64, requestID: String, candidates: [RawPost],
        features: [FeatureVector], shown: [Int64]
    ) throws(StatementError) {
        self.modelID = modelID
        self.epoch = epoch
        self.userID = userID
        self.requestID = requestID
        self.candidates = candidates
        self.features = features
        self.shown = shown
        try validate()
    }

    /// The statement of a request ranked by the model `modelID`: the request's candidates, their features by
    /// `schema`'s public recipes, and the ranking `shown` (post ids, best first).
    ///
    /// - Throws: ``StatementError/features(_:)`` when a recipe refuses a candidate's metadata,
    ///   ``StatementError/shownCountMismatch(expected:actual:)`` when `shown` does not hold min(request.k, n)
    ///   posts, or what ``validate()`` finds.
    public init(request: FeedRequest, modelID: ModelID, schema: FeatureSchema, shown: [Int64]) throws(StatementError) {
        let features: [FeatureVector]
        do { features = try schema.features(for: request) } catch { throw .features(error) }
        let expected = max(0, min(request.k, request.candidates.count))
        guard shown.count == expected else { throw .shownCountMismatch(expected: expected, actual: shown.count) }
        try self.init(
            modelID: modelID, epoch: request.epoch, userID: request.userID, requestID: request.requestID,
            candidates: request.candidates, features: features, shown: shown)
    }

    /// The number of posts shown.
    public var k: Int { shown.count }

    /// The number of candidates.
    public var n: Int { candidates.count }

    /// The indices into ``candidates`` of the shown posts, in rank order.
    public var shownIndices: [Int] {
        var indexByID = [Int64: Int](minimumCapacity: candidates.count)
        for (index, post) in candidates.enumerated() { indexByID[post.postID] = index }
        // Every shown id is a candidate (validated); the fallback is unreachable.
        return shown.map { indexByID[$0] ?? -1 }
    }

    /// The dense and id feature counts every candidate has.
    public var featureShape: (dense: Int, ids: Int) {
        (features.first?.dense.count ?? 0, features.first?.ids.count ?? 0)
    }

    /// Checks the statement's structure: 1 ≤ n ≤ ``maxCandidates``, unique post ids, 1 ≤ k ≤ n, shown ids
    /// unique and among the candidates, one feature vector per candidate, all of one shape (at most
    /// ``maxFeaturesPerKind`` of each kind), the request id within ``maxRequestIDBytes`` bytes and the encoding
    /// within ``maxCanonicalByteCount`` bytes. Whether the features are the recipes' is
    /// ``checkFeatures(schema:)``'s job: it needs the model's schema.
    ///
    /// - Throws: the first ``StatementError`` found.
    /// - Complexity: O(n + k) plus the feature vectors' lengths.
    public func validate() throws(StatementError) {
        let idBytes = requestID.utf8.count
        guard idBytes <= Self.maxRequestIDBytes else {
            throw .stringTooLong(field: "request id", bytes: idBytes, limit: Self.maxRequestIDBytes)
        }
        guard !candidates.isEmpty else { throw .noCandidates }
        guard candidates.count <= Self.maxCandidates else {
            throw .tooManyCandidates(count: candidates.count, limit: Self.maxCandidates)
        }
        var postIDs = Set<Int64>(minimumCapacity: candidates.count)
        for post in candidates where !postIDs.insert(post.postID).inserted { throw .duplicatePostID(post.postID) }
        guard !shown.isEmpty else { throw .emptyRanking }
        guard shown.count <= candidates.count else { throw .tooManyShown(k: shown.count, n: candidates.count) }
        var shownIDs = Set<Int64>(minimumCapacity: shown.count)
        for id in shown {
            guard postIDs.contains(id) else { throw .shownNotCandidate(postID: id) }
            guard shownIDs.insert(id).inserted else { throw .duplicateShown(postID: id) }
        }
        guard features.count == candidates.count else {
            throw .featureCountMismatch(features: features.count, candidates: candidates.count)
        }
        let (dense, ids) = featureShape
        guard dense <= Self.maxFeaturesPerKind, ids <= Self.maxFeaturesPerKind else {
            throw .tooLarge(
                field: "features per candidate", value: UInt64(max(dense, ids)), limit: UInt64(Self.maxFeaturesPerKind))
        }
        for (post, vector) in zip(candidates, features) where vector.dense.count != dense || vector.ids.count != ids {
            throw .featureShapeMismatch(
                postID: post.postID, dense: vector.dense.count, ids: vector.ids.count, expectedDense: dense,
                expectedIDs: ids)
        }
        let size = Self.canonicalByteCount(
            requestIDBytes: idBytes, n: candidates.count, dense: dense, ids: ids, k: shown.count)
        guard size <= Self.maxCanonicalByteCount else {
            throw .tooLarge(field: "statement size", value: UInt64(size), limit: UInt64(Self.maxCanonicalByteCount))
        }
    }

    /// Checks that every stated feature vector is exactly `schema`'s public recipes applied to the candidate's
    /// raw metadata (DESIGN.md §3: a bundle whose features disagree with its metadata fails). Auditors run this
    /// with the schema from the committed model descriptor.
    ///
    /// - Throws: ``StatementError/features(_:)`` when a recipe refuses the metadata,
    ///   ``StatementError/featureShapeMismatch(postID:dense:ids:expectedDense:expectedIDs:)`` when the stated
    ///   shape is not the schema's, ``StatementError/featureMismatch(postID:)`` naming the first candidate whose
    ///   features differ.
    /// - Complexity: O(n × features).
    public func checkFeatures(schema: FeatureSchema) throws(StatementError) {
        for (post, stated) in zip(candidates, features) {
            let recomputed: FeatureVector
            do { recomputed = try schema.features(for: post) } catch { throw .features(error) }
            guard stated.dense.count == recomputed.dense.count, stated.ids.count == recomputed.ids.count else {
                throw .featureShapeMismatch(
                    postID: post.postID, dense: stated.dense.count, ids: stated.ids.count,
                    expectedDense: recomputed.dense.count, expectedIDs: recomputed.ids.count)
            }
            guard stated == recomputed else { throw .featureMismatch(postID: post.postID) }
        }
    }

    /// Whether ``checkFeatures(schema:)`` accepts the statement: the stated features are the public recipes
    /// applied to the raw metadata.
    public func recomputeFeatures(schema: FeatureSchema) -> Bool {
        do {
            try checkFeatures(schema: schema)
            return true
        } catch {
            return false
        }
    }

    /// SHA-512 of ``canonicalBytes`` (64 bytes): what the platform's bundle signature covers.
    public var digest: [UInt8] { Array(Crypto.SHA512.hash(data: canonicalBytes)) }
}
