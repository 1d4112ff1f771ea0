@testable import Algebra
import Testing

/// ``ParallelChunks``: every split of a range is valid and covers it exactly, whatever the length and chunk count.
@Suite("Parallel chunks")
struct ParallelChunksTests {
    @Test("the chunks of 0..<count cover it in order, without overlap or an invalid range")
    func chunksCoverTheRange() {
        for count in 0...300 {
            for chunks in 1...20 {
                var next = 0
                for index in 0..<chunks {
                    let range = ParallelChunks.range(index, of: chunks, count: count)
                    #expect(range.lowerBound == next, "count \(count), \(chunks) chunks, chunk \(index)")
                    next = range.upperBound
                }
                #expect(next == count, "count \(count), \(chunks) chunks")
            }
        }
        // 100 entries in 16 chunks of 7: chunk 15 would start at 105 unclamped.
        #expect(ParallelChunks.range(15, of: 16, count: 100) == 100..<100)
    }

    @Test("forEach visits every index once, on one chunk or many")
    func forEachVisitsEveryIndex() {
        for (count, chunks) in [(0, 1), (1, 16), (100, 16), (1 << 14, 16), (7, 3)] {
            let seen = ManagedCounts(count)
            ParallelChunks.forEach(count: count, chunks: chunks) { range in
                for i in range { seen.increment(i) }
            }
            #expect(seen.all { $0 == 1 }, "count \(count), \(chunks) chunks")
        }
    }
}

/// Per-index counters that parallel chunks may bump (each index belongs to one chunk, so writes never overlap).
private final class ManagedCounts: @unchecked Sendable {
    private let counts: UnsafeMutableBufferPointer<Int>
    init(_ count: Int) {
        counts = .allocate(capacity: count)
        counts.initialize(repeating: 0)
    }
    deinit { counts.deallocate() }
    func increment(_ i: Int) { counts[i] += 1 }
    func all(_ predicate: (Int) -> Bool) -> Bool { counts.allSatisfy(predicate) }
}
