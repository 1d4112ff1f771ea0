import Dispatch
import Foundation
import Model
import Ranking

/// `feedproof bench workloads`: the reference workloads S, M and L (``ReferenceWorkload``) as one table — commit
/// time, prove time, verify time, proof size, prover peak memory, and prove time over golden inference.
///
/// Each workload runs in a child process (the feedproof binary re-executed with a hidden flag) so that its peak
/// memory is its own: in one process, the allocator keeps M's freed heap resident and L's peak would include S's
/// and M's leftovers. Inside the child, the kernel's resident high-water mark is reset after the commitment, just
/// before the first prove (``ProcessMemory/resetPeak()``), and read after the last prove, so the peak covers the
/// proves with the committed model already resident. The child prints ``WorkloadFigures`` as JSON on standard output.
public enum WorkloadBenchmarks {
    /// What became of one workload.
    public enum Outcome: Sendable {
        case measured(WorkloadFigures)
        case failed(ReferenceWorkload.Size, String)
    }

    /// Above these a workload counts as infeasible on the project's machine (issue 10's bounds).
    public static let feasibleProveSeconds = 600.0
    public static let feasiblePeakBytes = 8 << 30

    /// The workloads `only` names: "S", "M", "L" or a comma-separated list of them; anything else selects the
    /// workloads whose title contains it; nil selects all three.
    public static func sizes(only: String?) -> [ReferenceWorkload.Size] {
        guard let only, !only.isEmpty else { return ReferenceWorkload.Size.allCases }
        let names = only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        let exact = ReferenceWorkload.Size.allCases.filter { names.contains($0.rawValue) }
        if !exact.isEmpty { return exact }
        return ReferenceWorkload.Size.allCases.filter { $0.title.lowercased().contains(only.lowercased()) }
    }

    // MARK: The parent

    /// Measures each workload in a child: `executable` run with `arguments(size)`, which must print the figures of
    /// ``measure(_:quick:progress:)`` as JSON. A child still running after `timeout` seconds is terminated.
    public static func run(
        sizes: [ReferenceWorkload.Size], executable: String, arguments: (ReferenceWorkload.Size) -> [String],
        timeout: Double, progress: (String) -> Void = { _ in }
    ) -> [Outcome] {
        sizes.map { size in
            progress("\(size.title) in a child process")
            do {
                return .measured(
                    try runChild(executable: executable, arguments: arguments(size), timeout: timeout))
            } catch {
                return .failed(size, "\(error)")
            }
        }
    }

    /// Why a child produced no figures.
    struct ChildFailure: Error, CustomStringConvertible {
        let description: String
    }

    static func runChild(executable: String, arguments: [String], timeout: Double) throws -> WorkloadFigures {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        // Drain stdout while the child runs (it writes one small JSON object at the end).
        let data = LockedData()
        let reader = DispatchGroup()
        DispatchQueue.global().async(group: reader) {
            data.set(output.fileHandleForReading.readDataToEndOfFile())
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            finished.wait()
            reader.wait()
            throw ChildFailure(
                description: "did not finish within \(Int(timeout)) s (terminated; infeasible on this machine at that "
                    + "bound)")
        }
        reader.wait()
        if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            throw ChildFailure(
                description: "the child was killed by signal \(signal)"
                    + (signal == SIGKILL ? " (SIGKILL: most likely the kernel's out-of-memory killer)" : ""))
        }
        guard process.terminationStatus == 0 else {
            throw ChildFailure(description: "the child exited with status \(process.terminationStatus)")
        }
        do {
            return try JSONDecoder().decode(WorkloadFigures.self, from: data.get())
        } catch {
            throw ChildFailure(description: "the child's output is not a figures object: \(error)")
        }
    }

    /// Bytes handed from the reading thread to the waiting one.
    final class LockedData: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ value: Data) { lock.withLock { data = value } }
        func get() -> Data { lock.withLock { data } }
    }

    // MARK: The child

    /// Measures one workload in this process: builds and commits it (commit timed once), resets the resident
    /// high-water mark, proves once untimed (warming caches and tables), times `rounds` proves, reads the
    /// high-water mark (the prover's peak over every prove), then times the verifier and the golden inference.
    /// `quick` times one prove and fewer verifies.
    public static func measure(
        _ size: ReferenceWorkload.Size, quick: Bool, progress: (String) -> Void = { _ in }
    ) throws -> WorkloadFigures {
        progress("\(size.rawValue): building and quantizing the model")
        let workload = try ReferenceWorkload.make(size)
        let descriptor = workload.ranker.descriptor
        // The generators are derived once per process (hash-to-group), not per model: keep them out of the commit.
        let key = RankingParameters.commitmentKey
        progress("\(size.rawValue): committing the model")
        let clock = ContinuousClock()
        let commitStart = clock.now
        let committed = try CommittedWorkload(workload, key: key)
        let commitSeconds = (clock.now - commitStart).seconds
        progress("\(size.rawValue): proof layout \(committed.layout.summary)")

        let residentBefore = ProcessMemory.currentResidentBytes()
        let commitPeak = ProcessMemory.peakResidentBytes()
        let reset = ProcessMemory.resetPeak()
        progress("\(size.rawValue): first prove (untimed)")
        let proof = try committed.prove().encoded

        let rounds = quick ? 1 : (size == .s ? 5 : size == .m ? 3 : 1)
        var samples: [Double] = []
        var cpu = 0.0
        for round in 1...rounds {
            progress("\(size.rawValue): timed prove \(round) of \(rounds)")
            let cpuStart = ProcessMemory.cpuSeconds()
            let start = clock.now
            blackHole(try committed.prove())
            samples.append((clock.now - start).seconds)
            cpu += ProcessMemory.cpuSeconds() - cpuStart
        }
        // The peak over every prove (the allocator's reuse can make a later one peak a little higher).
        let proverPeak = ProcessMemory.peakResidentBytes()
        try committed.verify(proof)  // never report a workload whose proof is rejected
        progress("\(size.rawValue): verifier and golden inference")
        let verify = Stopwatch(rounds: quick ? 3 : 11).measure("verify", operations: 1) {
            blackHole(try? committed.verify(proof))
        }
        let golden = Stopwatch(rounds: quick ? 3 : 11).measure("golden", operations: 1) {
            blackHole(committed.goldenScores())
        }
        return WorkloadFigures(
            size: size, multiplyWeights: descriptor.layers.reduce(0) { $0 + $1.inputs * $1.outputs },
            embeddingEntries: descriptor.embeddings.reduce(0) { $0 + $1.rows * $1.dimension },
            candidates: workload.features.count, shown: workload.shownCount, layout: committed.layout.summary,
            commitSeconds: commitSeconds, proveSeconds: median(samples), proveCPUSeconds: cpu / Double(rounds),
            proveRounds: rounds, verifySeconds: verify.nanosecondsPerOperation / 1e9, proofBytes: proof.count,
            proverPeakBytes: proverPeak, residentBeforeProveBytes: residentBefore,
            // At least every peak read before: the kernel syncs threads' RSS counters lazily, so a later VmHWM
            // read can come out a little lower in a busy multithreaded process.
            processPeakBytes: max(commitPeak, proverPeak, ProcessMemory.peakResidentBytes()),
            peakMethod: reset
                ? "VmHWM of the workload's own process, reset (/proc/self/clear_refs) after the commitment, "
                    + "read after the proves"
                : "ru_maxrss of the workload's own process (commitment included; no per-phase reset here)",
            goldenSeconds: golden.nanosecondsPerOperation / 1e9)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}

fileprivate extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
