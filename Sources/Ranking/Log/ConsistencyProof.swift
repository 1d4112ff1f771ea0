/// A proof that the log's tree of `oldSize` entries is a prefix of its tree of `newSize` entries: the
/// consistency path of RFC 9162 §2.1.4.1 (empty when the sizes are equal or the old tree is empty).
///
/// Binary layout (``encoded``; integers big-endian):
///
/// ```
/// "FPCP"        4 bytes    magic
/// version       1 byte     1
/// old size      8 bytes    u64
/// new size      8 bytes    u64, at least old size, at most 2^63 − 1
/// path length   1 byte     exactly the length the sizes require, at most 64
/// path          32 bytes each
/// ```
public struct ConsistencyProof: Hashable, Sendable {
    /// The size of the older tree.
    public var oldSize: Int
    /// The size of the newer tree.
    public var newSize: Int
    /// The consistency path in the order of RFC 9162 §2.1.4.1.
    public var path: [MerkleHash]

    /// A proof from its parts (checked only by ``verify(old:new:)``).
    public init(oldSize: Int, newSize: Int, path: [MerkleHash]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.path = path
    }

    /// Checks that the trusted tree head `old` describes a prefix of the tree that the trusted `new` head signs,
    /// by RFC 9162 §2.1.4.2.
    ///
    /// Both heads must already be trusted (``SignedTreeHead/verify(with:)``).
    ///
    /// - Throws: ``TransparencyLogError/proofSizeMismatch(proof:treeHead:)`` when the proof is for other sizes
    ///   than the heads, and the errors of
    ///   ``MerkleTree/verifyConsistency(oldSize:newSize:oldRoot:newRoot:path:)``.
    public func verify(old: SignedTreeHead, new: SignedTreeHead) throws(TransparencyLogError) {
        guard oldSize == old.size else { throw .proofSizeMismatch(proof: oldSize, treeHead: old.size) }
        guard newSize == new.size else { throw .proofSizeMismatch(proof: newSize, treeHead: new.size) }
        try MerkleTree.verifyConsistency(
            oldSize: oldSize, newSize: newSize, oldRoot: old.rootHash, newRoot: new.rootHash, path: path)
    }

    /// The encoding (layout in the type's documentation).
    public var encoded: [UInt8] {
        var writer = LogWriter()
        writer.writeHeader(magic: "FPCP", version: 1)
        writer.write(size: oldSize)
        writer.write(size: newSize)
        writer.write(UInt8(clamping: path.count))
        for hash in path { writer.write(hash) }
        return writer.bytes
    }

    /// Decodes an encoding strictly: the sizes must be in order and the path exactly as long as they require.
    ///
    /// - Throws: ``TransparencyLogError/badMagic(expected:)``, ``TransparencyLogError/unsupportedVersion(_:)``,
    ///   ``TransparencyLogError/truncated(offset:needed:available:)``,
    ///   ``TransparencyLogError/invalidField(name:value:)``,
    ///   ``TransparencyLogError/sizesOutOfOrder(old:new:)``,
    ///   ``TransparencyLogError/wrongPathLength(expected:actual:)`` or
    ///   ``TransparencyLogError/trailingBytes(count:)``.
    public init(decoding bytes: [UInt8]) throws(TransparencyLogError) {
        var reader = LogReader(bytes)
        try reader.readHeader(magic: "FPCP", version: 1)
        let oldSize = try reader.readSize("old size")
        let newSize = try reader.readSize("new size")
        let count = Int(try reader.readByte())
        guard let expected = MerkleTree.consistencyPathLength(oldSize: oldSize, newSize: newSize) else {
            throw .sizesOutOfOrder(old: oldSize, new: newSize)
        }
        guard count == expected else { throw .wrongPathLength(expected: expected, actual: count) }
        let path = try reader.readHashes(count)
        try reader.finish()
        self.init(oldSize: oldSize, newSize: newSize, path: path)
    }
}
