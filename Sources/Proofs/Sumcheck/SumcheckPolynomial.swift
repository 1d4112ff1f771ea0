import Algebra

/// A polynomial f over the Boolean hypercube that the committed sumcheck (``ZKSumcheckProof``) can run on:
/// it produces each round's univariate polynomial g_j(X) = Σ_{x′} f(ρ_0, …, ρ_{j−1}, X, x′) and then binds
/// variable j to the verifier's challenge ρ_j.
///
/// Variables are bound in the order of ``MultilinearPolynomial/fold(_:)``: the first (most significant index
/// bit) first. ``SumcheckProver`` is the fast general engine; other protocols (e.g. GKR layers) may supply
/// their own.
public protocol SumcheckPolynomial {
    /// How many variables are not bound yet (the rounds left).
    var remainingVariables: Int { get }

    /// A bound on the degree of every round polynomial in one variable.
    var degree: Int { get }

    /// The round polynomial g_j of the next unbound variable, of degree at most ``degree``.
    ///
    /// - Parameter claim: the current claim g_{j−1}(ρ_{j−1}) (or the sum itself in round 0), which lets the
    ///   prover derive g_j(1) = claim − g_j(0) instead of computing it; `nil` computes every point directly.
    ///   A wrong claim gives a wrong polynomial, so round 0 passes `nil` and checks the witness.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when every variable is already bound.
    mutating func roundPolynomial(claim: Scalar?) throws(ProofError) -> UnivariatePolynomial

    /// Binds the next unbound variable to `challenge`.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when every variable is already bound.
    mutating func bind(_ challenge: Scalar) throws(ProofError)

    /// f(ρ) once every variable is bound (for v = 0, the single value f()).
    var finalValue: Scalar { get }
}
