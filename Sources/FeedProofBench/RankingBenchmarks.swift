import Foundation
import Model
import Proofs
import Ranking
import Transcript

/// `feedproof bench ranking`: proving and verifying whole rankings (issue 6 targets, on the reference workloads):
/// - S: a 32-64-32-1 MLP, n = 64, k = 10 — prove ≤ 0.2 s;
/// - M: the ≈100K-weight reference ranker of ``ModelBenchmarks``, n = 1,500, k = 50 — prove ≤ 3 s, verify ≤ 50 ms,
///   proof ≤ 128 KiB, prover peak memory ≤ 1 GiB.
/// Each also reports the ratio of proving time to the golden (plain integer) inference of the same candidates.
public enum RankingBenchmarks {
    /// One reference workload.
    struct Workload {
        let name: String
        let ranker: QuantizedRanker
        let features: [FeatureVector]
        let shown: Int
        let proveTarget: Double?
        let verifyTarget: Double?
        let sizeTarget: Int?
    }

    /// Runs the workloads (M is skipped when `filter` excludes it). `quick` times one round instead of three.
    public static func run(
        quick: Bool = false, only filter: String? = nil, progress: (String) -> Void = { _ in }
    ) -> [Measurement] {
        var results = FilteredResults(filter: filter)
        let watch = FilteredStopwatch(stopwatch: Stopwatch(rounds: quick ? 1 : 3), filter: filter)
        var random = BenchmarkRandom(seed: 0x6a_4b1e)
        var workloads: [Workload] = []
        progress("building and quantizing the S model (32-64-32-1)")
        do {
            let float = smallRanker(&random)
            let calibration = ModelBenchmarks.candidates(for: float, count: 256, &random)
            workloads.append(
                Workload(
                    name: "S (32-64-32-1 MLP, n = 64, k = 10)", ranker: try QuantizedRanker(float, calibration: calibration),
                    features: ModelBenchmarks.candidates(for: float, count: 64, &random), shown: 10, proveTarget: 0.2e9,
                    verifyTarget: nil, sizeTarget: nil))
            progress("building and quantizing the M model (≈100K weights)")
            let reference = ModelBenchmarks.referenceRanker(&random)
            let referenceCalibration = ModelBenchmarks.candidates(for: reference, count: 256, &random)
            workloads.append(
                Workload(
                    name: "M (≈100K-weight MLP, n = 1,500, k = 50)",
                    ranker: try QuantizedRanker(reference, calibration: referenceCalibration),
                    features: ModelBenchmarks.candidates(for: reference, count: 1_500, &random), shown: 50,
                    proveTarget: 3e9, verifyTarget: 50e6, sizeTarget: 128 * 1024))
        } catch {
            progress("quantization failed: \(error)")
            return results.measurements
        }
        let key = RankingParameters.commitmentKey
        for workload in workloads {
            progress("committing and proving \(workload.name)")
            let ranker = workload.ranker
            let n = workload.features.count
            let ids = (0..<n).map { Int64($0 + 1) }
            let shown = ranker.descriptor.rankingRule.rank(
                scores: ranker.scores(workload.features), postIDs: ids, k: workload.shown)
            let statement = Array("bench \(workload.name)".utf8)
            let tensors: ModelTensors<HyraxWitness>
            let modelID: ModelID
            do {
                let (commitment, opening) = try ModelCommitment.commit(ranker, key: key)
                tensors = opening.witnesses
                modelID = commitment.modelID
            } catch {
                progress("commitment failed: \(error)")
                continue
            }
            if let layout = try? RankingLayout(descriptor: ranker.descriptor, candidateCount: n, shownCount: shown.count) {
                progress("layout: \(layout.summary)")
            }
            let prover = RankingProver(ranker: ranker, tensors: tensors, modelID: modelID, key: key)
            var proof: [UInt8] = []
            var regions: [(name: String, range: Range<Int>)] = []
            var failure: String?
            let prove = watch.measure("prove, \(workload.name)", operations: 1, target: workload.proveTarget) {
                do {
                    let proven = try prover.prove(
                        features: workload.features, postIDs: ids, shown: shown, statement: statement)
                    proof = proven.encoded
                    regions = proven.regions
                } catch {
                    failure = "\(error)"
                }
            }
            if let failure {
                progress("proving failed: \(failure)")
                continue
            }
            guard prove != nil else { continue }
            progress(
                "proof regions (KiB): "
                    + regions.map { "\($0.name) \(String(format: "%.1f", Double($0.range.count) / 1024))" }
                    .joined(separator: ", "))
            results.append(prove)
            results.append(
                watch.size("proof size, \(workload.name)", bytes: proof.count, target: workload.sizeTarget))
            if workload.sizeTarget != nil {
                results.append(
                    watch.size("prover peak memory (process RSS), \(workload.name)", bytes: peakResidentBytes(),
                               target: 1 << 30))
            }
            guard
                let verifier = try? RankingVerifier(
                    descriptor: ranker.descriptor, tensors: tensors.map { $0.commitment }, modelID: modelID, key: key)
            else { continue }
            results.append(
                watch.measure("verify, \(workload.name)", operations: 1, target: workload.verifyTarget) {
                    do {
                        try verifier.verify(
                            proof: proof, features: workload.features, postIDs: ids, shown: shown, statement: statement)
                    } catch {
                        failure = "\(error)"
                    }
                })
            if let failure { progress("verification failed: \(failure)") }
            if let layout = try? RankingLayout(descriptor: ranker.descriptor, candidateCount: n, shownCount: shown.count) {
                results.append(
                    watch.measure("verify: decoding alone, \(workload.name)", operations: 1) {
                        blackHole(try? RankingProof(encoded: proof, layout: layout))
                    })
            }
            let golden = watch.measure("golden inference, \(workload.name)", operations: 1) {
                blackHole(ranker.scores(workload.features))
            }
            results.append(golden)
            if let proveTime = prove.map(\.nanosecondsPerOperation), let goldenTime = golden.map(\.nanosecondsPerOperation),
                goldenTime > 0
            {
                results.append(.ratio("prove time / golden inference time, \(workload.name)", proveTime / goldenTime))
            }
        }
        return results.measurements
    }

    /// A 32-input MLP with trunk 64, 32 and one head (no embeddings).
    static func smallRanker(_ random: inout BenchmarkRandom) -> FloatRanker {
        var width = 32
        func layer(_ name: String, _ outputs: Int, relu: Bool) -> FloatRanker.DenseLayer {
            let limit = (6 / Float(width)).squareRoot() * (relu ? 1 : 0.12)
            defer { width = outputs }
            return FloatRanker.DenseLayer(
                name: name, inputs: width, outputs: outputs,
                weights: (0..<(width * outputs)).map { _ in ModelBenchmarks.uniform(&random, limit) },
                bias: (0..<outputs).map { _ in ModelBenchmarks.uniform(&random, 0.1) }, relu: relu)
        }
        let trunk = [layer("fc0", 64, relu: true), layer("fc1", 32, relu: true)]
        let heads = layer("heads", 1, relu: false)
        return FloatRanker(denseFeatureCount: 32, embeddings: [], trunk: trunk, heads: heads, headWeights: [1])
    }

    /// The process's peak resident set size (getrusage; kilobytes on Linux).
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
