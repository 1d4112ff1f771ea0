import Benchmark

// The proof toolkit at `feedproof bench proofs`' sizes (2^20 entries). Each fixture is a lazily initialized global:
// the benchmark's setup hook builds it, so seconds of input preparation are never timed, and only the process that
// runs a benchmark pays for its fixture. A fixture that cannot be built stops the run with the reason.

let hyrax: HyraxFixture = fixture("Hyrax") { try HyraxFixture() }
let sumcheck: SumcheckFixture = fixture("sumcheck") { try SumcheckFixture() }
let range: RangeProofFixture = fixture("range proof") { try RangeProofFixture() }
let hyraxOpening: [UInt8] = fixture("Hyrax opening") { try hyrax.open().encoded }
let rangeProof: [UInt8] = fixture("range proof") { try range.prove().encoded }

func fixture<T>(_ name: String, _ build: () throws -> T) -> T {
    do { return try build() } catch { fatalError("\(name) fixture: \(error)") }
}

/// Wall clock, CPU time (both cores: the MSMs and sumcheck rounds are parallel), peak RSS and mallocs.
let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal]

/// At most `iterations` (after one warm-up) or `seconds`, whichever comes first.
func limits(_ iterations: Int, seconds: Int64 = 5) -> Benchmark.Configuration {
    .init(metrics: metrics, warmupIterations: 1, maxDuration: .seconds(seconds), maxIterations: iterations)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark("Hyrax commit, 2^20 16-bit values", configuration: limits(10)) { _ in
        Benchmark.blackHole(try hyrax.commit())
    } setup: {
        _ = hyrax
    }
    Benchmark("Hyrax ZK opening prover, 2^20", configuration: limits(20)) { _ in
        Benchmark.blackHole(try hyrax.open())
    } setup: {
        _ = hyrax
    }
    Benchmark("Hyrax ZK opening verifier, 2^20", configuration: limits(50)) { _ in
        let accepted = try hyrax.verify(hyraxOpening)
        precondition(accepted, "the Hyrax opening was rejected")
    } setup: {
        _ = hyraxOpening
    }
    Benchmark("ZK sumcheck prover, eq·a·b, 2^20 16-bit entries", configuration: limits(10)) { _ in
        Benchmark.blackHole(try sumcheck.prove())
    } setup: {
        _ = sumcheck
    }
    Benchmark("range proof (logUp-GKR) prover, 2^20 16-bit limbs", configuration: limits(4, seconds: 8)) { _ in
        Benchmark.blackHole(try range.prove())
    } setup: {
        _ = range
    }
    Benchmark("range proof verifier, 2^20 16-bit limbs", configuration: limits(20)) { _ in
        try range.verify(rangeProof)
    } setup: {
        _ = rangeProof
    }
}
