import Algebra
import Proofs
import Transcript
import struct FeedProofBench.BenchmarkRandom

/// `feedproof bench proofs`' target sumcheck: Σ eq(τ, x)·a(x)·b(x) over 2^20 entries of 16-bit a and b (degree 3),
/// proven in zero knowledge.
struct SumcheckFixture: Sendable {
    static let variableCount = 20
    let key = CommitmentKey(vectorCapacity: 128)  // the consistency proof's generators, as bench proofs uses
    let a: [Int64]
    let b: [Int64]
    let tau: [Scalar]
    let statement: MerlinTranscript
    let claim: ZKSumcheckProof.CommittedScalar
    let product = [SumcheckProver.Term(factors: [0, 1])]

    struct SetupFailed: Error {}

    init() throws {
        let v = Self.variableCount
        var random = BenchmarkRandom(seed: 0x5375_6d63)
        a = (0..<(1 << v)).map { _ in Int64(Int16(truncatingIfNeeded: random.next())) }
        b = (0..<(1 << v)).map { _ in Int64(Int16(truncatingIfNeeded: random.next())) }
        tau = (0..<v).map { _ in random.scalar() }
        var statement = MerlinTranscript(label: "feedproof-benchmarks-sumcheck")
        statement.appendUInt64(label: "n", value: UInt64(1 << v))
        self.statement = statement
        // The claimed sum and its commitment (one direct pass of round 0, outside the timing).
        var engine = try SumcheckProver(tables: [.small(a), .small(b)], terms: product, equalityPoint: tau)
        let sum = try engine.roundPolynomial(claim: nil).sumOverBooleans
        let blinder = Blinder.random(using: statement.rngBuilder().finalize())
        claim = (sum, blinder, key.commitScalar(sum, blinder: blinder))
    }

    /// The zero-knowledge sumcheck proof of the claim.
    func prove() throws -> ZKSumcheckProof.ProverOutput {
        var engine = try SumcheckProver(tables: [.small(a), .small(b)], terms: product, equalityPoint: tau)
        var transcript = statement
        return try ZKSumcheckProof.prove(
            claim: claim, polynomial: &engine, key: key, transcript: &transcript,
            rng: statement.rngBuilder().finalize())
    }

    /// Decodes and checks an encoded proof against the prover's final commitment.
    func verify(_ output: ZKSumcheckProof.ProverOutput) throws -> Bool {
        let shape = ZKSumcheckProof.Shape(variableCount: Self.variableCount, degree: 3)
        var transcript = statement
        var batch = GroupEquationBatch()
        let reduced = try ZKSumcheckProof(decoding: output.proof.encoded, shape: shape).verify(
            claimCommitment: claim.commitment, shape: shape, key: key, transcript: &transcript, batch: &batch)
        return reduced.finalCommitment == output.finalCommitment && batch.holds(with: key)
    }
}
