import Algebra
import Model
import Proofs

/// Every secret table of one ranking proof, from the golden integer inference of all N (padded) candidates
/// (DESIGN.md §2, per-request proof steps 1–2). Matrices are row-major P(h) × N (index = row·N + candidate).
struct RankingWitness {
    /// One layer's tables.
    struct Layer {
        /// Z = W·A + b.
        var accumulator: [Int64]
        /// A′ = A − lower (A itself for trunk layers).
        var activation: [Int64]
        /// B = max(lower − Q, 0).
        var below: [Int64]
        /// K = C + S for trunk layers, C for the head layer, with C = max(Q − upper, 0).
        var above: [Int64]
        /// R′ = 2^(k′−k)·(M·Z + 2^(k−1) − 2^k·Q), the remainder of the widened identity.
        var remainder: [Int64]
    }

    /// The first layer's input X, P(h_in) × N.
    let input: [Int64]
    /// Layers in descriptor order.
    let layers: [Layer]
    /// σ of every head, P(H) × N.
    let sigmoid: [Int64]
    /// Scores, N entries (padding candidates included).
    let scores: [Int64]
    /// The ranking differences D, N entries in layout order.
    let differences: [Int64]
    /// The aux vector V.
    let aux: [Int64]
    /// L = [A′ of the heads; σ] (also a block of V when the layout puts it there).
    let sigmoidVector: [Int64]

    /// The golden inference of every column: the candidates' in parallel chunks (the ≈100K model's 1,500 take
    /// 0.17 s on one core), and one trace of the all-zero padding candidate shared by every padding column.
    static func traces(ranker: QuantizedRanker, features: [FeatureVector], columns: Int) -> [InferenceTrace] {
        let n = min(features.count, columns)
        var traces = [InferenceTrace?](repeating: nil, count: n)
        traces.withUnsafeMutableBufferPointer { traces in
            let shared = UncheckedSendable(traces)
            ParallelChunks.forEach(count: n, chunks: n >= 64 ? 16 : 1) { range in
                for c in range { shared.value[c] = ranker.trace(features[c]) }
            }
        }
        var all = traces.compactMap { $0 }
        if columns > n {
            let padding = ranker.trace(FeatureVector(dense: [], ids: []))
            all.append(contentsOf: repeatElement(padding, count: columns - n))
        }
        return all
    }

    /// Runs the golden model on every candidate and lays out V and L.
    /// - Throws: ``RankingError/rankingMismatch(_:)`` when `order` is not the model's ranking, and
    ///   ``RankingError/invalidInput(_:)`` when a value exceeds its limbs (a descriptor bound that does not hold).
    init(ranker: QuantizedRanker, layout: RankingLayout, features: [FeatureVector], order: RankingOrder) throws(RankingError) {
        let descriptor = ranker.descriptor
        let columns = layout.paddedCandidates
        let traces = Self.traces(ranker: ranker, features: features, columns: columns)

        let inputRows = layout.layers[0].paddedInputs
        var input = [Int64](repeating: 0, count: inputRows * columns)
        for (c, trace) in traces.enumerated() {
            for (k, x) in trace.input.enumerated() { input[k * columns + c] = x }
        }
        self.input = input

        var layers: [Layer] = []
        for (index, plan) in layout.layers.enumerated() {
            let layer = plan.descriptor
            let size = plan.paddedOutputs * columns
            // Padding neurons have Z = 0 (their weights and bias are masked to zero).
            var tables = Layer(
                accumulator: [Int64](repeating: 0, count: size), activation: [], below: [], above: [],
                remainder: [])
            for (c, trace) in traces.enumerated() {
                for (o, z) in trace.layers[index].z.enumerated() { tables.accumulator[o * columns + c] = z }
            }
            let range = layer.activationUpper - layer.activationLower
            let widening = Int64(plan.protocolShift - layer.shift)
            let (multiplier, shift) = (layer.multiplier, layer.shift)
            let (lower, upper) = (layer.activationLower, layer.activationUpper)
            let isHeads = plan.isHeads
            tables.activation = [Int64](repeating: 0, count: size)
            tables.below = [Int64](repeating: 0, count: size)
            tables.above = [Int64](repeating: 0, count: size)
            tables.remainder = [Int64](repeating: 0, count: size)
            // The requantization of every entry, in parallel chunks (2^19 entries per wide layer of M).
            tables.accumulator.withUnsafeBufferPointer { z in
                tables.activation.withUnsafeMutableBufferPointer { activation in
                    tables.below.withUnsafeMutableBufferPointer { below in
                        tables.above.withUnsafeMutableBufferPointer { above in
                            tables.remainder.withUnsafeMutableBufferPointer { remainder in
                                let shared = UncheckedSendable((z, activation, below, above, remainder))
                                ParallelChunks.forEach(count: size, chunks: size >= 1 << 14 ? 16 : 1) { chunk in
                                    let (z, activation, below, above, remainder) = shared.value
                                    for i in chunk {
                                        let shifted = multiplier * z[i] + (Int64(1) << (shift - 1))
                                        let q = shifted >> shift
                                        let a = min(max(q, lower), upper)
                                        activation[i] = a - lower
                                        let slack = range - (a - lower)
                                        below[i] = max(lower - q, 0)
                                        above[i] = max(q - upper, 0) + (isHeads ? 0 : slack)
                                        remainder[i] = (shifted - (q << shift)) << widening
                                    }
                                }
                            }
                        }
                    }
                }
            }
            layers.append(tables)
        }
        self.layers = layers

        let heads = layout.paddedHeads
        var sigmoid = [Int64](repeating: 0, count: heads * columns)
        let lower = descriptor.sigmoid.lowerBound
        let headActivation = layers[layers.count - 1].activation
        for i in 0..<sigmoid.count { sigmoid[i] = descriptor.sigmoid.output(at: headActivation[i] + lower) }
        self.sigmoid = sigmoid
        var scores = [Int64](repeating: 0, count: columns)
        for (h, w) in ranker.headWeights.enumerated() {
            for c in 0..<columns { scores[c] += Int64(w) * sigmoid[h * columns + c] }
        }
        self.scores = scores
        self.differences = try order.differences(scores: scores, paddedCount: columns)

        var aux = [Int64](repeating: 0, count: layout.auxShape.entryCount)
        // Limb j of each value (bits 16j… under `mask`; limb 0 under mask −1 for a whole value) written into a
        // block, without copies.
        func write(_ values: [Int64], limb j: Int, mask: Int64, at block: RankingLayout.Block) {
            aux.withUnsafeMutableBufferPointer { aux in
                values.withUnsafeBufferPointer { values in
                    let shift = Int64(16 * j)
                    for i in values.indices { aux[block.offset + i] = (values[i] >> shift) & mask }
                }
            }
        }
        func place(_ values: [Int64], at block: RankingLayout.Block) { write(values, limb: 0, mask: -1, at: block) }
        func placeLimbs(_ values: [Int64], _ blocks: [RankingLayout.Block], what: String) throws(RankingError) {
            let limit = Int64(1) << min(62, 16 * blocks.count)
            for v in values where v < 0 || v >= limit {
                throw .invalidInput("\(what) value \(v) does not fit \(blocks.count) 16-bit limbs")
            }
            for (j, block) in blocks.enumerated() { write(values, limb: j, mask: 0xFFFF, at: block) }
        }
        for (plan, tables) in zip(layout.layers, layers) {
            let name = plan.descriptor.name
            if let block = plan.activation { place(tables.activation, at: block) }
            try placeLimbs(tables.below, plan.belowLimbs, what: "layer \(name): B")
            try placeLimbs(tables.above, plan.aboveLimbs, what: "layer \(name): \(plan.isHeads ? "C" : "K")")
            try placeLimbs(tables.remainder, plan.remainderLimbs, what: "layer \(name): R′")
        }
        try placeLimbs(differences, layout.differenceLimbs, what: "ranking difference")
        let sigmoidVector = headActivation + sigmoid
        if case .inValues(let block, let counts) = layout.sigmoidPlacement {
            // Before the range multiplicities: those count every entry of V, these included.
            place(sigmoidVector, at: block)
            place(layout.lookupShape.multiplicities(of: headActivation), at: counts)
        }
        if layout.rangeShape.countsInValues {
            do { try RangeProof.placeCounts(in: &aux, shape: layout.rangeShape) } catch {
                throw .invalidInput("the range table's multiplicities do not fit V: \(error)")
            }
        }
        self.aux = aux
        self.sigmoidVector = sigmoidVector
    }
}
