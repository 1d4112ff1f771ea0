import Proofs

/// The public parameters every model commitment and ranking proof uses: Pedersen generators G_0…G_{n−1}, H, U
/// derived by hash-to-group (DESIGN.md §2, "Transparent public parameters"). Verifiers derive them; nothing is
/// read from a file.
public enum RankingParameters {
    /// How many vector generators G_i: enough for every Hyrax row (descriptor row lengths, the aux vector's rows of
    /// up to 2^13 entries) and every sumcheck's round slices. Deriving them takes about 40 ms on two cores.
    public static let generatorCount = 8192

    /// The commitment key, derived once per process.
    public static var commitmentKey: CommitmentKey { shared }

    private static let shared = CommitmentKey(vectorCapacity: generatorCount)
}
