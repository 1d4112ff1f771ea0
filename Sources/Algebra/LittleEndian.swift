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
