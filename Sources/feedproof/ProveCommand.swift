import ArgumentParser
import Foundation
import Model
import Ranking

/// `feedproof prove`: rank one request with the committed model, prove the published top-k and sign the bundle
/// (DESIGN.md §1–§2). The opening is the private file `feedproof model commit` wrote.
struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Rank a request with the committed model, prove the top-k and write a signed bundle.",
        discussion: """
            The request is one JSON object as in feeds/*/requests.jsonl (or a one-line JSON Lines file). The bundle \
            holds the statement (candidates, raw metadata, features, the shown top-k), the zero-knowledge proof, the \
            ModelID and the platform's signature — never a weight, activation or score.
            Exit codes: 0 written, 2 unreadable opening or request, or a request the model cannot rank.
            Example:
              feedproof prove --opening ~/demo-v1.fpmo --request request.json \\
                  --out demo-0001.fprb
            """)

    @Option(help: "The private model opening (from `feedproof model commit`).")
    var opening: String

    @Option(help: "The request: one JSON object (see feeds/demo/requests.jsonl).")
    var request: String

    @Option(help: "Where to write the bundle.")
    var out: String

    func run() throws {
        try reportingFailures {
            let openingBytes = try readFile(opening)
            let modelOpening: ModelOpening
            do { modelOpening = try ModelOpening(encoded: openingBytes) } catch {
                throw CommandFailure.badInput("\(opening): \(error)")
            }
            let requestBytes = try readFile(request)
            let feedRequest: FeedRequest
            do { feedRequest = try JSONDecoder().decode(FeedRequest.self, from: Data(requestBytes)) } catch {
                throw CommandFailure.badInput("\(request): not a feed request: \(error)")
            }
            let clock = ContinuousClock()
            let start = clock.now
            let bundle: RankingBundle
            do {
                bundle = try RankingPublisher(opening: modelOpening).publish(feedRequest)
            } catch {
                throw CommandFailure.badInput("\(request): \(error)")
            }
            let elapsed = clock.now - start
            try writeFile(bundle.encoded, to: out)
            let statement = bundle.statement
            print("proved request \(statement.requestID) for user \(statement.userID): top-\(statement.k) of \(statement.n)")
            print("  model:  \(statement.modelID.hex.prefix(32))…")
            print("  proof:  \(bundle.proof.count) bytes in \(elapsed)")
            print("  bundle: \(out) (\(bundle.encoded.count) bytes)")
        }
    }
}
