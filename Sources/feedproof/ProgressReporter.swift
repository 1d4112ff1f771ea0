import Archive
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Batch progress on standard error (CONVENTIONS.md, "Command line"): a bar redrawn in place on a terminal; on a
/// pipe or a log file (not a TTY) plain lines, at most one every ``plainInterval`` seconds plus the last; nothing
/// with `--quiet`.
final class ProgressReporter: @unchecked Sendable {
    enum Mode { case bar, lines, quiet }

    /// Seconds between plain progress lines.
    static let plainInterval = 5.0

    let mode: Mode
    private let lock = NSLock()
    private var lastLine = -Double.infinity
    private var drewBar = false

    /// A reporter: bar when standard error is a terminal, lines otherwise, nothing when `quiet`.
    init(quiet: Bool) {
        mode = quiet ? .quiet : (isatty(STDERR_FILENO) == 1 ? .bar : .lines)
    }

    /// Reports `progress` (thread-safe).
    func report(_ progress: BatchProgress) {
        report(progress, bar: Self.bar(progress), line: Self.summary(progress))
    }

    /// Reports `progress` with the caller's own wording: `bar` on a terminal, `line` otherwise (thread-safe).
    func report(_ progress: BatchProgress, bar: @autoclosure () -> String, line: @autoclosure () -> String) {
        lock.withLock {
            switch mode {
            case .quiet: return
            case .bar:
                write("\r\u{1B}[2K" + bar())
                drewBar = true
            case .lines:
                let finished = progress.totalLines.map { progress.linesDone >= $0 } ?? false
                guard finished || progress.elapsedSeconds - lastLine >= Self.plainInterval else { return }
                lastLine = progress.elapsedSeconds
                write(line() + "\n")
            }
        }
    }

    /// Ends the bar's line so later output starts on a fresh one.
    func finish() {
        lock.withLock {
            if drewBar { write("\n") }
            drewBar = false
        }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `[=======>      ]  12/20 lines  proven 10, skipped 2, rejected 0  4.1/min  ETA 1m 57s`
    static func bar(_ progress: BatchProgress, width: Int = 28) -> String {
        bar(progress, summary: summary(progress), width: width)
    }

    /// `[=======>      ] ` followed by `summary`.
    static func bar(_ progress: BatchProgress, summary: String, width: Int = 28) -> String {
        guard let total = progress.totalLines, total > 0 else { return summary }
        let filled = min(width, progress.linesDone * width / total)
        let bar =
            String(repeating: "=", count: filled) + (filled < width ? ">" : "")
            + String(repeating: " ", count: max(0, width - filled - 1))
        return "[\(bar)] " + summary
    }

    /// `12/20 lines  proven 10, skipped 2, other shards 0, rejected 0  4.1/min  ETA 1m 57s`
    static func summary(_ progress: BatchProgress) -> String {
        let done = progress.totalLines.map { "\(progress.linesDone)/\($0)" } ?? "\(progress.linesDone)"
        var text = "\(done) lines  proven \(progress.proven), skipped \(progress.alreadyArchived)"
        if progress.otherShard > 0 { text += ", other shards \(progress.otherShard)" }
        text += ", rejected \(progress.rejected)"
        text += "  " + String(format: "%.1f/min", progress.provenPerMinute)
        if let eta = progress.etaSeconds { text += "  ETA " + duration(eta) }
        text += "  elapsed " + duration(progress.elapsedSeconds)
        return text
    }

    /// `1h 02m`, `3m 07s`, `12s`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3600 { return "\(total / 3600)h \(String(format: "%02d", total % 3600 / 60))m" }
        if total >= 60 { return "\(total / 60)m \(String(format: "%02d", total % 60))s" }
        return "\(total)s"
    }
}
