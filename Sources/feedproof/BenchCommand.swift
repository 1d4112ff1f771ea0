import ArgumentParser
import FeedProofBench

/// `feedproof bench`: measurements of the building blocks, with the targets they must meet.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of FeedProof's building blocks.",
        discussion: """
            Build in release mode first; debug builds are 10–50× slower.
            Example:
              swift run -c release feedproof bench algebra --json
            """,
        subcommands: [
            AlgebraBench.self, ProofsBench.self, ModelBench.self, RankingBench.self, WorkloadsBench.self,
            BatchVerifyBench.self, PublishBench.self,
            LimitsBench.self,
        ]
    )

    /// The options every benchmark group takes.
    struct Options: ParsableArguments {
        @Flag(help: "Print JSON instead of a table.")
        var json = false

        @Flag(help: "Smaller sizes and fewer rounds, for a smoke run.")
        var quick = false

        @Option(help: "Run only the workloads whose name contains this text (e.g. \"MSM\").")
        var only: String?

        /// Prints `results` as JSON or as a table titled with the group's name and the core count.
        func report(_ results: [Measurement], group: String) {
            if json {
                print(
                    BenchmarkReport.json(
                        results, title: group, cores: SystemFacts.coreCount, processor: SystemFacts.processor))
            } else {
                let machine = SystemFacts.summary(cores: SystemFacts.coreCount, processor: SystemFacts.processor)
                print(BenchmarkReport.table(results, title: "feedproof bench \(group) (\(machine))"))
            }
        }

        /// Progress on standard error, unless JSON was asked for.
        func progress(_ step: String) {
            if !json { printToStandardError("  measuring \(step)…") }
        }
    }

    struct AlgebraBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "algebra",
            abstract: "Scalar and field arithmetic, group operations, hash-to-group and MSM (with a GMP baseline).")

        @OptionGroup var options: Options

        func run() throws {
            let results = AlgebraBenchmarks.run(quick: options.quick, only: options.only, progress: options.progress)
            options.report(results, group: "algebra")
            if !options.json, let ours = results.first(where: { $0.name == "scalar mul" }),
                let gmp = results.first(where: { $0.name.hasPrefix("GMP") })
            {
                let ratio = gmp.nanosecondsPerOperation / ours.nanosecondsPerOperation
                print("scalar mul vs GMP: \(String(format2: ratio))× faster (target ≥ 2×)")
            }
        }
    }

    struct ProofsBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "proofs",
            abstract: "Hyrax commitments and openings, the ZK sumcheck and the logUp-GKR range proof (2^20 entries).")

        @OptionGroup var options: Options

        func run() throws {
            options.progress("proof workloads (2^20 entries take a minute)")
            options.report(ProofBenchmarks.run(quick: options.quick, only: options.only), group: "proofs")
        }
    }
}

extension BenchCommand {
    struct ModelBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "model",
            abstract: "Golden integer inference of the reference ≈100K-weight ranker on 1,500 candidates.")

        @OptionGroup var options: Options

        func run() throws {
            let results = ModelBenchmarks.run(quick: options.quick, only: options.only, progress: options.progress)
            options.report(results, group: "model")
        }
    }
}

extension String {
    /// A number with two decimals, without Foundation.
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = abs(hundredths % 100)
        self = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

extension BenchCommand {
    struct RankingBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ranking",
            abstract: "Whole ranking proofs: S (32-64-32-1, n = 64) and M (≈100K weights, n = 1,500, k = 50).")

        @OptionGroup var options: Options

        func run() throws {
            let results = RankingBenchmarks.run(quick: options.quick, only: options.only, progress: options.progress)
            options.report(results, group: "ranking")
        }
    }
}

extension BenchCommand {
    struct BatchVerifyBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "batch-verify",
            abstract: "Ranking proofs verified one by one and in batches of 64 (S model; run under taskset -c 0 per core).")

        @OptionGroup var options: Options

        func run() throws {
            let results = BatchVerifyBenchmarks.run(
                quick: options.quick, only: options.only, progress: options.progress)
            options.report(results, group: "batch-verify")
        }
    }
}
