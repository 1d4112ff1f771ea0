import Synchronization

/// Fixed-base tables for the first few points of a list (G_0 … G_{k−1}), each built the first time it is used.
///
/// Provers commit short vectors at many generator offsets (every sumcheck round polynomial sits in its own slice
/// of G, see `ZKSumcheckProof`); a table turns each such commitment into 64 additions per value instead of a
/// Pippenger run. Verifiers never commit, so they never pay the 0.3 ms per table: hence lazily.
/// Safe to share across threads.
public final class FixedBaseTableCache: Sendable {
    /// The points that may get a table, in order.
    public let bases: [RistrettoPoint]
    private let tables: Mutex<[FixedBaseTable?]>

    /// A cache for `bases` (no table is built yet).
    public init(_ bases: [RistrettoPoint]) {
        self.bases = bases
        self.tables = Mutex([FixedBaseTable?](repeating: nil, count: bases.count))
    }

    /// The number of points that may get a table.
    public var count: Int { bases.count }

    /// The table of `bases[index]`, built now if it is the first use. `index` must be below ``count``.
    public func table(_ index: Int) -> FixedBaseTable {
        if let table = tables.withLock({ $0[index] }) { return table }
        // Built outside the lock (two threads may both build one; either result is the same table).
        let table = FixedBaseTable(bases[index])
        tables.withLock { $0[index] = $0[index] ?? table }
        return table
    }
}
