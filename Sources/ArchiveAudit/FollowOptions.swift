/// How `verify-archive --follow` keeps verifying archives that are still being written: after the rows present at
/// the start, it polls every archive for rows appended since, verifies them, and stops when asked to or when no
/// row has arrived for a while.
public struct FollowOptions: Sendable {
    /// Time between two looks for new rows.
    public let pollInterval: Duration
    /// Stop once no new row has arrived for this long (nil: only `shouldStop` ends the run).
    public let stopAfterIdle: Duration?
    /// Polled between looks (about every 100 ms): true ends the run, which then reports everything verified so far.
    public let shouldStop: @Sendable () -> Bool

    /// Follow options.
    public init(
        pollInterval: Duration = .seconds(2), stopAfterIdle: Duration? = nil,
        shouldStop: @escaping @Sendable () -> Bool = { false }
    ) {
        self.pollInterval = pollInterval
        self.stopAfterIdle = stopAfterIdle
        self.shouldStop = shouldStop
    }
}
