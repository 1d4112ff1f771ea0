import Algebra

/// A speed index of the machine, printed with the timing benchmarks so that figures from different hosts can be
/// compared: the VMs of one kind are not always the same processor (docs/BENCHMARKS.md, "The machine"), and a
/// prover change is only a change if it moves the prove time more than the index moves.
///
/// The index is GMP's `mpz_mul` + `mpz_mod` modulo ℓ in a dependent chain: library code this project never changes,
/// so it moves only with the host (and its noise), unlike our own arithmetic.
public enum MachineIndex {
    /// The measurement's name in every table.
    public static let name = "machine speed index: GMP mpz_mul + mpz_mod mod ℓ (library code, not ours)"

    /// Times the index (a chain of 2^16 multiplications, or 2^12 when `quick`), unless `filter` excludes its name.
    static func measure(quick: Bool, filter: String?) -> Measurement? {
        if let filter, !name.lowercased().contains(filter.lowercased()) { return nil }
        var random = BenchmarkRandom(seed: 0x1d_e7)
        let a = random.scalar(), b = random.scalar()
        let gmp = GMPBaseline(modulusBytes: Scalar.orderBytes, aBytes: a.canonicalBytes, bBytes: b.canonicalBytes)
        let chain = quick ? 1 << 12 : 1 << 16
        return Stopwatch(rounds: quick ? 1 : 5).measure(name, operations: chain) { gmp.multiply(count: chain) }
    }
}
