/// Why an archive operation failed (DESIGN.md §5, "Scale"). Every case names the file or row involved so the CLI
/// can print it as is; ``isIntegrityFailure`` separates "the data does not check" (exit 1) from "bad input" (exit 2).
public enum ArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file cannot be opened or read as an SQLite database (missing, permissions, not SQLite).
    case unreadable(path: String, reason: String)
    /// The file is an SQLite database but not a FeedProof archive this version can use.
    case notAnArchive(path: String, reason: String)
    /// The archive's schema version is newer than this build understands.
    case unsupportedSchemaVersion(path: String, found: Int, supported: Int)
    /// The archive has no header row (it was never initialized, or the row was deleted).
    case missingHeader(path: String)
    /// An archive's header disagrees with what the caller expected (another model, commitment or log state).
    case headerMismatch(path: String, field: String, detail: String)
    /// The opening's ModelID is not covered by the log's latest signed tree head.
    case modelNotInLog(modelID: String)
    /// An SQLite operation failed.
    case database(path: String, reason: String)
    /// The file system holding the archive is full (SQLITE_FULL, or ENOSPC on its lock file). The rows committed
    /// before stay valid; free space and rerun the same command to continue.
    case diskFull(path: String, reason: String)
    /// The archive cannot be written: a read-only file system or mount, or a file opened read-only
    /// (SQLITE_READONLY, or EROFS/EACCES on its lock file). Nothing was changed.
    case readOnly(path: String, reason: String)
    /// Another process is publishing into the archive (it holds the archive's lock file, `ARCHIVE-lock`).
    case inUse(path: String, holder: String)
    /// The requests file cannot be read.
    case requests(path: String, reason: String)
    /// A `--shard i/N` value that is not two integers with 0 ≤ i < N.
    case invalidShard(String)
    /// A merge met two rows with the same (user id, request id) and different contents.
    case conflictingRows(userID: Int64, requestID: String, path: String)
    /// A merge input holds a row whose bundle fails its checksum.
    case corruptRow(path: String, rowID: Int64)
    /// A batch stopped because its publish step failed for a reason that is not the request's fault.
    case aborted(line: Int, reason: String)
    /// Invalid arguments (merge into one of its inputs, no inputs, …).
    case invalidArgument(String)

    /// Whether the failure means stored data does not check (exit code 1) rather than unusable input (exit code 2).
    public var isIntegrityFailure: Bool {
        switch self {
        case .conflictingRows, .corruptRow: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read the archive: \(reason)"
        case .notAnArchive(let path, let reason): "\(path): not a FeedProof archive: \(reason)"
        case .unsupportedSchemaVersion(let path, let found, let supported):
            "\(path): archive schema version \(found) is newer than this feedproof supports (\(supported))"
        case .missingHeader(let path): "\(path): the archive has no header (model commitment and log state)"
        case .headerMismatch(let path, let field, let detail): "\(path): archive header mismatch in \(field): \(detail)"
        case .modelNotInLog(let modelID):
            "ModelID \(modelID.prefix(16))… is not covered by the log's latest signed tree head; append it first"
        case .database(let path, let reason): "\(path): SQLite error: \(reason)"
        case .diskFull(let path, let reason):
            "\(path): disk full (SQLITE_FULL), the archive cannot grow: \(reason). The rows already committed are "
                + "intact; free space on its file system and rerun the same command to continue"
        case .readOnly(let path, let reason):
            "\(path): the archive is read-only (\(reason)); nothing was written. Publish into an archive on a "
                + "writable file system"
        case .inUse(let path, let holder):
            "\(path): the archive is in use by another publisher (\(holder)); wait for it to finish, or give each "
                + "concurrent job its own archive (--shard i/N) and join them with `feedproof archive merge`"
        case .requests(let path, let reason): "\(path): cannot read requests: \(reason)"
        case .invalidShard(let text): "invalid shard \"\(text)\": expected i/N with 0 ≤ i < N (e.g. 0/4)"
        case .conflictingRows(let userID, let requestID, let path):
            "conflicting rows for user \(userID), request \(requestID): \(path) holds a different bundle"
        case .corruptRow(let path, let rowID):
            "\(path): row \(rowID) fails its checksum (run `feedproof archive check`)"
        case .aborted(let line, let reason): "batch stopped at line \(line): \(reason)"
        case .invalidArgument(let message): message
        }
    }
}
