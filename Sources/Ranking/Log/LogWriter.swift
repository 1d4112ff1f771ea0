/// Appends the big-endian fields of the log's binary formats (network byte order, as RFC 9162's TLS
/// presentation language uses).
struct LogWriter {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    /// Writes a four-byte magic and a one-byte format version.
    mutating func writeHeader(magic: String, version: UInt8) {
        bytes.append(contentsOf: Array(magic.utf8))
        bytes.append(version)
    }

    /// Writes one byte.
    mutating func write(_ value: UInt8) { bytes.append(value) }

    /// Writes a 32-bit unsigned integer, big-endian.
    mutating func write(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    /// Writes a 64-bit unsigned integer, big-endian.
    mutating func write(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    /// Writes a non-negative count or size as a 64-bit unsigned integer.
    mutating func write(size value: Int) { write(UInt64(clamping: value)) }

    /// Writes raw bytes with no length prefix.
    mutating func write(raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    /// Writes a hash's 32 bytes.
    mutating func write(_ hash: MerkleHash) { hash.withUnsafeBytes { bytes.append(contentsOf: $0) } }
}
