import Foundation
import GRDB
import Ranking

/// `feedproof archive check`: finds every damaged row and schema problem of an archive without trusting any of it.
///
/// Per row: the checksum against the stored bundle, the bundle's decoding, the row's user id, request id, epoch
/// and ModelID against the bundle's statement, the statement's ModelID against the header, and the bundle's
/// signature and key against the header's platform key. Per archive: SQLite's `quick_check`, the schema version,
/// migrations, tables, columns and the unique index, and the header (its commitment must decode to its ModelID).
/// It does not verify the zero-knowledge proofs (that is the auditor's job, e.g. `feedproof verify`).
public enum ArchiveChecker {
    /// Rows read per query: bounded memory whatever the archive's size.
    static let pageSize = 64

    /// Checks the archive at `path`.
    /// - Throws: ``ArchiveError/unreadable(path:reason:)`` only when the file cannot be opened or is not SQLite;
    ///   everything else is a problem in the report.
    public static func check(path: String, progress: (Int) -> Void = { _ in }) throws(ArchiveError) -> ArchiveReport {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .unreadable(path: path, reason: "no such file")
        }
        let archive = try RankingArchive(uncheckedPath: path)
        return try RankingArchive.guarded(path) {
            try archive.queue.read { db in try check(db, path: path, progress: progress) }
        }
    }

    private static func check(_ db: Database, path: String, progress: (Int) -> Void) throws -> ArchiveReport {
        var report = ArchiveReport()
        func problem(_ scope: ArchiveReport.Problem.Scope, _ message: String) {
            report.problems.append(ArchiveReport.Problem(scope: scope, message: message))
        }
        let integrity = try String.fetchAll(db, sql: "PRAGMA quick_check")
        if integrity != ["ok"] {
            for line in integrity.prefix(20) { problem(.schema, "SQLite quick_check: \(line)") }
        }
        for message in try ArchiveSchema.problems(db) { problem(.schema, message) }

        if try db.tableExists(ArchiveSchema.headerTable) {
            do {
                if let header = try RankingArchive.fetchHeader(db, path: path) {
                    report.header = header
                    for message in headerProblems(header) { problem(.header, message) }
                } else {
                    problem(.header, "the header row is missing")
                }
            } catch let error as ArchiveError {
                problem(.header, "\(error)")
            }
        }

        let rankingColumns =
            ArchiveSchema.requiredColumns.first { $0.table == ArchiveSchema.rankingsTable }?.columns ?? []
        if try db.tableExists(ArchiveSchema.rankingsTable),
            Set(try db.columns(in: ArchiveSchema.rankingsTable).map(\.name)).isSuperset(of: rankingColumns)
        {
            // Paged by SQLite's rowid (the `id` column of a sound archive), never by `id` as stored: in a damaged
            // file `id` may be text, a real or NULL (a typed read of it would trap), and the first page starts below
            // every rowid, Int64.min included.
            var last: Int64? = nil
            while true {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(ArchivedRanking.columns), rowid FROM rankings WHERE ?1 IS NULL OR rowid > ?1
                        ORDER BY rowid LIMIT \(pageSize)
                        """,
                    arguments: [last])
                guard let final = rows.last else { break }
                for row in rows {
                    let rowID = Int64.fromDatabaseValue(row[7])
                    let id = Int64.fromDatabaseValue(row[0]) ?? rowID ?? 0
                    for message in rowProblems(row, header: report.header) { problem(.row(id), message) }
                    report.rowsChecked += 1
                }
                guard let next = Int64.fromDatabaseValue(final[7]) else {
                    problem(.schema, "the rankings table has no integer rowid to page through")
                    break
                }
                last = next
                progress(report.rowsChecked)
            }
        }
        if try db.tableExists(ArchiveSchema.errorsTable) {
            report.rejectedLines = try Int.fetchOne(db, sql: "SELECT count(*) FROM request_errors") ?? 0
        }
        return report
    }

    /// The header's commitment must decode and hash to its ModelID; the key must be an Ed25519 key.
    static func headerProblems(_ header: ArchiveHeader) -> [String] {
        var problems: [String] = []
        do {
            let commitment = try ModelCommitment(encoded: header.commitment)
            if commitment.modelID != header.modelID {
                problems.append(
                    "the stored commitment is for model \(commitment.modelID.hex.prefix(16))…, not model_id")
            }
        } catch {
            problems.append("the stored commitment does not decode: \(error)")
        }
        if (try? PlatformPublicKey(rawRepresentation: header.platformKey)) == nil {
            problems.append("platform_key is not an Ed25519 public key")
        }
        if header.logTreeSize < 1 || header.logRootHash.count != 32 { problems.append("the log state is invalid") }
        return problems
    }

    /// Everything wrong with one ranking row.
    static func rowProblems(_ row: Row, header: ArchiveHeader?) -> [String] {
        guard let ranking = ArchivedRanking(row: row) else {
            return ["a column has the wrong type (expected integers, text and blobs as in the schema)"]
        }
        var problems: [String] = []
        if !ranking.checksumMatches {
            problems.append(
                "checksum mismatch: stored \(XXH3.hex(ranking.checksum)), bundle hashes to \(XXH3.hex(XXH3.hash64(ranking.bundle)))"
            )
        }
        let bundle: RankingBundle
        do { bundle = try RankingBundle(encoded: ranking.bundle) } catch {
            problems.append("the bundle does not decode: \(error)")
            return problems
        }
        let statement = bundle.statement
        for mismatch in ranking.columnMismatches(with: statement) {
            let verb = mismatch.column == "model_id" ? "names" : "says"
            problems.append("\(mismatch.column) \(mismatch.row) but the statement \(verb) \(mismatch.statement)")
        }
        if let header {
            if statement.modelID != header.modelID {
                problems.append("the statement's model \(statement.modelID.hex.prefix(16))… is not the header's")
            }
            if bundle.platformKey.rawRepresentation != header.platformKey {
                problems.append("the bundle is signed by a key other than the header's platform key")
            }
        }
        if !bundle.signatureIsValid() { problems.append("the bundle's signature does not verify") }
        return problems
    }
}
