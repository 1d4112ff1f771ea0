import Algebra
import Transcript

/// The secret blinding factor r of a Pedersen commitment `… + r·H`.
///
/// Zero-knowledge rule 1 (DESIGN.md §2): every committed row has its own uniform blinder, never zero and never
/// reused. The only public way to make one is ``random(using:)``, which draws from the hedged transcript RNG and
/// redraws zero. Blinders derived inside the proof system (linear combinations used in responses) are made
/// internally; a zero blinder exists only through the internal, test-only ``zeroForTesting``.
public struct Blinder: Sendable, Equatable {
    /// The blinding scalar. `package`: responses of other FeedProof modules may combine blinders.
    package let value: Scalar

    /// A blinder derived from others (e.g. Σ eq_i·ρ_i); internal so callers cannot pick a value.
    package init(derived value: Scalar) { self.value = value }

    /// A fresh uniform non-zero blinder from the hedged prover RNG.
    public static func random(using rng: TranscriptRNG) -> Blinder {
        var value = rng.nextScalar()
        while value.isZero { value = rng.nextScalar() }
        return Blinder(derived: value)
    }

    /// `count` fresh blinders.
    public static func random(count: Int, using rng: TranscriptRNG) -> [Blinder] {
        (0..<max(count, 0)).map { _ in random(using: rng) }
    }

    /// A zero blinder: reachable only from tests through `@testable import Proofs`, to show that a commitment
    /// with no blinding hides nothing.
    static var zeroForTesting: Blinder { Blinder(derived: .zero) }
}
