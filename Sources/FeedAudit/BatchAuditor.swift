import Proofs
import Ranking

/// Audits many bundles at once with exactly ``FeedAuditor``'s checks and verdicts, but checks their proofs
/// together: each proof is replayed up to its final group equations, and the equations of the whole batch are
/// checked with one multi-scalar multiplication (``GroupEquationBatch/allHold(_:with:)``; issue 9).
///
/// When a batch fails, bisection finds the proofs whose equations fail: halves are checked until every failing
/// proof is isolated, so one forged proof is named and never fails its neighbours. A batch with f bad proofs out
/// of m costs about 1 + 2·f·log2(m) MSMs instead of m.
public struct BatchAuditor: Sendable {
    /// The auditor whose checks are run.
    public let auditor: FeedAuditor

    /// A batch auditor with `auditor`'s trust anchors.
    public init(auditor: FeedAuditor) { self.auditor = auditor }

    /// A proof waiting for the batch check.
    private struct Pending {
        let index: Int
        let bundle: RankingBundle
        let checks: [AuditCheck]
        let equations: GroupEquationBatch
        let key: CommitmentKey
        let elapsed: Duration
    }

    /// The verdicts of `bundles`, in order: the same statuses and failed checks as auditing each one alone.
    ///
    /// Runs on the calling thread; call it from several threads on different batches to use several cores.
    public func audit(_ bundles: [[UInt8]]) -> [AuditVerdict] {
        let clock = ContinuousClock()
        var verdicts = [AuditVerdict?](repeating: nil, count: bundles.count)
        var pending: [Pending] = []
        for (index, bytes) in bundles.enumerated() {
            let start = clock.now
            let bundle: RankingBundle
            do { bundle = try RankingBundle(encoded: bytes) } catch {
                verdicts[index] = FeedAuditor.unreadable(error, duration: clock.now - start)
                continue
            }
            switch auditor.checkAllButProof(bundle) {
            case .failed(let checks):
                verdicts[index] = AuditVerdict(
                    status: .invalid, checks: checks, statement: bundle.statement, duration: clock.now - start)
            case .readyForProof(let checks, let verifier):
                do {
                    let equations = try verifier.collectEquations(proof: bundle.proof, statement: bundle.statement)
                    pending.append(
                        Pending(
                            index: index, bundle: bundle, checks: checks, equations: equations, key: verifier.key,
                            elapsed: clock.now - start))
                } catch {
                    verdicts[index] = AuditVerdict(
                        status: .invalid, checks: checks + [AuditCheck(.proof, passed: false, "\(error)")],
                        statement: bundle.statement, duration: clock.now - start)
                }
            }
        }

        // Proofs under different public parameters cannot share an MSM; in practice every model uses the one key.
        var groups: [[Pending]] = []
        for proof in pending {
            if let g = groups.firstIndex(where: { $0[0].key.generators.digest() == proof.key.generators.digest() }) {
                groups[g].append(proof)
            } else {
                groups.append([proof])
            }
        }
        for group in groups {
            let start = clock.now
            let failing = Set(Self.failingProofs(group[...]))
            let share = (clock.now - start) / group.count
            let detail = group.count == 1 ? "verified alone" : "verified in a batch of \(group.count)"
            for proof in group {
                let duration = proof.elapsed + share
                if failing.contains(proof.index) {
                    let error = RankingVerifier.equationsFail
                    verdicts[proof.index] = AuditVerdict(
                        status: .invalid, checks: proof.checks + [AuditCheck(.proof, passed: false, "\(error)")],
                        statement: proof.bundle.statement, duration: duration)
                } else {
                    verdicts[proof.index] = AuditVerdict(
                        status: .valid, checks: proof.checks + [FeedAuditor.proofPassed(proof.bundle, detail: detail)],
                        statement: proof.bundle.statement, duration: duration)
                }
            }
        }
        // Every index was filled, whatever the input: in the first loop, or by its group just above.
        return verdicts.map { $0! }
    }

    /// The indices of the proofs in `proofs` whose equations fail: one MSM when all hold, else bisection.
    private static func failingProofs(_ proofs: ArraySlice<Pending>) -> [Int] {
        guard let key = proofs.first?.key else { return [] }
        if GroupEquationBatch.allHold(proofs.lazy.map(\.equations), with: key) { return [] }
        return bisect(proofs, key: key)
    }

    /// `proofs` is known to contain a failing proof: check the left half; if it holds, the failure is in the right
    /// half (no need to check it); otherwise look in both.
    private static func bisect(_ proofs: ArraySlice<Pending>, key: CommitmentKey) -> [Int] {
        guard proofs.count > 1 else { return proofs.map(\.index) }
        let middle = proofs.startIndex + proofs.count / 2
        let left = proofs[..<middle]
        let right = proofs[middle...]
        if GroupEquationBatch.allHold(left.lazy.map(\.equations), with: key) { return bisect(right, key: key) }
        let rightFailures =
            GroupEquationBatch.allHold(right.lazy.map(\.equations), with: key) ? [] : bisect(right, key: key)
        return bisect(left, key: key) + rightFailures
    }
}
