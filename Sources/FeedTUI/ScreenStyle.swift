/// Colours for a rendered audit screen: ANSI SGR codes (ECMA-48 §8.3.117) added to ``AuditScreen/render(size:)``'s
/// lines, which keep their display width (the codes take no cells).
///
/// The screen reads the same without colour (`NO_COLOR`): every verdict is a ✓ or ✗ with words beside it, the
/// selection is marked by `>`, so colour only repeats what the text already says.
public enum ScreenStyle {
    static let green = "\u{1B}[32m"
    static let red = "\u{1B}[31m"
    static let yellow = "\u{1B}[33m"
    static let cyan = "\u{1B}[36m"
    static let defaultColor = "\u{1B}[39m"
    static let bold = "\u{1B}[1m"
    static let normalIntensity = "\u{1B}[22m"
    static let reverse = "\u{1B}[7m"
    static let noReverse = "\u{1B}[27m"

    /// `lines` with colour when `colors` is true (unchanged otherwise): ✓ green, ✗ red, the progress indicator
    /// cyan, the title bold, the proven / not-proven headings green / yellow, the selected feed row and the status
    /// line in reverse video.
    public static func styled(_ lines: [String], colors: Bool) -> [String] {
        guard colors else { return lines }
        return lines.enumerated().map { index, line in
            var text = colorSymbols(line)
            if index == 0 { text = bold + text + normalIntensity }
            text = heading(text, "PROVEN for ✓ requests:", color: green)
            text = heading(text, "NOT PROVEN:", color: yellow)
            if index == lines.count - 1 && lines.count > 1 {
                text = reverse + text + noReverse
            } else if line.hasPrefix(">") {
                // The selection is in the feed pane: reverse that pane only, up to the divider.
                if let divider = text.firstIndex(of: "│") {
                    text = reverse + text[..<divider] + noReverse + text[divider...]
                } else {
                    text = reverse + text + noReverse
                }
            }
            return text
        }
    }

    private static func colorSymbols(_ line: String) -> String {
        var result = ""
        result.reserveCapacity(line.utf8.count)
        for character in line {
            switch character {
            case "✓": result += green + "✓" + defaultColor
            case "✗": result += red + "✗" + defaultColor
            case _ where AuditScreen.spinner.contains(character): result += cyan + String(character) + defaultColor
            default: result.append(character)
            }
        }
        return result
    }

    private static func heading(_ text: String, _ title: String, color: String) -> String {
        // Headings start their line; their ✓ was already coloured, so match the coloured form.
        let colored = colorSymbols(title)
        guard text.hasPrefix(colored) else { return text }
        return bold + color + title + defaultColor + normalIntensity + text.dropFirst(colored.count)
    }
}
