import FeedTUI
import Testing

@Suite("Display width")
struct DisplayWidthTests {
    @Test(
        "cells per text",
        arguments: [
            ("abc", 3), ("界", 2), ("日本語", 6), ("😀", 2), ("e\u{301}", 1), ("👨‍👩‍👧", 2), ("❤️", 2), ("ｆｕｌｌ", 8), ("", 0),
            ("a\u{200B}b", 2), ("한국", 4),
        ] as [(String, Int)])
    func widths(text: String, cells: Int) {
        #expect(DisplayWidth.of(text) == cells)
    }

    @Test(
        "truncation and padding never exceed the width",
        arguments: [
            "plain ascii text that is long", "日本語のテキストはとても長いです", "mixed 界 😀 e\u{301} text", "😀😀😀😀😀",
        ])
    func truncation(text: String) {
        for width in 0...20 {
            let cut = DisplayWidth.truncated(text, to: width)
            #expect(DisplayWidth.of(cut) <= width)
            if DisplayWidth.of(text) > width && width > 0 { #expect(cut.hasSuffix("…")) }
            #expect(DisplayWidth.of(DisplayWidth.padded(text, to: width)) == width)
            for line in DisplayWidth.wrapped(text, to: width) { #expect(DisplayWidth.of(line) <= width) }
        }
        #expect(DisplayWidth.truncated("日本", to: 3) == "日…")
        #expect(DisplayWidth.truncated("abc", to: 3) == "abc")
    }

    @Test("wrapping breaks at spaces and keeps every word")
    func wrapping() {
        #expect(DisplayWidth.wrapped("the quick brown fox", to: 9) == ["the quick", "brown fox"])
        #expect(DisplayWidth.wrapped("abcdefghij", to: 4) == ["abcd", "efgh", "ij"])
        #expect(DisplayWidth.wrapped("界界", to: 1) == ["…", "…"])
        #expect(DisplayWidth.wrapped("  likes 12 shares 3", to: 10) == ["  likes 12", "  shares 3"])
    }

    @Test("control characters are replaced")
    func sanitizing() {
        let text = DisplayWidth.sanitized("evil\u{1B}[2Jid\u{7}\u{9B}x")
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .control })
        #expect(text == "evil\u{FFFD}[2Jid\u{FFFD}\u{FFFD}x")
    }
}
