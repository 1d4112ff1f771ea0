import CXXHash

/// XXH3-64 (seed 0) through libxxhash: the archive's bundle checksums and the shard key. Fast and well distributed,
/// and never used for anything security-relevant (integrity against tampering is the bundle signature's job).
public enum XXH3 {
    /// `XXH3_64bits` of `bytes`.
    /// - Complexity: O(n), a few GB/s.
    public static func hash64(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        XXH3_64bits(bytes.baseAddress, bytes.count)
    }

    /// `XXH3_64bits` of `bytes`.
    public static func hash64(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { hash64($0) }
    }

    /// A checksum as 16 lowercase hex digits, zero padded (as reports print them).
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
