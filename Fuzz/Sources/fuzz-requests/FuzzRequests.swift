import Archive
import Foundation
import FuzzSupport
import Model
import Ranking

/// Request files (JSON Lines) as `feedproof publish` reads them, up to the prover: the input is written to a file
/// and streamed by `RequestLineReader` (once with a 1 MiB line limit, once with a limit of 1–32 bytes so the
/// overlong path runs too); every non-blank line is decoded as a `FeedRequest` (Foundation's JSONDecoder, as the
/// publisher does), its features computed by the demo recipes, ranked by golden inference of the demo ranker, and
/// turned into a statement whose canonical bytes must round-trip.
/// Oracles: both readers see the same lines with the same lengths; `countRequests` agrees with the reader.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = fuzzInput(data, size)
    guard FileManager.default.createFile(atPath: requestsPath, contents: Data(input)) else {
        fatalError("fuzz setup: cannot write \(requestsPath)")
    }
    let whole = readLines(maxLineBytes: 1 << 20)
    let short = readLines(maxLineBytes: 1 + size % 32)
    guard whole.map(\.length) == short.map(\.length), whole.map(\.number) == short.map(\.number) else {
        finding("two line limits split the file differently")
    }
    let nonBlank = whole.filter { !$0.isBlank }
    guard (try? RequestLineReader.countRequests(path: requestsPath)) == nonBlank.count else {
        finding("countRequests disagrees with the reader's non-blank lines")
    }
    for line in nonBlank {
        guard let request = try? JSONDecoder().decode(FeedRequest.self, from: Data(line.bytes)) else { continue }
        publishUpToProving(request)
    }
    return 0
}

/// What `RankingPublisher.statement(for:)` does, with the demo ranker and schema.
func publishUpToProving(_ request: FeedRequest) {
    guard let features = try? Golden.schema.features(for: request) else { return }
    let ranker = Golden.ranker
    let ids = request.candidates.map(\.postID)
    let order = ranker.descriptor.rankingRule.rank(scores: ranker.scores(features), postIDs: ids, k: request.k)
    guard
        let statement = try? RankingStatement(
            modelID: Golden.bundle.statement.modelID, epoch: request.epoch, userID: request.userID,
            requestID: request.requestID, candidates: request.candidates, features: features,
            shown: order.map { ids[$0] })
    else { return }
    guard (try? RankingStatement(canonicalBytes: statement.canonicalBytes)) == statement else {
        finding("a statement built from a request does not round-trip")
    }
    do { try statement.checkFeatures(schema: Golden.schema) } catch {
        finding("a statement built by the recipes fails its feature check: \(error)")
    }
}

func readLines(maxLineBytes: Int) -> [RequestLineReader.Line] {
    do {
        let reader = try RequestLineReader(path: requestsPath, maxLineBytes: maxLineBytes)
        var lines: [RequestLineReader.Line] = []
        while let line = try reader.next() { lines.append(line) }
        return lines
    } catch { fatalError("fuzz setup: reading \(requestsPath): \(error)") }
}

let requestsPath = NSTemporaryDirectory() + "/feedproof-fuzz-requests-\(ProcessInfo.processInfo.processIdentifier).jsonl"

/// The executable's entry point (SwiftPM renames `main` to `fuzz_requests_main`): libFuzzer's driver on `fuzz`.
@_cdecl("fuzz_requests_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
