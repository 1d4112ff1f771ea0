import FuzzSupport
import Model
import Ranking

/// Structure-aware: the input is a list of edits to the golden bundle's proof or statement, never raw bytes, so
/// every mutation lands inside a real ~80 KiB proof. The verifier must reject every effective edit with a typed
/// error (no trap, no acceptance).
///
/// Input: a mode byte, then edits.
/// - mode % 3 == 0: edits (region u8, offset u16, xor u8) inside the proof region `region % regions.count`;
/// - mode % 3 == 1: edits (offset u24, xor u8) anywhere in the proof;
/// - mode % 3 == 2: edits (offset u16, xor u8) in the statement's canonical bytes, checked against the golden proof.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var cursor = FuzzCursor(fuzzInput(data, size))
    let golden = Golden.bundle
    let mode = cursor.byte() % 3
    switch mode {
    case 0, 1:
        var proof = golden.proof
        while !cursor.isAtEnd {
            let offset: Int
            if mode == 0 {
                let regions = Tamper.regions
                let region = regions[Int(cursor.byte()) % regions.count]
                offset = region.lowerBound + Int(cursor.uint(2)) % region.count
            } else {
                offset = Int(cursor.uint(3)) % proof.count
            }
            proof[offset] ^= cursor.byte()
        }
        if accepts(proof: proof, statement: golden.statement), proof != golden.proof {
            finding("an altered proof verified")
        }
    default:
        var bytes = golden.statement.canonicalBytes
        while !cursor.isAtEnd {
            let offset = Int(cursor.uint(2)) % bytes.count
            bytes[offset] ^= cursor.byte()
        }
        guard let statement = try? RankingStatement(canonicalBytes: bytes) else { return 0 }
        if accepts(proof: golden.proof, statement: statement), statement != golden.statement {
            finding("the golden proof verified for an altered statement")
        }
    }
    return 0
}

/// Whether the verifier accepts the proof for the statement (every check, the final group equations included).
func accepts(proof: [UInt8], statement: RankingStatement) -> Bool {
    (try? Golden.verifier.verify(proof: proof, statement: statement)) != nil
}

enum Tamper {

    /// The byte ranges of the golden proof's regions (docs/FORMAT.md §4).
    static let regions: [Range<Int>] = {
        let statement = Golden.bundle.statement
        do {
            let layout = try RankingLayout(
                descriptor: Golden.commitment.descriptor, candidateCount: statement.n, shownCount: statement.k)
            return try RankingProof(encoded: Golden.bundle.proof, layout: layout).regions.map(\.range)
                .filter { !$0.isEmpty }
        } catch {
            fatalError("fuzz setup: golden proof regions: \(error)")
        }
    }()
}

/// The executable's entry point (SwiftPM renames `main` to `fuzz_proof_tamper_main`): libFuzzer's driver on `fuzz`.
@_cdecl("fuzz_proof_tamper_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
