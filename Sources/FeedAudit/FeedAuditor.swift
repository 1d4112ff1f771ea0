import Model
import Ranking

/// The auditor an app embeds (DESIGN.md §5, `FeedAudit`): loads a bundle and checks, in order, its format, the
/// platform's signature, the ModelID's inclusion in the trusted log, the model's published commitment and key,
/// the features against the public recipes, and the zero-knowledge proof. It never traps on input: every
/// problem becomes a verdict that names the failed check.
public struct FeedAuditor: Sendable {
    /// What the auditor trusts.
    public let anchors: TrustAnchors

    /// An auditor over loaded trust anchors.
    public init(anchors: TrustAnchors) { self.anchors = anchors }

    /// Audits an encoded bundle.
    public func audit(bundleBytes bytes: [UInt8]) -> AuditVerdict {
        let clock = ContinuousClock()
        let start = clock.now
        let bundle: RankingBundle
        do { bundle = try RankingBundle(encoded: bytes) } catch {
            return Self.unreadable(error, duration: clock.now - start)
        }
        let (status, checks) = run(bundle)
        return AuditVerdict(status: status, checks: checks, statement: bundle.statement, duration: clock.now - start)
    }

    /// Audits a decoded bundle.
    public func audit(_ bundle: RankingBundle) -> AuditVerdict {
        let clock = ContinuousClock()
        let start = clock.now
        let (status, checks) = run(bundle)
        return AuditVerdict(status: status, checks: checks, statement: bundle.statement, duration: clock.now - start)
    }

    private func run(_ bundle: RankingBundle) -> (AuditVerdict.Status, [AuditCheck]) {
        switch checkAllButProof(bundle) {
        case .failed(let checks): return (.invalid, checks)
        case .readyForProof(var checks, let verifier):
            let clock = ContinuousClock()
            let start = clock.now
            do { try verifier.verify(proof: bundle.proof, statement: bundle.statement) } catch {
                checks.append(AuditCheck(.proof, passed: false, "\(error)"))
                return (.invalid, checks)
            }
            checks.append(Self.proofPassed(bundle, detail: "verified in \(clock.now - start)"))
            return (.valid, checks)
        }
    }

    /// The outcome of every check before the proof.
    enum Preflight {
        /// A check failed; the checks so far, the failed one last.
        case failed([AuditCheck])
        /// Every check before the proof passed; the proof is checked with `verifier`.
        case readyForProof([AuditCheck], RankingVerifier)
    }

    /// Format (already decoded), signature, log inclusion, model commitment and features, in that order.
    func checkAllButProof(_ bundle: RankingBundle) -> Preflight {
        var checks = [AuditCheck(.format, passed: true, "\(bundle.encoded.count) bytes, format v1")]
        func fail(_ kind: AuditCheck.Kind, _ detail: String) -> Preflight {
            checks.append(AuditCheck(kind, passed: false, detail))
            return .failed(checks)
        }
        let statement = bundle.statement
        let modelID = statement.modelID

        guard bundle.signatureIsValid() else {
            return fail(.signature, "the Ed25519 signature does not match the statement and proof")
        }
        checks.append(AuditCheck(.signature, passed: true, "signed by platform key \(bundle.platformKey.hex.prefix(16))…"))

        do {
            let verdict = try LogAudit.verify(anchors.log, publicKey: anchors.logKey, entry: modelID.bytes)
            checks.append(
                AuditCheck(
                    .logInclusion, passed: true,
                    "entry \(verdict.entryIndex ?? -1) of \(verdict.size), under \(verdict.treeHeadCount) signed tree heads"))
        } catch {
            return fail(.logInclusion, "ModelID \(modelID.hex.prefix(16))… is not in the trusted log: \(error)")
        }

        guard let model = anchors.models[modelID] else {
            return fail(.modelCommitment, "no published commitment for ModelID \(modelID.hex.prefix(16))…")
        }
        if let rejection = model.rejection {
            return fail(.modelCommitment, "the commitment's well-formedness proof is rejected: \(rejection)")
        }
        guard bundle.platformKey.rawRepresentation == model.publication.platformPublicKey else {
            return fail(
                .modelCommitment, "the bundle's key is not the platform key published with \(model.publication.name)")
        }
        checks.append(
            AuditCheck(.modelCommitment, passed: true, "\(model.publication.name): commitment and π_wf verified"))

        do {
            let schema = try FeatureSchema(canonicalBytes: model.publication.commitment.descriptor.featureSchema)
            try statement.checkFeatures(schema: schema)
        } catch {
            return fail(.features, "\(error)")
        }
        checks.append(AuditCheck(.features, passed: true, "\(statement.n) candidates recomputed from their metadata"))

        guard let verifier = model.verifier else { return fail(.proof, "no verifier for this model") }
        return .readyForProof(checks, verifier)
    }

    /// The verdict on bytes that do not decode as a bundle.
    static func unreadable(_ error: some Error, duration: Duration) -> AuditVerdict {
        AuditVerdict(
            status: .unreadable, checks: [AuditCheck(.format, passed: false, "\(error)")], statement: nil,
            duration: duration)
    }

    /// The passed proof check's line.
    static func proofPassed(_ bundle: RankingBundle, detail: String) -> AuditCheck {
        let statement = bundle.statement
        return AuditCheck(
            .proof, passed: true,
            "top-\(statement.k) of \(statement.n) proven (\(bundle.proof.count) bytes, \(detail))")
    }
}
