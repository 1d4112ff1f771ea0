import Archive
import ArgumentParser
import Foundation
import Model
import Ranking

/// `feedproof publish`: the publisher's batch job (DESIGN.md §5, "Scale"). Streams a JSON Lines requests file,
/// ranks, proves and signs every request of its shard and writes the bundles into an SQLite archive.
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Rank, prove and sign a file of requests into an archive (resumable, shardable).",
        discussion: """
            Reads REQUESTS.jsonl line by line (one feed request per line, as in feeds/demo/requests.jsonl) and writes \
            one row per proven request into ARCHIVE.sqlite, each in its own transaction. Rerunning the same command \
            after a crash or kill skips the requests already archived and finishes the rest. Malformed lines and \
            requests the model cannot rank are recorded in the archive's request_errors table (see `feedproof archive \
            info`) and never stop the batch. The ModelID must be in the log (--log). --shard i/N keeps the requests \
            whose XXH3-64 of the user id's decimal digits is i modulo N; each shard writes its own archive, joined \
            later with `feedproof archive merge`.
            Exit codes: 0 the batch finished (rejected lines are listed in the summary), 2 unreadable opening, log, \
            requests or archive, or an archive of another model.
            Example:
              feedproof publish --opening ~/demo.fpmo --log commitments/log.fptl \\
                  --requests feeds/demo/requests.jsonl --archive demo.sqlite --shard 0/4
            """)

    @Option(help: "The private model opening (from `feedproof model commit`).")
    var opening: String

    @Option(help: "The transparency log holding the ModelID (its latest signed tree head is recorded in the archive).")
    var log = "commitments/log.fptl"

    @Option(help: "The requests, one JSON object per line.")
    var requests: String

    @Option(help: "The archive to write (created if missing; resumed if it exists).")
    var archive: String

    @Option(help: "Requests proven concurrently (each proof already uses every core).")
    var jobs = 1

    @Option(help: "Only this shard of the users, as i/N (0 ≤ i < N).")
    var shard = "0/1"

    @Flag(help: "No progress output.")
    var quiet = false

    @Flag(help: "Skip the counting pass over the requests (progress then has no total or ETA).")
    var noCount = false

    func run() throws {
        try reportingFailures {
            guard jobs >= 1 else { throw CommandFailure.badInput("--jobs must be at least 1") }
            let chosenShard: Shard
            do { chosenShard = try Shard(parsing: shard) } catch { throw CommandFailure.badInput("\(error)") }
            let modelOpening = try loadOpening(opening)
            let publisher: RankingPublisher
            do { publisher = try RankingPublisher(opening: modelOpening) } catch {
                throw CommandFailure.badInput("\(opening): \(error)")
            }
            let transparencyLog: TransparencyLog
            do { transparencyLog = try TransparencyLog(decoding: try readFile(log)) } catch let error
                as TransparencyLogError
            {
                throw CommandFailure.badInput("\(log): \(error)")
            }
            let summary = try publishBatch(
                publisher: publisher, log: transparencyLog, requests: requests, archive: archive, shard: chosenShard,
                jobs: jobs, count: !noCount, quiet: quiet)
            print(summary)
        }
    }
}

/// Loads a private opening, or fails with exit code 2 naming the file.
func loadOpening(_ path: String) throws -> ModelOpening {
    let bytes = try readFile(path)
    do { return try ModelOpening(encoded: bytes) } catch { throw CommandFailure.badInput("\(path): \(error)") }
}

/// Runs one batch into `archive` with progress on standard error and returns the printed summary. Shared by
/// `publish` and `demo run`.
func publishBatch(
    publisher: RankingPublisher, log: TransparencyLog, requests: String, archive path: String, shard: Shard,
    jobs: Int, count: Bool, quiet: Bool
) throws -> String {
    do {
        let header = try ArchiveHeader(opening: publisher.opening, log: log)
        let total = count ? try RequestLineReader.countRequests(path: requests) : nil
        // The requests file must be readable before the archive is created.
        _ = try RequestLineReader(path: requests)
        let archive = try RankingArchive(openingForPublishing: path, header: header)
        let reporter = ProgressReporter(quiet: quiet)
        let batch = BatchPublisher(archive: archive, publisher: publisher, shard: shard, jobs: jobs)
        let result: BatchProgress
        do {
            result = try batch.run(requestsAt: requests, totalLines: total) { reporter.report($0) }
        } catch {
            reporter.finish()
            throw error
        }
        reporter.finish()
        var lines = [
            "published \(requests) into \(path) (shard \(shard), \(jobs) job\(jobs == 1 ? "" : "s"))",
            "  lines:     \(result.linesDone) requests read",
            "  proven:    \(result.proven) in \(ProgressReporter.duration(result.elapsedSeconds))"
                + (result.proven > 0 ? String(format: " (%.2f per minute)", result.provenPerMinute) : ""),
            "  skipped:   \(result.alreadyArchived) already archived, \(result.otherShard) in other shards",
            "  rejected:  \(result.rejected)" + (result.rejected > 0 ? " (listed below and in request_errors)" : ""),
            "  archive:   \(try archive.rankingCount()) rankings",
        ]
        let rejectionCount = try archive.rejectionCount()
        for rejection in try archive.rejections(limit: 20) { lines.append("    \(rejection)") }
        if rejectionCount > 20 { lines.append("    … \(rejectionCount - 20) more (feedproof archive info)") }
        return lines.joined(separator: "\n")
    } catch let error as ArchiveError {
        throw CommandFailure(description: error.description, code: error.isIntegrityFailure ? 1 : 2)
    }
}
