/// `feedproof bench proofs`: every proof-toolkit workload with issue 4's targets.
public enum ProofBenchmarks {
    /// Hyrax, the ZK sumcheck and the range proof, in that order.
    public static func run(quick: Bool = false, only filter: String? = nil) -> [Measurement] {
        HyraxBenchmarks.run(quick: quick, only: filter)
            + SumcheckBenchmarks.run(quick: quick, only: filter)
            + RangeProofBenchmarks.run(quick: quick, only: filter)
    }
}
