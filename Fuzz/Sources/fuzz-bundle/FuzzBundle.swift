import FeedAudit
import FuzzSupport
import Model
import Ranking

/// Bundle files ("FPRB"): decode (framing and statement), re-encode, the signature, the features against the
/// demo recipes, the proof against any changed statement (signature or not), and the whole audit against
/// `commitments/`. Oracles: a decoded bundle re-encodes to the input (canonical), no proof verifies for a changed
/// statement, and only a golden bundle is valid.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = fuzzInput(data, size)
    if let bundle = try? RankingBundle(encoded: input) {
        guard bundle.encoded == input else { finding("a bundle decoded from non-canonical bytes") }
        let statement = bundle.statement
        guard (try? RankingStatement(canonicalBytes: statement.canonicalBytes)) == statement else {
            finding("a decoded statement does not round-trip")
        }
        _ = bundle.signatureIsValid()
        _ = statement.shownIndices
        _ = statement.jsonObject()
        try? statement.checkFeatures(schema: Golden.schema)
        // A platform signs whatever it likes with its own key, so the verifier must also withstand statements of
        // any shape (n, k, ids, features) with any proof. Proof-only changes are the proof harnesses' job; a
        // changed statement is verified here against the golden model, signature or not.
        if statement != Golden.bundle.statement, statement.modelID == Golden.bundle.statement.modelID,
            (try? Golden.verifier.verify(proof: bundle.proof, statement: statement)) != nil,
            !Golden.provenPairs.contains(statement.canonicalBytes + bundle.proof)
        {
            finding("a proof verified for a statement it was not made for")
        }
    }
    let verdict = Golden.auditor.audit(bundleBytes: input)
    if verdict.status == .valid, !Golden.allBundles.contains(input) {
        finding("the auditor accepted a bundle that is not golden")
    }
    return 0
}

/// The executable's entry point (SwiftPM renames `main` to `fuzz_bundle_main`): libFuzzer's driver on `fuzz`.
@_cdecl("fuzz_bundle_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
