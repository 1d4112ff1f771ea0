import Algebra
import FeedProofTestSupport
import Testing

@testable import Proofs

/// The specialized clamp summand against the generic engine on the same polynomial: identical round polynomials
/// (with and without a claim to derive q(1) from), final values and bound activation.
@Suite("Clamp polynomial")
struct ClampPolynomialTests {
    static func tables(_ v: Int, _ random: inout SeededGenerator) -> (a: [Int64], b: [Int64], c: [Int64]) {
        let n = 1 << v
        let a = (0..<n).map { _ in Int64(random.next() % 32_768) }
        let b = (0..<n).map { _ in Int64(random.next() % (1 << 31)) }
        let c = (0..<n).map { _ in Int64(random.next() % (1 << 31)) }
        return (a, b, c)
    }

    @Test(arguments: [0, 1, 2, 5, 8], [false, true])
    func matchesTheGenericEngine(variables v: Int, subtractsSlack: Bool) throws {
        var random = SeededGenerator(seed: 0xc1a3_0000 + UInt64(v) * 2 + (subtractsSlack ? 1 : 0))
        let (a, b, c) = Self.tables(v, &random)
        let range: Int64 = 32_767
        let lambda = SumcheckTesting.scalars(1, &random)[0]
        let tau = SumcheckTesting.scalars(v, &random)
        let slack = a.map { range - $0 }
        var terms: [SumcheckProver.Term] = [.init(factors: [0, 2]), .init(coefficient: lambda, factors: [1, 3])]
        if subtractsSlack { terms.append(.init(coefficient: -lambda, factors: [1, 1])) }
        for derivesOne in [false, true] {
            var generic = try SumcheckProver(
                tables: [.small(a), .small(slack), .small(b), .small(c)], terms: terms, equalityPoint: tau)
            var clamp = try ClampPolynomial(
                a: a, b: b, c: c, range: range, lambda: lambda, subtractsSlack: subtractsSlack, tau: tau)
            #expect(clamp.degree == generic.degree)
            var claim: Scalar? = nil
            for round in 0..<v {
                #expect(clamp.remainingVariables == v - round)
                let expected = try generic.roundPolynomial(claim: claim)
                let actual = try clamp.roundPolynomial(claim: claim)
                #expect(actual.coefficients == expected.coefficients, "round \(round), claim \(claim != nil)")
                let r = SumcheckTesting.scalars(1, &random)[0]
                try generic.bind(r)
                try clamp.bind(r)
                claim = derivesOne ? expected.evaluate(at: r) : nil
            }
            #expect(clamp.remainingVariables == 0)
            #expect(clamp.finalValue == generic.finalValue)
            #expect(clamp.activationValue == generic.tableValues[0])
            #expect(throws: ProofError.self) { _ = try clamp.roundPolynomial(claim: nil) }
            #expect(throws: ProofError.self) { try clamp.bind(.one) }
        }
    }

    @Test func refusesBadShapes() {
        let tau = [Scalar.one, .zero]
        func make(_ a: [Int64], _ b: [Int64], _ c: [Int64], tau: [Scalar], subtractsSlack: Bool = true) throws {
            _ = try ClampPolynomial(a: a, b: b, c: c, range: 5, lambda: .one, subtractsSlack: subtractsSlack, tau: tau)
        }
        #expect(throws: ProofError.self) { try make([1, 2, 3], [1, 2, 3], [1, 2, 3], tau: tau) }
        #expect(throws: ProofError.self) { try make([1, 2, 3, 4], [1, 2], [1, 2, 3, 4], tau: tau) }
        #expect(throws: ProofError.self) { try make([1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4], tau: [.one]) }
        #expect(throws: ProofError.self) { try make([1 << 21, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4], tau: tau) }
        #expect(throws: ProofError.self) {
            try make([1, 2, 3, 4], [1, 2, 3, 1 << 32], [1, 2, 3, 4], tau: tau, subtractsSlack: false)
        }
    }
}
