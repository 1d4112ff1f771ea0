import Algebra
import Proofs
import Transcript
import struct FeedProofBench.BenchmarkRandom

/// `feedproof bench proofs`' Hyrax workload: 2^20 16-bit values in 2^10 rows of 2^10, committed, then opened in
/// zero knowledge at a random point.
struct HyraxFixture: Sendable {
    static let logSize = 20
    let shape: HyraxCommitment.Shape
    let key: CommitmentKey
    let values: [Int64]
    let statement: MerlinTranscript
    let commitment: HyraxCommitment
    let witness: HyraxWitness
    let point: [Scalar]
    let value: Scalar
    let valueBlinder: Blinder
    let valueCommitment: RistrettoPoint

    init() throws {
        shape = try HyraxCommitment.Shape(variableCount: Self.logSize, columnVariableCount: Self.logSize / 2)
        key = CommitmentKey(vectorCapacity: shape.rowLength)
        var random = BenchmarkRandom(seed: 0x4879_7261)
        values = (0..<shape.entryCount).map { _ in Int64(Int16(truncatingIfNeeded: random.next())) }
        var statement = MerlinTranscript(label: "feedproof-benchmarks-hyrax")
        statement.appendMessage(label: "workload", message: Array("2^\(Self.logSize) 16-bit values".utf8))
        self.statement = statement
        let rng = statement.rngBuilder().finalize()
        (commitment, witness) = try HyraxCommitment.commit(values, shape: shape, key: key, rng: rng)
        point = (0..<Self.logSize).map { _ in random.scalar() }
        value = try witness.evaluate(at: point)
        valueBlinder = Blinder.random(using: rng)
        valueCommitment = key.commitScalar(value, blinder: valueBlinder)
    }

    /// A fresh commitment to the same values.
    func commit() throws -> HyraxCommitment {
        try HyraxCommitment.commit(values, shape: shape, key: key, rng: statement.rngBuilder().finalize()).0
    }

    /// The zero-knowledge opening of the committed values at `point`.
    func open() throws -> HyraxOpening {
        var transcript = statement
        return try HyraxOpening.prove(
            witness: witness, point: point, value: value, valueBlinder: valueBlinder, valueCommitment: valueCommitment,
            key: key, transcript: &transcript, rng: statement.rngBuilder().finalize())
    }

    /// Decodes and checks an encoded opening.
    func verify(_ bytes: [UInt8]) throws -> Bool {
        var transcript = statement
        var batch = GroupEquationBatch()
        try HyraxOpening(decoding: bytes, shape: shape).verify(
            commitment: commitment, point: point, valueCommitment: valueCommitment, transcript: &transcript,
            batch: &batch)
        return batch.holds(with: key)
    }
}
