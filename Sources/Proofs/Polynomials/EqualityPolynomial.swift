import Dispatch
import Algebra

/// eq(z, x) = Π_j (z_j·x_j + (1 − z_j)·(1 − x_j)), the multilinear extension of equality (Thaler, "Proofs,
/// Arguments, and Zero-Knowledge", §3.5).
///
/// Variable order: z[0] is the most significant bit of a table index (index = Σ x_j·2^(v−1−j)), so a point's
/// prefix selects a block and its suffix a position inside the block (DESIGN.md A.4).
public enum EqualityPolynomial {
    /// The table eq(z, i) for every i in [0, 2^v). Large tables are built over every core: the first three
    /// coordinates' table splits the result into blocks, and each block expands its entry by the rest.
    /// - Complexity: O(2^v) multiplications.
    public static func table(at point: [Scalar]) -> [Scalar] {
        table(at: point, scaledBy: .one)
    }

    /// The table c·eq(z, i) for every i in [0, 2^v): the scale costs nothing, it is the expansion's start value.
    public static func table(at point: [Scalar], scaledBy scale: Scalar) -> [Scalar] {
        let v = point.count
        let blockBits = 3
        // Every entry is written by the expansion (entry 0 of each block, then 2k and 2k + 1 from k).
        var table = SumcheckProver.scratch(count: 1 << v)
        if v < 14 {
            table.withUnsafeMutableBufferPointer { t in
                t[0] = scale
                expand(t, by: point[...])
            }
            return table
        }
        let prefix = Self.table(at: Array(point[0..<blockBits]), scaledBy: scale)
        let suffix = point[blockBits...]
        let blockSize = 1 << (v - blockBits)
        table.withUnsafeMutableBufferPointer { t in
            let shared = UncheckedSendable(t)
            DispatchQueue.concurrentPerform(iterations: prefix.count) { c in
                let block = UnsafeMutableBufferPointer(rebasing: shared.value[(c * blockSize)..<((c + 1) * blockSize)])
                block[0] = prefix[c]
                expand(block, by: suffix)
            }
        }
        return table
    }

    /// Expands block[0] into the eq table of `coordinates` scaled by it: each new variable becomes the lowest
    /// index bit, entry k splitting into 2k (x = 0) and 2k + 1 (x = 1).
    private static func expand(_ block: UnsafeMutableBufferPointer<Scalar>, by coordinates: ArraySlice<Scalar>) {
        var size = 1
        for z in coordinates {
            for k in stride(from: size - 1, through: 0, by: -1) {
                let high = block[k] * z
                block[2 * k + 1] = high
                block[2 * k] = block[k] - high
            }
            size *= 2
        }
    }

    /// eq(z, x) at two points of the same length.
    public static func evaluate(_ z: [Scalar], _ x: [Scalar]) -> Scalar {
        var result = Scalar.one
        for (a, b) in zip(z, x) {
            let ab = a * b
            result *= ab + ab - a - b + .one
        }
        return result
    }

    /// eq(z, bits of index) for an index below 2^z.count.
    public static func evaluate(_ z: [Scalar], atIndex index: Int) -> Scalar {
        var result = Scalar.one
        let v = z.count
        for j in 0..<v {
            let bit = (index >> (v - 1 - j)) & 1
            result *= bit == 1 ? z[j] : .one - z[j]
        }
        return result
    }

    /// Σ_k value_k·eq(z, index_k) for a sparse table given as (index, value) pairs (indices below 2^z.count;
    /// repeated indices add up). The verifier's cost grows with the number of entries, not the table size
    /// (DESIGN.md A.6: embedding rows gathered by public ids).
    /// - Complexity: O(entries · v) multiplications.
    public static func sparseSum(_ entries: [(index: Int, value: Scalar)], at z: [Scalar]) -> Scalar {
        var sum = Scalar.zero
        for entry in entries { sum += entry.value * evaluate(z, atIndex: entry.index) }
        return sum
    }
}
