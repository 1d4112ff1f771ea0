/// The identity of a published model version: `ModelID = SHA-512(D ‖ all C_{l,i} ‖ π_wf)` (DESIGN.md §2,
/// "Model publication"). It is what the transparency log records and what every statement names.
public struct ModelID: Sendable, Hashable, CustomStringConvertible {
    /// SHA-512 output length.
    public static let byteCount = 64

    /// The 64 digest bytes.
    public let bytes: [UInt8]

    /// A ModelID from its 64 bytes, or nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    /// A ModelID from 128 hexadecimal digits (either case), or nil.
    public init?(hex: String) {
        guard let bytes = HexText.decode(Array(hex.utf8)) else { return nil }
        self.init(bytes: bytes)
    }

    /// Lower-case hexadecimal.
    public var hex: String { HexText.encode(bytes) }

    /// The hexadecimal form.
    public var description: String { hex }
}
