import FeedProofTestSupport
import Ranking
import Testing

/// The ModelID transparency log: RFC 9162 §2.1 hashing against the well-known CT vectors, generated proofs
/// against the RFC's verification algorithms, signed tree heads, and strict decoding.
@Suite("Transparency log")
struct TransparencyLogTests {
    // MARK: Fixtures

    /// The eight leaves of the Merkle tree tests of Google's certificate-transparency / trillian and of
    /// transparency-dev/merkle (`proof/verify_test.go`): "", 00, 10, 2021, 3031, 40414243, 50…57, 60…6f.
    static let vectorLeaves: [[UInt8]] = [
        [],
        [0x00],
        [0x10],
        [0x20, 0x21],
        [0x30, 0x31],
        [0x40, 0x41, 0x42, 0x43],
        Array(0x50...0x57),
        Array(0x60...0x6f),
    ]

    /// The roots of the first 1…8 of those leaves, from the same test files. Re-derived independently with a
    /// ten-line Python `hashlib` implementation of RFC 9162 §2.1.1 (they agree).
    static let vectorRoots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    /// Inclusion paths from the same tests as (0-based index, tree size, path).
    static let vectorInclusionPaths: [(Int, Int, [String])] = [
        (0, 1, []),
        (
            0, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        ),
        (
            5, 8,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (
            1, 5,
            [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        ),
    ]

    /// Consistency paths from the same tests as (old size, new size, path).
    static let vectorConsistencyPaths: [(Int, Int, [String])] = [
        (1, 1, []),
        (
            1, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        ),
        (
            6, 8,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
        (
            2, 5,
            [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        ),
        (
            6, 7,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
    ]

    static func hash(_ hex: String) throws -> MerkleHash {
        try #require(MerkleHash(bytes: try [UInt8](hex: hex)))
    }

    static func hashes(_ hexes: [String]) throws -> [MerkleHash] {
        try hexes.map { try hash($0) }
    }

    /// `hash` with one bit of byte `byte` flipped.
    static func flipped(_ hash: MerkleHash, byte: Int = 0) throws -> MerkleHash {
        var bytes = hash.bytes
        bytes[byte % bytes.count] ^= 0x10
        return try #require(MerkleHash(bytes: bytes))
    }

    static let key = try! LogSigningKey(seed: [UInt8](repeating: 0x42, count: 32))
    static let otherKey = try! LogSigningKey(seed: [UInt8](repeating: 0x17, count: 32))

    /// Entries of assorted lengths (ModelID-sized mostly) from a fixed seed; `salt` makes a different log.
    static func entries(count: Int, salt: UInt8 = 0) -> [[UInt8]] {
        var random = SeededGenerator(seed: 0x7106 &+ UInt64(salt))
        return (0..<count).map { index in
            var entry = random.bytes(count: index % 5 == 0 ? 1 + index % 7 : 64)
            entry.append(UInt8(truncatingIfNeeded: index))
            entry.append(UInt8(truncatingIfNeeded: index >> 8))
            entry.append(UInt8(truncatingIfNeeded: index >> 16))
            return entry
        }
    }

    /// MTH(D[n]) straight from the RFC's recursive definition, independent of the log's level cache.
    static func referenceRoot(_ leaves: ArraySlice<[UInt8]>) -> MerkleHash {
        switch leaves.count {
        case 0: return MerkleTree.emptyRoot
        case 1: return MerkleTree.leafHash(leaves[leaves.startIndex])
        default:
            var k = 1
            while k * 2 < leaves.count { k *= 2 }
            let split = leaves.startIndex + k
            return MerkleTree.nodeHash(referenceRoot(leaves[..<split]), referenceRoot(leaves[split...]))
        }
    }

    /// A log of `entries` with a signed tree head for every prefix size 0…count (heads[s] covers s entries).
    static func logWithHeads(_ entries: [[UInt8]], key: LogSigningKey = key) throws -> (
        TransparencyLog, [SignedTreeHead]
    ) {
        var log = TransparencyLog()
        var heads = [try TreeHead(size: 0, rootHash: MerkleTree.emptyRoot, timestamp: 1_000).sign(with: key)]
        for (index, entry) in entries.enumerated() {
            try log.append(entry)
            heads.append(try log.signTreeHead(timestamp: 1_000 + UInt64(index), with: key))
        }
        return (log, heads)
    }

    // MARK: Known answers

    @Test func emptyTreeAndLeafHashesMatchRFC9162() throws {
        #expect(
            MerkleTree.emptyRoot == (try Self.hash("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")))
        #expect(TransparencyLog().rootHash == MerkleTree.emptyRoot)
        #expect(try TransparencyLog().rootHash(size: 0) == MerkleTree.emptyRoot)
        // The leaf hash of the empty entry is the root of the one-leaf tree.
        #expect(MerkleTree.leafHash([]) == (try Self.hash(Self.vectorRoots[0])))
        // Leaf and node hashing are domain-separated: H(0x01 ‖ a ‖ b) is not the leaf hash of a ‖ b.
        let a = MerkleTree.leafHash([1])
        let b = MerkleTree.leafHash([2])
        #expect(MerkleTree.nodeHash(a, b) != MerkleTree.leafHash(a.bytes + b.bytes))
        #expect(MerkleTree.nodeHash(a, b) != MerkleTree.nodeHash(b, a))
    }

    @Test func rootsOfEveryPrefixMatchTheCTVectors() throws {
        let log = try TransparencyLog(entries: Self.vectorLeaves)
        for size in 1...8 {
            let expected = try Self.hash(Self.vectorRoots[size - 1])
            #expect(try log.rootHash(size: size) == expected, "size \(size)")
            #expect(try TransparencyLog(entries: Self.vectorLeaves.prefix(size)).rootHash == expected, "size \(size)")
        }
    }

    @Test func inclusionPathsMatchTheCTVectors() throws {
        let log = try TransparencyLog(entries: Self.vectorLeaves)
        for (index, size, hexes) in Self.vectorInclusionPaths {
            let expected = try Self.hashes(hexes)
            let proof = try log.inclusionProof(index: index, size: size)
            #expect(proof.path == expected, "index \(index) size \(size)")
            try MerkleTree.verifyInclusion(
                leafHash: MerkleTree.leafHash(Self.vectorLeaves[index]), index: index, size: size, path: expected,
                root: try Self.hash(Self.vectorRoots[size - 1]))
        }
    }

    @Test func consistencyPathsMatchTheCTVectors() throws {
        let log = try TransparencyLog(entries: Self.vectorLeaves)
        for (oldSize, newSize, hexes) in Self.vectorConsistencyPaths {
            let expected = try Self.hashes(hexes)
            #expect(try log.consistencyProof(from: oldSize, to: newSize).path == expected, "\(oldSize)→\(newSize)")
            try MerkleTree.verifyConsistency(
                oldSize: oldSize, newSize: newSize, oldRoot: try Self.hash(Self.vectorRoots[oldSize - 1]),
                newRoot: try Self.hash(Self.vectorRoots[newSize - 1]), path: expected)
        }
    }

    // MARK: Properties

    @Test func rootsAgreeWithTheRecursiveDefinition() throws {
        for count in [0, 1, 2, 3, 5, 64, 65, 100, 127, 128, 129, 1000] {
            let entries = Self.entries(count: count)
            let log = try TransparencyLog(entries: entries)
            let sizes = count <= 130 ? Array(0...count) : [0, 1, 511, 512, 513, 999, 1000]
            for size in sizes {
                #expect(try log.rootHash(size: size) == Self.referenceRoot(entries[0..<size]), "\(size) of \(count)")
            }
        }
    }

    @Test func everyInclusionProofVerifiesAndEveryAlterationFails() throws {
        let entries = Self.entries(count: 64)
        let (log, heads) = try Self.logWithHeads(entries)
        let (_, otherHeads) = try Self.logWithHeads(Self.entries(count: 64, salt: 1))
        for size in 1...64 {
            let head = heads[size]
            for index in 0..<size {
                let proof = try log.inclusionProof(index: index, size: size)
                let entry = entries[index]
                #expect(proof.path.count == MerkleTree.inclusionPathLength(index: index, size: size))
                try proof.verify(entry: entry, index: index, treeHead: head)
                #expect(try InclusionProof(decoding: proof.encoded) == proof)

                let context = "index \(index) size \(size)"
                // Every path hash altered.
                for position in proof.path.indices {
                    var altered = proof
                    altered.path[position] = try Self.flipped(proof.path[position], byte: position + index)
                    #expect(throws: TransparencyLogError.self, "\(context) hash \(position)") {
                        try altered.verify(entry: entry, index: index, treeHead: head)
                    }
                }
                // Wrong index: both as a claim and as a proof rewritten to that index.
                for wrongIndex in Set([index - 1, index + 1, index ^ 2, size, -1]) where wrongIndex != index {
                    #expect(throws: TransparencyLogError.self, "\(context) claimed \(wrongIndex)") {
                        try proof.verify(entry: entry, index: wrongIndex, treeHead: head)
                    }
                    var rewritten = proof
                    rewritten.index = wrongIndex
                    #expect(throws: TransparencyLogError.self, "\(context) rewritten \(wrongIndex)") {
                        try rewritten.verify(entry: entry, index: wrongIndex, treeHead: head)
                    }
                }
                // Wrong size: the same path against every other tree head of the log.
                for wrongSize in Set([size - 1, size + 1, size * 2, size / 2]) where wrongSize != size {
                    guard wrongSize >= 0, wrongSize <= 64 else { continue }
                    #expect(throws: TransparencyLogError.self, "\(context) head \(wrongSize)") {
                        try proof.verify(entry: entry, index: index, treeHead: heads[wrongSize])
                    }
                    var rewritten = proof
                    rewritten.treeSize = wrongSize
                    #expect(throws: TransparencyLogError.self, "\(context) rewritten size \(wrongSize)") {
                        try rewritten.verify(entry: entry, index: index, treeHead: heads[wrongSize])
                    }
                }
                // Wrong entry, a neighbour's entry, and another tree of the same size.
                #expect(throws: TransparencyLogError.self, "\(context) entry") {
                    try proof.verify(entry: entry + [0], index: index, treeHead: head)
                }
                if size > 1 {
                    #expect(throws: TransparencyLogError.self, "\(context) neighbour") {
                        try proof.verify(entry: entries[(index + 1) % size], index: index, treeHead: head)
                    }
                }
                #expect(throws: TransparencyLogError.self, "\(context) other tree") {
                    try proof.verify(entry: entry, index: index, treeHead: otherHeads[size])
                }
                // Wrong path length: a hash removed, appended or prepended.
                var shorter = proof
                if !shorter.path.isEmpty {
                    shorter.path.removeLast()
                    #expect(throws: TransparencyLogError.self) {
                        try shorter.verify(entry: entry, index: index, treeHead: head)
                    }
                }
                var longer = proof
                longer.path.append(head.rootHash)
                #expect(throws: TransparencyLogError.self) {
                    try longer.verify(entry: entry, index: index, treeHead: head)
                }
                longer.path = [head.rootHash] + proof.path
                #expect(throws: TransparencyLogError.self) {
                    try longer.verify(entry: entry, index: index, treeHead: head)
                }
            }
        }
    }

    @Test func everyConsistencyProofVerifiesAndEveryAlterationFails() throws {
        let (log, heads) = try Self.logWithHeads(Self.entries(count: 64))
        let (_, otherHeads) = try Self.logWithHeads(Self.entries(count: 64, salt: 1))
        for newSize in 0...64 {
            for oldSize in 0...newSize {
                let proof = try log.consistencyProof(from: oldSize, to: newSize)
                let old = heads[oldSize]
                let new = heads[newSize]
                let context = "\(oldSize)→\(newSize)"
                #expect(proof.path.count == MerkleTree.consistencyPathLength(oldSize: oldSize, newSize: newSize))
                try proof.verify(old: old, new: new)
                #expect(try ConsistencyProof(decoding: proof.encoded) == proof)

                for position in proof.path.indices {
                    var altered = proof
                    altered.path[position] = try Self.flipped(proof.path[position], byte: position + oldSize)
                    #expect(throws: TransparencyLogError.self, "\(context) hash \(position)") {
                        try altered.verify(old: old, new: new)
                    }
                }
                // Other sizes, both against the real heads of those sizes and with the proof rewritten to them.
                for (wrongOld, wrongNew) in [
                    (oldSize - 1, newSize), (oldSize + 1, newSize), (oldSize ^ 2, newSize),
                    (oldSize, newSize + 1), (oldSize, newSize - 1), (oldSize, newSize * 2), (oldSize, newSize / 2),
                    (newSize, oldSize),
                ] where (wrongOld, wrongNew) != (oldSize, newSize) {
                    guard wrongOld >= 0, wrongNew >= 0, wrongOld <= 64, wrongNew <= 64 else { continue }
                    // Equal sizes or an empty old tree are trivially consistent with an empty path.
                    let trivial = wrongOld <= wrongNew && (wrongOld == 0 || wrongOld == wrongNew)
                    if trivial && proof.path.isEmpty { continue }
                    var rewritten = proof
                    rewritten.oldSize = wrongOld
                    rewritten.newSize = wrongNew
                    #expect(throws: TransparencyLogError.self, "\(context) as \(wrongOld)→\(wrongNew)") {
                        try rewritten.verify(old: heads[wrongOld], new: heads[wrongNew])
                    }
                    #expect(throws: TransparencyLogError.self, "\(context) heads \(wrongOld)→\(wrongNew)") {
                        try proof.verify(old: heads[wrongOld], new: heads[wrongNew])
                    }
                }
                // Another tree: either head from the other log fails (every tree extends the empty one, so an
                // empty old tree is consistent with any new head).
                if oldSize > 0 {
                    #expect(throws: TransparencyLogError.self, "\(context) other new") {
                        try proof.verify(old: old, new: otherHeads[newSize])
                    }
                }
                if oldSize > 0 {
                    #expect(throws: TransparencyLogError.self, "\(context) other old") {
                        try proof.verify(old: otherHeads[oldSize], new: new)
                    }
                }
                // Path length changes.
                var longer = proof
                longer.path.append(new.rootHash)
                #expect(throws: TransparencyLogError.self) { try longer.verify(old: old, new: new) }
                longer.path = [old.rootHash] + proof.path
                #expect(throws: TransparencyLogError.self) { try longer.verify(old: old, new: new) }
                if !proof.path.isEmpty {
                    var shorter = proof
                    shorter.path.removeLast()
                    #expect(throws: TransparencyLogError.self) { try shorter.verify(old: old, new: new) }
                    shorter.path = []
                    #expect(throws: TransparencyLogError.self) { try shorter.verify(old: old, new: new) }
                }
            }
        }
    }

    @Test func largerLogsProveAndVerify() throws {
        var random = SeededGenerator(seed: 0x1A76E)
        for count in [100, 257, 1000] {
            let entries = Self.entries(count: count, salt: 2)
            let log = try TransparencyLog(entries: entries)
            for _ in 0..<40 {
                let size = 1 + Int(random.next() % UInt64(count))
                let index = Int(random.next() % UInt64(size))
                let root = try log.rootHash(size: size)
                let proof = try log.inclusionProof(index: index, size: size)
                try MerkleTree.verifyInclusion(
                    leafHash: MerkleTree.leafHash(entries[index]), index: index, size: size, path: proof.path,
                    root: root)
                let oldSize = Int(random.next() % UInt64(size + 1))
                let consistency = try log.consistencyProof(from: oldSize, to: size)
                try MerkleTree.verifyConsistency(
                    oldSize: oldSize, newSize: size, oldRoot: try log.rootHash(size: oldSize), newRoot: root,
                    path: consistency.path)
            }
        }
    }

    @Test func aHundredThousandEntriesStayFast() throws {
        // 10^5 ModelID-sized entries: appending caches every perfect subtree, so roots and proofs of any prefix
        // are O(log n) lookups (this test takes well under a second even unoptimized).
        var log = TransparencyLog()
        var entry = [UInt8](repeating: 0, count: 64)
        for index in 0..<100_000 {
            entry[0] = UInt8(truncatingIfNeeded: index)
            entry[1] = UInt8(truncatingIfNeeded: index >> 8)
            entry[2] = UInt8(truncatingIfNeeded: index >> 16)
            try log.append(entry)
        }
        let root = log.rootHash
        for (index, size) in [(0, 100_000), (99_999, 100_000), (65_536, 99_001), (12_345, 54_321)] {
            let proof = try log.inclusionProof(index: index, size: size)
            try MerkleTree.verifyInclusion(
                leafHash: try log.leafHash(at: index), index: index, size: size, path: proof.path,
                root: try log.rootHash(size: size))
        }
        let consistency = try log.consistencyProof(from: 77_777, to: 100_000)
        try MerkleTree.verifyConsistency(
            oldSize: 77_777, newSize: 100_000, oldRoot: try log.rootHash(size: 77_777), newRoot: root,
            path: consistency.path)
    }

    // MARK: The log's API

    @Test func appendIndexesAndRefusesDuplicates() throws {
        var log = TransparencyLog()
        #expect(try log.append([1, 2, 3]) == 0)
        #expect(try log.append([]) == 1)
        #expect(try log.append([1, 2]) == 2)
        #expect(log.size == 3)
        #expect(log.contains([1, 2]) && !log.contains([1]))
        #expect(log.index(of: []) == 1 && log.index(of: [9]) == nil)
        #expect(throws: TransparencyLogError.duplicateEntry(existingIndex: 0)) { try log.append([1, 2, 3]) }
        #expect(log.size == 3)
    }

    @Test func outOfRangeRequestsThrowTypedErrors() throws {
        let log = try TransparencyLog(entries: Self.vectorLeaves)
        #expect(throws: TransparencyLogError.sizeOutOfRange(size: 9, logSize: 8)) { try log.rootHash(size: 9) }
        #expect(throws: TransparencyLogError.sizeOutOfRange(size: -1, logSize: 8)) { try log.rootHash(size: -1) }
        #expect(throws: TransparencyLogError.indexOutOfRange(index: 3, size: 3)) {
            try log.inclusionProof(index: 3, size: 3)
        }
        #expect(throws: TransparencyLogError.indexOutOfRange(index: -1, size: 3)) {
            try log.inclusionProof(index: -1, size: 3)
        }
        #expect(throws: TransparencyLogError.self) { try log.inclusionProof(index: 0, size: 9) }
        #expect(throws: TransparencyLogError.indexOutOfRange(index: 0, size: 0)) {
            try log.inclusionProof(index: 0, size: 0)
        }
        #expect(throws: TransparencyLogError.sizesOutOfOrder(old: 5, new: 3)) {
            try log.consistencyProof(from: 5, to: 3)
        }
        #expect(throws: TransparencyLogError.sizesOutOfOrder(old: -1, new: 3)) {
            try log.consistencyProof(from: -1, to: 3)
        }
        #expect(throws: TransparencyLogError.sizeOutOfRange(size: 9, logSize: 8)) {
            try log.consistencyProof(from: 1, to: 9)
        }
        #expect(throws: TransparencyLogError.indexOutOfRange(index: 8, size: 8)) { try log.leafHash(at: 8) }
        // The raw verifiers reject malformed sizes the same way, never trapping.
        let root = log.rootHash
        let leaf = MerkleTree.leafHash([])
        for (index, size) in [(0, 0), (1, 0), (2, 1), (-1, 4), (0, -4), (Int.max, Int.max), (Int.min, 1)] {
            #expect(throws: TransparencyLogError.self) {
                try MerkleTree.verifyInclusion(leafHash: leaf, index: index, size: size, path: [], root: root)
            }
        }
        for (old, new) in [(1, 0), (2, 1), (-1, 1), (Int.max, 1), (3, Int.max), (0, Int.min)] {
            #expect(throws: TransparencyLogError.self) {
                try MerkleTree.verifyConsistency(oldSize: old, newSize: new, oldRoot: root, newRoot: root, path: [root])
            }
        }
        // Trivial consistency: equal sizes need equal roots, an empty old tree needs the empty root.
        try MerkleTree.verifyConsistency(oldSize: 4, newSize: 4, oldRoot: root, newRoot: root, path: [])
        #expect(throws: TransparencyLogError.consistencyRejected(oldSize: 4, newSize: 4)) {
            try MerkleTree.verifyConsistency(oldSize: 4, newSize: 4, oldRoot: root, newRoot: leaf, path: [])
        }
        try MerkleTree.verifyConsistency(oldSize: 0, newSize: 8, oldRoot: MerkleTree.emptyRoot, newRoot: root, path: [])
        #expect(throws: TransparencyLogError.consistencyRejected(oldSize: 0, newSize: 8)) {
            try MerkleTree.verifyConsistency(oldSize: 0, newSize: 8, oldRoot: root, newRoot: root, path: [])
        }
    }

    // MARK: Signed tree heads

    @Test func signedTreeHeadsVerifyAndRejectEveryAlteration() throws {
        let log = try TransparencyLog(entries: Self.vectorLeaves)
        let head = try TreeHead(size: 8, rootHash: log.rootHash, timestamp: 1_764_000_000_000).sign(with: Self.key)
        let publicKey = Self.key.publicKey
        try head.verify(with: publicKey)
        #expect(head.isValid(with: publicKey))
        #expect(head.keyID == publicKey.keyID)
        #expect(head.signature.count == 64)
        #expect(head.head.signedMessage(keyID: head.keyID).count == 96)
        #expect(Array(head.head.signedMessage(keyID: head.keyID).prefix(16)) == Array("feedproof-sth-v1".utf8))

        var altered = head
        altered.head.size = 7
        #expect(throws: TransparencyLogError.invalidSignature) { try altered.verify(with: publicKey) }
        altered = head
        altered.head.rootHash = try Self.flipped(head.rootHash, byte: 31)
        #expect(throws: TransparencyLogError.invalidSignature) { try altered.verify(with: publicKey) }
        altered = head
        altered.head.timestamp += 1
        #expect(throws: TransparencyLogError.invalidSignature) { try altered.verify(with: publicKey) }
        for byte in [0, 31, 32, 63] {
            altered = head
            altered.signature[byte] ^= 0x01
            #expect(throws: TransparencyLogError.invalidSignature, "signature byte \(byte)") {
                try altered.verify(with: publicKey)
            }
        }
        altered = head
        altered.signature.removeLast()
        #expect(throws: TransparencyLogError.invalidSignature) { try altered.verify(with: publicKey) }
        altered = head
        altered.head.size = -1
        #expect(throws: TransparencyLogError.self) { try altered.verify(with: publicKey) }

        // A different key: refused by key id, and by signature when the key id is forged.
        let otherPublic = Self.otherKey.publicKey
        #expect(throws: TransparencyLogError.keyMismatch(expected: otherPublic.keyID, actual: publicKey.keyID)) {
            try head.verify(with: otherPublic)
        }
        #expect(!head.isValid(with: otherPublic))
        altered = head
        altered.keyID = otherPublic.keyID
        #expect(throws: TransparencyLogError.invalidSignature) { try altered.verify(with: otherPublic) }
        #expect(throws: TransparencyLogError.self) { try altered.verify(with: publicKey) }

        // Keys round-trip through their raw bytes; malformed keys are typed errors.
        #expect(try LogPublicKey(rawRepresentation: publicKey.rawRepresentation) == publicKey)
        #expect(try LogSigningKey(seed: Self.key.seed).publicKey == publicKey)
        #expect(throws: TransparencyLogError.self) { try LogSigningKey(seed: [1, 2, 3]) }
        #expect(throws: TransparencyLogError.self) {
            try LogPublicKey(rawRepresentation: [UInt8](repeating: 1, count: 31))
        }

        // Encoding round trip.
        #expect(head.encoded.count == 149)
        #expect(try SignedTreeHead(decoding: head.encoded) == head)
    }

    @Test func recordedTreeHeadsMustMatchTheLog() throws {
        var log = try TransparencyLog(entries: Self.entries(count: 10))
        let first = try log.signTreeHead(timestamp: 500, with: Self.key)
        #expect(log.latestTreeHead == first)
        try log.append([0xAA])
        #expect(throws: TransparencyLogError.treeHeadsOutOfOrder(previousSize: 10, size: 11)) {
            try log.signTreeHead(timestamp: 499, with: Self.key)
        }
        try log.signTreeHead(timestamp: 501, with: Self.key)
        try log.verifyTreeHeads(with: Self.key.publicKey)
        #expect(throws: TransparencyLogError.self) { try log.verifyTreeHeads(with: Self.otherKey.publicKey) }
        // A head of another log, or for more entries than the log has, is refused.
        let other = try TransparencyLog(entries: Self.entries(count: 11, salt: 3))
        let foreign = try TreeHead(size: 11, rootHash: other.rootHash, timestamp: 600).sign(with: Self.key)
        #expect(throws: TransparencyLogError.self) { try log.record(foreign) }
        let tooLarge = try TreeHead(size: 12, rootHash: other.rootHash, timestamp: 600).sign(with: Self.key)
        #expect(throws: TransparencyLogError.self) { try log.record(tooLarge) }
        // An older size after a newer one is out of order.
        let older = try TreeHead(size: 10, rootHash: try log.rootHash(size: 10), timestamp: 700).sign(with: Self.key)
        #expect(throws: TransparencyLogError.treeHeadsOutOfOrder(previousSize: 11, size: 10)) { try log.record(older) }
        #expect(log.treeHeads.count == 2)
    }

    // MARK: Encodings

    @Test func logFileRoundTripsAndIsStrict() throws {
        var log = try TransparencyLog(entries: Self.vectorLeaves + Self.entries(count: 20))
        try log.signTreeHead(timestamp: 10, with: Self.key)
        try log.append([0xFE, 0xED])
        try log.signTreeHead(timestamp: 20, with: Self.key)
        let bytes = log.encoded
        let decoded = try TransparencyLog(decoding: bytes)
        #expect(decoded.entries == log.entries)
        #expect(decoded.treeHeads == log.treeHeads)
        #expect(decoded.rootHash == log.rootHash)
        #expect(decoded.encoded == bytes)
        try decoded.verifyTreeHeads(with: Self.key.publicKey)
        #expect(try TransparencyLog(decoding: TransparencyLog().encoded).size == 0)

        Self.expectStrict(bytes, magic: "FPTL", encode: \.encoded) { try TransparencyLog(decoding: $0) }

        // A repeated entry (the second entry rewritten to equal the first, both empty-length-prefixed).
        var duplicate = TransparencyLog()
        try duplicate.append([7])
        try duplicate.append([8])
        var duplicated = duplicate.encoded
        duplicated[duplicated.count - 9] = 7
        #expect(throws: TransparencyLogError.duplicateEntry(existingIndex: 0)) {
            try TransparencyLog(decoding: duplicated)
        }
        // A tree head whose root byte is altered no longer matches the entries.
        var tampered = bytes
        tampered[tampered.count - 70] ^= 0x01
        #expect(throws: TransparencyLogError.self) { try TransparencyLog(decoding: tampered) }
        // An absurd entry count is refused before anything is allocated.
        var huge = Array("FPTL".utf8) + [1]
        huge += [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        #expect(throws: TransparencyLogError.self) { try TransparencyLog(decoding: huge) }
        huge[5] = 0xff
        #expect(throws: TransparencyLogError.invalidField(name: "entry count", value: UInt64.max)) {
            try TransparencyLog(decoding: huge)
        }
    }

    @Test func proofAndHeadEncodingsAreStrict() throws {
        let (log, heads) = try Self.logWithHeads(Self.entries(count: 13))
        let inclusion = try log.inclusionProof(index: 6, size: 11)
        Self.expectStrict(inclusion.encoded, magic: "FPIP", encode: \.encoded) { try InclusionProof(decoding: $0) }
        let consistency = try log.consistencyProof(from: 5, to: 13)
        Self.expectStrict(consistency.encoded, magic: "FPCP", encode: \.encoded) { try ConsistencyProof(decoding: $0) }
        Self.expectStrict(heads[13].encoded, magic: "FPTH", encode: \.encoded) { try SignedTreeHead(decoding: $0) }

        // Structurally wrong proofs: index ≥ size, sizes out of order, a path length that does not fit.
        var bad = InclusionProof(index: 11, treeSize: 11, path: inclusion.path)
        #expect(throws: TransparencyLogError.indexOutOfRange(index: 11, size: 11)) {
            try InclusionProof(decoding: bad.encoded)
        }
        bad = InclusionProof(index: 6, treeSize: 11, path: inclusion.path + inclusion.path)
        #expect(throws: TransparencyLogError.self) { try InclusionProof(decoding: bad.encoded) }
        var badConsistency = ConsistencyProof(oldSize: 13, newSize: 5, path: consistency.path)
        #expect(throws: TransparencyLogError.sizesOutOfOrder(old: 13, new: 5)) {
            try ConsistencyProof(decoding: badConsistency.encoded)
        }
        badConsistency = ConsistencyProof(oldSize: 5, newSize: 13, path: Array(consistency.path.dropLast()))
        #expect(throws: TransparencyLogError.self) { try ConsistencyProof(decoding: badConsistency.encoded) }
        // A size above 2^63 − 1 is refused, not wrapped.
        var wide = inclusion.encoded
        wide[13] = 0x80
        #expect(throws: TransparencyLogError.self) { try InclusionProof(decoding: wide) }
    }

    /// Every truncation, an extension, a wrong magic, a wrong version and random bytes give typed errors; random
    /// bytes behind a valid header either fail or decode to a value that re-encodes to exactly those bytes.
    static func expectStrict<Value>(
        _ valid: [UInt8], magic: String, encode: (Value) -> [UInt8], sourceLocation: SourceLocation = #_sourceLocation,
        decode: ([UInt8]) throws -> Value
    ) {
        for cut in 0..<valid.count {
            #expect(throws: TransparencyLogError.self, "\(magic) cut at \(cut)", sourceLocation: sourceLocation) {
                try decode(Array(valid[0..<cut]))
            }
        }
        #expect(throws: TransparencyLogError.trailingBytes(count: 1), sourceLocation: sourceLocation) {
            try decode(valid + [0])
        }
        var wrongMagic = valid
        wrongMagic[0] ^= 0x20
        #expect(throws: TransparencyLogError.badMagic(expected: magic), sourceLocation: sourceLocation) {
            try decode(wrongMagic)
        }
        var wrongVersion = valid
        wrongVersion[4] = 2
        #expect(throws: TransparencyLogError.unsupportedVersion(2), sourceLocation: sourceLocation) {
            try decode(wrongVersion)
        }
        var random = SeededGenerator(seed: 0xBAD + UInt64(valid.count))
        for trial in 0..<300 {
            let length = Int(random.next() % UInt64(valid.count + 40))
            var bytes = random.bytes(count: length)
            #expect(throws: TransparencyLogError.self, sourceLocation: sourceLocation) { try decode(bytes) }
            // Behind a valid header, with a plausible small prefix copied from the valid encoding.
            let keep = min(valid.count, 5 + Int(random.next() % 20))
            bytes = Array(valid[0..<keep]) + bytes
            if trial.isMultiple(of: 2), bytes.count > keep {
                bytes[Int(random.next() % UInt64(bytes.count))] ^= 0x01
            }
            if let value = try? decode(bytes) {
                #expect(encode(value) == bytes, "\(magic) decoded non-canonical bytes", sourceLocation: sourceLocation)
            }
        }
        // Single-byte changes anywhere: either an error or a value (never a trap).
        for position in 0..<valid.count {
            var changed = valid
            changed[position] ^= 0x80
            if let value = try? decode(changed) {
                #expect(
                    encode(value) == changed, "\(magic) decoded non-canonical bytes", sourceLocation: sourceLocation)
            }
        }
    }
}

/// The verifier-side audit of a log file: signatures of every head, and inclusion under the latest head.
@Suite("Log audit")
struct LogAuditTests {
    @Test func auditsSignaturesAndInclusion() throws {
        let key = LogSigningKey()
        var log = TransparencyLog()
        let entries = (0..<5).map { i in [UInt8](repeating: UInt8(i), count: 64) }
        for (i, entry) in entries.enumerated() {
            _ = try log.append(entry)
            try log.signTreeHead(timestamp: UInt64(1_000 + i), with: key)
        }
        let decoded = try TransparencyLog(decoding: log.encoded)
        let verdict = try LogAudit.verify(decoded, publicKey: key.publicKey, entry: entries[3])
        #expect(verdict.size == 5 && verdict.treeHeadCount == 5 && verdict.entryIndex == 3)
        #expect(try LogAudit.verify(decoded, publicKey: key.publicKey).entryIndex == nil)
        #expect(throws: TransparencyLogError.entryNotInLog(signedSize: 5)) {
            try LogAudit.verify(decoded, publicKey: key.publicKey, entry: [1, 2, 3])
        }
        #expect(throws: TransparencyLogError.self) {
            try LogAudit.verify(decoded, publicKey: LogSigningKey().publicKey, entry: entries[0])
        }
        // An entry appended after the latest signed head is not yet covered.
        var unsigned = decoded
        _ = try unsigned.append([9, 9])
        #expect(throws: TransparencyLogError.entryNotInLog(signedSize: 5)) {
            try LogAudit.verify(unsigned, publicKey: key.publicKey, entry: [9, 9])
        }
    }
}
