import ArgumentParser
import FeedProofBench
import Foundation

extension BenchCommand {
    /// `feedproof bench workloads`: S, M and L side by side, each measured in a child process of its own.
    struct WorkloadsBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "workloads",
            abstract: "The reference workloads S, M and L: commit, prove, verify, proof size, prover peak memory.",
            discussion: """
                S: 32-64-32-1 MLP, n = 64, k = 10. M: ≈100K weights (two 1,000 × 16 embeddings), n = 1,500, k = 50.
                L: ≈1M weights plus a 100,000 × 16 embedding, n = 1,500, k = 50. Each workload runs in a child \
                feedproof process so its peak memory is its own; --only S (or M, L, "S,M") picks workloads.
                L needs several GiB and minutes. Example:
                  feedproof bench workloads --only S,M --quick
                """)

        @OptionGroup var options: Options

        @Option(help: "Give up on a workload whose process runs longer than this (minutes).")
        var timeoutMinutes: Double = 30

        @Option(help: .hidden)
        var child: String?

        func run() throws {
            if let child {
                // The child: measure one workload, print its figures for the parent.
                guard let size = ReferenceWorkload.Size(rawValue: child) else {
                    throw ValidationError("--child takes S, M or L")
                }
                let figures = try WorkloadBenchmarks.measure(size, quick: options.quick, progress: options.progress)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(figures), as: UTF8.self))
                return
            }
            let sizes = WorkloadBenchmarks.sizes(only: options.only)
            guard !sizes.isEmpty else { throw ValidationError("--only takes S, M, L or a list such as S,M") }
            let executable =
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0]
            let outcomes = WorkloadBenchmarks.run(
                sizes: sizes, executable: executable,
                arguments: { size in
                    ["bench", "workloads", "--child", size.rawValue] + (options.quick ? ["--quick"] : [])
                        + (options.json ? ["--json"] : [])
                }, timeout: timeoutMinutes * 60, progress: options.progress)
            if options.json {
                print(
                    WorkloadBenchmarks.json(outcomes, cores: SystemFacts.coreCount, processor: SystemFacts.processor))
            } else {
                print(
                    WorkloadBenchmarks.table(outcomes, cores: SystemFacts.coreCount, processor: SystemFacts.processor))
            }
        }
    }
}
