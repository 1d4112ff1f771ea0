import Algebra
import Transcript

/// Collects the group equations of a verification (each "Σ s_k·P_k = identity") and checks them all with one
/// multi-scalar multiplication after weighting each by a fresh random scalar (DESIGN.md §2, verifier step 6).
///
/// Soundness: if any equation fails, the weighted sum is the identity with probability at most 1/ℓ, because
/// the weights are drawn from the verifier's own randomness after the proof is fixed. Terms on the public
/// generators (G_i, H, U) are merged into one coefficient each, so the final MSM runs over the precomputed
/// generator tables plus the proof's own elements.
public struct GroupEquationBatch {
    private var generatorCoefficients: [Scalar] = []
    private var blindingCoefficient = Scalar.zero
    private var scalarBaseCoefficient = Scalar.zero
    private var scalars: [Scalar] = []
    private var points: [RistrettoPoint] = []
    /// The verifier's weights: a STROBE PRF keyed with 32 bytes of OS randomness (one system call per batch
    /// instead of eight per equation).
    private let weights: TranscriptRNG = MerlinTranscript(label: "feedproof-batch-weights").rngBuilder().finalize()
    /// How many equations were added.
    public private(set) var equationCount = 0

    /// An empty batch.
    public init() {}

    /// One equation Σ terms = identity, built by the caller through an ``EquationBuilder``.
    public mutating func add(_ build: (inout EquationBuilder) -> Void) {
        var equation = EquationBuilder()
        build(&equation)
        let weight = randomWeight()
        equationCount += 1
        if generatorCoefficients.count < equation.generatorCoefficients.count {
            generatorCoefficients.append(
                contentsOf: repeatElement(.zero, count: equation.generatorCoefficients.count - generatorCoefficients.count))
        }
        for (i, c) in equation.generatorCoefficients.enumerated() where !c.isZero {
            generatorCoefficients[i] += weight * c
        }
        blindingCoefficient += weight * equation.blindingCoefficient
        scalarBaseCoefficient += weight * equation.scalarBaseCoefficient
        for (s, p) in zip(equation.scalars, equation.points) {
            scalars.append(weight * s)
            points.append(p)
        }
    }

    private func randomWeight() -> Scalar {
        weights.nextScalar()
    }

    /// Whether every added equation holds (one MSM).
    public func holds(with key: CommitmentKey) -> Bool {
        guard generatorCoefficients.count <= key.vectorCapacity else { return false }
        let fixed = (try? key.generators.valueBases.multiscalarMultiply(generatorCoefficients)) ?? .generator
        let other =
            (try? RistrettoPoint.multiscalarMultiply(
                scalars + [blindingCoefficient, scalarBaseCoefficient],
                points + [key.blindingBase, key.scalarBase])) ?? .generator
        return (fixed + other).isIdentity
    }

    /// Throws ``ProofError/verificationFailed(protocol:check:)`` unless every equation holds.
    public func verify(with key: CommitmentKey, protocol name: String) throws(ProofError) {
        guard holds(with: key) else {
            throw ProofError.verificationFailed(protocol: name, check: "the batched group equations do not hold")
        }
    }
}

/// The terms of one group equation Σ terms = identity.
public struct EquationBuilder {
    var generatorCoefficients: [Scalar] = []
    var blindingCoefficient = Scalar.zero
    var scalarBaseCoefficient = Scalar.zero
    var scalars: [Scalar] = []
    var points: [RistrettoPoint] = []

    /// Adds s·P.
    public mutating func add(_ s: Scalar, _ point: RistrettoPoint) {
        scalars.append(s)
        points.append(point)
    }

    /// Adds s·G_index.
    public mutating func addGenerator(_ s: Scalar, index: Int) {
        if generatorCoefficients.count <= index {
            generatorCoefficients.append(contentsOf: repeatElement(.zero, count: index + 1 - generatorCoefficients.count))
        }
        generatorCoefficients[index] += s
    }

    /// Adds Σ s_i·G_i for i < coefficients.count.
    public mutating func addGenerators(_ coefficients: [Scalar]) {
        for (i, s) in coefficients.enumerated() { addGenerator(s, index: i) }
    }

    /// Adds s·H.
    public mutating func addBlinding(_ s: Scalar) { blindingCoefficient += s }

    /// Adds s·U.
    public mutating func addScalarBase(_ s: Scalar) { scalarBaseCoefficient += s }
}
