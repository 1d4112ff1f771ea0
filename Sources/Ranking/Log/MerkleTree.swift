import Crypto

/// The Merkle tree hash of RFC 9162 §2.1 over SHA-256, and the verification algorithms of §2.1.3.2 and
/// §2.1.4.2, on hashes alone.
///
/// Leaves and interior nodes are domain-separated by a one-byte prefix (0x00 for a leaf, 0x01 for a node), so a
/// leaf can never be passed off as a node (second-preimage resistance of the tree, RFC 9162 §2.1.1).
public enum MerkleTree {
    /// The root of the empty tree: MTH({}) = SHA-256 of the empty string.
    public static let emptyRoot = MerkleHash(SHA256.hash(data: [UInt8]()))

    /// The leaf hash of an entry: SHA-256(0x00 ‖ entry), where the entry is its exact bytes.
    public static func leafHash(_ entry: [UInt8]) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: entry)
        return MerkleHash(hasher.finalize())
    }

    /// The hash of an interior node: SHA-256(0x01 ‖ left ‖ right).
    public static func nodeHash(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        left.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        right.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return MerkleHash(hasher.finalize())
    }

    /// The split point of a tree of `count` > 1 leaves: the largest power of two smaller than `count`
    /// (RFC 9162 §2.1.1).
    static func splitPoint(_ count: Int) -> Int {
        precondition(count > 1, "only trees of two or more leaves are split")
        return 1 << (Int.bitWidth - 1 - (count - 1).leadingZeroBitCount)
    }

    /// The length of the inclusion path of leaf `index` in a tree of `size` leaves, by the loop of
    /// RFC 9162 §2.1.3.2 without the hashing; `nil` when `index` ≥ `size` or either is negative.
    public static func inclusionPathLength(index: Int, size: Int) -> Int? {
        guard index >= 0, index < size else { return nil }
        var fn = index
        var sn = size - 1
        var length = 0
        while sn != 0 {
            if fn & 1 == 1 || fn == sn {
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            }
            fn >>= 1
            sn >>= 1
            length += 1
        }
        return length
    }

    /// The length of the consistency path from `oldSize` to `newSize` leaves (RFC 9162 §2.1.4.1): 0 when the
    /// sizes are equal or `oldSize` is 0, `nil` when they are out of order or negative.
    public static func consistencyPathLength(oldSize: Int, newSize: Int) -> Int? {
        guard oldSize >= 0, oldSize <= newSize else { return nil }
        if oldSize == 0 || oldSize == newSize { return 0 }
        // Follow SUBPROOF(m, D[n], true) of §2.1.4.1, counting the hashes it emits.
        var m = oldSize
        var n = newSize
        var complete = true
        var length = 0
        while m != n {
            let k = splitPoint(n)
            if m <= k {
                n = k
            } else {
                m -= k
                n -= k
                complete = false
            }
            length += 1
        }
        return complete ? length : length + 1
    }

    /// Verifies that `leafHash` is leaf `index` of the tree of `size` leaves with root `root`, by the algorithm
    /// of RFC 9162 §2.1.3.2 step by step.
    ///
    /// - Throws: ``TransparencyLogError/indexOutOfRange(index:size:)`` when `index` ≥ `size`,
    ///   ``TransparencyLogError/wrongPathLength(expected:actual:)`` for a path of the wrong length, and
    ///   ``TransparencyLogError/inclusionRejected(index:size:)`` when the path does not lead to `root`.
    /// - Complexity: O(log size) hashes.
    public static func verifyInclusion(
        leafHash: MerkleHash, index: Int, size: Int, path: [MerkleHash], root: MerkleHash
    ) throws(TransparencyLogError) {
        // Step 1: leaf_index ≥ tree_size fails (negative values are malformed too).
        guard let expected = inclusionPathLength(index: index, size: size) else {
            throw .indexOutOfRange(index: index, size: size)
        }
        // The loop below rejects a wrong length on its own; checking first gives a precise reason.
        guard path.count == expected else { throw .wrongPathLength(expected: expected, actual: path.count) }
        // Steps 2 and 3.
        var fn = index
        var sn = size - 1
        var r = leafHash
        // Step 4.
        for p in path {
            guard sn != 0 else { throw .inclusionRejected(index: index, size: size) }  // 4a
            if fn & 1 == 1 || fn == sn {  // 4b
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1  // 4c
            sn >>= 1
        }
        // Step 5.
        guard sn == 0, r == root else { throw .inclusionRejected(index: index, size: size) }
    }

    /// Verifies that the tree of `oldSize` leaves with root `oldRoot` is a prefix of the tree of `newSize`
    /// leaves with root `newRoot`, by the algorithm of RFC 9162 §2.1.4.2 step by step.
    ///
    /// Equal sizes need an empty path and equal roots; an old size of 0 needs an empty path and the empty
    /// tree's root (every tree extends the empty one). Otherwise the RFC's algorithm runs unchanged.
    ///
    /// - Throws: ``TransparencyLogError/sizesOutOfOrder(old:new:)``,
    ///   ``TransparencyLogError/wrongPathLength(expected:actual:)`` or
    ///   ``TransparencyLogError/consistencyRejected(oldSize:newSize:)``.
    /// - Complexity: O(log newSize) hashes.
    public static func verifyConsistency(
        oldSize: Int, newSize: Int, oldRoot: MerkleHash, newRoot: MerkleHash, path: [MerkleHash]
    ) throws(TransparencyLogError) {
        guard let expected = consistencyPathLength(oldSize: oldSize, newSize: newSize) else {
            throw .sizesOutOfOrder(old: oldSize, new: newSize)
        }
        guard path.count == expected else { throw .wrongPathLength(expected: expected, actual: path.count) }
        if oldSize == newSize {
            guard oldRoot == newRoot else { throw .consistencyRejected(oldSize: oldSize, newSize: newSize) }
            return
        }
        if oldSize == 0 {
            guard oldRoot == emptyRoot else { throw .consistencyRejected(oldSize: oldSize, newSize: newSize) }
            return
        }
        // Step 1: an empty path fails.
        guard !path.isEmpty else { throw .consistencyRejected(oldSize: oldSize, newSize: newSize) }
        // Step 2: when the old size is a power of two, the old root is the first node of the path.
        var nodes = path[...]
        let first: MerkleHash
        if oldSize & (oldSize - 1) == 0 {
            first = oldRoot
        } else {
            first = nodes.removeFirst()
        }
        // Step 3.
        var fn = oldSize - 1
        var sn = newSize - 1
        // Step 4.
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // Step 5.
        var fr = first
        var sr = first
        // Step 6.
        for c in nodes {
            guard sn != 0 else { throw .consistencyRejected(oldSize: oldSize, newSize: newSize) }  // 6a
            if fn & 1 == 1 || fn == sn {  // 6b
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1  // 6c
            sn >>= 1
        }
        // Step 7.
        guard fr == oldRoot, sr == newRoot, sn == 0 else {
            throw .consistencyRejected(oldSize: oldSize, newSize: newSize)
        }
    }
}
