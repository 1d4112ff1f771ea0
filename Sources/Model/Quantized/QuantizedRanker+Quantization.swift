import Foundation

extension QuantizedRanker {
    /// Quantizes a float ranker, calibrating each trunk layer's output scale on `calibration` (feature vectors
    /// of sample requests). Scale choices: see ``QuantizedRanker``.
    ///
    /// Throws, naming the tensor, layer or feature: NaN/infinite weights, a dense feature whose m·x does not fit
    /// int16, a bias beyond int32, a layer whose accumulator bound `h_in·2^7·2^15·M < 2^62` fails, a requantized
    /// bound too large for the range checks, inconsistent shapes.
    public init(
        _ float: FloatRanker, calibration: [FeatureVector], options: QuantizationOptions = QuantizationOptions()
    ) throws(QuantizationError) {
        guard !calibration.isEmpty else { throw .emptyCalibration }
        guard (1...48).contains(options.multiplierBits) else {
            throw .invalidOption("multiplierBits \(options.multiplierBits) is not in 1...48")
        }
        guard options.calibrationQuantile > 0, options.calibrationQuantile <= 1 else {
            throw .invalidOption("calibrationQuantile must be in (0, 1]")
        }
        try Self.checkShapesAndValues(float)
        let sigmoid: SigmoidTable
        do {
            sigmoid = try SigmoidTable.standard(
                inputBits: options.sigmoidInputBits, inputFractionBits: options.sigmoidFractionBits)
        } catch { throw .invalidDescriptor(error) }

        // Input scale 1/m.
        func featureName(_ index: Int) -> String {
            options.denseFeatureNames.indices.contains(index)
                ? options.denseFeatureNames[index] : "#\(index)"
        }
        var denseBounds = [Int64](repeating: 0, count: float.denseFeatureCount)
        if let given = options.denseFeatureBounds {
            guard given.count == float.denseFeatureCount else {
                throw .invalidOption("\(given.count) dense feature bounds for \(float.denseFeatureCount) features")
            }
            denseBounds = given.map { $0.magnitude > UInt64(Int64.max) ? Int64.max : Int64($0.magnitude) }
        } else {
            for vector in calibration {
                for (index, value) in vector.dense.prefix(float.denseFeatureCount).enumerated() {
                    denseBounds[index] = max(denseBounds[index], Int64(value.magnitude))
                }
            }
        }
        let maxEmbedding = float.embeddings.reduce(Float(0)) { partial, table in
            table.table.reduce(partial) { max($0, abs($1)) }
        }
        let inputScale: Int
        if let fixed = options.inputScale {
            guard (1...32_767).contains(fixed) else { throw .invalidOption("inputScale \(fixed) is not in 1...32767") }
            inputScale = fixed
        } else {
            var m = 32_767
            if maxEmbedding > 0 { m = min(m, max(1, Int((127.49 / Double(maxEmbedding)).rounded(.down)))) }
            if let largest = denseBounds.max(), largest > 0 { m = min(m, max(1, Int(32_767 / largest))) }
            inputScale = m
        }
        for (index, bound) in denseBounds.enumerated() {
            let (product, overflow) = bound.multipliedReportingOverflow(by: Int64(inputScale))
            if overflow || product > 32_767 {
                throw .denseFeatureOutOfRange(feature: featureName(index), value: bound, inputScale: inputScale)
            }
        }

        // Embeddings: int8 at scale 1/m.
        let m = Double(inputScale)
        let embeddingTables = float.embeddings.map { table in
            table.table.map { Int8(max(-127, min(127, (Double($0) * m).rounded()))) }
        }

        // Calibration: the float trunk's ReLU outputs per layer.
        let layers = float.trunk + [float.heads]
        var observed = [[Float]](repeating: [], count: float.trunk.count)
        for vector in calibration {
            var x = Self.floatInput(float, vector)
            for (index, layer) in float.trunk.enumerated() {
                x = layer.apply(x)
                observed[index].append(x.max() ?? 0)
            }
        }

        var inputScaleReal = 1 / m
        var descriptors: [ModelDescriptor.Layer] = []
        var weights: [[Int8]] = []
        var biases: [[Int32]] = []
        for (index, layer) in layers.enumerated() {
            let isHead = index == layers.count - 1
            let maxWeight = Double(layer.weights.reduce(Float(0)) { max($0, abs($1)) })
            let weightScale = maxWeight > 0 ? maxWeight / 127 : 1
            let w = layer.weights.map { Int8(max(-127, min(127, (Double($0) / weightScale).rounded()))) }
            let accumulatorScale = weightScale * inputScaleReal
            var b: [Int32] = []
            for value in layer.bias {
                let q = (Double(value) / accumulatorScale).rounded()
                guard q.magnitude < 2_147_483_648 else { throw .biasOutOfRange(layer: layer.name) }
                b.append(Int32(q))
            }
            let outputScale: Double
            if isHead {
                outputScale = 1 / Double(1 << options.sigmoidFractionBits)
            } else {
                var values = observed[index].map { Double($0) }
                values.sort()
                let position = Int((Double(values.count - 1) * options.calibrationQuantile).rounded(.up))
                let top = values[min(max(position, 0), values.count - 1)]
                outputScale = top > 0 ? top / 32_767 : accumulatorScale
            }
            let (multiplier, shift) = try Self.multiplierAndShift(
                ratio: accumulatorScale / outputScale, bits: options.multiplierBits, layer: layer.name)
            guard ModelDescriptor.accumulatorBoundHolds(inputs: layer.inputs, multiplier: multiplier) else {
                throw .accumulatorBoundExceeded(layer: layer.name, inputs: layer.inputs, multiplier: multiplier)
            }
            let inputBound: (Int) -> Int64 = { column in
                index == 0 && column >= float.denseFeatureCount ? 127 : 32_767
            }
            let bound = Self.requantizedBound(
                weights: w, bias: b, inputs: layer.inputs, multiplier: multiplier, shift: shift, inputBound: inputBound)
            guard bound < Int64(1) << 31 else { throw .activationBoundExceeded(layer: layer.name, bound: bound) }
            descriptors.append(
                ModelDescriptor.Layer(
                    name: layer.name, role: isHead ? .heads : .trunk, inputs: layer.inputs, outputs: layer.outputs,
                    multiplier: multiplier, shift: shift, activationLower: isHead ? sigmoid.lowerBound : 0,
                    activationUpper: isHead ? sigmoid.upperBound : 32_767, requantizedBound: bound,
                    hyraxRowLength: ModelDescriptor.powerOfTwo(atLeast: layer.inputs + 1)))
            weights.append(w)
            biases.append(b)
            // The next layer's input scale is what this layer's integers actually mean: s_in·s_w·2^k/M.
            inputScaleReal = accumulatorScale * Double(Int64(1) << shift) / Double(multiplier)
        }

        let maxHead = Double(float.headWeights.reduce(Float(0)) { max($0, abs($1)) })
        let headScale = maxHead > 0 ? maxHead / 127 : 1
        let headWeights = float.headWeights.map { Int8(max(-127, min(127, (Double($0) / headScale).rounded()))) }

        let descriptor = ModelDescriptor(
            featureSchema: options.featureSchema, denseFeatureCount: float.denseFeatureCount,
            inputScale: inputScale,
            embeddings: float.embeddings.map {
                ModelDescriptor.EmbeddingShape(
                    name: $0.name, idFeature: $0.idFeature, rows: $0.rows, dimension: $0.dimension,
                    hyraxRowLength: ModelDescriptor.powerOfTwo(atLeast: $0.dimension))
            },
            layers: descriptors,
            headWeightsHyraxRowLength: ModelDescriptor.powerOfTwo(atLeast: float.headWeights.count),
            sigmoid: sigmoid, rankingRule: options.rankingRule)
        try self.init(
            descriptor: descriptor, embeddingTables: embeddingTables, layerWeights: weights, layerBiases: biases,
            headWeights: headWeights, scoreScale: headScale / 32_768)
    }

    /// M and k with M/2^k ≈ ratio, M < 2^bits, k ∈ 1...62 as large as possible.
    static func multiplierAndShift(ratio: Double, bits: Int, layer: String) throws(QuantizationError)
        -> (Int64, Int)
    {
        guard ratio.isFinite, ratio > 0 else { throw .unrepresentableScale(layer: layer) }
        let limit = Double(Int64(1) << bits)
        for shift in stride(from: 62, through: 1, by: -1) {
            let m = (ratio * Double(Int64(1) << shift)).rounded()
            if m < limit {
                guard m >= 1 else { throw .unrepresentableScale(layer: layer) }
                return (Int64(m), shift)
            }
        }
        // Even k = 1 needs M ≥ 2^bits: allowed, the accumulator bound decides.
        let m = (ratio * 2).rounded()
        guard m < 9.0e18 else { throw .unrepresentableScale(layer: layer) }
        return (Int64(m), 1)
    }

    /// max over rows of ⌈(M·Zmax + 2^(k−1)) / 2^k⌉ with Zmax = Σ|W|·(input bound) + |b|: a bound on |Q|.
    static func requantizedBound(
        weights: [Int8], bias: [Int32], inputs: Int, multiplier: Int64, shift: Int, inputBound: (Int) -> Int64
    ) -> Int64 {
        var worst: Int64 = 0
        for row in bias.indices {
            var z = Int64(bias[row].magnitude)
            for column in 0..<inputs {
                z += Int64(weights[row * inputs + column].magnitude) * inputBound(column)
            }
            // The accumulator bound holds, so M·z < 2^62.
            let q = (multiplier * z + (Int64(1) << (shift - 1)) + (Int64(1) << shift) - 1) >> shift
            worst = max(worst, q)
        }
        return worst
    }

    static func checkShapesAndValues(_ float: FloatRanker) throws(QuantizationError) {
        guard float.denseFeatureCount >= 0 else { throw .shapeMismatch("negative dense feature count") }
        for table in float.embeddings {
            guard table.rows >= 1, table.dimension >= 1, table.idFeature >= 0,
                table.table.count == table.rows * table.dimension
            else { throw .shapeMismatch("embedding \(table.name): table size is not rows × dimension") }
            guard table.table.allSatisfy(\.isFinite) else { throw .nonFiniteWeight(tensor: "embedding \(table.name)") }
        }
        var width = float.inputWidth
        for layer in float.trunk + [float.heads] {
            guard layer.inputs == width, layer.outputs >= 1, layer.weights.count == layer.inputs * layer.outputs,
                layer.bias.count == layer.outputs
            else { throw .shapeMismatch("layer \(layer.name): expected \(width) inputs and outputs × inputs weights") }
            guard layer.weights.allSatisfy(\.isFinite) else { throw .nonFiniteWeight(tensor: "\(layer.name).weights") }
            guard layer.bias.allSatisfy(\.isFinite) else { throw .nonFiniteWeight(tensor: "\(layer.name).bias") }
            width = layer.outputs
        }
        guard float.headWeights.count == float.heads.outputs else {
            throw .shapeMismatch("\(float.headWeights.count) head weights for \(float.heads.outputs) heads")
        }
        guard float.headWeights.allSatisfy(\.isFinite) else { throw .nonFiniteWeight(tensor: "headWeights") }
    }

    static func floatInput(_ float: FloatRanker, _ features: FeatureVector) -> [Float] {
        var x = [Float](repeating: 0, count: float.denseFeatureCount)
        for (index, value) in features.dense.prefix(float.denseFeatureCount).enumerated() { x[index] = Float(value) }
        for embedding in float.embeddings {
            let id = features.ids.indices.contains(embedding.idFeature) ? Int(features.ids[embedding.idFeature]) : 0
            let row = (0..<embedding.rows).contains(id) ? id : 0
            x += embedding.table[(row * embedding.dimension)..<((row + 1) * embedding.dimension)]
        }
        return x
    }
}
