import Crypto

/// The identity of a log signing key: SHA-256 of the 32-byte raw Ed25519 public key (the role RFC 9162 §4.4
/// gives the log ID). A tree head carries it so a verifier can tell which key it must be checked against.
public struct LogKeyID: Hashable, Sendable, CustomStringConvertible {
    /// The 32-byte identifier.
    public let hash: MerkleHash

    /// The identifier of a raw 32-byte Ed25519 public key.
    public init(publicKeyBytes: [UInt8]) {
        hash = MerkleHash(SHA256.hash(data: publicKeyBytes))
    }

    /// An identifier read from an encoding.
    init(hash: MerkleHash) { self.hash = hash }

    /// Lowercase hex of the 32 bytes.
    public var description: String { hash.description }
}
