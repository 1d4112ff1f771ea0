import Algebra
import FeedProofTestSupport
import Proofs
import Testing

/// Multilinear extensions, eq tables and round polynomials.
@Suite("Polynomials")
struct PolynomialTests {
    /// The MLE straight from its definition: Σ_i T[i]·eq(z, bits(i)).
    static func naiveEvaluate(_ table: [Scalar], _ z: [Scalar]) -> Scalar {
        var sum = Scalar.zero
        for (i, t) in table.enumerated() { sum += t * EqualityPolynomial.evaluate(z, atIndex: i) }
        return sum
    }

    @Test(arguments: 0...7)
    func eqTableMatchesDefinition(variables: Int) {
        var random = SeededGenerator(seed: UInt64(variables) + 10)
        let z = (0..<variables).map { _ in random.randomScalar() }
        let table = EqualityPolynomial.table(at: z)
        #expect(table.count == 1 << variables)
        for (i, e) in table.enumerated() {
            #expect(e == EqualityPolynomial.evaluate(z, atIndex: i))
            let bits = (0..<variables).map { j in ((i >> (variables - 1 - j)) & 1) == 1 ? Scalar.one : Scalar.zero }
            #expect(e == EqualityPolynomial.evaluate(z, bits))
        }
        var sum = Scalar.zero
        for e in table { sum += e }
        #expect(sum == .one)
    }

    @Test(arguments: 0...8)
    func evaluationAndFolding(variables: Int) throws {
        var random = SeededGenerator(seed: UInt64(variables) + 20)
        let table = (0..<(1 << variables)).map { _ in random.randomScalar() }
        let polynomial = try MultilinearPolynomial(evaluations: table)
        #expect(polynomial.variableCount == variables)
        let z = (0..<variables).map { _ in random.randomScalar() }
        #expect(try polynomial.evaluate(at: z) == Self.naiveEvaluate(table, z))
        // On the hypercube the MLE returns the table entries (first coordinate = most significant bit).
        for i in 0..<min(table.count, 8) {
            let bits = (0..<variables).map { j in ((i >> (variables - 1 - j)) & 1) == 1 ? Scalar.one : Scalar.zero }
            #expect(try polynomial.evaluate(at: bits) == table[i])
        }
        if variables > 0 {
            var folded = polynomial
            folded.fold(z[0])
            #expect(try folded.evaluate(at: Array(z.dropFirst())) == Self.naiveEvaluate(table, z))
        }
        #expect(throws: ProofError.self) { try polynomial.evaluate(at: z + [.one]) }
    }

    @Test func smallIntegerTablesPadToAPowerOfTwo() throws {
        let polynomial = MultilinearPolynomial(small: [3, -1, 7])
        #expect(polynomial.evaluations == [Scalar(3), Scalar(-1), Scalar(7), .zero])
        #expect(throws: ProofError.self) { try MultilinearPolynomial(evaluations: [.one, .one, .one]) }
        #expect(throws: ProofError.self) { try MultilinearPolynomial(evaluations: []) }
    }

    @Test(arguments: 1...5)
    func interpolationThroughZeroToD(points: Int) {
        var random = SeededGenerator(seed: UInt64(points) + 30)
        let values = (0..<points).map { _ in random.randomScalar() }
        let polynomial = UnivariatePolynomial(evaluationsAtZeroThrough: values)
        #expect(polynomial.degree == points - 1)
        for (x, v) in values.enumerated() { #expect(polynomial.evaluate(at: Scalar(x)) == v) }
        if points >= 2 { #expect(polynomial.sumOverBooleans == values[0] + values[1]) }
        let coefficients = (0..<points).map { _ in random.randomScalar() }
        let direct = UnivariatePolynomial(coefficients: coefficients)
        let rebuilt = UnivariatePolynomial(
            evaluationsAtZeroThrough: (0..<points).map { direct.evaluate(at: Scalar($0)) })
        #expect(rebuilt == direct)
    }

    /// The small-integer evaluation (eq split in two, blocks summed on integers) equals the fold of converted
    /// scalars: short and padded vectors, the parallel path (2^17 entries), 64-bit extremes, and a point with Boolean
    /// leading coordinates (whose zero-weight blocks are skipped).
    @Test(arguments: [(0, 1), (3, 5), (12, 4096), (13, 5000), (17, 1 << 17)])
    func smallIntegerEvaluationMatchesTheFold(variables: Int, count: Int) throws {
        var random = SeededGenerator(seed: UInt64(variables * 31 + count))
        var values = (0..<count).map { _ in random.int64(in: -(1 << 40)...(1 << 40)) }
        values[0] = .min
        if count > 1 { values[count - 1] = .max }
        var point = (0..<variables).map { _ in random.randomScalar() }
        let padded = values + [Int64](repeating: 0, count: (1 << variables) - count)
        let expected = try MultilinearPolynomial(small: padded).evaluate(at: point)
        #expect(try MultilinearPolynomial.evaluate(small: values, at: point) == expected)
        if variables >= 2 {
            point[0] = .one
            point[1] = .zero
            #expect(
                try MultilinearPolynomial.evaluate(small: values, at: point)
                    == MultilinearPolynomial(small: padded).evaluate(at: point))
        }
        #expect(throws: ProofError.self) { _ = try MultilinearPolynomial.evaluate(small: padded + [1], at: point) }
    }

    @Test func sparseSumsMatchDenseEvaluation() throws {
        var random = SeededGenerator(seed: 40)
        let z = (0..<6).map { _ in random.randomScalar() }
        var dense = [Scalar](repeating: .zero, count: 64)
        var entries: [(index: Int, value: Scalar)] = []
        for index in [0, 5, 5, 17, 63] {
            let value = random.randomScalar()
            dense[index] += value
            entries.append((index, value))
        }
        #expect(EqualityPolynomial.sparseSum(entries, at: z) == (try MultilinearPolynomial(evaluations: dense).evaluate(at: z)))
        #expect(EqualityPolynomial.sparseSum([], at: z) == .zero)
    }
}
