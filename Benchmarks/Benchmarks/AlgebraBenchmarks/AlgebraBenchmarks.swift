import Algebra
import Benchmark
import struct FeedProofBench.BenchmarkRandom

// The arithmetic every proof stands on, as `feedproof bench algebra` measures it: dependent chains (so the optimizer
// cannot batch or drop work) scaled to a time per operation, and MSMs over distinct random bases.
// Inputs come from FeedProofBench's deterministic generator, so both harnesses measure the same work.

/// Every benchmark here: wall clock and CPU time, peak RSS, and mallocs (the arithmetic should allocate nothing).
let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal]

let benchmarks: @Sendable () -> Void = {
    var random = BenchmarkRandom(seed: 0x5eed)
    let s1 = random.scalar()
    let s2 = random.scalar()
    let p1 = random.point()
    let p2 = random.point()

    // 1,000 dependent operations per iteration, reported per operation (scalingFactor .kilo).
    let chain = Benchmark.Configuration(
        metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(2), maxIterations: 1_000)
    Benchmark("scalar mul", configuration: chain) { benchmark in
        var x = s1
        for _ in benchmark.scaledIterations { x = x * s2 }
        Benchmark.blackHole(x)
    }
    Benchmark("point add", configuration: chain) { benchmark in
        var p = p1
        for _ in benchmark.scaledIterations { p = p + p2 }
        Benchmark.blackHole(p)
    }

    let scalarMul = Benchmark.Configuration(
        metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(2), maxIterations: 30)
    let table = FixedBaseTable(p1)
    Benchmark("fixed-base scalar mul (table)", configuration: scalarMul) { benchmark in
        var k = s1
        for _ in benchmark.scaledIterations {
            Benchmark.blackHole(table.multiply(k))
            k = k + s2
        }
    }
    Benchmark("variable-base scalar mul", configuration: scalarMul) { benchmark in
        var p = p1
        for _ in benchmark.scaledIterations { p = s1 * p }
        Benchmark.blackHole(p)
    }

    // MSMs of 2^10, 2^14 and 2^16 terms, full scalars and 16-bit ones (what Hyrax commits).
    let largest = 1 << 16
    let bases = PrecomputedBases(random.points(count: largest))
    let fullScalars = (0..<largest).map { _ in random.scalar() }
    let smallValues = (0..<largest).map { _ in Int32(random.next() & 0xFFFF) }
    for log in [10, 14, 16] {
        let n = 1 << log
        let scalars = Array(fullScalars[0..<n])
        let small = Array(smallValues[0..<n])
        let msm = Benchmark.Configuration(
            metrics: metrics, maxDuration: .seconds(log == 16 ? 3 : 2), maxIterations: log == 10 ? 200 : 30)
        Benchmark("MSM 2^\(log), full scalars", configuration: msm) { _ in
            Benchmark.blackHole(try? bases.multiscalarMultiply(scalars))
        }
        Benchmark("MSM 2^\(log), 16-bit scalars", configuration: msm) { _ in
            Benchmark.blackHole(try? bases.multiscalarMultiply(small: small))
        }
    }
}
