/// Why an auditor could not load what it trusts (the commitments directory, the log or its key): nothing can be
/// audited until it is fixed.
public enum AuditSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file or folder could not be read.
    case unreadable(path: String, reason: String)
    /// A file was read but is not valid.
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .invalid(let path, let reason): return "\(path) is not valid: \(reason)"
        }
    }
}
