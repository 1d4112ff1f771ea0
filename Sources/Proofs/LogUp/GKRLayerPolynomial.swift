import Algebra

/// The summand of one logUp-GKR layer, f(j) = eq(τ, j)·(p_L·q_R + p_R·q_L + λ·q_L·q_R)(j), as a specialized
/// ``SumcheckPolynomial``: the general ``SumcheckProver`` handles this shape through its generic path, and the
/// layer sumchecks are most of the range prover's time.
///
/// Per round and pair of entries it spends 6 products on the round polynomial (2 reductions, and one per 15
/// weighted terms) and 4 multiplications on folding:
/// - The eq factor stays outside the tables (``EqualityFactor``, Gruen, ePrint 2024/108 §3):
///   g_j(X) = s_j·eq(τ_j, X)·q_j(X) with q_j(X) = Σ_{x′} eq(τ_{>j}, x′)·h(X, x′) of degree 2, and
///   s_j = eq(τ_{<j}, ρ_{<j}).
/// - q_j is found from X = 0 and its X² coefficient; q_j(1) follows from the claim g_j(0) + g_j(1) (round 0
///   computes it, so a wrong sum is caught).
/// - h = p_L·q_R + q_L·e with e = p_R + λ·q_R: the layer keeps e as a table instead of p_R (made once, one
///   multiplication per entry; folding is linear, so it folds like p_R), and p_L·q_R + q_L·e is two products
///   with one reduction (``Scalar/sumOfProducts(_:_:_:_:)``).
///
/// Over a range check's leaf layer (``init(leaves:lambda:tau:)``) the first two rounds run on the leaves' small
/// integers and binding the second variable builds the tables, a quarter of the leaf layer's size (``SmallLeafLayer``).
struct GKRLayerPolynomial: SumcheckPolynomial {
    /// The leaf layer before its first two variables are bound (the tables are empty until then).
    private var smallLeaves: SmallLeafLayer?
    /// The first challenge while the leaf layer's second round runs on the integers.
    private var firstChallenge: Scalar?
    private var pl: [Scalar]
    /// e = p_R + λ·q_R.
    private var pe: [Scalar]
    private var ql: [Scalar]
    private var qr: [Scalar]
    private let lambda: Scalar
    private var eq: EqualityFactor

    let degree = 3

    /// The layer summand over tables of 2^k entries and an eq point τ of k coordinates.
    init(pl: [Scalar], pr: [Scalar], ql: [Scalar], qr: [Scalar], lambda: Scalar, tau: [Scalar]) {
        self.pl = pl
        self.pe = Self.mixed(pr, qr, lambda)
        self.ql = ql
        self.qr = qr
        self.lambda = lambda
        self.eq = EqualityFactor(tau: tau)
    }

    /// The summand of a range check's leaf layer: its 2^(depth−1) parent nodes, tau of depth − 1 coordinates.
    init(leaves: SmallLeafLayer, lambda: Scalar, tau: [Scalar]) {
        precondition(tau.count == leaves.depth - 1, "the eq point must have one coordinate per node variable")
        if tau.isEmpty {
            let (pl, pr, ql, qr) = leaves.splitScalars()
            self.init(pl: pl, pr: pr, ql: ql, qr: qr, lambda: lambda, tau: tau)
        } else {
            self.init(pl: [], pr: [], ql: [], qr: [], lambda: lambda, tau: tau)
            smallLeaves = leaves
        }
    }

    var remainingVariables: Int { eq.remainingVariables }

    /// p_L, p_R, q_L, q_R at the bound point once every variable is bound.
    var tableValues: [Scalar] { [pl[0], pe[0] - lambda * qr[0], ql[0], qr[0]] }

    var finalValue: Scalar {
        eq.scale * Scalar.sumOfProducts(pl[0], qr[0], ql[0], pe[0])
    }

    /// pr + λ·qr, entry by entry.
    private static func mixed(_ pr: consuming [Scalar], _ qr: [Scalar], _ lambda: Scalar) -> [Scalar] {
        var e = consume pr
        e.withUnsafeMutableBufferPointer { e in
            qr.withUnsafeBufferPointer { qr in
                let shared = UncheckedSendable((e, qr))
                SumcheckProver.forEachChunk(count: qr.count) { range in
                    let (e, qr) = shared.value
                    for i in range { e[i] += lambda * qr[i] }
                }
            }
        }
        return e
    }

    mutating func roundPolynomial(claim: Scalar?) throws(ProofError) -> UnivariatePolynomial {
        guard eq.remainingVariables > 0 else {
            throw ProofError.shapeMismatch("every variable of the GKR layer is bound")
        }
        let derivation = eq.derivation(claim: claim)
        let needOne = derivation == nil
        // q(0), q(1) (when summed) and q's X² coefficient, on the leaves' integers for their first two rounds.
        let sums =
            if let smallLeaves {
                if let r = firstChallenge {
                    smallLeaves.secondRoundSums(r: r, weights: eq.weights, lambda: lambda, needOne: needOne)
                } else {
                    smallLeaves.firstRoundSums(weights: eq.weights, lambda: lambda, needOne: needOne)
                }
            } else {
                tableSums(needOne: needOne)
            }
        return eq.roundPolynomial(q0: sums[0], summedOne: sums[1], xSquared: sums[2], derivation: derivation)
    }

    /// Σ_i w_i·h(X, i) at X = 0 and 1 (when `needOne`; zero otherwise), and the X² coefficient of that degree-2 sum
    /// (the products of the differences v₁ − v₀: one subtraction per table instead of the two of X = 2), each
    /// weighted sum reduced once per 15 terms (``ScalarProductSum``).
    private func tableSums(needOne: Bool) -> [Scalar] {
        let half = pl.count / 2
        return pl.withUnsafeBufferPointer { pl in
            pe.withUnsafeBufferPointer { pe in
                ql.withUnsafeBufferPointer { ql in
                    qr.withUnsafeBufferPointer { qr in
                        eq.weights.withUnsafeBufferPointer { w in
                            let tables = LayerTables(pl: pl, pe: pe, ql: ql, qr: qr, w: w)
                            return SumcheckProver.chunkedSums(count: half, width: 3) { range, out in
                                let t = tables
                                var s0 = ScalarProductSum(), s1 = ScalarProductSum(), sInf = ScalarProductSum()
                                for i in range {
                                    let a0 = t.pl[i], b0 = t.pe[i], c0 = t.ql[i], d0 = t.qr[i]
                                    let a1 = t.pl[i + half], b1 = t.pe[i + half], c1 = t.ql[i + half], d1 = t.qr[i + half]
                                    let weight = t.w[i]
                                    s0.add(weight, Scalar.sumOfProducts(a0, d0, c0, b0))
                                    if needOne { s1.add(weight, Scalar.sumOfProducts(a1, d1, c1, b1)) }
                                    // The X² coefficient: products of the differences v₁ − v₀.
                                    let da = a1 - a0, db = b1 - b0, dc = c1 - c0, dd = d1 - d0
                                    sInf.add(weight, Scalar.sumOfProducts(da, dd, dc, db))
                                }
                                out[0] = s0.value
                                out[1] = s1.value
                                out[2] = sInf.value
                            }
                        }
                    }
                }
            }
        }
    }

    mutating func bind(_ challenge: Scalar) throws(ProofError) {
        guard eq.remainingVariables > 0 else {
            throw ProofError.shapeMismatch("every variable of the GKR layer is bound")
        }
        if let leaves = smallLeaves {
            // With a second node variable, its round runs on the integers too; the tables are built after it.
            if firstChallenge == nil, eq.tau.count >= 2 {
                firstChallenge = challenge
            } else {
                let pr: [Scalar]
                if let r1 = firstChallenge {
                    (pl, pr, ql, qr) = leaves.boundTables(r1, challenge)
                } else {
                    (pl, pr, ql, qr) = leaves.boundTables(challenge)
                }
                pe = Self.mixed(pr, qr, lambda)
                smallLeaves = nil
                firstChallenge = nil
            }
        } else {
            SumcheckProver.fold(&pl, challenge)
            SumcheckProver.fold(&pe, challenge)
            SumcheckProver.fold(&ql, challenge)
            SumcheckProver.fold(&qr, challenge)
        }
        eq.bind(challenge)
    }
}

/// The layer tables shared with `concurrentPerform` workers (read-only).
private struct LayerTables: @unchecked Sendable {
    let pl: UnsafeBufferPointer<Scalar>
    let pe: UnsafeBufferPointer<Scalar>
    let ql: UnsafeBufferPointer<Scalar>
    let qr: UnsafeBufferPointer<Scalar>
    let w: UnsafeBufferPointer<Scalar>
}
