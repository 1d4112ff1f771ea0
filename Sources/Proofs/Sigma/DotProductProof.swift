import Algebra
import Transcript

/// Linear-size proof that ⟨a, x⟩ = y for a committed vector x (C_x = ⟨x, G⟩ + r_x·H), a public vector a and a
/// committed y (C_y = y·U + r_y·H): Hyrax ePrint 2017/1132 Fig. 5 (Spartan's DotProductProof). Used for short
/// vectors such as sumcheck round polynomials; long vectors use ``InnerProductProof``.
public struct DotProductProof: ProofMessage, Equatable {
    /// δ = ⟨d, G⟩ + r_δ·H.
    public let delta: RistrettoPoint
    /// β = ⟨a, d⟩·U + r_β·H.
    public let beta: RistrettoPoint
    /// z = c·x + d (the vector response; x itself is never sent).
    public let responses: [Scalar]
    /// z_δ = c·r_x + r_δ.
    public let deltaBlinderResponse: Scalar
    /// z_β = c·r_y + r_β.
    public let betaBlinderResponse: Scalar

    static let label = "dot-product-proof"

    /// Proves ⟨a, x⟩ = y. Refuses a witness where the dot product differs or the lengths disagree.
    public static func prove(
        vector x: [Scalar], vectorBlinder: Blinder, vectorCommitment: RistrettoPoint,
        weights a: [Scalar], value y: Scalar, valueBlinder: Blinder, valueCommitment: RistrettoPoint,
        key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> DotProductProof {
        try prove(
            vector: x, vectorBlinder: vectorBlinder, vectorCommitment: vectorCommitment, weights: a, value: y,
            valueBlinder: valueBlinder, valueCommitment: .point(valueCommitment), key: key, transcript: &transcript,
            rng: rng)
    }

    /// How the statement gives C_y: as a point, or as a linear combination Σ c_i·P_i of points the transcript has
    /// already absorbed, with challenges already drawn (as a sumcheck round's w_0·C_j + w_1·C_{j+1}). The
    /// combination is then fully bound by the transcript, so it is neither computed nor absorbed again: the
    /// verifier folds its terms into the batch equation instead of spending two scalar multiplications.
    public enum ValueCommitment: Sendable {
        /// C_y itself, absorbed by the proof.
        case point(RistrettoPoint)
        /// C_y = Σ coefficient·point over already-absorbed points.
        case combination([(coefficient: Scalar, point: RistrettoPoint)])
    }

    /// Proves ⟨a, x⟩ = y for C_y given as a point or as a combination of already-absorbed points.
    public static func prove(
        vector x: [Scalar], vectorBlinder: Blinder, vectorCommitment: RistrettoPoint,
        weights a: [Scalar], value y: Scalar, valueBlinder: Blinder, valueCommitment: ValueCommitment,
        key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> DotProductProof {
        guard x.count == a.count else {
            throw ProofError.shapeMismatch("dot product of \(x.count) and \(a.count) entries")
        }
        guard innerProduct(a, x) == y else { throw ProofError.invalidWitness("dot product: ⟨a, x⟩ ≠ y") }
        absorbStatement(vectorCommitment, valueCommitment, a, into: &transcript)
        let d = (0..<x.count).map { _ in rng.nextScalar() }
        let rDelta = Blinder.random(using: rng)
        let rBeta = Blinder.random(using: rng)
        let delta = try key.commit(d, blinder: rDelta)
        let beta = key.commitScalar(innerProduct(a, d), blinder: rBeta)
        transcript.appendPoint(label: "delta", delta)
        transcript.appendPoint(label: "beta", beta)
        let c = transcript.challengeScalar(label: "c")
        var z = [Scalar]()
        z.reserveCapacity(x.count)
        for i in 0..<x.count { z.append(c * x[i] + d[i]) }
        return DotProductProof(
            delta: delta, beta: beta, responses: z,
            deltaBlinderResponse: c * vectorBlinder.value + rDelta.value,
            betaBlinderResponse: c * valueBlinder.value + rBeta.value)
    }

    /// ⟨a, b⟩ over the common prefix.
    static func innerProduct(_ a: [Scalar], _ b: [Scalar]) -> Scalar {
        var sum = Scalar.zero
        for i in 0..<min(a.count, b.count) { sum += a[i] * b[i] }
        return sum
    }

    private static func absorbStatement(
        _ cx: RistrettoPoint, _ cy: ValueCommitment, _ a: [Scalar], into transcript: inout MerlinTranscript
    ) {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendUInt64(label: "n", value: UInt64(a.count))
        transcript.appendPoint(label: "Cx", cx)
        switch cy {
        case .point(let point): transcript.appendPoint(label: "Cy", point)
        case .combination: transcript.appendMessage(label: "Cy-form", message: Array("combination".utf8))
        }
        for w in a { transcript.appendScalar(label: "a", w) }
    }

    /// Adds ⟨z, G⟩ + z_δ·H − c·C_x − δ = 0 and ⟨a, z⟩·U + z_β·H − c·C_y − β = 0 to `batch`.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when the response length differs from the weights'.
    public func verify(
        vectorCommitment: RistrettoPoint, weights a: [Scalar], valueCommitment: RistrettoPoint,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) throws(ProofError) {
        try verify(
            vectorCommitment: vectorCommitment, weights: a, valueCommitment: .point(valueCommitment),
            transcript: &transcript, batch: &batch)
    }

    /// ``verify(vectorCommitment:weights:valueCommitment:transcript:batch:)`` for C_y given as a point or as a
    /// combination of already-absorbed points (its terms go straight into the batch equation).
    public func verify(
        vectorCommitment: RistrettoPoint, weights a: [Scalar], valueCommitment: ValueCommitment,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) throws(ProofError) {
        guard responses.count == a.count else {
            throw ProofError.shapeMismatch("dot-product proof has \(responses.count) responses for \(a.count) weights")
        }
        DotProductProof.absorbStatement(vectorCommitment, valueCommitment, a, into: &transcript)
        transcript.appendPoint(label: "delta", delta)
        transcript.appendPoint(label: "beta", beta)
        let c = transcript.challengeScalar(label: "c")
        let z = responses
        batch.add { e in
            e.addGenerators(z)
            e.addBlinding(deltaBlinderResponse)
            e.add(-c, vectorCommitment)
            e.add(-Scalar.one, delta)
        }
        batch.add { e in
            e.addScalarBase(DotProductProof.innerProduct(a, z))
            e.addBlinding(betaBlinderResponse)
            switch valueCommitment {
            case .point(let point): e.add(-c, point)
            case .combination(let terms): for term in terms { e.add(-(c * term.coefficient), term.point) }
            }
            e.add(-Scalar.one, beta)
        }
    }

    init(
        delta: RistrettoPoint, beta: RistrettoPoint, responses: [Scalar], deltaBlinderResponse: Scalar,
        betaBlinderResponse: Scalar
    ) {
        self.delta = delta
        self.beta = beta
        self.responses = responses
        self.deltaBlinderResponse = deltaBlinderResponse
        self.betaBlinderResponse = betaBlinderResponse
    }

    /// Writes δ, β, z_1…z_n, z_δ, z_β.
    public func encode(to writer: inout ProofWriter) {
        writer.write([delta, beta])
        writer.write(responses)
        writer.write([deltaBlinderResponse, betaBlinderResponse])
    }

    /// Reads a proof for vectors of `shape` entries.
    public init(from reader: inout ProofReader, shape length: Int) throws(ProofError) {
        guard length >= 0 else { throw ProofError.shapeMismatch("negative vector length \(length)") }
        delta = try reader.readPoint()
        beta = try reader.readPoint()
        responses = try reader.readScalars(length)
        deltaBlinderResponse = try reader.readScalar()
        betaBlinderResponse = try reader.readScalar()
    }
}
