/// Why a known-answer fixture could not be located, parsed or read.
public enum FixtureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No folder above the support library's source file holds `Tests/Fixtures/vectors`.
    case vectorsFolderNotFound(searchedFrom: String)
    /// A hex string with an odd number of digits or a character that is not a hex digit.
    case invalidHex(String)
    /// A JSON value was missing or had an unexpected type.
    case malformed(String)

    /// A one-line explanation for test failure messages.
    public var description: String {
        switch self {
        case .vectorsFolderNotFound(let path): "no Tests/Fixtures/vectors folder above \(path)"
        case .invalidHex(let text): "invalid hex: \(text.prefix(80))"
        case .malformed(let what): "malformed fixture: \(what)"
        }
    }
}
