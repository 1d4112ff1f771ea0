/// The ordered, public list of recipes that turns a candidate's raw metadata into its ``FeatureVector``
/// (DESIGN.md §1 and §3). The model descriptor embeds its ``canonicalBytes``; the publisher and every auditor
/// run ``features(for:)`` on the published metadata and must agree bit for bit.
public struct FeatureSchema: Sendable, Equatable, Hashable {
    /// One named feature: which raw field it reads and the recipe applied to it.
    public struct Feature: Sendable, Equatable, Hashable {
        /// The feature's name (also the ONNX input name of an id feature, e.g. `author_id`).
        public var name: String
        /// The raw field read.
        public var field: RawField
        /// The map applied to it.
        public var recipe: FeatureRecipe

        /// A feature.
        public init(_ name: String, _ field: RawField, _ recipe: FeatureRecipe) {
            self.name = name
            self.field = field
            self.recipe = recipe
        }
    }

    /// The canonical encoding's version byte.
    public static let version: UInt8 = 1

    /// Dense features in input order (the first trunk layer's leading inputs).
    public let dense: [Feature]
    /// Id features in order (``FeatureVector/ids``), each an ``FeatureRecipe/idLookup(tableSize:)``.
    public let ids: [Feature]

    /// A schema, validated: recipe parameters in range, flags only on Booleans, id features only (and only they)
    /// using id lookups, names unique and non-empty.
    /// - Throws: ``FeatureError`` naming the offending feature.
    public init(dense: [Feature], ids: [Feature]) throws(FeatureError) {
        // The canonical encoding stores each count in 16 bits.
        for (kind, count) in [("dense", dense.count), ("id", ids.count)] where count > Int(UInt16.max) {
            throw .invalidRecipe(feature: "(\(kind) features)", reason: "\(count) features; at most 65,535")
        }
        var names = Set<String>()
        for feature in dense + ids {
            guard !feature.name.isEmpty, feature.name.utf8.count <= 255 else {
                throw .invalidRecipe(feature: feature.name, reason: "name must be 1…255 UTF-8 bytes")
            }
            guard names.insert(feature.name).inserted else { throw .duplicateFeature(name: feature.name) }
            try feature.recipe.validate(feature: feature.name)
            if feature.recipe.readsBoolean != feature.field.isBoolean {
                throw .recipeFieldMismatch(
                    feature: feature.name, field: feature.field.rawValue, recipe: feature.recipe.description)
            }
        }
        for feature in dense {
            if case .idLookup = feature.recipe {
                throw .recipeFieldMismatch(
                    feature: feature.name, field: feature.field.rawValue,
                    recipe: "\(feature.recipe) (id lookups belong in the id features)")
            }
        }
        for feature in ids {
            guard case .idLookup = feature.recipe else {
                throw .recipeFieldMismatch(
                    feature: feature.name, field: feature.field.rawValue,
                    recipe: "\(feature.recipe) (an id feature must be an id lookup)")
            }
        }
        self.dense = dense
        self.ids = ids
    }

    /// The table size of id feature `index` (the number of embedding rows it selects from).
    public func tableSize(ofIDFeature index: Int) -> Int64 {
        guard ids.indices.contains(index), case .idLookup(let size) = ids[index].recipe else { return 0 }
        return size
    }

    /// The integer features of one candidate.
    /// - Throws: ``FeatureError/negativeValue(field:postID:value:)`` naming the field if a count, age or id is
    ///   negative.
    /// - Complexity: O(number of features).
    public func features(for post: RawPost) throws(FeatureError) -> FeatureVector {
        var dense = [Int32]()
        dense.reserveCapacity(self.dense.count)
        for feature in self.dense { dense.append(feature.recipe.apply(to: try feature.field.value(in: post))) }
        var ids = [Int32]()
        ids.reserveCapacity(self.ids.count)
        for feature in self.ids { ids.append(feature.recipe.apply(to: try feature.field.value(in: post))) }
        return FeatureVector(dense: dense, ids: ids)
    }

    /// The features of every candidate of a request, in candidate order.
    /// - Throws: the first candidate's ``FeatureError``.
    public func features(for request: FeedRequest) throws(FeatureError) -> [FeatureVector] {
        var result = [FeatureVector]()
        result.reserveCapacity(request.candidates.count)
        for post in request.candidates { result.append(try features(for: post)) }
        return result
    }
}

// MARK: - Canonical bytes

extension FeatureSchema {
    private static let magic: [UInt8] = Array("FPFS".utf8)

    /// The schema's canonical encoding, embedded in the model descriptor (so it is bound into the ModelID).
    ///
    /// Layout (all integers little-endian):
    /// `"FPFS"`, version (u8 = 1), dense count (u16), id count (u16), then every dense feature followed by every
    /// id feature as: name length (u8), name (UTF-8), field tag (u8, ``RawField/tag``), recipe tag (u8), and the
    /// recipe's parameters as i64 — clip (1): min, max; logBucket (2): maxBucket; scale (3): numerator,
    /// denominator, max; flag (4): none; idLookup (5): tableSize.
    public var canonicalBytes: [UInt8] {
        var bytes = Self.magic
        bytes.append(Self.version)
        appendLE(UInt16(dense.count), to: &bytes)
        appendLE(UInt16(ids.count), to: &bytes)
        for feature in dense + ids {
            let name = Array(feature.name.utf8)
            bytes.append(UInt8(name.count))
            bytes += name
            bytes.append(feature.field.tag)
            switch feature.recipe {
            case .clip(let min, let max):
                bytes.append(1)
                appendLE(UInt64(bitPattern: min), to: &bytes)
                appendLE(UInt64(bitPattern: max), to: &bytes)
            case .logBucket(let maxBucket):
                bytes.append(2)
                appendLE(UInt64(bitPattern: maxBucket), to: &bytes)
            case .scale(let numerator, let denominator, let max):
                bytes.append(3)
                appendLE(UInt64(bitPattern: numerator), to: &bytes)
                appendLE(UInt64(bitPattern: denominator), to: &bytes)
                appendLE(UInt64(bitPattern: max), to: &bytes)
            case .flag:
                bytes.append(4)
            case .idLookup(let tableSize):
                bytes.append(5)
                appendLE(UInt64(bitPattern: tableSize), to: &bytes)
            }
        }
        return bytes
    }

    /// Decodes and validates ``canonicalBytes``; re-encoding gives the same bytes.
    /// - Throws: ``FeatureError/malformedEncoding(offset:reason:)``, ``FeatureError/unsupportedVersion(_:)``, or
    ///   the validation errors of ``init(dense:ids:)``.
    public init(canonicalBytes bytes: [UInt8]) throws(FeatureError) {
        var reader = ByteReader(bytes: bytes)
        guard try reader.take(4) == Self.magic else {
            throw .malformedEncoding(offset: 0, reason: "missing FPFS magic")
        }
        let version = try reader.byte()
        guard version == Self.version else { throw .unsupportedVersion(version) }
        let denseCount = Int(try reader.uint16())
        let idCount = Int(try reader.uint16())
        var features = [Feature]()
        for _ in 0..<(denseCount + idCount) {
            let nameLength = Int(try reader.byte())
            let nameOffset = reader.offset
            guard let name = String(validating: try reader.take(nameLength), as: UTF8.self) else {
                throw .malformedEncoding(offset: nameOffset, reason: "feature name is not UTF-8")
            }
            let fieldOffset = reader.offset
            guard let field = RawField(tag: try reader.byte()) else {
                throw .malformedEncoding(offset: fieldOffset, reason: "unknown field tag")
            }
            let recipeOffset = reader.offset
            let recipe: FeatureRecipe
            switch try reader.byte() {
            case 1: recipe = .clip(min: try reader.int64(), max: try reader.int64())
            case 2: recipe = .logBucket(maxBucket: try reader.int64())
            case 3:
                recipe = .scale(numerator: try reader.int64(), denominator: try reader.int64(), max: try reader.int64())
            case 4: recipe = .flag
            case 5: recipe = .idLookup(tableSize: try reader.int64())
            default: throw .malformedEncoding(offset: recipeOffset, reason: "unknown recipe tag")
            }
            features.append(Feature(name, field, recipe))
        }
        guard reader.offset == bytes.count else {
            throw .malformedEncoding(offset: reader.offset, reason: "\(bytes.count - reader.offset) trailing bytes")
        }
        try self.init(dense: Array(features[..<denseCount]), ids: Array(features[denseCount...]))
    }
}

private func appendLE<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
    var v = value.littleEndian
    withUnsafeBytes(of: &v) { bytes += $0 }
}

private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func take(_ count: Int) throws(FeatureError) -> [UInt8] {
        guard count <= bytes.count - offset else {
            throw .malformedEncoding(offset: offset, reason: "truncated (needs \(count) more bytes)")
        }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func byte() throws(FeatureError) -> UInt8 { try take(1)[0] }

    mutating func uint16() throws(FeatureError) -> UInt16 {
        let b = try take(2)
        return UInt16(b[0]) | UInt16(b[1]) << 8
    }

    mutating func int64() throws(FeatureError) -> Int64 {
        var value: UInt64 = 0
        for (i, b) in try take(8).enumerated() { value |= UInt64(b) << (8 * UInt64(i)) }
        return Int64(bitPattern: value)
    }
}

// MARK: - Readable view

extension FeatureSchema: CustomStringConvertible {
    /// One line per feature, e.g. `dense[0] likes_log2 = logBucket(⌊log2(1+x)⌋, max 20) of likes`.
    public var description: String {
        var lines = ["feature schema v\(Self.version): \(dense.count) dense, \(ids.count) ids"]
        for (i, f) in dense.enumerated() { lines.append("dense[\(i)] \(f.name) = \(f.recipe) of \(f.field.rawValue)") }
        for (i, f) in ids.enumerated() { lines.append("ids[\(i)] \(f.name) = \(f.recipe) of \(f.field.rawValue)") }
        return lines.joined(separator: "\n")
    }
}

// MARK: - The demo schema

extension FeatureSchema {
    /// Rows of the demo ranker's author embedding: ids 1…1000 are known authors, 0 is "unknown" (new authors
    /// and ids ≥ 1001 read row 0).
    public static let demoAuthorTableSize: Int64 = 1_001
    /// Rows of the demo ranker's topic embedding: topics 1…64, 0 unknown.
    public static let demoTopicTableSize: Int64 = 65

    /// The schema of the demo ranker (`feeds/demo/README.md`): 8 dense features and 2 id features.
    ///
    /// | index | name | recipe | range |
    /// |---|---|---|---|
    /// | dense 0 | likes_log2 | ⌊log2(1+likes)⌋ | 0…20 |
    /// | dense 1 | shares_log2 | ⌊log2(1+shares)⌋ | 0…16 |
    /// | dense 2 | replies_log2 | ⌊log2(1+replies)⌋ | 0…16 |
    /// | dense 3 | age_log2 | ⌊log2(1+age_minutes)⌋ | 0…13 |
    /// | dense 4 | age_3h | ⌊age_minutes/180⌋ | 0…24 |
    /// | dense 5 | has_media | flag | 0…1 |
    /// | dense 6 | follows_author | flag | 0…1 |
    /// | dense 7 | author_interactions | clip | 0…30 |
    /// | ids 0 | author_id | id < 1001 else 0 | 0…1000 |
    /// | ids 1 | topic_id | id < 65 else 0 | 0…64 |
    public static let demo: FeatureSchema = {
        // The literal below is valid by construction; the fallback keeps `try!` out of library code.
        (try? FeatureSchema(
            dense: [
                Feature("likes_log2", .likes, .logBucket(maxBucket: 20)),
                Feature("shares_log2", .shares, .logBucket(maxBucket: 16)),
                Feature("replies_log2", .replies, .logBucket(maxBucket: 16)),
                Feature("age_log2", .ageMinutes, .logBucket(maxBucket: 13)),
                Feature("age_3h", .ageMinutes, .scale(numerator: 1, denominator: 180, max: 24)),
                Feature("has_media", .hasMedia, .flag),
                Feature("follows_author", .followsAuthor, .flag),
                Feature("author_interactions", .authorInteractions, .clip(min: 0, max: 30)),
            ],
            ids: [
                Feature("author_id", .authorID, .idLookup(tableSize: demoAuthorTableSize)),
                Feature("topic_id", .topicID, .idLookup(tableSize: demoTopicTableSize)),
            ])) ?? FeatureSchema(unchecked: [], ids: [])
    }()

    private init(unchecked dense: [Feature], ids: [Feature]) {
        self.dense = dense
        self.ids = ids
    }
}
