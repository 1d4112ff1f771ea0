import Crypto

/// A SHA-256 value in the ModelID transparency log: a leaf hash, an interior node hash or a tree root
/// (RFC 9162 §2.1.1).
///
/// Stored inline as four 64-bit words holding the 32 bytes in memory order, so a log of 10^5 entries keeps its
/// hashes without a heap allocation per hash.
public struct MerkleHash: Hashable, Sendable, CustomStringConvertible {
    /// The number of bytes in a hash.
    public static let byteCount = 32

    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// A hash from exactly 32 bytes; `nil` for any other length.
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == Self.byteCount else { return nil }
        words = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            for (offset, byte) in bytes.enumerated() { raw[offset] = byte }
        }
    }

    /// A hash from the first 32 bytes of a raw buffer the caller has checked is long enough.
    init(unchecked raw: UnsafeRawBufferPointer) {
        words = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { destination in
            destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<Self.byteCount]))
        }
    }

    /// A finished SHA-256 computation.
    init(_ digest: SHA256.Digest) {
        self = digest.withUnsafeBytes { MerkleHash(unchecked: $0) }
    }

    /// The 32 bytes of the hash.
    public var bytes: [UInt8] { Swift.withUnsafeBytes(of: words) { Array($0) } }

    /// Calls `body` with the 32 bytes of the hash, without copying them.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: words, body)
    }

    /// Lowercase hex of the 32 bytes.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        withUnsafeBytes { raw in
            for byte in raw {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0f)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether two hashes hold the same 32 bytes.
    public static func == (lhs: MerkleHash, rhs: MerkleHash) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3
    }

    /// Feeds the 32 bytes to `hasher`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
