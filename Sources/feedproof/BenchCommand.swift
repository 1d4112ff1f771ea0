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
        subcommands: [AlgebraBench.self, ProofsBench.self]
    )

    struct AlgebraBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "algebra",
            abstract: "Scalar and field arithmetic, group operations, hash-to-group and MSM (with a GMP baseline).")

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        @Flag(help: "Smaller sizes and fewer rounds, for a smoke run.")
        var quick = false

        @Option(help: "Run only the workloads whose name contains this text (e.g. \"MSM\").")
        var only: String?

        func run() throws {
            let results = AlgebraBenchmarks.run(quick: quick, only: only) { step in
                if !json { printToStandardError("  measuring \(step)…") }
            }
            let title = "feedproof bench algebra (\(SystemFacts.coreCount) cores)"
            if json {
                print(BenchmarkReport.json(results, title: "algebra", cores: SystemFacts.coreCount))
            } else {
                print(BenchmarkReport.table(results, title: title))
                if let ours = results.first(where: { $0.name == "scalar mul" }),
                    let gmp = results.first(where: { $0.name.hasPrefix("GMP") })
                {
                    let ratio = gmp.nanosecondsPerOperation / ours.nanosecondsPerOperation
                    print("scalar mul vs GMP: \(String(format2: ratio))× faster (target ≥ 2×)")
                }
            }
        }
    }
}

extension BenchCommand {
    struct ProofsBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "proofs",
            abstract: "Hyrax commitments and openings, the ZK sumcheck and the logUp-GKR range proof (2^20 entries).")

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        @Flag(help: "Smaller sizes and fewer rounds, for a smoke run.")
        var quick = false

        @Option(help: "Run only the workloads whose name contains this text (e.g. \"range\").")
        var only: String?

        func run() throws {
            if !json { printToStandardError("  measuring (2^20-entry workloads take a minute)…") }
            let results = ProofBenchmarks.run(quick: quick, only: only)
            if json {
                print(BenchmarkReport.json(results, title: "proofs", cores: SystemFacts.coreCount))
            } else {
                print(BenchmarkReport.table(results, title: "feedproof bench proofs (\(SystemFacts.coreCount) cores)"))
            }
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
