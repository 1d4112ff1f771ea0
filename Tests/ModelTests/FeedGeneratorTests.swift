import Foundation
import Testing

@testable import Model

@Suite struct FeedGeneratorTests {
    /// A smaller world keeps debug-build tests fast; the demo's own sizes are checked where it matters.
    static let small = DemoWorld.Configuration(seed: 7, candidatesPerRequest: 1_500)

    @Test func splitMix64KnownAnswers() {
        // Reference outputs of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func deterministicMathMatchesLibm() {
        var x = -30.0
        while x <= 30 {
            let expected = Foundation.exp(x)
            #expect(abs(DemoRandom.exp(x) - expected) <= 4e-15 * expected)
            x += 0.173
        }
        #expect(DemoRandom.exp(-800) == 0)
        #expect(DemoRandom.log2OnePlus(0) == 0)
        #expect(DemoRandom.log2OnePlus(1) == 1)
        #expect(DemoRandom.log2OnePlus(1023) == 10)
        #expect(abs(DemoRandom.log2OnePlus(2) - Foundation.log2(3)) < 0.09)
        var rng = Xoshiro256StarStar(seed: 1)
        for _ in 0..<1_000 {
            #expect(rng.below(7) < 7)
            let u = rng.unit()
            #expect(u >= 0 && u < 1)
        }
    }

    @Test func sameSeedGivesSameBytes() throws {
        let a = try FeedGenerator(world: DemoWorld(configuration: Self.small)).requestsJSONLines(.demo, count: 2)
        let b = try FeedGenerator(world: DemoWorld(configuration: Self.small)).requestsJSONLines(.demo, count: 2)
        #expect(a == b)
        var other = Self.small
        other.seed = 8
        let c = try FeedGenerator(world: DemoWorld(configuration: other)).requestsJSONLines(.demo, count: 2)
        #expect(a != c)
        let trainingA = try FeedGenerator(world: DemoWorld(configuration: Self.small))
            .trainingJSONLines(for: DemoWorld(configuration: Self.small).request(.training, index: 3))
        let trainingB = try FeedGenerator(world: DemoWorld(configuration: Self.small))
            .trainingJSONLines(for: DemoWorld(configuration: Self.small).request(.training, index: 3))
        #expect(trainingA == trainingB)
    }

    @Test func requestsHave1500UniqueCandidates() {
        let world = DemoWorld(configuration: .demo)
        for stream in DemoWorld.RequestStream.allCases {
            let request = world.request(stream, index: 5)
            #expect(request.candidates.count == 1_500)
            #expect(Set(request.candidates.map(\.postID)).count == 1_500)
            #expect(request.k == 10)
            #expect((1...10_000).contains(request.userID))
        }
        #expect(world.request(.demo, index: 0).requestID == "demo-0001")
        #expect(world.request(.training, index: 41).requestID == "train-000042")
        #expect(world.request(.heldOut, index: 199).requestID == "heldout-0200")
        // Streams never share post ids.
        let demoIDs = Set(world.request(.demo, index: 0).candidates.map(\.postID))
        #expect(demoIDs.isDisjoint(with: world.request(.training, index: 0).candidates.map(\.postID)))
    }

    @Test func jsonLinesRoundTrip() throws {
        let generator = FeedGenerator(world: DemoWorld(configuration: Self.small))
        let requests = generator.requests(.heldOut, count: 2)
        let bytes = try generator.requestsJSONLines(.heldOut, count: 2)
        #expect(bytes.filter { $0 == 0x0A }.count == 2)
        #expect(try FeedGenerator.decodeRequests(jsonLines: bytes) == requests)
        #expect(String(decoding: bytes.prefix(40), as: UTF8.self).hasPrefix("{\"candidates\":[{\"age_minutes\":"))
        let broken = Array("{\"request_id\":1}\n".utf8)
        #expect {
            try FeedGenerator.decodeRequests(jsonLines: bytes + broken)
        } throws: { error in
            guard case .malformedLine(let line, _) = error as? FeedFileError else { return false }
            return line == 3
        }
    }

    @Test func featuresForEveryCandidate() throws {
        let world = DemoWorld(configuration: .demo)
        let schema = FeatureSchema.demo
        // The ranker's tables cover exactly the world's known authors and its topics (plus the unknown row 0).
        #expect(Int64(world.configuration.knownAuthorCount + 1) == FeatureSchema.demoAuthorTableSize)
        #expect(Int64(world.configuration.topicCount + 1) == FeatureSchema.demoTopicTableSize)
        for index in 0..<2 {
            let request = world.request(.demo, index: index)
            let features = try schema.features(for: request)
            #expect(features.count == 1_500)
            for vector in features {
                #expect(vector.dense.count == schema.dense.count && vector.ids.count == schema.ids.count)
                for (value, feature) in zip(vector.dense + vector.ids, schema.dense + schema.ids) {
                    #expect(value >= 0 && Int64(value) <= feature.recipe.maximumOutput)
                }
            }
            // Some authors are new (outside the table) and read the unknown row.
            #expect(features.contains { $0.ids[0] == 0 })
            let labels = world.labels(for: request)
            #expect(labels.count == 1_500 && labels.allSatisfy { $0.count == EngagementHead.allCases.count })
            #expect(labels.allSatisfy { $0.allSatisfy { $0 <= 1 } })
        }
    }

    @Test func trainingLineFormat() throws {
        let world = DemoWorld(configuration: Self.small)
        let request = world.request(.training, index: 0)
        let lines = try FeedGenerator(world: world).trainingJSONLines(for: request)
        let first = lines.prefix { $0 != 0x0A }
        let object = try JSONSerialization.jsonObject(with: Data(first)) as? [String: Any]
        #expect((object?["dense"] as? [Int])?.count == 8)
        #expect((object?["ids"] as? [Int])?.count == 2)
        #expect((object?["labels"] as? [Int])?.count == 4)
        #expect(object?["request_id"] as? String == "train-000001")
        #expect(object?["post_id"] as? Int == Int(request.candidates[0].postID))
        #expect(lines.filter { $0 == 0x0A }.count == 1_500)
    }

    @Test func engagementModelRespondsToItsInputs() {
        let world = DemoWorld(configuration: .demo)
        let user = world.user(17)
        let favorite = user.favoriteTopics[0]
        let other = (1...64).map(Int64.init).first { user.affinity(for: $0) == 0.05 } ?? 1
        let post = RawPost(
            postID: 1, authorID: 5, topicID: favorite, likes: 100, shares: 5, replies: 2, ageMinutes: 60,
            hasMedia: false, followsAuthor: false, authorInteractions: 0)
        var offTopic = post
        offTopic.topicID = other
        var followed = post
        followed.followsAuthor = true
        let base = world.engagementProbabilities(of: post, for: user)
        let off = world.engagementProbabilities(of: offTopic, for: user)
        let follow = world.engagementProbabilities(of: followed, for: user)
        for h in 0..<4 {
            #expect(base[h] > 0 && base[h] < 1)
            #expect(follow[h] > base[h])
        }
        // Affinity 1.0 vs 0.05 moves every logit by 2.09 (topic appeal differs too, by at most ±3).
        #expect(base[0] != off[0])
    }

    /// The committed `feeds/demo/requests.jsonl` is exactly what the generator writes (README: "Regenerate").
    @Test func committedDemoFileIsReproducible() throws {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("feeds/demo/requests.jsonl")
        guard let committed = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing \(url.path)")
            return
        }
        let requests = try FeedGenerator.decodeRequests(jsonLines: Array(committed))
        #expect(requests.count == 4)
        #expect(requests.allSatisfy { $0.candidates.count == 1_500 })
        let regenerated = try FeedGenerator().requestsJSONLines(.demo, count: requests.count)
        #expect(regenerated == Array(committed))
    }
}
