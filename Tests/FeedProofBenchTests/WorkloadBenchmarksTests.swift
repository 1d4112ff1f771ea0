import Foundation
import Testing

@testable import FeedProofBench

/// `feedproof bench workloads`: the reference shapes, `--only` parsing, the child's figures format, and one real
/// measurement of S (commit, prove, verify) so the table never reports a workload whose proof is rejected.
@Suite struct WorkloadBenchmarksTests {
    @Test func referenceShapesMatchTheIssue() throws {
        let s = try ReferenceWorkload.make(.s)
        #expect(s.features.count == 64 && s.shownCount == 10)
        #expect(s.ranker.descriptor.layers.map(\.outputs) == [64, 32, 1])
        let m = try ReferenceWorkload.make(.m)
        #expect(m.features.count == 1_500 && m.shownCount == 50)
        #expect(m.ranker.descriptor.layers.reduce(0) { $0 + $1.inputs * $1.outputs } == 98_560)
        // L is built only by its float shape here (quantizing 1M weights belongs to the benchmark run).
        var random = BenchmarkRandom(seed: 1)
        let large = ReferenceWorkload.largeRanker(&random)
        let weights = (large.trunk + [large.heads]).reduce(0) { $0 + $1.inputs * $1.outputs }
        #expect(weights == 1_036_032)
        #expect(large.embeddings.map(\.rows) == [100_000] && large.embeddings.map(\.dimension) == [16])
    }

    @Test func onlySelectsWorkloads() {
        #expect(WorkloadBenchmarks.sizes(only: nil) == [.s, .m, .l])
        #expect(WorkloadBenchmarks.sizes(only: "L") == [.l])
        #expect(WorkloadBenchmarks.sizes(only: "s, m") == [.s, .m])
        #expect(WorkloadBenchmarks.sizes(only: "embedding") == [.l])
        #expect(WorkloadBenchmarks.sizes(only: "nothing like it").isEmpty)
    }

    @Test func measuresSInThisProcessAndTheFiguresRoundTrip() throws {
        let figures = try WorkloadBenchmarks.measure(.s, quick: true)
        #expect(figures.size == .s && figures.candidates == 64 && figures.shown == 10)
        #expect(figures.multiplyWeights == 4_128 && figures.embeddingEntries == 0)
        #expect(figures.proofBytes > 0 && figures.proveSeconds > 0 && figures.verifySeconds > 0)
        #expect(figures.proverPeakBytes > 0 && figures.processPeakBytes >= figures.proverPeakBytes)
        let decoded = try JSONDecoder().decode(WorkloadFigures.self, from: JSONEncoder().encode(figures))
        #expect(decoded == figures)
        let table = WorkloadBenchmarks.table([.measured(figures), .failed(.l, "killed")], cores: 2)
        #expect(table.contains("S: n = 64, k = 10") && table.contains("L not measured: killed"))
    }
}
