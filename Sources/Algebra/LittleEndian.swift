/// Byte-order helpers shared by the scalar and field encodings.
enum LittleEndian {
    /// Four 64-bit words as 32 little-endian bytes.
    static func bytes(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<8 {
            let shift = UInt64(8 * i)
            out[i] = UInt8(truncatingIfNeeded: w0 >> shift)
            out[8 + i] = UInt8(truncatingIfNeeded: w1 >> shift)
            out[16 + i] = UInt8(truncatingIfNeeded: w2 >> shift)
            out[24 + i] = UInt8(truncatingIfNeeded: w3 >> shift)
        }
        return out
    }

    /// The four little-endian 64-bit words of 32 bytes, without allocating (decoders read every point and scalar
    /// of a proof through this). Callers check that exactly 32 bytes are given.
    static func words4(_ bytes: some Collection<UInt8>) -> (UInt64, UInt64, UInt64, UInt64) {
        if let words = bytes.withContiguousStorageIfAvailable({ words4(UnsafeRawBufferPointer($0)) }) {
            return words
        }
        return Array(bytes).withUnsafeBytes { words4($0) }
    }

    private static func words4(_ raw: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, UInt64) {
        precondition(raw.count == 32, "words4 reads exactly 32 bytes")
        func word(_ i: Int) -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
        }
        return (word(0), word(1), word(2), word(3))
    }

    /// The first `count` little-endian 64-bit words of `bytes`; bytes past the end read as zero.
    ///
    /// One generic call (`withContiguousStorageIfAvailable`) and then plain loads: decoders are generic over
    /// `Collection<UInt8>` and are not specialized across modules, where a byte-by-byte loop through the generic
    /// iterator cost more than the field arithmetic of a point decoding.
    static func words(_ bytes: some Collection<UInt8>, count: Int) -> [UInt64] {
        if let words = bytes.withContiguousStorageIfAvailable({ words(UnsafeRawBufferPointer($0), count: count) }) {
            return words
        }
        return Array(bytes).withUnsafeBytes { words($0, count: count) }
    }

    private static func words(_ raw: UnsafeRawBufferPointer, count: Int) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: count)
        let whole = min(count, raw.count / 8)
        for i in 0..<whole {
            words[i] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
        }
        var index = whole * 8
        while index < min(raw.count, count * 8) {
            words[index >> 3] |= UInt64(raw[index]) << UInt64((index & 7) * 8)
            index += 1
        }
        return words
    }

    /// "0x…" with the most significant byte first, for descriptions of little-endian encodings.
    static func hexDescription(_ littleEndianBytes: [UInt8]) -> String {
        let hexDigits = Array("0123456789abcdef")
        var text = "0x"
        for byte in littleEndianBytes.reversed() {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 15)])
        }
        return text
    }
}
