/// Terminal display widths, so that lines are cut and padded by the cells they take, not by their characters:
/// East Asian wide and fullwidth characters and emoji take 2 cells, combining marks and other zero-width scalars
/// take 0, everything else 1. Control characters never reach the terminal: ``sanitized(_:)`` replaces them.
public enum DisplayWidth {
    /// Cells taken by one scalar on its own.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 { return 0 }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) { return 0 }  // Hangul medial vowels and final consonants combine.
        if properties.isEmojiPresentation { return 2 }
        for range in wideRanges where range.contains(value) { return 2 }
        return 1
    }

    /// Cells taken by one grapheme: its widest scalar, and 2 for an emoji sequence (a base followed by the
    /// emoji variation selector U+FE0F, or joined by U+200D).
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        var width = 0
        var isEmojiSequence = false
        for scalar in scalars {
            width = max(width, of(scalar))
            if scalar.value == 0xFE0F || scalar.value == 0x200D { isEmojiSequence = true }
        }
        if isEmojiSequence, scalars.contains(where: { $0.properties.isEmoji }) { return 2 }
        return min(width, 2)
    }

    /// Cells taken by `text`.
    /// - Complexity: O(n) in its characters.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// `text` with every control character (C0, DEL, C1, including ESC) replaced by U+FFFD, so that text from a
    /// bundle can never move the cursor or change the terminal.
    public static func sanitized<S: StringProtocol>(_ text: S) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(scalar.properties.generalCategory == .control ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }

    /// The longest prefix of `text` that fits in `width` cells; when `text` does not fit, it ends with "…".
    public static func truncated<S: StringProtocol>(_ text: S, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard of(text) > width else { return String(text) }
        var result = ""
        var used = 0
        for character in text {
            let cells = of(character)
            if used + cells > width - 1 { break }
            result.append(character)
            used += cells
        }
        return result + "…"
    }

    /// `text` truncated to `width` cells and padded with spaces to exactly `width` cells.
    public static func padded<S: StringProtocol>(_ text: S, to width: Int) -> String {
        guard width > 0 else { return "" }
        let cut = truncated(text, to: width)
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }

    /// `text` broken into lines of at most `width` cells, at spaces when a word fits, otherwise mid-word; the
    /// leading spaces of `text` indent every line when they leave room for text.
    /// A character wider than `width` (a wide character with `width` 1) is replaced by "…" so no line overflows.
    public static func wrapped<S: StringProtocol>(_ text: S, to width: Int) -> [String] {
        guard width > 0 else { return [] }
        let indent = text.prefix { $0 == " " }.count
        if indent > 0 && indent < width / 2 {
            let pad = String(repeating: " ", count: indent)
            return wrappedWords(text.dropFirst(indent), to: width - indent).map { pad + $0 }
        }
        return wrappedWords(text, to: width)
    }

    private static func wrappedWords<S: StringProtocol>(_ text: S, to width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var used = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let wordWidth = of(word)
            let space = line.isEmpty ? 0 : 1
            if used + space + wordWidth <= width {
                if space == 1 { line.append(" ") }
                line += word
                used += space + wordWidth
                continue
            }
            if !line.isEmpty {
                lines.append(line)
                line = ""
                used = 0
            }
            for character in word {
                var character = character
                var cells = of(character)
                if cells > width { (character, cells) = ("…", 1) }
                if used + cells > width {
                    lines.append(line)
                    line = ""
                    used = 0
                }
                line.append(character)
                used += cells
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// East Asian Wide and Fullwidth blocks (UAX #11) and the emoji blocks whose symbols terminals draw wide.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
        0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
        0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
