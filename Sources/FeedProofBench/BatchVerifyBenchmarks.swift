import Algebra
import Dispatch
import Foundation
import Model
import Proofs
import Ranking

/// `feedproof bench batch-verify`: ranking proofs verified one by one and in batches (issue 9: batched ≥ 3× one by
/// one per core, ≥ 100 proofs/s on 2 cores). Workload: the S model of ``RankingBenchmarks`` (32-64-32-1, n = 64,
/// k = 10), 64 distinct proofs, each over its own candidates. Run under `taskset -c 0` for per-core figures.
public enum BatchVerifyBenchmarks {
    /// Proofs per batch.
    public static let batchSize = 64

    public static func run(
        quick: Bool = false, only filter: String? = nil, progress: (String) -> Void = { _ in }
    ) -> [Measurement] {
        var results = FilteredResults(filter: filter)
        let watch = FilteredStopwatch(stopwatch: Stopwatch(rounds: quick ? 1 : 3), filter: filter)
        var random = BenchmarkRandom(seed: 0x6a_4b1e)
        let count = quick ? 8 : batchSize
        progress("building and quantizing the S model (32-64-32-1)")
        let float = ReferenceWorkload.smallRanker(&random)
        let calibration = ModelBenchmarks.candidates(for: float, count: 256, &random)
        let key = RankingParameters.commitmentKey
        let ranker: QuantizedRanker
        let commitment: ModelCommitment
        let opening: ModelOpening
        do {
            ranker = try QuantizedRanker(float, calibration: calibration)
            (commitment, opening) = try ModelCommitment.commit(ranker, key: key)
        } catch {
            progress("model set-up failed: \(error)")
            return results.measurements
        }
        let prover = RankingProver(
            ranker: ranker, tensors: opening.witnesses, modelID: commitment.modelID, key: key)
        struct Item {
            let features: [FeatureVector]
            let ids: [Int64]
            let shown: [Int]
            let statement: [UInt8]
            let proof: [UInt8]
        }
        var items: [Item] = []
        progress("proving \(count) S rankings (n = 64, k = 10)")
        for index in 0..<count {
            let features = ModelBenchmarks.candidates(for: float, count: 64, &random)
            let ids = (0..<64).map { Int64(index * 1_000 + $0 + 1) }
            let shown = ranker.descriptor.rankingRule.rank(scores: ranker.scores(features), postIDs: ids, k: 10)
            let statement = Array("bench batch \(index)".utf8)
            do {
                let proof = try prover.prove(features: features, postIDs: ids, shown: shown, statement: statement)
                items.append(Item(features: features, ids: ids, shown: shown, statement: statement, proof: proof.encoded))
            } catch {
                progress("proving failed: \(error)")
                return results.measurements
            }
        }
        guard let verifier = try? RankingVerifier(commitment: commitment, key: key) else { return results.measurements }
        func collect(_ item: Item) -> GroupEquationBatch? {
            try? verifier.collectEquations(
                proof: item.proof, features: item.features, postIDs: item.ids, shown: item.shown,
                statement: item.statement)
        }
        var failures = 0
        let oneByOne = watch.measure("verify one by one, S (per proof)", operations: items.count) {
            for item in items {
                do {
                    try verifier.verify(
                        proof: item.proof, features: item.features, postIDs: item.ids, shown: item.shown,
                        statement: item.statement)
                } catch { failures += 1 }
            }
        }
        results.append(oneByOne)
        let batched = watch.measure("verify in a batch of \(items.count), S (per proof)", operations: items.count) {
            let equations = items.compactMap(collect)
            if equations.count != items.count || !GroupEquationBatch.allHold(equations, with: key) { failures += 1 }
        }
        results.append(batched)
        results.append(
            watch.measure("  of which replaying transcripts (per proof)", operations: items.count) {
                blackHole(items.compactMap(collect))
            })
        if let one = oneByOne?.nanosecondsPerOperation, let batch = batched?.nanosecondsPerOperation, batch > 0 {
            results.append(.ratio("speed-up of batching (one by one / batched)", one / batch))
        }
        // Two workers, each checking its own batch of all the proofs, as `verify-archive --jobs 2` does.
        let workers = 2
        let shared = UncheckedSendable((items, verifier))
        let parallel = watch.measure(
            "verify in batches, \(workers) workers (per proof)", operations: workers * items.count
        ) {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let (items, verifier) = shared.value
                let equations = items.compactMap { item in
                    try? verifier.collectEquations(
                        proof: item.proof, features: item.features, postIDs: item.ids, shown: item.shown,
                        statement: item.statement)
                }
                blackHole(GroupEquationBatch.allHold(equations, with: key))
            }
        }
        results.append(parallel)
        if let perProof = parallel?.nanosecondsPerOperation, perProof > 0 {
            results.append(.ratio("proofs per second, batched, \(workers) workers", 1e9 / perProof))
        }
        if failures > 0 { progress("VERIFICATION FAILED \(failures) times: the figures above are not valid") }
        results.append(MachineIndex.measure(quick: quick, filter: filter))
        return results.measurements
    }
}
