import Algebra
import Proofs
import Transcript

/// The logUp-GKR range proof at issue 4's target size: 2^20 16-bit limbs against the table [0, 2^16).
public enum RangeProofBenchmarks {
    /// Runs every workload whose name contains `only` (all when `nil`). `quick` uses 2^14 limbs.
    public static func run(quick: Bool = false, only filter: String? = nil) -> [Measurement] {
        var results = FilteredResults(filter: filter)
        let watch = FilteredStopwatch(stopwatch: Stopwatch(rounds: quick ? 2 : 3), filter: filter)
        let logSize = quick ? 14 : 20
        let suffix = "2^\(logSize) 16-bit limbs"
        guard let valueShape = try? HyraxCommitment.Shape(variableCount: logSize, columnVariableCount: logSize / 2),
            let shape = try? RangeProof.Shape(values: valueShape, tableBits: 16, countColumnBits: 8)
        else { return [] }
        // Rows, and the 2·depth·(depth − 1) sumcheck slices of the fraction tree.
        let key = CommitmentKey(vectorCapacity: max(valueShape.rowLength, 1024))
        var random = BenchmarkRandom(seed: 0x7261_6e67)
        let values = (0..<valueShape.entryCount).map { _ in Int64(random.next() & 0xFFFF) }
        var statement = MerlinTranscript(label: "feedproof-bench-range")
        statement.appendMessage(label: "workload", message: Array(suffix.utf8))
        let rng = statement.rngBuilder().finalize()
        guard let (commitment, witness) = try? HyraxCommitment.commit(values, shape: valueShape, key: key, rng: rng)
        else { return [] }
        func prove() -> RangeProof? {
            var transcript = statement
            return try? RangeProof.prove(values: witness, shape: shape, key: key, transcript: &transcript, rng: rng)
        }
        results.append(
            watch.measure("range proof (logUp-GKR) prover, \(suffix)", operations: 1, target: quick ? nil : 1.5e9) {
                blackHole(prove())
            })
        guard let proof = prove() else { return results.measurements }
        let bytes = proof.encoded
        func verify() -> Bool {
            var transcript = statement
            do {
                try RangeProof(decoding: bytes, shape: shape).verify(
                    values: commitment, shape: shape, key: key, transcript: &transcript)
                return true
            } catch {
                return false
            }
        }
        guard verify() else { return results.measurements }  // never time a rejecting verifier
        results.append(watch.measure("range proof verifier, \(suffix)", operations: 1) { blackHole(verify()) })
        results.append(watch.size("range proof size, \(suffix)", bytes: bytes.count))
        return results.measurements
    }
}
