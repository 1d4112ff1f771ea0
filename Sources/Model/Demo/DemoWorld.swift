/// The synthetic world behind the demo ranker and `feeds/demo/` (documented in `feeds/demo/README.md`).
///
/// Topics with a global appeal, authors with a hidden quality, a home topic and a popularity, users with three
/// favourite topics; per request, 1,500 retrieved candidate posts with raw metadata correlated with the
/// author's quality, the post's age and its media; and a hidden "true" engagement model with four heads that
/// labels training examples. Everything is a pure function of ``Configuration/seed``: no stored state beyond the
/// small topic and author tables, no Foundation randomness, no libm (``DemoRandom``).
public struct DemoWorld: Sendable {
    /// The world's size and seed.
    public struct Configuration: Sendable, Equatable {
        /// The seed every stream derives from.
        public var seed: UInt64
        /// Topics 1…topicCount.
        public var topicCount: Int
        /// Authors 1…knownAuthorCount are known to the ranker (inside its author table).
        public var knownAuthorCount: Int
        /// Authors knownAuthorCount+1 … knownAuthorCount+newAuthorCount are new (outside the table: id 0).
        public var newAuthorCount: Int
        /// Users 1…userCount.
        public var userCount: Int
        /// Candidates per request.
        public var candidatesPerRequest: Int
        /// How many posts a ranked list shows.
        public var k: Int

        /// A configuration (the defaults are the demo's).
        public init(
            seed: UInt64 = 20_260_501, topicCount: Int = 64, knownAuthorCount: Int = 1_000, newAuthorCount: Int = 200,
            userCount: Int = 10_000, candidatesPerRequest: Int = 1_500, k: Int = 10
        ) {
            self.seed = seed
            self.topicCount = max(1, topicCount)
            self.knownAuthorCount = max(1, knownAuthorCount)
            self.newAuthorCount = max(0, newAuthorCount)
            self.userCount = max(1, userCount)
            self.candidatesPerRequest = max(1, candidatesPerRequest)
            self.k = max(1, k)
        }

        /// The configuration of `feeds/demo/` (matches ``FeatureSchema/demo``'s table sizes).
        public static let demo = Configuration()
    }

    /// An author (hidden from the ranker except through its id and its posts' metadata).
    public struct Author: Sendable, Equatable {
        /// The author's id.
        public var id: Int64
        /// Hidden quality, ~N(0, 1): raises engagement and counts.
        public var quality: Double
        /// The topic the author mostly posts about.
        public var homeTopic: Int64
        /// Audience size factor, log-normal (median 1).
        public var popularity: Double
        /// Probability that a post carries media.
        public var mediaRate: Double
    }

    /// A user: three favourite topics with affinities 1.0, 0.6 and 0.35; every other topic 0.05.
    public struct User: Sendable, Equatable {
        /// The user's id.
        public var id: Int64
        /// Favourite topics, strongest first.
        public var favoriteTopics: [Int64]

        /// The user's affinity for `topic` in [0, 1].
        public func affinity(for topic: Int64) -> Double {
            let levels = [1.0, 0.6, 0.35]
            for (i, t) in favoriteTopics.enumerated() where t == topic { return levels[min(i, levels.count - 1)] }
            return 0.05
        }
    }

    /// Which family of requests: the committed demo file, training data, or held-out evaluation data. Each has
    /// its own request-id prefix, post-id range and random streams, so they never overlap.
    public enum RequestStream: String, Sendable, CaseIterable {
        /// `feeds/demo/requests.jsonl` (`demo-0001`, …; post ids from 1).
        case demo
        /// Training examples for the demo ranker (`train-000001`, …).
        case training
        /// Held-out requests for accuracy reports (`heldout-0001`, …).
        case heldOut = "heldout"

        /// The stream's label in ``DemoRandom/stream(_:_:)`` and its post-id block (tag · 10^12).
        public var tag: UInt64 {
            switch self {
            case .demo: 0
            case .training: 1
            case .heldOut: 2
            }
        }

        /// The request id of request `index` (0-based) in this stream.
        public func requestID(index: Int) -> String {
            switch self {
            case .demo: "demo-" + zeroPadded(index + 1, width: 4)
            case .training: "train-" + zeroPadded(index + 1, width: 6)
            case .heldOut: "heldout-" + zeroPadded(index + 1, width: 4)
            }
        }
    }

    /// The world's configuration.
    public let configuration: Configuration
    /// Topic appeal by topic id (index 0 unused), ~0.5·N(0, 1).
    public let topicAppeal: [Double]
    /// Authors by id − 1 (known authors first, then new ones).
    public let authors: [Author]
    private let authorsByTopic: [[Int]]

    // Stream labels (ASCII tags, so the README can state them).
    private static let topicLabel: UInt64 = 0x746F_7069_63  // "topic"
    private static let authorLabel: UInt64 = 0x6175_7468_6F72  // "author"
    private static let userLabel: UInt64 = 0x7573_6572  // "user"
    private static let followLabel: UInt64 = 0x666F_6C6C_6F77  // "follow"
    private static let requestLabel: UInt64 = 0x7265_7175_6573_74  // "request"
    private static let labelLabel: UInt64 = 0x6C61_6265_6C73  // "labels"

    /// Builds the topic and author tables of the world `configuration` describes.
    /// - Complexity: O(topics + authors).
    public init(configuration: Configuration = .demo) {
        self.configuration = configuration
        let seed = configuration.seed
        var appeal = [0.0]
        for t in 1...configuration.topicCount {
            var rng = DemoRandom.stream(seed, Self.topicLabel, UInt64(t))
            appeal.append(0.5 * rng.normal())
        }
        topicAppeal = appeal
        var authors = [Author]()
        var byTopic = [[Int]](repeating: [], count: configuration.topicCount + 1)
        for a in 1...(configuration.knownAuthorCount + configuration.newAuthorCount) {
            var rng = DemoRandom.stream(seed, Self.authorLabel, UInt64(a))
            let author = Author(
                id: Int64(a),
                quality: rng.normal(),
                homeTopic: Int64(1 + rng.below(UInt64(configuration.topicCount))),
                popularity: DemoRandom.exp(0.8 * rng.normal()),
                mediaRate: 0.1 + 0.6 * rng.unit())
            byTopic[Int(author.homeTopic)].append(authors.count)
            authors.append(author)
        }
        self.authors = authors
        authorsByTopic = byTopic
    }

    /// The author with id `id`, if the world has one.
    public func author(_ id: Int64) -> Author? {
        guard id >= 1, id <= Int64(authors.count) else { return nil }
        return authors[Int(id - 1)]
    }

    /// The user with id `id` (any id works; the demo draws ids 1…userCount).
    public func user(_ id: Int64) -> User {
        var rng = DemoRandom.stream(configuration.seed, Self.userLabel, UInt64(bitPattern: id))
        var favorites = [Int64]()
        let topics = UInt64(configuration.topicCount)
        while favorites.count < min(3, configuration.topicCount) {
            let t = Int64(1 + rng.below(topics))
            if !favorites.contains(t) { favorites.append(t) }
        }
        return User(id: id, favoriteTopics: favorites)
    }

    /// The user's standing relation to an author: whether they follow, and their interactions in 30 days.
    /// A pure function of (user, author), so it agrees across requests.
    public func relation(user: User, author: Author) -> (follows: Bool, interactions: Int64) {
        var rng = DemoRandom.stream(
            configuration.seed, Self.followLabel, UInt64(bitPattern: user.id), UInt64(bitPattern: author.id))
        let follows = rng.unit() < 0.03 + 0.35 * user.affinity(for: author.homeTopic)
        let interactions: Int64
        if follows {
            interactions = Int64(min(DemoRandom.exp(1.0 + 0.8 * rng.normal()), 1_000))
        } else {
            interactions = rng.unit() < 0.1 ? Int64(1 + rng.below(3)) : 0
        }
        return (follows, interactions)
    }

    /// Request `index` (0-based) of `stream`: a user drawn uniformly, and ``Configuration/candidatesPerRequest``
    /// retrieved candidates with raw metadata.
    ///
    /// Retrieval: with probability 0.55 the topic is one of the user's favourites (weights 0.5/0.3/0.2), else
    /// uniform; with probability 0.75 the author is one whose home topic it is, else any author (new authors
    /// included). Age = ⌊4320·u²⌋ minutes (up to 3 days, skewed fresh). With g = 0.05 + 1 − e^(−age/240),
    /// λ = 30·popularity·e^(0.7·quality + 0.5·appeal + 0.6·z)·(1.4 if media)·g:
    /// likes = ⌊λ⌋, shares = ⌊0.06·λ·e^(0.5·quality + 0.5·z′)⌋, replies = ⌊0.04·λ·e^(0.4·z″)⌋ (+1 w.p. 0.3).
    /// - Complexity: O(candidatesPerRequest).
    public func request(_ stream: RequestStream, index: Int) -> FeedRequest {
        let seed = configuration.seed
        var rng = DemoRandom.stream(seed, Self.requestLabel, stream.tag, UInt64(index))
        let user = user(Int64(1 + rng.below(UInt64(configuration.userCount))))
        let topics = UInt64(configuration.topicCount)
        let authorCount = UInt64(authors.count)
        let postBase = Int64(stream.tag) * 1_000_000_000_000 + Int64(index) * 10_000
        var candidates = [RawPost]()
        candidates.reserveCapacity(configuration.candidatesPerRequest)
        for j in 0..<configuration.candidatesPerRequest {
            let topic: Int64
            if rng.unit() < 0.55 {
                let u = rng.unit()
                let slot = u < 0.5 ? 0 : (u < 0.8 ? 1 : 2)
                topic = user.favoriteTopics[min(slot, user.favoriteTopics.count - 1)]
            } else {
                topic = Int64(1 + rng.below(topics))
            }
            let author: Author
            let local = authorsByTopic[Int(topic)]
            if rng.unit() < 0.75, !local.isEmpty {
                author = authors[local[Int(rng.below(UInt64(local.count)))]]
            } else {
                author = authors[Int(rng.below(authorCount))]
            }
            let u = rng.unit()
            let ageMinutes = Int64(4_320 * u * u)
            let hasMedia = rng.unit() < author.mediaRate
            let growth = 0.05 + 1 - DemoRandom.exp(-Double(ageMinutes) / 240)
            let z = rng.normal()
            let lambda =
                30 * author.popularity * DemoRandom.exp(0.7 * author.quality + 0.5 * topicAppeal[Int(topic)] + 0.6 * z)
                * (hasMedia ? 1.4 : 1) * growth
            let likes = Int64(min(lambda, 1e9))
            let shares = Int64(min(0.06 * lambda * DemoRandom.exp(0.5 * author.quality + 0.5 * rng.normal()), 1e9))
            var replies = Int64(min(0.04 * lambda * DemoRandom.exp(0.4 * rng.normal()), 1e9))
            if rng.unit() < 0.3 { replies += 1 }
            let relation = relation(user: user, author: author)
            candidates.append(
                RawPost(
                    postID: postBase + Int64(j) + 1, authorID: author.id, topicID: topic, likes: likes, shares: shares,
                    replies: replies, ageMinutes: ageMinutes, hasMedia: hasMedia, followsAuthor: relation.follows,
                    authorInteractions: relation.interactions))
        }
        return FeedRequest(
            requestID: stream.requestID(index: index), userID: user.id, epoch: 1, k: configuration.k,
            candidates: candidates)
    }
}

// MARK: - The hidden engagement model

/// An engagement head of the demo ranker, in output order, with its fixed weight in score = Σ w_h·σ(logit_h).
public enum EngagementHead: String, Sendable, CaseIterable {
    /// The user opens the post.
    case click
    /// The user likes it.
    case like
    /// The user shares it.
    case share
    /// The user replies.
    case reply

    /// w_h: click 1, like 2, share 4, reply 3 (rarer, more deliberate engagement counts more).
    public var weight: Float {
        switch self {
        case .click: 1
        case .like: 2
        case .share: 4
        case .reply: 3
        }
    }
}

extension DemoWorld {
    /// The hidden "true" probability of each head (``EngagementHead`` order) when `user` sees `post`.
    ///
    /// With Q the author's hidden quality (0 for an author outside the world), P the topic's appeal, A the user's
    /// affinity for the topic, F/M the follow and media flags, I the interactions, L/S/R = log2(1 + likes/shares/
    /// replies) (``DemoRandom/log2OnePlus(_:)``) and H the age in hours:
    /// base = 0.9·Q + P + 2.2·A + 0.8·F + 0.5·log2(1 + I) − 0.035·H, and
    /// click = σ(−2.4 + base + 0.5·M + 0.08·L), like = σ(−3.2 + base + 0.15·L + 0.3·M),
    /// share = σ(−4.8 + base + 0.25·S + 0.5·Q), reply = σ(−4.4 + base + 0.7·F + 0.2·R).
    public func engagementProbabilities(of post: RawPost, for user: User) -> [Double] {
        let quality = author(post.authorID)?.quality ?? 0
        let appeal =
            topicAppeal.indices.contains(Int(post.topicID)) && post.topicID > 0 ? topicAppeal[Int(post.topicID)] : 0
        let follows = post.followsAuthor ? 1.0 : 0.0
        let media = post.hasMedia ? 1.0 : 0.0
        let likes = DemoRandom.log2OnePlus(Double(post.likes))
        let shares = DemoRandom.log2OnePlus(Double(post.shares))
        let replies = DemoRandom.log2OnePlus(Double(post.replies))
        let base =
            0.9 * quality + appeal + 2.2 * user.affinity(for: post.topicID) + 0.8 * follows
            + 0.5 * DemoRandom.log2OnePlus(Double(post.authorInteractions)) - 0.035 * Double(post.ageMinutes) / 60
        return [
            DemoRandom.sigmoid(-2.4 + base + 0.5 * media + 0.08 * likes),
            DemoRandom.sigmoid(-3.2 + base + 0.15 * likes + 0.3 * media),
            DemoRandom.sigmoid(-4.8 + base + 0.25 * shares + 0.5 * quality),
            DemoRandom.sigmoid(-4.4 + base + 0.7 * follows + 0.2 * replies),
        ]
    }

    /// Sampled 0/1 labels per head for every candidate of `request` (independent Bernoulli draws from
    /// ``engagementProbabilities(of:for:)``, from a stream keyed by the request id).
    public func labels(for request: FeedRequest) -> [[UInt8]] {
        let user = user(request.userID)
        var rng = DemoRandom.stream(configuration.seed, Self.labelLabel, DemoRandom.fnv1a(request.requestID))
        var result = [[UInt8]]()
        result.reserveCapacity(request.candidates.count)
        for post in request.candidates {
            result.append(engagementProbabilities(of: post, for: user).map { rng.unit() < $0 ? 1 : 0 })
        }
        return result
    }
}

private func zeroPadded(_ value: Int, width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
