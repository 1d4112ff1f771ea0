import Algebra

/// The eq(τ, x) factor of a zero-check summand f(x) = eq(τ, x)·h(x) with h of degree 2 in each variable, kept outside
/// the tables (Gruen, ePrint 2024/108 §3), for the specialized sumcheck polynomials (``GKRLayerPolynomial``,
/// ``ClampPolynomial``).
///
/// Round j's polynomial is g_j(X) = s_j·eq(τ_j, X)·q_j(X) with s_j = eq(τ_{<j}, ρ_{<j}) and
/// q_j(X) = Σ_{x′} eq(τ_{>j}, x′)·h(ρ_{<j}, X, x′), so a kernel sums the weights ``weights`` = eq(τ_{>j}, ·) times h
/// at X = 0, its X² coefficient and, only when ``derivation(claim:)`` gives none, X = 1; q_j(1) otherwise follows
/// from the claim g_j(0) + g_j(1).
struct EqualityFactor {
    /// τ.
    let tau: [Scalar]
    /// eq(τ_{>j}, ·) for the current round j.
    private(set) var weights: [Scalar]
    /// s_j = eq(τ_{<j}, ρ_{<j}).
    private(set) var scale = Scalar.one
    /// The rounds bound so far.
    private(set) var bound = 0

    /// The factor eq(τ, ·) before any variable is bound.
    init(tau: [Scalar]) {
        self.tau = tau
        self.weights = tau.isEmpty ? [.one] : EqualityPolynomial.table(at: Array(tau.dropFirst()))
    }

    /// How many variables are not bound yet.
    var remainingVariables: Int { tau.count - bound }

    /// The claim and 1/(s_j·τ_j), from which q_j(1) follows; nil when no claim is given or s_j·τ_j = 0, and then
    /// the kernel must sum q_j(1).
    func derivation(claim: Scalar?) -> (claim: Scalar, inverse: Scalar)? {
        claim.flatMap { claim in (scale * tau[bound]).inverted().map { (claim, $0) } }
    }

    /// g_j from q_j(0), q_j(1) (summed, or derived from `derivation`) and q_j's X² coefficient.
    func roundPolynomial(
        q0: Scalar, summedOne: Scalar, xSquared c2: Scalar, derivation: (claim: Scalar, inverse: Scalar)?
    ) -> UnivariatePolynomial {
        let t = tau[bound]
        var q1 = summedOne
        if let (claim, inverse) = derivation {
            // claim = s·((1 − τ)·q(0) + τ·q(1)).
            q1 = (claim - scale * (Scalar.one - t) * q0) * inverse
        }
        // q(X) = q0 + c1·X + c2·X²; g(X) = s·((1 − τ) + (2τ − 1)·X)·q(X).
        let c1 = q1 - q0 - c2
        let e0 = scale * (Scalar.one - t)
        let e1 = scale * (t + t - Scalar.one)
        return UnivariatePolynomial(coefficients: [e0 * q0, e0 * c1 + e1 * q0, e0 * c2 + e1 * c1, e1 * c2])
    }

    /// Binds round j's variable to ρ_j: s_{j+1} = s_j·eq(τ_j, ρ_j), and eq(τ_{>j}, (b, x″)) summed over b is
    /// eq(τ_{>j+1}, x″).
    mutating func bind(_ challenge: Scalar) {
        let t = tau[bound]
        scale *= (Scalar.one - t) * (Scalar.one - challenge) + t * challenge
        if weights.count > 1 { SumcheckProver.sumHalves(&weights) }
        bound += 1
    }
}
