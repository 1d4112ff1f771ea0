import Archive
import Foundation
import Model
import Ranking

/// `feedproof bench publish`: the batch job's throughput through the archive (issue 7), and its memory over many
/// requests.
///
/// - **Throughput** on the reference workload of `bench ranking` M (the ≈100K-weight ``ModelBenchmarks``
///   reference ranker, n = 1,500, k = 50): requests proven per minute by ``BatchPublisher`` (JSON parsing,
///   features, inference, proof, signature, one SQLite transaction per row), against the rate one prove predicts
///   (60 s / prove time, one job; timed after a warm-up prove, as `bench ranking`'s stopwatch does). The batch must
///   be within 10 % of the prediction.
/// - **Memory**: current RSS sampled every 25 requests while ``BatchPublisher`` publishes 200 requests of the
///   smaller S workload (the 32-64-32-1 MLP of `bench ranking`, n = 64, k = 10): flat means no growth per request,
///   i.e. at most 2 % between request 100 and request 200 (a leak grows linearly; the first requests fill caches).
///
/// The batch path derives features from raw metadata by the descriptor's recipes, so the requests here are raw
/// posts whose 32 dense and 2 id features follow from a 32-feature benchmark schema (every feature in 0…20 and
/// ids below 1,000, the ranges of ``ModelBenchmarks/candidates(for:count:_:)``); a proof's cost depends only on
/// (descriptor, n, k).
public enum PublishBenchmarks {
    /// Runs the workloads. `requests` overrides the throughput batch size (default 3, quick 2); `memoryRequests`
    /// the memory batch (default 200, quick 40).
    public static func run(
        quick: Bool = false, requests: Int? = nil, memoryRequests: Int? = nil, only filter: String? = nil,
        progress: (String) -> Void = { _ in }
    ) -> [Measurement] {
        var results = FilteredResults(filter: filter)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "feedproof-bench-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            progress("cannot create \(folder.path): \(error)")
            return results.measurements
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = BenchmarkRandom(seed: 0x70_7562)
        func selected(_ workload: String) -> Bool { filter.map { workload.contains($0.lowercased()) } ?? true }
        // Memory first: the M workload's multi-GiB heap would otherwise hide the small workload's growth.
        if selected("memory") {
            do {
                try memory(
                    count: memoryRequests ?? (quick ? 40 : 200), folder: folder, &random, &results, progress: progress)
            } catch {
                progress("memory workload failed: \(error)")
            }
        }
        if selected("throughput") {
            do {
                try throughput(
                    count: requests ?? (quick ? 2 : 3), folder: folder, &random, &results, progress: progress)
            } catch {
                progress("throughput workload failed: \(error)")
            }
        }
        return results.measurements
    }

    /// The predicted-versus-archive throughput on the reference workload.
    static func throughput(
        count: Int, folder: URL, _ random: inout BenchmarkRandom, _ results: inout FilteredResults,
        progress: (String) -> Void
    ) throws {
        let name = "M (≈100K-weight MLP, n = 1,500, k = 50)"
        progress("building, quantizing and committing the reference ranker")
        let float = ModelBenchmarks.referenceRanker(&random)
        let schema = try benchmarkSchema(idTables: float.embeddings.map { Int64($0.rows) })
        let publisher = try publisher(for: float, schema: schema, &random)
        let requestsPath = folder.appendingPathComponent("throughput.jsonl").path
        let first = try writeRequests(count: count, candidates: 1_500, k: 50, to: requestsPath, &random)

        progress("one prove after a warm-up prove, timed as bench ranking times it")
        let statement = try publisher.statement(for: first)
        let clock = ContinuousClock()
        // Like Stopwatch: the first run pays one-time costs (generator tables, first page faults) and is not timed.
        _ = try publisher.prove(statement)
        let proveStart = clock.now
        _ = try publisher.prove(statement)
        let proveSeconds = (clock.now - proveStart).inSeconds
        let predicted = 60 / proveSeconds

        progress("publishing \(count) requests through the archive")
        let archive = try archiveFor(publisher, folder.appendingPathComponent("throughput.sqlite").path)
        let batch = BatchPublisher(archive: archive, publisher: publisher)
        let result = try batch.run(requestsAt: requestsPath, totalLines: count) { step in
            printToStandardError("    \(step.linesDone)/\(count) requests")
        }
        guard result.proven == count else {
            throw BenchmarkFailure("only \(result.proven) of \(count) requests proven")
        }
        let measured = Double(count) / result.elapsedSeconds * 60
        results.append(
            Measurement(
                name: "prove (one request, bench ranking's way), \(name)", nanosecondsPerOperation: proveSeconds * 1e9,
                operationsPerRound: 1, targetNanoseconds: nil))
        results.append(.ratio("predicted requests per minute (60 s / prove), \(name)", predicted))
        results.append(.ratio("archived requests per minute (\(count) requests, 1 job), \(name)", measured))
        results.append(
            .ratio("deviation |archived/predicted − 1| (≤ 0.10), \(name)", abs(measured / predicted - 1), target: 0.10))
        results.append(
            .size(
                "archive size (database + WAL) after \(count) requests, \(name)",
                bytes: fileSize(archive.path) + fileSize(archive.path + "-wal")))
    }

    /// Current RSS while 200 requests of the S workload go through the archive.
    static func memory(
        count: Int, folder: URL, _ random: inout BenchmarkRandom, _ results: inout FilteredResults,
        progress: (String) -> Void
    ) throws {
        let name = "S (32-64-32-1 MLP, n = 64, k = 10)"
        progress("building the S model and \(count) requests")
        let float = ReferenceWorkload.smallRanker(&random)
        let schema = try benchmarkSchema(idTables: [])
        let publisher = try publisher(for: float, schema: schema, &random)
        let requestsPath = folder.appendingPathComponent("memory.jsonl").path
        _ = try writeRequests(count: count, candidates: 64, k: 10, to: requestsPath, &random)
        let archive = try archiveFor(publisher, folder.appendingPathComponent("memory.sqlite").path)
        let warmUp = min(20, count)
        let half = count / 2
        let samples = RSSSamples()
        progress("publishing \(count) requests, sampling RSS")
        let batch = BatchPublisher(archive: archive, publisher: publisher)
        let result = try batch.run(requestsAt: requestsPath, totalLines: count) { step in
            if step.linesDone == warmUp || step.linesDone == half || step.linesDone == count
                || step.linesDone % 25 == 0
            {
                samples.add(step.linesDone, currentResidentBytes())
            }
        }
        guard result.proven == count, let first = samples.first(atLeast: warmUp),
            let middle = samples.first(atLeast: half), let last = samples.last
        else {
            throw BenchmarkFailure("only \(result.proven) of \(count) requests proven")
        }
        progress("RSS samples (requests: MiB): " + samples.all.map { "\($0.0): \($0.1 >> 20)" }.joined(separator: ", "))
        results.append(.size("RSS after \(warmUp) requests, \(name)", bytes: first))
        results.append(.size("RSS after \(half) requests, \(name)", bytes: middle))
        results.append(.size("RSS after \(count) requests, \(name)", bytes: last))
        results.append(.ratio("RSS growth \(warmUp) → \(count) requests, \(name)", Double(last) / Double(first) - 1))
        // Flat = no growth per request once the caches (SQLite's page cache, the allocator's arenas) are warm: a
        // leak grows linearly, so the second half must not grow.
        results.append(
            .ratio(
                "RSS growth over the second half, \(half) → \(count) requests (≤ 0.02), \(name)",
                Double(last) / Double(middle) - 1, target: 0.02))
        results.append(.ratio("archived requests per minute, \(name)", Double(count) / result.elapsedSeconds * 60))
    }

    /// 32 dense features (each of five counts through one of seven recipes, all in 0…20) and one id lookup per
    /// embedding table.
    static func benchmarkSchema(idTables: [Int64]) throws -> FeatureSchema {
        let fields: [RawField] = [.likes, .shares, .replies, .ageMinutes, .authorInteractions]
        let recipes: [FeatureRecipe] = [
            .clip(min: 0, max: 20), .logBucket(maxBucket: 20), .scale(numerator: 1, denominator: 2, max: 20),
            .scale(numerator: 1, denominator: 3, max: 20), .scale(numerator: 1, denominator: 5, max: 20),
            .scale(numerator: 1, denominator: 7, max: 20), .scale(numerator: 1, denominator: 11, max: 20),
        ]
        let dense = (0..<32).map { FeatureSchema.Feature("f\($0)", fields[$0 % 5], recipes[$0 / 5]) }
        let idFields: [RawField] = [.authorID, .topicID]
        let ids = idTables.enumerated().map {
            FeatureSchema.Feature("id\($0.offset)", idFields[$0.offset % 2], .idLookup(tableSize: $0.element))
        }
        return try FeatureSchema(dense: dense, ids: ids)
    }

    /// Quantizes `float` with `schema`, commits it and returns its publisher.
    static func publisher(for float: FloatRanker, schema: FeatureSchema, _ random: inout BenchmarkRandom) throws
        -> RankingPublisher
    {
        let calibration = try (0..<256).map { _ in try schema.features(for: post(id: 0, &random)) }
        let ranker = try QuantizedRanker(
            float, calibration: calibration, options: QuantizationOptions(featureSchema: schema.canonicalBytes))
        let (_, opening) = try ModelCommitment.commit(ranker)
        return try RankingPublisher(opening: opening)
    }

    /// A fresh archive for `publisher`'s model, logged in a one-entry log.
    static func archiveFor(_ publisher: RankingPublisher, _ path: String) throws -> RankingArchive {
        var log = TransparencyLog()
        _ = try log.append(publisher.opening.commitment.modelID.bytes)
        try log.signTreeHead(timestamp: 1, with: LogSigningKey())
        return try RankingArchive(
            openingForPublishing: path, header: try ArchiveHeader(opening: publisher.opening, log: log))
    }

    /// Writes `count` requests as JSON Lines and returns the first.
    static func writeRequests(
        count: Int, candidates: Int, k: Int, to path: String, _ random: inout BenchmarkRandom
    ) throws -> FeedRequest {
        var bytes: [UInt8] = []
        var first: FeedRequest?
        for index in 0..<max(1, count) {
            let posts = (0..<candidates).map { post(id: Int64($0 + 1), &random) }
            let request = FeedRequest(
                requestID: "bench-\(index)", userID: Int64(index + 1), epoch: 1, k: k, candidates: posts)
            if first == nil { first = request }
            bytes += try FeedGenerator.jsonLine(for: request)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        guard let first else { throw BenchmarkFailure("no requests") }
        return first
    }

    /// A post with counts in 0…63 and ids below 1,000.
    static func post(id: Int64, _ random: inout BenchmarkRandom) -> RawPost {
        func draw(_ bound: UInt64) -> Int64 { Int64(random.next() % bound) }
        return RawPost(
            postID: id, authorID: draw(1_000), topicID: draw(1_000), likes: draw(64), shares: draw(64),
            replies: draw(64), ageMinutes: draw(64), hasMedia: false, followsAuthor: false,
            authorInteractions: draw(64))
    }

    /// The process's current resident set size (/proc/self/statm; 0 where unavailable).
    static func currentResidentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

}

/// RSS samples taken from the batch's progress callback (called one at a time, from any thread).
private final class RSSSamples: @unchecked Sendable {
    private let lock = NSLock()
    private var samples: [(Int, Int)] = []

    func add(_ requests: Int, _ bytes: Int) { lock.withLock { samples.append((requests, bytes)) } }
    var all: [(Int, Int)] { lock.withLock { samples } }
    var last: Int? { all.last?.1 }
    func first(atLeast requests: Int) -> Int? { all.first { $0.0 >= requests }?.1 }
}

/// A benchmark that could not run to the end.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
