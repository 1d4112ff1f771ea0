/// One reference workload's figures, measured in a process of its own (`feedproof bench workloads` runs each
/// workload in a child process, which prints these as JSON for the parent's table).
public struct WorkloadFigures: Sendable, Codable, Equatable {
    /// Which workload.
    public var size: ReferenceWorkload.Size
    /// Multiply weights of the dense layers (Σ inputs·outputs).
    public var multiplyWeights: Int
    /// Entries of the embedding tables (Σ rows·dimension).
    public var embeddingEntries: Int
    /// n, the candidates ranked.
    public var candidates: Int
    /// k, the candidates shown.
    public var shown: Int
    /// The proof's layout in one line (``RankingLayout/summary``).
    public var layout: String
    /// Committing the model once (Hyrax commitments of every tensor and the well-formedness proof), seconds.
    public var commitSeconds: Double
    /// Median wall time of the timed proves (after one untimed prove), seconds.
    public var proveSeconds: Double
    /// CPU time (user + system, both cores) per timed prove, seconds.
    public var proveCPUSeconds: Double
    /// Timed proves.
    public var proveRounds: Int
    /// Median wall time of decoding and verifying the proof, seconds.
    public var verifySeconds: Double
    /// The encoded proof, bytes.
    public var proofBytes: Int
    /// The resident set's high-water mark over the proves, bytes (see ``peakMethod``).
    public var proverPeakBytes: Int
    /// The resident set just before that prove (the committed model, its witnesses, the generators), bytes.
    public var residentBeforeProveBytes: Int?
    /// The child process's high-water mark over everything it did, the commitment included, bytes.
    public var processPeakBytes: Int
    /// How ``proverPeakBytes`` was measured.
    public var peakMethod: String
    /// Median wall time of the golden integer inference of the same n candidates, seconds.
    public var goldenSeconds: Double

    /// Prove time over golden inference time.
    public var proveOverGolden: Double { goldenSeconds > 0 ? proveSeconds / goldenSeconds : 0 }

    /// The figures as named measurements, for `--json` and the shared report format.
    public var measurements: [Measurement] {
        let name = size.title
        return [
            Measurement(
                name: "commit (one-time), \(name)", nanosecondsPerOperation: commitSeconds * 1e9, operationsPerRound: 1,
                targetNanoseconds: nil),
            Measurement(
                name: "prove, \(name)", nanosecondsPerOperation: proveSeconds * 1e9, operationsPerRound: 1,
                targetNanoseconds: nil),
            Measurement(
                name: "prove CPU time, \(name)", nanosecondsPerOperation: proveCPUSeconds * 1e9, operationsPerRound: 1,
                targetNanoseconds: nil),
            Measurement(
                name: "verify, \(name)", nanosecondsPerOperation: verifySeconds * 1e9, operationsPerRound: 1,
                targetNanoseconds: nil),
            .size("proof size, \(name)", bytes: proofBytes),
            .size("prover peak memory (RSS), \(name)", bytes: proverPeakBytes),
            Measurement(
                name: "golden inference, \(name)", nanosecondsPerOperation: goldenSeconds * 1e9, operationsPerRound: 1,
                targetNanoseconds: nil),
            .ratio("prove time / golden inference time, \(name)", proveOverGolden),
        ]
    }
}
