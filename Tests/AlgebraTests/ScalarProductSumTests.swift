import Algebra
import FeedProofTestSupport
import Testing

/// The lazily reduced Σ a_i·b_i against the sum of full multiplications, at every count around its reduction
/// period (15) and with the largest operands (ℓ − 1), where an accumulator bound that did not hold would overflow.
@Suite("Scalar product sums")
struct ScalarProductSumTests {
    static func randomScalar(_ random: inout SeededGenerator) -> Scalar {
        let bytes = (0..<64).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        return (try? Scalar(reducingWide: bytes)) ?? .zero
    }

    @Test(arguments: [0, 1, 2, 14, 15, 16, 29, 30, 31, 100, 1_000])
    func matchesMultiplications(count: Int) {
        var random = SeededGenerator(seed: 0x5c0d_5000 + UInt64(count))
        let minusOne = Scalar.zero - .one
        for operands in ["random", "ℓ − 1"] {
            var lazy = ScalarProductSum()
            var expected = Scalar.zero
            for _ in 0..<count {
                let a = operands == "random" ? Self.randomScalar(&random) : minusOne
                let b = operands == "random" ? Self.randomScalar(&random) : minusOne
                lazy.add(a, b)
                expected += a * b
            }
            #expect(lazy.value == expected, "\(count) \(operands) products")
            // Reading the value does not consume the sum; a reduced scalar adds as it is.
            lazy.add(.one, .one)
            #expect(lazy.value == expected + .one, "\(count) \(operands) products, then 1")
            lazy.add(minusOne)
            #expect(lazy.value == expected, "\(count) \(operands) products, then 1 and −1")
        }
    }
}
