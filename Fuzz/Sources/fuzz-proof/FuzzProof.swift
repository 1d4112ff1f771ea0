import FuzzSupport
import Ranking

/// Raw ranking-proof bytes against the golden statement (24 candidates, top 5) and the demo commitment: decode
/// (every region, every point and scalar) and verify. Oracle: only the golden proof verifies.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = fuzzInput(data, size)
    do {
        try Golden.verifier.verify(proof: input, statement: Golden.bundle.statement)
        if input != Golden.bundle.proof { finding("a proof other than the golden one verified") }
    } catch {
        // A typed RankingError: the expected outcome.
    }
    return 0
}

/// The executable's entry point (SwiftPM renames `main` to `fuzz_proof_main`): libFuzzer's driver on `fuzz`.
@_cdecl("fuzz_proof_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
