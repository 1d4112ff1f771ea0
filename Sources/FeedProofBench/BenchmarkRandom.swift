import Algebra

/// A small deterministic generator (SplitMix64) for benchmark inputs, so runs measure the same work (public for the
/// package-benchmark suite in Benchmarks/).
public struct BenchmarkRandom: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }

    public mutating func scalar() -> Scalar {
        (try? Scalar(reducingWide: bytes(64))) ?? .one
    }

    public mutating func fieldElement() -> FieldElement {
        FieldElement(maskingHighBit: bytes(32)) ?? .one
    }

    public mutating func point() -> RistrettoPoint {
        (try? RistrettoPoint(uniformBytes: bytes(64))) ?? .generator
    }

    /// `count` distinct random points, cheaply: successive sums of two random points.
    public mutating func points(count: Int) -> [RistrettoPoint] {
        let step = point()
        var current = point()
        var result: [RistrettoPoint] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            result.append(current)
            current = current + step
        }
        return result
    }
}
