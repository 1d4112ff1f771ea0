import Testing

@testable import Model

/// The recipe table: boundary values of every recipe (DESIGN.md §3 — auditors recompute these, so every edge is
/// pinned here).
@Suite struct FeatureRecipeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var recipe: FeatureRecipe
        var input: Int64
        var expected: Int32
        var testDescription: String { "\(recipe)(\(input)) = \(expected)" }
    }

    static let table: [Case] = [
        // clip
        Case(recipe: .clip(min: 2, max: 5), input: 0, expected: 2),
        Case(recipe: .clip(min: 2, max: 5), input: 1, expected: 2),
        Case(recipe: .clip(min: 2, max: 5), input: 2, expected: 2),
        Case(recipe: .clip(min: 2, max: 5), input: 3, expected: 3),
        Case(recipe: .clip(min: 2, max: 5), input: 5, expected: 5),
        Case(recipe: .clip(min: 2, max: 5), input: 6, expected: 5),
        Case(recipe: .clip(min: 2, max: 5), input: .max, expected: 5),
        Case(recipe: .clip(min: 0, max: 30), input: 30, expected: 30),
        Case(recipe: .clip(min: 0, max: 30), input: 31, expected: 30),
        Case(recipe: .clip(min: 0, max: Int64(Int32.max)), input: .max, expected: .max),
        // logBucket: ⌊log2(1 + x)⌋
        Case(recipe: .logBucket(maxBucket: 20), input: 0, expected: 0),
        Case(recipe: .logBucket(maxBucket: 20), input: 1, expected: 1),
        Case(recipe: .logBucket(maxBucket: 20), input: 2, expected: 1),
        Case(recipe: .logBucket(maxBucket: 20), input: 3, expected: 2),
        Case(recipe: .logBucket(maxBucket: 20), input: 6, expected: 2),
        Case(recipe: .logBucket(maxBucket: 20), input: 7, expected: 3),
        Case(recipe: .logBucket(maxBucket: 20), input: (1 << 20) - 2, expected: 19),
        Case(recipe: .logBucket(maxBucket: 20), input: (1 << 20) - 1, expected: 20),
        Case(recipe: .logBucket(maxBucket: 20), input: (1 << 21) - 1, expected: 20),
        Case(recipe: .logBucket(maxBucket: 20), input: .max, expected: 20),
        Case(recipe: .logBucket(maxBucket: 63), input: .max, expected: 63),
        Case(recipe: .logBucket(maxBucket: 0), input: 1_000, expected: 0),
        // scale: ⌊x·num/den⌋ clipped
        Case(recipe: .scale(numerator: 1, denominator: 180, max: 24), input: 0, expected: 0),
        Case(recipe: .scale(numerator: 1, denominator: 180, max: 24), input: 179, expected: 0),
        Case(recipe: .scale(numerator: 1, denominator: 180, max: 24), input: 180, expected: 1),
        Case(recipe: .scale(numerator: 1, denominator: 180, max: 24), input: 4_319, expected: 23),
        Case(recipe: .scale(numerator: 1, denominator: 180, max: 24), input: 4_320, expected: 24),
        Case(recipe: .scale(numerator: 1, denominator: 180, max: 24), input: 100_000, expected: 24),
        Case(recipe: .scale(numerator: 3, denominator: 2, max: 100), input: 1, expected: 1),
        Case(recipe: .scale(numerator: 3, denominator: 2, max: 100), input: 3, expected: 4),
        Case(recipe: .scale(numerator: 3, denominator: 2, max: 100), input: 66, expected: 99),
        Case(recipe: .scale(numerator: 3, denominator: 2, max: 100), input: 67, expected: 100),
        // x·num overflows 64 bits: computed in 128.
        Case(recipe: .scale(numerator: .max, denominator: .max, max: 1_000), input: .max, expected: 1_000),
        Case(recipe: .scale(numerator: .max, denominator: .max, max: 1_000), input: 999, expected: 999),
        Case(recipe: .scale(numerator: 0, denominator: 7, max: 5), input: .max, expected: 0),
        // flag
        Case(recipe: .flag, input: 0, expected: 0),
        Case(recipe: .flag, input: 1, expected: 1),
        // idLookup: < table size passes, else 0
        Case(recipe: .idLookup(tableSize: 1_001), input: 0, expected: 0),
        Case(recipe: .idLookup(tableSize: 1_001), input: 1, expected: 1),
        Case(recipe: .idLookup(tableSize: 1_001), input: 1_000, expected: 1_000),
        Case(recipe: .idLookup(tableSize: 1_001), input: 1_001, expected: 0),
        Case(recipe: .idLookup(tableSize: 1_001), input: .max, expected: 0),
        Case(recipe: .idLookup(tableSize: 1), input: 0, expected: 0),
    ]

    @Test(arguments: table) func recipe(_ c: Case) throws {
        try c.recipe.validate(feature: "f")
        #expect(c.recipe.apply(to: c.input) == c.expected)
        #expect(Int64(c.expected) <= c.recipe.maximumOutput)
    }

    static let invalid: [(FeatureRecipe, String)] = [
        (.clip(min: 5, max: 2), "exceeds"),
        (.clip(min: -1, max: 2), "negative"),
        (.clip(min: 0, max: Int64(Int32.max) + 1), "Int32"),
        (.logBucket(maxBucket: 64), "0…63"),
        (.logBucket(maxBucket: -1), "0…63"),
        (.scale(numerator: 1, denominator: 0, max: 5), "denominator"),
        (.scale(numerator: 1, denominator: -3, max: 5), "denominator"),
        (.scale(numerator: -1, denominator: 3, max: 5), "numerator"),
        (.scale(numerator: 1, denominator: 3, max: -5), "maximum"),
        (.idLookup(tableSize: 0), "table size"),
        (.idLookup(tableSize: Int64(Int32.max) + 2), "table size"),
    ]

    @Test(arguments: invalid) func invalidRecipeIsRejected(_ recipe: FeatureRecipe, _ reason: String) {
        #expect {
            try recipe.validate(feature: "likes_log2")
        } throws: { error in
            guard case .invalidRecipe(let feature, let message) = error as? FeatureError else { return false }
            return feature == "likes_log2" && message.contains(reason)
        }
    }

    static let post = RawPost(
        postID: 77, authorID: 1_234, topicID: 9, likes: 1_000, shares: 3, replies: 0, ageMinutes: 185,
        hasMedia: true, followsAuthor: false, authorInteractions: 42)

    @Test func demoSchemaFeatures() throws {
        let features = try FeatureSchema.demo.features(for: Self.post)
        // likes 1000 → ⌊log2 1001⌋ = 9; shares 3 → 2; replies 0 → 0; age 185 → ⌊log2 186⌋ = 7, ⌊185/180⌋ = 1;
        // media 1; follows 0; interactions 42 → 30. Author 1234 ≥ 1001 → unknown (0); topic 9.
        #expect(features == FeatureVector(dense: [9, 2, 0, 7, 1, 1, 0, 30], ids: [0, 9]))
        #expect(FeatureSchema.demo.dense.count == 8)
        #expect(FeatureSchema.demo.ids.map(\.name) == ["author_id", "topic_id"])
        #expect(FeatureSchema.demo.tableSize(ofIDFeature: 0) == 1_001)
        #expect(FeatureSchema.demo.tableSize(ofIDFeature: 1) == 65)
    }

    static let negativeFields = [
        "likes", "shares", "replies", "age_minutes", "author_interactions", "author_id", "topic_id",
    ]

    @Test(arguments: negativeFields) func negativeValueNamesTheField(_ name: String) {
        var post = Self.post
        switch name {
        case "likes": post.likes = -1
        case "shares": post.shares = -1
        case "replies": post.replies = -1
        case "age_minutes": post.ageMinutes = -1
        case "author_interactions": post.authorInteractions = -1
        case "author_id": post.authorID = -1
        default: post.topicID = -1
        }
        #expect(throws: FeatureError.negativeValue(field: name, postID: 77, value: -1)) {
            try FeatureSchema.demo.features(for: post)
        }
    }

    @Test func schemaValidation() {
        typealias F = FeatureSchema.Feature
        #expect(throws: FeatureError.recipeFieldMismatch(feature: "x", field: "likes", recipe: "flag")) {
            try FeatureSchema(dense: [F("x", .likes, .flag)], ids: [])
        }
        #expect(throws: FeatureError.self) {
            try FeatureSchema(dense: [F("m", .hasMedia, .clip(min: 0, max: 1))], ids: [])
        }
        #expect(throws: FeatureError.self) {
            try FeatureSchema(dense: [F("a", .authorID, .idLookup(tableSize: 10))], ids: [])
        }
        #expect(throws: FeatureError.self) {
            try FeatureSchema(dense: [], ids: [F("a", .authorID, .clip(min: 0, max: 10))])
        }
        #expect(throws: FeatureError.duplicateFeature(name: "a")) {
            try FeatureSchema(
                dense: [F("a", .likes, .logBucket(maxBucket: 3))], ids: [F("a", .authorID, .idLookup(tableSize: 3))])
        }
        #expect(throws: FeatureError.self) {
            try FeatureSchema(dense: [F("", .likes, .logBucket(maxBucket: 3))], ids: [])
        }
        #expect(throws: FeatureError.invalidRecipe(feature: "l", reason: "scale denominator 0 is not positive")) {
            try FeatureSchema(dense: [F("l", .likes, .scale(numerator: 1, denominator: 0, max: 1))], ids: [])
        }
    }

    @Test func canonicalBytesRoundTrip() throws {
        let schema = FeatureSchema.demo
        let bytes = schema.canonicalBytes
        #expect(Array(bytes.prefix(9)) == [0x46, 0x50, 0x46, 0x53, 1, 8, 0, 2, 0])
        let decoded = try FeatureSchema(canonicalBytes: bytes)
        #expect(decoded == schema)
        #expect(decoded.canonicalBytes == bytes)
        #expect(schema.description.contains("dense[0] likes_log2 = logBucket"))
        #expect(schema.description.contains("ids[1] topic_id = idLookup(table 65, else 0) of topic_id"))
    }

    @Test func canonicalBytesRejectMalformedInput() {
        let bytes = FeatureSchema.demo.canonicalBytes
        for length in 0..<bytes.count {
            #expect(throws: FeatureError.self) { try FeatureSchema(canonicalBytes: Array(bytes.prefix(length))) }
        }
        #expect(throws: FeatureError.self) { try FeatureSchema(canonicalBytes: bytes + [0]) }
        var badMagic = bytes
        badMagic[0] = 0x47
        #expect(throws: FeatureError.malformedEncoding(offset: 0, reason: "missing FPFS magic")) {
            try FeatureSchema(canonicalBytes: badMagic)
        }
        var badVersion = bytes
        badVersion[4] = 2
        #expect(throws: FeatureError.unsupportedVersion(2)) { try FeatureSchema(canonicalBytes: badVersion) }
        // First feature: name length at 9, name "likes_log2" (10 bytes), field tag at 20, recipe tag at 21.
        var badField = bytes
        badField[20] = 99
        #expect(throws: FeatureError.malformedEncoding(offset: 20, reason: "unknown field tag")) {
            try FeatureSchema(canonicalBytes: badField)
        }
        var badRecipe = bytes
        badRecipe[21] = 9
        #expect(throws: FeatureError.malformedEncoding(offset: 21, reason: "unknown recipe tag")) {
            try FeatureSchema(canonicalBytes: badRecipe)
        }
        // Decoded parameters are validated: logBucket max 99 is rejected.
        var badParameter = bytes
        badParameter[22] = 99
        #expect(throws: FeatureError.self) { try FeatureSchema(canonicalBytes: badParameter) }
    }

    @Test func rawFieldTagsAreStable() {
        #expect(RawField.allCases.map(\.tag) == Array(1...10))
        for field in RawField.allCases { #expect(RawField(tag: field.tag) == field) }
        #expect(RawField(tag: 0) == nil)
    }
}
