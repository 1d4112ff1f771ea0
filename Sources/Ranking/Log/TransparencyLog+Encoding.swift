/// The log file stored under `commitments/`.
///
/// Binary layout (integers big-endian):
///
/// ```
/// "FPTL"             4 bytes    magic
/// version            1 byte     1
/// entry count        8 bytes    u64
/// entries            each: length (u32) ‖ the entry's bytes
/// tree head count    8 bytes    u64
/// tree heads         each 144 bytes: key id (32) ‖ size (u64) ‖ timestamp (u64) ‖ root hash (32) ‖
///                    Ed25519 signature (64), as in ``SignedTreeHead``
/// ```
///
/// Decoding is strict: no trailing bytes, no repeated entry, and every tree head must match the decoded entries
/// (size within the log, root equal to the log's root at that size) and follow the previous one in size and
/// time. Signatures are not checked by decoding (it has no key): call ``verifyTreeHeads(with:)``.
extension TransparencyLog {
    /// The log file's magic.
    static let fileMagic = "FPTL"

    /// The log file (layout above).
    public var encoded: [UInt8] {
        var writer = LogWriter()
        writer.writeHeader(magic: Self.fileMagic, version: 1)
        writer.write(size: entries.count)
        for entry in entries {
            writer.write(UInt32(clamping: entry.count))
            writer.write(raw: entry)
        }
        writer.write(size: treeHeads.count)
        for head in treeHeads { head.encodeBody(to: &writer) }
        return writer.bytes
    }

    /// Reads a log file, rebuilding the tree and re-checking every tree head against it.
    ///
    /// - Throws: ``TransparencyLogError/badMagic(expected:)``, ``TransparencyLogError/unsupportedVersion(_:)``,
    ///   ``TransparencyLogError/truncated(offset:needed:available:)``,
    ///   ``TransparencyLogError/invalidField(name:value:)``, ``TransparencyLogError/trailingBytes(count:)``,
    ///   ``TransparencyLogError/duplicateEntry(existingIndex:)``,
    ///   ``TransparencyLogError/treeHeadMismatch(size:reason:)`` or
    ///   ``TransparencyLogError/treeHeadsOutOfOrder(previousSize:size:)``.
    /// - Complexity: O(n) hashes for n entries.
    public init(decoding bytes: [UInt8]) throws(TransparencyLogError) {
        var reader = LogReader(bytes)
        try reader.readHeader(magic: Self.fileMagic, version: 1)
        self.init()
        let entryCount = try reader.readCount("entry count", minimumItemBytes: 4)
        for _ in 0..<entryCount {
            let length = Int(try reader.readUInt32())
            try append(Array(try reader.take(length)))
        }
        let headCount = try reader.readCount("tree head count", minimumItemBytes: SignedTreeHead.bodyByteCount)
        for _ in 0..<headCount {
            try record(try SignedTreeHead(body: &reader))
        }
        try reader.finish()
    }
}
