import Algebra
import FeedProofTestSupport
import Foundation
import Model
import Ranking
import Testing

/// Requests and statements shared by the statement and bundle tests.
enum StatementSamples {
    /// The first request of `feeds/demo/requests.jsonl` (1,500 candidates, k = 10).
    static func demoRequest() throws -> FeedRequest {
        let url = try demoFolder().appendingPathComponent("requests.jsonl")
        let bytes = Array(try Data(contentsOf: url))
        let firstLine = Array(bytes.split(separator: 0x0A).first ?? [])
        guard let request = try FeedGenerator.decodeRequests(jsonLines: firstLine).first else {
            throw FixtureError.malformed("feeds/demo/requests.jsonl has no request")
        }
        return request
    }

    /// The demo ranker, `feeds/demo/ranker.fpmodel`.
    static func demoRanker() throws -> QuantizedRanker {
        let url = try demoFolder().appendingPathComponent("ranker.fpmodel")
        return try ModelFile(decoding: Array(try Data(contentsOf: url))).ranker
    }

    /// `feeds/demo` of this package, found by walking up from this file (never from the working directory).
    static func demoFolder(filePath: String = #filePath) throws -> URL {
        var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while true {
            let candidate = folder.appendingPathComponent("feeds/demo/requests.jsonl")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.deletingLastPathComponent() }
            let parent = folder.deletingLastPathComponent()
            guard parent.path != folder.path else { throw FixtureError.malformed("no feeds/demo above \(filePath)") }
            folder = parent
        }
    }

    /// A fixed, recognisable ModelID (0x00, 0x01, …, 0x3f), or one filled with `byte`.
    static func modelID(filledWith byte: UInt8? = nil) -> ModelID {
        let bytes = byte.map { [UInt8](repeating: $0, count: 64) } ?? (0..<64).map { UInt8($0) }
        return ModelID(bytes: bytes)!
    }

    /// The demo request cut to its first `n` candidates, showing `k`.
    static func smallRequest(n: Int = 5, k: Int = 3) throws -> FeedRequest {
        var request = try demoRequest()
        request.candidates = Array(request.candidates.prefix(n))
        request.k = k
        return request
    }

    /// A small statement from the demo request: 5 candidates, the 3 shown in a fixed order.
    static func smallStatement() throws -> RankingStatement {
        let request = try smallRequest()
        let ids = request.candidates.map(\.postID)
        return try RankingStatement(
            request: request, modelID: modelID(), schema: .demo, shown: [ids[3], ids[0], ids[4]])
    }

    /// The demo request's statement with the ranking the demo ranker gives it.
    static func demoStatement() throws -> RankingStatement {
        let request = try demoRequest()
        let ranker = try demoRanker()
        let features = try FeatureSchema.demo.features(for: request)
        let order = ranker.descriptor.rankingRule.rank(
            scores: ranker.scores(features), postIDs: request.candidates.map(\.postID), k: request.k)
        return try RankingStatement(
            request: request, modelID: modelID(), schema: .demo, shown: order.map { request.candidates[$0].postID })
    }
}

/// The public statement of one request: construction from a request, validation, the strict canonical encoding,
/// the digest, the JSON view and the feature recomputation an auditor runs.
@Suite("Ranking statement")
struct StatementTests {
    // MARK: Construction and round trip

    @Test("the demo request's statement round-trips and its layout has the documented size")
    func demoRoundTrip() throws {
        let request = try StatementSamples.demoRequest()
        let statement = try StatementSamples.demoStatement()
        #expect(statement.n == request.candidates.count)
        #expect(statement.k == request.k)
        #expect(statement.candidates == request.candidates)
        let recipeFeatures = try FeatureSchema.demo.features(for: request)
        #expect(statement.features == recipeFeatures)
        #expect(statement.epoch == request.epoch && statement.userID == request.userID)
        #expect(statement.requestID == request.requestID)

        let bytes = statement.canonicalBytes
        let record = 65 + 4 * (FeatureSchema.demo.dense.count + FeatureSchema.demo.ids.count)
        #expect(bytes.count == 102 + request.requestID.utf8.count + statement.n * record + 8 * statement.k)
        #expect(Array(bytes.prefix(6)) == Array("FPST".utf8) + [0, 1])
        let decoded = try RankingStatement(canonicalBytes: bytes)
        #expect(decoded == statement)
        #expect(decoded.canonicalBytes == bytes)

        // The digest is SHA-512 of the canonical bytes (checked against the independent Algebra SHA-512).
        #expect(statement.digest == Algebra.SHA512.hash(bytes))
        #expect(statement.digest.count == 64)
    }

    @Test("shown indices point at the shown posts, in rank order")
    func shownIndices() throws {
        let statement = try StatementSamples.demoStatement()
        let indices = statement.shownIndices
        #expect(indices.count == statement.k)
        #expect(indices.map { statement.candidates[$0].postID } == statement.shown)
        let small = try StatementSamples.smallStatement()
        #expect(small.shownIndices == [3, 0, 4])
    }

    @Test("the stated features are the recipes' and a change to metadata or features is caught")
    func featureRecomputation() throws {
        let statement = try StatementSamples.smallStatement()
        #expect(statement.recomputeFeatures(schema: .demo))
        try statement.checkFeatures(schema: .demo)

        // Metadata changed after the features were derived: likes_log2 no longer matches.
        var candidates = statement.candidates
        candidates[2].likes = candidates[2].likes == 0 ? 1000 : 0
        let stale = try RankingStatement(
            modelID: statement.modelID, epoch: statement.epoch, userID: statement.userID,
            requestID: statement.requestID, candidates: candidates, features: statement.features,
            shown: statement.shown)
        #expect(!stale.recomputeFeatures(schema: .demo))
        #expect(throws: StatementError.featureMismatch(postID: candidates[2].postID)) {
            try stale.checkFeatures(schema: .demo)
        }

        // A feature changed, metadata untouched.
        var features = statement.features
        features[1].ids[0] += 1
        let forged = try RankingStatement(
            modelID: statement.modelID, epoch: statement.epoch, userID: statement.userID,
            requestID: statement.requestID, candidates: statement.candidates, features: features,
            shown: statement.shown)
        #expect(throws: StatementError.featureMismatch(postID: statement.candidates[1].postID)) {
            try forged.checkFeatures(schema: .demo)
        }

        // Features of another shape than the schema's.
        let short = try RankingStatement(
            modelID: statement.modelID, epoch: statement.epoch, userID: statement.userID,
            requestID: statement.requestID, candidates: statement.candidates,
            features: statement.features.map { FeatureVector(dense: Array($0.dense.dropLast()), ids: $0.ids) },
            shown: statement.shown)
        #expect(!short.recomputeFeatures(schema: .demo))

        // Metadata no recipe accepts.
        candidates = statement.candidates
        candidates[0].likes = -1
        let negative = try RankingStatement(
            modelID: statement.modelID, epoch: statement.epoch, userID: statement.userID,
            requestID: statement.requestID, candidates: candidates, features: statement.features,
            shown: statement.shown)
        #expect(!negative.recomputeFeatures(schema: .demo))
    }

    @Test("the JSON view prints and carries the statement")
    func jsonView() throws {
        let statement = try StatementSamples.demoStatement()
        let data = try JSONSerialization.data(withJSONObject: statement.jsonObject(), options: [.sortedKeys])
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(parsed["model_id"] as? String == statement.modelID.hex)
        #expect((parsed["n"] as? NSNumber)?.intValue == statement.n)
        #expect((parsed["k"] as? NSNumber)?.intValue == statement.k)
        #expect(parsed["request_id"] as? String == statement.requestID)
        #expect((parsed["user_id"] as? NSNumber)?.int64Value == statement.userID)
        #expect((parsed["epoch"] as? NSNumber)?.int64Value == statement.epoch)
        #expect((parsed["shown"] as? [NSNumber])?.map(\.int64Value) == statement.shown)
        let rows = try #require(parsed["candidates"] as? [[String: Any]])
        #expect(rows.count == statement.n)
        let first = rows[0]
        #expect((first["post_id"] as? NSNumber)?.int64Value == statement.candidates[0].postID)
        #expect((first["likes"] as? NSNumber)?.int64Value == statement.candidates[0].likes)
        let features = try #require(first["features"] as? [String: Any])
        #expect((features["dense"] as? [NSNumber])?.map(\.int32Value) == statement.features[0].dense)
        #expect((features["ids"] as? [NSNumber])?.map(\.int32Value) == statement.features[0].ids)
    }

    // MARK: Invalid statements

    @Test("invalid statements are refused with the specific error")
    func invalidStatements() throws {
        let base = try StatementSamples.smallStatement()
        let ids = base.candidates.map(\.postID)
        func make(
            candidates: [RawPost]? = nil, features: [FeatureVector]? = nil, shown: [Int64]? = nil,
            requestID: String? = nil
        ) throws(StatementError) -> RankingStatement {
            try RankingStatement(
                modelID: base.modelID, epoch: base.epoch, userID: base.userID, requestID: requestID ?? base.requestID,
                candidates: candidates ?? base.candidates, features: features ?? base.features,
                shown: shown ?? base.shown)
        }

        var duplicated = base.candidates
        duplicated[4].postID = duplicated[1].postID
        #expect(throws: StatementError.duplicatePostID(ids[1])) { try make(candidates: duplicated, shown: [ids[0]]) }

        let outsider = (ids.max() ?? 0) + 1
        #expect(throws: StatementError.shownNotCandidate(postID: outsider)) { try make(shown: [ids[0], outsider]) }
        #expect(throws: StatementError.duplicateShown(postID: ids[2])) { try make(shown: [ids[2], ids[1], ids[2]]) }
        #expect(throws: StatementError.tooManyShown(k: 6, n: 5)) {
            try make(shown: ids + [outsider])
        }
        #expect(throws: StatementError.emptyRanking) { try make(shown: []) }
        #expect(throws: StatementError.noCandidates) { try make(candidates: [], features: [], shown: [ids[0]]) }
        #expect(throws: StatementError.featureCountMismatch(features: 4, candidates: 5)) {
            try make(features: Array(base.features.dropLast()))
        }
        var ragged = base.features
        ragged[2].dense.append(7)
        let shapeError = StatementError.featureShapeMismatch(
            postID: ids[2], dense: 9, ids: 2, expectedDense: 8, expectedIDs: 2)
        #expect(throws: shapeError) { try make(features: ragged) }
        let longID = String(repeating: "x", count: RankingStatement.maxRequestIDBytes + 1)
        #expect(throws: StatementError.stringTooLong(field: "request id", bytes: 4097, limit: 4096)) {
            try make(requestID: longID)
        }
        #expect((try? make(requestID: String(repeating: "é", count: 2048))) != nil)  // exactly 4096 bytes

        // From a request: k must match the request's (clamped) k, and recipes must accept the metadata.
        let request = try StatementSamples.smallRequest()
        #expect(throws: StatementError.shownCountMismatch(expected: 3, actual: 2)) {
            try RankingStatement(
                request: request, modelID: StatementSamples.modelID(), schema: .demo, shown: [ids[0], ids[1]])
        }
        var clamped = request
        clamped.k = 50
        let all = try RankingStatement(
            request: clamped, modelID: StatementSamples.modelID(), schema: .demo, shown: ids.reversed())
        #expect(all.k == 5)
        var broken = request
        broken.candidates[1].shares = -3
        #expect(throws: StatementError.self) {
            try RankingStatement(
                request: broken, modelID: StatementSamples.modelID(), schema: .demo, shown: Array(ids[..<3]))
        }
    }

    // MARK: Strict decoding

    @Test("every truncation of the encoding fails with a truncation error")
    func everyTruncationFails() throws {
        let bytes = try StatementSamples.smallStatement().canonicalBytes
        for length in 0..<bytes.count {
            do {
                _ = try RankingStatement(canonicalBytes: Array(bytes.prefix(length)))
                Issue.record("a \(length)-byte prefix of \(bytes.count) decoded")
            } catch {
                guard case .truncated(let offset, let needed, let available) = error else {
                    Issue.record("prefix \(length): \(error), not a truncation")
                    continue
                }
                #expect(offset + available == length && needed > available, "prefix \(length): \(error)")
            }
        }
    }

    @Test("an extended encoding fails")
    func extendedFails() throws {
        let bytes = try StatementSamples.smallStatement().canonicalBytes
        #expect(throws: StatementError.trailingBytes(count: 1)) { try RankingStatement(canonicalBytes: bytes + [0]) }
        #expect(throws: StatementError.trailingBytes(count: 64)) {
            try RankingStatement(canonicalBytes: bytes + [UInt8](repeating: 0xAB, count: 64))
        }
        // One more shown id than k says is trailing too.
        #expect(throws: StatementError.trailingBytes(count: 8)) {
            try RankingStatement(canonicalBytes: bytes + Array(bytes.suffix(8)))
        }
    }

    @Test("every single-byte change fails to decode or changes the digest")
    func everyByteFlip() throws {
        let statement = try StatementSamples.smallStatement()
        let bytes = statement.canonicalBytes
        let digest = statement.digest
        var decodedCount = 0
        for index in bytes.indices {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var altered = bytes
                altered[index] ^= mask
                guard let decoded = try? RankingStatement(canonicalBytes: altered) else { continue }
                decodedCount += 1
                #expect(decoded.canonicalBytes == altered, "byte \(index) ^ \(mask): not canonical")
                #expect(decoded.digest != digest, "byte \(index) ^ \(mask): same digest")
                #expect(decoded != statement)
            }
        }
        // Most fields are free values (ids, counts, features), so most changes decode to another statement.
        #expect(decodedCount > bytes.count)
    }

    @Test("malformed headers, counts, flags and strings give their typed errors")
    func malformedFields() throws {
        let statement = try StatementSamples.smallStatement()
        let bytes = statement.canonicalBytes
        let idLength = statement.requestID.utf8.count
        let countOffset = 90 + idLength

        var wrong = bytes
        wrong[0] = UInt8(ascii: "X")
        #expect(throws: StatementError.badMagic) { try RankingStatement(canonicalBytes: wrong) }

        wrong = bytes
        wrong[5] = 2
        #expect(throws: StatementError.unsupportedVersion(2)) { try RankingStatement(canonicalBytes: wrong) }

        // n above the limit, then n within the limit but far beyond the bytes present (nothing allocated).
        wrong = bytes
        wrong.replaceSubrange(countOffset..<(countOffset + 4), with: bigEndian(UInt32(1_000_001)))
        #expect(throws: StatementError.tooLarge(field: "candidate count", value: 1_000_001, limit: 1_000_000)) {
            try RankingStatement(canonicalBytes: wrong)
        }
        wrong.replaceSubrange(countOffset..<(countOffset + 4), with: bigEndian(UInt32(1_000_000)))
        #expect(throws: StatementError.self) { try RankingStatement(canonicalBytes: wrong) }
        wrong = bytes
        wrong.replaceSubrange((countOffset + 8)..<(countOffset + 12), with: bigEndian(UInt32(0xFFFF_FFFF)))
        #expect(throws: StatementError.tooLarge(field: "shown count", value: 0xFFFF_FFFF, limit: 1_000_000)) {
            try RankingStatement(canonicalBytes: wrong)
        }
        wrong = bytes
        wrong.replaceSubrange(86..<90, with: bigEndian(UInt32(5000)))
        #expect(throws: StatementError.tooLarge(field: "request id length", value: 5000, limit: 4096)) {
            try RankingStatement(canonicalBytes: wrong)
        }

        // A flags byte with an unknown bit.
        let flagsOffset = countOffset + 12 + 64
        wrong = bytes
        wrong[flagsOffset] |= 0x04
        #expect(throws: StatementError.invalidFlags(offset: flagsOffset, value: bytes[flagsOffset] | 0x04)) {
            try RankingStatement(canonicalBytes: wrong)
        }

        // A request id that is not UTF-8.
        wrong = bytes
        wrong[90] = 0xFF
        #expect(throws: StatementError.invalidUTF8(field: "request id", offset: 90)) {
            try RankingStatement(canonicalBytes: wrong)
        }

        // A well-formed encoding of an invalid statement: two candidates with one post id.
        let record = 65 + 4 * 10
        let secondPost = countOffset + 12 + record
        wrong = bytes
        wrong.replaceSubrange(secondPost..<(secondPost + 8), with: bytes[(countOffset + 12)..<(countOffset + 20)])
        #expect(throws: StatementError.duplicatePostID(statement.candidates[0].postID)) {
            try RankingStatement(canonicalBytes: wrong)
        }
    }

    @Test("random garbage of every length 0…200 never traps")
    func garbageNeverTraps() throws {
        var generator = SeededGenerator(seed: 0x5747_4154)
        let valid = try StatementSamples.smallStatement().canonicalBytes
        for length in 0...200 {
            for round in 0..<20 {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                // Half the rounds start with a valid header (and more of the real prefix) to reach deeper fields.
                if round.isMultiple(of: 2) {
                    let keep = min(length, Int.random(in: 6...max(6, min(valid.count, 120)), using: &generator))
                    bytes.replaceSubrange(0..<keep, with: valid[0..<keep])
                }
                #expect(throws: StatementError.self, "seed \(generator.seed), length \(length)") {
                    try RankingStatement(canonicalBytes: bytes)
                }
            }
        }
    }
}

/// The four big-endian bytes of `value`.
func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
}
