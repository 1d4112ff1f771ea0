import Algebra
import Transcript

/// Proof of knowledge of an opening (v, r) of a scalar commitment C = v·U + r·H (Schnorr/Okamoto; Hyrax
/// ePrint 2017/1132 Appendix A, "proof of opening"). Special soundness extracts (v, r) from two challenges;
/// honest-verifier zero-knowledge from uniform nonces.
public struct KnowledgeProof: ProofMessage, Equatable {
    /// A = t_v·U + t_r·H.
    public let nonceCommitment: RistrettoPoint
    /// z_v = t_v + c·v.
    public let valueResponse: Scalar
    /// z_r = t_r + c·r.
    public let blinderResponse: Scalar

    static let label = "knowledge-proof"

    /// Proves knowledge of the opening of `commitment` = value·U + blinder·H.
    public static func prove(
        value: Scalar, blinder: Blinder, commitment: RistrettoPoint, key: CommitmentKey,
        transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) -> KnowledgeProof {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendPoint(label: "C", commitment)
        let tValue = rng.nextScalar()
        let tBlinder = Blinder.random(using: rng)
        let nonce = key.commitScalar(tValue, blinder: tBlinder)
        transcript.appendPoint(label: "A", nonce)
        let c = transcript.challengeScalar(label: "c")
        return KnowledgeProof(
            nonceCommitment: nonce, valueResponse: tValue + c * value, blinderResponse: tBlinder.value + c * blinder.value)
    }

    /// Adds z_v·U + z_r·H − A − c·C = 0 to `batch`.
    public func verify(
        commitment: RistrettoPoint, transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) {
        transcript.appendMessage(label: "dom-sep", message: Array(KnowledgeProof.label.utf8))
        transcript.appendPoint(label: "C", commitment)
        transcript.appendPoint(label: "A", nonceCommitment)
        let c = transcript.challengeScalar(label: "c")
        batch.add { e in
            e.addScalarBase(valueResponse)
            e.addBlinding(blinderResponse)
            e.add(-Scalar.one, nonceCommitment)
            e.add(-c, commitment)
        }
    }

    init(nonceCommitment: RistrettoPoint, valueResponse: Scalar, blinderResponse: Scalar) {
        self.nonceCommitment = nonceCommitment
        self.valueResponse = valueResponse
        self.blinderResponse = blinderResponse
    }

    /// Writes A, z_v, z_r.
    public func encode(to writer: inout ProofWriter) {
        writer.write(nonceCommitment)
        writer.write(valueResponse)
        writer.write(blinderResponse)
    }

    /// Reads A, z_v, z_r.
    public init(from reader: inout ProofReader, shape: FixedShape) throws(ProofError) {
        nonceCommitment = try reader.readPoint()
        valueResponse = try reader.readScalar()
        blinderResponse = try reader.readScalar()
    }
}
