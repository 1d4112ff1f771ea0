import Model
import Testing

@Suite struct RankingRuleTests {
    let rule = RankingRule.scoreDescendingThenPostIDAscending

    @Test func descendingScoreThenAscendingID() {
        let scores: [Int64] = [5, 9, 5, 9, -1, 5]
        let ids: [Int64] = [30, 20, 10, 25, 1, 20]
        #expect(rule.rank(scores: scores, postIDs: ids, k: 6) == [1, 3, 2, 5, 0, 4])
        #expect(rule.rank(scores: scores, postIDs: ids, k: 3) == [1, 3, 2])
        #expect(rule.rank(scores: scores, postIDs: ids, k: 0) == [])
        #expect(rule.rank(scores: scores, postIDs: ids, k: 100).count == 6)
        #expect(rule.rank(scores: [], postIDs: [], k: 10) == [])
    }

    @Test func allTiedFallsBackToIDs() {
        let ids: [Int64] = [7, 3, 9, 1]
        #expect(rule.rank(scores: [4, 4, 4, 4], postIDs: ids, k: 4) == [3, 1, 0, 2])
    }

    @Test func topKCheck() {
        let scores: [Int64] = [5, 9, 5, 9, -1, 5]
        let ids: [Int64] = [30, 20, 10, 25, 1, 20]
        #expect(rule.isTopK([1, 3, 2], scores: scores, postIDs: ids))
        #expect(!rule.isTopK([3, 1, 2], scores: scores, postIDs: ids), "tie broken the wrong way")
        #expect(!rule.isTopK([1, 3, 5], scores: scores, postIDs: ids), "post 10 outranks post 20 at score 5")
        #expect(!rule.isTopK([1, 1], scores: scores, postIDs: ids))
        #expect(!rule.isTopK([1, 9], scores: scores, postIDs: ids))
        #expect(rule.isTopK([], scores: scores, postIDs: ids))
    }
}
