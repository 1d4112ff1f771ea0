import Algebra
import Proofs
import Transcript
import struct FeedProofBench.BenchmarkRandom

/// `feedproof bench proofs`' range proof: logUp-GKR over 2^20 committed 16-bit limbs against the table [0, 2^16).
struct RangeProofFixture: Sendable {
    static let logSize = 20
    let shape: RangeProof.Shape
    let key: CommitmentKey
    let statement: MerlinTranscript
    let commitment: HyraxCommitment
    let witness: HyraxWitness

    init() throws {
        let valueShape = try HyraxCommitment.Shape(variableCount: Self.logSize, columnVariableCount: Self.logSize / 2)
        shape = try RangeProof.Shape(values: valueShape, tableBits: 16, countColumnBits: 8)
        key = CommitmentKey(vectorCapacity: max(valueShape.rowLength, 1024))
        var random = BenchmarkRandom(seed: 0x7261_6e67)
        let values = (0..<valueShape.entryCount).map { _ in Int64(random.next() & 0xFFFF) }
        var statement = MerlinTranscript(label: "feedproof-benchmarks-range")
        statement.appendMessage(label: "workload", message: Array("2^\(Self.logSize) 16-bit limbs".utf8))
        self.statement = statement
        (commitment, witness) = try HyraxCommitment.commit(
            values, shape: valueShape, key: key, rng: statement.rngBuilder().finalize())
    }

    /// The range proof of the committed limbs.
    func prove() throws -> RangeProof {
        var transcript = statement
        return try RangeProof.prove(
            values: witness, shape: shape, key: key, transcript: &transcript, rng: statement.rngBuilder().finalize())
    }

    /// Decodes and verifies an encoded proof (throws if it is rejected).
    func verify(_ bytes: [UInt8]) throws {
        var transcript = statement
        try RangeProof(decoding: bytes, shape: shape).verify(
            values: commitment, shape: shape, key: key, transcript: &transcript)
    }
}
