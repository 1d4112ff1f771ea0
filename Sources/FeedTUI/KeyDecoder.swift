/// Turns raw terminal input bytes into ``KeyEvent``s, keeping an incomplete sequence (an escape sequence or a
/// multi-byte UTF-8 character cut by a read) until the next ``feed(_:)``.
///
/// A lone ESC is ambiguous until more input arrives: it stays buffered, and the caller calls ``flush()`` when its
/// read times out (terminals send a whole sequence in one write, so a short timeout is enough). ESC followed by a
/// byte that starts no sequence is an Escape and that byte is decoded on its own. Never traps on any input.
public struct KeyDecoder: Sendable {
    /// The longest control sequence kept before it is given up as ``KeyEvent/unknown(_:)``.
    public static let maxSequenceLength = 32

    private var pending: [UInt8] = []

    /// A decoder with nothing buffered.
    public init() {}

    /// Whether bytes are waiting for the rest of their sequence.
    public var hasPending: Bool { !pending.isEmpty }

    /// Decodes `bytes` after whatever was buffered; an incomplete tail stays buffered.
    /// - Complexity: O(n) in the buffered and new bytes.
    public mutating func feed(_ bytes: [UInt8]) -> [KeyEvent] {
        pending.append(contentsOf: bytes)
        var events: [KeyEvent] = []
        var index = 0
        while index < pending.count {
            guard let (event, length) = Self.decode(pending, at: index) else { break }
            events.append(event)
            index += length
        }
        pending.removeFirst(index)
        return events
    }

    /// Decodes what is buffered as if no more input will complete it: a lone ESC is Escape, any other incomplete
    /// sequence is ``KeyEvent/unknown(_:)``.
    public mutating func flush() -> [KeyEvent] {
        defer { pending.removeAll() }
        guard !pending.isEmpty else { return [] }
        if pending == [0x1B] { return [.escape] }
        if pending.first == 0x1B, pending.count == 2, pending[1] == 0x1B { return [.escape, .escape] }
        return [.unknown(pending)]
    }

    /// One event starting at `start`, with the number of bytes it used, or nil when more bytes are needed.
    private static func decode(_ bytes: [UInt8], at start: Int) -> (KeyEvent, Int)? {
        let byte = bytes[start]
        switch byte {
        case 0x1B: return decodeEscape(bytes, at: start)
        case 0x0D, 0x0A: return (.enter, 1)
        case 0x09: return (.tab, 1)
        case 0x7F, 0x08: return (.backspace, 1)
        case 0x03: return (.interrupt, 1)
        case 0x00..<0x20: return (.unknown([byte]), 1)
        case 0x20..<0x7F: return (.character(Character(Unicode.Scalar(byte))), 1)
        default: return decodeUTF8(bytes, at: start)
        }
    }

    private static func decodeEscape(_ bytes: [UInt8], at start: Int) -> (KeyEvent, Int)? {
        guard start + 1 < bytes.count else { return nil }
        switch bytes[start + 1] {
        case UInt8(ascii: "["): return decodeCSI(bytes, at: start)
        case UInt8(ascii: "O"):
            guard start + 2 < bytes.count else { return nil }
            let final = bytes[start + 2]
            if let arrow = arrow(final) { return (arrow, 3) }
            // SS3 takes exactly one final byte; anything printable completes it, anything else is not SS3.
            if (0x40...0x7E).contains(final) { return (.unknown(Array(bytes[start...start + 2])), 3) }
            return (.escape, 1)
        default:
            // ESC then a byte that begins no sequence: Escape, and the byte is decoded on its own.
            return (.escape, 1)
        }
    }

    /// `ESC [` parameter bytes (0x30–0x3F), intermediate bytes (0x20–0x2F), one final byte (0x40–0x7E) (ECMA-48 §5.4).
    private static func decodeCSI(_ bytes: [UInt8], at start: Int) -> (KeyEvent, Int)? {
        var index = start + 2
        while index < bytes.count {
            let byte = bytes[index]
            let length = index - start + 1
            if (0x40...0x7E).contains(byte) {
                let sequence = Array(bytes[start..<start + length])
                // Modified arrows (`ESC [ 1 ; 5 A`) are still arrows.
                if let arrow = arrow(byte) { return (arrow, length) }
                return (.unknown(sequence), length)
            }
            guard (0x20...0x3F).contains(byte), length < maxSequenceLength else {
                // A byte no CSI may hold (or an overlong run): give up on what came before it and decode it afresh.
                return (.unknown(Array(bytes[start..<index])), index - start)
            }
            index += 1
        }
        return nil
    }

    private static func arrow(_ final: UInt8) -> KeyEvent? {
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        default: return nil
        }
    }

    private static func decodeUTF8(_ bytes: [UInt8], at start: Int) -> (KeyEvent, Int)? {
        let lead = bytes[start]
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return (.unknown([lead]), 1)
        }
        var index = start + 1
        while index < start + length {
            guard index < bytes.count else { return nil }
            guard bytes[index] & 0xC0 == 0x80 else { return (.unknown(Array(bytes[start..<index])), index - start) }
            index += 1
        }
        let slice = Array(bytes[start..<start + length])
        // Overlong forms, surrogates and values above U+10FFFF fail strict decoding.
        guard let text = String(validating: slice, as: UTF8.self), let scalar = text.unicodeScalars.first else {
            return (.unknown(slice), length)
        }
        if scalar.properties.generalCategory == .control { return (.unknown(slice), length) }
        return (.character(Character(scalar)), length)
    }
}
