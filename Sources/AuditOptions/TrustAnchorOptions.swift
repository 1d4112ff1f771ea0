import ArgumentParser
import FeedAudit

/// The options that name what an auditor trusts, shared by `feedproof verify`, `feedproof verify-archive` and
/// `feedaudit` so the three commands spell and default them alike.
public struct TrustAnchorOptions: ParsableArguments {
    @Option(help: "The trusted commitments directory.")
    public var commitments = "commitments"

    @Option(help: "The transparency log (default: COMMITMENTS/log.fptl).")
    public var log: String?

    @Option(help: "The log's public key, hex (default: COMMITMENTS/log-key.pub).")
    public var logKey: String?

    public init() {}

    /// The commitments directory, the log and its key, loaded and checked (π_wf once per model).
    public func load() throws(AuditSetupError) -> TrustAnchors {
        try TrustAnchors(commitmentsDirectory: commitments, logPath: log, logKeyPath: logKey)
    }
}
