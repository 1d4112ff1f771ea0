import FeedAudit
import Model
import Ranking

/// One audited bundle as the audit screen shows it: where it came from, its verdict, and, when the statement is
/// readable, the shown posts in rank order with their raw metadata and derived features.
public struct AuditedRequest: Sendable {
    /// One shown post.
    public struct ShownPost: Sendable, Equatable {
        /// Its rank, 1 for the top.
        public let rank: Int
        /// Its raw metadata as stated (not proven true).
        public let post: RawPost
        /// Its features as stated (checked against the public recipes when the verdict's features check passed).
        public let features: FeatureVector
    }

    /// Where the bundle came from (a file path or an archive row).
    public let source: String
    /// The audit's verdict.
    public let verdict: AuditVerdict
    /// The shown posts, best first (empty when the bundle was unreadable).
    public let shownPosts: [ShownPost]
    /// The names of the dense and id features, from the published model's schema (empty when the model is unknown).
    public let featureNames: (dense: [String], ids: [String])

    /// The statement, when the bundle decoded.
    public var statement: RankingStatement? { verdict.statement }

    /// An audited request from its verdict; feature names come from `anchors` when they publish the model.
    public init(source: String, verdict: AuditVerdict, anchors: TrustAnchors? = nil) {
        self.source = source
        self.verdict = verdict
        var posts: [ShownPost] = []
        if let statement = verdict.statement, statement.features.count == statement.candidates.count {
            for (rank, index) in statement.shownIndices.enumerated() where statement.candidates.indices.contains(index)
            {
                posts.append(
                    ShownPost(rank: rank + 1, post: statement.candidates[index], features: statement.features[index]))
            }
        }
        shownPosts = posts
        var names: (dense: [String], ids: [String]) = ([], [])
        if let statement = verdict.statement, let model = anchors?.models[statement.modelID],
            let schema = try? FeatureSchema(canonicalBytes: model.publication.commitment.descriptor.featureSchema)
        {
            names = (schema.dense.map(\.name), schema.ids.map(\.name))
        }
        featureNames = names
    }

    /// Audits `bytes` with `auditor`.
    public static func audit(source: String, bytes: [UInt8], with auditor: FeedAuditor) -> AuditedRequest {
        AuditedRequest(source: source, verdict: auditor.audit(bundleBytes: bytes), anchors: auditor.anchors)
    }

    /// The name of dense feature `index` (its schema name, or `dense[i]`).
    public func denseFeatureName(_ index: Int) -> String {
        featureNames.dense.indices.contains(index) ? featureNames.dense[index] : "dense[\(index)]"
    }

    /// The name of id feature `index` (its schema name, or `ids[i]`).
    public func idFeatureName(_ index: Int) -> String {
        featureNames.ids.indices.contains(index) ? featureNames.ids[index] : "ids[\(index)]"
    }

    /// A one-line summary of a post's metadata.
    public static func summary(of post: RawPost) -> String {
        var parts = [
            "author \(post.authorID)", "topic \(post.topicID)", "\(post.likes) likes", "\(post.shares) shares",
            "\(post.replies) replies", "age \(ageText(minutes: post.ageMinutes))",
        ]
        if post.hasMedia { parts.append("media") }
        if post.followsAuthor { parts.append("followed") }
        return parts.joined(separator: " · ")
    }

    /// The verdict's wall time in milliseconds, as text.
    public var durationText: String {
        let components = verdict.duration.components
        let milliseconds = Double(components.seconds) * 1e3 + Double(components.attoseconds) / 1e15
        let rounded = (milliseconds * 10).rounded() / 10
        return "\(rounded) ms"
    }

    private static func ageText(minutes: Int64) -> String {
        if minutes < 60 { return "\(minutes)m" }
        if minutes < 60 * 48 { return "\(minutes / 60)h" }
        return "\(minutes / (60 * 24))d"
    }
}
