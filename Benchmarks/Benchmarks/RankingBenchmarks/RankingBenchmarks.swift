import Benchmark
import struct FeedProofBench.CommittedWorkload
import struct FeedProofBench.ReferenceWorkload

// Whole ranking proofs on the reference workloads that `feedproof bench ranking` and `bench workloads` measure
// (ReferenceWorkload: the same models and candidates). The model commitment is a one-time cost per model version,
// so each workload is committed once, in the setup hook (lazily initialized globals), and never timed.
// M's prove takes seconds: a warm-up, then at most three timed iterations or 25 s. package-benchmark runs each
// benchmark in a process of its own, so peak RSS is that benchmark's. `make benchmarks` sets feedproof's allocator
// tunables (GLIBC_TUNABLES), without which M's prove is markedly slower (README, "Performance").

let small: CommittedWorkload = committed(.s)
let medium: CommittedWorkload = committed(.m)
let smallProof: [UInt8] = proof(small)
let mediumProof: [UInt8] = proof(medium)

func committed(_ size: ReferenceWorkload.Size) -> CommittedWorkload {
    do { return try CommittedWorkload(try ReferenceWorkload.make(size)) } catch {
        fatalError("\(size.title): \(error)")
    }
}

func proof(_ workload: CommittedWorkload) -> [UInt8] {
    do { return try workload.prove().encoded } catch { fatalError("\(workload.workload.size.title): \(error)") }
}

let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal]

let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "S prove (32-64-32-1, n = 64, k = 10)",
        configuration: .init(metrics: metrics, warmupIterations: 1, maxDuration: .seconds(6), maxIterations: 10)
    ) { _ in
        Benchmark.blackHole(try small.prove())
    } setup: {
        _ = small
    }
    Benchmark(
        "S verify (32-64-32-1, n = 64, k = 10)",
        configuration: .init(metrics: metrics, warmupIterations: 2, maxDuration: .seconds(4), maxIterations: 50)
    ) { _ in
        try small.verify(smallProof)
    } setup: {
        _ = smallProof
    }
    Benchmark(
        "M prove (≈100K weights, n = 1,500, k = 50)",
        configuration: .init(metrics: metrics, warmupIterations: 1, maxDuration: .seconds(25), maxIterations: 3)
    ) { _ in
        Benchmark.blackHole(try medium.prove())
    } setup: {
        _ = medium
    }
    Benchmark(
        "M verify (≈100K weights, n = 1,500, k = 50)",
        configuration: .init(metrics: metrics, warmupIterations: 1, maxDuration: .seconds(4), maxIterations: 20)
    ) { _ in
        try medium.verify(mediumProof)
    } setup: {
        _ = mediumProof
    }
}
