import ArgumentParser
import FeedProofBench
import Foundation
import Model

/// `feedproof infer`: plain golden integer inference, the baseline the prover is judged against.
struct InferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Rank requests with plain integer inference (no proof).",
        discussion: """
            Prints one JSON line per request: {"request_id": …, "ranking": [post ids, best first]}. Scores are not
            printed: the protocol never publishes them.
            Example:
              feedproof infer --model feeds/demo/ranker.fpmodel \\
                  --requests feeds/demo/requests.jsonl
            """)

    @Option(help: "The .fpmodel file.")
    var model: String

    @Option(help: "Requests as JSON Lines.")
    var requests: String

    func run() throws {
        try reportingFailures {
            let file: ModelFile
            do { file = try ModelFile(decoding: try readFile(model)) } catch let error as ModelFileError {
                throw CommandFailure.badInput("\(model): \(error)")
            }
            let schema: FeatureSchema
            do { schema = try FeatureSchema(canonicalBytes: file.ranker.descriptor.featureSchema) } catch {
                throw CommandFailure.badInput("\(model): its feature schema is unreadable: \(error)")
            }
            let batch: [FeedRequest]
            do { batch = try FeedGenerator.decodeRequests(jsonLines: try readFile(requests)) } catch let error as FeedFileError {
                throw CommandFailure.badInput("\(requests): \(error)")
            }
            let clock = ContinuousClock()
            var elapsed = Duration.zero
            for request in batch {
                let features: [FeatureVector]
                do { features = try schema.features(for: request) } catch {
                    throw CommandFailure.badInput("request \(request.requestID): \(error)")
                }
                var ranking: [Int] = []
                elapsed += clock.measure {
                    let scores = file.ranker.scores(features)
                    ranking = file.ranker.descriptor.rankingRule.rank(
                        scores: scores, postIDs: request.candidates.map(\.postID), k: request.k)
                }
                let ids = ranking.map { String(request.candidates[$0].postID) }.joined(separator: ",")
                print("{\"request_id\":\"\(request.requestID)\",\"ranking\":[\(ids)]}")
            }
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
            printToStandardError(
                "ranked \(batch.count) requests in \(Int(milliseconds.rounded())) ms of inference (\(SystemFacts.coreCount) cores)")
        }
    }
}
