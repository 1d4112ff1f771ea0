import Dispatch

/// 0..<count cut into contiguous chunks for parallel work (the witness, the fraction trees, the proof reader).
///
/// Chunks have ⌈count/chunks⌉ entries, so the last ones may be short or empty: with 16 chunks of 100 entries (7
/// each) chunk 15 would start at 105. Every range here is clamped to the end, so no chunk count and no length can
/// make a worker form an invalid range (unclamped, that trapped the prover's golden inference for 65 to 239
/// candidates). The MSMs clamp their chunk bounds the same way inline, in their task closures.
package enum ParallelChunks {
    /// Chunk `index` of `chunks` over 0..<count (empty when it starts at or past the end).
    @inlinable
    package static func range(_ index: Int, of chunks: Int, count: Int) -> Range<Int> {
        let size = (count + chunks - 1) / max(chunks, 1)
        return min(count, index * size)..<min(count, (index + 1) * size)
    }

    /// Runs `body` over `chunks` chunks of 0..<count on every core (directly when there is one chunk), skipping
    /// empty chunks.
    package static func forEach(count: Int, chunks: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard chunks > 1 else {
            body(0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { index in
            let range = range(index, of: chunks, count: count)
            if !range.isEmpty { body(range) }
        }
    }
}
