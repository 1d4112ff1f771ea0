import Algebra
import Transcript

/// Proof that a commitment opens to zero, C = r·H, by knowledge of r (Schnorr over H). Used directly where a
/// committed value must be 0 (the logUp-GKR root numerator, DESIGN.md A.7) and, on C₁ − C₂, as the proof that
/// two commitments hold the same value (Hyrax Appendix A, "proof of equality").
public struct ZeroOpeningProof: ProofMessage, Equatable {
    /// A = t·H.
    public let nonceCommitment: RistrettoPoint
    /// z = t + c·r.
    public let response: Scalar

    static let label = "zero-opening-proof"

    /// Proves `commitment` = blinder·H.
    /// - Parameter absorbingCommitment: false when the commitment is derived from the transcript so far (the
    ///   verifier then checks it as a ``PointCombination`` with ``verify(derived:transcript:batch:)``).
    public static func prove(
        blinder: Blinder, commitment: RistrettoPoint, key: CommitmentKey,
        transcript: inout MerlinTranscript, rng: TranscriptRNG, absorbingCommitment: Bool = true
    ) -> ZeroOpeningProof {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        if absorbingCommitment { transcript.appendPoint(label: "C", commitment) }
        let t = Blinder.random(using: rng)
        let nonce = key.commitScalar(.zero, blinder: t)
        transcript.appendPoint(label: "A", nonce)
        let c = transcript.challengeScalar(label: "c")
        return ZeroOpeningProof(nonceCommitment: nonce, response: t.value + c * blinder.value)
    }

    /// Proves that `first` and `second` commit to the same value: C₁ − C₂ = (r₁ − r₂)·H.
    public static func proveEqual(
        first: (commitment: RistrettoPoint, blinder: Blinder), second: (commitment: RistrettoPoint, blinder: Blinder),
        key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) -> ZeroOpeningProof {
        prove(
            blinder: Blinder(derived: first.blinder.value - second.blinder.value),
            commitment: first.commitment - second.commitment, key: key, transcript: &transcript, rng: rng)
    }

    /// Adds z·H − A − c·C = 0 to `batch`.
    public func verify(
        commitment: RistrettoPoint, transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) {
        transcript.appendMessage(label: "dom-sep", message: Array(ZeroOpeningProof.label.utf8))
        transcript.appendPoint(label: "C", commitment)
        transcript.appendPoint(label: "A", nonceCommitment)
        let c = transcript.challengeScalar(label: "c")
        batch.add { e in
            e.addBlinding(response)
            e.add(-Scalar.one, nonceCommitment)
            e.add(-c, commitment)
        }
    }

    /// Adds z·H − A − c·C = 0 for a commitment C derived from the transcript so far, which is not absorbed and
    /// stays a combination of terms (no scalar multiplication by the verifier).
    public func verify(
        derived commitment: PointCombination, transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) {
        transcript.appendMessage(label: "dom-sep", message: Array(ZeroOpeningProof.label.utf8))
        transcript.appendPoint(label: "A", nonceCommitment)
        let c = transcript.challengeScalar(label: "c")
        batch.add { e in
            e.addBlinding(response)
            e.add(-Scalar.one, nonceCommitment)
            e.add(-c, commitment)
        }
    }

    /// Verifies equality of the values committed in `first` and `second`.
    public func verifyEqual(
        first: RistrettoPoint, second: RistrettoPoint, transcript: inout MerlinTranscript,
        batch: inout GroupEquationBatch
    ) {
        verify(commitment: first - second, transcript: &transcript, batch: &batch)
    }

    init(nonceCommitment: RistrettoPoint, response: Scalar) {
        self.nonceCommitment = nonceCommitment
        self.response = response
    }

    /// Writes A, z.
    public func encode(to writer: inout ProofWriter) {
        writer.write(nonceCommitment)
        writer.write(response)
    }

    /// Reads A, z.
    public init(from reader: inout ProofReader, shape: FixedShape) throws(ProofError) {
        nonceCommitment = try reader.readPoint()
        response = try reader.readScalar()
    }
}
