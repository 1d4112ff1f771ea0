import Foundation
import GRDB
import Ranking

/// The publisher's archive (DESIGN.md §5, "Scale"; schema in docs/FORMAT.md §6): an SQLite file in WAL mode with
/// one header row (model commitment and log state), one row per proven request, and one row per rejected request
/// line. Every bundle is written in its own transaction, so a crash at any moment leaves complete rows only, and
/// the unique key (user id, request id) makes a rerun skip what is already there.
///
/// Thread-safe: every access goes through one GRDB `DatabaseQueue`, which serializes them.
public final class RankingArchive: Sendable {
    /// The archive's path.
    public let path: String
    /// The connection (package-visible so tests can reach below the API, e.g. to simulate a crash mid-transaction).
    package let queue: DatabaseQueue
    /// The exclusive publisher lock, held while an archive opened for publishing is alive (nil when reading).
    private let lock: PublisherLock?

    /// Opens the archive at `path` for publishing, creating it (schema and header) if the file does not exist or
    /// is empty. An existing archive must hold the same model, commitment and platform key as `header`; its log
    /// state stays the one recorded at creation.
    ///
    /// - Throws: ``ArchiveError/unreadable(path:reason:)``, ``ArchiveError/notAnArchive(path:reason:)``,
    ///   ``ArchiveError/unsupportedSchemaVersion(path:found:supported:)``,
    ///   ``ArchiveError/headerMismatch(path:field:detail:)``; ``ArchiveError/inUse(path:holder:)`` when another
    ///   process is publishing into it (see ``PublisherLock``), ``ArchiveError/readOnly(path:reason:)`` on a
    ///   read-only file system, ``ArchiveError/diskFull(path:reason:)`` on a full one.
    public init(openingForPublishing path: String, header: ArchiveHeader) throws(ArchiveError) {
        self.path = path
        // The lock first: it refuses a second publisher, and a read-only or full file system, before SQLite writes.
        lock = try PublisherLock(archivePath: path)
        queue = try Self.connect(path, readonly: false)
        try Self.guarded(path) {
            try self.queue.read { db in try Self.checkIsArchiveOrEmpty(db, path: path) }
            // A new archive gets its header in the transaction that creates its schema.
            try ArchiveSchema.migrator(initializing: { db in try Self.insertHeader(header, db) }).migrate(self.queue)
            try self.queue.write { db in
                let problems = try ArchiveSchema.problems(db)
                guard problems.isEmpty else {
                    throw ArchiveError.notAnArchive(path: path, reason: problems.joined(separator: "; "))
                }
                if let stored = try Self.fetchHeader(db, path: path) {
                    // Same model and key required; a log that has grown since is fine (the header keeps its state).
                    let relaxed = ArchiveHeader(
                        modelID: header.modelID, commitment: header.commitment, platformKey: header.platformKey,
                        logTreeSize: stored.logTreeSize, logRootHash: stored.logRootHash)
                    if let difference = stored.difference(from: relaxed) {
                        throw ArchiveError.headerMismatch(
                            path: path, field: difference.field, detail: difference.detail)
                    }
                } else {
                    try Self.insertHeader(header, db)
                }
            }
        }
    }

    /// Opens an existing archive read-only and checks that its schema is this version's.
    /// - Throws: ``ArchiveError/unreadable(path:reason:)`` (missing file, not SQLite),
    ///   ``ArchiveError/notAnArchive(path:reason:)`` (schema problems),
    ///   ``ArchiveError/unsupportedSchemaVersion(path:found:supported:)``.
    public init(readingFrom path: String) throws(ArchiveError) {
        self.path = path
        lock = nil
        queue = try Self.connect(path, readonly: true)
        try Self.guarded(path) {
            try self.queue.read { db in
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                if version > ArchiveSchema.version {
                    throw ArchiveError.unsupportedSchemaVersion(
                        path: path, found: version, supported: ArchiveSchema.version)
                }
                let problems = try ArchiveSchema.problems(db)
                guard problems.isEmpty else {
                    throw ArchiveError.notAnArchive(path: path, reason: problems.joined(separator: "; "))
                }
            }
        }
    }

    /// Opens `path` read-only without any schema check (for ``ArchiveChecker``, which reports problems itself).
    package init(uncheckedPath path: String) throws(ArchiveError) {
        self.path = path
        lock = nil
        queue = try Self.connect(path, readonly: true)
    }

    // MARK: Reading

    /// The header row.
    /// - Throws: ``ArchiveError/missingHeader(path:)`` when there is none, or a database error.
    public func header() throws(ArchiveError) -> ArchiveHeader {
        let path = self.path
        return try Self.guarded(path) {
            guard let header = try queue.read({ db in try Self.fetchHeader(db, path: path) }) else {
                throw ArchiveError.missingHeader(path: path)
            }
            return header
        }
    }

    /// Whether a ranking for (`userID`, `requestID`) is archived.
    public func contains(userID: Int64, requestID: String) throws(ArchiveError) -> Bool {
        try Self.guarded(path) {
            try queue.read { db in
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM rankings WHERE user_id = ? AND request_id = ?)",
                    arguments: [userID, requestID]) ?? false
            }
        }
    }

    /// The number of rejected request lines.
    public func rejectionCount() throws(ArchiveError) -> Int {
        try Self.guarded(path) {
            try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM request_errors") ?? 0 }
        }
    }

    /// The number of archived rankings.
    public func rankingCount() throws(ArchiveError) -> Int {
        try Self.guarded(path) {
            try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM rankings") ?? 0 }
        }
    }

    /// Every ranking of `userID`, in row order (served by the unique index on (user_id, request_id)).
    public func rankings(ofUser userID: Int64) throws(ArchiveError) -> [ArchivedRanking] {
        try fetch("SELECT \(ArchivedRanking.columns) FROM rankings WHERE user_id = ? ORDER BY id", [userID])
    }

    /// Up to `limit` rankings with row id > `rowID`, ascending: page through an archive in bounded memory, or
    /// split it into rowid ranges for parallel workers.
    public func rankings(afterRowID rowID: Int64, limit: Int) throws(ArchiveError) -> [ArchivedRanking] {
        try fetch("SELECT \(ArchivedRanking.columns) FROM rankings WHERE id > ? ORDER BY id LIMIT ?", [rowID, limit])
    }

    /// The smallest and largest row ids, or nil for an empty archive.
    public func rowIDRange() throws(ArchiveError) -> ClosedRange<Int64>? {
        try Self.guarded(path) {
            try queue.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT min(id), max(id) FROM rankings"),
                    let low = Int64.fromDatabaseValue(row[0]), let high = Int64.fromDatabaseValue(row[1])
                else { return nil }
                return low...high
            }
        }
    }

    /// The rejected request lines, by source and line (the first `limit` of them, if given).
    public func rejections(limit: Int? = nil) throws(ArchiveError) -> [RejectedRequest] {
        try Self.guarded(path) {
            try queue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT source, line, reason, excerpt FROM request_errors ORDER BY source, line LIMIT ?",
                    arguments: [limit ?? -1]
                )
                .map { RejectedRequest(exactly: $0[0], line: $0[1], reason: $0[2], excerpt: $0[3]) }
            }
        }
    }

    // MARK: Writing

    /// Archives `bundle` in one transaction, unless its (user id, request id) is already there; clears a rejection
    /// previously recorded for `source`:`line`.
    /// - Returns: whether the row was inserted (false: a duplicate, left untouched).
    @discardableResult
    public func insert(_ bundle: RankingBundle, source: String? = nil, line: Int? = nil) throws(ArchiveError) -> Bool {
        try insert(bundle, source: source, line: line, beforeCommit: nil)
    }

    /// ``insert(_:source:line:)`` with a hook that runs inside the transaction after the row is written and before
    /// it commits (tests use it to snapshot the files of a half-written transaction).
    package func insert(
        _ bundle: RankingBundle, source: String?, line: Int?, beforeCommit: (@Sendable () throws -> Void)?
    ) throws(ArchiveError) -> Bool {
        let statement = bundle.statement
        let encoded = bundle.encoded
        let checksum = Int64(bitPattern: XXH3.hash64(encoded))
        return try Self.guarded(path) {
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO rankings (user_id, request_id, epoch, model_id, bundle, checksum)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, request_id) DO NOTHING
                        """,
                    arguments: [
                        statement.userID, statement.requestID, statement.epoch, Data(statement.modelID.bytes),
                        Data(encoded), checksum,
                    ])
                let inserted = db.changesCount == 1
                if let source, let line {
                    try db.execute(
                        sql: "DELETE FROM request_errors WHERE source = ? AND line = ?", arguments: [source, line])
                }
                try beforeCommit?()
                return inserted
            }
        }
    }

    /// Records (or replaces) the rejection of `source`:`line`.
    public func record(_ rejection: RejectedRequest) throws(ArchiveError) {
        try Self.guarded(path) {
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO request_errors (source, line, reason, excerpt) VALUES (?, ?, ?, ?)
                        ON CONFLICT (source, line) DO UPDATE SET reason = excluded.reason, excerpt = excluded.excerpt
                        """,
                    arguments: [rejection.source, rejection.line, rejection.reason, rejection.excerpt])
            }
        }
    }

    // MARK: Plumbing

    private func fetch(_ sql: String, _ arguments: StatementArguments) throws(ArchiveError) -> [ArchivedRanking] {
        let path = self.path
        return try Self.guarded(path) {
            try queue.read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    guard let ranking = ArchivedRanking(row: row) else {
                        throw ArchiveError.database(
                            path: path, reason: "row \(row[0] as DatabaseValue) has a column of the wrong type")
                    }
                    return ranking
                }
            }
        }
    }

    /// A connection: WAL for writers (readers never block the publisher), synchronous = FULL (each committed row
    /// survives power loss, not only a killed process; a row costs seconds of proving, an fsync microseconds),
    /// a busy timeout so `archive check` can run beside a publisher, and the `feedproof_xxh3` SQL function.
    static func connect(_ path: String, readonly: Bool) throws(ArchiveError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = readonly
        configuration.busyMode = .timeout(30)
        if !readonly { configuration.journalMode = .wal }
        configuration.prepareDatabase { db in
            if !readonly { try db.execute(sql: "PRAGMA synchronous = FULL") }
            db.add(function: checksumFunction)
        }
        let queue = try guarded(path) { try DatabaseQueue(path: path, configuration: configuration) }
        guard readonly, FileSystemSpace.isReadOnly(at: path) else { return queue }
        // On a read-only file system (an archive on read-only media or a read-only mount), SQLite cannot create the
        // WAL index (-shm) a WAL database needs, and every read fails with SQLITE_CANTOPEN. Nobody can write there,
        // so the file is opened as immutable instead: no locks, no -shm.
        do {
            try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN {
            let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
            return try guarded(path) {
                try DatabaseQueue(path: "file:\(encoded)?immutable=1", configuration: configuration)
            }
        } catch {
            return queue  // any other problem is reported by the caller's first read
        }
    }

    /// `feedproof_xxh3(blob)`: the XXH3-64 of a blob as a signed 64-bit integer (the `checksum` column's
    /// representation), NULL for anything else. Lets merges verify checksums inside SQL.
    static let checksumFunction = DatabaseFunction("feedproof_xxh3", argumentCount: 1, pure: true) { values in
        guard let data = Data.fromDatabaseValue(values[0]) else { return nil }
        return Int64(bitPattern: data.withUnsafeBytes { XXH3.hash64($0) })
    }

    /// Refuses a database that holds tables but is not an archive, or a newer schema; accepts an empty file.
    private static func checkIsArchiveOrEmpty(_ db: Database, path: String) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if version > ArchiveSchema.version {
            throw ArchiveError.unsupportedSchemaVersion(path: path, found: version, supported: ArchiveSchema.version)
        }
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if tables > 0, applicationID != ArchiveSchema.applicationID {
            throw ArchiveError.notAnArchive(
                path: path, reason: "the database has tables but no FeedProof application id")
        }
    }

    static func fetchHeader(_ db: Database, path: String) throws -> ArchiveHeader? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT model_id, commitment, platform_key, log_tree_size, log_root_hash FROM archive_header")
        else { return nil }
        guard let modelBytes = Data.fromDatabaseValue(row[0]), let modelID = ModelID(bytes: Array(modelBytes)),
            let commitment = Data.fromDatabaseValue(row[1]), let key = Data.fromDatabaseValue(row[2]),
            let size = Int.fromDatabaseValue(row[3]), let root = Data.fromDatabaseValue(row[4])
        else { throw ArchiveError.notAnArchive(path: path, reason: "the header row has a column of the wrong type") }
        return ArchiveHeader(
            modelID: modelID, commitment: Array(commitment), platformKey: Array(key), logTreeSize: size,
            logRootHash: Array(root))
    }

    static func insertHeader(_ header: ArchiveHeader, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO archive_header (id, model_id, commitment, platform_key, log_tree_size, log_root_hash)
                VALUES (1, ?, ?, ?, ?, ?)
                """,
            arguments: [
                Data(header.modelID.bytes), Data(header.commitment), Data(header.platformKey), header.logTreeSize,
                Data(header.logRootHash),
            ])
    }

    /// Runs `body`, passing ``ArchiveError``s through and turning SQLite errors into typed ones: a file SQLite
    /// cannot open or that is not a database becomes ``ArchiveError/unreadable(path:reason:)``.
    static func guarded<T>(_ path: String, _ body: () throws -> T) throws(ArchiveError) -> T {
        do {
            return try body()
        } catch let error as ArchiveError {
            throw error
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CANTOPEN, .SQLITE_CORRUPT, .SQLITE_PERM, .SQLITE_AUTH:
                throw .unreadable(path: path, reason: error.message ?? "\(error.resultCode)")
            case .SQLITE_FULL:
                throw .diskFull(path: path, reason: error.message ?? "\(error.resultCode)")
            case .SQLITE_IOERR where FileSystemSpace.isFull(at: path):
                // Some writes report ENOSPC as an I/O error (SQLITE_IOERR_WRITE and kin): name the real cause.
                throw .diskFull(path: path, reason: "\(error.message ?? "\(error.resultCode)") with no space left")
            case .SQLITE_READONLY:
                throw .readOnly(path: path, reason: error.message ?? "\(error.resultCode)")
            default:
                throw .database(path: path, reason: "\(error)")
            }
        } catch {
            throw .database(path: path, reason: "\(error)")
        }
    }
}
