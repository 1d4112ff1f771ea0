/// The append-only Merkle log of ModelIDs (DESIGN.md §4): the entries in order, the RFC 9162 §2.1 tree over
/// them, and the signed tree heads the log has published.
///
/// An entry is its exact bytes (a ModelID is a 64-byte SHA-512 digest, but any byte string is accepted, the
/// empty one included). The log holds each entry once, so ``index(of:)`` is unambiguous.
///
/// Hashes are kept level by level: `levels[h][i]` is the root of the perfect subtree over leaves
/// `i·2^h ..< (i+1)·2^h`, filled in as soon as its last leaf arrives. Every subtree the RFC's recursion visits
/// for a prefix of the log is either such a perfect, aligned subtree (one lookup) or splits into one and a
/// smaller right part, so a root, an inclusion path or a consistency path costs O(log n) node hashes.
public struct TransparencyLog: Sendable {
    /// The entries, in the order they were appended.
    public private(set) var entries: [[UInt8]] = []
    /// The signed tree heads the log has published, in order of size and time.
    public private(set) var treeHeads: [SignedTreeHead] = []
    private var indexByEntry: [[UInt8]: Int] = [:]
    private var levels: [[MerkleHash]] = [[]]

    /// An empty log.
    public init() {}

    /// A log holding `entries` in order.
    ///
    /// - Throws: ``TransparencyLogError/duplicateEntry(existingIndex:)`` when an entry repeats,
    ///   ``TransparencyLogError/entryTooLong(length:)`` for an entry of 2^32 bytes or more.
    public init<Entries: Sequence>(entries: Entries) throws(TransparencyLogError) where Entries.Element == [UInt8] {
        for entry in entries { _ = try append(entry) }
    }

    /// The number of entries.
    public var size: Int { entries.count }

    /// The root of the whole log.
    public var rootHash: MerkleHash { subtreeHash(start: 0, count: size) }

    /// The most recent signed tree head, if the log has published one.
    public var latestTreeHead: SignedTreeHead? { treeHeads.last }

    /// Appends an entry and returns its leaf index.
    ///
    /// - Throws: ``TransparencyLogError/duplicateEntry(existingIndex:)`` when the entry is already in the log,
    ///   ``TransparencyLogError/entryTooLong(length:)`` when it has 2^32 bytes or more.
    /// - Complexity: amortized O(1) hashes.
    @discardableResult
    public mutating func append(_ entry: [UInt8]) throws(TransparencyLogError) -> Int {
        if let existing = indexByEntry[entry] { throw .duplicateEntry(existingIndex: existing) }
        guard entry.count <= Int(UInt32.max) else { throw .entryTooLong(length: entry.count) }
        let index = entries.count
        entries.append(entry)
        indexByEntry[entry] = index
        levels[0].append(MerkleTree.leafHash(entry))
        // Complete every perfect subtree this leaf closes.
        var height = 0
        while levels[height].count.isMultiple(of: 2) {
            let count = levels[height].count
            let parent = MerkleTree.nodeHash(levels[height][count - 2], levels[height][count - 1])
            if levels.count == height + 1 { levels.append([]) }
            levels[height + 1].append(parent)
            height += 1
        }
        return index
    }

    /// Whether the log holds `entry`.
    public func contains(_ entry: [UInt8]) -> Bool { indexByEntry[entry] != nil }

    /// The leaf index of `entry`, or `nil` when the log does not hold it.
    public func index(of entry: [UInt8]) -> Int? { indexByEntry[entry] }

    /// The leaf hash of entry `index`.
    ///
    /// - Throws: ``TransparencyLogError/indexOutOfRange(index:size:)``.
    public func leafHash(at index: Int) throws(TransparencyLogError) -> MerkleHash {
        guard index >= 0, index < size else { throw .indexOutOfRange(index: index, size: size) }
        return levels[0][index]
    }

    /// The root of the first `size` entries, MTH(D[0:size]) of RFC 9162 §2.1.1.
    ///
    /// - Throws: ``TransparencyLogError/sizeOutOfRange(size:logSize:)`` unless 0 ≤ `size` ≤ ``size``.
    /// - Complexity: O(log size) node hashes.
    public func rootHash(size prefix: Int) throws(TransparencyLogError) -> MerkleHash {
        try checkPrefix(prefix)
        return subtreeHash(start: 0, count: prefix)
    }

    /// The inclusion proof of entry `index` in the tree of the first `size` entries (RFC 9162 §2.1.3.1).
    ///
    /// - Throws: ``TransparencyLogError/sizeOutOfRange(size:logSize:)`` or
    ///   ``TransparencyLogError/indexOutOfRange(index:size:)``.
    /// - Complexity: O(log² size) node hashes in the worst case, O(log size) lookups typically.
    public func inclusionProof(index: Int, size prefix: Int) throws(TransparencyLogError) -> InclusionProof {
        try checkPrefix(prefix)
        guard index >= 0, index < prefix else { throw .indexOutOfRange(index: index, size: prefix) }
        var path: [MerkleHash] = []
        // PATH(m, D[n]) emits the deepest sibling first; walk down collecting siblings, then reverse.
        var m = index
        var start = 0
        var count = prefix
        while count > 1 {
            let k = MerkleTree.splitPoint(count)
            if m < k {
                path.append(subtreeHash(start: start + k, count: count - k))
                count = k
            } else {
                path.append(subtreeHash(start: start, count: k))
                m -= k
                start += k
                count -= k
            }
        }
        return InclusionProof(index: index, treeSize: prefix, path: path.reversed())
    }

    /// The consistency proof between the trees of the first `oldSize` and `newSize` entries
    /// (RFC 9162 §2.1.4.1); empty when the sizes are equal or `oldSize` is 0.
    ///
    /// - Throws: ``TransparencyLogError/sizesOutOfOrder(old:new:)`` or
    ///   ``TransparencyLogError/sizeOutOfRange(size:logSize:)``.
    /// - Complexity: O(log² newSize) node hashes in the worst case.
    public func consistencyProof(from oldSize: Int, to newSize: Int) throws(TransparencyLogError) -> ConsistencyProof {
        guard oldSize >= 0, oldSize <= newSize else { throw .sizesOutOfOrder(old: oldSize, new: newSize) }
        try checkPrefix(newSize)
        var path: [MerkleHash] = []
        if oldSize > 0, oldSize < newSize {
            // SUBPROOF(m, D[n], b), unrolled: each step emits one sibling, deepest last.
            var m = oldSize
            var start = 0
            var count = newSize
            var complete = true
            while m != count {
                let k = MerkleTree.splitPoint(count)
                if m <= k {
                    path.append(subtreeHash(start: start + k, count: count - k))
                    count = k
                } else {
                    path.append(subtreeHash(start: start, count: k))
                    m -= k
                    start += k
                    count -= k
                    complete = false
                }
            }
            if !complete { path.append(subtreeHash(start: start, count: count)) }
            path.reverse()
        }
        return ConsistencyProof(oldSize: oldSize, newSize: newSize, path: path)
    }

    /// Signs a tree head for the whole log as it is now and records it in ``treeHeads``.
    ///
    /// - Throws: ``TransparencyLogError/treeHeadsOutOfOrder(previousSize:size:)`` when `timestamp` is earlier
    ///   than the latest head's, ``TransparencyLogError/signingFailed(_:)``.
    @discardableResult
    public mutating func signTreeHead(
        timestamp: UInt64, with key: LogSigningKey
    ) throws(TransparencyLogError) -> SignedTreeHead {
        let head = try TreeHead(size: size, rootHash: rootHash, timestamp: timestamp).sign(with: key)
        try record(head)
        return head
    }

    /// Records a tree head signed elsewhere (its signature is not checked here: see ``verifyTreeHeads(with:)``).
    ///
    /// - Throws: ``TransparencyLogError/treeHeadMismatch(size:reason:)`` when the head's size exceeds the log or
    ///   its root is not the log's root at that size, ``TransparencyLogError/treeHeadsOutOfOrder(previousSize:size:)``
    ///   when its size or timestamp is below the latest head's.
    public mutating func record(_ treeHead: SignedTreeHead) throws(TransparencyLogError) {
        guard treeHead.size >= 0, treeHead.size <= size else {
            throw .treeHeadMismatch(size: treeHead.size, reason: "the log has only \(size) entries")
        }
        guard subtreeHash(start: 0, count: treeHead.size) == treeHead.rootHash else {
            throw .treeHeadMismatch(size: treeHead.size, reason: "its root is not the log's root at that size")
        }
        if let latest = treeHeads.last, treeHead.size < latest.size || treeHead.timestamp < latest.timestamp {
            throw .treeHeadsOutOfOrder(previousSize: latest.size, size: treeHead.size)
        }
        treeHeads.append(treeHead)
    }

    /// Checks every recorded tree head's signature under the trusted log key.
    ///
    /// - Throws: the first failure of ``SignedTreeHead/verify(with:)``.
    public func verifyTreeHeads(with publicKey: LogPublicKey) throws(TransparencyLogError) {
        for head in treeHeads { try head.verify(with: publicKey) }
    }

    private func checkPrefix(_ prefix: Int) throws(TransparencyLogError) {
        guard prefix >= 0, prefix <= size else { throw .sizeOutOfRange(size: prefix, logSize: size) }
    }

    /// MTH(D[start ..< start + count]) for a range inside the log.
    private func subtreeHash(start: Int, count: Int) -> MerkleHash {
        if count == 0 { return MerkleTree.emptyRoot }
        if count & (count - 1) == 0, start.isMultiple(of: count) {
            let height = count.trailingZeroBitCount
            return levels[height][start >> height]
        }
        let k = MerkleTree.splitPoint(count)
        return MerkleTree.nodeHash(
            subtreeHash(start: start, count: k), subtreeHash(start: start + k, count: count - k))
    }
}
