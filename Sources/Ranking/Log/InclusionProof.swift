/// A proof that one entry is leaf `index` of the log's tree of `treeSize` entries: the audit path of
/// RFC 9162 §2.1.3.1, listed from the leaf's sibling up to the root's child.
///
/// Binary layout (``encoded``; integers big-endian):
///
/// ```
/// "FPIP"        4 bytes    magic
/// version       1 byte     1
/// index         8 bytes    u64, below tree size
/// tree size     8 bytes    u64, at most 2^63 − 1
/// path length   1 byte     exactly the length (index, tree size) require, at most 63
/// path          32 bytes each
/// ```
public struct InclusionProof: Hashable, Sendable {
    /// The leaf index of the entry.
    public var index: Int
    /// The size of the tree the path leads to the root of.
    public var treeSize: Int
    /// The audit path, leaf end first.
    public var path: [MerkleHash]

    /// A proof from its parts (checked only by ``verify(entry:index:treeHead:)``).
    public init(index: Int, treeSize: Int, path: [MerkleHash]) {
        self.index = index
        self.treeSize = treeSize
        self.path = path
    }

    /// Checks that `entry` is leaf `index` of the tree the trusted `treeHead` signs, by RFC 9162 §2.1.3.2.
    ///
    /// The tree head must already be trusted: check its signature with ``SignedTreeHead/verify(with:)`` first
    /// (this function has no key to do so).
    ///
    /// - Throws: ``TransparencyLogError/proofIndexMismatch(proof:claimed:)`` or
    ///   ``TransparencyLogError/proofSizeMismatch(proof:treeHead:)`` when the proof is for another leaf or tree,
    ///   and the errors of ``MerkleTree/verifyInclusion(leafHash:index:size:path:root:)``.
    public func verify(entry: [UInt8], index: Int, treeHead: SignedTreeHead) throws(TransparencyLogError) {
        guard self.index == index else { throw .proofIndexMismatch(proof: self.index, claimed: index) }
        guard treeSize == treeHead.size else { throw .proofSizeMismatch(proof: treeSize, treeHead: treeHead.size) }
        try MerkleTree.verifyInclusion(
            leafHash: MerkleTree.leafHash(entry), index: index, size: treeSize, path: path, root: treeHead.rootHash)
    }

    /// The encoding (layout in the type's documentation).
    public var encoded: [UInt8] {
        var writer = LogWriter()
        writer.writeHeader(magic: "FPIP", version: 1)
        writer.write(size: index)
        writer.write(size: treeSize)
        writer.write(UInt8(clamping: path.count))
        for hash in path { writer.write(hash) }
        return writer.bytes
    }

    /// Decodes an encoding strictly: the index must be below the tree size and the path exactly as long as they
    /// require.
    ///
    /// - Throws: ``TransparencyLogError/badMagic(expected:)``, ``TransparencyLogError/unsupportedVersion(_:)``,
    ///   ``TransparencyLogError/truncated(offset:needed:available:)``,
    ///   ``TransparencyLogError/invalidField(name:value:)``,
    ///   ``TransparencyLogError/indexOutOfRange(index:size:)``,
    ///   ``TransparencyLogError/wrongPathLength(expected:actual:)`` or
    ///   ``TransparencyLogError/trailingBytes(count:)``.
    public init(decoding bytes: [UInt8]) throws(TransparencyLogError) {
        var reader = LogReader(bytes)
        try reader.readHeader(magic: "FPIP", version: 1)
        let index = try reader.readSize("index")
        let treeSize = try reader.readSize("tree size")
        let count = Int(try reader.readByte())
        guard let expected = MerkleTree.inclusionPathLength(index: index, size: treeSize) else {
            throw .indexOutOfRange(index: index, size: treeSize)
        }
        guard count == expected else { throw .wrongPathLength(expected: expected, actual: count) }
        let path = try reader.readHashes(count)
        try reader.finish()
        self.init(index: index, treeSize: treeSize, path: path)
    }
}
