import Crypto

/// The log operator's Ed25519 public key, the one a verifier trusts to check signed tree heads.
public struct LogPublicKey: Sendable, Equatable {
    let key: Curve25519.Signing.PublicKey

    init(key: Curve25519.Signing.PublicKey) { self.key = key }

    /// A public key from its 32 raw bytes (RFC 8032 §5.1.5).
    ///
    /// - Throws: ``TransparencyLogError/invalidKey(_:)`` when the bytes are not a valid Ed25519 public key.
    public init(rawRepresentation bytes: [UInt8]) throws(TransparencyLogError) {
        do {
            key = try Curve25519.Signing.PublicKey(rawRepresentation: bytes)
        } catch {
            throw .invalidKey("not an Ed25519 public key (\(bytes.count) bytes)")
        }
    }

    /// The 32 raw bytes.
    public var rawRepresentation: [UInt8] { Array(key.rawRepresentation) }

    /// The key's identifier, SHA-256 of ``rawRepresentation``.
    public var keyID: LogKeyID { LogKeyID(publicKeyBytes: rawRepresentation) }

    /// Whether `signature` is a valid Ed25519 signature of `message` under this key.
    func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        key.isValidSignature(signature, for: message)
    }

    /// Whether two keys have the same raw bytes.
    public static func == (lhs: LogPublicKey, rhs: LogPublicKey) -> Bool {
        lhs.rawRepresentation == rhs.rawRepresentation
    }
}
