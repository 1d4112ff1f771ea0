/// The framing failures every strict binary format of this module reports in its own typed error
/// (``StatementError``, ``BundleError``), so one ``BinaryReader`` can serve them all. An enum case with
/// associated values satisfies the matching static function requirement.
protocol BinaryFormatError: Error {
    /// The encoding ended before `needed` more bytes could be read at `offset`.
    static func truncated(offset: Int, needed: Int, available: Int) -> Self
    /// Bytes were left over after the whole value was read.
    static func trailingBytes(count: Int) -> Self
    /// The encoding does not start with the format's four-byte magic.
    static var badMagic: Self { get }
    /// The encoding's format version is not one this library reads.
    static func unsupportedVersion(_ version: UInt16) -> Self
    /// A count or length field holds a value above the format's limit.
    static func tooLarge(field: String, value: UInt64, limit: UInt64) -> Self
}
