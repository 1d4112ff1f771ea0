import FeedAudit
import FeedTUI
import Ranking
import Testing

@Suite("Audit screen")
struct AuditScreenTests {
    static func screen() throws -> AuditScreen {
        let fixture = try TUIFixture.load()
        return AuditScreen(requests: fixture.golden + [fixture.tampered, fixture.truncated])
    }

    static func expectFits(_ lines: [String], _ size: (columns: Int, rows: Int)) {
        #expect(lines.count == max(0, size.rows), "\(size)")
        for line in lines {
            #expect(DisplayWidth.of(line) <= max(0, size.columns), "\(size): \(line)")
            #expect(!line.unicodeScalars.contains { $0.properties.generalCategory == .control })
        }
    }

    @Test("the golden bundles are audited valid with their shown posts in rank order")
    func goldenRequests() throws {
        let fixture = try TUIFixture.load()
        #expect(fixture.golden.count >= 3)
        for request in fixture.golden {
            #expect(request.verdict.status == .valid, "\(request.source): \(request.verdict.reason)")
            let statement = try #require(request.statement)
            #expect(request.shownPosts.map(\.post.postID) == statement.shown)
            #expect(request.shownPosts.map(\.rank) == Array(1...statement.k))
            #expect(request.featureNames.dense.first == "likes_log2")
        }
    }

    @Test(
        "renders exactly the requested size",
        arguments: [
            (120, 40), (80, 24), (60, 12), (49, 20), (40, 10), (20, 5), (10, 3), (1, 1), (3, 8), (200, 2), (0, 4),
            (5, 0),
        ] as [(Int, Int)])
    func sizes(columns: Int, rows: Int) throws {
        var screen = try Self.screen()
        Self.expectFits(screen.render(size: (columns, rows)), (columns, rows))
        _ = screen.handle(.tab)
        Self.expectFits(screen.render(size: (columns, rows)), (columns, rows))
        _ = screen.handle(.character("?"))
        Self.expectFits(screen.render(size: (columns, rows)), (columns, rows))
    }

    @Test("a resize re-lays the same state out at the new size")
    func resize() throws {
        var screen = try Self.screen()
        for _ in 0..<4 { _ = screen.handle(.down) }
        let wide = screen.render(size: (120, 40))
        let narrow = screen.render(size: (30, 8))
        let wideAgain = screen.render(size: (120, 40))
        Self.expectFits(narrow, (30, 8))
        #expect(wide == wideAgain)
        #expect(wide.joined().contains("> "))
        #expect(narrow.joined().contains(">"))
    }

    @Test("the header says what is proven and what is not")
    func header() throws {
        let lines = try Self.screen().render(size: (200, 40))
        #expect(lines[0].contains("✓ 3 valid, ✗ 1 invalid, 1 unreadable"))
        #expect(lines[1].hasPrefix("PROVEN for ✓ requests: " + AuditVerdict.covered[0].prefix(40)))
        let text = lines.joined(separator: "\n")
        #expect(text.contains("NOT PROVEN: " + AuditVerdict.notCovered[0].prefix(40)))
        let tiny = try Self.screen().render(size: (80, 5))
        #expect(tiny[0].contains("proven:") && tiny[0].contains("not:"))
    }

    @Test("the feed lists every shown post in rank order with a badge per request")
    func feedPane() throws {
        let fixture = try TUIFixture.load()
        let text = try Self.screen().render(size: (200, 60)).joined(separator: "\n")
        for request in fixture.golden {
            let statement = try #require(request.statement)
            #expect(text.contains("✓ \(statement.requestID) · user \(statement.userID)"))
            var last = text.startIndex
            for (rank, id) in statement.shown.enumerated() {
                let range = try #require(text.range(of: "\(rank + 1). post \(id) ·", range: last..<text.endIndex))
                last = range.upperBound
            }
        }
    }

    @Test("details show the selected post's raw metadata, derived features and the request's checks")
    func detailsPane() throws {
        let fixture = try TUIFixture.load()
        let text = try Self.screen().render(size: (160, 60)).joined(separator: "\n")
        let first = fixture.golden[0]
        let post = first.shownPosts[0]
        let statement = try #require(first.statement)
        #expect(text.contains("Post \(post.post.postID) — rank 1"))
        #expect(text.contains("likes \(post.post.likes)"))
        #expect(text.contains("likes_log2 = \(post.features.dense[0])"))
        #expect(text.contains("ModelID \(statement.modelID.hex.prefix(16))…"))
        #expect(text.contains("✓ signature:"))
        #expect(text.contains("✓ log-inclusion:"))
        #expect(text.contains("✓ proof: top-"))
        #expect(text.contains("VALID — all checks passed"))
        #expect(text.contains("audited in "))
    }

    @Test("a tampered golden bundle is shown ✗ with its reason; a truncated one as unreadable")
    func tampered() throws {
        let fixture = try TUIFixture.load()
        #expect(fixture.tampered.verdict.status == .invalid)
        #expect(fixture.truncated.verdict.status == .unreadable)
        var screen = AuditScreen(requests: [fixture.tampered, fixture.truncated])
        let text = screen.render(size: (200, 40)).joined(separator: "\n")
        #expect(text.contains("✗ demo-0001 · user"))
        #expect(text.contains("signature: the Ed25519 signature does not match"))
        #expect(text.contains("✗ INVALID — signature:"))
        #expect(text.contains("· proof: not run"))
        #expect(!text.contains("✓ demo-0001"))
        #expect(text.contains("✗ truncated.fprb · unreadable: format:"))
        for _ in 0..<5 { _ = screen.handle(.down) }
        #expect(screen.selectedItem == AuditScreen.Item(request: 1, post: nil))
        #expect(screen.render(size: (200, 40)).joined().contains("✗ UNREADABLE — format:"))
    }

    @Test("long and unicode text is cut by display width")
    func unicodeText() throws {
        let fixture = try TUIFixture.load()
        let request = AuditedRequest(
            source: "フィード📰" + String(repeating: "長い名前", count: 40) + "\u{1B}[2J",
            verdict: fixture.truncated.verdict)
        let screen = AuditScreen(requests: [request])
        for size in [(80, 10), (33, 6), (21, 5), (50, 12)] {
            let lines = screen.render(size: size)
            Self.expectFits(lines, size)
            #expect(lines.joined().contains("フィード"))
        }
    }

    @Test("keys move, switch panes, search, ask for a re-verify, show help and quit")
    func keys() throws {
        var screen = try Self.screen()
        #expect(screen.handle(.up) == .none)
        #expect(screen.handle(.down) == .redraw)
        #expect(screen.handle(.character("j")) == .redraw)
        #expect(screen.selection == 2)
        #expect(screen.handle(.character("k")) == .redraw)
        #expect(screen.selection == 1)
        for _ in 0..<100 { _ = screen.handle(.down) }
        #expect(screen.selection == screen.visibleItems.count - 1)
        #expect(screen.handle(.tab) == .redraw)
        #expect(screen.focus == .details)
        #expect(screen.handle(.down) == .redraw)
        #expect(screen.detailOffset == 1)
        #expect(screen.handle(.tab) == .redraw)
        #expect(screen.focus == .feed)
        #expect(screen.handle(.enter) == .redraw)
        #expect(screen.focus == .details)
        #expect(screen.handle(.escape) == .redraw)
        #expect(screen.focus == .feed)
        #expect(screen.handle(.character("v")) == .reverify(request: 4))
        #expect(screen.handle(.character("?")) == .redraw)
        #expect(screen.isShowingHelp)
        #expect(screen.render(size: (80, 30)).joined().contains("Keys"))
        #expect(screen.handle(.character("x")) == .redraw)
        #expect(!screen.isShowingHelp)
        #expect(screen.handle(.character("q")) == .quit)
        #expect(screen.handle(.interrupt) == .quit)
        #expect(screen.handle(.unknown([0x1B, 0x5B, 0x32, 0x7E])) == .none)
    }

    @Test("search filters the feed and typing q while searching does not quit")
    func search() throws {
        let fixture = try TUIFixture.load()
        var screen = try Self.screen()
        let target = fixture.golden[1].shownPosts[2].post.postID
        #expect(screen.handle(.character("/")) == .redraw)
        for character in "post \(target)" { #expect(screen.handle(.character(character)) == .redraw) }
        #expect(screen.handle(.character("q")) == .redraw)
        #expect(screen.visibleItems.isEmpty)
        #expect(screen.render(size: (80, 20)).joined().contains("nothing matches"))
        #expect(screen.handle(.backspace) == .redraw)
        #expect(screen.handle(.backspace) == .redraw)
        // A bare id can also match other ids it is a part of; the target is among the matches.
        screen = try Self.screen()
        _ = screen.handle(.character("/"))
        for character in "\(target)" { _ = screen.handle(.character(character)) }
        #expect(screen.handle(.enter) == .redraw)
        #expect(!screen.isEditingSearch)
        #expect(screen.visibleItems.contains(AuditScreen.Item(request: 1, post: 2)))
        #expect(screen.render(size: (120, 30)).joined().contains("filter \"\(target)\""))
        #expect(screen.handle(.escape) == .redraw)
        #expect(screen.search.isEmpty)
        #expect(screen.visibleItems.count == (fixture.golden.count + 1) * 5 + 1)
    }

    @Test("a re-verify result replaces the request in place")
    func reverify() throws {
        let fixture = try TUIFixture.load()
        var screen = AuditScreen(requests: [fixture.tampered])
        guard case .reverify(let index) = screen.handle(.character("v")) else {
            Issue.record("v must ask for a re-verify")
            return
        }
        screen.replace(fixture.golden[0], at: index)
        let text = screen.render(size: (160, 40)).joined(separator: "\n")
        #expect(text.contains("✓ demo-0001"))
        #expect(!text.contains("INVALID"))
    }

    @Test("requests being verified show as verifying, with progress, until their audit arrives")
    func verifyingInBackground() throws {
        let fixture = try TUIFixture.load()
        let requests = [fixture.golden[0], fixture.tampered, fixture.truncated]
        var screen = AuditScreen(verifying: requests.map(\.source))
        #expect(screen.verifyingCount == 3)
        #expect(screen.visibleItems.count == 3)
        var text = screen.render(size: (120, 30)).joined(separator: "\n")
        #expect(text.contains("3 requests: ✓ 0 valid, ✗ 0 invalid, 0 unreadable, ⠋ 3 verifying"))
        #expect(text.contains(">⠋ demo-0001.fprb · verifying…"))
        #expect(text.contains("⠋ verifying 0/3 · "))
        #expect(text.contains("Bundle demo-0001.fprb"))
        // Nothing to re-verify yet; the progress indicator moves.
        #expect(screen.handle(.character("v")) == .none)
        let ticked = screen.tick()
        #expect(ticked)
        #expect(screen.render(size: (120, 30)).joined().contains("⠙ verifying 0/3"))
        // Out of order: the second request's audit arrives first; the selection stays on the first request.
        screen.replace(requests[1], at: 1)
        #expect(screen.selectedItem == AuditScreen.Item(request: 0, post: nil))
        screen.replace(requests[0], at: 0)
        #expect(screen.selectedItem == AuditScreen.Item(request: 0, post: 0))
        screen.replace(requests[2], at: 2)
        #expect(screen.verifyingCount == 0)
        let tickedWhenDone = screen.tick()
        #expect(!tickedWhenDone)
        text = screen.render(size: (120, 30)).joined(separator: "\n")
        #expect(text.contains("3 requests: ✓ 1 valid, ✗ 1 invalid, 1 unreadable"))
        #expect(!text.contains("verifying"))
        #expect(AuditReport.exitCode(for: screen) == 1)
        // A re-verify turns the selected request back to verifying until its new audit arrives.
        #expect(screen.handle(.character("v")) == .reverify(request: 0))
        #expect(screen.verifyingCount == 1)
        #expect(screen.selectedItem == AuditScreen.Item(request: 0, post: nil))
        #expect(screen.render(size: (120, 30)).joined().contains("demo-0001.fprb · verifying…"))
        screen.replace(requests[0], at: 0)
        #expect(screen.selectedItem == AuditScreen.Item(request: 0, post: 0))
        // Out-of-range results are ignored.
        screen.replace(requests[0], at: 7)
        #expect(screen.slots.count == 3)
    }

    @Test("exit codes and totals when the user quits before verification ends")
    func quitWhileVerifying() throws {
        let fixture = try TUIFixture.load()
        var screen = AuditScreen(verifying: ["a.fprb", "b.fprb"])
        #expect(AuditReport.exitCode(for: screen) == 2)
        screen.replace(fixture.golden[0], at: 0)
        #expect(AuditReport.exitCode(for: screen) == 2)
        #expect(
            AuditReport.totals(screen.requests, unfinished: screen.verifyingCount)
                == "2 bundles: 1 valid, 0 invalid, 0 unreadable, 1 not finished (quit before verification ended)")
        screen.replace(fixture.tampered, at: 1)
        #expect(AuditReport.exitCode(for: screen) == 1)
        screen = AuditScreen(requests: [fixture.golden[0]])
        #expect(AuditReport.exitCode(for: screen) == 0)
        #expect(AuditReport.totals(screen.requests) == "1 bundle: 1 valid, 0 invalid, 0 unreadable")
        #expect(AuditReport.exitCode(for: AuditScreen(requests: [])) == 2)
    }
}
