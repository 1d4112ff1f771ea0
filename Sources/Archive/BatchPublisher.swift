import Dispatch
import Foundation
import Model
import Ranking

/// The publisher's batch job (DESIGN.md §5, "Scale"): streams a JSON Lines requests file, keeps the requests of
/// its shard, ranks, proves and signs each (the `publish` step, normally ``RankingPublisher/publish(_:)``) and
/// archives every bundle in its own transaction.
///
/// - **Resumable.** A request whose (user id, request id) is already archived is skipped before proving, so
///   rerunning the same command after a crash finishes the work without duplicates.
/// - **Bad lines never stop the batch.** A malformed line, or a request the model cannot rank (a `RankingError`
///   from `publish`), is recorded in `request_errors` with its line number, reason and an excerpt.
/// - **Other failures stop it** (an archive write error, or any non-`RankingError` from `publish`): the rows
///   already committed stay, and a rerun continues after them.
/// - **Parallel.** `jobs` workers each take the next line from the shared reader; proving itself also uses
///   every core, so more jobs mainly overlap the single-threaded parts.
public struct BatchPublisher: Sendable {
    /// Ranks, proves and signs one request.
    public typealias Publish = @Sendable (FeedRequest) throws -> RankingBundle

    /// The archive written to.
    public let archive: RankingArchive
    /// The shard kept (default: everything).
    public let shard: Shard
    /// How many requests are proven concurrently (≥ 1).
    public let jobs: Int
    /// The longest request line accepted.
    public let maxLineBytes: Int
    private let publish: Publish

    /// A batch writing into `archive`.
    public init(
        archive: RankingArchive, shard: Shard = .whole, jobs: Int = 1,
        maxLineBytes: Int = RequestLineReader.defaultMaxLineBytes, publish: @escaping Publish
    ) {
        self.archive = archive
        self.shard = shard
        self.jobs = max(1, jobs)
        self.maxLineBytes = maxLineBytes
        self.publish = publish
    }

    /// A batch that publishes with `publisher`.
    public init(archive: RankingArchive, publisher: RankingPublisher, shard: Shard = .whole, jobs: Int = 1) {
        self.init(archive: archive, shard: shard, jobs: jobs) { request in try publisher.publish(request) }
    }

    /// Publishes every request of the file at `path`. `totalLines` (from
    /// ``RequestLineReader/countRequests(path:)``) makes progress report a total and an ETA. `progress` is called
    /// after every line, one call at a time.
    ///
    /// - Returns: the final progress: how many lines were proven, skipped and rejected.
    /// - Throws: ``ArchiveError/requests(path:reason:)`` when the file cannot be read, an archive error, or
    ///   ``ArchiveError/aborted(line:reason:)`` when `publish` failed with an error that is not a `RankingError`.
    public func run(
        requestsAt path: String, totalLines: Int? = nil,
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }
    ) throws(ArchiveError) -> BatchProgress {
        let reader = try RequestLineReader(path: path, maxLineBytes: maxLineBytes)
        let source = URL(fileURLWithPath: path).lastPathComponent
        let state = BatchState(reader: reader, progress: BatchProgress(totalLines: totalLines))
        if jobs == 1 {
            work(state, source: source, progress: progress)
        } else {
            // Dedicated threads, not concurrentPerform: GCD would run at most one worker per core, and each worker
            // loops until the file ends, so `--jobs 3` on two cores would silently mean two.
            let group = DispatchGroup()
            for _ in 0..<jobs {
                group.enter()
                let job = WorkerJob(group: group) { [self] in work(state, source: source, progress: progress) }
                // The closure captures only `job`, empty by the time the thread ends (see WorkerJob).
                let thread = Thread { job.run() }
                thread.stackSize = 8 << 20  // the main thread's size; the prover recurses through its sub-protocols
                thread.start()
            }
            group.wait()
        }
        return try state.finish()
    }

    /// One worker: take lines until the file ends or the batch stops.
    private func work(_ state: BatchState, source: String, progress: @Sendable (BatchProgress) -> Void) {
        while let line = state.nextLine() {
            let outcome: BatchState.Outcome
            do {
                outcome = try handle(line, source: source, state: state)
            } catch {
                state.stop(error)
                return
            }
            state.record(outcome, report: progress)
        }
    }

    /// Handles one non-blank line.
    private func handle(_ line: RequestLineReader.Line, source: String, state: BatchState) throws(ArchiveError)
        -> BatchState.Outcome
    {
        func reject(_ reason: String) throws(ArchiveError) -> BatchState.Outcome {
            try archive.record(
                RejectedRequest(source: source, line: line.number, reason: reason, lineBytes: line.bytes))
            return .rejected
        }
        if line.isOverlong {
            return try reject("line is \(line.length) bytes, longer than the limit of \(maxLineBytes)")
        }
        let request: FeedRequest
        do { request = try JSONDecoder().decode(FeedRequest.self, from: Data(line.bytes)) } catch {
            return try reject("not a feed request: \(Self.describe(error))")
        }
        guard shard.contains(userID: request.userID) else { return .otherShard }
        if try archive.contains(userID: request.userID, requestID: request.requestID) { return .alreadyArchived }
        state.startProving()
        let bundle: RankingBundle
        do { bundle = try publish(request) } catch let error as RankingError {
            _ = try reject("cannot publish: \(error)")
            return .rejectedByProver
        } catch {
            throw .aborted(line: line.number, reason: "\(error)")
        }
        let inserted = try archive.insert(bundle, source: source, line: line.number)
        return inserted ? .proven : .alreadyArchived
    }

    /// A one-line reason for a JSON decoding failure (the path of the offending key and what was wrong).
    static func describe(_ error: any Error) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty
                ? ""
                : " at "
                    + codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
                    .joined()
        }
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context): return "missing key \"\(key.stringValue)\"\(path(context.codingPath))"
        case .typeMismatch(let type, let context): return "expected \(type)\(path(context.codingPath))"
        case .valueNotFound(let type, let context): return "null instead of \(type)\(path(context.codingPath))"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "invalid JSON\(path(context.codingPath)): \(underlying ?? context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// What the workers of one batch share, behind one lock: the line reader, the progress and the first fatal error.
private final class BatchState: @unchecked Sendable {
    enum Outcome { case proven, alreadyArchived, otherShard, rejected, rejectedByProver }

    private let lock = NSLock()
    private let reader: RequestLineReader
    private var progress: BatchProgress
    private var failure: ArchiveError?
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var provingStarted: ContinuousClock.Instant?

    init(reader: RequestLineReader, progress: BatchProgress) {
        self.reader = reader
        self.progress = progress
        started = clock.now
    }

    /// The next non-blank line, or nil at the end of the file or once the batch has stopped.
    func nextLine() -> RequestLineReader.Line? {
        lock.withLock { () -> RequestLineReader.Line? in
            guard failure == nil else { return nil }
            do throws(ArchiveError) {
                while let line = try reader.next() {
                    if !line.isBlank { return line }
                }
            } catch {
                failure = error
            }
            return nil
        }
    }

    func startProving() {
        lock.withLock { if provingStarted == nil { provingStarted = clock.now } }
    }

    func record(_ outcome: Outcome, report: (BatchProgress) -> Void) {
        lock.withLock {
            progress.linesDone += 1
            switch outcome {
            case .proven:
                progress.proven += 1
                progress.linesProved += 1
            case .alreadyArchived: progress.alreadyArchived += 1
            case .otherShard: progress.otherShard += 1
            case .rejected: progress.rejected += 1
            case .rejectedByProver:
                progress.rejected += 1
                progress.linesProved += 1
            }
            updateTimes()
            report(progress)
        }
    }

    func stop(_ error: ArchiveError) {
        lock.withLock { if failure == nil { failure = error } }
    }

    func finish() throws(ArchiveError) -> BatchProgress {
        let (failure, progress) = lock.withLock {
            updateTimes()
            return (self.failure, self.progress)
        }
        if let failure { throw failure }
        return progress
    }

    private func updateTimes() {
        let now = clock.now
        progress.elapsedSeconds = (now - started).inSeconds
        progress.provingSeconds = provingStarted.map { (now - $0).inSeconds } ?? 0
    }

}
