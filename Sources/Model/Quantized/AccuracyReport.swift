/// How closely the quantized ranker ranks like the float one (DESIGN.md §3: the accuracy cost of quantization).
public struct AccuracyReport: Sendable, Equatable {
    /// One request: its candidates' features and post ids (paired by index).
    public struct Request: Sendable, Equatable {
        /// The candidates' features.
        public var features: [FeatureVector]
        /// The candidates' post ids.
        public var postIDs: [Int64]

        /// A request.
        public init(features: [FeatureVector], postIDs: [Int64]) {
            self.features = features
            self.postIDs = postIDs
        }
    }

    /// Number of requests compared.
    public var requestCount: Int
    /// The k of the top-k overlap.
    public var k: Int
    /// Mean over requests of |top-k(float) ∩ top-k(quantized)| / k.
    public var meanTopKOverlap: Double
    /// The smallest per-request overlap.
    public var minimumTopKOverlap: Double
    /// Mean over requests of Kendall's τ-b between the float and quantized scores (full ranking).
    public var meanKendallTau: Double
    /// The smallest per-request τ-b.
    public var minimumKendallTau: Double

    /// Compares the two rankers on `requests`; both rankings use the ranking rule (ties by ascending post id).
    ///
    /// - Complexity: O(Σ n²) for τ (1,500 candidates: about a million pairs per request).
    public static func compare(
        float: FloatRanker, quantized: QuantizedRanker, requests: [Request], k: Int = 10
    ) -> AccuracyReport {
        var overlaps: [Double] = []
        var taus: [Double] = []
        let rule = quantized.descriptor.rankingRule
        for request in requests {
            let n = min(request.features.count, request.postIDs.count)
            guard n > 0 else { continue }
            let features = Array(request.features.prefix(n))
            let ids = Array(request.postIDs.prefix(n))
            let floatScores = features.map { Double(float.score($0)) }
            let integerScores = quantized.scores(features)
            let kk = min(k, n)
            let floatOrder = Array(0..<n).sorted {
                floatScores[$0] != floatScores[$1] ? floatScores[$0] > floatScores[$1] : ids[$0] < ids[$1]
            }
            let floatTop = Set(floatOrder.prefix(kk))
            let integerTop = Set(rule.rank(scores: integerScores, postIDs: ids, k: kk))
            overlaps.append(kk == 0 ? 1 : Double(floatTop.intersection(integerTop).count) / Double(kk))
            taus.append(kendallTauB(floatScores, integerScores.map(Double.init)))
        }
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 1 : values.reduce(0, +) / Double(values.count) }
        return AccuracyReport(
            requestCount: overlaps.count, k: k, meanTopKOverlap: mean(overlaps),
            minimumTopKOverlap: overlaps.min() ?? 1, meanKendallTau: mean(taus), minimumKendallTau: taus.min() ?? 1)
    }

    /// Kendall's τ-b of two score lists (1 when every pair is ordered alike; ties count as in τ-b; 1 when
    /// either list is constant or shorter than 2).
    ///
    /// - Complexity: O(n²).
    public static func kendallTauB(_ x: [Double], _ y: [Double]) -> Double {
        let n = min(x.count, y.count)
        var concordant = 0
        var discordant = 0
        var tiesX = 0
        var tiesY = 0
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                let dx = x[i] - x[j]
                let dy = y[i] - y[j]
                if dx == 0 && dy == 0 { continue }
                if dx == 0 {
                    tiesX += 1
                    continue
                }
                if dy == 0 {
                    tiesY += 1
                    continue
                }
                if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 }
            }
        }
        let denominator = (Double(concordant + discordant + tiesX) * Double(concordant + discordant + tiesY))
            .squareRoot()
        return denominator == 0 ? 1 : Double(concordant - discordant) / denominator
    }
}
