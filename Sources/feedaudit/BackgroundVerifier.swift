import Dispatch
import FeedAudit
import FeedTUI
import Synchronization

/// Audits bundles one after another on a background queue, so the screen stays responsive, and hands the results
/// to the interface thread. Each finished audit wakes the interface's input wait.
final class BackgroundVerifier: Sendable {
    private let auditor: FeedAuditor
    private let wakeUp: WakeUp
    private let queue = DispatchQueue(label: "feedaudit.verifier", qos: .userInitiated)
    private let finished = Mutex<[(index: Int, request: AuditedRequest)]>([])

    init(auditor: FeedAuditor, wakeUp: WakeUp) {
        self.auditor = auditor
        self.wakeUp = wakeUp
    }

    /// Queues an audit of `bytes` as request `index`.
    func submit(index: Int, source: String, bytes: [UInt8]) {
        queue.async { [self] in
            let request = AuditedRequest.audit(source: source, bytes: bytes, with: auditor)
            finished.withLock { $0.append((index, request)) }
            wakeUp()
        }
    }

    /// The audits finished since the last call, in the order they finished.
    func takeFinished() -> [(index: Int, request: AuditedRequest)] {
        finished.withLock { results in
            defer { results.removeAll() }
            return results
        }
    }
}
