import Dispatch

/// One layer's weights packed for the kernel: int8 values widened to Int16, rows padded with zeros to a
/// multiple of 16 (the vectorized dot products then need no remainder loop).
struct LayerKernel: Sendable {
    let inputs: Int
    let outputs: Int
    /// Row stride of `weights` and of this layer's input activations.
    let stride: Int
    let multiplier: Int64
    let shift: Int64
    let lower: Int64
    let upper: Int64
    let weights: [Int16]
    let bias: [Int64]

    init(_ layer: ModelDescriptor.Layer, weights: [Int8], bias: [Int32]) {
        inputs = layer.inputs
        outputs = layer.outputs
        stride = LayerKernel.paddedWidth(layer.inputs)
        multiplier = layer.multiplier
        shift = Int64(layer.shift)
        lower = layer.activationLower
        upper = layer.activationUpper
        var packed = [Int16](repeating: 0, count: outputs * stride)
        for row in 0..<outputs {
            for column in 0..<inputs { packed[row * stride + column] = Int16(weights[row * inputs + column]) }
        }
        self.weights = packed
        self.bias = bias.map { Int64($0) }
    }

    static func paddedWidth(_ width: Int) -> Int { max(16, (width + 15) & ~15) }
}

/// Lets the parallel batch write disjoint ranges of one output buffer.
private struct SendablePointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Int64>
}

extension QuantizedRanker {
    /// Candidates per parallel work item (and per scratch buffer).
    static let chunkSize = 64

    /// The golden integer score of one candidate (exact, deterministic; equal to `trace(features).score`).
    ///
    /// Dense features enter as clamp(m·x, −(2^15−1), 2^15−1) and ids out of an embedding's range select row 0;
    /// ``validate(_:)`` reports inputs that would be clamped.
    public func score(_ features: FeatureVector) -> Int64 {
        var result: Int64 = 0
        withUnsafeMutablePointer(to: &result) { pointer in
            [features].withUnsafeBufferPointer { batch in
                scoreChunk(batch, output: pointer)
            }
        }
        return result
    }

    /// The golden integer scores of many candidates, computed in parallel across the cores; equal to
    /// `candidates.map(score)`.
    ///
    /// - Complexity: O(n · weights): Int8×Int16 dot products (vectorized multiply-add), four candidates per weight
    ///   row for cache reuse, chunks of 64 candidates spread over the cores.
    public func scores(_ candidates: [FeatureVector]) -> [Int64] {
        let n = candidates.count
        guard n > 0 else { return [] }
        var result = [Int64](repeating: 0, count: n)
        let chunks = (n + Self.chunkSize - 1) / Self.chunkSize
        candidates.withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { output in
                guard let inputBase = input.baseAddress, let outputBase = output.baseAddress else { return }
                let target = SendablePointer(base: outputBase)
                let source = UnsafeBufferPointer(start: inputBase, count: n)
                nonisolated(unsafe) let sourceCopy = source
                if chunks == 1 {
                    scoreChunk(source, output: outputBase)
                } else {
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let start = chunk * Self.chunkSize
                        let end = min(n, start + Self.chunkSize)
                        let slice = UnsafeBufferPointer(rebasing: sourceCopy[start..<end])
                        scoreChunk(slice, output: target.base + start)
                    }
                }
            }
        }
        return result
    }

    /// Reports the first input the golden model would clamp or replace: a dense feature whose m·x does not fit
    /// int16 (naming its index), a missing dense feature, or an id out of an embedding's range.
    public func validate(_ features: FeatureVector) throws(QuantizationError) {
        guard features.dense.count == descriptor.denseFeatureCount else {
            throw .shapeMismatch("\(features.dense.count) dense features, expected \(descriptor.denseFeatureCount)")
        }
        for (index, value) in features.dense.enumerated()
        where Int64(value).magnitude * UInt64(descriptor.inputScale) > 32_767 {
            throw .denseFeatureOutOfRange(feature: "#\(index)", value: Int64(value), inputScale: descriptor.inputScale)
        }
        for embedding in descriptor.embeddings {
            let id = features.ids.indices.contains(embedding.idFeature) ? Int(features.ids[embedding.idFeature]) : -1
            guard (0..<embedding.rows).contains(id) else {
                throw .shapeMismatch("id feature \(embedding.idFeature) = \(id) is outside \(embedding.name)'s rows")
            }
        }
    }

    /// Writes the first layer's Int16 input (dense q = m·x clamped, then embedding rows) into `row`, zero padded.
    @inline(__always)
    func writeInput(_ features: FeatureVector, into row: UnsafeMutablePointer<Int16>, stride: Int) {
        row.initialize(repeating: 0, count: stride)
        let m = Int64(descriptor.inputScale)
        let denseCount = min(descriptor.denseFeatureCount, features.dense.count)
        for index in 0..<denseCount {
            row[index] = Int16(max(-32_767, min(32_767, Int64(features.dense[index]) * m)))
        }
        var offset = descriptor.denseFeatureCount
        for (table, embedding) in zip(embeddingTables, descriptor.embeddings) {
            let id = features.ids.indices.contains(embedding.idFeature) ? Int(features.ids[embedding.idFeature]) : 0
            let entry = (0..<embedding.rows).contains(id) ? id : 0
            table.withUnsafeBufferPointer { values in
                for d in 0..<embedding.dimension { row[offset + d] = Int16(values[entry * embedding.dimension + d]) }
            }
            offset += embedding.dimension
        }
    }

    /// Scores up to any number of candidates sequentially with one pair of scratch buffers.
    func scoreChunk(_ candidates: UnsafeBufferPointer<FeatureVector>, output: UnsafeMutablePointer<Int64>) {
        let count = candidates.count
        guard count > 0 else { return }
        let widest = kernels.reduce(LayerKernel.paddedWidth(descriptor.inputWidth)) {
            max($0, $1.stride, LayerKernel.paddedWidth($1.outputs))
        }
        let current = UnsafeMutablePointer<Int16>.allocate(capacity: count * widest)
        let next = UnsafeMutablePointer<Int16>.allocate(capacity: count * widest)
        defer {
            current.deallocate()
            next.deallocate()
        }
        let inputStride = kernels.first?.stride ?? LayerKernel.paddedWidth(descriptor.inputWidth)
        for c in 0..<count { writeInput(candidates[c], into: current + c * inputStride, stride: inputStride) }
        var source = current
        var destination = next
        for (index, kernel) in kernels.enumerated() {
            let outputStride =
                index + 1 < kernels.count ? kernels[index + 1].stride : LayerKernel.paddedWidth(kernel.outputs)
            Self.forward(kernel, input: source, output: destination, outputStride: outputStride, count: count)
            swap(&source, &destination)
        }
        // `source` now holds the head layer's clamped logits.
        let heads = descriptor.headCount
        let headStride = LayerKernel.paddedWidth(heads)
        let table = descriptor.sigmoid
        table.entries.withUnsafeBufferPointer { entries in
            for c in 0..<count {
                var total: Int64 = 0
                for h in 0..<heads {
                    let x = Int(source[c * headStride + h]) - Int(table.lowerBound)
                    total += Int64(headWeights[h]) * Int64(entries[x])
                }
                output[c] = total
            }
        }
    }

    /// One layer for `count` candidates: Z = W·A + b, Q = (M·Z + 2^(k−1)) >> k (arithmetic shift = floor
    /// division), A' = clamp(Q, lower, upper) written as Int16 with zero padding up to `outputStride`.
    static func forward(
        _ kernel: LayerKernel, input: UnsafePointer<Int16>, output: UnsafeMutablePointer<Int16>, outputStride: Int,
        count: Int
    ) {
        let stride = kernel.stride
        let half = Int64(1) << (kernel.shift - 1)
        kernel.weights.withUnsafeBufferPointer { weightBuffer in
            kernel.bias.withUnsafeBufferPointer { bias in
                guard let weights = weightBuffer.baseAddress else { return }
                @inline(__always) func finish(_ z: Int64) -> Int16 {
                    let q = (kernel.multiplier &* z &+ half) >> kernel.shift
                    return Int16(truncatingIfNeeded: min(max(q, kernel.lower), kernel.upper))
                }
                var c = 0
                while c + 4 <= count {
                    let a0 = input + c * stride
                    let a1 = a0 + stride
                    let a2 = a1 + stride
                    let a3 = a2 + stride
                    let o0 = output + c * outputStride
                    for o in 0..<kernel.outputs {
                        let dots = dot4(weights + o * stride, a0, a1, a2, a3, count: stride)
                        o0[o] = finish(dots.0 &+ bias[o])
                        o0[outputStride + o] = finish(dots.1 &+ bias[o])
                        o0[2 * outputStride + o] = finish(dots.2 &+ bias[o])
                        o0[3 * outputStride + o] = finish(dots.3 &+ bias[o])
                    }
                    for row in 0..<4 {
                        (o0 + row * outputStride + kernel.outputs).initialize(
                            repeating: 0, count: outputStride - kernel.outputs)
                    }
                    c += 4
                }
                while c < count {
                    let a = input + c * stride
                    let o0 = output + c * outputStride
                    for o in 0..<kernel.outputs {
                        o0[o] = finish(dot1(weights + o * stride, a, count: stride) &+ bias[o])
                    }
                    (o0 + kernel.outputs).initialize(repeating: 0, count: outputStride - kernel.outputs)
                    c += 1
                }
            }
        }
    }

    /// Inputs per Int32 accumulation: |Σ of 256 products int8·int16| ≤ 256·127·32767 < 2^31, so the Int32
    /// sums never overflow; chunks are then added in Int64.
    static let accumulationChunk = 256

    /// ⟨w, a_i⟩ for four activation rows against one weight row (count a multiple of 16). Plain loops over
    /// sign-extended Int16 that LLVM vectorizes into multiply-add (pmaddwd) reductions.
    @inline(__always)
    static func dot4(
        _ w: UnsafePointer<Int16>, _ a0: UnsafePointer<Int16>, _ a1: UnsafePointer<Int16>, _ a2: UnsafePointer<Int16>,
        _ a3: UnsafePointer<Int16>, count: Int
    ) -> (Int64, Int64, Int64, Int64) {
        var r0: Int64 = 0
        var r1: Int64 = 0
        var r2: Int64 = 0
        var r3: Int64 = 0
        var start = 0
        while start < count {
            let end = min(count, start + accumulationChunk)
            var s0: Int32 = 0
            var s1: Int32 = 0
            var s2: Int32 = 0
            var s3: Int32 = 0
            for j in start..<end {
                let wj = Int32(w[j])
                s0 &+= wj &* Int32(a0[j])
                s1 &+= wj &* Int32(a1[j])
                s2 &+= wj &* Int32(a2[j])
                s3 &+= wj &* Int32(a3[j])
            }
            r0 &+= Int64(s0)
            r1 &+= Int64(s1)
            r2 &+= Int64(s2)
            r3 &+= Int64(s3)
            start = end
        }
        return (r0, r1, r2, r3)
    }

    /// ⟨w, a⟩.
    @inline(__always)
    static func dot1(_ w: UnsafePointer<Int16>, _ a: UnsafePointer<Int16>, count: Int) -> Int64 {
        var result: Int64 = 0
        var start = 0
        while start < count {
            let end = min(count, start + accumulationChunk)
            var s: Int32 = 0
            for j in start..<end { s &+= Int32(w[j]) &* Int32(a[j]) }
            result &+= Int64(s)
            start = end
        }
        return result
    }
}
