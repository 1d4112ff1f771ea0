/// Reads the big-endian fields of the log's binary formats, rejecting truncation, oversized counts and
/// trailing bytes with a typed ``TransparencyLogError`` (never a trap, never an allocation sized by an
/// unchecked count).
struct LogReader {
    private let bytes: [UInt8]
    /// The offset of the next unread byte.
    private(set) var offset: Int = 0

    /// A reader over a complete encoding.
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes not yet read.
    var remaining: Int { bytes.count - offset }

    /// Takes the next `count` bytes.
    mutating func take(_ count: Int) throws(TransparencyLogError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw .truncated(offset: offset, needed: count, available: remaining)
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    /// Checks the four-byte magic and the one-byte version.
    mutating func readHeader(magic: String, version: UInt8) throws(TransparencyLogError) {
        let expected = Array(magic.utf8)
        guard remaining >= expected.count else {
            throw .truncated(offset: offset, needed: expected.count + 1, available: remaining)
        }
        guard Array(try take(expected.count)) == expected else { throw .badMagic(expected: magic) }
        let found = try readByte()
        guard found == version else { throw .unsupportedVersion(found) }
    }

    /// Reads one byte.
    mutating func readByte() throws(TransparencyLogError) -> UInt8 {
        let byte = try take(1)
        return byte[byte.startIndex]
    }

    /// Reads a 32-bit unsigned integer, big-endian.
    mutating func readUInt32() throws(TransparencyLogError) -> UInt32 {
        var value: UInt32 = 0
        for byte in try take(4) { value = value << 8 | UInt32(byte) }
        return value
    }

    /// Reads a 64-bit unsigned integer, big-endian.
    mutating func readUInt64() throws(TransparencyLogError) -> UInt64 {
        var value: UInt64 = 0
        for byte in try take(8) { value = value << 8 | UInt64(byte) }
        return value
    }

    /// Reads a 64-bit size or index that must fit an `Int` (and so be at most 2^63 − 1).
    mutating func readSize(_ name: String) throws(TransparencyLogError) -> Int {
        let value = try readUInt64()
        guard let size = Int(exactly: value) else { throw .invalidField(name: name, value: value) }
        return size
    }

    /// Reads a count of items each at least `minimumItemBytes` long, refusing counts the rest of the
    /// encoding cannot hold before anything is allocated for them.
    mutating func readCount(_ name: String, minimumItemBytes: Int) throws(TransparencyLogError) -> Int {
        let start = offset
        let value = try readUInt64()
        guard let count = Int(exactly: value) else { throw .invalidField(name: name, value: value) }
        if minimumItemBytes > 0, count > remaining / minimumItemBytes {
            let (needed, overflow) = count.multipliedReportingOverflow(by: minimumItemBytes)
            throw .truncated(offset: start + 8, needed: overflow ? Int.max : needed, available: remaining)
        }
        return count
    }

    /// Reads a 32-byte hash.
    mutating func readHash() throws(TransparencyLogError) -> MerkleHash {
        let slice = try take(MerkleHash.byteCount)
        return slice.withUnsafeBytes { MerkleHash(unchecked: $0) }
    }

    /// Reads `count` hashes.
    mutating func readHashes(_ count: Int) throws(TransparencyLogError) -> [MerkleHash] {
        guard count <= remaining / MerkleHash.byteCount else {
            throw .truncated(offset: offset, needed: count * MerkleHash.byteCount, available: remaining)
        }
        var hashes: [MerkleHash] = []
        hashes.reserveCapacity(count)
        for _ in 0..<count { hashes.append(try readHash()) }
        return hashes
    }

    /// Confirms the whole encoding was consumed.
    func finish() throws(TransparencyLogError) {
        guard remaining == 0 else { throw .trailingBytes(count: remaining) }
    }
}
