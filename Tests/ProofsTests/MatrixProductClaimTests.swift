import Algebra
import FeedProofTestSupport
import Testing
import Transcript

@testable import Proofs

/// The matrix-product reduction (Thaler §4, DESIGN.md A.6), with a committed or a public right factor.
@Suite("Matrix-product claim")
struct MatrixProductClaimTests {
    let key = SumcheckTesting.key

    struct Instance {
        let dimensions: MatrixProductClaim.Dimensions
        let left: SumcheckProver.Table  // W, int8-like
        let right: SumcheckProver.Table  // A, int16-like or scalars
        let product: [Scalar]  // Z = W·A, row-major
        let outputPoint: [Scalar]
        let columnPoint: [Scalar]

        /// Z~(ρ_o, ρ_c).
        var claimValue: Scalar {
            (try? MultilinearPolynomial(evaluations: product).evaluate(at: outputPoint + columnPoint)) ?? .zero
        }
    }

    static func instance(rows: Int, inner: Int, columns: Int, seed: UInt64, scalarRight: Bool = false) -> Instance {
        var random = SeededGenerator(seed: seed)
        let w = SumcheckTesting.small(rows * inner, bound: 127, &random)
        let aSmall = SumcheckTesting.small(inner * columns, bound: 32_767, &random)
        let aScalars = SumcheckTesting.scalars(inner * columns, &random)
        let a: [Scalar] = scalarRight ? aScalars : SumcheckProver.Table.small(aSmall).scalarValues
        var z = [Scalar](repeating: .zero, count: rows * columns)
        for i in 0..<rows {
            for c in 0..<columns {
                var sum = Scalar.zero
                for k in 0..<inner { sum += Scalar(w[i * inner + k]) * a[k * columns + c] }
                z[i * columns + c] = sum
            }
        }
        return Instance(
            dimensions: .init(rows: rows, inner: inner, columns: columns), left: .small(w),
            right: scalarRight ? .scalars(aScalars) : .small(aSmall), product: z,
            outputPoint: SumcheckTesting.scalars(rows.trailingZeroBitCount, &random),
            columnPoint: SumcheckTesting.scalars(columns.trailingZeroBitCount, &random))
    }

    static func prove(
        _ m: Instance, rightIsPublic: Bool, claimValue: Scalar? = nil, seed: UInt8? = 3
    ) throws -> (output: MatrixProductClaim.ProverOutput, claim: RistrettoPoint) {
        var t = SumcheckTesting.transcript()
        let rng = ProofTestContext.rng(for: t, seed: seed)
        let value = claimValue ?? m.claimValue
        let blinder = Blinder.random(using: rng)
        let claim = SumcheckTesting.key.commitScalar(value, blinder: blinder)
        let output = try MatrixProductClaim.prove(
            left: m.left, right: m.right, rightIsPublic: rightIsPublic, dimensions: m.dimensions,
            outputPoint: m.outputPoint, columnPoint: m.columnPoint, claim: (value, blinder, claim),
            key: SumcheckTesting.key, transcript: &t, rng: rng)
        return (output, claim)
    }

    static func verify(
        _ bytes: [UInt8], _ m: Instance, claim: RistrettoPoint, right: MatrixProductClaim.RightFactor,
        outputPoint: [Scalar]? = nil, columnPoint: [Scalar]? = nil,
        expecting expected: MatrixProductClaim.ProverOutput? = nil
    ) -> Bool {
        var isPublic = false
        if case .publicMatrix = right { isPublic = true }
        let shape = MatrixProductClaim.Shape(
            innerVariableCount: m.dimensions.inner.trailingZeroBitCount, rightIsPublic: isPublic)
        return SumcheckTesting.accepts { t, b in
            let out = try MatrixProductClaim.Proof(decoding: bytes, shape: shape).verify(
                right: right, dimensions: m.dimensions, outputPoint: outputPoint ?? m.outputPoint,
                columnPoint: columnPoint ?? m.columnPoint, claimCommitment: claim, key: SumcheckTesting.key,
                transcript: &t, batch: &b)
            if let expected {
                guard out.point == expected.point, out.leftCommitment == expected.left.commitment,
                    out.rightCommitment == expected.right?.commitment
                else { throw ProofError.verificationFailed(protocol: "test", check: "outputs differ") }
            }
        }
    }

    static let dimensions: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 2, 1), (2, 4, 2), (4, 8, 1), (1, 16, 4), (8, 16, 4), (4, 256, 2),
    ]

    // MARK: Completeness

    /// Committed and public A, small and scalar A, inner dimension 1…256 (v = 0…8): the proof verifies, C_W
    /// opens to W~(ρ_o, r) and C_A to A~(r, ρ_c).
    @Test(arguments: 0..<7, [false, true])
    func completeness(index: Int, rightIsPublic: Bool) throws {
        let (rows, inner, columns) = Self.dimensions[index]
        for scalarRight in [false, true] {
            let m = Self.instance(
                rows: rows, inner: inner, columns: columns, seed: UInt64(index) * 7 + 1, scalarRight: scalarRight)
            let (output, claim) = try Self.prove(m, rightIsPublic: rightIsPublic)
            let right: MatrixProductClaim.RightFactor = rightIsPublic ? .publicMatrix(m.right) : .committed
            #expect(Self.verify(output.proof.encoded, m, claim: claim, right: right, expecting: output))
            let r = output.point
            #expect(r.count == inner.trailingZeroBitCount)
            #expect(try output.left.value == SumcheckTesting.evaluate(m.left, at: m.outputPoint + r))
            #expect(key.commitScalar(output.left.value, blinder: output.left.blinder) == output.left.commitment)
            if rightIsPublic {
                #expect(output.right == nil)
            } else {
                let a = try #require(output.right)
                #expect(try a.value == SumcheckTesting.evaluate(m.right, at: r + m.columnPoint))
                #expect(key.commitScalar(a.value, blinder: a.blinder) == a.commitment)
            }
            let sumcheckBytes = ZKSumcheckProof.encodedByteCount(
                shape: .init(variableCount: inner.trailingZeroBitCount, degree: 2))
            #expect(output.proof.encoded.count == sumcheckBytes + 32 + (rightIsPublic ? 64 : 32 + 256))
        }
    }

    // MARK: Derived claims

    /// A proof whose claim is derived, C = C₁ + γ·C₂ for two commitments the transcript absorbed first, and not
    /// absorbed itself (`absorbingClaim: false`), as the ranking protocol's requantization claims are.
    static func proveDerived(
        _ m: Instance, rightIsPublic: Bool, gamma: Scalar
    ) throws -> (output: MatrixProductClaim.ProverOutput, parts: [RistrettoPoint]) {
        var t = SumcheckTesting.transcript()
        let rng = ProofTestContext.rng(for: t, seed: 9)
        let second = SumcheckTesting.key.commitFresh(Scalar(77 as Int64), rng: rng)
        let first = SumcheckTesting.key.commitFresh(m.claimValue - gamma * second.value, rng: rng)
        t.appendPoint(label: "part", first.commitment)
        t.appendPoint(label: "part", second.commitment)
        let claim = (
            m.claimValue, Blinder(derived: first.blinder.value + gamma * second.blinder.value),
            first.commitment + gamma * second.commitment
        )
        let output = try MatrixProductClaim.prove(
            left: m.left, right: m.right, rightIsPublic: rightIsPublic, dimensions: m.dimensions,
            outputPoint: m.outputPoint, columnPoint: m.columnPoint, claim: claim, key: SumcheckTesting.key,
            transcript: &t, rng: rng, absorbingClaim: false)
        return (output, [first.commitment, second.commitment])
    }

    /// Verifies against the derived claim Σ coefficients·parts (after absorbing the parts as the prover did), or,
    /// with `absorbing`, against the claim as one absorbed point.
    static func verifyDerived(
        _ bytes: [UInt8], _ m: Instance, parts: [RistrettoPoint], coefficients: [Scalar],
        right: MatrixProductClaim.RightFactor, absorbing: Bool = false
    ) -> Bool {
        var isPublic = false
        if case .publicMatrix = right { isPublic = true }
        let shape = MatrixProductClaim.Shape(
            innerVariableCount: m.dimensions.inner.trailingZeroBitCount, rightIsPublic: isPublic)
        let claim = PointCombination(terms: Array(zip(coefficients, parts)))
        return SumcheckTesting.accepts { t, b in
            for part in parts { t.appendPoint(label: "part", part) }
            let proof = try MatrixProductClaim.Proof(decoding: bytes, shape: shape)
            if absorbing {
                _ = try proof.verify(
                    right: right, dimensions: m.dimensions, outputPoint: m.outputPoint, columnPoint: m.columnPoint,
                    claimCommitment: claim.evaluated, key: SumcheckTesting.key, transcript: &t, batch: &b)
            } else {
                _ = try proof.verify(
                    right: right, dimensions: m.dimensions, outputPoint: m.outputPoint, columnPoint: m.columnPoint,
                    derivedClaim: claim, key: SumcheckTesting.key, transcript: &t, batch: &b)
            }
        }
    }

    /// Inner dimension 1…256 (including v = 0, where the final claim is the derived claim itself), committed and
    /// public A: the derived-claim proof verifies against the combination; a wrong coefficient, any altered element
    /// and a verifier that absorbs the claim all refuse it.
    @Test(arguments: 0..<7, [false, true])
    func derivedClaimIsCheckedAsTerms(index: Int, rightIsPublic: Bool) throws {
        let (rows, inner, columns) = Self.dimensions[index]
        let m = Self.instance(rows: rows, inner: inner, columns: columns, seed: UInt64(index) * 11 + 5)
        let gamma = Scalar(1_234_567 as Int64)
        let (output, parts) = try Self.proveDerived(m, rightIsPublic: rightIsPublic, gamma: gamma)
        let right: MatrixProductClaim.RightFactor = rightIsPublic ? .publicMatrix(m.right) : .committed
        let bytes = output.proof.encoded
        #expect(Self.verifyDerived(bytes, m, parts: parts, coefficients: [.one, gamma], right: right))
        #expect(!Self.verifyDerived(bytes, m, parts: parts, coefficients: [.one, gamma + .one], right: right))
        #expect(!Self.verifyDerived(bytes, m, parts: parts, coefficients: [.one, gamma], right: right, absorbing: true))
        for (element, altered) in ProofTampering.variants(of: bytes) {
            #expect(
                !Self.verifyDerived(altered, m, parts: parts, coefficients: [.one, gamma], right: right),
                "altered element \(element) accepted")
        }
        // An ordinary (absorbed-claim) proof is not a derived-claim proof.
        let m2 = Self.instance(rows: rows, inner: inner, columns: columns, seed: UInt64(index) * 11 + 5)
        let (ordinary, claim) = try Self.prove(m2, rightIsPublic: rightIsPublic)
        #expect(Self.verify(ordinary.proof.encoded, m2, claim: claim, right: right))
        #expect(
            !SumcheckTesting.accepts { t, b in
                _ = try ordinary.proof.verify(
                    right: right, dimensions: m2.dimensions, outputPoint: m2.outputPoint, columnPoint: m2.columnPoint,
                    derivedClaim: PointCombination(claim), key: SumcheckTesting.key, transcript: &t, batch: &b)
            })
    }

    // MARK: Soundness

    /// Every proof element, the claim commitment, both points, the dimensions, a public entry and the kind of
    /// right factor are bound.
    @Test(arguments: [false, true])
    func everyMessageIsBound(rightIsPublic: Bool) throws {
        let m = Self.instance(rows: 2, inner: 4, columns: 2, seed: 40)
        let (output, claim) = try Self.prove(m, rightIsPublic: rightIsPublic)
        let bytes = output.proof.encoded
        let right: MatrixProductClaim.RightFactor = rightIsPublic ? .publicMatrix(m.right) : .committed
        #expect(Self.verify(bytes, m, claim: claim, right: right))
        for (element, altered) in ProofTampering.variants(of: bytes) {
            #expect(!Self.verify(altered, m, claim: claim, right: right), "altered element \(element) accepted")
        }
        #expect(!Self.verify(bytes, m, claim: claim + key.scalarBase, right: right))
        for i in 0..<m.outputPoint.count {
            var point = m.outputPoint
            point[i] += .one
            #expect(!Self.verify(bytes, m, claim: claim, right: right, outputPoint: point))
        }
        for i in 0..<m.columnPoint.count {
            var point = m.columnPoint
            point[i] += .one
            #expect(!Self.verify(bytes, m, claim: claim, right: right, columnPoint: point))
        }
        #expect(!Self.verify(bytes, m, claim: claim, right: rightIsPublic ? .committed : .publicMatrix(m.right)))
        if rightIsPublic, case .small(var entries) = m.right {
            entries[3] += 1
            #expect(!Self.verify(bytes, m, claim: claim, right: .publicMatrix(.small(entries))))
            #expect(!Self.verify(bytes, m, claim: claim, right: .publicMatrix(.small(Array(entries.dropLast())))))
        }
        // Dimensions whose entry counts overflow are a shape error, not a trap.
        #expect(
            !SumcheckTesting.accepts { t, b in
                _ = try output.proof.verify(
                    right: right, dimensions: .init(rows: 1 << 40, inner: 1 << 40, columns: 2),
                    outputPoint: m.outputPoint,
                    columnPoint: m.columnPoint, claimCommitment: claim, key: key, transcript: &t, batch: &b)
            })
        // Other dimensions with the same point lengths.
        #expect(
            !SumcheckTesting.accepts { t, b in
                _ = try output.proof.verify(
                    right: right, dimensions: .init(rows: 2, inner: 8, columns: 2), outputPoint: m.outputPoint,
                    columnPoint: m.columnPoint, claimCommitment: claim, key: key, transcript: &t, batch: &b)
            })
    }

    /// A claim that is not (W·A)~ at the point — a wrong value, or the product of a matrix with one entry
    /// changed — is refused; so are malformed shapes.
    @Test func wrongProductIsRefused() throws {
        let m = Self.instance(rows: 4, inner: 8, columns: 2, seed: 41)
        for rightIsPublic in [false, true] {
            #expect(throws: ProofError.invalidWitness("sumcheck: the claimed sum differs from Σ_x f(x)")) {
                _ = try Self.prove(m, rightIsPublic: rightIsPublic, claimValue: m.claimValue + .one)
            }
            var wrongZ = m.product
            wrongZ[5] += .one
            let wrongClaim = try MultilinearPolynomial(evaluations: wrongZ).evaluate(at: m.outputPoint + m.columnPoint)
            #expect(throws: ProofError.invalidWitness("sumcheck: the claimed sum differs from Σ_x f(x)")) {
                _ = try Self.prove(m, rightIsPublic: rightIsPublic, claimValue: wrongClaim)
            }
        }
        var t = SumcheckTesting.transcript()
        let rng = ProofTestContext.rng(for: t, seed: 1)
        let blinder = Blinder.random(using: rng)
        let c = key.commitScalar(m.claimValue, blinder: blinder)
        for (dimensions, left, outputPoint) in [
            (MatrixProductClaim.Dimensions(rows: 3, inner: 8, columns: 2), m.left, m.outputPoint),
            (m.dimensions, SumcheckProver.Table.small([1]), m.outputPoint),
            (m.dimensions, m.left, Array(m.outputPoint.dropLast())),
        ] {
            #expect(throws: ProofError.self) {
                _ = try MatrixProductClaim.prove(
                    left: left, right: m.right, rightIsPublic: false, dimensions: dimensions, outputPoint: outputPoint,
                    columnPoint: m.columnPoint, claim: (m.claimValue, blinder, c), key: key, transcript: &t, rng: rng)
            }
        }
    }

    /// A hand-crafted cheat: a wrong Z entry forced through the internal sumcheck engine by claiming the true
    /// sum of a *different* W (one weight changed), then ending with C_W for the real W. Rejected.
    @Test func handCraftedCheatIsRejected() throws {
        let m = Self.instance(rows: 2, inner: 4, columns: 2, seed: 42)
        guard case .small(var otherW) = m.left else { return }
        otherW[1] += 1
        let forgedInstance = Instance(
            dimensions: m.dimensions, left: .small(otherW), right: m.right, product: m.product,
            outputPoint: m.outputPoint, columnPoint: m.columnPoint)
        // The claim is the true Z~ of W·A; the prover runs the sumcheck on W′·A, whose sum differs, so it must
        // lie: it claims the honest value and uses W′'s polynomials — refused by the prover…
        #expect(throws: ProofError.self) {
            _ = try Self.prove(forgedInstance, rightIsPublic: false, claimValue: m.claimValue)
        }
        // …and a proof for W′·A's own claim does not verify against the claim on W·A.
        let (forged, _) = try Self.prove(
            forgedInstance, rightIsPublic: false,
            claimValue: {
                var z = [Scalar](repeating: .zero, count: 4)
                let a = m.right.scalarValues
                for i in 0..<2 {
                    for c in 0..<2 {
                        for k in 0..<4 { z[i * 2 + c] += Scalar(otherW[i * 4 + k]) * a[k * 2 + c] }
                    }
                }
                return (try? MultilinearPolynomial(evaluations: z).evaluate(at: m.outputPoint + m.columnPoint)) ?? .zero
            }())
        let (_, honestClaim) = try Self.prove(m, rightIsPublic: false)
        #expect(!Self.verify(forged.proof.encoded, m, claim: honestClaim, right: .committed))
    }

    /// Zero-knowledge hygiene: two proofs of one statement share no element.
    @Test func freshRandomnessPerProof() throws {
        let m = Self.instance(rows: 2, inner: 8, columns: 2, seed: 43)
        var t = SumcheckTesting.transcript()
        let rng = ProofTestContext.rng(for: t)
        let blinder = Blinder.random(using: rng)
        let claim = key.commitScalar(m.claimValue, blinder: blinder)
        var encodings: [[UInt8]] = []
        for _ in 0..<2 {
            t = SumcheckTesting.transcript()
            let output = try MatrixProductClaim.prove(
                left: m.left, right: m.right, rightIsPublic: false, dimensions: m.dimensions,
                outputPoint: m.outputPoint, columnPoint: m.columnPoint, claim: (m.claimValue, blinder, claim), key: key,
                transcript: &t, rng: ProofTestContext.rng(for: t))
            encodings.append(output.proof.encoded)
        }
        #expect(SumcheckTesting.sharedElements(encodings[0], encodings[1]) == 0)
    }

    @Test(arguments: [false, true])
    func decodingIsStrict(rightIsPublic: Bool) throws {
        let m = Self.instance(rows: 2, inner: 8, columns: 2, seed: 44)
        let bytes = try Self.prove(m, rightIsPublic: rightIsPublic).output.proof.encoded
        let shape = MatrixProductClaim.Shape(innerVariableCount: 3, rightIsPublic: rightIsPublic)
        #expect(
            SumcheckTesting.decodingRejectsMalformed(bytes, seed: 3) { (b) throws(ProofError) in
                _ = try MatrixProductClaim.Proof(decoding: b, shape: shape)
            })
        for bad in [
            MatrixProductClaim.Shape(innerVariableCount: 2, rightIsPublic: rightIsPublic),
            .init(innerVariableCount: 3, rightIsPublic: !rightIsPublic),
            .init(innerVariableCount: -1, rightIsPublic: rightIsPublic),
        ] {
            #expect(throws: ProofError.self) { _ = try MatrixProductClaim.Proof(decoding: bytes, shape: bad) }
        }
    }
}
