import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Set once by SIGINT or SIGTERM, read by the verifier's workers between batches and between looks for new rows.
/// A second signal ends the process at once (the usual convention), with exit code 128 + that signal.
final class StopFlag: Sendable {
    /// The first stop signal received, 0 before any.
    private let first = Atomic<Int32>(0)
    /// The signal sources, kept alive for the process's life. Written only on the main thread, before the run.
    nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []

    /// Records `signal`; false when a signal had already been recorded.
    @discardableResult
    func set(signal: Int32 = SIGINT) -> Bool {
        first.compareExchange(expected: 0, desired: signal, ordering: .relaxed).exchanged
    }

    /// Whether a stop signal has arrived.
    var isSet: Bool { first.load(ordering: .relaxed) != 0 }

    /// The first stop signal received, nil before any.
    var stopSignal: Int32? {
        let value = first.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// A flag that SIGINT and SIGTERM set from now on, instead of ending the process; `notice` is written to
    /// standard error on the first one (nil: nothing). The second one calls `_exit` at once: no report, no
    /// flush; the reports are written atomically, so none is ever left half-written.
    static func catchingStopSignals(notice: String?) -> StopFlag {
        let stop = StopFlag()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                guard stop.set(signal: signalNumber) else { _exit(128 + signalNumber) }
                if let notice { FileHandle.standardError.write(Data(("\n" + notice + "\n").utf8)) }
            }
            source.resume()
            sources.append(source)
        }
        return stop
    }
}
