import FeedProofTestSupport
import Foundation
import Testing

/// `feedaudit`'s full-screen view in a real terminal (tmux): keys in, screens out, and the terminal given back.
///
/// Runs wherever tmux is installed (`make test` installs it) and always under CI, where a missing tmux fails.
@Suite(
    "feedaudit in a terminal (tmux)",
    .enabled(if: TmuxSession.executable != nil || ProcessInfo.processInfo.environment["CI"] != nil))
struct FeedAuditTerminalTests {
    /// The shell line tmux runs: feedaudit, then its exit code and the terminal's modes after it returned, then a
    /// pause so the pane stays to be captured.
    static func commandLine(_ arguments: [String], colors: Bool = true) throws -> String {
        let quoted = ([try BuiltExecutable.feedaudit().path] + arguments).map { "'\($0)'" }
        // The test runner's own environment may say NO_COLOR; decide it here.
        return (colors ? "env -u NO_COLOR " : "env NO_COLOR=1 ") + quoted.joined(separator: " ")
            + "; echo \"EXIT=$?\"; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo|isig)$' | tr '\\n' ' ';"
            + " echo MODES; sleep 600"
    }

    /// The golden bundles, a tampered copy of the first (its last byte, in the signature, flipped) and a truncated
    /// one, in a fresh folder.
    static func bundles() throws -> [String] {
        let fixture = try TUIFixture.load()
        let (tampered, truncated) = try fixture.writeDamagedCopies(to: try FeedAuditCommandTests.temporaryFolder())
        return fixture.goldenPaths + [tampered.path, truncated.path]
    }

    /// The terminal after feedaudit returned: canonical input, echo and signal keys back on.
    static func expectRestored(_ screen: [String]) {
        let modes = screen.first { $0.hasSuffix("MODES") } ?? ""
        #expect(modes.contains("isig icanon") && modes.contains(" echo"), "terminal modes after exit: \(modes)")
        #expect(!modes.contains("-icanon") && !modes.contains("-echo ") && !modes.contains("-isig"), "\(modes)")
    }

    @Test("golden and tampered bundles: verdicts, search, help, arrows, resize, quit; the terminal is restored")
    func walkThrough() throws {
        let session = try TmuxSession(
            command: try Self.commandLine(try Self.bundles()), folder: TUIFixture.repository(""), columns: 120,
            rows: 40)
        // Verification runs in the background; the totals line fills in when all five are done.
        var screen = try session.waitFor("5 requests: ✓ 3 valid, ✗ 1 invalid, 1 unreadable")
        var text = screen.joined(separator: "\n")
        #expect(screen[0].hasPrefix("feedaudit · 5 requests"))
        #expect(text.contains("PROVEN for ✓ requests: the shown posts are exactly the committed model's top-k"))
        #expect(text.contains("NOT PROVEN: which candidates were retrieved"))
        #expect(text.contains("[FEED]") && text.contains("DETAILS"))
        #expect(text.contains("✓ demo-0001 · user 4429 · epoch 1 · valid"))
        #expect(text.contains("✗ demo-0001 · user 4429 · epoch 1 · signature: the"))
        #expect(text.contains("1 unreadable"))
        // The first post of the first request is selected, and its request's checks are on the right.
        #expect(screen.contains { $0.hasPrefix(">  ✓ 1. post 13 ") })
        #expect(text.contains("✓ VALID — all checks passed"))
        #expect(text.contains("✓ proof: top-5 of 24 proven"))

        // ↓ (ESC [ B) moves the selection; j moves it again.
        try session.send("Down")
        try session.waitFor("selection on post 2") { $0.contains(">  ✓ 2. post 2 ") }
        try session.send("j", literal: true)
        try session.waitFor("selection on post 5") { $0.contains(">  ✓ 3. post 5 ") }

        // Search for the tampered bundle: its ✗ and the reason from FeedAudit show in the details.
        try session.send("/", literal: true)
        try session.send("tampered", literal: true)
        try session.send("Enter")
        screen = try session.waitFor("filter \"tampered\"")
        text = screen.joined(separator: "\n")
        #expect(text.contains("✗ INVALID — signature: the Ed25519 signature does not match"))
        #expect(text.contains("· proof: not run (an earlier check failed)"))
        #expect(!text.contains("✓ demo-0001"))
        try session.send("/", literal: true)
        try session.send("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
        try session.send("runcated", literal: true)
        try session.send("Enter")
        try session.waitFor("✗ UNREADABLE — format: ")
        // Escape on its own (after the decoder's timeout) clears the filter.
        try session.send("Escape")
        try session.waitFor("the filter cleared") { !$0.contains("filter \"") && $0.contains("✓ demo-0002") }

        // Help, then any key back.
        try session.send("?", literal: true)
        try session.waitFor("  /            search")
        try session.send("x", literal: true)
        try session.waitFor("help closed") { !$0.contains("  /            search") && $0.contains("[FEED]") }

        // Tab moves the focus to the details pane.
        try session.send("Tab")
        try session.waitFor("[DETAILS]")

        // A resize (SIGWINCH) redraws at the new size: one pane at a time below 50 columns.
        try session.resize(columns: 44, rows: 14)
        screen = try session.waitFor("[DETAILS] feed: Tab")
        #expect(screen.prefix(14).allSatisfy { $0.count <= 44 }, "\(screen)")

        // q quits: exit code 1 (one bundle invalid), a line of totals, the terminal's modes restored.
        try session.send("q", literal: true)
        screen = try session.waitFor("MODES") { $0.contains("MODES") }
        text = screen.joined(separator: "\n").replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("feedaudit: 5 bundles: 3 valid, 1 invalid, 1"))
        #expect(text.contains("EXIT=1"))
        Self.expectRestored(screen)
    }

    @Test("Ctrl-C quits and restores the terminal; colours are on unless NO_COLOR is set")
    func interruptAndColours() throws {
        let golden = try TUIFixture.load().goldenPaths
        let coloured = try TmuxSession(
            command: try Self.commandLine(golden), folder: TUIFixture.repository(""), columns: 100, rows: 30)
        try coloured.waitFor("3 requests: ✓ 3 valid")
        let escaped = try coloured.capture(escapes: true).joined(separator: "\n")
        #expect(escaped.contains("\u{1B}[32m✓"), "a green ✓ on a colour terminal")
        try coloured.send("C-c")
        let screen = try coloured.waitFor("MODES") { $0.contains("MODES") }
        #expect(screen.joined().contains("EXIT=0"))
        Self.expectRestored(screen)

        let plain = try TmuxSession(
            command: try Self.commandLine(golden, colors: false), folder: TUIFixture.repository(""), columns: 100,
            rows: 30)
        try plain.waitFor("3 requests: ✓ 3 valid")
        let unescaped = try plain.capture(escapes: true).joined(separator: "\n")
        #expect(!unescaped.contains("\u{1B}[32m") && !unescaped.contains("\u{1B}[31m"), "no colour with NO_COLOR")
        try plain.send("q", literal: true)
        Self.expectRestored(try plain.waitFor("MODES") { $0.contains("MODES") })
    }

    @Test("killed with SIGTERM while verifying, it still gives the terminal back")
    func terminated() throws {
        let golden = try TUIFixture.load().goldenPaths
        let session = try TmuxSession(
            command: try Self.commandLine(golden + golden + golden), folder: TUIFixture.repository(""), columns: 80,
            rows: 24)
        try session.waitFor("feedaudit · 9 requests")
        let children = try session.paneChildren(named: "feedaudit")
        try #require(children.count == 1, "one feedaudit under the pane's shell: \(children)")
        #expect(kill(children[0], SIGTERM) == 0)
        let screen = try session.waitFor("MODES") { $0.contains("MODES") }
        #expect(screen.joined().contains("EXIT=143"))
        Self.expectRestored(screen)
    }
}
