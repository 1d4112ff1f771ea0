/// Appends the big-endian (network byte order) fields of the statement and bundle formats, the byte order of
/// the transparency log's formats too.
struct BinaryWriter {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    /// An empty writer with room for `capacity` bytes.
    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Writes a four-byte magic and a 16-bit format version.
    mutating func writeHeader(magic: [UInt8], version: UInt16) {
        bytes.append(contentsOf: magic)
        write(version)
    }

    /// Writes one byte.
    mutating func write(_ value: UInt8) { bytes.append(value) }

    /// Writes a 16-bit unsigned integer, big-endian.
    mutating func write(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Writes a 32-bit unsigned integer, big-endian.
    mutating func write(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    /// Writes a 32-bit two's-complement integer, big-endian.
    mutating func write(_ value: Int32) { write(UInt32(bitPattern: value)) }

    /// Writes a 64-bit unsigned integer, big-endian.
    mutating func write(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    /// Writes a 64-bit two's-complement integer, big-endian.
    mutating func write(_ value: Int64) { write(UInt64(bitPattern: value)) }

    /// Writes a count or length known to fit 32 bits (callers validate it first; larger values saturate).
    mutating func write(length value: Int) { write(UInt32(clamping: value)) }

    /// Writes raw bytes with no length prefix.
    mutating func write(raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }
}
