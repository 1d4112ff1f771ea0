import Algebra
import FeedProofTestSupport
import Testing
import Transcript

@testable import Proofs

/// The log-size zero-knowledge dot-product proof (DESIGN.md A.2): completeness from 1 to 2^12 entries, every
/// message tampered, false claims, the u·U scaling, fresh nonces and decoding robustness. Proofs stop their
/// reduction at a tail of min(n, 32) entries; tests that need rounds on short vectors pass a tail of 1 (the
/// reduction all the way down, as the proof was before the tail).
@Suite("Inner-product proof")
struct InnerProductProofTests {
    /// Enough generators for the largest test vector (derived once per process).
    static let key = CommitmentKey(vectorCapacity: 1 << 12)

    static func transcript() -> MerlinTranscript {
        var t = MerlinTranscript(label: "inner-product-test")
        t.appendMessage(label: "statement", message: Array("fixed".utf8))
        return t
    }

    /// A random instance: x, a, y = ⟨a, x⟩ and both commitments.
    struct Instance {
        let x: [Scalar]
        let a: [Scalar]
        let y: Scalar
        let rx: Blinder
        let ry: Blinder
        let cx: RistrettoPoint
        let cy: RistrettoPoint
    }

    static func instance(length n: Int, seed: UInt64, weights: [Scalar]? = nil) throws -> Instance {
        var random = SeededGenerator(seed: seed)
        let rng = ProofTestContext.rng(for: transcript(), seed: UInt8(truncatingIfNeeded: seed))
        let x = (0..<n).map { _ in random.randomScalar() }
        let a = weights ?? (0..<n).map { _ in random.randomScalar() }
        let y = DotProductProof.innerProduct(a, x)
        let rx = Blinder.random(using: rng)
        let ry = Blinder.random(using: rng)
        return Instance(
            x: x, a: a, y: y, rx: rx, ry: ry, cx: try key.commit(x, blinder: rx), cy: key.commitScalar(y, blinder: ry))
    }

    /// The public prover, or with an explicit `tail` the reduction down to that many entries.
    static func prove(
        _ s: Instance, weights: InnerProductProof.Weights? = nil, tail: Int? = nil
    ) throws -> InnerProductProof {
        var t = transcript()
        guard let tail else {
            return try InnerProductProof.prove(
                vector: s.x, vectorBlinder: s.rx, vectorCommitment: s.cx, weights: weights ?? .explicit(s.a),
                value: s.y, valueBlinder: s.ry, valueCommitment: s.cy, key: key, transcript: &t,
                rng: ProofTestContext.rng(for: t))
        }
        let w = weights ?? .explicit(s.a)
        InnerProductProof.absorbStatement(
            length: s.x.count, vectorCommitment: s.cx, weights: w, valueCommitment: s.cy, into: &t)
        return try InnerProductProof.proveReduction(
            vector: s.x, weights: w.entries(), vectorBlinder: s.rx.value, valueBlinder: s.ry.value, key: key,
            transcript: &t, rng: ProofTestContext.rng(for: t), tail: tail)
    }

    /// Decodes and verifies with a fresh transcript and batch (the public verifier, or with an explicit `tail` the
    /// reduction's verifier for that tail); any error counts as rejection.
    static func accepts(
        _ bytes: [UInt8], length n: Int, cx: RistrettoPoint, weights: InnerProductProof.Weights, cy: RistrettoPoint,
        tail: Int? = nil
    ) -> Bool {
        var t = transcript()
        var batch = GroupEquationBatch()
        do {
            guard let tail else {
                let proof = try InnerProductProof(decoding: bytes, shape: n)
                try proof.verify(
                    vectorCommitment: cx, weights: weights, valueCommitment: cy, transcript: &t, batch: &batch)
                return batch.equationCount == 1 && batch.holds(with: key)
            }
            var reader = ProofReader(bytes)
            let proof = try InnerProductProof.read(from: &reader, length: n, tail: tail)
            try reader.finish()
            guard weights.count == n else { return false }
            InnerProductProof.absorbStatement(
                length: n, vectorCommitment: cx, weights: weights, valueCommitment: cy, into: &t)
            try proof.verifyReduction(
                vectorTerms: [.one], vectorPoints: [cx], weights: weights, valueTerms: [(.one, cy)], transcript: &t,
                batch: &batch, tail: tail)
            return batch.equationCount == 1 && batch.holds(with: key)
        } catch {
            return false
        }
    }

    // MARK: Completeness

    @Test(arguments: [0, 1, 2, 3, 4, 5, 6, 8, 10, 12])
    func completeness(logLength: Int) throws {
        let n = 1 << logLength
        let s = try Self.instance(length: n, seed: UInt64(100 + logLength))
        let proof = try Self.prove(s)
        let bytes = proof.encoded
        // r = max(0, k − 5) rounds, then the tail of m = min(n, 32) responses.
        let m = min(n, 32)
        #expect(proof.leftCommitments.count == max(0, logLength - 5) && proof.responses.count == m)
        #expect(bytes.count == 32 * (2 * max(0, logLength - 5) + m + 2))
        #expect(try bytes.count == InnerProductProof.encodedByteCount(length: n))
        #expect(Self.accepts(bytes, length: n, cx: s.cx, weights: .explicit(s.a), cy: s.cy))
        // The same statement with the reduction all the way down (tail 1) and half way (tail √n).
        for tail in Set([1, 1 << (logLength / 2)]) {
            let reduced = try Self.prove(s, tail: tail).encoded
            #expect(reduced.count == 32 * (2 * (logLength - tail.trailingZeroBitCount) + tail + 2))
            #expect(Self.accepts(reduced, length: n, cx: s.cx, weights: .explicit(s.a), cy: s.cy, tail: tail))
            if tail != m { #expect(!Self.accepts(reduced, length: n, cx: s.cx, weights: .explicit(s.a), cy: s.cy)) }
        }
    }

    /// Folding the generators explicitly from some round on (the prover's speed-up) gives the same proof bytes as
    /// the s-vector MSMs over the original generators in every round: from round 0, 1 and the default 5, against
    /// never; lengths inside the windowed tables (64, 1,024) and past them (4,096, Pippenger over strided bases).
    @Test(arguments: [1, 6, 10, 12])
    func explicitFoldingGivesTheSameProof(logLength: Int) throws {
        let n = 1 << logLength
        let s = try Self.instance(length: n, seed: UInt64(700 + logLength))
        for tail in [1, InnerProductProof.tailLength(n)] {
            func proof(foldingFrom round: Int) throws -> [UInt8] {
                var t = Self.transcript()
                InnerProductProof.absorbStatement(
                    length: n, vectorCommitment: s.cx, weights: .explicit(s.a), valueCommitment: s.cy, into: &t)
                return try InnerProductProof.proveReduction(
                    vector: s.x, weights: s.a, vectorBlinder: s.rx.value, valueBlinder: s.ry.value, key: Self.key,
                    transcript: &t, rng: ProofTestContext.rng(for: t, seed: 7), explicitFoldingRound: round,
                    tail: tail
                ).encoded
            }
            let reference = try proof(foldingFrom: .max)
            for round in [0, 1, 5] {
                #expect(try proof(foldingFrom: round) == reference, "tail \(tail), folding from round \(round)")
            }
            #expect(Self.accepts(reference, length: n, cx: s.cx, weights: .explicit(s.a), cy: s.cy, tail: tail))
        }
    }

    /// a = eq(z, ·) given by its point: the verifier folds â in O(log n); proofs with an explicit a verify too.
    @Test(arguments: [0, 1, 3, 6])
    func equalityWeights(logLength: Int) throws {
        var random = SeededGenerator(seed: UInt64(200 + logLength))
        let point = (0..<logLength).map { _ in random.randomScalar() }
        let table = EqualityPolynomial.table(at: point)
        let s = try Self.instance(length: 1 << logLength, seed: UInt64(300 + logLength), weights: table)
        let proof = try Self.prove(s, weights: .equality(point: point))
        #expect(
            Self.accepts(proof.encoded, length: 1 << logLength, cx: s.cx, weights: .equality(point: point), cy: s.cy))
        // Folded all the way down and part of the way: â from the leading coordinates times eq at the rest.
        for tail in [1, 1 << (logLength / 2)] {
            let reduced = try Self.prove(s, weights: .equality(point: point), tail: tail)
            #expect(
                Self.accepts(
                    reduced.encoded, length: 1 << logLength, cx: s.cx, weights: .equality(point: point), cy: s.cy,
                    tail: tail))
        }
        // The definition of a is part of the statement: the explicit table is absorbed differently.
        #expect(!Self.accepts(proof.encoded, length: 1 << logLength, cx: s.cx, weights: .explicit(table), cy: s.cy))
        if logLength > 0 {
            var otherPoint = point
            otherPoint[0] += .one
            #expect(
                !Self.accepts(
                    proof.encoded, length: 1 << logLength, cx: s.cx, weights: .equality(point: otherPoint), cy: s.cy))
        }
    }

    // MARK: Soundness

    /// Every L_j, R_j, A, z_t and z_r altered, and every part of the statement altered, is rejected: with the
    /// reduction all the way down (tail 1) and with the default tail (none, one and two rounds before it).
    @Test(arguments: [(1, 1), (2, 1), (8, 1), (8, 8), (64, 32), (128, 32)])
    func everyMessageAndStatementTampered(length n: Int, tail: Int) throws {
        let s = try Self.instance(length: n, seed: UInt64(400 + n + tail))
        let explicitTail: Int? = tail == InnerProductProof.tailLength(n) ? nil : tail
        let bytes = try Self.prove(s, tail: explicitTail).encoded
        func accepts(
            _ bytes: [UInt8], cx: RistrettoPoint? = nil, a: [Scalar]? = nil, cy: RistrettoPoint? = nil
        ) -> Bool {
            Self.accepts(
                bytes, length: n, cx: cx ?? s.cx, weights: .explicit(a ?? s.a), cy: cy ?? s.cy, tail: explicitTail)
        }
        #expect(accepts(bytes))
        let variants = ProofTampering.variants(of: bytes)
        #expect(variants.count == 2 * (n.trailingZeroBitCount - tail.trailingZeroBitCount) + tail + 2)
        for (element, altered) in variants {
            #expect(!accepts(altered), "altered element \(element) accepted")
        }
        #expect(!accepts(bytes, cx: s.cx + .generator))
        #expect(!accepts(bytes, cy: s.cy + .generator))
        #expect(!accepts(bytes, cy: s.cy + Self.key.scalarBase))
        for i in 0..<n {
            var a = s.a
            a[i] += .one
            #expect(!accepts(bytes, a: a), "altered a[\(i)] accepted")
        }
        // A proof for one statement does not verify under another transcript context.
        var other = Self.transcript()
        other.appendMessage(label: "context", message: [1])
        var batch = GroupEquationBatch()
        var reader = ProofReader(bytes)
        InnerProductProof.absorbStatement(
            length: n, vectorCommitment: s.cx, weights: .explicit(s.a), valueCommitment: s.cy, into: &other)
        try InnerProductProof.read(from: &reader, length: n, tail: tail).verifyReduction(
            vectorTerms: [.one], vectorPoints: [s.cx], weights: .explicit(s.a), valueTerms: [(.one, s.cy)],
            transcript: &other, batch: &batch, tail: tail)
        #expect(!batch.holds(with: Self.key))
    }

    /// A wrong claimed value: the prover refuses, and a proof forced through the reduction does not verify.
    @Test(arguments: [1, 4, 32])
    func wrongValueCannotVerify(length n: Int) throws {
        let s = try Self.instance(length: n, seed: UInt64(500 + n))
        let wrongY = s.y + .one
        let wrongCy = Self.key.commitScalar(wrongY, blinder: s.ry)
        #expect(throws: ProofError.invalidWitness("inner product: ⟨a, x⟩ ≠ y")) {
            var t = Self.transcript()
            _ = try InnerProductProof.prove(
                vector: s.x, vectorBlinder: s.rx, vectorCommitment: s.cx, weights: .explicit(s.a), value: wrongY,
                valueBlinder: s.ry, valueCommitment: wrongCy, key: Self.key, transcript: &t,
                rng: ProofTestContext.rng(for: t))
        }
        // Bypass the check: run the reduction on the true witness against C_y for y + 1.
        var t = Self.transcript()
        InnerProductProof.absorbStatement(
            length: n, vectorCommitment: s.cx, weights: .explicit(s.a), valueCommitment: wrongCy, into: &t)
        let forged = try InnerProductProof.proveReduction(
            vector: s.x, weights: s.a, vectorBlinder: s.rx.value, valueBlinder: s.ry.value, key: Self.key,
            transcript: &t, rng: ProofTestContext.rng(for: t))
        #expect(!Self.accepts(forged.encoded, length: n, cx: s.cx, weights: .explicit(s.a), cy: wrongCy))
        // A cheating vector (x with one entry changed) against the honest C_x fails as well.
        var cheat = s.x
        cheat[0] += .one
        var t2 = Self.transcript()
        InnerProductProof.absorbStatement(
            length: n, vectorCommitment: s.cx, weights: .explicit(s.a), valueCommitment: s.cy, into: &t2)
        let forged2 = try InnerProductProof.proveReduction(
            vector: cheat, weights: s.a, vectorBlinder: s.rx.value, valueBlinder: s.ry.value, key: Self.key,
            transcript: &t2, rng: ProofTestContext.rng(for: t2))
        #expect(!Self.accepts(forged2.encoded, length: n, cx: s.cx, weights: .explicit(s.a), cy: s.cy))
    }

    /// Why Q = u·U (Bulletproofs Protocol 1, Halo §3.1, Spartan PR #62). The cheat: C_x' = C_x + δ·U hides a
    /// component on U, and C_y' commits to y − δ ≠ ⟨a, x⟩. With Q = U the verifier's Γ = C_x' + C_y' equals the
    /// honest Γ for the true y, so the honest reduction on (x, a) is accepted: a false claim verifies. With
    /// Q = u·U, Γ = ⟨x, G⟩ + (δ + u·(y − δ))·U + …, which matches the reduction only if δ = u·δ, i.e. with
    /// probability 1/ℓ over u drawn after C_x' and C_y' are absorbed.
    @Test func innerProductGeneratorScalingMatters() throws {
        let n = 8
        let s = try Self.instance(length: n, seed: 600)
        let delta = Scalar(12345)
        let cheatCx = s.cx + Self.key.commitScalar(delta, blinder: .zeroForTesting)  // + δ·U
        let cheatY = s.y - delta
        let cheatCy = Self.key.commitScalar(cheatY, blinder: s.ry)
        #expect(cheatY != DotProductProof.innerProduct(s.a, s.x))

        func forge(scaling: Bool) throws -> Bool {
            var t = Self.transcript()
            InnerProductProof.absorbStatement(
                length: n, vectorCommitment: cheatCx, weights: .explicit(s.a), valueCommitment: cheatCy, into: &t)
            let proof = try InnerProductProof.proveReduction(
                vector: s.x, weights: s.a, vectorBlinder: s.rx.value, valueBlinder: s.ry.value, key: Self.key,
                transcript: &t, rng: ProofTestContext.rng(for: t), scalesGenerator: scaling)
            var v = Self.transcript()
            InnerProductProof.absorbStatement(
                length: n, vectorCommitment: cheatCx, weights: .explicit(s.a), valueCommitment: cheatCy, into: &v)
            var batch = GroupEquationBatch()
            try proof.verifyReduction(
                vectorTerms: [.one], vectorPoints: [cheatCx], weights: .explicit(s.a), valueTerms: [(.one, cheatCy)],
                transcript: &v, batch: &batch, scalesGenerator: scaling)
            return batch.holds(with: Self.key)
        }
        #expect(try forge(scaling: false), "without u the false claim verifies (the attack works)")
        #expect(try !forge(scaling: true), "with u·U the same cheat is rejected")
    }

    /// A message the adaptive prover below chooses after the challenge it should have fixed.
    enum Unabsorbed: String, CaseIterable, Sendable {
        case left, right, nonce, claim
    }

    /// DESIGN.md A.8 (Frozen Heart): for each of L, R, A and C_y, a cheating prover (n = 2) that picks that
    /// message after the challenge it should precede proves a false claim against a verifier that skips absorbing
    /// it (the equation is checked by hand below, so the attack is real), and the actual verifier rejects it.
    /// L/R: L := L_honest − c⁻²·D or R := R_honest − c²·D cancels D = Γ − Γ_true = u·(y' − y)·U.
    /// A: pick z, z_r first, then A := z·(Ĝ + â·Q) + z_r·H − c·Γ̂. C_y: with u known, C_x' = C_x + δ·U and
    /// C_y' = (y − δ/u)·U + r_y·H give Γ' = Γ_true.
    @Test(arguments: Unabsorbed.allCases)
    func adaptiveMessageAfterItsChallenge(_ skipped: Unabsorbed) throws {
        let key = Self.key
        let g = key.generators.valueBases.points
        let (u0, h) = (key.scalarBase, key.blindingBase)
        var random = SeededGenerator(seed: 1500)
        let x = [random.randomScalar(), random.randomScalar()]
        let a = [random.randomScalar(), random.randomScalar()]
        let y = x[0] * a[0] + x[1] * a[1]
        let (rx, ry, l, r) = (
            random.randomScalar(), random.randomScalar(), random.randomScalar(), random.randomScalar()
        )
        let (d, s) = (random.randomScalar(), random.randomScalar())
        let cx = x[0] * g[0] + x[1] * g[1] + rx * h

        // The statement: a false claim y + 1, or (claim case) a C_y chosen after u.
        var t = Self.transcript()
        let u: Scalar
        let statementCx: RistrettoPoint
        let statementCy: RistrettoPoint
        if skipped == .claim {
            let delta = Scalar(99)
            statementCx = cx + delta * u0
            t.appendMessage(label: "dom-sep", message: Array("inner-product-proof".utf8))
            t.appendUInt64(label: "n", value: 2)
            t.appendMessage(label: "Cx-form", message: Array("point".utf8))
            t.appendPoint(label: "Cx", statementCx)
            InnerProductProof.Weights.explicit(a).absorb(role: "a", into: &t)
            u = t.challengeScalar(label: "u")  // drawn before C_y is fixed
            let claimed = y - delta * (u.inverted() ?? .zero)
            #expect(claimed != y)
            statementCy = claimed * u0 + ry * h
        } else {
            statementCx = cx
            statementCy = (y + .one) * u0 + ry * h
            InnerProductProof.absorbStatement(
                length: 2, vectorCommitment: statementCx, weights: .explicit(a), valueCommitment: statementCy,
                into: &t)
            u = t.challengeScalar(label: "u")
        }
        let q = u * u0
        let gamma = statementCx + u * statementCy
        let gammaTrue = cx + u * (y * u0 + ry * h)
        let difference = gamma - gammaTrue

        // One round: honest L, R; the skipped one is chosen after c.
        let honestLeft = x[0] * g[1] + (x[0] * a[1]) * q + l * h
        let honestRight = x[1] * g[0] + (x[1] * a[0]) * q + r * h
        var left = honestLeft
        var right = honestRight
        if skipped != .left { t.appendPoint(label: "L", honestLeft) }
        if skipped != .right { t.appendPoint(label: "R", honestRight) }
        let c = t.challengeScalar(label: "c")
        let cInverse = c.inverted() ?? .zero
        if skipped == .left { left = honestLeft - (cInverse * cInverse) * difference }
        if skipped == .right { right = honestRight - (c * c) * difference }

        let xHat = c * x[0] + cInverse * x[1]
        let aHat = cInverse * a[0] + c * a[1]
        let base = cInverse * g[0] + c * g[1] + aHat * q  // Ĝ + â·Q
        let rHat = rx + u * ry + c * c * l + cInverse * cInverse * r
        let gammaHat = gamma + (c * c) * left + (cInverse * cInverse) * right
        let nonce: RistrettoPoint
        let z: Scalar
        let zr: Scalar
        if skipped == .nonce {
            z = random.randomScalar()
            zr = random.randomScalar()
            let cFinal = t.challengeScalar(label: "c-final")
            nonce = z * base + zr * h - cFinal * gammaHat
        } else {
            nonce = d * base + s * h
            t.appendPoint(label: "A", nonce)
            let cFinal = t.challengeScalar(label: "c-final")
            z = d + cFinal * xHat
            zr = s + cFinal * rHat
        }
        // The attack works against a verifier that skips the message: replay its transcript, check its equation.
        let cFinal: Scalar = {
            var v = Self.transcript()
            if skipped == .claim {
                v.appendMessage(label: "dom-sep", message: Array("inner-product-proof".utf8))
                v.appendUInt64(label: "n", value: 2)
                v.appendMessage(label: "Cx-form", message: Array("point".utf8))
                v.appendPoint(label: "Cx", statementCx)
                InnerProductProof.Weights.explicit(a).absorb(role: "a", into: &v)
            } else {
                InnerProductProof.absorbStatement(
                    length: 2, vectorCommitment: statementCx, weights: .explicit(a), valueCommitment: statementCy,
                    into: &v)
            }
            _ = v.challengeScalar(label: "u")
            if skipped != .left { v.appendPoint(label: "L", left) }
            if skipped != .right { v.appendPoint(label: "R", right) }
            _ = v.challengeScalar(label: "c")
            if skipped != .nonce { v.appendPoint(label: "A", nonce) }
            return v.challengeScalar(label: "c-final")
        }()
        #expect(z * base + zr * h == nonce + cFinal * gammaHat, "the attack should work when \(skipped) is skipped")

        // The real verifier absorbs every message before its challenge and rejects.
        let proof = InnerProductProof(
            leftCommitments: [left], rightCommitments: [right], nonceCommitment: nonce, responses: [z],
            blinderResponse: zr)
        #expect(
            !Self.accepts(proof.encoded, length: 2, cx: statementCx, weights: .explicit(a), cy: statementCy, tail: 1))
    }

    // MARK: Zero-knowledge hygiene

    /// Zero-knowledge rule 3: two proofs of the same statement with the same witness share no L_j, R_j, A or
    /// response (fresh blinders and nonces from the hedged RNG).
    @Test(arguments: [1, 8])
    func freshNonces(tail: Int) throws {
        let n = 16
        let s = try Self.instance(length: n, seed: 700)
        let p1 = try Self.prove(s, tail: tail)
        let p2 = try Self.prove(s, tail: tail)
        let first = Set(p1.leftCommitments.map(\.encoding) + p1.rightCommitments.map(\.encoding))
        let second = Set(p2.leftCommitments.map(\.encoding) + p2.rightCommitments.map(\.encoding))
        let rounds = 4 - tail.trailingZeroBitCount
        #expect(first.count == 2 * rounds && second.count == 2 * rounds)
        #expect(first.isDisjoint(with: second))
        #expect(p1.nonceCommitment != p2.nonceCommitment)
        #expect(Set(p1.responses).isDisjoint(with: p2.responses) && p1.blinderResponse != p2.blinderResponse)
        // No scalar of x appears in a proof.
        #expect(Set(s.x).isDisjoint(with: p1.responses) && !s.x.contains(p1.blinderResponse))
    }

    // MARK: Decoding

    @Test func decodingNeverTraps() throws {
        var random = SeededGenerator(seed: 800)
        for length in 0...400 {
            let bytes = random.bytes(count: length)
            for shape in [1, 2, 8, 3, 0, -4, Int.max, Int.min, 1 << 62] {
                _ = try? InnerProductProof(decoding: bytes, shape: shape)
            }
        }
        #expect(throws: ProofError.shapeMismatch("inner-product vectors need a power-of-two length, got 3")) {
            _ = try InnerProductProof(decoding: [], shape: 3)
        }
        #expect(throws: ProofError.self) { _ = try InnerProductProof(decoding: [], shape: 0) }

        let n = 128  // two rounds (L_1, L_2, R_1, R_2), A, 32 responses and z_r
        let s = try Self.instance(length: n, seed: 801)
        let bytes = try Self.prove(s).encoded
        #expect(try InnerProductProof(decoding: bytes, shape: n).encoded == bytes)
        // Every truncation is a typed truncation error.
        for cut in 0..<bytes.count {
            let prefix = Array(bytes[0..<cut])
            #expect(throws: ProofError.self) { _ = try InnerProductProof(decoding: prefix, shape: n) }
            do {
                _ = try InnerProductProof(decoding: prefix, shape: n)
            } catch {
                guard case .truncated = error else {
                    Issue.record("truncation at \(cut) gave \(error)")
                    continue
                }
            }
        }
        #expect(throws: ProofError.trailingBytes(count: 1)) {
            _ = try InnerProductProof(decoding: bytes + [0], shape: n)
        }
        #expect(throws: ProofError.self) { _ = try InnerProductProof(decoding: bytes, shape: 256) }
        #expect(throws: ProofError.self) { _ = try InnerProductProof(decoding: bytes, shape: 64) }
        // Non-canonical scalars: z = ℓ and z_r = 2^256 − 1.
        let zOffset = bytes.count - 64
        var nonCanonical = bytes
        nonCanonical.replaceSubrange(zOffset..<(zOffset + 32), with: Scalar.orderBytes)
        #expect(throws: ProofError.nonCanonicalScalar(offset: zOffset)) {
            _ = try InnerProductProof(decoding: nonCanonical, shape: n)
        }
        var allOnes = bytes
        allOnes.replaceSubrange((zOffset + 32)..<bytes.count, with: [UInt8](repeating: 0xFF, count: 32))
        #expect(throws: ProofError.nonCanonicalScalar(offset: zOffset + 32)) {
            _ = try InnerProductProof(decoding: allOnes, shape: n)
        }
        // Non-canonical or invalid points at each point position (L, R, A).
        for element in 0..<(2 * 2 + 1) {
            for badPoint in Self.badPointEncodings {
                var altered = bytes
                altered.replaceSubrange((32 * element)..<(32 * element + 32), with: badPoint)
                do {
                    _ = try InnerProductProof(decoding: altered, shape: n)
                    Issue.record("invalid point at element \(element) decoded")
                } catch {
                    guard case .invalidPoint(let offset, _) = error, offset == 32 * element else {
                        Issue.record("invalid point at element \(element) gave \(error)")
                        continue
                    }
                }
            }
        }
    }

    /// Encodings that are not canonical ristretto255 points: a negative s (odd low bit), s ≥ p, and a
    /// non-square.
    static let badPointEncodings: [[UInt8]] = [
        [1] + [UInt8](repeating: 0, count: 31),
        [UInt8](repeating: 0xFF, count: 31) + [0x7F],
        [0xED] + [UInt8](repeating: 0xFF, count: 30) + [0x7F],  // p itself
    ]
}
