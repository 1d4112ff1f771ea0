/// Why a ranking bundle, or a platform key, was refused. Nothing in the bundle code traps on input: every
/// malformed value ends here.
public enum BundleError: Error, Equatable, Sendable {
    /// The encoding ended before `needed` more bytes could be read at `offset`.
    case truncated(offset: Int, needed: Int, available: Int)
    /// Bytes were left over after the whole bundle was read.
    case trailingBytes(count: Int)
    /// The encoding does not start with the magic "FPRB".
    case badMagic
    /// The encoding's format version is not one this library reads.
    case unsupportedVersion(UInt16)
    /// A length field (statement or proof) holds a value above the format's limit.
    case tooLarge(field: String, value: UInt64, limit: UInt64)
    /// The embedded statement is malformed or invalid (its error's offsets count from the statement's first
    /// byte, which is at offset 10 of the bundle).
    case invalidStatement(StatementError)
    /// Bytes that are not an Ed25519 public or private key, or a malformed key file.
    case invalidPlatformKey(String)
    /// A signature that is not 64 bytes long.
    case invalidSignatureLength(Int)
}

extension BundleError: BinaryFormatError {}

extension BundleError: CustomStringConvertible {
    /// A one-line explanation for command-line users.
    public var description: String {
        switch self {
        case .truncated(let offset, let needed, let available):
            return "bundle is truncated: needed \(needed) bytes at offset \(offset), only \(available) left"
        case .trailingBytes(let count):
            return "bundle has \(count) unexpected trailing bytes"
        case .badMagic:
            return "not a ranking bundle (it does not start with the magic \"FPRB\")"
        case .unsupportedVersion(let version):
            return "bundle format version \(version) is not supported (this build reads version 1)"
        case .tooLarge(let field, let value, let limit):
            return "bundle \(field) is \(value) bytes, at most \(limit) allowed"
        case .invalidStatement(let error):
            return "bundle statement is invalid: \(error)"
        case .invalidPlatformKey(let detail):
            return "invalid platform key: \(detail)"
        case .invalidSignatureLength(let count):
            return "an Ed25519 signature is 64 bytes, got \(count)"
        }
    }
}
