/// Every intermediate value of one candidate's golden inference: the witness the prover commits to
/// (DESIGN.md §2, per-request proof step 1). All are small integers.
public struct InferenceTrace: Sendable, Equatable {
    /// One layer's values, one entry per output neuron.
    public struct Layer: Sendable, Equatable {
        /// The accumulator Z = W·A + b.
        public var z: [Int64]
        /// Q = ⌊(M·Z + 2^(k−1)) / 2^k⌋.
        public var q: [Int64]
        /// R = M·Z + 2^(k−1) − 2^k·Q ∈ [0, 2^k).
        public var r: [Int64]
        /// A = clamp(Q, lower, upper): the layer's output.
        public var a: [Int64]
        /// B = max(lower − Q, 0) (Q = A − B + C).
        public var b: [Int64]
        /// C = max(Q − upper, 0).
        public var c: [Int64]
    }

    /// The first layer's input: clamp(m·x) for dense features, then embedding entries.
    public var input: [Int64]
    /// Trunk layers, then the head layer (whose A are the sigmoid table inputs).
    public var layers: [Layer]
    /// σ_h = table[A_h] of the head layer, at scale 2^−15.
    public var sigmoidOutputs: [Int64]
    /// score = Σ_h w_h·σ_h.
    public var score: Int64

    /// The head logits: the head layer's requantized Q (before the clamp to the table's domain).
    public var headLogits: [Int64] { layers.last?.q ?? [] }

    /// The head logits after requantization and clamping (the sigmoid table inputs).
    public var sigmoidInputs: [Int64] { layers.last?.a ?? [] }
}

extension QuantizedRanker {
    /// The golden inference of one candidate with every intermediate value (a plain, unvectorized path;
    /// `trace(f).score == score(f)` always).
    public func trace(_ features: FeatureVector) -> InferenceTrace {
        let width = descriptor.inputWidth
        let stride = LayerKernel.paddedWidth(width)
        var padded = [Int16](repeating: 0, count: stride)
        padded.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { writeInput(features, into: base, stride: stride) }
        }
        var activations = padded.prefix(width).map { Int64($0) }
        let input = activations
        var layers: [InferenceTrace.Layer] = []
        for (index, layer) in descriptor.layers.enumerated() {
            let weights = layerWeights[index]
            let bias = layerBiases[index]
            var record = InferenceTrace.Layer(z: [], q: [], r: [], a: [], b: [], c: [])
            for o in 0..<layer.outputs {
                var z = Int64(bias[o])
                for i in 0..<layer.inputs { z += Int64(weights[o * layer.inputs + i]) * activations[i] }
                let shifted = layer.multiplier * z + (Int64(1) << (layer.shift - 1))
                let q = shifted >> layer.shift
                let r = shifted - (q << layer.shift)
                let a = min(max(q, layer.activationLower), layer.activationUpper)
                record.z.append(z)
                record.q.append(q)
                record.r.append(r)
                record.a.append(a)
                record.b.append(max(layer.activationLower - q, 0))
                record.c.append(max(q - layer.activationUpper, 0))
            }
            activations = record.a
            layers.append(record)
        }
        let sigmoid = activations.map { descriptor.sigmoid.output(at: $0) }
        var score: Int64 = 0
        for (w, s) in zip(headWeights, sigmoid) { score += Int64(w) * s }
        return InferenceTrace(input: input, layers: layers, sigmoidOutputs: sigmoid, score: score)
    }
}
