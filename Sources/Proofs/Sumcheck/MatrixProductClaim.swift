import Algebra
import Transcript

/// Reduces a committed claim on a matrix product to claims on its factors: Thaler ePrint 2013/351 §4 (matrix
/// multiplication), made zero-knowledge with the committed sumcheck (DESIGN.md A.6).
///
/// For Z = W·A with W of h_out × h_in and A of h_in × n (row-major, every dimension a power of two), the claim
/// C on Z~(ρ_o, ρ_c) is Σ_k W~(ρ_o, k)·A~(k, ρ_c). The prover folds w_k = Σ_i eq(ρ_o, i)·W[i, k] and
/// a_k = Σ_c eq(ρ_c, c)·A[k, c], runs the degree-2 committed sumcheck over k on w·a, and ends at a point r with
/// C_final committing to W~(ρ_o, r)·A~(r, ρ_c). Then:
/// - **committed A** (a hidden layer's activations): the prover commits C_W = Com(W~(ρ_o, r)) and
///   C_A = Com(A~(r, ρ_c)) with fresh blinders and a ``ProductProof`` shows C_final = C_W·C_A;
/// - **public A** (the first layer's input X): the verifier computes a = A~(r, ρ_c) itself, the prover commits
///   C_W only, and a ``ZeroOpeningProof`` on C_final − a·C_W shows C_final = a·W~(ρ_o, r).
///
/// The returned C_W (and C_A) are claims the caller must discharge: W~(ρ_o, r) by a Hyrax opening of the
/// weight commitment (rows = output neurons), A~(r, ρ_c) by the previous layer's claims. A public A must
/// already be bound by the caller's transcript (its statement absorbs the features); it is not absorbed here.
public enum MatrixProductClaim {
    /// The matrices' dimensions, each a power of two.
    public struct Dimensions: Sendable, Hashable {
        /// h_out: rows of W and of Z.
        public let rows: Int
        /// h_in: columns of W, rows of A (the summed dimension).
        public let inner: Int
        /// n: columns of A and of Z.
        public let columns: Int

        /// Dimensions of W (rows × inner) and A (inner × columns).
        public init(rows: Int, inner: Int, columns: Int) {
            self.rows = rows
            self.inner = inner
            self.columns = columns
        }

        /// Whether every dimension is a power of two (at least 1) and each matrix's entry count fits in an `Int`.
        public var isValid: Bool {
            guard [rows, inner, columns].allSatisfy({ $0 > 0 && $0 & ($0 - 1) == 0 }) else { return false }
            return !rows.multipliedReportingOverflow(by: inner).overflow
                && !inner.multipliedReportingOverflow(by: columns).overflow
        }
    }

    /// The right factor A as the verifier sees it.
    public enum RightFactor: Sendable, Equatable {
        /// A is hidden; the proof ends with a commitment to A~(r, ρ_c).
        case committed
        /// A is public (row-major, inner × columns); the verifier evaluates A~(r, ρ_c) itself.
        case publicMatrix(SumcheckProver.Table)
    }

    /// The proof's last step, after the sumcheck and C_W.
    public enum FinalStep: Sendable, Equatable {
        /// C_A and the proof that C_final = C_W·C_A.
        case committedRight(rightCommitment: RistrettoPoint, productProof: ProductProof)
        /// The proof that C_final = a·C_W for the public a = A~(r, ρ_c).
        case publicRight(equalityProof: ZeroOpeningProof)
    }

    /// The shape of a proof: the number of sumcheck rounds and which final step follows.
    public struct Shape: Sendable, Hashable {
        /// log₂ h_in.
        public let innerVariableCount: Int
        /// Whether A is public (equality proof) or committed (product proof).
        public let rightIsPublic: Bool

        /// A proof shape.
        public init(innerVariableCount: Int, rightIsPublic: Bool) {
            self.innerVariableCount = innerVariableCount
            self.rightIsPublic = rightIsPublic
        }
    }

    /// The messages of a matrix-product reduction.
    public struct Proof: ProofMessage, Equatable {
        /// The degree-2 committed sumcheck over k.
        public let sumcheck: ZKSumcheckProof
        /// C_W = W~(ρ_o, r)·U + r_W·H.
        public let leftCommitment: RistrettoPoint
        /// The product or equality step.
        public let finalStep: FinalStep

        /// A proof from its messages.
        public init(sumcheck: ZKSumcheckProof, leftCommitment: RistrettoPoint, finalStep: FinalStep) {
            self.sumcheck = sumcheck
            self.leftCommitment = leftCommitment
            self.finalStep = finalStep
        }

        /// Writes the sumcheck, C_W, then C_A and the product proof, or the equality proof.
        public func encode(to writer: inout ProofWriter) {
            sumcheck.encode(to: &writer)
            writer.write(leftCommitment)
            switch finalStep {
            case .committedRight(let rightCommitment, let productProof):
                writer.write(rightCommitment)
                productProof.encode(to: &writer)
            case .publicRight(let equalityProof):
                equalityProof.encode(to: &writer)
            }
        }

        /// Reads a proof of the given shape.
        public init(from reader: inout ProofReader, shape: Shape) throws(ProofError) {
            sumcheck = try ZKSumcheckProof(
                from: &reader,
                shape: ZKSumcheckProof.Shape(variableCount: shape.innerVariableCount, degree: MatrixProductClaim.degree)
            )
            leftCommitment = try reader.readPoint()
            if shape.rightIsPublic {
                finalStep = .publicRight(equalityProof: try ZeroOpeningProof(from: &reader, shape: FixedShape()))
            } else {
                let rightCommitment = try reader.readPoint()
                finalStep = .committedRight(
                    rightCommitment: rightCommitment, productProof: try ProductProof(from: &reader, shape: FixedShape())
                )
            }
        }

        /// Checks the reduction of the claim `claimCommitment` on Z~(outputPoint, columnPoint), adding its group
        /// equations to `batch`.
        /// - Returns: the point r and C_W (and C_A when A is committed), which the caller must link.
        /// - Throws: ``ProofError/shapeMismatch(_:)`` for invalid dimensions, points of the wrong length, a
        ///   public matrix of the wrong size, or a final step that does not match `right`.
        public func verify(
            right: RightFactor, dimensions: Dimensions, outputPoint: [Scalar], columnPoint: [Scalar],
            claimCommitment: RistrettoPoint, key: CommitmentKey, transcript: inout MerlinTranscript,
            batch: inout GroupEquationBatch
        ) throws(ProofError) -> VerifierOutput {
            try verify(
                right: right, dimensions: dimensions, outputPoint: outputPoint, columnPoint: columnPoint,
                claim: PointCombination(claimCommitment), absorbedClaim: claimCommitment, key: key,
                transcript: &transcript, batch: &batch)
        }

        /// ``verify(right:dimensions:outputPoint:columnPoint:claimCommitment:key:transcript:batch:)`` for a claim
        /// the prover did not absorb (`absorbingClaim: false`): the claim and, for a public A, C_final − a·C_W stay
        /// combinations of points the verifier already has, so this step costs no scalar multiplication.
        public func verify(
            right: RightFactor, dimensions: Dimensions, outputPoint: [Scalar], columnPoint: [Scalar],
            derivedClaim: PointCombination, key: CommitmentKey, transcript: inout MerlinTranscript,
            batch: inout GroupEquationBatch
        ) throws(ProofError) -> VerifierOutput {
            try verify(
                right: right, dimensions: dimensions, outputPoint: outputPoint, columnPoint: columnPoint,
                claim: derivedClaim, absorbedClaim: nil, key: key, transcript: &transcript, batch: &batch)
        }

        private func verify(
            right: RightFactor, dimensions: Dimensions, outputPoint: [Scalar], columnPoint: [Scalar],
            claim: PointCombination, absorbedClaim: RistrettoPoint?, key: CommitmentKey,
            transcript: inout MerlinTranscript, batch: inout GroupEquationBatch
        ) throws(ProofError) -> VerifierOutput {
            var isPublic = false
            if case .publicMatrix = right { isPublic = true }
            try MatrixProductClaim.checkShape(dimensions, outputPoint, columnPoint)
            MatrixProductClaim.absorbStatement(
                dimensions, outputPoint, columnPoint, absorbedClaim, rightIsPublic: isPublic, into: &transcript)
            let shape = ZKSumcheckProof.Shape(
                variableCount: dimensions.inner.trailingZeroBitCount, degree: MatrixProductClaim.degree)
            let reduced = try sumcheck.verifyStandalone(
                claim: claim, absorbedClaim: absorbedClaim, shape: shape, key: key, transcript: &transcript,
                batch: &batch)
            transcript.appendPoint(label: "CW", leftCommitment)
            switch (right, finalStep) {
            case (.committed, .committedRight(let rightCommitment, let productProof)):
                transcript.appendPoint(label: "CA", rightCommitment)
                // The product proof absorbs C_final: C_F from the proof, or (no rounds) the claim itself.
                productProof.verify(
                    left: leftCommitment, right: rightCommitment,
                    product: sumcheck.finalClaimCommitment ?? absorbedClaim ?? claim.evaluated,
                    transcript: &transcript, batch: &batch)
                return VerifierOutput(
                    point: reduced.point, leftCommitment: leftCommitment, rightCommitment: rightCommitment)
            case (.publicMatrix(let matrix), .publicRight(let equalityProof)):
                guard matrix.count == dimensions.inner * dimensions.columns else {
                    throw ProofError.shapeMismatch(
                        "public matrix has \(matrix.count) entries for \(dimensions.inner) × \(dimensions.columns)")
                }
                let a = MatrixProductClaim.evaluate(
                    matrix, rows: dimensions.inner, columns: dimensions.columns, rowPoint: reduced.point,
                    columnPoint: columnPoint)
                if let absorbedClaim {
                    equalityProof.verifyEqual(
                        first: sumcheck.finalClaimCommitment ?? absorbedClaim, second: a * leftCommitment,
                        transcript: &transcript, batch: &batch)
                } else {
                    equalityProof.verify(
                        derived: reduced.final - PointCombination(terms: [(a, leftCommitment)]),
                        transcript: &transcript, batch: &batch)
                }
                return VerifierOutput(point: reduced.point, leftCommitment: leftCommitment, rightCommitment: nil)
            default:
                throw ProofError.shapeMismatch("the proof's final step does not match the right factor's kind")
            }
        }
    }

    /// What the prover learns.
    public struct ProverOutput: Sendable {
        /// The proof.
        public let proof: Proof
        /// r, the sumcheck's point over the inner dimension, in binding order.
        public let point: [Scalar]
        /// W~(ρ_o, r) with its blinder and commitment C_W.
        public let left: ZKSumcheckProof.CommittedScalar
        /// A~(r, ρ_c) with its blinder and commitment C_A, when A is committed.
        public let right: ZKSumcheckProof.CommittedScalar?
    }

    /// What the verifier learns.
    public struct VerifierOutput: Sendable, Equatable {
        /// r, the sumcheck's point over the inner dimension, in binding order.
        public let point: [Scalar]
        /// C_W, to be linked to W~(ρ_o, r).
        public let leftCommitment: RistrettoPoint
        /// C_A, to be linked to A~(r, ρ_c), when A is committed.
        public let rightCommitment: RistrettoPoint?
    }

    /// The sumcheck's degree: w·a.
    static let degree = 2
    static let label = "matrix-product"

    /// Proves that `claim` commits to (W·A)~(outputPoint, columnPoint), reducing it to claims on W~(ρ_o, r)
    /// and (when `rightIsPublic` is false) A~(r, ρ_c).
    ///
    /// - Parameters:
    ///   - left: W, row-major (rows × inner).
    ///   - right: A, row-major (inner × columns).
    /// - Throws: ``ProofError/invalidWitness(_:)`` when the claim is not (W·A)~ at the point or does not open;
    ///   ``ProofError/shapeMismatch(_:)`` for invalid dimensions, matrix sizes or point lengths.
    /// - Parameter absorbingClaim: false when the claim's commitment is derived from the transcript so far; the
    ///   verifier then uses ``Proof/verify(right:dimensions:outputPoint:columnPoint:derivedClaim:key:transcript:batch:)``,
    ///   and for a public A the final link is a derived commitment too.
    public static func prove(
        left: SumcheckProver.Table, right: SumcheckProver.Table, rightIsPublic: Bool, dimensions: Dimensions,
        outputPoint: [Scalar], columnPoint: [Scalar], claim: ZKSumcheckProof.CommittedScalar, key: CommitmentKey,
        transcript: inout MerlinTranscript, rng: TranscriptRNG, absorbingClaim: Bool = true
    ) throws(ProofError) -> ProverOutput {
        try checkShape(dimensions, outputPoint, columnPoint)
        guard left.count == dimensions.rows * dimensions.inner, right.count == dimensions.inner * dimensions.columns
        else {
            throw ProofError.shapeMismatch(
                "matrices of \(left.count) and \(right.count) entries for dimensions \(dimensions)")
        }
        // w = W~(ρ_o, ·) and a = A~(·, ρ_c) over the inner index k.
        let w = rowCombination(
            left, rows: dimensions.rows, columns: dimensions.inner, weights: EqualityPolynomial.table(at: outputPoint))
        let a = columnCombination(
            right, rows: dimensions.inner, columns: dimensions.columns,
            weights: EqualityPolynomial.table(at: columnPoint))
        var engine = try SumcheckProver(
            tables: [.scalars(w), .scalars(a)], terms: [SumcheckProver.Term(factors: [0, 1])])
        absorbStatement(
            dimensions, outputPoint, columnPoint, absorbingClaim ? claim.commitment : nil, rightIsPublic: rightIsPublic,
            into: &transcript)
        let reduced = try ZKSumcheckProof.prove(
            claim: claim, polynomial: &engine, degree: degree, key: key, transcript: &transcript, rng: rng,
            absorbingClaim: absorbingClaim)
        let values = engine.tableValues
        let leftValue = key.commitFresh(values[0], rng: rng)
        transcript.appendPoint(label: "CW", leftValue.commitment)
        let final = (reduced.finalValue, reduced.finalBlinder, reduced.finalCommitment)
        if rightIsPublic {
            // C_final − a·C_W = (r_final − a·r_W)·H.
            let scale = values[1]
            let scaledBlinder = Blinder(derived: scale * leftValue.blinder.value)
            let scaled = key.commitScalar(scale * leftValue.value, blinder: scaledBlinder)
            let equality = ZeroOpeningProof.prove(
                blinder: Blinder(derived: reduced.finalBlinder.value - scaledBlinder.value),
                commitment: reduced.finalCommitment - scaled, key: key, transcript: &transcript, rng: rng,
                absorbingCommitment: absorbingClaim)
            return ProverOutput(
                proof: Proof(
                    sumcheck: reduced.proof, leftCommitment: leftValue.commitment,
                    finalStep: .publicRight(equalityProof: equality)),
                point: reduced.point, left: leftValue, right: nil)
        }
        let rightValue = key.commitFresh(values[1], rng: rng)
        transcript.appendPoint(label: "CA", rightValue.commitment)
        let productProof = try ProductProof.prove(
            left: leftValue, right: rightValue, product: final, key: key, transcript: &transcript, rng: rng)
        return ProverOutput(
            proof: Proof(
                sumcheck: reduced.proof, leftCommitment: leftValue.commitment,
                finalStep: .committedRight(rightCommitment: rightValue.commitment, productProof: productProof)),
            point: reduced.point, left: leftValue, right: rightValue)
    }

    private static func checkShape(_ dimensions: Dimensions, _ outputPoint: [Scalar], _ columnPoint: [Scalar])
        throws(ProofError)
    {
        guard dimensions.isValid else {
            throw ProofError.shapeMismatch("matrix dimensions \(dimensions) are not powers of two")
        }
        guard outputPoint.count == dimensions.rows.trailingZeroBitCount,
            columnPoint.count == dimensions.columns.trailingZeroBitCount
        else {
            throw ProofError.shapeMismatch(
                "points of \(outputPoint.count) and \(columnPoint.count) coordinates for dimensions \(dimensions)")
        }
    }

    /// Absorbs the statement; a derived claim (nil) is not absorbed, and says so.
    private static func absorbStatement(
        _ dimensions: Dimensions, _ outputPoint: [Scalar], _ columnPoint: [Scalar], _ claim: RistrettoPoint?,
        rightIsPublic: Bool, into transcript: inout MerlinTranscript
    ) {
        transcript.appendMessage(label: "dom-sep", message: Array(label.utf8))
        transcript.appendUInt64(label: "rows", value: UInt64(dimensions.rows))
        transcript.appendUInt64(label: "inner", value: UInt64(dimensions.inner))
        transcript.appendUInt64(label: "columns", value: UInt64(dimensions.columns))
        transcript.appendUInt64(label: "public-right", value: rightIsPublic ? 1 : 0)
        for z in outputPoint { transcript.appendScalar(label: "rho-out", z) }
        for z in columnPoint { transcript.appendScalar(label: "rho-col", z) }
        if let claim {
            transcript.appendPoint(label: "C", claim)
        } else {
            transcript.appendMessage(label: "C-form", message: Array("derived".utf8))
        }
    }

    // MARK: Partial evaluations

    /// Σ_i weights_i·M[i, ·] for a row-major rows × columns matrix: M~(z, ·) when weights = eq(z, ·).
    /// - Complexity: rows·columns multiplications (4 limb products each for small entries).
    static func rowCombination(_ matrix: SumcheckProver.Table, rows: Int, columns: Int, weights: [Scalar]) -> [Scalar] {
        switch matrix {
        case .scalars(let m):
            var result = [Scalar](repeating: .zero, count: columns)
            m.withUnsafeBufferPointer { m in
                result.withUnsafeMutableBufferPointer { out in
                    for i in 0..<rows {
                        let w = weights[i]
                        for k in 0..<columns { out[k] += w * m[i * columns + k] }
                    }
                }
            }
            return result
        case .small(let m):
            var sums = [ScalarIntegerSum](repeating: ScalarIntegerSum(), count: columns)
            m.withUnsafeBufferPointer { m in
                sums.withUnsafeMutableBufferPointer { sums in
                    for i in 0..<rows {
                        let w = weights[i]
                        for k in 0..<columns { sums[k].add(w, times: m[i * columns + k]) }
                    }
                }
            }
            var result: [Scalar] = []
            result.reserveCapacity(columns)
            for s in sums { result.append(s.value) }
            return result
        }
    }

    /// Σ_c weights_c·M[·, c] for a row-major rows × columns matrix: M~(·, z) when weights = eq(z, ·).
    /// - Complexity: rows·columns multiplications (4 limb products each for small entries).
    static func columnCombination(
        _ matrix: SumcheckProver.Table, rows: Int, columns: Int, weights: [Scalar]
    ) -> [Scalar] {
        var result: [Scalar] = []
        result.reserveCapacity(rows)
        switch matrix {
        case .scalars(let m):
            m.withUnsafeBufferPointer { m in
                for k in 0..<rows {
                    var sum = Scalar.zero
                    for c in 0..<columns { sum += weights[c] * m[k * columns + c] }
                    result.append(sum)
                }
            }
        case .small(let m):
            m.withUnsafeBufferPointer { m in
                for k in 0..<rows {
                    var sum = ScalarIntegerSum()
                    for c in 0..<columns { sum.add(weights[c], times: m[k * columns + c]) }
                    result.append(sum.value)
                }
            }
        }
        return result
    }

    /// M~(rowPoint, columnPoint) for a row-major matrix (the verifier's evaluation of a public factor).
    /// - Complexity: rows·columns multiplications.
    static func evaluate(
        _ matrix: SumcheckProver.Table, rows: Int, columns: Int, rowPoint: [Scalar], columnPoint: [Scalar]
    ) -> Scalar {
        let byRow = columnCombination(
            matrix, rows: rows, columns: columns, weights: EqualityPolynomial.table(at: columnPoint))
        let rowWeights = EqualityPolynomial.table(at: rowPoint)
        var sum = Scalar.zero
        for k in 0..<rows { sum += rowWeights[k] * byRow[k] }
        return sum
    }
}
