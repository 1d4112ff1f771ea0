import Foundation

/// One ranking request as the publisher receives it and the archive stores it: a user, the candidate posts with
/// their raw metadata, and how many to show. One JSON object per line in `feeds/*/requests.jsonl`.
///
/// ```json
/// {"request_id":"demo-0001","user_id":17,"epoch":1,"k":10,"candidates":[{"post_id":9001,"author_id":42,…}]}
/// ```
public struct FeedRequest: Sendable, Equatable, Codable {
    /// A unique id for the request (absorbed into its proof's transcript).
    public var requestID: String
    /// The user the feed is for.
    public var userID: Int64
    /// The publication epoch (model version period).
    public var epoch: Int64
    /// How many posts the ranked list shows.
    public var k: Int
    /// The retrieved candidates.
    public var candidates: [RawPost]

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id"
        case userID = "user_id"
        case epoch, k, candidates
    }

    /// A request.
    public init(requestID: String, userID: Int64, epoch: Int64, k: Int, candidates: [RawPost]) {
        self.requestID = requestID
        self.userID = userID
        self.epoch = epoch
        self.k = k
        self.candidates = candidates
    }
}

/// A candidate post's raw metadata, exactly as published next to a ranking (DESIGN.md §1: stated in the
/// clear; the features are recomputed from it by the public recipes).
public struct RawPost: Sendable, Equatable, Codable {
    /// The post's id (ties in the ranking break by ascending id).
    public var postID: Int64
    /// The author's id.
    public var authorID: Int64
    /// The topic's id.
    public var topicID: Int64
    /// Likes so far.
    public var likes: Int64
    /// Shares so far.
    public var shares: Int64
    /// Replies so far.
    public var replies: Int64
    /// Minutes since the post was published.
    public var ageMinutes: Int64
    /// Whether the post has an image or video.
    public var hasMedia: Bool
    /// Whether the requesting user follows the author.
    public var followsAuthor: Bool
    /// How many times the user interacted with the author in the last 30 days.
    public var authorInteractions: Int64

    enum CodingKeys: String, CodingKey {
        case postID = "post_id"
        case authorID = "author_id"
        case topicID = "topic_id"
        case likes, shares, replies
        case ageMinutes = "age_minutes"
        case hasMedia = "has_media"
        case followsAuthor = "follows_author"
        case authorInteractions = "author_interactions"
    }

    /// A post's metadata.
    public init(
        postID: Int64, authorID: Int64, topicID: Int64, likes: Int64, shares: Int64, replies: Int64,
        ageMinutes: Int64, hasMedia: Bool, followsAuthor: Bool, authorInteractions: Int64
    ) {
        self.postID = postID
        self.authorID = authorID
        self.topicID = topicID
        self.likes = likes
        self.shares = shares
        self.replies = replies
        self.ageMinutes = ageMinutes
        self.hasMedia = hasMedia
        self.followsAuthor = followsAuthor
        self.authorInteractions = authorInteractions
    }
}
