import FeedAudit
import FeedTUI

/// The full-screen audit: the pure ``AuditScreen`` driven by keys from the terminal, with verification running in
/// the background and the screen redrawn on every change, resize and progress tick.
struct InteractiveAudit {
    /// A lone ESC is the Escape key when nothing follows it within this time (terminals send a whole sequence in
    /// one write).
    static let escapeTimeout = Duration.milliseconds(40)
    /// How often the progress indicator moves while bundles are being verified.
    static let tickInterval = Duration.milliseconds(120)

    let bundles: [(source: String, bytes: [UInt8])]
    let auditor: FeedAuditor
    let colors: Bool

    /// Runs until q or Ctrl-C and returns the final state; the terminal is restored on every way out.
    func run() throws(TerminalError) -> AuditScreen {
        let terminal = try Terminal()
        defer { terminal.restore() }
        let verifier = BackgroundVerifier(auditor: auditor, wakeUp: terminal.wakeUp)
        for (index, bundle) in bundles.enumerated() {
            verifier.submit(index: index, source: bundle.source, bytes: bundle.bytes)
        }
        var screen = AuditScreen(verifying: bundles.map(\.source))
        var decoder = KeyDecoder()
        let clock = ContinuousClock()
        var size = terminal.size
        var needsDraw = true
        var pendingSince: ContinuousClock.Instant?
        var lastTick = clock.now
        while true {
            if needsDraw {
                terminal.draw(ScreenStyle.styled(screen.render(size: size), colors: colors))
                needsDraw = false
            }
            let timeout: Int32 = decoder.hasPending ? 20 : screen.verifyingCount > 0 ? 60 : 1_000
            let bytes = terminal.waitForInput(timeoutMilliseconds: timeout)
            var keys = decoder.feed(bytes)
            if decoder.hasPending {
                let since = pendingSince ?? clock.now
                pendingSince = since
                if since.duration(to: clock.now) >= Self.escapeTimeout { keys += decoder.flush() }
            }
            if !decoder.hasPending { pendingSince = nil }

            for (index, request) in verifier.takeFinished() {
                screen.replace(request, at: index)
                needsDraw = true
            }
            let current = terminal.size
            if current != size {
                size = current
                terminal.write("\u{1B}[2J")
                needsDraw = true
            }
            if lastTick.duration(to: clock.now) >= Self.tickInterval {
                lastTick = clock.now
                if screen.tick() { needsDraw = true }
            }
            for key in keys {
                switch screen.handle(key) {
                case .none: break
                case .redraw: needsDraw = true
                case .quit: return screen
                case .reverify(let index):
                    verifier.submit(index: index, source: bundles[index].source, bytes: bundles[index].bytes)
                    needsDraw = true
                }
            }
        }
    }
}
