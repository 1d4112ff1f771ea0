import Algebra
import Model
import Proofs

/// The public order in which the ranking's non-negativity checks are laid out (DESIGN.md §2 step 1): the k shown
/// candidates in rank order, then every unshown candidate by ascending post id. Position j of the difference
/// vector D holds
/// - d_j = s_{π(j)} − s_{π(j+1)} − [id_{π(j)} > id_{π(j+1)}] for j < k − 1 (each shown post ranks before the next),
/// - e_j = s_{π(k−1)} − s_{π(j)} − [id_{π(k−1)} > id_{π(j)}] for k ≤ j < n (the k-th ranks before every unshown
///   post),
/// - 0 elsewhere (j = k − 1 and the padding).
/// D ≥ 0 entrywise is exactly "descending score, ties by ascending id" because post ids are distinct. Since the
/// order is public there is no permutation argument.
public struct RankingOrder: Sendable, Equatable {
    /// π: candidate indices in layout order (n entries).
    public let positions: [Int]
    /// Post ids by candidate index.
    public let postIDs: [Int64]
    /// k.
    public let shownCount: Int

    /// The order for candidates with distinct `postIDs`, of which `shown` (indices, rank order) are published.
    /// - Throws: ``RankingError/invalidInput(_:)`` for repeated ids or shown indices, or an index out of range.
    public init(postIDs: [Int64], shown: [Int]) throws(RankingError) {
        guard Set(postIDs).count == postIDs.count else { throw .invalidInput("post ids are not distinct") }
        guard Set(shown).count == shown.count, shown.allSatisfy({ (0..<postIDs.count).contains($0) }) else {
            throw .invalidInput("the shown list repeats a candidate or names one that does not exist")
        }
        let isShown = Set(shown)
        let rest = postIDs.indices.filter { !isShown.contains($0) }.sorted { postIDs[$0] < postIDs[$1] }
        self.positions = shown + rest
        self.postIDs = postIDs
        self.shownCount = shown.count
    }

    /// One row of D as a linear form in the scores: D_j = s_first − s_second − tie.
    private func form(at j: Int) -> (first: Int, second: Int, tie: Int64)? {
        let k = shownCount
        if j < k - 1 {
            let (a, b) = (positions[j], positions[j + 1])
            return (a, b, postIDs[a] > postIDs[b] ? 1 : 0)
        }
        if k >= 1, j >= k, j < positions.count {
            let (a, b) = (positions[k - 1], positions[j])
            return (a, b, postIDs[a] > postIDs[b] ? 1 : 0)
        }
        return nil
    }

    /// D for the given scores (padded to `paddedCount` with zeros).
    /// - Throws: ``RankingError/rankingMismatch(_:)`` naming the first pair out of order.
    func differences(scores: [Int64], paddedCount: Int) throws(RankingError) -> [Int64] {
        var d = [Int64](repeating: 0, count: paddedCount)
        for j in 0..<positions.count {
            guard let f = form(at: j) else { continue }
            let value = scores[f.first] - scores[f.second] - f.tie
            guard value >= 0 else {
                throw .rankingMismatch(
                    "post \(postIDs[f.second]) ranks before post \(postIDs[f.first]) under the committed model")
            }
            d[j] = value
        }
        return d
    }

    /// The verifier's view of D~(ρ) = Σ_c L_c·s_c − K at a point ρ over the N positions: (L, K).
    /// - Complexity: O(N).
    func linearForm(at point: [Scalar], paddedCount: Int) -> (weights: [Scalar], constant: Scalar) {
        let eq = EqualityPolynomial.table(at: point)
        var weights = [Scalar](repeating: .zero, count: paddedCount)
        var constant = Scalar.zero
        for j in 0..<positions.count {
            guard let f = form(at: j) else { continue }
            weights[f.first] += eq[j]
            weights[f.second] -= eq[j]
            if f.tie != 0 { constant += eq[j] }
        }
        return (weights, constant)
    }
}
