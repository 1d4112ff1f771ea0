import Algebra
import Dispatch
import Transcript

/// Logarithmic-size zero-knowledge proof that ⟨a, x⟩ = y for a committed vector x (C_x = ⟨x, G⟩ + r_x·H,
/// n = 2^k entries), a public vector a and a committed y (C_y = y·U + r_y·H): DESIGN.md A.2.
///
/// The Bulletproofs inner-product reduction (ePrint 2017/1066 §3, Protocol 2) on Γ = C_x + u·C_y
/// = ⟨x, G⟩ + ⟨a, x⟩·(u·U) + (r_x + u·r_y)·H, where the inner-product generator Q = u·U is scaled by a
/// challenge drawn after the statement is absorbed (Bulletproofs Protocol 1, Halo ePrint 2019/1021 §3.1; the fix
/// of Spartan PR #62): a prover that hides a component δ·U inside C_x would need δ = u·(y_true − y), fixed
/// before u is drawn. Each round sends L_j, R_j blinded with fresh uniform blinders.
///
/// **The tail.** The reduction stops at m = min(n, 32) entries (``tailLength(_:)``), r = k − log₂ m rounds, and
/// the last step is not Bulletproofs' opening of (x̂, â) but a Schnorr/Okamoto proof of knowledge of (x̂, r̂) ∈ F^m × F
/// with Γ̂ = ⟨x̂, Ĝ⟩ + ⟨x̂, â⟩·Q + r̂·H, the Σ-protocol for a linear map (Maurer, "Unifying zero-knowledge proofs of
/// knowledge", AFRICACRYPT 2009; Hyrax ePrint 2017/1132 Fig. 5 is the same step for a dot product): the prover
/// sends A = ⟨d, Ĝ⟩ + ⟨d, â⟩·Q + r_d·H for uniform d, r_d, and after the challenge c the responses z = d + c·x̂
/// and z_r = r_d + c·r̂, uniform, so no scalar derived from x is ever revealed (Hyrax's log-size proof-of-dot-prod
/// and Spartan's `DotProductProofLog` make the m = 1 step zero-knowledge the same way). Two accepting transcripts
/// with different c give x̂ = (z − z′)/(c − c′), and the rounds' extraction is Bulletproofs'. Why m = 32: each
/// round costs the prover two MSMs of n terms and the verifier two points to decode, and the last five rounds
/// are worth 10 points; the tail costs 31 scalars more than m = 1 (cheap to decode) and one MSM of n terms.
///
/// The verifier never folds generators: Ĝ_t = Σ_p s_p·G_{p·m+t} with s_p = Π_j c_j^(±1) (the "s-vector" of
/// Bulletproofs §3.1) and â_t = Σ_p s_p·a_{p·m+t}, and the whole check is one equation added to a
/// ``GroupEquationBatch``:
/// `Σ (z_t·s_p)·G_{p·m+t} + (⟨z, â⟩·u)·U + z_r·H − A − c·(Γ + Σ_j (c_j²·L_j + c_j^(−2)·R_j)) = 0`.
public struct InnerProductProof: ProofMessage, Equatable {
    /// The public vector a of the statement ⟨a, x⟩ = y, in the form the verifier knows it.
    public enum Weights: Sendable, Equatable {
        /// a given entry by entry (absorbed as its non-zero entries with their indices).
        case explicit([Scalar])
        /// a = eq(z, ·) over 2^z.count entries (a Hyrax column point), absorbed as z; the verifier folds it in
        /// O(log n) without building the table.
        case equality(point: [Scalar])

        /// The number of entries n.
        public var count: Int {
            switch self {
            case .explicit(let entries): return entries.count
            case .equality(let point): return point.count < Int.bitWidth - 2 ? 1 << point.count : Int.max
            }
        }

        /// The entries a_0 … a_{n−1}.
        /// - Complexity: O(n).
        public func entries() -> [Scalar] {
            switch self {
            case .explicit(let entries): return entries
            case .equality(let point): return EqualityPolynomial.table(at: point)
            }
        }

        /// â_t = Σ_p s_p·a_{p·m+t} (t < m) for the s-vector of the round challenges: the verifier's folded a.
        func folded(challenges: [Scalar], inverses: [Scalar], sVector s: [Scalar], tail m: Int) -> [Scalar] {
            switch self {
            case .explicit(let entries):
                var sums = [Scalar](repeating: .zero, count: m)
                for (i, w) in entries.enumerated() where !w.isZero { sums[i % m] += w * s[i / m] }
                return sums
            case .equality(let point):
                // a' = c⁻¹·a_L + c·a_R and a_L = (1 − z_j)·eq(rest), a_R = z_j·eq(rest) (big-endian order): the
                // rounds fold the leading coordinates into one factor, the tail is eq at the trailing ones.
                let rounds = challenges.count
                var product = Scalar.one
                for j in 0..<rounds {
                    product *= inverses[j] * (.one - point[j]) + challenges[j] * point[j]
                }
                return EqualityPolynomial.table(at: Array(point[rounds...])).map { product * $0 }
            }
        }

        /// Absorbs the definition of the vector under labels prefixed by `role` ("a" or "row").
        func absorb(role: String, into transcript: inout MerlinTranscript) {
            switch self {
            case .explicit(let entries):
                transcript.appendMessage(label: role + "-form", message: Array("explicit".utf8))
                transcript.appendUInt64(label: role + "-length", value: UInt64(entries.count))
                let nonZero = entries.reduce(0) { $1.isZero ? $0 : $0 + 1 }
                transcript.appendUInt64(label: role + "-nonzeros", value: UInt64(nonZero))
                // Sparse on purpose: embedding-row weights (DESIGN.md A.6) are mostly zero, and the vector is
                // determined by its length and its non-zero (index, value) pairs.
                for (i, w) in entries.enumerated() where !w.isZero {
                    transcript.appendUInt64(label: role + "-index", value: UInt64(i))
                    transcript.appendScalar(label: role, w)
                }
            case .equality(let point):
                transcript.appendMessage(label: role + "-form", message: Array("eq".utf8))
                transcript.appendUInt64(label: role + "-variables", value: UInt64(point.count))
                for z in point { transcript.appendScalar(label: role + "-z", z) }
            }
        }
    }

    /// L_1 … L_k: L_j = ⟨x_L, G_R⟩ + ⟨x_L, a_R⟩·Q + l_j·H in round j.
    public let leftCommitments: [RistrettoPoint]
    /// R_1 … R_k: R_j = ⟨x_R, G_L⟩ + ⟨x_R, a_L⟩·Q + r_j·H in round j.
    public let rightCommitments: [RistrettoPoint]
    /// A = ⟨d, Ĝ⟩ + ⟨d, â⟩·Q + r_d·H, the nonce commitment of the final proof of knowledge.
    public let nonceCommitment: RistrettoPoint
    /// z = d + c·x̂, the tail's m responses.
    public let responses: [Scalar]
    /// z_r = r_d + c·r̂.
    public let blinderResponse: Scalar

    /// The longest tail m: the reduction stops at min(n, 32) entries (see the type's summary).
    public static let maximumTailLength = 32

    /// m = min(n, 32), the tail length of a proof for n entries.
    public static func tailLength(_ n: Int) -> Int { min(n, maximumTailLength) }

    static let label = "inner-product-proof"
    static let protocolName = "inner-product"

    // MARK: Proving

    /// Proves ⟨a, x⟩ = y for C_x = ⟨x, G⟩ + r_x·H and C_y = y·U + r_y·H. Refuses (``ProofError/invalidWitness(_:)``)
    /// when the dot product differs, and throws ``ProofError/shapeMismatch(_:)`` unless x has a power-of-two length
    /// equal to a's. The caller passes the commitments that match the witness.
    /// - Complexity: k − 5 rounds (none below 64 entries), each two multi-scalar multiplications of n/2 non-zero
    ///   terms over the fixed generators, plus one of n for the final step.
    public static func prove(
        vector x: [Scalar], vectorBlinder: Blinder, vectorCommitment: RistrettoPoint,
        weights: Weights, value y: Scalar, valueBlinder: Blinder, valueCommitment: RistrettoPoint,
        key: CommitmentKey, transcript: inout MerlinTranscript, rng: TranscriptRNG
    ) throws(ProofError) -> InnerProductProof {
        let a = try checkedWeights(weights, length: x.count)
        guard DotProductProof.innerProduct(a, x) == y else {
            throw ProofError.invalidWitness("inner product: ⟨a, x⟩ ≠ y")
        }
        absorbStatement(
            length: x.count, vectorCommitment: vectorCommitment, weights: weights, valueCommitment: valueCommitment,
            into: &transcript)
        return try proveReduction(
            vector: x, weights: a, vectorBlinder: vectorBlinder.value, valueBlinder: valueBlinder.value, key: key,
            transcript: &transcript, rng: rng)
    }

    /// The entries of `weights` after checking that both lengths agree and are a power of two.
    static func checkedWeights(_ weights: Weights, length n: Int) throws(ProofError) -> [Scalar] {
        _ = try roundCount(n)
        guard weights.count == n else {
            throw ProofError.shapeMismatch("inner product of \(n) entries with \(weights.count) weights")
        }
        return weights.entries()
    }

    /// k = log₂ n, or ``ProofError/shapeMismatch(_:)`` unless n is a power of two.
    static func roundCount(_ n: Int) throws(ProofError) -> Int {
        guard n >= 1, n & (n - 1) == 0 else {
            throw ProofError.shapeMismatch("inner-product vectors need a power-of-two length, got \(n)")
        }
        return n.trailingZeroBitCount
    }

    /// Absorbs the statement: n, C_x (when it is one point; a combination's points and weights are absorbed by
    /// the caller, as ``HyraxOpening`` does with its row commitments and row weights), a's definition and C_y.
    static func absorbStatement(
        length n: Int, vectorCommitment: RistrettoPoint?, weights: Weights, valueCommitment: RistrettoPoint,
        into transcript: inout MerlinTranscript
    ) {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendUInt64(label: "n", value: UInt64(n))
        if let vectorCommitment {
            transcript.appendMessage(label: "Cx-form", message: Array("point".utf8))
            transcript.appendPoint(label: "Cx", vectorCommitment)
        } else {
            transcript.appendMessage(label: "Cx-form", message: Array("combination".utf8))
        }
        weights.absorb(role: "a", into: &transcript)
        transcript.appendPoint(label: "Cy", valueCommitment)
    }

    /// The reduction and the final proof of knowledge, after the statement is absorbed. It does not check
    /// ⟨a, x⟩ = y (tests call it directly to build proofs of false statements).
    ///
    /// `scalesGenerator: false` is a test-only variant with Q = U, showing why u matters (see the tests).
    ///
    /// Prover speed: instead of folding the generators (n − 1 variable-base multiplications), the first rounds'
    /// L_j and R_j are multi-scalar multiplications over the original, precomputed G_i: the folded generator t of
    /// round j is Σ_p coef_p·G_{p·m+t} (m the current length, coef the s-vector prefix of the challenges so far).
    /// That costs n/2 terms per commitment in every round, so from round `explicitFoldingRound` on (when m ≤ n/32)
    /// the m folded generators are formed once from the originals (``WindowedBases/stridedSums(_:stride:outputs:)``)
    /// and then folded explicitly, G″_t = c⁻¹·(G′_t + c²·G′_{h+t}) with the c⁻¹ factors kept as one scale: m/2
    /// variable-base multiplications per round instead of n-term MSMs. The messages are the same group elements
    /// either way (a test compares the bytes).
    static func proveReduction(
        vector: [Scalar], weights: [Scalar], vectorBlinder: Scalar, valueBlinder: Scalar, key: CommitmentKey,
        transcript: inout MerlinTranscript, rng: TranscriptRNG, scalesGenerator: Bool = true,
        explicitFoldingRound: Int = 5, tail: Int? = nil
    ) throws(ProofError) -> InnerProductProof {
        let n = vector.count
        let m = tail ?? tailLength(n)
        let rounds = try reductionRounds(length: n, tail: m)
        guard weights.count == n else {
            throw ProofError.shapeMismatch("inner product of \(n) entries with \(weights.count) weights")
        }
        _ = try key.vectorBases(n)  // enough generators
        // Q = u·U, u drawn after the statement (Halo §3.1).
        let drawn = transcript.challengeScalar(label: "u")
        guard !drawn.isZero else { throw zeroChallenge("u") }
        let u = scalesGenerator ? drawn : Scalar.one

        var x = vector
        var a = weights
        var blinder = vectorBlinder + u * valueBlinder
        var coefficients: [Scalar] = [.one]  // coef_p for block p; the s-vector once m = 1
        var folded: [RistrettoPoint]? = nil  // G̃ once folded explicitly: the round's generators are scale·G̃
        var scale = Scalar.one
        var lefts: [RistrettoPoint] = []
        var rights: [RistrettoPoint] = []
        lefts.reserveCapacity(rounds)
        rights.reserveCapacity(rounds)

        for round in 0..<rounds {
            let m = x.count
            let h = m / 2
            if folded == nil, round >= explicitFoldingRound {
                folded = try foldedGenerators(key, coefficients, length: m)
            }
            var leftProduct = Scalar.zero  // ⟨x_L, a_R⟩
            var rightProduct = Scalar.zero  // ⟨x_R, a_L⟩
            x.withUnsafeBufferPointer { x in
                a.withUnsafeBufferPointer { a in
                    for i in 0..<h {
                        leftProduct += x[i] * a[h + i]
                        rightProduct += x[h + i] * a[i]
                    }
                }
            }
            let leftBlinder = Blinder.random(using: rng)
            let rightBlinder = Blinder.random(using: rng)
            let (leftPart, rightPart) = try roundCommitments(
                x, coefficients: coefficients, folded: folded, scale: scale, key: key, length: n)
            let left = leftPart + key.commitScalar(u * leftProduct, blinder: leftBlinder)
            let right = rightPart + key.commitScalar(u * rightProduct, blinder: rightBlinder)
            transcript.appendPoint(label: "L", left)
            transcript.appendPoint(label: "R", right)
            lefts.append(left)
            rights.append(right)
            let c = transcript.challengeScalar(label: "c")
            guard let cInverse = c.inverted() else { throw zeroChallenge("c") }

            // x' = c·x_L + c⁻¹·x_R, a' = c⁻¹·a_L + c·a_R, G' = c⁻¹·G_L + c·G_R (kept implicit).
            var nextX = [Scalar](repeating: .zero, count: h)
            var nextA = [Scalar](repeating: .zero, count: h)
            for i in 0..<h {
                nextX[i] = c * x[i] + cInverse * x[h + i]
                nextA[i] = cInverse * a[i] + c * a[h + i]
            }
            x = nextX
            a = nextA
            blinder += c.squared() * leftBlinder.value + cInverse.squared() * rightBlinder.value
            if let generators = folded {
                folded = fold(generators, by: c.squared())
                scale *= cInverse
            } else {
                var next = [Scalar](repeating: .zero, count: 2 * coefficients.count)
                for (p, coefficient) in coefficients.enumerated() {
                    next[2 * p] = coefficient * cInverse
                    next[2 * p + 1] = coefficient * c
                }
                coefficients = next
            }
        }

        // Γ̂ = ⟨x̂, Ĝ⟩ + ⟨x̂, â⟩·Q + r̂·H over the m-entry tail: prove knowledge of (x̂, r̂) (Schnorr/Okamoto for a
        // linear map; see the type's summary).
        let d = (0..<m).map { _ in rng.nextScalar() }
        let nonceBlinder = Blinder.random(using: rng)
        let foldedBase: RistrettoPoint
        if let generators = folded {
            // ⟨d, Ĝ⟩ with Ĝ = scale·G̃.
            guard let base = try? RistrettoPoint.multiscalarMultiply(d.map { scale * $0 }, generators) else {
                throw ProofError.shapeMismatch("folded generators of the wrong length")
            }
            foldedBase = base
        } else {
            // ⟨d, Ĝ⟩ = Σ_{p,t} coef_p·d_t·G_{p·m+t} over the original generators.
            foldedBase = try msm(key, outerProduct(coefficients, d))
        }
        let nonce = foldedBase + key.commitScalar(DotProductProof.innerProduct(d, a) * u, blinder: nonceBlinder)
        transcript.appendPoint(label: "A", nonce)
        let c = transcript.challengeScalar(label: "c-final")
        return InnerProductProof(
            leftCommitments: lefts, rightCommitments: rights, nonceCommitment: nonce,
            responses: (0..<m).map { d[$0] + c * x[$0] }, blinderResponse: nonceBlinder.value + c * blinder)
    }

    /// r = log₂ n − log₂ m, the rounds before the tail, after checking that n is a power of two and the tail m one
    /// in 1…n.
    static func reductionRounds(length n: Int, tail m: Int) throws(ProofError) -> Int {
        let k = try roundCount(n)
        guard m >= 1, m <= n, m & (m - 1) == 0 else {
            throw ProofError.shapeMismatch("an inner-product tail of \(m) entries for \(n)")
        }
        return k - m.trailingZeroBitCount
    }

    /// [o_0·i_0, …, o_0·i_{m−1}, o_1·i_0, …]: entry p·m + t is outer_p·inner_t (the coefficients of G_{p·m+t} when
    /// the tail's entry t is spread over the blocks p by the s-vector).
    static func outerProduct(_ outer: [Scalar], _ inner: [Scalar]) -> [Scalar] {
        var product: [Scalar] = []
        product.reserveCapacity(outer.count * inner.count)
        for o in outer {
            for i in inner { product.append(o * i) }
        }
        return product
    }

    /// Σ_{i<h} x_i·G′_{h+i} and Σ_{i<h} x_{h+i}·G′_i for the round's generators G′: over the original generators
    /// with the s-vector prefix (n/2 terms each), or over the explicitly folded ones (h terms each).
    private static func roundCommitments(
        _ x: [Scalar], coefficients: [Scalar], folded: [RistrettoPoint]?, scale: Scalar, key: CommitmentKey,
        length n: Int
    ) throws(ProofError) -> (left: RistrettoPoint, right: RistrettoPoint) {
        let m = x.count
        let h = m / 2
        if let folded {
            let low = x[0..<h].map { scale * $0 }
            let high = x[h..<m].map { scale * $0 }
            let (left, right) = pair(concurrently: h < concurrentPairLength) {
                try? RistrettoPoint.multiscalarMultiply(low, Array(folded[h..<m]))
            } _: {
                try? RistrettoPoint.multiscalarMultiply(high, Array(folded[0..<h]))
            }
            guard let left, let right else { throw ProofError.shapeMismatch("folded generators of the wrong length") }
            return (left, right)
        }
        var leftScalars = [Scalar](repeating: .zero, count: n)
        var rightScalars = [Scalar](repeating: .zero, count: n)
        x.withUnsafeBufferPointer { x in
            leftScalars.withUnsafeMutableBufferPointer { ls in
                rightScalars.withUnsafeMutableBufferPointer { rs in
                    for (p, coefficient) in coefficients.enumerated() {
                        let base = p * m
                        for i in 0..<h {
                            ls[base + h + i] = coefficient * x[i]
                            rs[base + i] = coefficient * x[h + i]
                        }
                    }
                }
            }
        }
        let (lows, highs) = (leftScalars, rightScalars)
        let (left, right) = pair(concurrently: n < concurrentPairLength) {
            try? msm(key, lows)
        } _: {
            try? msm(key, highs)
        }
        guard let left, let right else { throw ProofError.generatorsExhausted(needed: n, available: key.vectorCapacity) }
        return (left, right)
    }

    /// Below this many terms a round's two MSMs run side by side, one per core: each alone would stay on one core
    /// (``WindowedBases`` splits from 256 terms, Pippenger from about 2,048 window terms).
    static let concurrentPairLength = 256

    /// (first(), second()), on two cores when `concurrently` (for work that would otherwise leave one idle).
    private static func pair<T: Sendable>(
        concurrently: Bool, _ first: @Sendable () -> T, _ second: @Sendable () -> T
    ) -> (T, T) {
        guard concurrently, SumcheckProver.activeCores > 1 else { return (first(), second()) }
        var results: [T?] = [nil, nil]
        results.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedSendable(out)
            DispatchQueue.concurrentPerform(iterations: 2) { i in shared.value[i] = i == 0 ? first() : second() }
        }
        return (results[0]!, results[1]!)
    }

    /// The round's generators G′_t = Σ_p coef_p·G_{p·m+t} (t < m), from the original generators.
    private static func foldedGenerators(_ key: CommitmentKey, _ coefficients: [Scalar], length m: Int)
        throws(ProofError) -> [RistrettoPoint]
    {
        let generators = key.generators
        let needed = coefficients.count * m
        do {
            if needed <= PedersenGenerators.shortVectorLength {
                return try generators.windowedBases().stridedSums(coefficients, stride: m, outputs: m)
            }
            return try generators.valueBases.stridedSums(coefficients, stride: m, outputs: m)
        } catch {
            throw ProofError.generatorsExhausted(needed: needed, available: generators.count)
        }
    }

    /// G̃_t + c²·G̃_{h+t} for t < h: the next round's generators up to the factor c⁻¹ (kept in the scale).
    private static func fold(_ generators: [RistrettoPoint], by cSquared: Scalar) -> [RistrettoPoint] {
        let h = generators.count / 2
        var next = [RistrettoPoint](repeating: .identity, count: h)
        next.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedSendable(out)
            DispatchQueue.concurrentPerform(iterations: h) { t in
                shared.value[t] = generators[t] + cSquared * generators[h + t]
            }
        }
        return next
    }

    /// Σ scalars_i·G_i: over the generators' windowed tables when there are enough non-zero terms to pay for
    /// their single bucket reduction (and the vector fits the tables), else Pippenger.
    private static func msm(_ key: CommitmentKey, _ scalars: [Scalar]) throws(ProofError) -> RistrettoPoint {
        let generators = key.generators
        do {
            if scalars.count <= PedersenGenerators.shortVectorLength,
                scalars.lazy.filter({ !$0.isZero }).count >= windowedThreshold
            {
                return try generators.windowedBases().multiscalarMultiply(scalars)
            }
            return try generators.valueBases.multiscalarMultiply(scalars)
        } catch {
            throw ProofError.generatorsExhausted(needed: scalars.count, available: generators.count)
        }
    }

    /// From how many non-zero scalars a round's MSM uses ``WindowedBases`` (below, Pippenger's few windows of few
    /// buckets cost less than the tables' one reduction of 2^9 buckets).
    static let windowedThreshold = 32

    private static func zeroChallenge(_ name: String) -> ProofError {
        // Probability 1/ℓ per challenge; a zero cannot be inverted (or would cancel Q), so the proof is void.
        ProofError.verificationFailed(protocol: protocolName, check: "challenge \(name) is zero")
    }

    // MARK: Verifying

    /// Adds the single group equation of the proof to `batch` (see the type's summary).
    /// - Throws: ``ProofError/shapeMismatch(_:)`` for inconsistent lengths, and
    ///   ``ProofError/verificationFailed(protocol:check:)`` if a challenge is zero (probability 1/ℓ each).
    /// - Complexity: O(n) scalar multiplications; the group work is the n + 2r + 3 terms it adds to the batch (r
    ///   rounds).
    public func verify(
        vectorCommitment: RistrettoPoint, weights: Weights, valueCommitment: RistrettoPoint,
        transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
    ) throws(ProofError) {
        let n = weights.count
        _ = try InnerProductProof.roundCount(n)
        InnerProductProof.absorbStatement(
            length: n, vectorCommitment: vectorCommitment, weights: weights, valueCommitment: valueCommitment,
            into: &transcript)
        try verifyReduction(
            vectorTerms: [.one], vectorPoints: [vectorCommitment], weights: weights,
            valueTerms: [(.one, valueCommitment)], transcript: &transcript, batch: &batch)
    }

    /// The verifier's side of ``proveReduction``, after the statement is absorbed. C_x = Σ_t w_t·P_t is given
    /// as terms (`vectorTerms` w_t, `vectorPoints` P_t) whose definition the caller has absorbed, and C_y as terms
    /// likewise (one term (1, C_y) for a plain point).
    /// With `vectorKey` (a Hyrax commitment's digest), the points are that commitment's rows, in full: the batch
    /// then merges their terms with other openings of the same commitment into one term per row.
    func verifyReduction(
        vectorTerms: [Scalar], vectorPoints: [RistrettoPoint], weights: Weights,
        valueTerms: [(coefficient: Scalar, point: RistrettoPoint)], transcript: inout MerlinTranscript,
        batch: inout GroupEquationBatch, scalesGenerator: Bool = true,
        vectorKey: [UInt8]? = nil, tail: Int? = nil
    ) throws(ProofError) {
        let n = weights.count
        let m = tail ?? InnerProductProof.tailLength(n)
        let k = try InnerProductProof.reductionRounds(length: n, tail: m)
        guard leftCommitments.count == k, rightCommitments.count == k, responses.count == m else {
            throw ProofError.shapeMismatch(
                "inner-product proof has \(leftCommitments.count) L, \(rightCommitments.count) R and "
                    + "\(responses.count) responses for \(k) rounds and a tail of \(m)")
        }
        guard vectorTerms.count == vectorPoints.count else {
            throw ProofError.shapeMismatch("\(vectorTerms.count) weights for \(vectorPoints.count) points")
        }
        let name = InnerProductProof.protocolName
        let drawn = transcript.challengeScalar(label: "u")
        guard !drawn.isZero else { throw ProofError.verificationFailed(protocol: name, check: "challenge u is zero") }
        let u = scalesGenerator ? drawn : Scalar.one
        var challenges: [Scalar] = []
        challenges.reserveCapacity(k)
        for j in 0..<k {
            transcript.appendPoint(label: "L", leftCommitments[j])
            transcript.appendPoint(label: "R", rightCommitments[j])
            let c = transcript.challengeScalar(label: "c")
            guard !c.isZero else {
                throw ProofError.verificationFailed(protocol: name, check: "round \(j + 1) challenge is zero")
            }
            challenges.append(c)
        }
        var inverses = challenges
        Scalar.batchInvert(&inverses)

        // s_p = Π_j c_j^(±1): + when bit j of p (most significant first) is 1, matching G' = c⁻¹·G_L + c·G_R.
        var s: [Scalar] = [.one]
        s.reserveCapacity(n / m)
        for j in 0..<k {
            var next = [Scalar](repeating: .zero, count: 2 * s.count)
            for (p, value) in s.enumerated() {
                next[2 * p] = value * inverses[j]
                next[2 * p + 1] = value * challenges[j]
            }
            s = next
        }
        let aHat = weights.folded(challenges: challenges, inverses: inverses, sVector: s, tail: m)

        transcript.appendPoint(label: "A", nonceCommitment)
        let c = transcript.challengeScalar(label: "c-final")
        let z = responses
        let generatorCoefficients = InnerProductProof.outerProduct(s, z)
        let valueScalar = DotProductProof.innerProduct(z, aHat) * u
        batch.add { e in
            e.addGenerators(generatorCoefficients)
            e.addScalarBase(valueScalar)
            e.addBlinding(blinderResponse)
            e.add(-Scalar.one, nonceCommitment)
            // −c·Γ with Γ = C_x + u·C_y, C_x expanded into its terms.
            if let vectorKey {
                var scalars: [Scalar] = []
                scalars.reserveCapacity(vectorTerms.count)
                for w in vectorTerms { scalars.append(w.isZero ? .zero : -(c * w)) }
                e.addRows(key: vectorKey, scalars: scalars, points: vectorPoints)
            } else {
                for (w, point) in zip(vectorTerms, vectorPoints) { e.add(-(c * w), point) }
            }
            let cu = c * u
            for (w, point) in valueTerms { e.add(-(cu * w), point) }
            for j in 0..<k {
                e.add(-(c * challenges[j].squared()), leftCommitments[j])
                e.add(-(c * inverses[j].squared()), rightCommitments[j])
            }
        }
    }

    // MARK: Encoding

    init(
        leftCommitments: [RistrettoPoint], rightCommitments: [RistrettoPoint], nonceCommitment: RistrettoPoint,
        responses: [Scalar], blinderResponse: Scalar
    ) {
        self.leftCommitments = leftCommitments
        self.rightCommitments = rightCommitments
        self.nonceCommitment = nonceCommitment
        self.responses = responses
        self.blinderResponse = blinderResponse
    }

    /// The encoded size for vectors of n = 2^k entries: (2r + m + 2)·32 bytes, m = min(n, 32), r = k − log₂ m.
    public static func encodedByteCount(length n: Int) throws(ProofError) -> Int {
        let m = tailLength(n)
        return (2 * (try reductionRounds(length: n, tail: m)) + m + 2) * 32
    }

    /// Writes L_1…L_r, R_1…R_r, A, z_0…z_{m−1}, z_r.
    public func encode(to writer: inout ProofWriter) {
        writer.write(leftCommitments)
        writer.write(rightCommitments)
        writer.write(nonceCommitment)
        writer.write(responses)
        writer.write(blinderResponse)
    }

    /// Reads a proof for vectors of `shape` entries (a power of two n; log₂ n − log₂ m rounds, m = min(n, 32)).
    public init(from reader: inout ProofReader, shape length: Int) throws(ProofError) {
        self = try InnerProductProof.read(from: &reader, length: length, tail: InnerProductProof.tailLength(length))
    }

    /// Reads a proof with an explicit tail m (tests use m = 1 to exercise the rounds on short vectors).
    static func read(from reader: inout ProofReader, length: Int, tail m: Int) throws(ProofError) -> InnerProductProof {
        let rounds = try InnerProductProof.reductionRounds(length: length, tail: m)
        let lefts = try reader.readPoints(rounds)
        let rights = try reader.readPoints(rounds)
        let nonce = try reader.readPoint()
        let responses = try reader.readScalars(m)
        let blinderResponse = try reader.readScalar()
        return InnerProductProof(
            leftCommitments: lefts, rightCommitments: rights, nonceCommitment: nonce, responses: responses,
            blinderResponse: blinderResponse)
    }
}
