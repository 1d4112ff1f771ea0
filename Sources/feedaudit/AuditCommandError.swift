import Archive
import FeedAudit

/// Why `feedaudit` could not audit anything: every case exits with code 2.
enum AuditCommandError: Error, CustomStringConvertible {
    /// The commitments directory, the log or its key could not be loaded.
    case trustAnchors(AuditSetupError)
    /// A bundle file could not be read.
    case unreadableBundle(path: String)
    /// The archive could not be opened or read.
    case archive(path: String, ArchiveError)
    /// The archive holds no ranking for the user.
    case noRankings(archive: String, user: Int64)
    /// The terminal could not be put into full-screen mode.
    case terminal(TerminalError)

    var description: String {
        switch self {
        case .trustAnchors(let error): return "cannot load the trust anchors: \(error)"
        case .unreadableBundle(let path): return "cannot read \(path)"
        case .archive(let path, let error): return "cannot read the archive \(path): \(error)"
        case .noRankings(let archive, let user): return "\(archive) holds no ranking for user \(user)"
        case .terminal(let error): return "\(error)"
        }
    }
}
