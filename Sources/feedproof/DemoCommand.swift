import ArgumentParser
import FeedProofBench
import Model

/// `feedproof demo`: the deterministic demo world.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The deterministic demo world: generate requests and training data, or run the whole story.",
        subcommands: [Generate.self, Run.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write demo requests (1,500 candidates each) or training examples as JSON Lines.",
            discussion: """
                The same seed and arguments always give the same bytes (feeds/demo/README.md).
                Examples:
                  feedproof demo generate --count 4 --out feeds/demo/requests.jsonl
                  feedproof demo generate --stream training --count 300 --training-data \\
                      --out /tmp/train.jsonl
                """)

        @Option(help: "Which request stream: demo, training or heldout.")
        var stream = "demo"

        @Option(help: "How many requests.")
        var count = 4

        @Option(help: "Index of the first request.")
        var start = 0

        @Flag(help: "Write training examples (features and engagement labels) instead of requests.")
        var trainingData = false

        @Option(help: "The output file.")
        var out: String

        func run() throws {
            try reportingFailures {
                guard let chosen = DemoWorld.RequestStream(rawValue: stream) else {
                    let names = DemoWorld.RequestStream.allCases.map(\.rawValue).joined(separator: ", ")
                    throw CommandFailure.badInput("unknown stream \(stream) (expected one of: \(names))")
                }
                guard count >= 0, start >= 0 else { throw CommandFailure.badInput("count and start must be ≥ 0") }
                let generator = FeedGenerator()
                do {
                    if trainingData {
                        try generator.writeTrainingData(chosen, count: count, startingAt: start, to: out)
                    } else {
                        try generator.writeRequests(chosen, count: count, startingAt: start, to: out)
                    }
                } catch {
                    throw CommandFailure.badInput("\(out): \(error)")
                }
                printToStandardError("wrote \(count) \(stream) \(trainingData ? "training requests" : "requests") to \(out)")
            }
        }
    }
}
