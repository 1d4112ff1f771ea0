// MARK: - Binary encoding

/// The bundle file format, version 1 (also in `docs/FORMAT.md`). Integers are big-endian.
///
/// ```
/// offset      size   field
/// 0           4      magic "FPRB"
/// 4           2      version, u16 = 1
/// 6           4      S = statement length, u32 ≤ 268,435,456 (RankingStatement.maxCanonicalByteCount)
/// 10          S      statement, canonical bytes ("FPST" …)
/// 10+S        4      P = proof length, u32 ≤ 67,108,864 (RankingBundle.maxProofByteCount)
/// 14+S        P      proof
/// 14+S+P      32     platform Ed25519 public key, raw
/// 46+S+P      64     Ed25519 signature over signedMessage
/// ```
///
/// Total: 110 + S + P bytes. Nothing may follow.
extension RankingBundle {
    /// "FPRB".
    static let magic: [UInt8] = Array("FPRB".utf8)
    /// The format version this code writes and reads.
    public static let formatVersion: UInt16 = 1

    /// The file encoding (layout above).
    public var encoded: [UInt8] {
        let statementBytes = statement.canonicalBytes
        var writer = BinaryWriter(capacity: 110 + statementBytes.count + proof.count)
        writer.writeHeader(magic: Self.magic, version: Self.formatVersion)
        writer.write(length: statementBytes.count)
        writer.write(raw: statementBytes)
        writer.write(length: proof.count)
        writer.write(raw: proof)
        writer.write(raw: platformKey.rawRepresentation)
        writer.write(raw: signature)
        return writer.bytes
    }

    /// Decodes a bundle file. Strict: anything but exactly one well-formed version-1 bundle with a valid
    /// statement is an error, never a trap; lengths are checked against the bytes that remain before anything
    /// is allocated. The signature is *not* checked (``signatureIsValid()``), so a tampered bundle still decodes
    /// and can be inspected.
    ///
    /// - Throws: ``BundleError/badMagic``, ``BundleError/unsupportedVersion(_:)``,
    ///   ``BundleError/truncated(offset:needed:available:)``, ``BundleError/tooLarge(field:value:limit:)``,
    ///   ``BundleError/invalidStatement(_:)``, ``BundleError/invalidPlatformKey(_:)`` or
    ///   ``BundleError/trailingBytes(count:)``.
    public init(encoded bytes: [UInt8]) throws(BundleError) {
        var reader = BinaryReader<BundleError>(bytes[...])
        try reader.readHeader(magic: Self.magic, version: Self.formatVersion)
        let statementLength = try reader.readUInt32("statement", limit: RankingStatement.maxCanonicalByteCount)
        let statementBytes = try reader.take(statementLength)
        let proofLength = try reader.readUInt32("proof", limit: Self.maxProofByteCount)
        let proof = Array(try reader.take(proofLength))
        let keyBytes = try reader.take(PlatformPublicKey.byteCount)
        let signature = Array(try reader.take(64))
        try reader.finish()
        let statement: RankingStatement
        do { statement = try RankingStatement(canonicalBytes: statementBytes) } catch {
            throw .invalidStatement(error)
        }
        let key = try PlatformPublicKey(rawRepresentation: keyBytes)
        self.init(unchecked: statement, proof: proof, platformKey: key, signature: signature)
    }
}
