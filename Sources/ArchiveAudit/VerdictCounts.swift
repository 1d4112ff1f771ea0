/// How many rows got each verdict; summed per ModelID, per archive and over all archives.
public struct VerdictCounts: Sendable, Equatable, Codable {
    /// Rows whose bundle verified.
    public var valid = 0
    /// Rows whose bundle failed a check.
    public var invalid = 0
    /// Rows whose bytes are not a bundle.
    public var unreadable = 0
    /// Rows that fail their checksum or whose columns are damaged.
    public var corrupted = 0

    /// No rows.
    public init() {}

    /// All rows counted.
    public var total: Int { valid + invalid + unreadable + corrupted }
    /// Rows that did not verify.
    public var failed: Int { total - valid }

    /// Counts one row.
    public mutating func add(_ category: RowVerdict.Category) {
        switch category {
        case .valid: valid += 1
        case .invalid: invalid += 1
        case .unreadable: unreadable += 1
        case .corrupted: corrupted += 1
        }
    }

    /// Adds `other`'s counts.
    public mutating func add(_ other: VerdictCounts) {
        valid += other.valid
        invalid += other.invalid
        unreadable += other.unreadable
        corrupted += other.corrupted
    }

    /// The count of `category`.
    public subscript(category: RowVerdict.Category) -> Int {
        switch category {
        case .valid: valid
        case .invalid: invalid
        case .unreadable: unreadable
        case .corrupted: corrupted
        }
    }
}
