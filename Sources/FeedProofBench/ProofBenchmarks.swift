/// `feedproof bench proofs`: every proof-toolkit workload with issue 4's targets.
public enum ProofBenchmarks {
    /// The groups, each with the words of its workload names: a group whose names cannot match the filter is
    /// skipped entirely, set-up included (its 2^20-entry inputs take seconds to prepare).
    static let groups: [(names: String, run: @Sendable (Bool, String?) -> [Measurement])] = [
        ("Hyrax commit 16-bit values, Hyrax ZK opening prover verifier, Hyrax opening size, 2^20 entries",
            { HyraxBenchmarks.run(quick: $0, only: $1) }),
        ("ZK sumcheck prover, eq·a·b, a·b, 16-bit entries full scalars (degree 3) (degree 2), ZK sumcheck verifier,"
            + " ZK sumcheck proof size, 2^20 entries", { SumcheckBenchmarks.run(quick: $0, only: $1) }),
        ("range proof (logUp-GKR) prover, range proof verifier, range proof size, 2^20 16-bit limbs",
            { RangeProofBenchmarks.run(quick: $0, only: $1) }),
    ]

    /// Hyrax, the ZK sumcheck and the range proof, in that order.
    public static func run(quick: Bool = false, only filter: String? = nil) -> [Measurement] {
        var results: [Measurement] = []
        for group in groups {
            if let filter, !group.names.lowercased().contains(filter.lowercased()),
                !filter.lowercased().split(separator: " ").allSatisfy({ group.names.lowercased().contains($0) })
            {
                continue
            }
            results += group.run(quick, filter)
        }
        return results
    }
}
