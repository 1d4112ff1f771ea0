import Archive
import ArchiveAudit
import ArgumentParser
import AuditOptions
import FeedAudit
import Foundation

/// `feedproof verify-archive`: the researcher's bulk verifier (issue 9; library `ArchiveAudit`).
struct VerifyArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-archive",
        abstract: "Verify every ranking in one or more publisher archives and write a report.",
        discussion: """
            Streams the rows by rowid range to --jobs workers; each checks its rows like `feedproof verify` \
            (signature, log inclusion, model commitment, features, proof), the proofs of a batch of --batch-size rows \
            with one multi-scalar multiplication (--batch-size 1: one by one). A row whose bundle fails its XXH3 \
            checksum is reported as corrupted, apart from invalid rows. An archive still being written is verified up \
            to the last row present when its verification starts; with --follow, rows appended later are verified too, \
            polling every --poll-seconds, until Ctrl-C (SIGINT) or SIGTERM, or until no row has arrived for \
            --idle-exit seconds; the report then covers every row verified.
            Ctrl-C or SIGTERM before the rows present at the start are all checked stops early: the batches being \
            checked finish, no other row is read, and the reports and summary are still written, marked stopped with \
            the last row id checked and the rows not checked per archive. A second Ctrl-C quits at once.
            Exit codes: 0 every row valid, 1 any row invalid, unreadable or corrupted, 2 an archive, the commitments \
            or the log unreadable, or bad usage (the other archives are still verified and reported), 130 (SIGINT) or \
            143 (SIGTERM) stopped early, whatever was found before (see the report).
            Example:
              feedproof verify-archive feeds/demo/archive.sqlite \\
                  --commitments feeds/demo/commitments \\
                  --report report.json --markdown report.md
            """)

    @Argument(help: "The archives (shards) to verify.")
    var archives: [String]

    @OptionGroup(title: "Trust anchors") var trust: TrustAnchorOptions

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Rows per batch; the batch's proofs are checked together (1: one by one).")
    var batchSize = ArchiveVerifier.defaultBatchSize

    @Option(help: "Only rows with ids A..B (inclusive).")
    var range: String?

    @Option(help: "Write the full report as JSON to this file.")
    var report: String?

    @Option(help: "Write the report as Markdown to this file.")
    var markdown: String?

    @Option(help: "Failures listed on stdout (all are in the reports).")
    var showFailures = 20

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @Flag(help: "Keep verifying rows appended to the archives until Ctrl-C, SIGTERM or --idle-exit.")
    var follow = false

    @Option(help: "With --follow: seconds between looks for new rows.")
    var pollSeconds = 2.0

    @Option(help: "With --follow: stop once no row has arrived for this many seconds.")
    var idleExit: Double?

    func validate() throws {
        if archives.isEmpty { throw ValidationError(ArchiveVerificationError.noArchives.description) }
        if let range {
            do { _ = try ArchiveVerifier.rowIDRange(parsing: range) } catch { throw ValidationError(error.description) }
        }
        if !ArchiveVerifier.allowedJobs.contains(jobs) {
            throw ValidationError(
                ArchiveVerificationError.invalidOption(
                    name: "--jobs", value: jobs, allowed: ArchiveVerifier.allowedJobs
                )
                .description)
        }
        if !ArchiveVerifier.allowedBatchSizes.contains(batchSize) {
            throw ValidationError(
                ArchiveVerificationError.invalidOption(
                    name: "--batch-size", value: batchSize, allowed: ArchiveVerifier.allowedBatchSizes
                ).description)
        }
        if showFailures < 0 { throw ValidationError("--show-failures must not be negative") }
        if !follow, idleExit != nil { throw ValidationError("--idle-exit needs --follow") }
        guard pollSeconds > 0, pollSeconds <= 86_400 else {
            throw ValidationError("--poll-seconds must be in (0, 86400], got \(pollSeconds)")
        }
        if let idleExit, !(idleExit >= 0 && idleExit <= 31_536_000) {
            throw ValidationError("--idle-exit must be in [0, 31536000] seconds, got \(idleExit)")
        }
    }

    func run() throws {
        try reportingFailures {
            let anchors = try trust.loadForCommand()
            let verifier: ArchiveVerifier
            do {
                verifier = try ArchiveVerifier(
                    auditor: FeedAuditor(anchors: anchors), jobs: jobs, batchSize: batchSize,
                    range: try range.map(ArchiveVerifier.rowIDRange(parsing:)))
            } catch let error as ArchiveVerificationError {
                throw CommandFailure.badInput(error.description)
            }
            let reporter = ProgressReporter(quiet: quiet)
            // Caught with or without --follow: a stop during the first pass still writes a (stopped) report.
            let stop = StopFlag.catchingStopSignals(
                notice: quiet
                    ? nil
                    : "stopping: finishing the batches being checked, then writing the report (Ctrl-C again to quit "
                        + "at once)")
            let followOptions =
                follow
                ? FollowOptions(
                    pollInterval: .seconds(pollSeconds), stopAfterIdle: idleExit.map { .seconds($0) },
                    shouldStop: { stop.isSet })
                : nil
            var result = verifier.verify(archives, follow: followOptions, shouldStop: { stop.isSet }) { progress in
                let line = Self.progressLine(progress)
                reporter.report(progress, bar: ProgressReporter.bar(progress, summary: line), line: line)
            }
            if result.stopped { result.stopSignal = stop.stopSignal }
            reporter.finish()
            print(result.summary(failureLimit: showFailures))
            if let report {
                try writeFile(Array(try result.jsonData()) + [UInt8(ascii: "\n")], to: report)
            }
            if let markdown { try writeFile(Array(result.markdown().utf8), to: markdown) }
            if result.exitCode != 0 { throw ExitCode(result.exitCode) }
        }
    }

    /// `120/640 rows  valid 119, failed 1  85.3 rows/s  ETA 6s  elapsed 1s`
    static func progressLine(_ progress: BatchProgress) -> String {
        let done = progress.totalLines.map { "\(progress.linesDone)/\($0)" } ?? "\(progress.linesDone)"
        var text = "\(done) rows  valid \(progress.proven), failed \(progress.rejected)"
        let rate = progress.elapsedSeconds > 0 ? Double(progress.linesDone) / progress.elapsedSeconds : 0
        text += "  " + String(format: "%.1f rows/s", rate)
        if let eta = progress.etaSeconds { text += "  ETA " + ProgressReporter.duration(eta) }
        text += "  elapsed " + ProgressReporter.duration(progress.elapsedSeconds)
        return text
    }
}
