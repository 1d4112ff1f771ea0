import Algebra
import Transcript

/// Zero-knowledge proof that a committed value is e·(x₁·y₁ + x₂·y₂) for committed x₁, y₁, x₂, y₂ and a public e:
/// the last step of a GKR layer (C_final = eq(ρ, r)·(p_L·q_R + q_L·(p_R + λ·q_R)), DESIGN.md A.7) in one Σ-protocol
/// instead of two product commitments, two ``ProductProof``s and a zero-opening link.
///
/// Statement: X_i = x_i·U + r_i·H, Y_i = y_i·U + s_i·H, F = f·U + t·H. With z = t − e·(x₁·s₁ + x₂·s₂),
/// f = e·(x₁·y₁ + x₂·y₂) is exactly F = (e·x₁)·Y₁ + (e·x₂)·Y₂ + z·H: a linear relation in the witness (x₁, x₂, z)
/// over the bases Y₁, Y₂, H — Hyrax's proof of product (ePrint 2017/1132, Appendix A) with the product's base a
/// sum of two commitments. The prover also shows knowledge of all four openings, as the product proof does.
///
/// Messages: A_{x₁}, A_{y₁}, A_{x₂}, A_{y₂} (each b·U + b′·H for fresh nonces), T = e·(b_{x₁}·Y₁ + b_{x₂}·Y₂) + d·H;
/// challenge c; responses w = b + c·value and w′ = b′ + c·blinder for each of the four, and u = d + c·z. The
/// verifier checks w·U + w′·H = A + c·K for each K ∈ {X₁, Y₁, X₂, Y₂} and e·(w_{x₁}·Y₁ + w_{x₂}·Y₂) + u·H = T + c·F.
/// Special soundness: two accepting transcripts with c ≠ c′ give every opening and z, hence F commits to
/// e·(x₁·y₁ + x₂·y₂) (Pedersen binding). Honest-verifier zero knowledge: pick the responses and c, solve for the
/// five nonce commitments. Size: 5 points and 9 scalars (a layer used 9 points and 11 scalars before).
///
/// The statement's commitments are not absorbed here: in a fraction tree X₁, Y₁, X₂ and the atoms of Y₂ are the
/// layer's absorbed child commitments, and Y₂ = C_{p_R} + λ·C_{q_R} and F (the sumcheck's final claim) are derived
/// from absorbed messages and drawn challenges (DESIGN.md A.8), so the verifier keeps them as ``PointCombination``s.
public struct ProductSumProof: ProofMessage, Equatable {
    /// A_{x₁}, A_{y₁}, A_{x₂}, A_{y₂}.
    public let openingNonces: [RistrettoPoint]
    /// T = e·(b_{x₁}·Y₁ + b_{x₂}·Y₂) + d·H.
    public let productNonce: RistrettoPoint
    /// w, w′ for x₁, y₁, x₂, y₂ in that order (value then blinder), then u.
    public let responses: [Scalar]

    static let label = "product-sum"
    package typealias Committed = ZKSumcheckProof.CommittedScalar

    /// Proves that `product` commits to e·(x₁·y₁ + x₂·y₂) with (x₁, y₁) = `first` and (x₂, y₂) = `second`.
    /// - Throws: ``ProofError/invalidWitness(_:)`` when the values do not satisfy the relation (the prover refuses).
    package static func prove(
        first: (x: Committed, y: Committed), second: (x: Committed, y: Committed), product: Committed, scale e: Scalar,
        key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> ProductSumProof {
        guard product.value == e * (first.x.value * first.y.value + second.x.value * second.y.value) else {
            throw ProofError.invalidWitness("product-sum proof: the product is not e·(x₁·y₁ + x₂·y₂)")
        }
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendScalar(label: "e", e)
        let openings = [first.x, first.y, second.x, second.y]
        // Fresh nonces for every value and blinder and for z (zero-knowledge rule 3).
        let valueNonces = (0..<4).map { _ in rng.nextScalar() }
        let blinderNonces = Blinder.random(count: 4, using: rng)
        let d = rng.nextScalar()
        let nonces = (0..<4).map { key.commitScalar(valueNonces[$0], blinder: blinderNonces[$0]) }
        // T from the openings of Y₁ and Y₂: e·(b₁·y₁ + b₂·y₂)·U + (e·(b₁·s₁ + b₂·s₂) + d)·H, the same point as
        // e·(b₁·Y₁ + b₂·Y₂) + d·H without variable-base multiplications.
        let (b1, b2) = (valueNonces[0], valueNonces[2])
        let productNonce = key.commitScalar(
            e * (b1 * first.y.value + b2 * second.y.value),
            blinder: Blinder(derived: e * (b1 * first.y.blinder.value + b2 * second.y.blinder.value) + d))
        for nonce in nonces { transcript.appendPoint(label: "A", nonce) }
        transcript.appendPoint(label: "T", productNonce)
        let c = transcript.challengeScalar(label: "c")
        var responses: [Scalar] = []
        responses.reserveCapacity(9)
        for i in 0..<4 {
            responses.append(valueNonces[i] + c * openings[i].value)
            responses.append(blinderNonces[i].value + c * openings[i].blinder.value)
        }
        let z =
            product.blinder.value
            - e * (first.x.value * first.y.blinder.value + second.x.value * second.y.blinder.value)
        responses.append(d + c * z)
        return ProductSumProof(openingNonces: nonces, productNonce: productNonce, responses: responses)
    }

    /// Adds the five group equations for X₁, Y₁, X₂, Y₂ and F (see the type's summary) to `batch`.
    public func verify(
        first: (x: PointCombination, y: PointCombination), second: (x: PointCombination, y: PointCombination),
        product: PointCombination, scale e: Scalar, transcript: inout MerlinTranscript,
        batch: inout GroupEquationBatch
    ) {
        transcript.appendMessage(label: "dom-sep", message: Array(ProductSumProof.label.utf8))
        transcript.appendScalar(label: "e", e)
        for nonce in openingNonces { transcript.appendPoint(label: "A", nonce) }
        transcript.appendPoint(label: "T", productNonce)
        let c = transcript.challengeScalar(label: "c")
        let statements = [first.x, first.y, second.x, second.y]
        for i in 0..<4 {
            batch.add { eq in
                eq.addScalarBase(responses[2 * i])
                eq.addBlinding(responses[2 * i + 1])
                eq.add(-Scalar.one, openingNonces[i])
                eq.add(-c, statements[i])
            }
        }
        batch.add { eq in
            eq.add(e * responses[0], first.y)
            eq.add(e * responses[4], second.y)
            eq.addBlinding(responses[8])
            eq.add(-Scalar.one, productNonce)
            eq.add(-c, product)
        }
    }

    init(openingNonces: [RistrettoPoint], productNonce: RistrettoPoint, responses: [Scalar]) {
        self.openingNonces = openingNonces
        self.productNonce = productNonce
        self.responses = responses
    }

    /// Writes A_{x₁}, A_{y₁}, A_{x₂}, A_{y₂}, T, then the nine responses.
    public func encode(to writer: inout ProofWriter) {
        writer.write(openingNonces + [productNonce])
        writer.write(responses)
    }

    /// Reads five points and nine scalars.
    public init(from reader: inout ProofReader, shape: FixedShape) throws(ProofError) {
        let points = try reader.readPoints(5)
        openingNonces = Array(points.prefix(4))
        productNonce = points[4]
        responses = try reader.readScalars(9)
    }
}
