import Archive
import Foundation
import Model
import Ranking

#if canImport(Glibc)
    import Glibc
#endif

/// `feedproof bench limits` (issue 11): how far one ranking, one archive and one model can grow.
///
/// - **candidates**: one request with n candidates and top k (default 10,000 and 500) on the demo model
///   (`feeds/demo/ranker.fpmodel`), and with `--reference-m` also on `bench ranking`'s ≈100K-weight M model (its
///   reference ranker with the 32-feature benchmark schema). Prove (rank, prove, sign: `RankingPublisher.publish`),
///   verify (`RankingVerifier`), proof size, and the peak RSS of each step (the high-water mark reset before it).
/// - **archive**: `feedproof verify-archive` over `rows` rows (default 100,000), sampled every second from
///   `/proc/PID/status` (VmRSS): flat memory and rows per second. Proving 100,000 distinct proofs is long, so
///   `distinct` requests (default 2,000) of a tiny model (32 dense features → 8 → 1, n = 8, k = 3) are proven into
///   one archive, and that archive is copied into rows / distinct shard archives: every row is a real, fully
///   verified bundle (nothing is cached between rows), but only `distinct` of them differ.
/// - **embedding**: a model whose one embedding table has `embeddingRows` rows (default 1,000,000) of dimension 16,
///   next to 32 dense features and a 48-64-32-1 trunk: quantization and commitment time, commitment size, prove and
///   verify time (n = 64, k = 10), proof size and peak RSS.
///
/// Prints one Markdown table per part, ready for docs/BENCHMARKS.md.
public enum LimitsBenchmarks {
    /// What to measure and how big.
    public struct Options: Sendable {
        public var parts: Set<String> = ["candidates", "archive", "embedding"]
        public var candidates = 10_000
        public var k = 500
        public var demoModel = "feeds/demo/ranker.fpmodel"
        public var referenceM = false
        public var rows = 100_000
        public var distinct = 2_000
        public var jobs = 2
        public var rssCSV: String?
        public var embeddingRows = 1_000_000
        public var embeddingDimension = 16
        /// The `feedproof` executable that runs `verify-archive` (default: this process's).
        public var executable: String?
        /// Where the archive part writes its shards and commitments (default: a temporary folder, removed).
        public var workFolder: String?

        public init() {}
    }

    /// Runs the selected parts, printing progress with `progress` and the tables on standard output.
    public static func run(_ options: Options, progress: (String) -> Void) throws {
        let machine = SystemFacts.summary(cores: SystemFacts.coreCount, processor: SystemFacts.processor)
        print("feedproof bench limits (\(machine), load average \(loadAverage()) at start)")
        if options.parts.contains("candidates") { try candidates(options, progress: progress) }
        if options.parts.contains("embedding") { try embedding(options, progress: progress) }
        if options.parts.contains("archive") { try archive(options, progress: progress) }
    }

    // MARK: n = 10,000, k = 500

    static func candidates(_ options: Options, progress: (String) -> Void) throws {
        var rows: [[String]] = []
        progress("loading and committing the demo model \(options.demoModel)")
        let file = try ModelFile(decoding: Array(try Data(contentsOf: URL(fileURLWithPath: options.demoModel))))
        let (_, demoOpening) = try ModelCommitment.commit(file.ranker)
        let demoRequest = demoCandidates(options.candidates, k: options.k)
        rows.append(try measureRequest("demo model", opening: demoOpening, request: demoRequest, progress: progress))
        if options.referenceM {
            progress("building, quantizing and committing the M reference model")
            var random = BenchmarkRandom(seed: 0x6c_696d)
            let schema = try PublishBenchmarks.benchmarkSchema(idTables: [1_000, 1_000])
            let float = ModelBenchmarks.referenceRanker(&random)
            let opening = try commit(float, schema: schema, &random).opening
            let posts = (0..<options.candidates).map { PublishBenchmarks.post(id: Int64($0 + 1), &random) }
            let request = FeedRequest(requestID: "limits-m", userID: 1, epoch: 1, k: options.k, candidates: posts)
            rows.append(try measureRequest("M reference model", opening: opening, request: request, progress: progress))
        }
        printTable(
            "One request, n = \(options.candidates), k = \(options.k)",
            header: ["model", "prove (rank+prove+sign), wall (CPU)", "verify (best of 3)", "proof", "bundle", "prover peak RSS",
                     "verifier peak RSS"], rows: rows)
    }

    /// n demo candidates: the demo world's requests' candidates, concatenated and renumbered 1…n.
    static func demoCandidates(_ n: Int, k: Int) -> FeedRequest {
        let generator = FeedGenerator()
        var posts: [RawPost] = []
        var index = 0
        while posts.count < n {
            posts += generator.requests(.demo, count: 1, startingAt: index)[0].candidates
            index += 1
        }
        posts = Array(posts.prefix(n))
        for i in posts.indices { posts[i].postID = Int64(i + 1) }
        return FeedRequest(requestID: "limits-demo", userID: 1, epoch: 1, k: k, candidates: posts)
    }

    /// Proves and verifies `request`; one table row.
    static func measureRequest(
        _ name: String, opening: ModelOpening, request: FeedRequest, progress: (String) -> Void
    ) throws -> [String] {
        let publisher = try RankingPublisher(opening: opening)
        let verifier = try RankingVerifier(commitment: opening.commitment)
        progress("\(name): proving n = \(request.candidates.count), k = \(request.k)")
        releaseFreeMemory()
        ProcessMemory.resetPeak()
        let cpuBefore = ProcessMemory.cpuSeconds()
        let (bundle, proveSeconds) = try timed { try publisher.publish(request) }
        let proveCPU = ProcessMemory.cpuSeconds() - cpuBefore
        let provePeak = ProcessMemory.peakResidentBytes()
        progress("\(name): proved in \(seconds(proveSeconds)) (CPU \(seconds(proveCPU))), verifying")
        // The prover's freed heap back to the kernel first, or the verifier's peak would be the prover's.
        releaseFreeMemory()
        ProcessMemory.resetPeak()
        let verifySeconds = try (0..<3).map { _ in
            try timed { try verifier.verify(proof: bundle.proof, statement: bundle.statement) }.1
        }.min() ?? 0
        let verifyPeak = ProcessMemory.peakResidentBytes()
        return [
            name, "\(seconds(proveSeconds)) (CPU \(seconds(proveCPU)))", seconds(verifySeconds),
            bytes(bundle.proof.count),
            bytes(bundle.encoded.count), bytes(provePeak), bytes(verifyPeak),
        ]
    }

    // MARK: A 1M-row embedding table

    static func embedding(_ options: Options, progress: (String) -> Void) throws {
        var random = BenchmarkRandom(seed: 0x656d_62)
        let rows = options.embeddingRows
        let dimension = options.embeddingDimension
        progress("building a \(rows) × \(dimension) embedding table")
        let table = (0..<(rows * dimension)).map { _ in ModelBenchmarks.uniform(&random, 0.5) }
        let embedding = FloatRanker.Embedding(
            name: "emb0", idFeature: 0, rows: rows, dimension: dimension, table: table)
        var width = 32 + dimension
        let trunk = [
            ReferenceWorkload.denseLayer("fc0", inputs: &width, outputs: 64, relu: true, &random),
            ReferenceWorkload.denseLayer("fc1", inputs: &width, outputs: 32, relu: true, &random),
        ]
        let heads = ReferenceWorkload.denseLayer("heads", inputs: &width, outputs: 1, relu: false, &random)
        let float = FloatRanker(
            denseFeatureCount: 32, embeddings: [embedding], trunk: trunk, heads: heads, headWeights: [1])
        let schema = try PublishBenchmarks.benchmarkSchema(idTables: [Int64(rows)])
        progress("quantizing and committing")
        ProcessMemory.resetPeak()
        let committed = try commit(float, schema: schema, &random)
        let commitPeak = ProcessMemory.peakResidentBytes()
        progress(
            "committed in \(seconds(committed.commitSeconds)) (quantized in \(seconds(committed.quantizeSeconds))); "
                + "proving")
        // Author ids spread over the whole table (the benchmark posts' ids stay below 1,000).
        let posts = (0..<64).map { index -> RawPost in
            var post = PublishBenchmarks.post(id: Int64(index + 1), &random)
            post.authorID = Int64(random.next() % UInt64(rows))
            return post
        }
        let request = FeedRequest(requestID: "limits-emb", userID: 1, epoch: 1, k: 10, candidates: posts)
        // What an auditor pays once per model before verifying anything: decoding the published commitment (a point
        // per table row) and setting up the verifier.
        let encoded = committed.opening.commitment.encoded
        let (decoded, decodeSeconds) = try timed { try ModelCommitment(encoded: encoded) }
        let (_, setupSeconds) = try timed { try RankingVerifier(commitment: decoded) }
        progress("commitment decoded in \(seconds(decodeSeconds)), verifier set up in \(seconds(setupSeconds))")
        let measured = try measureRequest(
            "\(rows) × \(dimension) embedding", opening: committed.opening, request: request, progress: progress)
        printTable(
            "A model with a \(rows)-row embedding table (dimension \(dimension); 32 dense features, trunk 48-64-32-1; "
                + "n = 64, k = 10)",
            header: ["quantize", "commit", "commitment", "commit peak RSS", "decode commitment + verifier set-up",
                     "prove", "verify", "proof", "prover peak RSS", "verifier peak RSS"],
            rows: [
                [seconds(committed.quantizeSeconds), seconds(committed.commitSeconds),
                 bytes(committed.opening.commitment.encoded.count), bytes(commitPeak),
                 "\(seconds(decodeSeconds)) + \(seconds(setupSeconds))", measured[1], measured[2],
                 measured[3], measured[5], measured[6]]
            ])
    }

    /// Quantizes `float` (calibrated on 256 benchmark posts) and commits it, timing each step.
    static func commit(_ float: FloatRanker, schema: FeatureSchema, _ random: inout BenchmarkRandom) throws
        -> (opening: ModelOpening, quantizeSeconds: Double, commitSeconds: Double)
    {
        let calibration = try (0..<256).map { _ in try schema.features(for: PublishBenchmarks.post(id: 0, &random)) }
        let (ranker, quantizeSeconds) = try timed {
            try QuantizedRanker(
                float, calibration: calibration, options: QuantizationOptions(featureSchema: schema.canonicalBytes))
        }
        let (committed, commitSeconds) = try timed { try ModelCommitment.commit(ranker) }
        return (committed.opening, quantizeSeconds, commitSeconds)
    }

    // MARK: 100,000 rows through verify-archive

    static func archive(_ options: Options, progress: (String) -> Void) throws {
        let files = FileManager.default
        let folder: URL
        if let work = options.workFolder {
            folder = URL(fileURLWithPath: work)
        } else {
            folder = files.temporaryDirectory.appendingPathComponent("feedproof-limits-\(UUID().uuidString)")
        }
        try files.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if options.workFolder == nil { try? files.removeItem(at: folder) } }
        var random = BenchmarkRandom(seed: 0x6172_6368)

        // The tiny model, committed, logged, published as a commitments folder verify-archive trusts.
        let schema = try PublishBenchmarks.benchmarkSchema(idTables: [])
        var width = 32
        let trunk = [ReferenceWorkload.denseLayer("fc0", inputs: &width, outputs: 8, relu: true, &random)]
        let heads = ReferenceWorkload.denseLayer("heads", inputs: &width, outputs: 1, relu: false, &random)
        let float = FloatRanker(denseFeatureCount: 32, embeddings: [], trunk: trunk, heads: heads, headWeights: [1])
        let opening = try commit(float, schema: schema, &random).opening
        let publisher = try RankingPublisher(opening: opening)
        var log = TransparencyLog()
        let logKey = LogSigningKey()
        _ = try log.append(opening.commitment.modelID.bytes)
        try log.signTreeHead(timestamp: 1, with: logKey)
        let commitments = folder.appendingPathComponent("commitments").path
        try files.createDirectory(atPath: commitments, withIntermediateDirectories: true)
        _ = try ModelPublication(name: "limits", opening: opening).write(commitmentsDirectory: commitments, force: true)
        try Data(log.encoded).write(to: URL(fileURLWithPath: commitments + "/log.fptl"))
        try Data((HexText.encode(logKey.publicKey.rawRepresentation) + "\n").utf8).write(
            to: URL(fileURLWithPath: commitments + "/log-key.pub"))

        // `distinct` proofs into the first shard, then copies of it.
        let distinct = max(1, min(options.distinct, options.rows))
        let shardCount = (options.rows + distinct - 1) / distinct
        let requests = folder.appendingPathComponent("requests.jsonl").path
        _ = try PublishBenchmarks.writeRequests(count: distinct, candidates: 8, k: 3, to: requests, &random)
        let first = folder.appendingPathComponent("shard-0.sqlite").path
        for suffix in ["", "-wal", "-shm", "-lock"] { try? files.removeItem(atPath: first + suffix) }
        progress("proving \(distinct) distinct tiny requests into \(first) (\(options.jobs) jobs)")
        let proveStart = ContinuousClock.now
        do {
            let archive = try RankingArchive(
                openingForPublishing: first, header: try ArchiveHeader(opening: opening, log: log))
            _ = try BatchPublisher(archive: archive, publisher: publisher, jobs: options.jobs).run(requestsAt: requests)
        }
        let proveSeconds = (ContinuousClock.now - proveStart).inSeconds
        // The copies are of the file alone: wait until the last connection has closed, checkpointed the WAL into the
        // file and removed it (a worker thread may drop the batch's last reference just after `run` returns).
        let walDeadline = ContinuousClock.now + .seconds(30)
        while files.fileExists(atPath: first + "-wal"), ContinuousClock.now < walDeadline { usleep(50_000) }
        guard !files.fileExists(atPath: first + "-wal") else {
            throw BenchmarkFailure("\(first)-wal is still there 30 s after the batch: cannot copy the archive")
        }
        var shards = [first]
        for index in 1..<max(1, shardCount) {
            let path = folder.appendingPathComponent("shard-\(index).sqlite").path
            try? files.removeItem(atPath: path)
            try files.copyItem(atPath: first, toPath: path)
            shards.append(path)
        }
        let totalRows = distinct * shards.count
        let archiveBytes = shards.reduce(0) { $0 + fileSize($1) }
        progress(
            "\(distinct) proofs in \(seconds(proveSeconds)); \(shards.count) shard archives, \(totalRows) rows, "
                + "\(bytes(archiveBytes)); running verify-archive with RSS sampled every second")

        // verify-archive as its own process, its VmRSS sampled every second.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: options.executable ?? executablePath())
        process.arguments =
            ["verify-archive"] + shards + [
                "--commitments", commitments, "--jobs", "\(options.jobs)", "--quiet",
                "--report", folder.appendingPathComponent("report.json").path,
            ]
        // Output to a file, not a pipe: nothing can block the child while the samples are taken.
        let outputPath = folder.appendingPathComponent("verify-archive.out").path
        _ = files.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        let start = ContinuousClock.now
        try process.run()
        var samples: [(seconds: Double, rss: Int)] = []
        while process.isRunning {
            if let rss = ProcessMemory.currentResidentBytes(ofProcess: process.processIdentifier) {
                samples.append(((ContinuousClock.now - start).inSeconds, rss))
            }
            usleep(1_000_000)
        }
        process.waitUntilExit()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let wall = (ContinuousClock.now - start).inSeconds
        guard process.terminationStatus == 0 else {
            throw BenchmarkFailure("verify-archive exited \(process.terminationStatus): \(text.suffix(2_000))")
        }
        if let csv = options.rssCSV {
            let lines = ["seconds,vmrss_kib"] + samples.map { String(format: "%.1f,%d", $0.seconds, $0.rss / 1024) }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: csv))
        }
        // The rows verify-archive actually checked, from its JSON report.
        let report = try? JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as? [String: Any]
        let checked = report?["rows_checked"] as? Int ?? -1
        guard checked == totalRows else {
            throw BenchmarkFailure("verify-archive checked \(checked) rows, expected \(totalRows)")
        }
        let summary = text.split(separator: "\n").first { $0.contains("ALL VALID") || $0.contains("rows") }
        progress("verify-archive: \(summary.map(String.init) ?? text.prefix(300).description)")
        let rss = samples.map(\.rss)
        let afterWarmUp = Array(rss.dropFirst(min(5, max(0, rss.count - 1))))
        let quarter = max(1, samples.count / 4)
        func mean(_ values: ArraySlice<Int>) -> Int { values.isEmpty ? 0 : values.reduce(0, +) / values.count }
        printTable(
            "feedproof verify-archive over \(totalRows) rows (\(distinct) distinct tiny-model proofs × \(shards.count) "
                + "shard archives; \(options.jobs) jobs)",
            header: ["rows", "wall", "rows/s", "archives on disk", "VmRSS min / max (after 5 s)",
                     "mean VmRSS, 2nd quarter → last quarter", "samples"],
            rows: [
                ["\(totalRows)", seconds(wall), String(format: "%.0f", Double(totalRows) / wall), bytes(archiveBytes),
                 "\(bytes(afterWarmUp.min() ?? 0)) / \(bytes(afterWarmUp.max() ?? 0))",
                 "\(bytes(mean(rss.dropFirst(quarter).prefix(quarter)))) → \(bytes(mean(rss.suffix(quarter))))",
                 "\(samples.count)"]
            ])
        print("RSS over time (every ~10th sample, seconds: MiB): "
            + stride(from: 0, to: samples.count, by: max(1, samples.count / 12)).map {
                String(format: "%.0f: %.1f", samples[$0].seconds, Double(samples[$0].rss) / 1_048_576)
            }.joined(separator: ", "))
    }

    // MARK: Plumbing

    /// Returns freed heap pages to the kernel (glibc's `malloc_trim`), so a peak measured next is that step's own.
    static func releaseFreeMemory() {
        #if canImport(Glibc)
            // Not in Swift's Glibc module (malloc.h): looked up by name (RTLD_DEFAULT is NULL on glibc).
            if let symbol = dlsym(nil, "malloc_trim") {
                typealias MallocTrim = @convention(c) (Int) -> Int32
                _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
            }
        #endif
    }

    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let value = try body()
        return (value, (ContinuousClock.now - start).inSeconds)
    }

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
            .joined(separator: " ") ?? "unknown"
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// Seconds in the benchmark tables' unit style ("148 ms", "1.52 s").
    static func seconds(_ value: Double) -> String { BenchmarkReport.format(value * 1e9) }

    /// Bytes in the benchmark tables' unit style ("98.5 KiB", "3.53 GiB").
    static func bytes(_ count: Int) -> String { BenchmarkReport.format(Double(count), .bytes) }

    static func printTable(_ title: String, header: [String], rows: [[String]]) {
        print("")
        print("### \(title)")
        print("")
        print("| " + header.joined(separator: " | ") + " |")
        print("|" + header.map { _ in "---" }.joined(separator: "|") + "|")
        for row in rows { print("| " + row.joined(separator: " | ") + " |") }
        print("")
    }
}
