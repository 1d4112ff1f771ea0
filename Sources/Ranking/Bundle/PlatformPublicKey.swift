import Crypto

/// The platform's Ed25519 public key, under which its ranking bundles are signed (DESIGN.md §4, "Signatures").
/// Published as `commitments/<name>/platform-key.pub`: 64 lowercase hex digits and a newline
/// (``hexFileContents``).
public struct PlatformPublicKey: Sendable, Equatable {
    /// The length of the raw key.
    public static let byteCount = 32

    let key: Curve25519.Signing.PublicKey

    init(key: Curve25519.Signing.PublicKey) { self.key = key }

    /// A public key from its 32 raw bytes (RFC 8032 §5.1.5).
    ///
    /// - Throws: ``BundleError/invalidPlatformKey(_:)`` when the bytes are not an Ed25519 public key.
    public init(rawRepresentation bytes: some Collection<UInt8>) throws(BundleError) {
        guard bytes.count == Self.byteCount else {
            throw .invalidPlatformKey("an Ed25519 public key is 32 bytes, got \(bytes.count)")
        }
        do {
            key = try Curve25519.Signing.PublicKey(rawRepresentation: Array(bytes))
        } catch {
            throw .invalidPlatformKey("not an Ed25519 public key")
        }
    }

    /// A public key from the contents of a key file: exactly 64 hex digits (either case), optionally followed by
    /// one newline. Anything else — other whitespace, a prefix, a second line — is refused.
    ///
    /// - Throws: ``BundleError/invalidPlatformKey(_:)``.
    public init(hexFileContents text: String) throws(BundleError) {
        var digits = Array(text.utf8)
        if digits.last == UInt8(ascii: "\n") { digits.removeLast() }
        guard digits.count == 2 * Self.byteCount, let bytes = HexText.decode(digits) else {
            throw .invalidPlatformKey("a key file holds exactly 64 hex digits and an optional newline")
        }
        try self.init(rawRepresentation: bytes)
    }

    /// The 32 raw bytes.
    public var rawRepresentation: [UInt8] { Array(key.rawRepresentation) }

    /// Lowercase hex of the 32 raw bytes.
    public var hex: String { HexText.encode(rawRepresentation) }

    /// The key file format: ``hex`` and a newline.
    public var hexFileContents: String { hex + "\n" }

    /// Whether `signature` is a valid Ed25519 signature of `message` under this key.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        signature.count == 64 && key.isValidSignature(signature, for: message)
    }

    /// Whether two keys have the same raw bytes.
    public static func == (lhs: PlatformPublicKey, rhs: PlatformPublicKey) -> Bool {
        lhs.rawRepresentation == rhs.rawRepresentation
    }
}
