import FuzzSupport
import Model
import Ranking

/// Model files ("FPQM", `feedproof model inspect`), model descriptors ("FPMD", inside every commitment) and
/// feature schemas ("FPFS", inside every descriptor). A decoded model scores one all-zero candidate; a decoded
/// descriptor gets its commitment and ranking layouts; a decoded schema's recipes run on extreme metadata.
/// Oracles: canonical round trips of the descriptor and the schema.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = fuzzInput(data, size)
    if let file = try? ModelFile(decoding: input) {
        let descriptor = file.ranker.descriptor
        if let schema = try? FeatureSchema(canonicalBytes: descriptor.featureSchema) {
            let zero = FeatureVector(
                dense: Array(repeating: 0, count: schema.dense.count), ids: Array(repeating: 0, count: schema.ids.count))
            _ = file.ranker.scores([zero])
        }
    }
    if let descriptor = try? ModelDescriptor(canonicalBytes: input) {
        guard descriptor.canonicalBytes == input else { finding("a descriptor decoded from non-canonical bytes") }
        // What a verifier derives from a published descriptor before reading any proof.
        _ = try? ModelCommitmentLayout.tensors(for: descriptor)
        for (n, k) in [(1, 1), (24, 5), (1_500, 50)] {
            _ = try? RankingLayout(descriptor: descriptor, candidateCount: n, shownCount: k)
        }
    }
    if let schema = try? FeatureSchema(canonicalBytes: input) {
        guard schema.canonicalBytes == input else { finding("a feature schema decoded from non-canonical bytes") }
        // The recipes on extreme metadata (as an auditor recomputes a statement's features).
        for value: Int64 in [0, 1, 255, 65_536, Int64(Int32.max) + 1, Int64.max] {
            let post = RawPost(
                postID: value, authorID: value, topicID: value, likes: value, shares: value, replies: value,
                ageMinutes: value, hasMedia: value & 1 == 1, followsAuthor: value & 2 == 2, authorInteractions: value)
            _ = try? schema.features(for: post)
        }
    }
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    writeSeedsIfAsked([
        ("ranker.fpmodel", Golden.file("feeds/demo/ranker.fpmodel")),
        ("descriptor.fpmd", Golden.commitment.descriptor.canonicalBytes),
        ("schema.fpfs", Golden.commitment.descriptor.featureSchema),
    ])
    return 0
}

/// The executable's entry point (SwiftPM renames `main` to `fuzz_modelfile_main`): libFuzzer's driver on `fuzz`.
@_cdecl("fuzz_modelfile_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
