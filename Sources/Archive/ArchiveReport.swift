/// What `archive check` found (``ArchiveChecker``): every problem with the schema, the header or a row.
public struct ArchiveReport: Sendable {
    /// One problem.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// Where the problem is.
        public enum Scope: Sendable, Equatable {
            /// The SQLite file's integrity or the schema (version, tables, columns, indexes).
            case schema
            /// The header row.
            case header
            /// The ranking row with this row id.
            case row(Int64)
        }

        /// Where.
        public let scope: Scope
        /// What is wrong.
        public let message: String

        public var description: String {
            switch scope {
            case .schema: "schema: \(message)"
            case .header: "header: \(message)"
            case .row(let id): "row \(id): \(message)"
            }
        }
    }

    /// Every problem found, schema first, then the header, then rows in row order.
    public internal(set) var problems: [Problem] = []
    /// Ranking rows examined.
    public internal(set) var rowsChecked = 0
    /// Rows in `request_errors` (rejected request lines: reported, not a problem of the archive).
    public internal(set) var rejectedLines = 0
    /// The header, when it could be read.
    public internal(set) var header: ArchiveHeader?

    /// Whether nothing is wrong.
    public var isClean: Bool { problems.isEmpty }

    /// The row ids with a problem.
    public var damagedRows: [Int64] {
        problems.compactMap { if case .row(let id) = $0.scope { id } else { nil } }
    }
}
