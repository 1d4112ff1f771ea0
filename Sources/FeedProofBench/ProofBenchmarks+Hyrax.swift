import Algebra
import Proofs
import Transcript

/// Hyrax commitment and zero-knowledge opening at the size of issue 4's targets: 2^20 16-bit values.
///
/// Layout: 2^10 rows of 2^10. The verifier's work is two multi-scalar multiplications, one over the 2^(v−c) row
/// commitments (weights eq(z_row, ·)) and one over the 2^c generators (the inner-product s-vector), so the square
/// layout minimizes it; the prover's inner-product rounds grow with 2^c·c, and commitment time falls as rows grow
/// longer (fewer, larger MSMs). Measured at 2^20 (release, 2 cores; commit / prove / verify): c = 8: 365 / 16 /
/// 17 ms; c = 9: 315 / 32 / 9.9 ms; c = 10: 228 / 47 / 7.7 ms; c = 11: 184 / 90 / 8.2 ms; c = 12: 190 / 158 /
/// 12 ms. c = 10 is the verifier's optimum with every target met by a wide margin; the commitment is 2^10 points
/// (32 KiB) and the opening 2c + 3 = 23 elements (736 bytes), independent of the row count.
public enum HyraxBenchmarks {
    /// Runs every workload whose name contains `only` (all when `nil`). `quick` uses 2^16 entries (2^8 × 2^8).
    ///
    public static func run(quick: Bool = false, only filter: String? = nil) -> [Measurement] {
        var results = FilteredResults(filter: filter)
        let watch = FilteredStopwatch(stopwatch: Stopwatch(rounds: quick ? 3 : 5), filter: filter)
        let logSize = quick ? 16 : 20
        let columnVariables = logSize / 2
        let suffix = "2^\(logSize) entries, 2^\(logSize - columnVariables) × 2^\(columnVariables)"
        let full = !quick
        guard let shape = try? HyraxCommitment.Shape(variableCount: logSize, columnVariableCount: columnVariables)
        else { return [] }
        let key = CommitmentKey(vectorCapacity: shape.rowLength)
        var random = BenchmarkRandom(seed: 0x4879_7261)
        let values = (0..<shape.entryCount).map { _ in Int64(Int16(truncatingIfNeeded: random.next())) }
        var statement = MerlinTranscript(label: "feedproof-bench-hyrax")
        statement.appendMessage(label: "workload", message: Array(suffix.utf8))
        let rng = statement.rngBuilder().finalize()

        results.append(
            watch.measure("Hyrax commit 16-bit values, \(suffix)", operations: 1, target: full ? 0.5e9 : nil) {
                blackHole(try? HyraxCommitment.commit(values, shape: shape, key: key, rng: rng))
            })

        guard let committed = try? HyraxCommitment.commit(values, shape: shape, key: key, rng: rng)
        else { return results.measurements }
        let (commitment, witness) = committed
        let point = (0..<logSize).map { _ in random.scalar() }
        guard let y = try? witness.evaluate(at: point) else { return results.measurements }
        let valueBlinder = Blinder.random(using: rng)
        let valueCommitment = key.commitScalar(y, blinder: valueBlinder)
        func prove() -> HyraxOpening? {
            var transcript = statement
            return try? HyraxOpening.prove(
                witness: witness, point: point, value: y, valueBlinder: valueBlinder, valueCommitment: valueCommitment,
                key: key, transcript: &transcript, rng: rng)
        }
        results.append(
            watch.measure("Hyrax ZK opening prover, \(suffix)", operations: 1, target: full ? 0.3e9 : nil) {
                blackHole(prove())
            })
        guard let opening = prove() else { return results.measurements }
        let bytes = opening.encoded
        func verify() -> Bool {
            var transcript = statement
            var batch = GroupEquationBatch()
            do {
                try HyraxOpening(decoding: bytes, shape: shape).verify(
                    commitment: commitment, point: point, valueCommitment: valueCommitment, transcript: &transcript,
                    batch: &batch)
                return batch.holds(with: key)
            } catch {
                return false
            }
        }
        guard verify() else { return results.measurements }  // never times a rejecting verifier
        results.append(
            watch.measure("Hyrax ZK opening verifier, \(suffix)", operations: 1, target: full ? 15e6 : nil) {
                blackHole(verify())
            })
        results.append(
            watch.size("Hyrax opening size, \(suffix)", bytes: bytes.count, target: full ? 4096 : nil))
        return results.measurements
    }
}
