import Foundation

/// The bulk verifier's report over one or more archives (shards): per archive and in total, rows by verdict and by
/// ModelID, every failure with its row, the ranges covered, wall time and throughput (issue 9). Rendered as JSON
/// (stable snake_case keys), Markdown and a plain-text summary.
public struct ArchiveVerificationReport: Sendable, Equatable, Codable {
    /// One entry per archive, in the order given.
    public var archives: [ArchiveVerification]
    /// Worker threads.
    public var jobs: Int
    /// Rows per batch (1: one by one through ``FeedAudit/FeedAuditor``).
    public var batchSize: Int
    /// The `--range` asked for, if any.
    public var range: RowIDSpan?
    /// When the run started (ISO 8601, UTC).
    public var startedAt: String
    /// Wall time of the whole run, in seconds.
    public var seconds: Double
    /// The signal that stopped the run early (SIGINT 2, SIGTERM 15), when one did and the caller knows it; it
    /// picks the exit code of a ``stopped`` run.
    public var stopSignal: Int32?

    /// A report from its parts.
    public init(
        archives: [ArchiveVerification], jobs: Int, batchSize: Int, range: RowIDSpan?, startedAt: Date,
        seconds: Double
    ) {
        self.archives = archives
        self.jobs = jobs
        self.batchSize = batchSize
        self.range = range
        self.startedAt = ISO8601DateFormatter().string(from: startedAt)
        self.seconds = seconds
    }

    /// Rows by verdict over every archive.
    public var counts: VerdictCounts {
        archives.reduce(into: VerdictCounts()) { $0.add($1.counts) }
    }

    /// Rows by ModelID and verdict over every archive.
    public var countsByModel: [String: VerdictCounts] {
        archives.reduce(into: [:]) { total, archive in
            for (model, counts) in archive.countsByModel { total[model, default: VerdictCounts()].add(counts) }
        }
    }

    /// Every failure, archive by archive, in row order.
    public var failures: [RowVerdict] { archives.flatMap(\.failures) }

    /// Rows given a verdict.
    public var rowsChecked: Int { counts.total }

    /// Rows in the requested ranges never given a verdict (left by a stop or a read error); never counted as valid.
    public var rowsNotChecked: Int { archives.reduce(0) { $0 + $1.rowsNotChecked } }

    /// Whether the run was stopped (SIGINT, SIGTERM) before every requested row was checked: some archive's
    /// outcome is ``ArchiveVerification/Outcome/stopped``. A stop while following appended rows (`--follow`,
    /// after the first pass) is the normal end of such a run, not this.
    public var stopped: Bool { archives.contains { $0.outcome == .stopped } }

    /// The exit code of a stopped run: 128 + the signal, as a shell reports a process the signal ended (130 for
    /// SIGINT, also when no signal is known; 143 for SIGTERM).
    public var stoppedExitCode: Int32 { 128 + (stopSignal ?? SIGINT) }

    /// Rows per second over the whole run.
    public var rowsPerSecond: Double { seconds > 0 ? Double(rowsChecked) / seconds : 0 }

    /// The archives that could not be read (in full).
    public var unreadableArchives: [ArchiveVerification] { archives.filter { $0.outcome == .unreadable } }

    /// The exit code the CLI documents: ``stoppedExitCode`` (130 or 143) when the run was stopped early, whatever
    /// was found before (the report shows it; the verdict is incomplete), else 2 when an archive is unreadable (the
    /// others are still verified and reported), else 1 when any row failed (invalid, unreadable bundle or
    /// corrupted), else 0.
    public var exitCode: Int32 {
        if stopped { return stoppedExitCode }
        if !unreadableArchives.isEmpty { return 2 }
        return counts.failed > 0 ? 1 : 0
    }

    enum CodingKeys: String, CodingKey {
        case archives, jobs
        case batchSize = "batch_size"
        case range
        case startedAt = "started_at"
        case seconds
        case rowsChecked = "rows_checked"
        case rowsNotChecked = "rows_not_checked"
        case stopped
        case stopSignal = "stop_signal"
        case counts
        case countsByModel = "counts_by_model"
        case failureCount = "failure_count"
        case rowsPerSecond = "rows_per_second"
        case exitCode = "exit_code"
        case allValid = "all_valid"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(archives, forKey: .archives)
        try container.encode(jobs, forKey: .jobs)
        try container.encode(batchSize, forKey: .batchSize)
        try container.encode(range, forKey: .range)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(rowsChecked, forKey: .rowsChecked)
        try container.encode(rowsNotChecked, forKey: .rowsNotChecked)
        try container.encode(stopped, forKey: .stopped)
        try container.encode(stopSignal, forKey: .stopSignal)
        try container.encode(counts, forKey: .counts)
        try container.encode(countsByModel, forKey: .countsByModel)
        try container.encode(failures.count, forKey: .failureCount)
        try container.encode(rowsPerSecond, forKey: .rowsPerSecond)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(exitCode == 0, forKey: .allValid)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        archives = try container.decode([ArchiveVerification].self, forKey: .archives)
        jobs = try container.decode(Int.self, forKey: .jobs)
        batchSize = try container.decode(Int.self, forKey: .batchSize)
        range = try container.decodeIfPresent(RowIDSpan.self, forKey: .range)
        startedAt = try container.decode(String.self, forKey: .startedAt)
        seconds = try container.decode(Double.self, forKey: .seconds)
        stopSignal = try container.decodeIfPresent(Int32.self, forKey: .stopSignal)
    }
}
