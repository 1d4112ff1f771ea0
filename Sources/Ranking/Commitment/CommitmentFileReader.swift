import Proofs

/// Reads the little-endian fields of the model-commitment file formats ("FPMC", "FPMO"), rejecting truncation
/// and trailing bytes with a typed ``ModelCommitmentError`` and never allocating for an unchecked length.
struct CommitmentFileReader {
    private let bytes: [UInt8]
    /// The offset of the next unread byte.
    private(set) var offset: Int = 0

    /// A reader over a complete encoding.
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes not yet read.
    var remaining: Int { bytes.count - offset }

    /// Takes the next `count` bytes (checked before anything is copied).
    mutating func take(_ count: Int) throws(ModelCommitmentError) -> [UInt8] {
        guard count >= 0, count <= remaining else {
            throw .truncated(offset: offset, needed: count, available: remaining)
        }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// Checks the four-byte magic and the one-byte version.
    mutating func readHeader(magic: String, version: UInt8) throws(ModelCommitmentError) {
        let expected = Array(magic.utf8)
        guard remaining >= expected.count else {
            throw .truncated(offset: offset, needed: expected.count + 1, available: remaining)
        }
        guard try take(expected.count) == expected else { throw .badMagic(expected: magic) }
        let found = try take(1)[0]
        guard found == version else { throw .unsupportedVersion(found) }
    }

    /// Reads a 32-bit unsigned little-endian integer.
    mutating func readUInt32() throws(ModelCommitmentError) -> Int {
        var value = 0
        for (i, byte) in try take(4).enumerated() { value |= Int(byte) << (8 * i) }
        return value
    }

    /// Reads a u32 length, then that many bytes.
    mutating func readBlob() throws(ModelCommitmentError) -> [UInt8] {
        let start = offset
        let length = try readUInt32()
        guard length <= remaining else { throw .truncated(offset: start + 4, needed: length, available: remaining) }
        return try take(length)
    }

    /// Reads `count` bytes as a ``ProofReader`` message, mapping its errors to file offsets.
    mutating func readProofElements<T>(
        _ count: Int, _ body: (inout ProofReader) throws(ProofError) -> T
    ) throws(ModelCommitmentError) -> T {
        let start = offset
        var reader = ProofReader(try take(count))
        do {
            let value = try body(&reader)
            try reader.finish()
            return value
        } catch {
            throw Self.located(error, at: start)
        }
    }

    /// Reads the rest of the encoding as a ``ProofReader`` message, mapping its errors to file offsets
    /// (a message that stops short of the end is ``ModelCommitmentError/trailingBytes(count:)``).
    mutating func readProofToEnd<T>(
        _ body: (inout ProofReader) throws(ProofError) -> T
    ) throws(ModelCommitmentError) -> T {
        try readProofElements(remaining, body)
    }

    /// A decoding error of a sub-reader that started at `base`, in whole-file offsets.
    static func located(_ error: ProofError, at base: Int) -> ModelCommitmentError {
        switch error {
        case .truncated(let offset, let needed, let available):
            return .truncated(offset: base + offset, needed: needed, available: available)
        case .trailingBytes(let count):
            return .trailingBytes(count: count)
        case .invalidPoint(let offset, let reason):
            return .invalidEncoding(.invalidPoint(offset: base + offset, reason: reason))
        case .nonCanonicalScalar(let offset):
            return .invalidEncoding(.nonCanonicalScalar(offset: base + offset))
        default:
            return .invalidEncoding(error)
        }
    }

    /// Confirms the whole encoding was consumed.
    func finish() throws(ModelCommitmentError) {
        guard remaining == 0 else { throw .trailingBytes(count: remaining) }
    }
}

/// Appends the little-endian fields of the model-commitment file formats.
struct CommitmentFileWriter {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    /// Writes a four-byte magic and a one-byte format version.
    mutating func writeHeader(magic: String, version: UInt8) {
        bytes.append(contentsOf: Array(magic.utf8))
        bytes.append(version)
    }

    /// Writes a 32-bit unsigned little-endian integer.
    mutating func write(uint32 value: UInt32) {
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
    }

    /// Writes a u32 length and the bytes.
    mutating func write(blob: [UInt8]) {
        write(uint32: UInt32(clamping: blob.count))
        bytes.append(contentsOf: blob)
    }

    /// Writes raw bytes.
    mutating func write(raw: [UInt8]) { bytes.append(contentsOf: raw) }
}
