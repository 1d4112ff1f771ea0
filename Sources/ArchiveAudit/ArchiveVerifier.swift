import Archive
import FeedAudit
import Foundation
import Ranking

/// The researcher's bulk verifier (`feedproof verify-archive`, issue 9): streams the rows of one or more archives by
/// rowid range to worker threads, checks every bundle exactly as ``FeedAudit/FeedAuditor`` does (signature, log
/// inclusion, model commitment, features, proof; the proofs of a batch with one MSM through
/// ``FeedAudit/BatchAuditor``), and records a verdict per row.
///
/// Beyond the auditor's checks it keeps storage damage apart: a row whose bundle fails its XXH3 checksum is
/// `corrupted`, never audited (its bytes are not what the publisher wrote), and a valid bundle whose row columns
/// (user, request, epoch, ModelID) disagree with its signed statement is `invalid` with the check `row`.
///
/// An archive still being written is read up to the largest row id present when its verification starts: rows
/// appended later are left for the next run (SQLite's WAL lets the publisher keep writing meanwhile).
public struct ArchiveVerifier: Sendable {
    /// Rows per batch unless told otherwise: enough to amortize the MSM, small enough to bisect quickly.
    public static let defaultBatchSize = 64
    /// Allowed worker counts.
    public static let allowedJobs = 1...256
    /// Allowed batch sizes (a batch is held in memory, about 100 KB per demo bundle).
    public static let allowedBatchSizes = 1...4096

    /// The auditor whose checks are run.
    public let auditor: FeedAuditor
    /// Worker threads.
    public let jobs: Int
    /// Rows per batch; 1 audits one by one with ``FeedAudit/FeedAuditor/audit(bundleBytes:)``.
    public let batchSize: Int
    /// Only rows with ids in this range, when given.
    public let range: ClosedRange<Int64>?

    /// A verifier.
    /// - Throws: ``ArchiveVerificationError/invalidOption(name:value:allowed:)`` for a job count or batch size
    ///   outside ``allowedJobs`` or ``allowedBatchSizes``.
    public init(
        auditor: FeedAuditor, jobs: Int = 1, batchSize: Int = defaultBatchSize, range: ClosedRange<Int64>? = nil
    ) throws(ArchiveVerificationError) {
        guard Self.allowedJobs.contains(jobs) else {
            throw .invalidOption(name: "--jobs", value: jobs, allowed: Self.allowedJobs)
        }
        guard Self.allowedBatchSizes.contains(batchSize) else {
            throw .invalidOption(name: "--batch-size", value: batchSize, allowed: Self.allowedBatchSizes)
        }
        self.auditor = auditor
        self.jobs = jobs
        self.batchSize = batchSize
        self.range = range
    }

    /// An archive opened and bounded, ready for the workers.
    private struct Plan {
        var result: ArchiveVerification
        /// Open until the archive is verified, then released (with its SQLite page cache): memory stays flat
        /// however many shards a run covers.
        var archive: RankingArchive?
        let bounds: ClosedRange<Int64>?
        /// The last row id verified (the plan's bounds, then each followed span); nil before any row.
        var verifiedThrough: Int64?
    }

    /// Verifies every archive in `paths`, in order, each with all the workers. An archive that cannot be opened or
    /// read is reported as unreadable and the others are still verified. Never throws and never traps on input.
    ///
    /// - Parameter progress: called after every batch, from worker threads, with rows done of the total over all
    ///   archives (`linesDone`/`totalLines`), valid rows (`proven`), failed rows (`rejected`) and the elapsed time.
    /// - Parameter follow: keep verifying rows appended after the start until told to stop (``FollowOptions``);
    ///   nil verifies the rows present at the start only.
    /// - Parameter shouldStop: polled by every worker before it takes a batch during the first pass (the rows
    ///   present at the start): once true, the batches already taken are finished and no other row is read. The
    ///   archives left with rows not checked get the outcome ``ArchiveVerification/Outcome/stopped`` (the report is
    ///   ``ArchiveVerificationReport/stopped``) and `follow` is skipped. The follow phase polls
    ///   ``FollowOptions/shouldStop`` instead, and a stop there is its normal end; the CLI passes one flag to both.
    public func verify(
        _ paths: [String], follow: FollowOptions? = nil, shouldStop: @escaping @Sendable () -> Bool = { false },
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }
    ) -> ArchiveVerificationReport {
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        var plans = paths.map(plan)
        let total = plans.reduce(0) { $0 + $1.result.rowsInRange }
        let tracker = ProgressTracker(total: total, clock: clock, start: start, report: progress)
        var stopped = false
        for index in plans.indices {
            guard let archive = plans[index].archive, let bounds = plans[index].bounds else { continue }
            let archiveStart = clock.now
            plans[index].archive = nil
            if stopped || shouldStop() {
                // Not started: every row in its range is left, and only `rowsNotChecked` counts it.
                if plans[index].result.rowsInRange > 0 { plans[index].result.outcome = .stopped }
                stopped = true
                continue
            }
            plans[index].result = run(
                archive, bounds: bounds, rowCount: plans[index].result.rowsInRange, result: plans[index].result,
                tracker: tracker, shouldStop: shouldStop)
            plans[index].result.seconds = (clock.now - archiveStart).inSeconds
            plans[index].verifiedThrough = bounds.upperBound
            if plans[index].result.outcome == .stopped { stopped = true }
        }
        if let follow, !stopped { self.follow(&plans, options: follow, tracker: tracker, clock: clock) }
        return ArchiveVerificationReport(
            archives: plans.map(\.result), jobs: jobs, batchSize: batchSize, range: range.map(RowIDSpan.init),
            startedAt: startedAt, seconds: (clock.now - start).inSeconds)
    }

    /// Opens `path`, reads its header and fixes the rowid bounds: the requested range clipped to the rows present
    /// now (the snapshot an archive still being written is verified up to).
    private func plan(_ path: String) -> Plan {
        var result = ArchiveVerification(archive: path)
        do {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ArchiveError.unreadable(path: path, reason: "no such file")
            }
            let archive = try RankingArchive(readingFrom: path)
            result.headerModelID = (try? archive.header())?.modelID.hex
            guard let present = try archive.rowIDRange(), let bounds = rowsToVerify(of: present, after: nil) else {
                return Plan(result: result, archive: nil, bounds: nil)
            }
            result.requestedRowIDs = RowIDSpan(bounds)
            result.rowsInRange = try archive.rankingCount(inRowIDs: bounds)
            return Plan(result: result, archive: archive, bounds: bounds)
        } catch let error as ArchiveError {
            result.outcome = .unreadable
            result.error = error.description
        } catch {
            result.outcome = .unreadable
            result.error = "\(path): \(error)"
        }
        return Plan(result: result, archive: nil, bounds: nil)
    }

    /// Polls the readable archives for rows appended after those verified, verifies them, and returns when
    /// `options` says to stop. Each look reopens the archive and releases it afterwards, as the first pass does.
    private func follow(
        _ plans: inout [Plan], options: FollowOptions, tracker: ProgressTracker, clock: ContinuousClock
    ) {
        var lastArrival = clock.now
        while !options.shouldStop() {
            if let idle = options.stopAfterIdle, clock.now - lastArrival >= idle { return }
            let wakeUp = clock.now + options.pollInterval
            while clock.now < wakeUp, !options.shouldStop() {
                Thread.sleep(forTimeInterval: min(0.1, max(0, (wakeUp - clock.now).inSeconds)))
            }
            if options.shouldStop() { return }
            for index in plans.indices where plans[index].result.outcome == .verified {
                if verifyAppended(&plans[index], tracker: tracker, clock: clock) { lastArrival = clock.now }
            }
        }
    }

    /// Verifies the rows of one plan's archive after its last verified row (within `range`); whether there were any.
    /// An archive that can no longer be read is reported unreadable and not followed further.
    private func verifyAppended(_ plan: inout Plan, tracker: ProgressTracker, clock: ContinuousClock) -> Bool {
        let path = plan.result.archive
        do {
            let archive = try RankingArchive(readingFrom: path)
            guard let present = try archive.rowIDRange(),
                let bounds = rowsToVerify(of: present, after: plan.verifiedThrough)
            else { return false }
            let count = try archive.rankingCount(inRowIDs: bounds)
            plan.verifiedThrough = bounds.upperBound
            guard count > 0 else { return false }
            tracker.extend(by: count)
            plan.result.rowsInRange += count
            plan.result.requestedRowIDs = RowIDSpan(
                first: plan.result.requestedRowIDs?.first ?? bounds.lowerBound, last: bounds.upperBound)
            let started = clock.now
            plan.result = run(archive, bounds: bounds, rowCount: count, result: plan.result, tracker: tracker)
            plan.result.seconds += (clock.now - started).inSeconds
            return true
        } catch {
            plan.result.outcome = .unreadable
            plan.result.error = "\(error) (while following, after row \(plan.verifiedThrough.map(String.init) ?? "none"))"
            return false
        }
    }

    /// The row ids of `present` still to verify: within `range` (when given) and after row `verified` (when
    /// given); nil when none are left.
    private func rowsToVerify(of present: ClosedRange<Int64>, after verified: Int64?) -> ClosedRange<Int64>? {
        var window = present
        if let range {
            guard range.overlaps(window) else { return nil }
            window = range.clamped(to: window)
        }
        if let verified {
            guard verified < window.upperBound else { return nil }
            window = max(window.lowerBound, verified + 1)...window.upperBound
        }
        return window
    }

    /// Runs the workers over `rowCount` rows of one archive within `bounds` and adds their verdicts to `result`.
    /// Once `shouldStop` is true the workers take no other page (those taken are finished, so the rows checked
    /// are the range's first ones) and the result is ``ArchiveVerification/Outcome/stopped`` if rows are left.
    private func run(
        _ archive: RankingArchive, bounds: ClosedRange<Int64>, rowCount: Int, result: ArchiveVerification,
        tracker: ProgressTracker, shouldStop: @escaping @Sendable () -> Bool = { false }
    ) -> ArchiveVerification {
        // Pages of up to a batch, but no bigger than a worker's share: a 20-row archive with 2 jobs is two batches.
        let share = (rowCount + jobs - 1) / jobs
        let cursor = RowCursor(archive: archive, bounds: bounds, pageSize: max(1, min(batchSize, share)))
        let collected = VerdictCollector(result)
        let path = archive.path
        let work: @Sendable () -> Void = { [self] in
            while !shouldStop(), let page = cursor.next() {
                let verdicts = self.verdicts(for: page, in: path)
                collected.add(verdicts)
                tracker.add(verdicts)
            }
        }
        if jobs == 1 {
            work()
        } else {
            // Dedicated threads, as `publish --jobs` does: GCD's concurrentPerform would cap the workers at the
            // core count, and `--jobs` should mean what it says. Each thread's closure holds only a `WorkerJob`,
            // emptied before the thread ends: the archive must never be released in a thread's TLS teardown.
            let group = DispatchGroup()
            for _ in 0..<jobs {
                group.enter()
                let job = WorkerJob(group: group, body: work)
                let thread = Thread { job.run() }
                thread.stackSize = 8 << 20  // the main thread's size; verification recurses through sub-protocols
                thread.start()
            }
            group.wait()
        }
        var finished = collected.result
        if let error = cursor.error {
            finished.outcome = .unreadable
            finished.error = "\(error) (stopped after \(finished.rowsChecked) rows)"
        } else if finished.rowsNotChecked > 0, shouldStop() {
            finished.outcome = .stopped
        }
        finished.finish()
        return finished
    }

    /// The verdicts of one page of rows, in row order.
    func verdicts(for rows: [ArchivedRow], in path: String) -> [RowVerdict] {
        var verdicts = [RowVerdict?](repeating: nil, count: rows.count)
        var pending: [(index: Int, ranking: ArchivedRanking)] = []
        for (index, row) in rows.enumerated() {
            switch row {
            case .damaged(let rowID, let reason):
                verdicts[index] = RowVerdict(
                    archive: path, rowID: rowID, userID: nil, requestID: nil, epoch: nil, modelID: nil,
                    category: .corrupted, check: "row", reason: "damaged row: \(reason)")
            case .ranking(let ranking) where !ranking.checksumMatches:
                verdicts[index] = Self.verdict(
                    ranking, in: path, category: .corrupted, check: "checksum", modelID: Self.hex(ranking.modelID),
                    reason: "checksum mismatch: stored \(XXH3.hex(ranking.checksum)), the bundle hashes to "
                        + "\(XXH3.hex(XXH3.hash64(ranking.bundle))) (storage damage; the bundle was not audited)")
            case .ranking(let ranking):
                pending.append((index, ranking))
            }
        }
        let audits: [AuditVerdict]
        if batchSize == 1 {
            audits = pending.map { auditor.audit(bundleBytes: $0.ranking.bundle) }
        } else {
            audits = BatchAuditor(auditor: auditor).audit(pending.map(\.ranking.bundle))
        }
        for ((index, ranking), audit) in zip(pending, audits) {
            verdicts[index] = Self.verdict(ranking, audit: audit, in: path)
        }
        return verdicts.compactMap { $0 }
    }

    /// A row's verdict from its audit, plus the check that its columns repeat the signed statement.
    static func verdict(_ ranking: ArchivedRanking, audit: AuditVerdict, in path: String) -> RowVerdict {
        let modelID = audit.statement?.modelID.hex ?? hex(ranking.modelID)
        switch audit.status {
        case .unreadable:
            return verdict(
                ranking, in: path, category: .unreadable, check: audit.failure?.kind.rawValue ?? "format",
                modelID: modelID, reason: audit.reason)
        case .invalid:
            return verdict(
                ranking, in: path, category: .invalid, check: audit.failure?.kind.rawValue, modelID: modelID,
                reason: audit.reason)
        case .valid:
            if let statement = audit.statement, let mismatch = rowMismatch(ranking, statement) {
                return verdict(
                    ranking, in: path, category: .invalid, check: "row", modelID: modelID,
                    reason: "row: the bundle is valid but \(mismatch)")
            }
            return verdict(ranking, in: path, category: .valid, check: nil, modelID: modelID, reason: audit.reason)
        }
    }

    /// How the row's columns disagree with the signed statement, or nil when they agree.
    static func rowMismatch(_ ranking: ArchivedRanking, _ statement: RankingStatement) -> String? {
        let differences = ranking.columnMismatches(with: statement).map {
            "\($0.column) \($0.row) (statement: \($0.statement))"
        }
        guard !differences.isEmpty else { return nil }
        return "the row's columns disagree with its signed statement: " + differences.joined(separator: ", ")
    }

    static func verdict(
        _ ranking: ArchivedRanking, in path: String, category: RowVerdict.Category, check: String?, modelID: String,
        reason: String
    ) -> RowVerdict {
        RowVerdict(
            archive: path, rowID: ranking.rowID, userID: ranking.userID, requestID: ranking.requestID,
            epoch: ranking.epoch, modelID: modelID, category: category, check: check, reason: reason)
    }

    static func hex(_ bytes: [UInt8]) -> String { HexText.encode(bytes) }

}
