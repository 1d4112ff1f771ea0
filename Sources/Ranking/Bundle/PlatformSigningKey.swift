import Crypto

/// The platform's Ed25519 private key, which signs every ranking bundle it publishes (DESIGN.md §4). Wraps
/// swift-crypto's `Curve25519.Signing.PrivateKey` so callers need not import Crypto. Keep it out of
/// `commitments/`: only ``publicKey`` is published.
public struct PlatformSigningKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    /// A fresh random key.
    public init() { key = Curve25519.Signing.PrivateKey() }

    /// A key from its 32-byte seed (RFC 8032 §5.1.5).
    ///
    /// - Throws: ``BundleError/invalidPlatformKey(_:)`` when the seed is not 32 bytes.
    public init(rawRepresentation seed: some Collection<UInt8>) throws(BundleError) {
        guard seed.count == 32 else { throw .invalidPlatformKey("an Ed25519 seed is 32 bytes, got \(seed.count)") }
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: Array(seed))
        } catch {
            throw .invalidPlatformKey("not an Ed25519 seed")
        }
    }

    /// The 32-byte seed, to store the key (keep it private).
    public var rawRepresentation: [UInt8] { Array(key.rawRepresentation) }

    /// The matching public key, which verifiers trust.
    public var publicKey: PlatformPublicKey { PlatformPublicKey(key: key.publicKey) }

    /// An Ed25519 signature (64 bytes) over `message`.
    ///
    /// swift-crypto declares signing as throwing, but Ed25519 signing with a valid key cannot fail (BoringSSL's
    /// `ED25519_sign` always succeeds; CryptoKit throws only for keys it could not have built). Should it ever
    /// throw, this stops the process rather than publish a bundle with a bogus signature.
    public func signature(for message: [UInt8]) -> [UInt8] {
        do {
            return Array(try key.signature(for: message))
        } catch {
            fatalError("Ed25519 signing failed: \(error)")
        }
    }
}
