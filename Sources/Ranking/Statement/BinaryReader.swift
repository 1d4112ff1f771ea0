/// Reads the big-endian fields of the statement and bundle formats. Truncation, oversized counts and trailing
/// bytes become the caller's typed error (never a trap), and no allocation is ever sized by a count before the
/// count has been checked against the bytes that remain.
struct BinaryReader<Failure: BinaryFormatError> {
    private let bytes: ArraySlice<UInt8>
    /// The offset of the next unread byte, counted from the start of the encoding.
    private(set) var offset: Int = 0

    /// A reader over a complete encoding (any slice; offsets count from its first byte).
    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// Bytes not yet read.
    var remaining: Int { bytes.count - offset }

    /// Takes the next `count` bytes.
    mutating func take(_ count: Int) throws(Failure) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw .truncated(offset: offset, needed: count, available: remaining)
        }
        let start = bytes.startIndex + offset
        offset += count
        return bytes[start..<(start + count)]
    }

    /// Checks the four-byte magic and the 16-bit version.
    mutating func readHeader(magic: [UInt8], version: UInt16) throws(Failure) {
        guard remaining >= magic.count else {
            throw .truncated(offset: offset, needed: magic.count + 2, available: remaining)
        }
        guard try take(magic.count).elementsEqual(magic) else { throw .badMagic }
        let found = try readUInt16()
        guard found == version else { throw .unsupportedVersion(found) }
    }

    /// Reads one byte.
    mutating func readByte() throws(Failure) -> UInt8 {
        let byte = try take(1)
        return byte[byte.startIndex]
    }

    /// Reads a 16-bit unsigned integer, big-endian.
    mutating func readUInt16() throws(Failure) -> UInt16 {
        var value: UInt16 = 0
        for byte in try take(2) { value = value << 8 | UInt16(byte) }
        return value
    }

    /// Reads a 32-bit unsigned integer, big-endian.
    mutating func readUInt32() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for byte in try take(4) { value = value << 8 | UInt32(byte) }
        return value
    }

    /// Reads a 32-bit two's-complement integer, big-endian.
    mutating func readInt32() throws(Failure) -> Int32 { Int32(bitPattern: try readUInt32()) }

    /// Reads a 64-bit unsigned integer, big-endian.
    mutating func readUInt64() throws(Failure) -> UInt64 {
        var value: UInt64 = 0
        for byte in try take(8) { value = value << 8 | UInt64(byte) }
        return value
    }

    /// Reads a 64-bit two's-complement integer, big-endian.
    mutating func readInt64() throws(Failure) -> Int64 { Int64(bitPattern: try readUInt64()) }

    /// Reads a 32-bit count or length no larger than `limit`.
    mutating func readUInt32(_ field: String, limit: Int) throws(Failure) -> Int {
        let value = try readUInt32()
        guard Int(value) <= limit else { throw .tooLarge(field: field, value: UInt64(value), limit: UInt64(limit)) }
        return Int(value)
    }

    /// Checks, before anything is allocated, that `count` items of `itemBytes` bytes each fit in the bytes
    /// that remain.
    func requireRoom(count: Int, itemBytes: Int) throws(Failure) {
        let (needed, overflow) = count.multipliedReportingOverflow(by: itemBytes)
        guard !overflow, needed <= remaining else {
            throw .truncated(offset: offset, needed: overflow ? Int.max : needed, available: remaining)
        }
    }

    /// Confirms the whole encoding was consumed.
    func finish() throws(Failure) {
        guard remaining == 0 else { throw .trailingBytes(count: remaining) }
    }
}
