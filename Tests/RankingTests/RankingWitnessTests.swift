import Model
import Testing

@testable import Ranking

/// The witness's golden inference: every candidate count traces every column, whatever chunks the work is split into.
@Suite("Ranking witness")
struct RankingWitnessTests {
    @Test("traces for counts around the parallel chunking (64 and up: 16 chunks, some of them empty)")
    func tracesForEveryCount() throws {
        let ranker = try StatementSamples.demoRanker()
        let request = try StatementSamples.demoRequest()
        let post = try #require(request.candidates.first)
        let features = try FeatureSchema.demo.features(for: post)
        for n in [63, 64, 65, 100, 241] {
            let columns = 256
            let traces = RankingWitness.traces(
                ranker: ranker, features: Array(repeating: features, count: n), columns: columns)
            #expect(traces.count == columns, "n = \(n)")
            #expect(traces.first == ranker.trace(features), "n = \(n)")
        }
    }
}
