import Algebra
import Dispatch

/// The prover's secret side of a ``HyraxCommitment``: the committed small integers and one blinder per row.
///
/// Keep it with the prover; nothing in it may be published (zero-knowledge rule 2: not even a combination of
/// rows, which is a linear equation on the values).
public struct HyraxWitness: Sendable {
    /// The public commitment these secrets open.
    public let commitment: HyraxCommitment
    /// The committed values in index order (row·2^c + column), without the zero padding.
    package let values: [Int64]
    /// ρ_i for every row, padded rows included.
    package let rowBlinders: [Blinder]

    /// A witness from its parts, unchecked (a loader must check the rows against the commitment).
    package init(commitment: HyraxCommitment, values: [Int64], rowBlinders: [Blinder]) {
        self.commitment = commitment
        self.values = values
        self.rowBlinders = rowBlinders
    }

    /// The layout.
    public var shape: HyraxCommitment.Shape { commitment.shape }

    /// The committed multilinear polynomial at a point (z_row, z_col) of v coordinates: the value y to commit as
    /// C_y before a ``HyraxOpening``.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when the point does not have v coordinates.
    /// - Complexity: O(2^v) word multiplications (see ``combinedRow(weights:)``).
    public func evaluate(at point: [Scalar]) throws(ProofError) -> Scalar {
        let (rowWeights, columnWeights) = try split(point)
        return try evaluate(rowWeights: .equality(point: rowWeights), columnWeights: .equality(point: columnWeights))
    }

    /// Σ_i r_i·Σ_j a_j·M[i][j] for public row weights r and column weights a (an embedding-table opening with
    /// row weights u_j, DESIGN.md A.6).
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when a weight vector has the wrong length.
    public func evaluate(
        rowWeights: InnerProductProof.Weights, columnWeights: InnerProductProof.Weights
    ) throws(ProofError) -> Scalar {
        let rows = try checkedRowWeights(rowWeights)
        guard columnWeights.count == shape.rowLength else {
            throw ProofError.shapeMismatch("\(columnWeights.count) column weights for rows of \(shape.rowLength)")
        }
        return DotProductProof.innerProduct(columnWeights.entries(), combinedRow(weights: rows))
    }

    /// The row and column parts of a point of v coordinates.
    func split(_ point: [Scalar]) throws(ProofError) -> (row: [Scalar], column: [Scalar]) {
        guard point.count == shape.variableCount else {
            throw ProofError.shapeMismatch("point has \(point.count) coordinates for \(shape.variableCount) variables")
        }
        return (Array(point[0..<shape.rowVariableCount]), Array(point[shape.rowVariableCount...]))
    }

    /// The row weights as a vector, after checking their length.
    func checkedRowWeights(_ weights: InnerProductProof.Weights) throws(ProofError) -> [Scalar] {
        guard weights.count == shape.rowCount else {
            throw ProofError.shapeMismatch("\(weights.count) row weights for \(shape.rowCount) rows")
        }
        return weights.entries()
    }

    /// Σ_i w_i·ρ_i, the blinder of Σ_i w_i·C_i.
    package func combinedBlinder(weights: [Scalar]) -> Scalar {
        var sum = Scalar.zero
        for (w, blinder) in zip(weights, rowBlinders) where !w.isZero { sum += w * blinder.value }
        return sum
    }

    /// x = Σ_i w_i·row_i, the combined row (secret: it is only ever committed, through Σ_i w_i·C_i).
    ///
    /// Kept in small integers until this first fold (DESIGN.md §6): each entry is added to its column's
    /// ``ScalarIntegerSum`` (four word products, no reduction) and each column is reduced once at the end,
    /// instead of a Montgomery multiplication per entry. Rows run in parallel chunks with their own sums.
    /// - Complexity: O(2^v) word multiplications and O(2^c) reductions.
    package func combinedRow(weights: [Scalar]) -> [Scalar] {
        combinedRows([(weights, 0)])[0]
    }

    /// Σ_r w_r·row_{first + r} for several row blocks at once (``ClaimBatching``'s per-claim combinations): one
    /// pass over each block's rows, in tasks of at most 64 rows spread over the cores, each with its own
    /// accumulators. Rows past the end, and rows of weight zero, cost nothing.
    /// - Complexity: O(Σ rows·2^c) word multiplications and O(tasks·2^c) reductions.
    package func combinedRows(_ blocks: [(weights: [Scalar], firstRow: Int)]) -> [[Scalar]] {
        let length = shape.rowLength
        let usedRows = min(shape.rowCount, (values.count + length - 1) / length)
        var tasks: [(block: Int, rows: Range<Int>)] = []
        for (index, block) in blocks.enumerated() {
            let end = min(usedRows, block.firstRow + block.weights.count)
            for start in stride(from: block.firstRow, to: end, by: 64) {
                tasks.append((index, start..<min(end, start + 64)))
            }
        }
        var partial = [[Scalar]](repeating: [], count: tasks.count)
        values.withUnsafeBufferPointer { values in
            partial.withUnsafeMutableBufferPointer { partial in
                let shared = UncheckedSendable((values, partial, blocks, tasks))
                DispatchQueue.concurrentPerform(iterations: tasks.count) { t in
                    let (values, partial, blocks, tasks) = shared.value
                    let (index, rows) = tasks[t]
                    let block = blocks[index]
                    var sums = [ScalarIntegerSum](repeating: ScalarIntegerSum(), count: length)
                    sums.withUnsafeMutableBufferPointer { sums in
                        for row in rows {
                            let weight = block.weights[row - block.firstRow]
                            if weight.isZero { continue }
                            let start = row * length
                            let end = min(start + length, values.count)
                            for index in start..<end {
                                let value = values[index]
                                if value == 0 { continue }
                                sums[index - start].add(weight, times: value)
                            }
                        }
                    }
                    partial[t] = sums.map(\.value)
                }
            }
        }
        // Add each block's task results (a block of one task takes its result as it is).
        var combined = [[Scalar]](repeating: [], count: blocks.count)
        for (t, task) in tasks.enumerated() {
            if combined[task.block].isEmpty {
                swap(&combined[task.block], &partial[t])
            } else {
                combined[task.block].withUnsafeMutableBufferPointer { sum in
                    for (j, value) in partial[t].enumerated() { sum[j] += value }
                }
            }
        }
        for index in combined.indices where combined[index].isEmpty {
            combined[index] = [Scalar](repeating: .zero, count: length)
        }
        return combined
    }
}
