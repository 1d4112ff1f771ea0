import Archive
import Foundation
import FuzzSupport
import GRDB
import Ranking

/// Archive rows as `feedproof archive check` and `verify-archive` read them from an untrusted SQLite file. The
/// input is not an SQLite file (that would fuzz SQLite) but rows: each column of each row is a NULL, an integer,
/// a real, a text (valid or invalid UTF-8), a blob, the golden row's value, or the golden bundle with edits. The
/// rows go into one of two archives built from the golden files at start-up — the real schema, or a damaged one
/// whose `rankings` columns have no types (so `id` need not be an integer) — and the archive is then checked
/// (`ArchiveChecker.check`) and, for the real schema, paged with `rows(from:through:limit:)` and every ranking's
/// checksum, bundle and columns compared.
///
/// Input: byte 0 picks the archive (bit 0); then rows of 7 columns, each a tag byte and its value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var cursor = FuzzCursor(fuzzInput(data, size))
    let strict = cursor.byte() & 1 == 0
    let archive = strict ? Archives.strict : Archives.loose
    do {
        try archive.queue.write { db in
            try db.execute(sql: "DELETE FROM rankings")
            var rowCount = 0
            while !cursor.isAtEnd, rowCount < 8 {
                rowCount += 1
                var sql: [String] = []
                var values: [DatabaseValue] = []
                var bundle: [UInt8]? = nil
                for column in 0..<7 {
                    let (value, asText) = Archives.value(column: column, cursor: &cursor, bundle: &bundle)
                    sql.append(asText ? "CAST(? AS TEXT)" : "?")
                    values.append(value)
                }
                try? db.execute(
                    sql: "INSERT INTO rankings (\(Archives.columns)) VALUES (\(sql.joined(separator: ", ")))",
                    arguments: StatementArguments(values))
            }
        }
    } catch { fatalError("fuzz setup: writing \(archive.path): \(error)") }

    do {
        let report = try ArchiveChecker.check(path: archive.path)
        _ = report.problems.count
    } catch {}
    if strict, let reader = try? RankingArchive(readingFrom: archive.path),
        let rows = try? reader.rows(from: .min, through: .max, limit: 100)
    {
        for case .ranking(let ranking) in rows {
            _ = ranking.checksumMatches
            if let bundle = try? RankingBundle(encoded: ranking.bundle) {
                _ = ranking.columnMismatches(with: bundle.statement)
            }
        }
    }
    return 0
}

enum Archives {
    static let columns = "id, user_id, request_id, epoch, model_id, bundle, checksum"

    /// The real schema, header from the golden files.
    static let strict = make(name: "strict", loose: false)
    /// The same with an untyped `rankings` table.
    static let loose = make(name: "loose", loose: true)

    struct Archive: Sendable {
        let path: String
        let queue: DatabaseQueue
    }

    static func make(name: String, loose: Bool) -> Archive {
        let path = NSTemporaryDirectory() + "/feedproof-fuzz-\(name)-\(ProcessInfo.processInfo.processIdentifier).sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let commitment = Golden.commitment
        guard let head = Golden.anchors.log.latestTreeHead else { fatalError("fuzz setup: the golden log has no head") }
        // The header's commitment is cut short: decoding all 280 KB of it in every check would take most of the
        // time; the check reports it as undecodable in a microsecond and goes on to the rows.
        let header = ArchiveHeader(
            modelID: commitment.modelID, commitment: Array(commitment.encoded.prefix(64)),
            platformKey: Golden.bundle.platformKey.rawRepresentation, logTreeSize: head.size,
            logRootHash: head.rootHash.bytes)
        do {
            _ = try RankingArchive(openingForPublishing: path, header: header)
            let queue = try DatabaseQueue(path: path)
            if loose {
                try queue.write { db in
                    try db.execute(sql: "DROP TABLE rankings")
                    try db.execute(sql: "CREATE TABLE rankings (\(columns))")
                }
            }
            return Archive(path: path, queue: queue)
        } catch { fatalError("fuzz setup: archive \(path): \(error)") }
    }

    /// The golden row's value of `column`.
    static func golden(_ column: Int) -> DatabaseValue {
        let statement = Golden.bundle.statement
        switch column {
        case 0: return 1.databaseValue
        case 1: return statement.userID.databaseValue
        case 2: return statement.requestID.databaseValue
        case 3: return statement.epoch.databaseValue
        case 4: return Data(statement.modelID.bytes).databaseValue
        case 5: return Data(Golden.bundleBytes).databaseValue
        default: return Int64(bitPattern: XXH3.hash64(Golden.bundleBytes)).databaseValue
        }
    }

    /// One column's value from the input; `asText` casts a blob to TEXT in SQL (invalid UTF-8 text).
    static func value(column: Int, cursor: inout FuzzCursor, bundle: inout [UInt8]?) -> (DatabaseValue, Bool) {
        switch cursor.byte() % 8 {
        case 0: return (.null, false)
        case 1: return (Int64(bitPattern: cursor.uint(8)).databaseValue, false)
        case 2: return (Double(bitPattern: cursor.uint(8)).databaseValue, false)
        case 3: return (String(decoding: cursor.take(Int(cursor.byte())), as: UTF8.self).databaseValue, false)
        case 4:
            let bytes = cursor.take(Int(cursor.uint(2)))
            if column == 5 { bundle = bytes }
            return (Data(bytes).databaseValue, false)
        case 5:
            if column == 5 { bundle = Golden.bundleBytes }
            if column == 6, let bundle { return (Int64(bitPattern: XXH3.hash64(bundle)).databaseValue, false) }
            return (golden(column), false)
        case 6: return (Data(cursor.take(Int(cursor.byte()))).databaseValue, true)
        default:
            var bytes = Golden.bundleBytes
            let edits = Int(cursor.byte() % 4) + 1
            for _ in 0..<edits {
                let offset = Int(cursor.uint(3)) % bytes.count
                bytes[offset] ^= cursor.byte() | 1
            }
            if column == 5 { bundle = bytes }
            return (Data(bytes).databaseValue, false)
        }
    }
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    // Seeds: the golden row in each archive; a row of NULLs; a row of wrong types; the golden row with a corrupt bundle.
    let goldenRow: [UInt8] = Array(repeating: 5, count: 7)
    writeSeedsIfAsked([
        ("golden-strict", [0] + goldenRow),
        ("golden-loose", [1] + goldenRow),
        ("nulls", [0] + Array(repeating: 0, count: 7)),
        ("text-id-loose", [1, 3, 3, 0x61, 0x62, 0x63] + Array(repeating: 5, count: 6)),
        ("wrong-types", [0, 5, 3, 1, 0x31, 1, 0, 0, 0, 0, 0, 0, 0, 1, 6, 2, 0xff, 0xfe, 2, 0, 0, 0, 0, 0, 0, 0, 0, 5, 3, 1, 0x78]),
        ("corrupt-bundle", [0, 5, 5, 5, 5, 5, 7, 0, 0, 0, 0x80, 0x01, 5]),
    ])
    return 0
}

/// The executable's entry point (SwiftPM renames `main` to `fuzz_archive_row_main`): libFuzzer's driver on `fuzz`.
@_cdecl("fuzz_archive_row_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
