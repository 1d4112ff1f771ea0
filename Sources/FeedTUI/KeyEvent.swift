/// One key press decoded from raw terminal input by ``KeyDecoder``.
public enum KeyEvent: Sendable, Equatable {
    /// ↑ (`ESC [ A` or `ESC O A`).
    case up
    /// ↓ (`ESC [ B` or `ESC O B`).
    case down
    /// → (`ESC [ C` or `ESC O C`).
    case right
    /// ← (`ESC [ D` or `ESC O D`).
    case left
    /// Enter (CR or LF).
    case enter
    /// Tab.
    case tab
    /// Backspace (DEL 0x7f or BS 0x08).
    case backspace
    /// Escape pressed on its own.
    case escape
    /// Ctrl-C (0x03).
    case interrupt
    /// A printable character (any UTF-8 scalar that is not a control character).
    case character(Character)
    /// Bytes that form no key this screen knows: an unsupported escape sequence, a control byte or invalid UTF-8.
    case unknown([UInt8])
}
