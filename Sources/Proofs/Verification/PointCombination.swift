import Algebra

/// Σ coefficient_i·point_i kept as its terms: a commitment the verifier derives from points it already has (for
/// example C_p + λ·C_q). Added to a group equation it costs one MSM term per point, where computing it would cost
/// a variable-base scalar multiplication per term.
///
/// Only commitments fixed by the transcript so far may stay unevaluated: a protocol that absorbs a commitment needs
/// its encoding, so the protocols that take a combination absorb nothing for it (DESIGN.md §2; soundness holds
/// because the combination is a function of absorbed messages and drawn challenges).
public struct PointCombination: Sendable {
    /// The terms, in the order they were added.
    public private(set) var terms: [(coefficient: Scalar, point: RistrettoPoint)]

    /// 1·point.
    public init(_ point: RistrettoPoint) { terms = [(.one, point)] }

    /// Σ terms.
    public init(terms: [(coefficient: Scalar, point: RistrettoPoint)]) { self.terms = terms }

    /// The sum of both combinations.
    public static func + (lhs: PointCombination, rhs: PointCombination) -> PointCombination {
        PointCombination(terms: lhs.terms + rhs.terms)
    }

    /// The difference of both combinations.
    public static func - (lhs: PointCombination, rhs: PointCombination) -> PointCombination {
        lhs + (-Scalar.one) * rhs
    }

    /// The point itself, Σ c_i·P_i (one multi-scalar multiplication): only for the rare step that must absorb a
    /// derived commitment after all (a sumcheck over no variables, whose final claim is its input claim).
    public var evaluated: RistrettoPoint {
        (try? RistrettoPoint.multiscalarMultiply(terms.map(\.coefficient), terms.map(\.point))) ?? .identity
    }

    /// Every coefficient times `scalar`.
    public static func * (scalar: Scalar, combination: PointCombination) -> PointCombination {
        PointCombination(terms: combination.terms.map { (scalar * $0.coefficient, $0.point) })
    }
}

extension EquationBuilder {
    /// Adds s·(Σ c_i·P_i) as the terms (s·c_i)·P_i.
    public mutating func add(_ s: Scalar, _ combination: PointCombination) {
        for term in combination.terms { add(s * term.coefficient, term.point) }
    }
}
