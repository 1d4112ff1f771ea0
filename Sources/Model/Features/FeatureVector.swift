/// The integer features of one candidate post, as the public recipes derive them from its raw metadata.
public struct FeatureVector: Sendable, Equatable, Hashable {
    /// Dense features, each a small non-negative integer (clipped, bucketed, scaled, or a flag).
    public var dense: [Int32]
    /// Public ids (author, topic, …) used to gather embedding rows; 0 means unknown.
    public var ids: [Int32]

    /// A feature vector.
    public init(dense: [Int32], ids: [Int32]) {
        self.dense = dense
        self.ids = ids
    }
}
