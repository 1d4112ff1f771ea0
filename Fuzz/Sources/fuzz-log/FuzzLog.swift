import FuzzSupport
import Ranking

/// Transparency-log files ("FPTL") and the log's standalone messages: signed tree heads ("FPTH"), inclusion
/// ("FPIP") and consistency ("FPCP") proofs, and the hex public-key file. A decoded log is audited for the
/// golden ModelID under the golden log key and asked for inclusion and consistency proofs, which must verify.
/// Oracles: canonical round trips; a log's own proofs verify; a decoded inclusion proof verifies against the
/// golden head only when it is the golden log's own proof.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = fuzzInput(data, size)
    let entry = Golden.bundle.statement.modelID.bytes
    if let log = try? TransparencyLog(decoding: input) {
        guard log.encoded == input else { finding("a log decoded from non-canonical bytes") }
        _ = try? LogAudit.verify(log, publicKey: Golden.anchors.logKey, entry: entry)
        if let head = log.latestTreeHead, head.size > 0 {
            for index in Set([0, head.size / 2, head.size - 1]) {
                do {
                    let proof = try log.inclusionProof(index: index, size: head.size)
                    try proof.verify(entry: log.entries[index], index: index, treeHead: head)
                } catch { finding("the decoded log's own inclusion proof of entry \(index) fails: \(error)") }
            }
            if let first = log.treeHeads.first {
                do {
                    try log.consistencyProof(from: first.size, to: head.size).verify(old: first, new: head)
                } catch { finding("the decoded log's own consistency proof fails: \(error)") }
            }
        }
    }
    let goldenHead = Golden.anchors.log.latestTreeHead!
    if let head = try? SignedTreeHead(decoding: input) {
        guard head.encoded == input else { finding("a tree head decoded from non-canonical bytes") }
        if head.isValid(with: Golden.anchors.logKey), head != goldenHead,
            !Golden.anchors.log.treeHeads.contains(head)
        {
            finding("a tree head not in the golden log is signed by the log key")
        }
    }
    if let proof = try? InclusionProof(decoding: input) {
        guard proof.encoded == input else { finding("an inclusion proof decoded from non-canonical bytes") }
        if (try? proof.verify(entry: entry, index: proof.index, treeHead: goldenHead)) != nil,
            proof != (try? Golden.anchors.log.inclusionProof(index: proof.index, size: goldenHead.size))
        {
            finding("a forged inclusion proof verified")
        }
    }
    if let proof = try? ConsistencyProof(decoding: input) {
        guard proof.encoded == input else { finding("a consistency proof decoded from non-canonical bytes") }
        _ = try? proof.verify(old: goldenHead, new: goldenHead)
    }
    _ = try? PlatformPublicKey(hexFileContents: String(decoding: input, as: UTF8.self))
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    writeSeedsIfAsked(seeds())
    return 0
}

/// The golden log and its messages.
func seeds() -> [(name: String, bytes: [UInt8])] {
    let log = Golden.anchors.log
    var seeds = [(name: "log.fptl", bytes: log.encoded)]
    for (i, head) in log.treeHeads.enumerated() { seeds.append(("head-\(i).fpth", head.encoded)) }
    if let head = log.latestTreeHead {
        for index in 0..<min(head.size, 4) {
            if let proof = try? log.inclusionProof(index: index, size: head.size) {
                seeds.append(("inclusion-\(index).fpip", proof.encoded))
            }
        }
        for old in 0...head.size {
            if let proof = try? log.consistencyProof(from: old, to: head.size) {
                seeds.append(("consistency-\(old).fpcp", proof.encoded))
            }
        }
    }
    seeds.append(("platform-key.pub", Golden.file("commitments/demo/platform-key.pub")))
    return seeds
}

/// The executable's entry point (SwiftPM renames `main` to `fuzz_log_main`): libFuzzer's driver on `fuzz`.
@_cdecl("fuzz_log_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
