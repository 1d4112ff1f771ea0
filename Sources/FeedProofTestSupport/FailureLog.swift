/// The failures of one seeded property test: every one counted, the first few kept with their inputs.
///
/// Its description is one bounded line naming the seed, so a test that fails on all of its 10,000 cases still
/// prints a short, replayable message: `#expect(log.isEmpty, "\(log)")`.
public struct FailureLog: Sendable, CustomStringConvertible {
    /// The seed of the generator that produced the inputs.
    public let seed: UInt64
    /// How many examples are kept.
    public let keep: Int
    /// The number of failures recorded.
    public private(set) var count = 0
    /// The first `keep` failure messages.
    public private(set) var examples: [String] = []

    /// An empty log for a test seeded with `seed`.
    public init(seed: UInt64, keep: Int = 3) {
        self.seed = seed
        self.keep = keep
    }

    /// Whether nothing failed.
    public var isEmpty: Bool { count == 0 }

    /// Counts a failure, keeping its message if it is among the first `keep`.
    public mutating func record(_ message: @autoclosure () -> String) {
        count += 1
        if examples.count < keep { examples.append(message()) }
    }

    /// `seed 0x…: N failures, first: …`.
    public var description: String {
        let seedText = "seed 0x" + String(seed, radix: 16)
        guard count > 0 else { return "\(seedText): no failures" }
        return "\(seedText): \(count) failure\(count == 1 ? "" : "s"), first: \(examples.joined(separator: "; "))"
    }
}
