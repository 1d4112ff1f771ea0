/// An inclusive span of integers (row ids or epochs) as the report writes it: `{"first": A, "last": B}`.
public struct RowIDSpan: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The smallest value.
    public let first: Int64
    /// The largest value.
    public let last: Int64

    /// The span `first…last` (the caller ensures first ≤ last).
    public init(first: Int64, last: Int64) {
        self.first = min(first, last)
        self.last = max(first, last)
    }

    /// The span of a closed range.
    public init(_ range: ClosedRange<Int64>) { self.init(first: range.lowerBound, last: range.upperBound) }

    /// `span` widened to include `value` (or just `value` when there is no span yet).
    init(_ span: RowIDSpan?, including value: Int64) {
        guard let span else {
            self.init(first: value, last: value)
            return
        }
        self.init(first: Swift.min(span.first, value), last: Swift.max(span.last, value))
    }

    /// `first…last`, or one number when they are equal.
    public var description: String { first == last ? "\(first)" : "\(first)…\(last)" }
}
