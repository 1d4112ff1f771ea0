/// How integer scores become a ranked list (DESIGN.md §1): descending score, ties broken by ascending post id,
/// the first k shown.
public enum RankingRule: UInt8, Sendable, Equatable, Codable {
    /// Descending score; equal scores by ascending post id.
    case scoreDescendingThenPostIDAscending = 1

    /// Whether candidate a (score, id) ranks strictly before candidate b.
    @inlinable
    public func ranksBefore(_ a: (score: Int64, id: Int64), _ b: (score: Int64, id: Int64)) -> Bool {
        a.score != b.score ? a.score > b.score : a.id < b.id
    }

    /// The indices of the top `k` candidates in rank order (k is clamped to [0, n]; scores and ids are paired
    /// by index, extra entries of the longer array are ignored).
    ///
    /// - Complexity: O(n log n).
    public func rank(scores: [Int64], postIDs: [Int64], k: Int) -> [Int] {
        let n = min(scores.count, postIDs.count)
        var order = Array(0..<n)
        order.sort { ranksBefore((scores[$0], postIDs[$0]), (scores[$1], postIDs[$1])) }
        return Array(order.prefix(max(0, min(k, n))))
    }

    /// Whether `shown` is exactly the top-k under this rule: the inverse check the prover's statement encodes
    /// (each shown candidate ranks before the next, and the k-th ranks before every candidate not shown).
    ///
    /// - Complexity: O(n).
    public func isTopK(_ shown: [Int], scores: [Int64], postIDs: [Int64]) -> Bool {
        let n = min(scores.count, postIDs.count)
        guard shown.count <= n, Set(shown).count == shown.count, shown.allSatisfy({ (0..<n).contains($0) }) else {
            return false
        }
        for j in 0..<max(0, shown.count - 1)
        where !ranksBefore((scores[shown[j]], postIDs[shown[j]]), (scores[shown[j + 1]], postIDs[shown[j + 1]])) {
            return false
        }
        guard let last = shown.last else { return true }
        let isShown = Set(shown)
        for i in 0..<n where !isShown.contains(i) {
            if !ranksBefore((scores[last], postIDs[last]), (scores[i], postIDs[i])) { return false }
        }
        return true
    }
}
