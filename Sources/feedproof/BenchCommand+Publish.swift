import ArgumentParser
import FeedProofBench

extension BenchCommand {
    /// `feedproof bench publish`: the batch job's throughput through the archive and its memory over 200 requests.
    struct PublishBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Requests proven per minute through the archive (n = 1,500, k = 50) and RSS over 200 requests.",
            discussion: """
                Throughput: the ≈100K-weight reference ranker (bench ranking's M), n = 1,500, k = 50, a few requests \
                through `BatchPublisher` and the SQLite archive, against 60 s / one timed prove (target: within 10 %).
                Memory: RSS while 200 requests of the smaller S workload (32-64-32-1, n = 64, k = 10) go through the \
                archive (flat: ≤ 2 % growth from request 100 to 200). --only memory or --only throughput runs one \
                part.
                Example:
                  feedproof bench publish --requests 4
                """)

        @OptionGroup var options: Options

        @Option(help: "Requests in the throughput batch (default 3; --quick 2).")
        var requests: Int?

        @Option(help: "Requests in the memory batch (default 200; --quick 40).")
        var memoryRequests: Int?

        func run() throws {
            let results = PublishBenchmarks.run(
                quick: options.quick, requests: requests, memoryRequests: memoryRequests, only: options.only,
                progress: options.progress)
            options.report(results, group: "publish")
        }
    }
}
