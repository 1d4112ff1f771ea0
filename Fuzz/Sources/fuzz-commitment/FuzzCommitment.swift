import Foundation
import FuzzSupport
import Model
import Ranking

/// Public model commitment files ("FPMC"): decode (descriptor, layout, row commitments, π_wf), re-encode, build
/// a ranking verifier and the feature schema from it, and verify π_wf (unless FUZZ_COMMITMENT_VERIFY=0).
/// Oracles: canonical round trip; only the golden commitment's π_wf verifies.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = fuzzInput(data, size)
    guard let commitment = try? ModelCommitment(encoded: input) else { return 0 }
    let descriptorBytes = commitment.descriptor.canonicalBytes
    guard (try? ModelDescriptor(canonicalBytes: descriptorBytes))?.canonicalBytes == descriptorBytes else {
        finding("a decoded descriptor does not round-trip")
    }
    _ = try? RankingVerifier(commitment: commitment)
    _ = try? FeatureSchema(canonicalBytes: commitment.descriptor.featureSchema)
    if verifyWellFormedness {
        do {
            try commitment.verify()
            if commitment.modelID != Golden.commitment.modelID { finding("a commitment other than the golden one verified") }
        } catch {}
    }
    return 0
}

let verifyWellFormedness = ProcessInfo.processInfo.environment["FUZZ_COMMITMENT_VERIFY"] != "0"

/// The executable's entry point (SwiftPM renames `main` to `fuzz_commitment_main`): libFuzzer's driver on `fuzz`.
@_cdecl("fuzz_commitment_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
