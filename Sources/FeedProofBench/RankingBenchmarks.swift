import Foundation
import Model
import Proofs
import Ranking
import Transcript

/// `feedproof bench ranking`: proving and verifying whole rankings (issue 6 targets, on the reference workloads of
/// ``ReferenceWorkload``):
/// - S: a 32-64-32-1 MLP, n = 64, k = 10 — prove ≤ 0.2 s;
/// - M: the ≈100K-weight reference ranker of ``ModelBenchmarks``, n = 1,500, k = 50 — prove ≤ 3 s, verify ≤ 50 ms,
///   proof ≤ 128 KiB, prover peak memory ≤ 1 GiB.
/// Each also reports the ratio of proving time to the golden (plain integer) inference of the same candidates.
/// (`feedproof bench workloads` measures S, M and L, each in its own process, as one table.)
public enum RankingBenchmarks {
    /// The issue-6 targets of a workload (nanoseconds, bytes).
    struct Targets {
        let prove: Double?
        let verify: Double?
        let size: Int?

        init(_ size: ReferenceWorkload.Size) {
            switch size {
            case .s: (prove, verify, self.size) = (0.2e9, nil, nil)
            case .m: (prove, verify, self.size) = (3e9, 50e6, 128 * 1024)
            case .l: (prove, verify, self.size) = (nil, nil, nil)
            }
        }
    }

    /// Runs the workloads S and M (a workload is skipped when `filter` excludes all its names). `quick` times one
    /// round instead of three.
    public static func run(
        quick: Bool = false, only filter: String? = nil, progress: (String) -> Void = { _ in }
    ) -> [Measurement] {
        var results = FilteredResults(filter: filter)
        let watch = FilteredStopwatch(stopwatch: Stopwatch(rounds: quick ? 1 : 3), filter: filter)
        for size in [ReferenceWorkload.Size.s, .m] {
            let name = size.title
            // Skip the set-up (M's commitment takes seconds) when no measurement of the workload passes the filter.
            if let filter,
                !measurementNames.contains(where: { "\($0), \(name)".lowercased().contains(filter.lowercased()) })
            {
                continue
            }
            progress("building, quantizing and committing \(name)")
            let committed: CommittedWorkload
            do {
                committed = try CommittedWorkload(try ReferenceWorkload.make(size))
            } catch {
                progress("set-up failed: \(error)")
                continue
            }
            progress("layout: \(committed.layout.summary)")
            progress("proving \(name)")
            let targets = Targets(size)
            var proof: [UInt8] = []
            var regions: [(name: String, range: Range<Int>)] = []
            var failure: String?
            func proveOnce() {
                do {
                    let proven = try committed.prove()
                    proof = proven.encoded
                    regions = proven.regions
                } catch {
                    failure = "\(error)"
                }
            }
            let prove = watch.measure("prove, \(name)", operations: 1, target: targets.prove) { proveOnce() }
            // With the prove measurement filtered out (`--only "verify, M"`), the others still need a proof.
            if prove == nil { proveOnce() }
            if let failure {
                progress("proving failed: \(failure)")
                continue
            }
            progress(
                "proof regions (KiB): "
                    + regions.map { "\($0.name) \(String(format: "%.1f", Double($0.range.count) / 1024))" }
                    .joined(separator: ", "))
            results.append(prove)
            results.append(watch.size("proof size, \(name)", bytes: proof.count, target: targets.size))
            if targets.size != nil {
                results.append(
                    watch.size("prover peak memory (process RSS), \(name)", bytes: ProcessMemory.peakResidentBytes(),
                               target: 1 << 30))
            }
            results.append(
                watch.measure("verify, \(name)", operations: 1, target: targets.verify) {
                    do { try committed.verify(proof) } catch { failure = "\(error)" }
                })
            if let failure { progress("verification failed: \(failure)") }
            results.append(
                watch.measure("verify: decoding alone, \(name)", operations: 1) {
                    blackHole(try? committed.decode(proof))
                })
            let golden = watch.measure("golden inference, \(name)", operations: 1) {
                blackHole(committed.goldenScores())
            }
            results.append(golden)
            if let proveTime = prove.map(\.nanosecondsPerOperation), let goldenTime = golden.map(\.nanosecondsPerOperation),
                goldenTime > 0
            {
                results.append(.ratio("prove time / golden inference time, \(name)", proveTime / goldenTime))
            }
        }
        results.append(MachineIndex.measure(quick: quick, filter: filter))
        return results.measurements
    }

    /// What every workload reports, before ", <workload title>".
    static let measurementNames = [
        "prove", "proof size", "prover peak memory (process RSS)", "verify", "verify: decoding alone",
        "golden inference", "prove time / golden inference time",
    ]
}
