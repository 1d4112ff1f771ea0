/// A public, deterministic map from one raw metadata value to one integer feature (DESIGN.md §3).
///
/// Every recipe is pure integer arithmetic, so the publisher and every auditor compute bit-identical features
/// on every platform. Inputs are non-negative (``RawField`` rejects negative counts before a recipe runs);
/// outputs are non-negative and fit in `Int32`.
public enum FeatureRecipe: Sendable, Equatable, Hashable {
    /// `min(max(x, min), max)`.
    case clip(min: Int64, max: Int64)
    /// `min(⌊log2(1 + x)⌋, maxBucket)`: 0 → 0, 1 → 1, 2…3 → 2, 4…7 → 3, …
    case logBucket(maxBucket: Int64)
    /// `min(⌊x·numerator / denominator⌋, max)`, computed exactly in 128-bit integers.
    case scale(numerator: Int64, denominator: Int64, max: Int64)
    /// A Boolean as 0 or 1.
    case flag
    /// An id passes through if it is below `tableSize`, else it becomes 0, the shared "unknown" row.
    case idLookup(tableSize: Int64)

    /// The largest value the recipe can output (its public bound, recorded in the model descriptor).
    public var maximumOutput: Int64 {
        switch self {
        case .clip(_, let max): max
        case .logBucket(let maxBucket): maxBucket
        case .scale(_, _, let max): max
        case .flag: 1
        case .idLookup(let tableSize): tableSize - 1
        }
    }

    /// Whether the recipe reads a Boolean field (only ``flag`` does; every other recipe reads an integer).
    public var readsBoolean: Bool { self == .flag }

    /// Checks the recipe's parameters: bounds ordered, denominators positive, outputs within `Int32`.
    /// - Throws: ``FeatureError/invalidRecipe(feature:reason:)`` naming `feature`.
    public func validate(feature: String) throws(FeatureError) {
        func fail(_ reason: String) -> FeatureError { .invalidRecipe(feature: feature, reason: reason) }
        let limit = Int64(Int32.max)
        switch self {
        case .clip(let min, let max):
            guard min >= 0 else { throw fail("clip minimum \(min) is negative") }
            guard min <= max else { throw fail("clip minimum \(min) exceeds maximum \(max)") }
            guard max <= limit else { throw fail("clip maximum \(max) does not fit in Int32") }
        case .logBucket(let maxBucket):
            guard (0...63).contains(maxBucket) else { throw fail("log bucket maximum \(maxBucket) is not in 0…63") }
        case .scale(let numerator, let denominator, let max):
            guard numerator >= 0 else { throw fail("scale numerator \(numerator) is negative") }
            guard denominator > 0 else { throw fail("scale denominator \(denominator) is not positive") }
            guard (0...limit).contains(max) else { throw fail("scale maximum \(max) is not in 0…Int32.max") }
        case .flag:
            break
        case .idLookup(let tableSize):
            guard (1...(limit + 1)).contains(tableSize) else {
                throw fail("id table size \(tableSize) is not in 1…2^31")
            }
        }
    }

    /// The feature for one integer input `x ≥ 0` (a Boolean input is 0 or 1).
    ///
    /// Assumes validated parameters and a non-negative input; ``FeatureSchema`` guarantees both.
    /// - Complexity: O(1).
    public func apply(to x: Int64) -> Int32 {
        switch self {
        case .clip(let min, let max):
            return Int32(Swift.min(Swift.max(x, min), max))
        case .logBucket(let maxBucket):
            // ⌊log2(1 + x)⌋ is the index of the highest set bit of 1 + x (computed in UInt64: no overflow at Int64.max).
            let bucket = Int64(63 - (UInt64(x) &+ 1).leadingZeroBitCount)
            return Int32(Swift.min(bucket, maxBucket))
        case .scale(let numerator, let denominator, let max):
            // Both factors are non-negative, so truncating division is the floor.
            let scaled = Int128(x) * Int128(numerator) / Int128(denominator)
            return Int32(Swift.min(scaled, Int128(max)))
        case .flag:
            return x == 0 ? 0 : 1
        case .idLookup(let tableSize):
            return x < tableSize ? Int32(x) : 0
        }
    }
}

extension FeatureRecipe: CustomStringConvertible {
    /// The recipe as the descriptor's readable view shows it, e.g. `logBucket(max 20)`.
    public var description: String {
        switch self {
        case .clip(let min, let max): "clip(\(min)…\(max))"
        case .logBucket(let maxBucket): "logBucket(⌊log2(1+x)⌋, max \(maxBucket))"
        case .scale(let numerator, let denominator, let max): "scale(⌊x·\(numerator)/\(denominator)⌋, max \(max))"
        case .flag: "flag"
        case .idLookup(let tableSize): "idLookup(table \(tableSize), else 0)"
        }
    }
}

/// A raw metadata field of ``RawPost`` that a recipe reads.
public enum RawField: String, Sendable, Equatable, Hashable, CaseIterable {
    /// ``RawPost/postID``.
    case postID = "post_id"
    /// ``RawPost/authorID``.
    case authorID = "author_id"
    /// ``RawPost/topicID``.
    case topicID = "topic_id"
    /// ``RawPost/likes``.
    case likes
    /// ``RawPost/shares``.
    case shares
    /// ``RawPost/replies``.
    case replies
    /// ``RawPost/ageMinutes``.
    case ageMinutes = "age_minutes"
    /// ``RawPost/hasMedia`` (Boolean).
    case hasMedia = "has_media"
    /// ``RawPost/followsAuthor`` (Boolean).
    case followsAuthor = "follows_author"
    /// ``RawPost/authorInteractions``.
    case authorInteractions = "author_interactions"

    /// The field's tag in the schema's canonical bytes (stable: never renumber).
    public var tag: UInt8 {
        switch self {
        case .postID: 1
        case .authorID: 2
        case .topicID: 3
        case .likes: 4
        case .shares: 5
        case .replies: 6
        case .ageMinutes: 7
        case .hasMedia: 8
        case .followsAuthor: 9
        case .authorInteractions: 10
        }
    }

    /// The field with canonical tag `tag`, if any.
    public init?(tag: UInt8) {
        guard let field = RawField.allCases.first(where: { $0.tag == tag }) else { return nil }
        self = field
    }

    /// Whether the field is a Boolean (read only by ``FeatureRecipe/flag``).
    public var isBoolean: Bool { self == .hasMedia || self == .followsAuthor }

    /// The field's value in `post`, Booleans as 0 or 1.
    /// - Throws: ``FeatureError/negativeValue(field:postID:value:)`` for a negative count, age or id.
    public func value(in post: RawPost) throws(FeatureError) -> Int64 {
        let value: Int64
        switch self {
        case .postID: value = post.postID
        case .authorID: value = post.authorID
        case .topicID: value = post.topicID
        case .likes: value = post.likes
        case .shares: value = post.shares
        case .replies: value = post.replies
        case .ageMinutes: value = post.ageMinutes
        case .hasMedia: value = post.hasMedia ? 1 : 0
        case .followsAuthor: value = post.followsAuthor ? 1 : 0
        case .authorInteractions: value = post.authorInteractions
        }
        guard value >= 0 else { throw .negativeValue(field: rawValue, postID: post.postID, value: value) }
        return value
    }
}

/// Why features could not be computed, or a schema could not be built or decoded.
public enum FeatureError: Error, Sendable, Equatable {
    /// A raw count, age or id is negative (the metadata is malformed; no recipe accepts it).
    case negativeValue(field: String, postID: Int64, value: Int64)
    /// A recipe's parameters are out of range.
    case invalidRecipe(feature: String, reason: String)
    /// A recipe reads a field of the wrong kind (a flag on a count, or a count recipe on a Boolean), or an id
    /// feature does not use ``FeatureRecipe/idLookup(tableSize:)``.
    case recipeFieldMismatch(feature: String, field: String, recipe: String)
    /// Two features share a name.
    case duplicateFeature(name: String)
    /// Canonical schema bytes are malformed.
    case malformedEncoding(offset: Int, reason: String)
    /// The canonical bytes carry a schema version this code does not know.
    case unsupportedVersion(UInt8)
}

extension FeatureError: CustomStringConvertible {
    /// A message for the CLI.
    public var description: String {
        switch self {
        case .negativeValue(let field, let postID, let value):
            "post \(postID): field \(field) is \(value); counts, ages and ids must be non-negative"
        case .invalidRecipe(let feature, let reason):
            "feature \(feature): \(reason)"
        case .recipeFieldMismatch(let feature, let field, let recipe):
            "feature \(feature): recipe \(recipe) cannot read field \(field)"
        case .duplicateFeature(let name):
            "feature \(name) appears twice in the schema"
        case .malformedEncoding(let offset, let reason):
            "feature schema bytes malformed at offset \(offset): \(reason)"
        case .unsupportedVersion(let version):
            "feature schema version \(version) is not supported (this build reads version \(FeatureSchema.version))"
        }
    }
}
