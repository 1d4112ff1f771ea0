import Synchronization

/// The one archive result the workers add their verdicts to, behind a lock. A class, so that the worker threads'
/// closures share it by reference: a `Mutex` local captured by escaping closures is a noncopyable value whose
/// ownership the closures and the enclosing function would both claim.
final class VerdictCollector: Sendable {
    private let state: Mutex<ArchiveVerification>

    /// A collector starting from `result` (the archive's planned range, no verdicts yet).
    init(_ result: ArchiveVerification) { state = Mutex(result) }

    /// Adds a batch's verdicts.
    func add(_ verdicts: [RowVerdict]) { state.withLock { $0.add(verdicts) } }

    /// The result so far.
    var result: ArchiveVerification { state.withLock { $0 } }
}
