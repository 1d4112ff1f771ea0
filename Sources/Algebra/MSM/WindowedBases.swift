import Dispatch

/// Fixed bases with each window's shift precomputed, for repeated multi-scalar multiplications with full-size
/// scalars over the same points (the inner-product prover's rounds over G_0 … G_{n−1}).
///
/// Pippenger over fresh scalars spends, per window, one pass of bucket additions, a bucket reduction of about
/// 2^c additions and c doublings. With every 2^(c·w)·G_i stored, all windows' digits go into one set of
/// buckets: ⌈252/c⌉ + 1 additions per scalar and a single reduction (Pippenger's precomputation variant; the
/// "fixed-base" case of Bernstein et al., "Faster batch forgery identification", §4). For 512 full scalars and
/// c = 10 that is about 15,000 additions instead of 24,000.
///
/// Memory: ``windowCount`` normalized points per base (27 × 120 bytes at c = 10, 6.3 MiB for 2,048 bases).
/// Immutable after construction and safe to share across threads. **Variable time** (provers only).
public final class WindowedBases: Sendable {
    /// The number of bases.
    public let count: Int
    /// The window width c.
    public let windowWidth: Int
    /// Windows per scalar: enough for 252-bit signed magnitudes with the top digit's carry.
    public let windowCount: Int
    /// 2^(c·w)·G_i at index i·windowCount + w, normalized: one base's windows are adjacent, so a scalar's digits
    /// read one contiguous run instead of striding across the whole table.
    let table: [AffineNielsPoint]

    /// Precomputes every window's shift of `points`, on all cores.
    /// - Complexity: count·windowCount·c doublings and one batched normalization.
    public init(_ points: [RistrettoPoint], windowWidth: Int = 10) {
        let c = max(2, min(windowWidth, 15))
        let n = points.count
        let windows = 252 / c + 1
        count = n
        self.windowWidth = c
        windowCount = windows
        var shifted = [RistrettoPoint](repeating: .identity, count: n * windows)
        shifted.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            let chunks = min(n, 4 * Hardware.activeCores)
            guard chunks > 0 else { return }
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for i in stride(from: chunk, to: n, by: chunks) {
                    var p = points[i]
                    for w in 0..<windows {
                        out.value[i * windows + w] = p
                        var q = p.projective
                        for _ in 0..<(c - 1) { q = q.doubled().projective }
                        p = q.doubled().extended
                    }
                }
            }
        }
        table = RistrettoPoint.affineNiels(shifted)
    }

    /// Σ scalars[i]·G_i over the first `scalars.count` bases (zero scalars cost nothing).
    /// - Throws: ``AlgebraError/tooManyScalars(count:bases:)`` when there are more scalars than bases.
    /// - Complexity: about (⌈252/c⌉ + 1) additions per non-zero scalar plus 2^c per core.
    public func multiscalarMultiply(_ scalars: [Scalar]) throws(AlgebraError) -> RistrettoPoint {
        guard scalars.count <= count else { throw AlgebraError.tooManyScalars(count: scalars.count, bases: count) }
        let magnitudes = scalars.map(SignedMagnitude.init)
        let chunks = scalars.count >= 256 ? Hardware.activeCores : 1
        var partial = [RistrettoPoint](repeating: .identity, count: chunks)
        magnitudes.withUnsafeBufferPointer { m in
            table.withUnsafeBufferPointer { t in
                partial.withUnsafeMutableBufferPointer { out in
                    let shared = UncheckedSendable((m, t, out))
                    let size = (m.count + chunks - 1) / chunks
                    let work: @Sendable (Int) -> Void = { [windowWidth, windowCount] chunk in
                        let (m, t, out) = shared.value
                        // Clamped: with many cores the last chunks can start past the end (``ParallelChunks``).
                        let range = min(m.count, chunk * size)..<min(m.count, (chunk + 1) * size)
                        out[chunk] = WindowedBases.sum(
                            m, range: range, table: t, width: windowWidth, windows: windowCount)
                    }
                    if chunks > 1 {
                        DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
                    } else {
                        work(0)
                    }
                }
            }
        }
        return partial.reduce(.identity, +)
    }

    /// Output t = Σ_p coefficients[p]·G_{p·stride + t} for t in 0..<outputs: the generators of an inner-product
    /// proof folded by its first rounds' challenges (``PrecomputedBases/stridedSums(_:stride:outputs:)`` is the
    /// same over bases without windowed tables). The coefficients' digits are taken once for every output.
    /// - Throws: ``AlgebraError/tooManyScalars(count:bases:)`` when the last index lies past the bases.
    /// - Complexity: per output about (⌈252/c⌉ + 1) additions per coefficient and one reduction of 2^(c−1) buckets.
    public func stridedSums(_ coefficients: [Scalar], stride: Int, outputs: Int) throws(AlgebraError)
        -> [RistrettoPoint]
    {
        try StridedSums.check(coefficients: coefficients.count, stride: stride, outputs: outputs, bases: count)
        let magnitudes = coefficients.map(SignedMagnitude.init)
        return magnitudes.withUnsafeBufferPointer { m in
            table.withUnsafeBufferPointer { t in
                let shared = UncheckedSendable((m, t))
                return StridedSums.compute(outputs: outputs) { [windowWidth, windowCount] output in
                    let (m, t) = shared.value
                    return WindowedBases.sum(
                        m, range: 0..<m.count, table: t, width: windowWidth, windows: windowCount,
                        baseIndex: { p in p * stride + output })
                }
            }
        }
    }

    /// Σ m_i·G_i for i in `range`: every signed digit of every window into one set of 2^(c−1) buckets, then
    /// Σ j·B_j by two running sums.
    /// `baseIndex` maps a magnitude's index to its base's (the identity unless the bases are strided).
    private static func sum(
        _ m: UnsafeBufferPointer<SignedMagnitude>, range: Range<Int>, table: UnsafeBufferPointer<AffineNielsPoint>,
        width c: Int, windows: Int, baseIndex: (Int) -> Int = { $0 }
    ) -> RistrettoPoint {
        let bucketCount = 1 << (c - 1)
        let full = 1 << c
        let buckets = UnsafeMutableBufferPointer<RistrettoPoint>.allocate(capacity: bucketCount)
        defer { buckets.deallocate() }
        buckets.initialize(repeating: .identity)
        for i in range {
            let s = m[i]
            let bits = s.bitLength
            guard bits > 0 else { continue }
            var carry = 0
            for w in 0..<windows {
                // Past the magnitude's top bit only a carry can remain.
                if w * c >= bits && carry == 0 { break }
                var digit = s.bits(at: w * c, width: c) + carry
                carry = 0
                if digit > bucketCount {
                    digit -= full
                    carry = 1
                }
                if s.isNegative { digit = -digit }
                let base = table[baseIndex(i) * windows + w]
                if digit > 0 {
                    buckets[digit - 1] = buckets[digit - 1].adding(base).extended
                } else if digit < 0 {
                    buckets[-digit - 1] = buckets[-digit - 1].subtracting(base).extended
                }
            }
        }
        return Pippenger.weightedSum(UnsafeBufferPointer(buckets))
    }
}

/// What both `stridedSums` implementations share: the layout check and the outputs computed over the cores.
enum StridedSums {
    /// Outputs t < `outputs` ≤ `stride` read bases p·stride + t for p < `coefficients`, all within `bases`.
    /// With no coefficient or no output no base is read (every output is the identity).
    static func check(coefficients: Int, stride: Int, outputs: Int, bases: Int) throws(AlgebraError) {
        guard outputs >= 0 else { throw AlgebraError.tooManyScalars(count: outputs, bases: bases) }
        guard coefficients > 0, outputs > 0 else { return }
        let needed = (coefficients - 1) * stride + outputs
        guard outputs <= stride, needed <= bases else {
            throw AlgebraError.tooManyScalars(count: needed, bases: bases)
        }
    }

    /// [output(0), …, output(outputs − 1)], one output per work item.
    static func compute(outputs: Int, _ output: @Sendable (Int) -> RistrettoPoint) -> [RistrettoPoint] {
        var result = [RistrettoPoint](repeating: .identity, count: outputs)
        result.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedSendable(out)
            DispatchQueue.concurrentPerform(iterations: outputs) { t in shared.value[t] = output(t) }
        }
        return result
    }
}
