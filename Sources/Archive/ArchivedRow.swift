/// One row of the `rankings` table as a bulk reader meets it: a ranking, or a row whose columns do not even have
/// the schema's types. A damaged row must not stop a scan of millions, so it is handed over with its row id
/// instead of failing the whole page (``RankingArchive/rows(from:through:limit:)``).
public enum ArchivedRow: Sendable, Equatable {
    /// A row whose columns have the schema's types (its bundle may still be corrupt; see ``ArchivedRanking``).
    case ranking(ArchivedRanking)
    /// A row with a column of the wrong type (NULL, text for a blob, …); `reason` says which.
    case damaged(rowID: Int64, reason: String)

    /// The row id.
    public var rowID: Int64 {
        switch self {
        case .ranking(let ranking): ranking.rowID
        case .damaged(let rowID, _): rowID
        }
    }
}
