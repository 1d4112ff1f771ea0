import Crypto

/// The log operator's Ed25519 private key, which signs tree heads. Wraps swift-crypto's
/// `Curve25519.Signing.PrivateKey` so callers need not import Crypto.
public struct LogSigningKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    /// A fresh random key.
    public init() { key = Curve25519.Signing.PrivateKey() }

    /// A key from its 32-byte seed (RFC 8032 §5.1.5).
    ///
    /// - Throws: ``TransparencyLogError/invalidKey(_:)`` when the seed is not 32 bytes.
    public init(seed: [UInt8]) throws(TransparencyLogError) {
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        } catch {
            throw .invalidKey("an Ed25519 seed is 32 bytes, got \(seed.count)")
        }
    }

    /// The 32-byte seed, to store the key (keep it private).
    public var seed: [UInt8] { Array(key.rawRepresentation) }

    /// The matching public key, which verifiers trust.
    public var publicKey: LogPublicKey { LogPublicKey(key: key.publicKey) }

    /// An Ed25519 signature over `message`.
    func signature(for message: [UInt8]) throws(TransparencyLogError) -> [UInt8] {
        do {
            return Array(try key.signature(for: message))
        } catch {
            throw .signingFailed(String(describing: error))
        }
    }
}
