import Dispatch
import Synchronization

/// Set once by a signal handler, read by the verifier between looks for new rows.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    /// The signal sources, kept alive for the process's life. Written only on the main thread, before the run.
    nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []

    func set() { flag.store(true, ordering: .relaxed) }
    var isSet: Bool { flag.load(ordering: .relaxed) }
}
