import Dispatch
import Synchronization

/// The transparent public parameters of every FeedProof commitment (DESIGN.md §2): value generators
/// G_i = hash_to_ristretto255("G" ‖ LE32(i), DST), the blinding generator H = …("H", DST) and the
/// inner-product generator U = …("U", DST), DST = `FRT-v1-pedersen_ristretto255_XMD:SHA-512_R255MAP_RO_`.
///
/// Nobody knows a discrete-log relation between them, which is what makes `Com(v; r) = Σ v_i·G_i + r·H`
/// binding. Verifiers derive them here and never accept them from a file.
///
/// Vector commitments use G_0, G_1, …; scalar commitments (committed claims) use `v·U + r·H`. U is kept apart
/// from the G vector so that the log-size dot-product proof can fold a committed claim into its statement as
/// `C_x + u·C_y` with inner-product generator u·U (DESIGN.md A.2; Bulletproofs Protocol 1, Halo §3.1).
public final class PedersenGenerators: Sendable {
    /// The domain separation tag of the project's generators.
    public static let domainSeparationTag = Array("FRT-v1-pedersen_ristretto255_XMD:SHA-512_R255MAP_RO_".utf8)

    /// G_0 … G_{count−1}, normalized for multi-scalar multiplication.
    public let valueBases: PrecomputedBases
    /// H, the blinding generator.
    public let blinding: RistrettoPoint
    /// U: the value generator of scalar commitments `v·U + r·H`, and (scaled by a challenge) the inner-product
    /// generator of the log-size dot-product proof.
    public let scalarValue: RistrettoPoint
    /// Fixed-base table for H (every prover commitment has a blinder term r·H), built on first use.
    public var blindingTable: WideFixedBaseTable { wideTables().blinding }
    /// Fixed-base table for U (every committed claim v·U + r·H), built on first use.
    public var scalarValueTable: WideFixedBaseTable { wideTables().value }
    /// Fixed-base tables for G_0 … G_{k−1}, k = min(count, ``shortVectorLength``), built on first use: the short
    /// vectors committed in every sumcheck round (round polynomials in their own slices of G, Σ-protocol nonces)
    /// cost one table lookup per value instead of a Pippenger run, whose set-up dominates for a handful of points
    /// (4 values: 430 µs → about 70 µs).
    public let shortVectorTables: FixedBaseTableCache

    private let cachedDigest = Mutex<[UInt8]?>(nil)
    private let windowed = Mutex<WindowedBases?>(nil)
    private let wide = Mutex<(blinding: WideFixedBaseTable, value: WideFixedBaseTable)?>(nil)

    /// The tables of H and U: about 1 MiB and 2 ms, which only provers spend (verifiers never commit).
    private func wideTables() -> (blinding: WideFixedBaseTable, value: WideFixedBaseTable) {
        wide.withLock { cached in
            if let cached { return cached }
            let built = (blinding: WideFixedBaseTable(blinding), value: WideFixedBaseTable(scalarValue))
            cached = built
            return built
        }
    }

    /// Windowed tables (``WindowedBases``) for G_0 … G_{k−1}, k = min(count, ``shortVectorLength``), built on first
    /// use (about 30 ms on 2 cores, 6.3 MiB): the inner-product prover's multi-scalar multiplications with full
    /// scalars. Verifiers never build them.
    public func windowedBases() -> WindowedBases {
        windowed.withLock { cached in
            if let cached { return cached }
            let built = WindowedBases(Array(valueBases.points.prefix(Self.shortVectorLength)))
            cached = built
            return built
        }
    }

    /// How many leading generators may get a fixed-base table: the sumcheck slices of a 2^23-leaf fraction tree
    /// reach G_1011 (30 KiB and 0.3 ms per table, built only when a prover first commits there).
    public static let shortVectorLength = 2048

    /// Derives `count` value generators (in parallel over the cores), H and U.
    /// - Complexity: O(count) hash-to-group evaluations, about 10 µs each.
    public init(count: Int) {
        let count = max(count, 1)
        var points = [RistrettoPoint](repeating: .identity, count: count)
        points.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            let chunk = 256
            let chunks = (count + chunk - 1) / chunk
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                    out.value[i] = PedersenGenerators.valueGenerator(i)
                }
            }
        }
        self.valueBases = PrecomputedBases(points)
        self.blinding = PedersenGenerators.named("H")
        self.scalarValue = PedersenGenerators.named("U")
        self.shortVectorTables = FixedBaseTableCache(Array(points.prefix(Self.shortVectorLength)))
    }

    /// The number of value generators.
    public var count: Int { valueBases.count }

    /// G_i = hash_to_ristretto255("G" ‖ LE32(i), DST).
    public static func valueGenerator(_ index: Int) -> RistrettoPoint {
        let i = UInt32(truncatingIfNeeded: index)
        let message: [UInt8] = [
            UInt8(ascii: "G"), UInt8(truncatingIfNeeded: i), UInt8(truncatingIfNeeded: i >> 8),
            UInt8(truncatingIfNeeded: i >> 16), UInt8(truncatingIfNeeded: i >> 24),
        ]
        return hashWithProjectTag(message)
    }

    /// hash_to_ristretto255(name, DST) for the named generators "H" and "U".
    static func named(_ name: String) -> RistrettoPoint {
        hashWithProjectTag(Array(name.utf8))
    }

    private static func hashWithProjectTag(_ message: [UInt8]) -> RistrettoPoint {
        // The project tag is non-empty and 64 bytes are in range, so expand_message_xmd cannot refuse.
        let uniform = (try? ExpandMessageXMD.expand(message: message, dst: domainSeparationTag, outputLength: 64))
        return RistrettoPoint.oneWayMap(uniform ?? [])
    }

    /// ppDigest = SHA-512(enc(G_0) ‖ … ‖ enc(G_{count−1}) ‖ enc(H) ‖ enc(U)), which every transcript absorbs.
    /// - Complexity: O(count) encodings (one inverse square root each, about 80 ms for 8,192 generators) the first
    ///   time; cached afterwards, since every proof and every verification absorbs it.
    public func digest() -> [UInt8] {
        if let cached = cachedDigest.withLock({ $0 }) { return cached }
        let computed = computeDigest()
        cachedDigest.withLock { $0 = computed }
        return computed
    }

    private func computeDigest() -> [UInt8] {
        var hasher = SHA512()
        for point in valueBases.points { hasher.update(point.encoding) }
        hasher.update(blinding.encoding)
        hasher.update(scalarValue.encoding)
        return hasher.finalize()
    }
}
