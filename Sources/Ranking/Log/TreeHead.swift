/// The unsigned statement a log makes about itself: "my first `size` entries have Merkle root `rootHash`, as of
/// `timestamp`" (RFC 9162 §4.10, without the extensions).
public struct TreeHead: Hashable, Sendable {
    /// The number of entries the root covers.
    public var size: Int
    /// The Merkle tree hash (RFC 9162 §2.1.1) of the first `size` entries.
    public var rootHash: MerkleHash
    /// When the head was made, in milliseconds since 1970-01-01T00:00:00Z, ignoring leap seconds.
    public var timestamp: UInt64

    /// A tree head.
    public init(size: Int, rootHash: MerkleHash, timestamp: UInt64) {
        self.size = size
        self.rootHash = rootHash
        self.timestamp = timestamp
    }

    /// The domain-separation prefix of every signed tree head message, 16 ASCII bytes.
    public static let signaturePrefix: [UInt8] = Array("feedproof-sth-v1".utf8)

    /// The exact bytes a log key signs for this head under the key `keyID` (96 bytes, integers big-endian):
    ///
    /// ```
    /// "feedproof-sth-v1"  16 bytes   domain separation, so no other FeedProof signature can pass for a head
    /// key id              32 bytes   SHA-256 of the signer's raw Ed25519 public key
    /// size                 8 bytes   u64
    /// timestamp            8 bytes   u64, milliseconds since the Unix epoch
    /// root hash           32 bytes
    /// ```
    ///
    /// Every field has a fixed width, so the encoding is injective.
    public func signedMessage(keyID: LogKeyID) -> [UInt8] {
        var writer = LogWriter()
        writer.write(raw: Self.signaturePrefix)
        writer.write(keyID.hash)
        writer.write(size: size)
        writer.write(timestamp)
        writer.write(rootHash)
        return writer.bytes
    }

    /// Signs the head with the log's key.
    ///
    /// - Throws: ``TransparencyLogError/sizeOutOfRange(size:logSize:)`` for a negative size,
    ///   ``TransparencyLogError/signingFailed(_:)`` if the signing library refuses.
    public func sign(with key: LogSigningKey) throws(TransparencyLogError) -> SignedTreeHead {
        guard size >= 0 else { throw .sizeOutOfRange(size: size, logSize: 0) }
        let keyID = key.publicKey.keyID
        let signature = try key.signature(for: signedMessage(keyID: keyID))
        return SignedTreeHead(head: self, keyID: keyID, signature: signature)
    }
}
