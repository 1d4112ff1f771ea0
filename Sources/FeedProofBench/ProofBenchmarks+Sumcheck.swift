import Foundation
import Algebra
import Proofs
import Transcript

/// The committed sumcheck at the size of issue 4's target: 2^20 entries, degree 3 (eq(τ, x)·a(x)·b(x), the
/// zero-check shape), prover ≤ 0.5 s on the project's 2-core machine.
///
/// The prover workloads include building the engine (the eq(τ_{>0}, ·) weights) and every round: the round
/// polynomial kernels, the folds, and per round two commitments and a dot-product proof. The claim commitment is
/// prepared outside the timing. Tables of 16-bit integers take the small-integer first round; the full-scalar
/// variant shows the cost without it.
public enum SumcheckBenchmarks {
    /// Runs every workload whose name contains `only` (all when `nil`). `quick` uses 2^16 entries.
    public static func run(quick: Bool = false, only filter: String? = nil) -> [Measurement] {
        var results = FilteredResults(filter: filter)
        let watch = FilteredStopwatch(stopwatch: Stopwatch(rounds: quick ? 3 : 5), filter: filter)
        let v = quick ? 16 : 20
        let n = 1 << v
        let full = !quick
        let key = CommitmentKey(vectorCapacity: 128)  // the consistency proof's P(4·v) generators
        var random = BenchmarkRandom(seed: 0x5375_6d63)
        let a = (0..<n).map { _ in Int64(Int16(truncatingIfNeeded: random.next())) }
        let b = (0..<n).map { _ in Int64(Int16(truncatingIfNeeded: random.next())) }
        let aScalars = (0..<n).map { _ in random.scalar() }
        let bScalars = (0..<n).map { _ in random.scalar() }
        let tau = (0..<v).map { _ in random.scalar() }
        var statement = MerlinTranscript(label: "feedproof-bench-sumcheck")
        statement.appendUInt64(label: "n", value: UInt64(n))
        let rng = statement.rngBuilder().finalize()
        let product = [SumcheckProver.Term(factors: [0, 1])]

        /// The claim Σ f with a fresh commitment (one direct round-0 pass, outside the timing).
        func claim(for tables: [SumcheckProver.Table], equality: [Scalar]?) -> ZKSumcheckProof.CommittedScalar? {
            guard var engine = try? SumcheckProver(tables: tables, terms: product, equalityPoint: equality),
                let g = try? engine.roundPolynomial(claim: nil)
            else { return nil }
            let blinder = Blinder.random(using: rng)
            return (g.sumOverBooleans, blinder, key.commitScalar(g.sumOverBooleans, blinder: blinder))
        }
        func prove(
            _ tables: [SumcheckProver.Table], equality: [Scalar]?, claim: ZKSumcheckProof.CommittedScalar
        ) -> ZKSumcheckProof.ProverOutput? {
            guard var engine = try? SumcheckProver(tables: tables, terms: product, equalityPoint: equality)
            else { return nil }
            var transcript = statement
            return try? ZKSumcheckProof.prove(
                claim: claim, polynomial: &engine, key: key, transcript: &transcript, rng: rng)
        }

        let workloads: [(name: String, tables: [SumcheckProver.Table], equality: [Scalar]?, target: Double?)] = [
            (
                "ZK sumcheck prover, eq·a·b, 2^\(v) 16-bit entries (degree 3)", [.small(a), .small(b)], tau,
                full ? 0.5e9 : nil
            ),
            (
                "ZK sumcheck prover, eq·a·b, 2^\(v) full scalars (degree 3)", [.scalars(aScalars), .scalars(bScalars)],
                tau, nil
            ),
            (
                "ZK sumcheck prover, a·b, 2^\(v) full scalars (degree 2)", [.scalars(aScalars), .scalars(bScalars)],
                nil, nil
            ),
        ]
        for workload in workloads {
            // A failing prover returns quickly: never time it (a broken workload is reported, not measured).
            guard let claim = claim(for: workload.tables, equality: workload.equality),
                prove(workload.tables, equality: workload.equality, claim: claim) != nil
            else {
                FileHandle.standardError.write(Data("\(workload.name): the prover failed; not measured\n".utf8))
                continue
            }
            results.append(
                watch.measure(workload.name, operations: 1, target: workload.target) {
                    blackHole(prove(workload.tables, equality: workload.equality, claim: claim))
                })
        }

        // Verifier and size for the target workload.
        let suffix = "2^\(v) entries, degree 3"
        guard let claim = claim(for: [.small(a), .small(b)], equality: tau),
            let output = prove([.small(a), .small(b)], equality: tau, claim: claim)
        else { return results.measurements }
        let bytes = output.proof.encoded
        let shape = ZKSumcheckProof.Shape(variableCount: v, degree: 3)
        func verify() -> Bool {
            var transcript = statement
            var batch = GroupEquationBatch()
            do {
                let reduced = try ZKSumcheckProof(decoding: bytes, shape: shape).verify(
                    claimCommitment: claim.commitment, shape: shape, key: key, transcript: &transcript, batch: &batch)
                return reduced.finalCommitment == output.finalCommitment && batch.holds(with: key)
            } catch {
                return false
            }
        }
        guard verify() else { return results.measurements }  // never times a rejecting verifier
        results.append(watch.measure("ZK sumcheck verifier, \(suffix)", operations: 1) { blackHole(verify()) })
        results.append(watch.size("ZK sumcheck proof size, \(suffix)", bytes: bytes.count))
        return results.measurements
    }
}
