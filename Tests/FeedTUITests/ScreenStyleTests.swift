import FeedTUI
import Testing

@Suite("Screen colours")
struct ScreenStyleTests {
    /// The text with every SGR sequence (ESC [ digits/semicolons m) removed.
    static func stripped(_ text: String) -> String {
        var result = ""
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            while let next = scalars.next(), next != "m" {}
        }
        return result
    }

    @Test("without colour the lines are unchanged")
    func noColour() throws {
        let lines = try AuditScreenTests.screen().render(size: (120, 40))
        #expect(ScreenStyle.styled(lines, colors: false) == lines)
    }

    @Test("colour adds only SGR sequences: the same text and display width at every size")
    func sameText() throws {
        var screen = try AuditScreenTests.screen()
        for size in [(120, 40), (80, 24), (40, 10), (10, 3)] {
            for _ in 0..<2 {
                let lines = screen.render(size: size)
                let styled = ScreenStyle.styled(lines, colors: true)
                #expect(styled.map(Self.stripped) == lines, "\(size)")
                _ = screen.handle(.tab)
            }
        }
    }

    @Test("✓ green, ✗ red, the selected feed row and the status line in reverse video")
    func colours() throws {
        let screen = try AuditScreenTests.screen()
        let lines = screen.render(size: (120, 40))
        let styled = ScreenStyle.styled(lines, colors: true)
        let text = styled.joined(separator: "\n")
        #expect(text.contains("\u{1B}[32m✓\u{1B}[39m"))
        #expect(text.contains("\u{1B}[31m✗\u{1B}[39m"))
        #expect(styled[0].hasPrefix("\u{1B}[1m"))
        #expect(styled[1].hasPrefix("\u{1B}[1m\u{1B}[32mPROVEN for ✓ requests:"))
        let selected = try #require(styled.first { Self.stripped($0).hasPrefix(">") })
        #expect(selected.hasPrefix("\u{1B}[7m>"))
        // Reverse video stops at the divider: the details pane on the same row is not highlighted.
        #expect(selected.contains("\u{1B}[27m│"))
        #expect(styled.last?.hasPrefix("\u{1B}[7m") == true)
    }
}
