import FeedProofTestSupport
import Model
import Testing

/// A deliberately plain reference of the golden model, written from the descriptor's documentation:
/// Int64 loops, floor division spelled out.
private func naiveScore(_ model: QuantizedRanker, _ features: FeatureVector) -> Int64 {
    let d = model.descriptor
    var x: [Int64] = []
    for i in 0..<d.denseFeatureCount {
        let value = i < features.dense.count ? Int64(features.dense[i]) * Int64(d.inputScale) : 0
        x.append(min(32_767, max(-32_767, value)))
    }
    for (e, shape) in d.embeddings.enumerated() {
        var id = shape.idFeature < features.ids.count ? Int(features.ids[shape.idFeature]) : 0
        if id < 0 || id >= shape.rows { id = 0 }
        for j in 0..<shape.dimension { x.append(Int64(model.embeddingTables[e][id * shape.dimension + j])) }
    }
    for (l, layer) in d.layers.enumerated() {
        var y: [Int64] = []
        for o in 0..<layer.outputs {
            var z = Int64(model.layerBiases[l][o])
            for i in 0..<layer.inputs { z += Int64(model.layerWeights[l][o * layer.inputs + i]) * x[i] }
            let numerator = layer.multiplier * z + (Int64(1) << (layer.shift - 1))
            let denominator = Int64(1) << layer.shift
            var q = numerator / denominator
            if numerator % denominator != 0 && numerator < 0 { q -= 1 }
            y.append(min(layer.activationUpper, max(layer.activationLower, q)))
        }
        x = y
    }
    var score: Int64 = 0
    for h in 0..<x.count {
        let sigma = Int64(d.sigmoid.entries[Int(x[h] - d.sigmoid.lowerBound)])
        score += Int64(model.headWeights[h]) * sigma
    }
    return score
}

@Suite struct GoldenInferenceTests {
    static let seeds: [UInt64] = [1, 2, 3, 4]

    @Test(arguments: seeds) func matchesNaiveReferenceBitForBit(seed: UInt64) throws {
        let float = ModelTestModels.random(trunk: [24, 12], seed: seed)
        let calibration = ModelTestModels.features(for: float, count: 64, seed: seed &+ 100)
        let model = try QuantizedRanker(float, calibration: calibration)
        // Inputs beyond the calibration range too (dense up to 200: clamped or saturated values are exercised).
        let inputs = ModelTestModels.features(for: float, count: 300, maxDense: 200, seed: seed &+ 200)
        let batch = model.scores(inputs)
        for (index, features) in inputs.enumerated() {
            let expected = naiveScore(model, features)
            #expect(batch[index] == expected, "seed \(seed), candidate \(index)")
            #expect(model.score(features) == expected, "seed \(seed), candidate \(index)")
            #expect(model.trace(features).score == expected, "seed \(seed), candidate \(index)")
        }
    }

    @Test func oddWidthsAndBatchSizesAgree() throws {
        // Widths not a multiple of 16, batches not a multiple of 4 or of the parallel chunk.
        let float = ModelTestModels.random(dense: 5, embeddings: [(7, 5)], trunk: [33, 17, 9], heads: 5, seed: 9)
        let calibration = ModelTestModels.features(for: float, count: 40, seed: 10)
        let model = try QuantizedRanker(float, calibration: calibration)
        for count in [0, 1, 3, 5, 63, 64, 65, 131] {
            let inputs = ModelTestModels.features(for: float, count: count, seed: UInt64(count) + 11)
            #expect(model.scores(inputs) == inputs.map { naiveScore(model, $0) }, "batch of \(count)")
        }
    }

    @Test func wideLayersSpanSeveralAccumulationChunks() throws {
        // 300 and 520 inputs: the kernel sums 256 inputs in Int32 at a time, then adds in Int64.
        let float = ModelTestModels.random(dense: 3, embeddings: [(9, 4)], trunk: [300, 520, 6], heads: 2, seed: 31)
        let model = try QuantizedRanker(float, calibration: ModelTestModels.features(for: float, count: 16, seed: 32))
        let inputs = ModelTestModels.features(for: float, count: 9, maxDense: 60, seed: 33)
        #expect(model.scores(inputs) == inputs.map { naiveScore(model, $0) })
    }

    @Test(arguments: seeds) func traceSatisfiesEveryIdentity(seed: UInt64) throws {
        let float = ModelTestModels.random(seed: seed)
        let calibration = ModelTestModels.features(for: float, count: 32, seed: seed &+ 1)
        let model = try QuantizedRanker(float, calibration: calibration)
        for features in ModelTestModels.features(for: float, count: 100, maxDense: 100, seed: seed &+ 2) {
            let trace = model.trace(features)
            var previous = trace.input
            for (layer, values) in zip(model.descriptor.layers, trace.layers) {
                let k = Int64(layer.shift)
                for o in 0..<layer.outputs {
                    let (z, q, r, a, b, c) = (
                        values.z[o], values.q[o], values.r[o], values.a[o], values.b[o], values.c[o]
                    )
                    // Requantization: M·Z + 2^(k−1) = 2^k·Q + R, R ∈ [0, 2^k).
                    #expect(layer.multiplier * z + (1 << (k - 1)) == (q << k) + r, "layer \(layer.name)")
                    #expect(r >= 0 && r < 1 << k, "layer \(layer.name)")
                    // Clamp: Q = A − B + C, (A − lower)·B = 0, C·(upper − A) = 0, all in range.
                    #expect(q == a - b + c)
                    #expect((a - layer.activationLower) * b == 0)
                    #expect(c * (layer.activationUpper - a) == 0)
                    #expect(a >= layer.activationLower && a <= layer.activationUpper)
                    #expect(b >= 0 && c >= 0 && b < 1 << 32 && c < 1 << 32)
                    #expect(abs(q) <= layer.requantizedBound, "layer \(layer.name): |Q| beyond the descriptor bound")
                    if layer.role == .trunk { #expect(b == 0 || a == 0) }
                }
                // Z really is W·A + b of the previous layer's output.
                let weights = model.layerWeights[model.descriptor.layers.firstIndex(of: layer) ?? 0]
                let bias = model.layerBiases[model.descriptor.layers.firstIndex(of: layer) ?? 0]
                for o in 0..<layer.outputs {
                    var z = Int64(bias[o])
                    for i in 0..<layer.inputs { z += Int64(weights[o * layer.inputs + i]) * previous[i] }
                    #expect(z == values.z[o])
                }
                previous = values.a
            }
            #expect(trace.sigmoidInputs == trace.layers.last?.a)
            #expect(trace.sigmoidOutputs == trace.sigmoidInputs.map { model.descriptor.sigmoid.output(at: $0) })
            #expect(trace.sigmoidOutputs.allSatisfy { (0...32_767).contains($0) })
            #expect(abs(trace.score) <= model.descriptor.scoreBound)
            #expect(trace.headLogits == trace.layers.last?.q)
        }
    }

    @Test func deterministicAcrossRuns() throws {
        let float = ModelTestModels.random(seed: 5)
        let calibration = ModelTestModels.features(for: float, count: 32, seed: 6)
        let first = try QuantizedRanker(float, calibration: calibration)
        let second = try QuantizedRanker(float, calibration: calibration)
        #expect(first.descriptor == second.descriptor)
        #expect(first.layerWeights == second.layerWeights)
        let inputs = ModelTestModels.features(for: float, count: 200, seed: 7)
        #expect(first.scores(inputs) == second.scores(inputs))
        #expect(first.scores(inputs) == first.scores(inputs))
    }

    @Test func sigmoidTableIsStandard() throws {
        let table = try SigmoidTable.standard()
        #expect(table.entries.count == 1 << 14)
        #expect(table.output(at: 0) == 16_384)
        #expect(table.output(at: table.lowerBound) >= 0 && table.output(at: table.lowerBound) < 20)
        #expect(table.output(at: table.upperBound) <= 32_767 && table.output(at: table.upperBound) > 32_740)
        #expect(throws: DescriptorError.self) {
            try SigmoidTable(inputBits: 2, inputFractionBits: 0, entries: [5, 4, 6, 7])
        }
    }
}
