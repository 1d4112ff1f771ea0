import Foundation
import GRDB
import Ranking

/// One row of the `rankings` table: a proven request with the fields the archive indexes, its encoded bundle
/// ("FPRB") and the bundle's XXH3-64 checksum.
public struct ArchivedRanking: Sendable, Equatable {
    /// The row id (`rankings.id`, SQLite's rowid): ascending in insertion order, for rowid-range scans.
    public let rowID: Int64
    /// The user the ranking is for.
    public let userID: Int64
    /// The request's id.
    public let requestID: String
    /// The publication epoch.
    public let epoch: Int64
    /// The ModelID (64 bytes).
    public let modelID: [UInt8]
    /// The encoded bundle.
    public let bundle: [UInt8]
    /// XXH3-64 of ``bundle`` as stored.
    public let checksum: UInt64

    /// Whether ``checksum`` matches ``bundle``.
    public var checksumMatches: Bool { XXH3.hash64(bundle) == checksum }

    /// The columns in the order the archive's queries select them.
    static let columns = "id, user_id, request_id, epoch, model_id, bundle, checksum"

    /// A row selected with ``columns``; nil when a column has the wrong type (a damaged row).
    init?(row: Row) {
        guard let rowID = Int64.fromDatabaseValue(row[0]), let userID = Int64.fromDatabaseValue(row[1]),
            let requestID = String.fromDatabaseValue(row[2]), let epoch = Int64.fromDatabaseValue(row[3]),
            let modelID = Data.fromDatabaseValue(row[4]), let bundle = Data.fromDatabaseValue(row[5]),
            let checksum = Int64.fromDatabaseValue(row[6])
        else { return nil }
        self.rowID = rowID
        self.userID = userID
        self.requestID = requestID
        self.epoch = epoch
        self.modelID = Array(modelID)
        self.bundle = Array(bundle)
        self.checksum = UInt64(bitPattern: checksum)
    }
}

extension ArchivedRanking {
    /// A column of the row that disagrees with the bundle's signed statement: its name, and both values as text.
    public struct ColumnMismatch: Sendable, Equatable {
        /// The column (`user_id`, `request_id`, `epoch`, `model_id`).
        public let column: String
        /// The row's value.
        public let row: String
        /// The statement's value.
        public let statement: String
    }

    /// The indexed columns that disagree with `statement`, in column order (empty when the row is consistent).
    /// `archive check` and `verify-archive` both report these.
    public func columnMismatches(with statement: RankingStatement) -> [ColumnMismatch] {
        var mismatches: [ColumnMismatch] = []
        if userID != statement.userID {
            mismatches.append(ColumnMismatch(column: "user_id", row: "\(userID)", statement: "\(statement.userID)"))
        }
        if requestID != statement.requestID {
            mismatches.append(
                ColumnMismatch(column: "request_id", row: "\"\(requestID)\"", statement: "\"\(statement.requestID)\""))
        }
        if epoch != statement.epoch {
            mismatches.append(ColumnMismatch(column: "epoch", row: "\(epoch)", statement: "\(statement.epoch)"))
        }
        if modelID != statement.modelID.bytes {
            mismatches.append(
                ColumnMismatch(
                    column: "model_id", row: hexPrefix(modelID), statement: "\(statement.modelID.hex.prefix(16))…"))
        }
        return mismatches
    }
}
