import FeedProofTestSupport
import Model
import Testing

@Suite struct QuantizationTests {
    @Test func smallModelShapesAndConstants() throws {
        let float = ModelTestModels.random()
        let model = try QuantizedRanker(float, calibration: ModelTestModels.features(for: float, count: 64))
        let d = model.descriptor
        #expect(d.layers.count == 3)
        #expect(d.layers.map(\.role) == [.trunk, .trunk, .heads])
        #expect(d.layers.map(\.inputs) == [13, 16, 8])
        #expect(d.headCount == 3)
        #expect(d.inputWidth == float.inputWidth)
        // Embeddings at most 0.5, dense at most 20: m = min(⌊127.49/max|e|⌋, ⌊32767/20⌋) ≥ 254.
        #expect(d.inputScale >= 254 && d.inputScale * 20 <= 32_767)
        for layer in d.layers {
            #expect(layer.multiplier >= 1 && layer.multiplier < 1 << 15)
            #expect((1...62).contains(layer.shift))
            #expect(ModelDescriptor.accumulatorBoundHolds(inputs: layer.inputs, multiplier: layer.multiplier))
            #expect(layer.hyraxRowLength >= layer.inputs + 1 && layer.hyraxRowLength & (layer.hyraxRowLength - 1) == 0)
        }
        #expect(model.layerWeights.allSatisfy { $0.allSatisfy { $0 != Int8.min } })
        #expect(model.layerWeights.allSatisfy { $0.contains { abs(Int($0)) == 127 } }, "max-abs maps to ±127")
        #expect(model.parameterCount == float.parameterCount)
        #expect(throws: Never.self) { try d.validate() }
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func ranksLikeTheFloatModel(seed: UInt64) throws {
        let float = ModelTestModels.random(trunk: [32, 16], seed: seed)
        let model = try QuantizedRanker(
            float, calibration: ModelTestModels.features(for: float, count: 256, seed: seed &+ 1))
        let requests = (0..<5).map { r in
            let features = ModelTestModels.features(for: float, count: 300, seed: seed &* 31 &+ UInt64(r))
            return AccuracyReport.Request(features: features, postIDs: features.indices.map { Int64($0) * 7 + 1 })
        }
        let report = AccuracyReport.compare(float: float, quantized: model, requests: requests)
        #expect(report.requestCount == 5)
        #expect(report.meanTopKOverlap >= 0.8, "seed \(seed): \(report)")
        #expect(report.meanKendallTau >= 0.9, "seed \(seed): \(report)")
        // The integer score approximates the float score through scoreScale.
        let features = requests[0].features
        let integer = model.scores(features)
        for (f, s) in zip(features, integer) {
            #expect(abs(Double(s) * model.scoreScale - Double(float.score(f))) < 0.1, "seed \(seed)")
        }
    }

    @Test func kendallTau() {
        #expect(AccuracyReport.kendallTauB([1, 2, 3, 4], [10, 20, 30, 40]) == 1)
        #expect(AccuracyReport.kendallTauB([1, 2, 3, 4], [4, 3, 2, 1]) == -1)
        #expect(abs(AccuracyReport.kendallTauB([1, 2, 3], [1, 3, 2]) - 1.0 / 3) < 1e-12)
        #expect(AccuracyReport.kendallTauB([1], [1]) == 1)
    }

    @Test func referenceSizeModel() throws {
        // 32 dense + 2×16 embedding dims → 256 → 256 → 64 → 4 heads: the benchmarks' ≈100K-weight MLP.
        let float = ModelTestModels.random(
            dense: 32, embeddings: [(100, 16), (50, 16)], trunk: [256, 256, 64], heads: 4, seed: 21)
        let dense = 64 * 256 + 256 * 256 + 256 * 64 + 64 * 4
        #expect(dense == 98_560)
        let model = try QuantizedRanker(float, calibration: ModelTestModels.features(for: float, count: 16))
        #expect(model.layerWeights.reduce(0) { $0 + $1.count } == dense)
        #expect(model.descriptor.layers.map(\.hyraxRowLength) == [128, 512, 512, 128])
        let inputs = ModelTestModels.features(for: float, count: 8, seed: 22)
        #expect(model.scores(inputs) == inputs.map(model.score))
    }

    @Test(arguments: ["emb1", "fc0.weights", "fc1.bias", "heads.weights", "headWeights"])
    func refusesNonFiniteWeights(tensor: String) {
        var float = ModelTestModels.random()
        switch tensor {
        case "emb1": float.embeddings[1].table[5] = .nan
        case "fc0.weights": float.trunk[0].weights[3] = .infinity
        case "fc1.bias": float.trunk[1].bias[0] = .nan
        case "heads.weights": float.heads.weights[0] = -.infinity
        default: float.headWeights[2] = .nan
        }
        let expected = tensor == "emb1" ? "embedding emb1" : tensor
        #expect(throws: QuantizationError.nonFiniteWeight(tensor: expected)) {
            try QuantizedRanker(float, calibration: ModelTestModels.features(for: float, count: 8))
        }
    }

    @Test func refusesAccumulatorOverflow() throws {
        let float = ModelTestModels.random()
        // With 40-bit multipliers, (h_in + 2^9)·2^22·M ≥ 2^62 for the first layer already.
        do {
            _ = try QuantizedRanker(
                float, calibration: ModelTestModels.features(for: float, count: 8),
                options: QuantizationOptions(multiplierBits: 40))
            Issue.record("expected an accumulator bound error")
        } catch {
            guard case .accumulatorBoundExceeded(let layer, let inputs, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(layer == "fc0" && inputs == 13)
            #expect(error.description.contains("fc0"))
        }
        // The bound itself, at its edge.
        #expect(ModelDescriptor.accumulatorBoundHolds(inputs: 512, multiplier: (1 << 30) - 1))
        #expect(!ModelDescriptor.accumulatorBoundHolds(inputs: 512, multiplier: 1 << 30))
        // A wide layer breaks it with ordinary multipliers: 2^25 inputs at M = 2^15.
        #expect(!ModelDescriptor.accumulatorBoundHolds(inputs: 1 << 25, multiplier: 1 << 15))
    }

    @Test func integerPartsAreChecked() throws {
        let float = ModelTestModels.random()
        let model = try QuantizedRanker(float, calibration: ModelTestModels.features(for: float, count: 8))
        let rebuilt = try QuantizedRanker(
            descriptor: model.descriptor, embeddingTables: model.embeddingTables, layerWeights: model.layerWeights,
            layerBiases: model.layerBiases, headWeights: model.headWeights)
        let inputs = ModelTestModels.features(for: float, count: 20)
        #expect(rebuilt.scores(inputs) == model.scores(inputs))
        var weights = model.layerWeights
        weights[1].removeLast()
        #expect(throws: QuantizationError.self) {
            try QuantizedRanker(
                descriptor: model.descriptor, embeddingTables: model.embeddingTables, layerWeights: weights,
                layerBiases: model.layerBiases, headWeights: model.headWeights)
        }
        // A layer whose multiplier breaks the accumulator bound is refused here too (by name).
        var descriptor = model.descriptor
        descriptor.layers[1].multiplier = 1 << 36
        do {
            _ = try QuantizedRanker(
                descriptor: descriptor, embeddingTables: model.embeddingTables, layerWeights: model.layerWeights,
                layerBiases: model.layerBiases, headWeights: model.headWeights)
            Issue.record("expected a descriptor error")
        } catch {
            #expect(error.description.contains("fc1") && error.description.contains("accumulator bound"))
        }
    }

    @Test func refusesDenseFeatureTooLarge() {
        let float = ModelTestModels.random()
        let names = ["likes", "shares", "replies", "age", "media", "follows"]
        #expect(throws: QuantizationError.denseFeatureOutOfRange(feature: "replies", value: 200, inputScale: 200)) {
            try QuantizedRanker(
                float, calibration: ModelTestModels.features(for: float, count: 8),
                options: QuantizationOptions(
                    denseFeatureNames: names, denseFeatureBounds: [1, 1, 200, 1, 1, 1], inputScale: 200))
        }
        #expect(throws: QuantizationError.denseFeatureOutOfRange(feature: "#0", value: 40_000, inputScale: 1)) {
            try QuantizedRanker(
                float, calibration: [FeatureVector(dense: [40_000, 0, 0, 0, 0, 0], ids: [0, 0])])
        }
        // At inference, the same input is reported by validate (and clamped by the golden model).
        if let model = try? QuantizedRanker(float, calibration: ModelTestModels.features(for: float, count: 8)) {
            #expect(throws: QuantizationError.self) {
                try model.validate(FeatureVector(dense: [40_000, 0, 0, 0, 0, 0], ids: [0, 0]))
            }
            #expect(throws: Never.self) { try model.validate(FeatureVector(dense: [1, 2, 3, 4, 5, 6], ids: [1, 1])) }
        } else {
            Issue.record("quantization failed")
        }
    }

    @Test func refusesBadShapesAndOptions() {
        var float = ModelTestModels.random()
        float.trunk[1].weights.removeLast()
        #expect(throws: QuantizationError.self) {
            try QuantizedRanker(float, calibration: ModelTestModels.features(for: float, count: 8))
        }
        let good = ModelTestModels.random()
        #expect(throws: QuantizationError.emptyCalibration) { try QuantizedRanker(good, calibration: []) }
        #expect(throws: QuantizationError.self) {
            try QuantizedRanker(
                good, calibration: ModelTestModels.features(for: good, count: 8),
                options: QuantizationOptions(multiplierBits: 0))
        }
    }
}
