import Archive
import Synchronization

/// Counts the rows the workers finish over a whole run and reports a ``Archive/BatchProgress`` after each batch:
/// rows done of the total (`linesDone`/`totalLines`), valid (`proven`) and failed (`rejected`) rows, elapsed time;
/// `BatchProgress` derives the ETA from these, as it does for `feedproof publish`.
final class ProgressTracker: Sendable {
    private let clock: ContinuousClock
    private let start: ContinuousClock.Instant
    private let report: @Sendable (BatchProgress) -> Void
    private let progress: Mutex<BatchProgress>

    /// A tracker for `total` rows, timed from `start`.
    init(
        total: Int, clock: ContinuousClock, start: ContinuousClock.Instant,
        report: @escaping @Sendable (BatchProgress) -> Void
    ) {
        self.clock = clock
        self.start = start
        self.report = report
        progress = Mutex(BatchProgress(totalLines: total))
    }

    /// Adds `rows` to the total (rows appended to a followed archive).
    func extend(by rows: Int) { progress.withLock { $0.totalLines = ($0.totalLines ?? 0) + rows } }

    /// Counts a finished batch and reports the new state (outside the lock, so a slow reporter never holds it).
    func add(_ verdicts: [RowVerdict]) {
        let elapsed = (clock.now - start).inSeconds
        let snapshot = progress.withLock { progress -> BatchProgress in
            progress.linesDone += verdicts.count
            progress.linesProved += verdicts.count
            progress.proven += verdicts.count { $0.isValid }
            progress.rejected += verdicts.count { !$0.isValid }
            progress.elapsedSeconds = elapsed
            progress.provingSeconds = elapsed
            return progress
        }
        report(snapshot)
    }
}
