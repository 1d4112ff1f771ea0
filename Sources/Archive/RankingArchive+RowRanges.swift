import Foundation
import GRDB

/// Rowid-range reads for bulk verifiers (issue 9): pages bounded above, damaged rows returned rather than thrown.
extension RankingArchive {
    /// Up to `limit` rows with `lowerBound` ≤ id ≤ `upperBound`, ascending (inclusive at both ends, so any rowid,
    /// even `Int64.min`, can start a page). Unlike ``rankings(afterRowID:limit:)``, a row with a column of the
    /// wrong type does not fail the page: it comes back as ``ArchivedRow/damaged(rowID:reason:)``.
    public func rows(from lowerBound: Int64, through upperBound: Int64, limit: Int) throws(ArchiveError)
        -> [ArchivedRow]
    {
        try Self.guarded(path) {
            try queue.read { db in
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT \(ArchivedRanking.columns) FROM rankings WHERE id >= ? AND id <= ? ORDER BY id LIMIT ?",
                    arguments: [lowerBound, upperBound, limit]
                ).map { row in
                    if let ranking = ArchivedRanking(row: row) { return .ranking(ranking) }
                    // The id is the rowid (INTEGER PRIMARY KEY), so it always has its type.
                    let id = Int64.fromDatabaseValue(row[0]) ?? lowerBound
                    return .damaged(rowID: id, reason: Self.typeProblems(row))
                }
            }
        }
    }

    /// The number of rankings whose row id is in `range` (the total a progress bar needs).
    public func rankingCount(inRowIDs range: ClosedRange<Int64>) throws(ArchiveError) -> Int {
        try Self.guarded(path) {
            try queue.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM rankings WHERE id >= ? AND id <= ?",
                    arguments: [range.lowerBound, range.upperBound]) ?? 0
            }
        }
    }

    /// Which columns of a selected row have the wrong type, for the damaged row's reason.
    private static func typeProblems(_ row: Row) -> String {
        var wrong: [String] = []
        if Int64.fromDatabaseValue(row[1]) == nil { wrong.append("user_id") }
        if String.fromDatabaseValue(row[2]) == nil { wrong.append("request_id") }
        if Int64.fromDatabaseValue(row[3]) == nil { wrong.append("epoch") }
        if Data.fromDatabaseValue(row[4]) == nil { wrong.append("model_id") }
        if Data.fromDatabaseValue(row[5]) == nil { wrong.append("bundle") }
        if Int64.fromDatabaseValue(row[6]) == nil { wrong.append("checksum") }
        return "column\(wrong.count == 1 ? "" : "s") \(wrong.joined(separator: ", ")) of the wrong type"
    }
}
