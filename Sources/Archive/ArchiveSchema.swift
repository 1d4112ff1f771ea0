import GRDB

/// The archive's SQLite schema (docs/FORMAT.md §6), created by GRDB's `DatabaseMigrator` and versioned twice over:
/// `PRAGMA user_version` holds ``version`` and GRDB's `grdb_migrations` table the applied migration identifiers.
/// `PRAGMA application_id` = "FPAR" marks the file as a FeedProof archive.
enum ArchiveSchema {
    /// `PRAGMA application_id`: ASCII "FPAR" as a big-endian 32-bit integer.
    static let applicationID: Int32 = 0x4650_4152
    /// The schema version this build writes and reads.
    static let version = 1
    /// Identifiers of the migrations that build ``version``, in order.
    static let migrationIdentifiers = ["v1"]

    static let headerTable = "archive_header"
    static let rankingsTable = "rankings"
    static let errorsTable = "request_errors"

    /// Tables and the columns each must have.
    static let requiredColumns: [(table: String, columns: [String])] = [
        (headerTable, ["id", "model_id", "commitment", "platform_key", "log_tree_size", "log_root_hash"]),
        (rankingsTable, ["id", "user_id", "request_id", "epoch", "model_id", "bundle", "checksum"]),
        (errorsTable, ["id", "source", "line", "reason", "excerpt"]),
    ]

    /// The migrator. Migrations never change once released; a new schema version adds one.
    static var migrator: DatabaseMigrator { migrator(initializing: nil) }

    /// The migrator, with `initialize` run inside the transaction that creates the schema (when the archive is new):
    /// the publisher writes the header row there, so a kill -9 at any moment leaves either no schema or a schema with
    /// its header, never an archive without one.
    static func migrator(initializing initialize: (@Sendable (Database) throws -> Void)?) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE archive_header (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        model_id BLOB NOT NULL CHECK (length(model_id) = 64),
                        commitment BLOB NOT NULL,
                        platform_key BLOB NOT NULL CHECK (length(platform_key) = 32),
                        log_tree_size INTEGER NOT NULL CHECK (log_tree_size >= 1),
                        log_root_hash BLOB NOT NULL CHECK (length(log_root_hash) = 32)
                    );
                    CREATE TABLE rankings (
                        id INTEGER PRIMARY KEY,
                        user_id INTEGER NOT NULL,
                        request_id TEXT NOT NULL,
                        epoch INTEGER NOT NULL,
                        model_id BLOB NOT NULL,
                        bundle BLOB NOT NULL,
                        checksum INTEGER NOT NULL,
                        UNIQUE (user_id, request_id)
                    );
                    CREATE TABLE request_errors (
                        id INTEGER PRIMARY KEY,
                        source TEXT NOT NULL,
                        line INTEGER NOT NULL,
                        reason TEXT NOT NULL,
                        excerpt TEXT NOT NULL,
                        UNIQUE (source, line)
                    );
                    PRAGMA application_id = \(applicationID);
                    PRAGMA user_version = 1;
                    """)
            try initialize?(db)
        }
        return migrator
    }

    /// Every way `db`'s schema differs from ``version``: application id, user_version, applied migrations, tables,
    /// columns and the unique (user_id, request_id) index. Empty when the schema is exactly right.
    static func problems(_ db: Database) throws -> [String] {
        var problems: [String] = []
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if applicationID != Self.applicationID {
            problems.append("application_id is \(applicationID), not \(Self.applicationID) (\"FPAR\")")
        }
        let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if userVersion != version {
            problems.append(
                userVersion == 0
                    ? "schema version (PRAGMA user_version) is missing"
                    : "schema version (PRAGMA user_version) is \(userVersion), expected \(version)")
        }
        if try db.tableExists("grdb_migrations") {
            let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            if applied != migrationIdentifiers {
                problems.append("applied migrations are \(applied), expected \(migrationIdentifiers)")
            }
        } else {
            problems.append("the migrations table grdb_migrations is missing")
        }
        for (table, columns) in requiredColumns {
            guard try db.tableExists(table) else {
                problems.append("table \(table) is missing")
                continue
            }
            let present = Set(try db.columns(in: table).map(\.name))
            for column in columns where !present.contains(column) {
                problems.append("column \(table).\(column) is missing")
            }
        }
        if try db.tableExists(rankingsTable) {
            let unique = try db.indexes(on: rankingsTable).contains {
                $0.isUnique && $0.columns == ["user_id", "request_id"]
            }
            if !unique { problems.append("the unique index on rankings(user_id, request_id) is missing") }
        }
        return problems
    }
}
