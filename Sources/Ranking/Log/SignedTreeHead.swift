/// A tree head with the log key's Ed25519 signature: what a log publishes and what verifiers compare with each
/// other to catch a log that shows different histories to different people (DESIGN.md §4).
///
/// Binary layout (``encoded``; integers big-endian, 149 bytes):
///
/// ```
/// "FPTH"        4 bytes   magic
/// version       1 byte    1
/// key id       32 bytes   SHA-256 of the signer's raw Ed25519 public key
/// size          8 bytes   u64, at most 2^63 − 1
/// timestamp     8 bytes   u64, milliseconds since the Unix epoch
/// root hash    32 bytes
/// signature    64 bytes   Ed25519 over TreeHead.signedMessage(keyID:)
/// ```
///
/// Inside a log file the same 144 bytes appear without magic and version.
public struct SignedTreeHead: Hashable, Sendable {
    /// The signed statement.
    public var head: TreeHead
    /// Which key signed it.
    public var keyID: LogKeyID
    /// The 64-byte Ed25519 signature over `head.signedMessage(keyID: keyID)`.
    public var signature: [UInt8]

    /// A signed tree head from its parts (nothing is checked until ``verify(with:)``).
    public init(head: TreeHead, keyID: LogKeyID, signature: [UInt8]) {
        self.head = head
        self.keyID = keyID
        self.signature = signature
    }

    /// The number of entries the head covers.
    public var size: Int { head.size }
    /// The Merkle root of those entries.
    public var rootHash: MerkleHash { head.rootHash }
    /// When the head was made, in milliseconds since the Unix epoch.
    public var timestamp: UInt64 { head.timestamp }

    /// The length of a signed tree head inside a log file.
    static let bodyByteCount = 32 + 8 + 8 + 32 + 64

    /// Checks the signature under the trusted log key.
    ///
    /// - Throws: ``TransparencyLogError/keyMismatch(expected:actual:)`` when the head names another key,
    ///   ``TransparencyLogError/sizeOutOfRange(size:logSize:)`` for a negative size and
    ///   ``TransparencyLogError/invalidSignature`` when the signature does not verify.
    public func verify(with publicKey: LogPublicKey) throws(TransparencyLogError) {
        let trusted = publicKey.keyID
        guard keyID == trusted else { throw .keyMismatch(expected: trusted, actual: keyID) }
        guard head.size >= 0 else { throw .sizeOutOfRange(size: head.size, logSize: 0) }
        guard signature.count == 64, publicKey.isValidSignature(signature, for: head.signedMessage(keyID: keyID))
        else { throw .invalidSignature }
    }

    /// Whether ``verify(with:)`` accepts the head.
    public func isValid(with publicKey: LogPublicKey) -> Bool {
        do {
            try verify(with: publicKey)
            return true
        } catch {
            return false
        }
    }

    /// The standalone encoding (layout in the type's documentation).
    public var encoded: [UInt8] {
        var writer = LogWriter()
        writer.writeHeader(magic: "FPTH", version: 1)
        encodeBody(to: &writer)
        return writer.bytes
    }

    /// Decodes a standalone encoding; anything but exactly one well-formed head is an error.
    ///
    /// - Throws: ``TransparencyLogError/badMagic(expected:)``, ``TransparencyLogError/unsupportedVersion(_:)``,
    ///   ``TransparencyLogError/truncated(offset:needed:available:)``,
    ///   ``TransparencyLogError/invalidField(name:value:)`` or ``TransparencyLogError/trailingBytes(count:)``.
    public init(decoding bytes: [UInt8]) throws(TransparencyLogError) {
        var reader = LogReader(bytes)
        try reader.readHeader(magic: "FPTH", version: 1)
        self = try SignedTreeHead(body: &reader)
        try reader.finish()
    }

    /// Writes the 144-byte body.
    func encodeBody(to writer: inout LogWriter) {
        writer.write(keyID.hash)
        writer.write(size: head.size)
        writer.write(head.timestamp)
        writer.write(head.rootHash)
        writer.write(raw: signature)
    }

    /// Reads the 144-byte body.
    init(body reader: inout LogReader) throws(TransparencyLogError) {
        let keyID = LogKeyID(hash: try reader.readHash())
        let size = try reader.readSize("tree head size")
        let timestamp = try reader.readUInt64()
        let root = try reader.readHash()
        let signature = Array(try reader.take(64))
        self.init(head: TreeHead(size: size, rootHash: root, timestamp: timestamp), keyID: keyID, signature: signature)
    }
}
