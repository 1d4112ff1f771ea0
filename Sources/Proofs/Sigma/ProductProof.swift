import Algebra
import Transcript

/// Proof that committed values satisfy z = x·y, for X = x·U + r_x·H, Y = y·U + r_y·H, Z = z·U + r_z·H
/// (Hyrax ePrint 2017/1132 Appendix A, "proof of product"; the same relation as Spartan's ProductProof).
/// The third check uses X as a base: Z = y·X + (r_z − r_x·y)·H exactly when z = x·y.
public struct ProductProof: ProofMessage, Equatable {
    /// α = b₁·U + b₂·H.
    public let alpha: RistrettoPoint
    /// β = b₃·U + b₄·H.
    public let beta: RistrettoPoint
    /// δ = b₃·X + b₅·H.
    public let delta: RistrettoPoint
    /// z₁ = b₁ + c·x, z₂ = b₂ + c·r_x, z₃ = b₃ + c·y, z₄ = b₄ + c·r_y, z₅ = b₅ + c·(r_z − r_x·y).
    public let responses: [Scalar]

    static let label = "product-proof"

    /// Proves value(product) = value(left)·value(right). Refuses a witness that does not multiply out.
    /// - Parameter absorbingRight: false when Y is derived from the transcript so far (a combination of absorbed
    ///   points with drawn coefficients): it is then not absorbed, and the verifier keeps it as a
    ///   ``PointCombination`` (``verify(left:derivedRight:product:transcript:batch:)``).
    public static func prove(
        left: (value: Scalar, blinder: Blinder, commitment: RistrettoPoint),
        right: (value: Scalar, blinder: Blinder, commitment: RistrettoPoint),
        product: (value: Scalar, blinder: Blinder, commitment: RistrettoPoint),
        key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG, absorbingRight: Bool = true
    ) throws(ProofError) -> ProductProof {
        guard left.value * right.value == product.value else {
            throw ProofError.invalidWitness("product proof: z ≠ x·y")
        }
        absorbStatement(left.commitment, absorbingRight ? right.commitment : nil, product.commitment, into: &transcript)
        // Value nonces b₁, b₃ and blinder nonces b₂, b₄, b₅, all fresh (zero-knowledge rule 3).
        let b1 = rng.nextScalar()
        let b3 = rng.nextScalar()
        let bBlinders = Blinder.random(count: 3, using: rng)
        let alpha = key.commitScalar(b1, blinder: bBlinders[0])
        let beta = key.commitScalar(b3, blinder: bBlinders[1])
        // δ = b₃·X + b₅·H, formed from X's opening: (b₃·x)·U + (b₃·r_x + b₅)·H is the same point through the
        // fixed-base tables instead of a variable-base multiplication of X.
        let delta = key.commitScalar(
            b3 * left.value, blinder: Blinder(derived: b3 * left.blinder.value + bBlinders[2].value))
        transcript.appendPoint(label: "alpha", alpha)
        transcript.appendPoint(label: "beta", beta)
        transcript.appendPoint(label: "delta", delta)
        let c = transcript.challengeScalar(label: "c")
        let responses = [
            b1 + c * left.value,
            bBlinders[0].value + c * left.blinder.value,
            b3 + c * right.value,
            bBlinders[1].value + c * right.blinder.value,
            bBlinders[2].value + c * (product.blinder.value - left.blinder.value * right.value),
        ]
        return ProductProof(alpha: alpha, beta: beta, delta: delta, responses: responses)
    }

    /// Absorbs X, Y and Z; a derived Y (nil) is not absorbed, and the transcript says so.
    private static func absorbStatement(
        _ x: RistrettoPoint, _ y: RistrettoPoint?, _ z: RistrettoPoint, into transcript: inout MerlinTranscript
    ) {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendPoint(label: "X", x)
        if let y {
            transcript.appendPoint(label: "Y", y)
        } else {
            transcript.appendMessage(label: "Y-form", message: Array("derived".utf8))
        }
        transcript.appendPoint(label: "Z", z)
    }

    /// Adds the three Σ-protocol equations to `batch`.
    public func verify(
        left: RistrettoPoint, right: RistrettoPoint, product: RistrettoPoint,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) {
        verify(
            left: left, right: PointCombination(right), absorbedRight: right, product: product,
            transcript: &transcript, batch: &batch)
    }

    /// ``verify(left:right:product:transcript:batch:)`` for a Y the prover did not absorb (`absorbingRight: false`):
    /// Y stays a combination of points the verifier already has and enters the second equation as MSM terms.
    public func verify(
        left: RistrettoPoint, derivedRight right: PointCombination, product: RistrettoPoint,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) {
        verify(left: left, right: right, absorbedRight: nil, product: product, transcript: &transcript, batch: &batch)
    }

    private func verify(
        left: RistrettoPoint, right: PointCombination, absorbedRight: RistrettoPoint?, product: RistrettoPoint,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) {
        ProductProof.absorbStatement(left, absorbedRight, product, into: &transcript)
        transcript.appendPoint(label: "alpha", alpha)
        transcript.appendPoint(label: "beta", beta)
        transcript.appendPoint(label: "delta", delta)
        let c = transcript.challengeScalar(label: "c")
        let z = responses
        batch.add { e in
            e.addScalarBase(z[0])
            e.addBlinding(z[1])
            e.add(-Scalar.one, alpha)
            e.add(-c, left)
        }
        batch.add { e in
            e.addScalarBase(z[2])
            e.addBlinding(z[3])
            e.add(-Scalar.one, beta)
            e.add(-c, right)
        }
        batch.add { e in
            e.add(z[2], left)
            e.addBlinding(z[4])
            e.add(-Scalar.one, delta)
            e.add(-c, product)
        }
    }

    init(alpha: RistrettoPoint, beta: RistrettoPoint, delta: RistrettoPoint, responses: [Scalar]) {
        self.alpha = alpha
        self.beta = beta
        self.delta = delta
        self.responses = responses
    }

    /// Writes α, β, δ, z₁…z₅.
    public func encode(to writer: inout ProofWriter) {
        writer.write([alpha, beta, delta])
        writer.write(responses)
    }

    /// Reads α, β, δ, z₁…z₅.
    public init(from reader: inout ProofReader, shape: FixedShape) throws(ProofError) {
        alpha = try reader.readPoint()
        beta = try reader.readPoint()
        delta = try reader.readPoint()
        responses = try reader.readScalars(5)
    }
}
