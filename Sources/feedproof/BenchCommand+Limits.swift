import ArgumentParser
import FeedProofBench

extension BenchCommand {
    /// `feedproof bench limits`: the scale limits of issue 11 (one big request, a 100,000-row archive, a 1M-row
    /// embedding table), printed as Markdown tables.
    struct LimitsBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "limits",
            abstract: "Scale limits: n = 10,000 / k = 500, 100,000 archive rows through verify-archive, a 1M-row embedding.",
            discussion: """
                candidates: one request of --candidates posts, top --k, on the demo model (and with --reference-m on \
                bench ranking's M model): prove, verify, proof size, peak RSS of each.
                archive: --distinct tiny-model requests proven into one archive, copied into --rows / --distinct shard \
                archives, then `feedproof verify-archive` over all of them with its VmRSS sampled every second \
                (--rss-csv writes the samples): flat memory and rows per second.
                embedding: a model with one --embedding-rows × --embedding-dimension table: commitment time and size, \
                prove and verify (n = 64, k = 10), peak RSS.
                Run from the repository root (the demo model is feeds/demo/ranker.fpmodel). Release builds only.
                Examples:
                  feedproof bench limits --only candidates --reference-m
                  feedproof bench limits --only archive --rows 100000 --distinct 2000 \\
                      --rss-csv rss.csv
                  feedproof bench limits --only embedding --embedding-rows 250000
                """)

        @Option(help: "Only this part: candidates, archive or embedding (default: all three).")
        var only: String?
        @Option(help: "Candidates of the big request.") var candidates = 10_000
        @Option(help: "k of the big request.") var k = 500
        @Option(help: "The demo model file.") var demoModel = "feeds/demo/ranker.fpmodel"
        @Flag(help: "Also measure the big request on the M reference model (minutes, several GiB).")
        var referenceM = false
        @Option(help: "Archive rows verified.") var rows = 100_000
        @Option(help: "Distinct proofs among them (the rest are shard copies).") var distinct = 2_000
        @Option(help: "Worker threads for publishing and verify-archive.") var jobs = 2
        @Option(help: "Write verify-archive's VmRSS samples (seconds, KiB) to this CSV file.") var rssCsv: String?
        @Option(help: "Keep the archive part's shards and commitments in this folder.") var workFolder: String?
        @Option(help: "Rows of the embedding table.") var embeddingRows = 1_000_000
        @Option(help: "Dimension of the embedding table.") var embeddingDimension = 16

        func run() throws {
            var options = LimitsBenchmarks.Options()
            if let only {
                guard ["candidates", "archive", "embedding"].contains(only) else {
                    throw ValidationError("--only must be candidates, archive or embedding")
                }
                options.parts = [only]
            }
            guard candidates >= 1, k >= 1, k <= candidates, rows >= 1, distinct >= 1, jobs >= 1, embeddingRows >= 1,
                embeddingDimension >= 1
            else { throw ValidationError("sizes must be positive, and k at most --candidates") }
            options.candidates = candidates
            options.k = k
            options.demoModel = demoModel
            options.referenceM = referenceM
            options.rows = rows
            options.distinct = distinct
            options.jobs = jobs
            options.rssCSV = rssCsv
            options.workFolder = workFolder
            options.embeddingRows = embeddingRows
            options.embeddingDimension = embeddingDimension
            try LimitsBenchmarks.run(options) { printToStandardError("  \($0)") }
        }
    }
}
