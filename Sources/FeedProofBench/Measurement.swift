/// One benchmark result: the time per operation of a named workload, or a size.
public struct Measurement: Sendable, Equatable {
    /// What the value counts.
    public enum Unit: String, Sendable {
        /// Nanoseconds per operation.
        case nanoseconds
        /// Bytes (a proof or commitment size, peak memory).
        case bytes
        /// A dimensionless ratio (e.g. proving time over plain inference time).
        case ratio
    }

    /// What was measured, e.g. "scalar mul".
    public let name: String
    /// The unit of ``nanosecondsPerOperation`` and ``targetNanoseconds`` (bytes for sizes).
    public let unit: Unit
    /// Nanoseconds per operation (median of the timed rounds).
    public let nanosecondsPerOperation: Double
    /// How many operations each timed round ran.
    public let operationsPerRound: Int
    /// The target this workload should meet, in nanoseconds per operation, if the issue names one.
    public let targetNanoseconds: Double?

    /// Creates a result.
    public init(
        name: String, nanosecondsPerOperation: Double, operationsPerRound: Int, targetNanoseconds: Double?,
        unit: Unit = .nanoseconds
    ) {
        self.name = name
        self.unit = unit
        self.nanosecondsPerOperation = nanosecondsPerOperation
        self.operationsPerRound = operationsPerRound
        self.targetNanoseconds = targetNanoseconds
    }

    /// A size in bytes, with an optional upper bound.
    public static func size(_ name: String, bytes: Int, target: Int? = nil) -> Measurement {
        Measurement(
            name: name, nanosecondsPerOperation: Double(bytes), operationsPerRound: 1,
            targetNanoseconds: target.map(Double.init), unit: .bytes)
    }

    /// A dimensionless ratio, with an optional upper bound.
    public static func ratio(_ name: String, _ value: Double, target: Double? = nil) -> Measurement {
        Measurement(
            name: name, nanosecondsPerOperation: value, operationsPerRound: 1, targetNanoseconds: target, unit: .ratio)
    }

    /// Whether the target (if any) is met.
    public var meetsTarget: Bool? {
        targetNanoseconds.map { nanosecondsPerOperation <= $0 }
    }
}

/// Times closures with the monotonic clock: a warm-up round, then the median of `rounds` timed rounds.
public struct Stopwatch: Sendable {
    /// Timed rounds per workload.
    public let rounds: Int

    /// Creates a stopwatch that times `rounds` rounds after one warm-up.
    public init(rounds: Int) { self.rounds = max(1, rounds) }

    /// Runs `body` (which performs `operations` operations) once to warm up, then `rounds` times, and returns
    /// the median nanoseconds per operation.
    public func measure(
        _ name: String, operations: Int, target: Double? = nil, _ body: () -> Void
    ) -> Measurement {
        body()
        let clock = ContinuousClock()
        var samples: [Double] = []
        for _ in 0..<rounds {
            let elapsed = clock.measure(body)
            let (seconds, attoseconds) = elapsed.components
            samples.append((Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(max(operations, 1)))
        }
        samples.sort()
        return Measurement(
            name: name, nanosecondsPerOperation: samples[samples.count / 2], operationsPerRound: operations,
            targetNanoseconds: target)
    }
}

/// Keeps a value alive and opaque to the optimizer so benchmarked work is not removed.
/// (`@_optimize(none)` stops dead-argument elimination from seeing through it, as package-benchmark does.)
@_optimize(none)
public func blackHole<T>(_ value: T) {}
