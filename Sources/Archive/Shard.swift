/// One shard of a batch (`--shard i/N`, DESIGN.md §5 "Scale"): the requests whose user's shard key is i modulo N.
///
/// The shard key of a user is `XXH3_64bits` (seed 0) of the UTF-8 bytes of the user id written in decimal, with a
/// leading `-` for negative ids and no leading zeros or `+` (Swift's `String(userID)`): user 17 hashes the two
/// bytes `31 37`. All of a user's requests therefore land in the same shard, and every request in exactly one.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// This shard's index i, 0 ≤ i < ``count``.
    public let index: Int
    /// The number of shards N ≥ 1.
    public let count: Int

    /// The single shard that holds everything (0/1).
    public static let whole = Shard(validIndex: 0, count: 1)

    /// Shard `index` of `count`.
    /// - Throws: ``ArchiveError/invalidShard(_:)`` unless 0 ≤ index < count.
    public init(index: Int, count: Int) throws(ArchiveError) {
        guard count >= 1, index >= 0, index < count else { throw .invalidShard("\(index)/\(count)") }
        self.init(validIndex: index, count: count)
    }

    /// Parses `i/N` (decimal, no spaces), e.g. `3/8`.
    /// - Throws: ``ArchiveError/invalidShard(_:)``.
    public init(parsing text: String) throws(ArchiveError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { throw .invalidShard(text) }
        do { try self.init(index: index, count: count) } catch { throw .invalidShard(text) }
    }

    private init(validIndex: Int, count: Int) {
        self.index = validIndex
        self.count = count
    }

    /// The shard key of `userID`: XXH3-64 of its decimal UTF-8 digits.
    public static func key(forUser userID: Int64) -> UInt64 {
        XXH3.hash64(Array(String(userID).utf8))
    }

    /// Whether `userID`'s requests belong to this shard.
    public func contains(userID: Int64) -> Bool {
        Self.key(forUser: userID) % UInt64(count) == UInt64(index)
    }

    public var description: String { "\(index)/\(count)" }
}
