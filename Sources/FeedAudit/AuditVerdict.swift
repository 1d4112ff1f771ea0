import Ranking

/// The outcome of auditing one bundle: every check that ran, the first failure if any, and what the proof does
/// and does not cover (DESIGN.md §1).
public struct AuditVerdict: Sendable {
    /// The overall result.
    public enum Status: String, Sendable {
        /// Every check passed.
        case valid
        /// The bundle was read, and a check failed: the ranking is not proven.
        case invalid
        /// The bundle (or the trust anchors) could not be read at all.
        case unreadable
    }

    /// The overall result.
    public let status: Status
    /// The checks that ran, in order (an audit stops at the first failure).
    public let checks: [AuditCheck]
    /// The statement, when the bundle decoded.
    public let statement: RankingStatement?
    /// Wall time of the audit.
    public let duration: Duration

    /// What a valid verdict establishes.
    public static let covered = [
        "the shown posts are exactly the committed model's top-k of the stated candidates, in order "
            + "(descending score, ties by ascending post id)",
        "the model is the one committed under the ModelID, which is in the trusted transparency log",
        "the features are the public recipes applied to the stated raw metadata",
        "the platform signed this statement and proof",
    ]
    /// What no verdict establishes.
    public static let notCovered = [
        "which candidates were retrieved (candidate retrieval is outside the proof)",
        "that the raw metadata values are true (they are stated in the clear, not proven)",
        "anything about the weights beyond the rankings themselves (many rankings still leak something)",
    ]

    /// The first failed check, if any.
    public var failure: AuditCheck? { checks.first { !$0.passed } }

    /// A one-line reason: "valid", or the failed check and its detail.
    public var reason: String {
        if let failure { return "\(failure.kind.rawValue): \(failure.detail)" }
        return status == .valid ? "all checks passed" : "unreadable"
    }

    /// A JSON-ready view for scripts.
    public func jsonObject() -> [String: Any] {
        var object: [String: Any] = [
            "status": status.rawValue,
            "reason": reason,
            "checks": checks.map { ["check": $0.kind.rawValue, "passed": $0.passed, "detail": $0.detail] },
            "milliseconds": Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15,
            "covered": Self.covered,
            "not_covered": Self.notCovered,
        ]
        if let statement {
            object["model_id"] = statement.modelID.hex
            object["request_id"] = statement.requestID
            object["user_id"] = statement.userID
            object["epoch"] = statement.epoch
            object["n"] = statement.n
            object["k"] = statement.k
            object["shown"] = statement.shown
        }
        return object
    }
}
