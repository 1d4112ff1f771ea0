/// Where a batch stands; ``BatchPublisher`` reports it after every line, and returns the last one as its summary.
public struct BatchProgress: Sendable, Equatable {
    /// Request lines in the file (non-blank), when a counting pass was made.
    public var totalLines: Int?
    /// Non-blank lines handled so far (proven, skipped or rejected).
    public var linesDone = 0
    /// Requests proven and archived by this run.
    public var proven = 0
    /// Requests skipped because the archive already held them (an earlier run, or a duplicate line).
    public var alreadyArchived = 0
    /// Requests skipped because their user belongs to another shard.
    public var otherShard = 0
    /// Lines rejected (malformed, or a request the model cannot rank); recorded in `request_errors`.
    public var rejected = 0
    /// Seconds since the batch started.
    public var elapsedSeconds = 0.0
    /// Seconds spent since the first request was handed to the prover (the basis of the rate and the ETA).
    public var provingSeconds = 0.0
    /// Lines that went to the prover (proven or rejected by it).
    public var linesProved = 0

    /// A progress record for a file of `totalLines` request lines.
    public init(totalLines: Int? = nil) { self.totalLines = totalLines }

    /// Requests proven per minute by this run.
    public var provenPerMinute: Double { provingSeconds > 0 ? Double(proven) / provingSeconds * 60 : 0 }

    /// Estimated seconds left: the remaining lines, times the share of lines that needed proving so far, times the
    /// time per proven line. Nil until something was proven or when the total is unknown.
    public var etaSeconds: Double? {
        guard let total = totalLines, linesProved > 0, linesDone > 0, provingSeconds > 0 else { return nil }
        let remaining = Double(max(0, total - linesDone))
        let provingShare = Double(linesProved) / Double(linesDone)
        return remaining * provingShare * provingSeconds / Double(linesProved)
    }
}
