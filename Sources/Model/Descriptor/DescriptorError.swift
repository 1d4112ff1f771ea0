/// Why model descriptor bytes (or the parts of a descriptor) were rejected.
public enum DescriptorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes end before the field `field` (at byte offset `offset`) is complete.
    case truncated(field: String, offset: Int)
    /// Bytes remain after a complete descriptor.
    case trailingBytes(count: Int)
    /// The bytes do not start with the magic "FPMD".
    case badMagic
    /// The layout version is not one this build reads.
    case unsupportedFormatVersion(UInt16)
    /// A field holds a value the format forbids (name of the field, the reason).
    case invalidField(String, String)

    /// A one-line explanation for the CLI.
    public var description: String {
        switch self {
        case .truncated(let field, let offset): "model descriptor truncated in \(field) at byte \(offset)"
        case .trailingBytes(let count): "model descriptor has \(count) trailing bytes"
        case .badMagic: "not a model descriptor (magic \"FPMD\" missing)"
        case .unsupportedFormatVersion(let version): "unsupported model descriptor format version \(version)"
        case .invalidField(let field, let reason): "invalid model descriptor field \(field): \(reason)"
        }
    }
}
