import Dispatch
import Foundation

/// One worker thread's job, handed over in a box that the thread empties before it ends.
///
/// A Foundation `Thread` keeps its closure until the thread's TLS destructors run (`Thread.current` holds the last
/// reference), and on Linux those run *after* libdispatch has torn down its own per-thread state: its continuation
/// cache is freed but the pointer to it is not cleared (swift-corelibs-libdispatch `_libdispatch_tsd_cleanup`).
/// Had the closure captured the batch (the archive's GRDB `DatabaseQueue`, the `DispatchGroup`) and been their last
/// owner, which happens whenever `run` has already returned and its caller dropped the archive, releasing them there
/// would dispose a dispatch queue, re-enter libdispatch on that torn-down thread, reuse the freed continuations and
/// free them a second time: intermittent heap corruption ("double free or corruption (fasttop)",
/// "malloc_consolidate(): unaligned fastbin chunk detected") at the worker's exit. So `run` releases the work
/// closure and the group, and everything they captured, on the worker while it is still running.
package final class WorkerJob: @unchecked Sendable {
    private let lock = NSLock()
    private var body: (@Sendable () -> Void)?
    private var group: DispatchGroup?

    /// A job that runs `body` once and then leaves `group` (which the caller has entered).
    package init(group: DispatchGroup, body: @escaping @Sendable () -> Void) {
        self.group = group
        self.body = body
    }

    /// Runs the job once, drops it, then leaves the group.
    package func run() {
        let (body, group) = lock.withLock {
            defer { (self.body, self.group) = (nil, nil) }
            return (self.body, self.group)
        }
        body?()
        group?.leave()
    }
}
