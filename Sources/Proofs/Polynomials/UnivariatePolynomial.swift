import Algebra

/// A univariate polynomial c_0 + c_1·X + … + c_d·X^d (a sumcheck round polynomial).
public struct UnivariatePolynomial: Sendable, Equatable {
    /// Coefficients, constant term first.
    public let coefficients: [Scalar]

    /// A polynomial from its coefficients.
    public init(coefficients: [Scalar]) { self.coefficients = coefficients }

    /// Interpolates the polynomial of degree < n through (0, e_0), (1, e_1), …, (n−1, e_{n−1}) (Lagrange form
    /// over the points 0…n−1, solved as a Newton forward-difference table).
    public init(evaluationsAtZeroThrough values: [Scalar]) {
        let n = values.count
        guard n > 1 else {
            self.coefficients = values.isEmpty ? [.zero] : values
            return
        }
        // Forward differences Δ^k f(0).
        var differences = values
        var leading: [Scalar] = [values[0]]
        for k in 1..<n {
            for i in 0..<(n - k) { differences[i] = differences[i + 1] - differences[i] }
            leading.append(differences[0])
        }
        // f(X) = Σ_k Δ^k f(0) · C(X, k), C(X, k) = X(X−1)…(X−k+1)/k!; expand the falling factorials.
        var coefficients = [Scalar](repeating: .zero, count: n)
        var falling: [Scalar] = [.one]  // coefficients of X(X−1)…(X−k+1)
        var factorial = Scalar.one
        for k in 0..<n {
            if k > 0 {
                factorial *= Scalar(k)
                var next = [Scalar](repeating: .zero, count: falling.count + 1)
                let shift = Scalar(k - 1)
                for (i, c) in falling.enumerated() {
                    next[i + 1] += c
                    next[i] -= c * shift
                }
                falling = next
            }
            let weight = leading[k] * (factorial.inverted() ?? .one)
            for (i, c) in falling.enumerated() { coefficients[i] += weight * c }
        }
        self.coefficients = coefficients
    }

    /// The degree bound d (coefficient count − 1).
    public var degree: Int { coefficients.count - 1 }

    /// The value at x (Horner).
    public func evaluate(at x: Scalar) -> Scalar {
        var result = Scalar.zero
        for c in coefficients.reversed() { result = result * x + c }
        return result
    }

    /// g(0) + g(1) = 2·c_0 + c_1 + … + c_d.
    public var sumOverBooleans: Scalar {
        var sum = coefficients.first ?? .zero
        for c in coefficients { sum += c }
        return sum
    }
}
