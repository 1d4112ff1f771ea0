import Algebra

/// The summand of a requantization clamp's zero-check, f(x) = eq(τ, x)·(a·b + λ·s·(c − μ·s))(x) with
/// s = range − a, as a specialized ``SumcheckPolynomial``: the ranking proof's clamp step (A′·B = 0 and S·C = 0
/// with C = K − S for trunk layers, μ = 1, or C itself for the head layer, μ = 0), whose generic engine folded four
/// tables and multiplied three terms per evaluation point.
///
/// - The eq factor stays outside the tables (``EqualityFactor``, Gruen's form): q_j of degree 2 is found from q_j(0)
///   and its X² coefficient, q_j(1) from the claim.
/// - Round 0 runs on the small integers (two integer-weighted sums per point, ``ScalarIntegerSum``); binding its
///   variable makes the scalar tables a, b, ĉ = λ·c and ŝ = λ·s, so later rounds evaluate h = a·b + s·(ĉ − μ·ŝ)
///   as one sum of two products per point (``Scalar/sumOfProducts(_:_:_:_:)``) with no table for s (s = range − a).
/// The round polynomials are the same as the generic engine's for the same polynomial (a test compares them).
public struct ClampPolynomial: SumcheckPolynomial {
    /// The small tables before the first variable is bound.
    private var small: (a: [Int64], b: [Int64], c: [Int64])?
    private var a: [Scalar] = []
    private var b: [Scalar] = []
    /// λ·c.
    private var scaledC: [Scalar] = []
    /// λ·s = λ·(range − a).
    private var scaledS: [Scalar] = []
    private let range: Scalar
    private let rangeInteger: Int64
    private let lambda: Scalar
    /// μ ∈ {0, 1} as a flag.
    private let subtractsSlack: Bool
    private var eq: EqualityFactor

    public let degree = 3

    /// The summand over tables a, b, c of 2^v small integers and an eq point τ of v coordinates; `subtractsSlack`
    /// is μ = 1. Magnitudes: a and the range below 2^21, b and c below 2^32 (activations, and the clamp's B, C and K
    /// of a descriptor, whose requantized bound is below 2^31), so round 0's integer products stay below 2^57.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` for tables of different or non-power-of-two lengths, a point of
    ///   the wrong length, or an entry beyond those magnitudes.
    public init(
        a: [Int64], b: [Int64], c: [Int64], range: Int64, lambda: Scalar, subtractsSlack: Bool, tau: [Scalar]
    ) throws(ProofError) {
        let size = a.count
        guard size > 0, size & (size - 1) == 0, b.count == size, c.count == size else {
            throw ProofError.shapeMismatch("clamp tables of lengths \(a.count), \(b.count), \(c.count)")
        }
        guard tau.count == size.trailingZeroBitCount else {
            throw ProofError.shapeMismatch("eq point of \(tau.count) coordinates for \(size) entries")
        }
        for (table, bits) in [(a, 21), (b, 32), (c, 32)] {
            let limit = Int64(1) << bits
            for x in table where x <= -limit || x >= limit {
                throw ProofError.shapeMismatch("clamp table entry \(x) outside (−2^\(bits), 2^\(bits))")
            }
        }
        guard range.magnitude < 1 << 21 else { throw ProofError.shapeMismatch("clamp range \(range)") }
        self.range = Scalar(range)
        self.rangeInteger = range
        self.lambda = lambda
        self.subtractsSlack = subtractsSlack
        self.eq = EqualityFactor(tau: tau)
        if tau.isEmpty {
            self.a = a.map(Scalar.init)
            self.b = b.map(Scalar.init)
            self.scaledC = c.map { lambda * Scalar($0) }
            self.scaledS = a.map { lambda * Scalar(range - $0) }
            self.small = nil
        } else {
            self.small = (a, b, c)
        }
    }

    public var remainingVariables: Int { eq.remainingVariables }

    /// a at the bound point once every variable is bound.
    public var activationValue: Scalar { a.first ?? .zero }

    public var finalValue: Scalar {
        guard let a = a.first, let b = b.first, let c = scaledC.first, let s = scaledS.first else { return .zero }
        return eq.scale * Scalar.sumOfProducts(a, b, range - a, subtractsSlack ? c - s : c)
    }

    public mutating func roundPolynomial(claim: Scalar?) throws(ProofError) -> UnivariatePolynomial {
        guard eq.remainingVariables > 0 else { throw ProofError.shapeMismatch("every clamp variable is bound") }
        let derivation = eq.derivation(claim: claim)
        let needOne = derivation == nil
        let (q0, summedOne, c2) = small == nil ? tableSums(needOne: needOne) : smallSums(needOne: needOne)
        return eq.roundPolynomial(q0: q0, summedOne: summedOne, xSquared: c2, derivation: derivation)
    }

    /// Round 0 on the integers: q(0), q(1) (when `needOne`) and the X² coefficient, each as
    /// Σ w·(a·b) + λ·Σ w·(s·(c − μs)) with exact 64-bit products (see the init's magnitudes).
    private func smallSums(needOne: Bool) -> (Scalar, Scalar, Scalar) {
        guard let small else { return (.zero, .zero, .zero) }
        let half = small.a.count / 2
        let r = rangeInteger, mu: Int64 = subtractsSlack ? 1 : 0
        let sums: [Scalar] = small.a.withUnsafeBufferPointer { a in
            small.b.withUnsafeBufferPointer { b in
                small.c.withUnsafeBufferPointer { c in
                    eq.weights.withUnsafeBufferPointer { w in
                        let shared = UncheckedSendable((a, b, c, w))
                        return SumcheckProver.chunkedSums(count: half, width: 6) { range, out in
                            let (a, b, c, w) = shared.value
                            var sums = [ScalarIntegerSum](repeating: ScalarIntegerSum(), count: 6)
                            for i in range {
                                let a0 = a[i], a1 = a[i + half], b0 = b[i], b1 = b[i + half]
                                let c0 = c[i], c1 = c[i + half]
                                let s0 = r - a0, s1 = r - a1
                                let weight = w[i]
                                sums[0].add(weight, times: a0 * b0)
                                sums[1].add(weight, times: s0 * (c0 - mu * s0))
                                if needOne {
                                    sums[2].add(weight, times: a1 * b1)
                                    sums[3].add(weight, times: s1 * (c1 - mu * s1))
                                }
                                let da = a1 - a0, ds = s1 - s0
                                sums[4].add(weight, times: da * (b1 - b0))
                                sums[5].add(weight, times: ds * ((c1 - c0) - mu * ds))
                            }
                            for k in 0..<6 { out[k] = sums[k].value }
                        }
                    }
                }
            }
        }
        return (sums[0] + lambda * sums[1], sums[2] + lambda * sums[3], sums[4] + lambda * sums[5])
    }

    /// Later rounds on the scalar tables: q(0), q(1) (when `needOne`) and the X² coefficient.
    private func tableSums(needOne: Bool) -> (Scalar, Scalar, Scalar) {
        let half = a.count / 2
        let range = self.range
        let subtractsSlack = self.subtractsSlack
        let sums: [Scalar] = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                scaledC.withUnsafeBufferPointer { c in
                    scaledS.withUnsafeBufferPointer { s in
                        eq.weights.withUnsafeBufferPointer { w in
                            let shared = UncheckedSendable((a, b, c, s, w))
                            return SumcheckProver.chunkedSums(count: half, width: 3) { chunk, out in
                                let (a, b, c, s, w) = shared.value
                                var q0 = ScalarProductSum(), q1 = ScalarProductSum(), q2 = ScalarProductSum()
                                for i in chunk {
                                    let a0 = a[i], a1 = a[i + half], b0 = b[i], b1 = b[i + half]
                                    let c0 = subtractsSlack ? c[i] - s[i] : c[i]
                                    let c1 = subtractsSlack ? c[i + half] - s[i + half] : c[i + half]
                                    let weight = w[i]
                                    q0.add(weight, Scalar.sumOfProducts(a0, b0, range - a0, c0))
                                    if needOne { q1.add(weight, Scalar.sumOfProducts(a1, b1, range - a1, c1)) }
                                    // X²: Δa·Δb + Δs·Δ(ĉ − μŝ) with Δs = −Δa.
                                    let da = a1 - a0
                                    q2.add(weight, Scalar.sumOfProducts(da, b1 - b0, -da, c1 - c0))
                                }
                                out[0] = q0.value
                                out[1] = q1.value
                                out[2] = q2.value
                            }
                        }
                    }
                }
            }
        }
        return (sums[0], sums[1], sums[2])
    }

    public mutating func bind(_ challenge: Scalar) throws(ProofError) {
        guard eq.remainingVariables > 0 else { throw ProofError.shapeMismatch("every clamp variable is bound") }
        if let small {
            a = SumcheckProver.foldSmall(small.a, challenge)
            b = SumcheckProver.foldSmall(small.b, challenge)
            scaledC = SumcheckProver.foldSmall(small.c, challenge)
            self.small = nil
            // ĉ = λ·c and ŝ = λ·(range − a), once.
            let lambda = self.lambda, lambdaRange = lambda * range
            scaledS = SumcheckProver.scratch(count: a.count)
            a.withUnsafeBufferPointer { a in
                scaledC.withUnsafeMutableBufferPointer { c in
                    scaledS.withUnsafeMutableBufferPointer { s in
                        let shared = UncheckedSendable((a, c, s))
                        SumcheckProver.forEachChunk(count: a.count) { chunk in
                            let (a, c, s) = shared.value
                            for i in chunk {
                                c[i] = lambda * c[i]
                                s[i] = lambdaRange - lambda * a[i]
                            }
                        }
                    }
                }
            }
        } else {
            SumcheckProver.fold(&a, challenge)
            SumcheckProver.fold(&b, challenge)
            SumcheckProver.fold(&scaledC, challenge)
            SumcheckProver.fold(&scaledS, challenge)
        }
        eq.bind(challenge)
    }
}
