import Archive
import Foundation
import Model
import Ranking

/// A tiny committed model (2 dense features → 4 → 2 heads, a 2^6-entry sigmoid table), logged, with a publisher
/// and small requests (6 candidates, top 3), so every archive test proves in milliseconds.
struct ArchiveFixture: @unchecked Sendable {
    let opening: ModelOpening
    let publisher: RankingPublisher
    let log: TransparencyLog
    /// The log operator's key (its public half is a trust anchor of the verify-archive tests).
    let logKey: LogSigningKey
    let header: ArchiveHeader

    static let shared: Result<ArchiveFixture, any Error> = Result { try ArchiveFixture() }

    static func get() throws -> ArchiveFixture { try shared.get() }

    /// The tiny model's feature schema: log-bucketed likes and clipped author interactions.
    static let schema: Result<FeatureSchema, any Error> = Result {
        try FeatureSchema(
            dense: [
                .init("likes_log2", .likes, .logBucket(maxBucket: 20)),
                .init("interactions", .authorInteractions, .clip(min: 0, max: 30)),
            ], ids: [])
    }

    init() throws {
        opening = try Self.commitTinyModel()
        publisher = try RankingPublisher(opening: opening)
        var log = TransparencyLog()
        logKey = LogSigningKey()
        _ = try log.append(opening.commitment.modelID.bytes)
        try log.signTreeHead(timestamp: 1, with: logKey)
        self.log = log
        header = try ArchiveHeader(opening: opening, log: log)
    }

    /// Quantizes and commits the tiny ranker (fresh blinders and key: each call gives another ModelID).
    static func commitTinyModel() throws -> ModelOpening {
        let schema = try schema.get()
        let float = FloatRanker(
            denseFeatureCount: 2, embeddings: [],
            trunk: [
                .init(
                    name: "fc0", inputs: 2, outputs: 4, weights: [0.5, -0.25, 0.75, 0.1, -0.4, 0.6, 0.2, 0.3],
                    bias: [0.1, 0, -0.1, 0.05], relu: true)
            ],
            heads: .init(
                name: "heads", inputs: 4, outputs: 2, weights: [0.3, -0.2, 0.25, 0.1, -0.1, 0.2, 0.05, 0.3],
                bias: [0, 0.1], relu: false),
            headWeights: [1, 0.5])
        let calibration = try (0..<32).map { try schema.features(for: post(Int64($0), seed: UInt64($0))) }
        let ranker = try QuantizedRanker(
            float, calibration: calibration,
            options: QuantizationOptions(
                featureSchema: schema.canonicalBytes, sigmoidInputBits: 6, sigmoidFractionBits: 2))
        return try ModelCommitment.commit(ranker).opening
    }

    /// A deterministic post.
    static func post(_ id: Int64, seed: UInt64) -> RawPost {
        let mixed = (seed &+ 1) &* 0x9E37_79B9_7F4A_7C15
        return RawPost(
            postID: id, authorID: Int64(mixed >> 50), topicID: 1, likes: Int64((mixed >> 8) % 5_000),
            shares: 0, replies: 0, ageMinutes: 10, hasMedia: false, followsAuthor: false,
            authorInteractions: Int64((mixed >> 32) % 40))
    }

    /// Request `index`: user `user`, 6 candidates, top 3.
    static func request(_ index: Int, user: Int64? = nil, likesOffset: Int64 = 0) -> FeedRequest {
        var posts = (0..<6).map { post(Int64(100 * index + $0 + 1), seed: UInt64(index * 31 + $0)) }
        for i in posts.indices { posts[i].likes += likesOffset }
        return FeedRequest(
            requestID: "req-\(index)", userID: user ?? Int64(1 + index % 5), epoch: 3, k: 3, candidates: posts)
    }

    /// JSON Lines for `requests`.
    static func jsonLines(_ requests: [FeedRequest]) throws -> [UInt8] {
        try requests.reduce(into: [UInt8]()) { $0 += try FeedGenerator.jsonLine(for: $1) }
    }

    /// A fresh temporary directory, removed by the caller's `defer`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "feedproof-archive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `bytes` to `name` in `folder` and returns the path.
    @discardableResult
    static func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// A new archive for this fixture's model at `name` in `folder`.
    func archive(_ name: String, in folder: URL) throws -> RankingArchive {
        try RankingArchive(openingForPublishing: folder.appendingPathComponent(name).path, header: header)
    }

    /// Publishes `requests` (as a JSON Lines file) into `archive`.
    @discardableResult
    func publish(_ requests: [FeedRequest], into archive: RankingArchive, shard: Shard = .whole, in folder: URL)
        throws -> BatchProgress
    {
        let path = try Self.write(try Self.jsonLines(requests), "requests.jsonl", in: folder)
        return try BatchPublisher(archive: archive, publisher: publisher, shard: shard).run(requestsAt: path)
    }
}

/// The error a test's publish step throws to simulate a crash (not a `RankingError`, so the batch stops).
struct SimulatedCrash: Error {}
