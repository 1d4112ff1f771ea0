import Algebra
import FeedProofTestSupport
@testable import Proofs
import Testing
import Transcript

/// Completeness, soundness under tampering, nonce freshness and decoding robustness of the Σ-proofs.
@Suite("Σ-proofs")
struct SigmaProofTests {
    let key = ProofTestContext.key
    var random = SeededGenerator(seed: 0x5167)

    static func transcript() -> MerlinTranscript {
        var t = MerlinTranscript(label: "sigma-test")
        t.appendMessage(label: "statement", message: Array("fixed".utf8))
        return t
    }

    /// Verifies with a fresh batch; a decode error counts as rejection.
    static func accepts(_ check: (inout MerlinTranscript, inout GroupEquationBatch) throws -> Void) -> Bool {
        var transcript = transcript()
        var batch = GroupEquationBatch()
        do {
            try check(&transcript, &batch)
            return batch.holds(with: ProofTestContext.key)
        } catch {
            return false
        }
    }

    // MARK: Knowledge of opening

    @Test mutating func knowledgeProof() throws {
        let value = random.randomScalar()
        var t = Self.transcript()
        let rng = ProofTestContext.rng(for: t)
        let blinder = Blinder.random(using: rng)
        let c = key.commitScalar(value, blinder: blinder)
        let proof = KnowledgeProof.prove(value: value, blinder: blinder, commitment: c, key: key, transcript: &t, rng: rng)
        let bytes = proof.encoded
        #expect(Self.accepts { t, b in try KnowledgeProof(decoding: bytes).verify(commitment: c, transcript: &t, batch: &b) })
        // Another statement.
        let other = c + RistrettoPoint.generator
        #expect(!Self.accepts { t, b in try KnowledgeProof(decoding: bytes).verify(commitment: other, transcript: &t, batch: &b) })
        for (element, altered) in ProofTampering.variants(of: bytes) {
            #expect(
                !Self.accepts { t, b in try KnowledgeProof(decoding: altered).verify(commitment: c, transcript: &t, batch: &b) },
                "altered element \(element) accepted")
        }
        // Fresh nonces: a second proof of the same statement shares nothing.
        var t2 = Self.transcript()
        let second = KnowledgeProof.prove(
            value: value, blinder: blinder, commitment: c, key: key, transcript: &t2, rng: ProofTestContext.rng(for: t2))
        #expect(second.nonceCommitment != proof.nonceCommitment)
        #expect(second.valueResponse != proof.valueResponse && second.blinderResponse != proof.blinderResponse)
    }

    /// Zero-knowledge rule 3: reusing a nonce across two challenges reveals the witness. This is why the RNG is
    /// hedged (transcript + witness + OS randomness) and fixed seeds exist only in tests.
    @Test mutating func nonceReuseRevealsTheWitness() throws {
        let value = random.randomScalar()
        let statement = Self.transcript()
        let blinder = Blinder.random(using: ProofTestContext.rng(for: statement))
        let c = key.commitScalar(value, blinder: blinder)
        // Same deterministic seed and transcript → same nonces; different statements → different challenges.
        var t1 = statement
        t1.appendMessage(label: "context", message: [1])
        var t2 = statement
        t2.appendMessage(label: "context", message: [2])
        let seeded1 = ProofTestContext.rng(for: statement, seed: 7)
        let seeded2 = ProofTestContext.rng(for: statement, seed: 7)
        let p1 = KnowledgeProof.prove(value: value, blinder: blinder, commitment: c, key: key, transcript: &t1, rng: seeded1)
        let p2 = KnowledgeProof.prove(value: value, blinder: blinder, commitment: c, key: key, transcript: &t2, rng: seeded2)
        #expect(p1.nonceCommitment == p2.nonceCommitment)
        // Recompute both challenges as the verifier would and solve z1 − z2 = (c1 − c2)·v.
        func challenge(_ context: UInt8, _ proof: KnowledgeProof) -> Scalar {
            var t = statement
            t.appendMessage(label: "context", message: [context])
            t.appendMessage(label: "dom-sep", message: Array("knowledge-proof".utf8))
            t.appendPoint(label: "C", c)
            t.appendPoint(label: "A", proof.nonceCommitment)
            return t.challengeScalar(label: "c")
        }
        let c1 = challenge(1, p1)
        let c2 = challenge(2, p2)
        let recovered = (p1.valueResponse - p2.valueResponse) * ((c1 - c2).inverted() ?? .zero)
        #expect(recovered == value)
    }

    // MARK: Zero opening and equality

    @Test mutating func zeroOpeningAndEquality() throws {
        var t = Self.transcript()
        let rng = ProofTestContext.rng(for: t)
        let r = Blinder.random(using: rng)
        let zero = key.commitScalar(.zero, blinder: r)
        let proof = ZeroOpeningProof.prove(blinder: r, commitment: zero, key: key, transcript: &t, rng: rng)
        let bytes = proof.encoded
        #expect(Self.accepts { t, b in try ZeroOpeningProof(decoding: bytes).verify(commitment: zero, transcript: &t, batch: &b) })
        for (element, altered) in ProofTampering.variants(of: bytes) {
            #expect(
                !Self.accepts { t, b in try ZeroOpeningProof(decoding: altered).verify(commitment: zero, transcript: &t, batch: &b) },
                "altered element \(element) accepted")
        }
        // A commitment to 1 cannot be proven to open to zero (the prover's response cannot satisfy z·H = A + c·C).
        var t3 = Self.transcript()
        let one = key.commitScalar(.one, blinder: r)
        let wrong = ZeroOpeningProof.prove(blinder: r, commitment: one, key: key, transcript: &t3, rng: rng)
        #expect(!Self.accepts { t, b in wrong.verify(commitment: one, transcript: &t, batch: &b) })

        // Equality of two commitments to the same value with different blinders.
        let v = random.randomScalar()
        let r1 = Blinder.random(using: rng)
        let r2 = Blinder.random(using: rng)
        let c1 = key.commitScalar(v, blinder: r1)
        let c2 = key.commitScalar(v, blinder: r2)
        var t4 = Self.transcript()
        let eq = ZeroOpeningProof.proveEqual(
            first: (c1, r1), second: (c2, r2), key: key, transcript: &t4, rng: rng)
        #expect(Self.accepts { t, b in eq.verifyEqual(first: c1, second: c2, transcript: &t, batch: &b) })
        let c3 = key.commitScalar(v + .one, blinder: r2)
        var t5 = Self.transcript()
        let notEqual = ZeroOpeningProof.proveEqual(first: (c1, r1), second: (c3, r2), key: key, transcript: &t5, rng: rng)
        #expect(!Self.accepts { t, b in notEqual.verifyEqual(first: c1, second: c3, transcript: &t, batch: &b) })
    }

    // MARK: Product

    @Test mutating func productProof() throws {
        var t = Self.transcript()
        let rng = ProofTestContext.rng(for: t)
        let x = random.randomScalar()
        let y = random.randomScalar()
        let (rx, ry, rz) = (Blinder.random(using: rng), Blinder.random(using: rng), Blinder.random(using: rng))
        let cx = key.commitScalar(x, blinder: rx)
        let cy = key.commitScalar(y, blinder: ry)
        let cz = key.commitScalar(x * y, blinder: rz)
        let proof = try ProductProof.prove(
            left: (x, rx, cx), right: (y, ry, cy), product: (x * y, rz, cz), key: key, transcript: &t, rng: rng)
        let bytes = proof.encoded
        func verify(_ bytes: [UInt8], _ z: RistrettoPoint = cz) -> Bool {
            Self.accepts { t, b in
                try ProductProof(decoding: bytes).verify(left: cx, right: cy, product: z, transcript: &t, batch: &b)
            }
        }
        #expect(verify(bytes))
        #expect(!verify(bytes, cz + key.scalarBase))
        for (element, altered) in ProofTampering.variants(of: bytes) {
            #expect(!verify(altered), "altered element \(element) accepted")
        }
        // A wrong product is refused by the prover…
        #expect(throws: ProofError.self) {
            var t2 = Self.transcript()
            _ = try ProductProof.prove(
                left: (x, rx, cx), right: (y, ry, cy), product: (x * y + .one, rz, cz), key: key, transcript: &t2,
                rng: rng)
        }
        // …and a proof forced through for a commitment to x·y + 1 does not verify.
        let wrongZ = key.commitScalar(x * y + .one, blinder: rz)
        var t3 = Self.transcript()
        let forged = try ProductProof.prove(
            left: (x, rx, cx), right: (y, ry, cy), product: (x * y, rz, wrongZ), key: key, transcript: &t3, rng: rng)
        #expect(!Self.accepts { t, b in forged.verify(left: cx, right: cy, product: wrongZ, transcript: &t, batch: &b) })
    }

    /// A product whose right factor is derived, Y = C₁ + γ·C₂ for two commitments the transcript absorbed first, and
    /// not absorbed (`absorbingRight: false`, as the GKR layers' q_L·(p_R + λ·q_R)): it verifies only against that
    /// combination, refuses every altered element, and an absorbing verifier refuses it.
    @Test mutating func productProofWithADerivedRightFactor() throws {
        var t = Self.transcript()
        let rng = ProofTestContext.rng(for: t)
        let gamma = random.randomScalar()
        let x = key.commitFresh(random.randomScalar(), rng: rng)
        let y1 = key.commitFresh(random.randomScalar(), rng: rng)
        let y2 = key.commitFresh(random.randomScalar(), rng: rng)
        for c in [x, y1, y2] { t.appendPoint(label: "part", c.commitment) }
        let y = (
            value: y1.value + gamma * y2.value, blinder: Blinder(derived: y1.blinder.value + gamma * y2.blinder.value),
            commitment: y1.commitment + gamma * y2.commitment
        )
        let z = key.commitFresh(x.value * y.value, rng: rng)
        t.appendPoint(label: "part", z.commitment)
        let bytes = try ProductProof.prove(
            left: x, right: y, product: z, key: key, transcript: &t, rng: rng, absorbingRight: false
        ).encoded
        func verify(_ bytes: [UInt8], coefficient: Scalar, absorbing: Bool = false) -> Bool {
            Self.accepts { t, b in
                for c in [x, y1, y2, z] { t.appendPoint(label: "part", c.commitment) }
                let proof = try ProductProof(decoding: bytes)
                if absorbing {
                    proof.verify(
                        left: x.commitment, right: y1.commitment + coefficient * y2.commitment, product: z.commitment,
                        transcript: &t, batch: &b)
                } else {
                    proof.verify(
                        left: x.commitment,
                        derivedRight: PointCombination(terms: [(.one, y1.commitment), (coefficient, y2.commitment)]),
                        product: z.commitment, transcript: &t, batch: &b)
                }
            }
        }
        #expect(verify(bytes, coefficient: gamma))
        #expect(!verify(bytes, coefficient: gamma + .one))
        #expect(!verify(bytes, coefficient: gamma, absorbing: true))
        for (element, altered) in ProofTampering.variants(of: bytes) {
            #expect(!verify(altered, coefficient: gamma), "altered element \(element) accepted")
        }
    }

    // MARK: Product sum (a GKR layer's final step)

    /// F = e·(x₁·y₁ + x₂·y₂) with y₂ = C_a + γ·C_b derived (the GKR layer's p_L·q_R + q_L·(p_R + λ·q_R)): it
    /// verifies against exactly that statement, refuses every altered element, another scale, a derived factor with
    /// another coefficient, a product committing e·(…) + 1, and swapped factors; the prover refuses a false relation.
    @Test mutating func productSumProof() throws {
        var t = Self.transcript()
        let rng = ProofTestContext.rng(for: t)
        let (gamma, e) = (random.randomScalar(), random.randomScalar())
        let x1 = key.commitFresh(random.randomScalar(), rng: rng)
        let y1 = key.commitFresh(random.randomScalar(), rng: rng)
        let x2 = key.commitFresh(random.randomScalar(), rng: rng)
        let a = key.commitFresh(random.randomScalar(), rng: rng)
        let b = key.commitFresh(random.randomScalar(), rng: rng)
        for c in [x1, y1, x2, a, b] { t.appendPoint(label: "part", c.commitment) }
        let y2 = key.recommit(a.value + gamma * b.value, blinder: a.blinder.value + gamma * b.blinder.value)
        let f = key.commitFresh(e * (x1.value * y1.value + x2.value * y2.value), rng: rng)
        var proverTranscript = t
        let proof = try ProductSumProof.prove(
            first: (x1, y1), second: (x2, y2), product: f, scale: e, key: key, transcript: &proverTranscript, rng: rng)
        let bytes = proof.encoded
        #expect(bytes.count == 32 * 14)
        func verify(
            _ bytes: [UInt8], scale: Scalar = e, coefficient: Scalar = gamma, product: RistrettoPoint = f.commitment,
            swapped: Bool = false
        ) -> Bool {
            Self.accepts { t, batch in
                for c in [x1, y1, x2, a, b] { t.appendPoint(label: "part", c.commitment) }
                let derived = PointCombination(terms: [(.one, a.commitment), (coefficient, b.commitment)])
                let first = (PointCombination(x1.commitment), PointCombination(y1.commitment))
                let second = (PointCombination(x2.commitment), derived)
                try ProductSumProof(decoding: bytes).verify(
                    first: swapped ? second : first, second: swapped ? first : second,
                    product: PointCombination(product), scale: scale, transcript: &t, batch: &batch)
            }
        }
        #expect(verify(bytes))
        #expect(!verify(bytes, scale: e + .one))
        #expect(!verify(bytes, coefficient: gamma + .one))
        #expect(!verify(bytes, product: f.commitment + key.scalarBase))
        #expect(!verify(bytes, swapped: true))
        for (element, altered) in ProofTampering.variants(of: bytes) {
            #expect(!verify(altered), "altered element \(element) accepted")
        }
        // A false relation: the prover refuses; a proof made for the true F does not transfer to F + U (above).
        let lie = key.commitFresh(f.value + .one, rng: rng)
        var lying = t
        #expect(throws: ProofError.self) {
            _ = try ProductSumProof.prove(
                first: (x1, y1), second: (x2, y2), product: lie, scale: e, key: key, transcript: &lying, rng: rng)
        }
    }

    // MARK: Linear dot product

    @Test(arguments: [1, 2, 3, 4, 7, 16, 33])
    func dotProductProof(length: Int) throws {
        var random = SeededGenerator(seed: UInt64(length))
        var t = Self.transcript()
        let rng = ProofTestContext.rng(for: t)
        let x = (0..<length).map { _ in random.randomScalar() }
        let a = (0..<length).map { _ in random.randomScalar() }
        let y = DotProductProof.innerProduct(a, x)
        let (rx, ry) = (Blinder.random(using: rng), Blinder.random(using: rng))
        let cx = try key.commit(x, blinder: rx)
        let cy = key.commitScalar(y, blinder: ry)
        let proof = try DotProductProof.prove(
            vector: x, vectorBlinder: rx, vectorCommitment: cx, weights: a, value: y, valueBlinder: ry,
            valueCommitment: cy, key: key, transcript: &t, rng: rng)
        let bytes = proof.encoded
        #expect(bytes.count == 32 * (length + 4))
        func verify(_ bytes: [UInt8], weights: [Scalar] = a, cy: RistrettoPoint = cy) -> Bool {
            Self.accepts { t, b in
                try DotProductProof(decoding: bytes, shape: length).verify(
                    vectorCommitment: cx, weights: weights, valueCommitment: cy, transcript: &t, batch: &b)
            }
        }
        #expect(verify(bytes))
        #expect(!verify(bytes, cy: cy + key.scalarBase))
        var otherWeights = a
        otherWeights[0] += .one
        #expect(!verify(bytes, weights: otherWeights))
        for (element, altered) in ProofTampering.variants(of: bytes) {
            #expect(!verify(altered), "altered element \(element) accepted")
        }
        // The response vector never equals the witness (it is c·x + d with uniform d).
        #expect(proof.responses != x)
        // Wrong length shape and a wrong claimed value.
        #expect(throws: ProofError.self) { _ = try DotProductProof(decoding: bytes, shape: length + 1) }
        #expect(throws: ProofError.invalidWitness("dot product: ⟨a, x⟩ ≠ y")) {
            var t2 = Self.transcript()
            _ = try DotProductProof.prove(
                vector: x, vectorBlinder: rx, vectorCommitment: cx, weights: a, value: y + .one, valueBlinder: ry,
                valueCommitment: cy, key: key, transcript: &t2, rng: rng)
        }
    }

    /// C_y given as a combination of already-absorbed points (a sumcheck round's w_0·C_j + w_1·C_{j+1}).
    @Test func dotProductAgainstACombination() throws {
        var random = SeededGenerator(seed: 71)
        var t = Self.transcript()
        let rng = ProofTestContext.rng(for: t)
        let x = (0..<4).map { _ in random.randomScalar() }
        let a = (0..<4).map { _ in random.randomScalar() }
        let y = DotProductProof.innerProduct(a, x)
        let (w0, w1) = (random.randomScalar(), random.randomScalar())
        // y = w0·u + w1·v for committed u and v.
        let v = random.randomScalar()
        let u = (y - w1 * v) * (w0.inverted() ?? .zero)
        let (ru, rv, rx) = (Blinder.random(using: rng), Blinder.random(using: rng), Blinder.random(using: rng))
        let cu = key.commitScalar(u, blinder: ru)
        let cv = key.commitScalar(v, blinder: rv)
        let cx = try key.commit(x, blinder: rx)
        let proof = try DotProductProof.prove(
            vector: x, vectorBlinder: rx, vectorCommitment: cx, weights: a, value: y,
            valueBlinder: Blinder(derived: w0 * ru.value + w1 * rv.value),
            valueCommitment: .combination([(w0, cu), (w1, cv)]), key: key, transcript: &t, rng: rng)
        func verify(_ terms: [(coefficient: Scalar, point: RistrettoPoint)]) -> Bool {
            Self.accepts { t, b in
                try proof.verify(vectorCommitment: cx, weights: a, valueCommitment: .combination(terms), transcript: &t, batch: &b)
            }
        }
        #expect(verify([(w0, cu), (w1, cv)]))
        #expect(!verify([(w1, cu), (w0, cv)]))
        #expect(!verify([(w0, cu), (w1, cu)]))
        #expect(!verify([(w0, cu)]))
        // The point form is a different statement encoding: it does not verify against the combination's proof.
        #expect(!Self.accepts { t, b in
            try proof.verify(vectorCommitment: cx, weights: a, valueCommitment: w0 * cu + w1 * cv, transcript: &t, batch: &b)
        })
    }

    // MARK: Decoding robustness

    @Test func decodersNeverTrap() {
        var random = SeededGenerator(seed: 99)
        for length in 0...300 {
            let bytes = random.bytes(count: length)
            #expect((try? KnowledgeProof(decoding: bytes)) == nil || length == 96)
            #expect((try? ZeroOpeningProof(decoding: bytes)) == nil || length == 64)
            #expect((try? ProductProof(decoding: bytes)) == nil || length == 256)
            #expect((try? ProductSumProof(decoding: bytes)) == nil || length == 448)
            _ = try? DotProductProof(decoding: bytes, shape: 3)
            _ = try? DotProductProof(decoding: bytes, shape: -1)
            _ = try? DotProductProof(decoding: bytes, shape: Int.max)
        }
        let zeros = [UInt8](repeating: 0, count: 96)
        #expect(throws: ProofError.trailingBytes(count: 32)) { try ZeroOpeningProof(decoding: zeros) }
        #expect(throws: ProofError.truncated(offset: 64, needed: 32, available: 0)) {
            try KnowledgeProof(decoding: Array(zeros[0..<64]))
        }
        var nonCanonical = zeros
        for i in 32..<64 { nonCanonical[i] = 0xFF }
        #expect(throws: ProofError.nonCanonicalScalar(offset: 32)) { try KnowledgeProof(decoding: nonCanonical) }
        var badPoint = zeros
        badPoint[0] = 1  // s negative
        #expect(throws: ProofError.self) { try KnowledgeProof(decoding: badPoint) }
    }

    /// Zero-knowledge rule 1: the public API draws non-zero blinders only; a zero blinder exists solely through
    /// the internal, test-only `zeroForTesting`, and no source file outside Blinder.swift refers to it.
    @Test func zeroBlindersAreTestOnly() throws {
        let rng = ProofTestContext.rng(for: Self.transcript())
        for _ in 0..<200 { #expect(!Blinder.random(using: rng).value.isZero) }
        // Without a blinder, a commitment to a small value is found by trying values: it hides nothing.
        let unblinded = key.commitScalar(Scalar(5), blinder: .zeroForTesting)
        #expect((0..<10).first { key.commitScalar(Scalar($0), blinder: .zeroForTesting) == unblinded } == 5)
    }
}
