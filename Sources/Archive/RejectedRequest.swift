/// A request line the batch could not publish (a row of `request_errors`): where it was, why, and the start of it.
public struct RejectedRequest: Sendable, Equatable, CustomStringConvertible {
    /// At most this many characters of the line are kept in ``excerpt``.
    public static let excerptLimit = 160

    /// The requests file's name (its last path component), so shards reading one file from different paths agree.
    public let source: String
    /// The 1-based line number in that file.
    public let line: Int
    /// Why the line was rejected.
    public let reason: String
    /// The line's first ``excerptLimit`` characters (invalid UTF-8 replaced by U+FFFD), "…" when cut.
    public let excerpt: String

    /// A rejection from its parts; `excerpt` is cut to ``excerptLimit`` characters.
    public init(source: String, line: Int, reason: String, excerpt: String) {
        self.init(
            exactly: source, line: line, reason: reason,
            excerpt: excerpt.count > Self.excerptLimit ? String(excerpt.prefix(Self.excerptLimit)) + "…" : excerpt)
    }

    /// A rejection as stored (the excerpt is not cut again).
    init(exactly source: String, line: Int, reason: String, excerpt: String) {
        self.source = source
        self.line = line
        self.reason = reason
        self.excerpt = excerpt
    }

    /// A rejection quoting the start of `lineBytes`. Only the first bytes are decoded, so a huge line costs nothing.
    public init(source: String, line: Int, reason: String, lineBytes: ArraySlice<UInt8>) {
        let head = lineBytes.prefix(Self.excerptLimit * 4)
        let text = String(decoding: head, as: UTF8.self)
        let cut = text.count > Self.excerptLimit || head.count < lineBytes.count
        self.init(
            exactly: source, line: line, reason: reason,
            excerpt: cut ? String(text.prefix(Self.excerptLimit)) + "…" : text)
    }

    public var description: String { "\(source):\(line): \(reason) — \(excerpt)" }
}
