import ArgumentParser
import FeedProofBench
import Foundation
import Ranking

/// `feedproof inspect`: what a ranking bundle says, for people (or as JSON for scripts). It decodes strictly
/// and reports whether the platform signature verifies against the embedded key; it does not check the proof,
/// the features or the key's provenance — that is `verify`'s job.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a ranking bundle: model, request, ranking, proof size, platform key and signature status.",
        discussion: """
            Exit codes: 0 the bundle was read (even when its signature does not verify: the summary says so), 2 \
            unreadable, truncated, extended or otherwise malformed file. The proof is not verified here.
            Example:
              feedproof inspect demo-0001.fprb --json
            """)

    @Argument(help: "The bundle file (.fprb).")
    var bundle: String

    @Flag(help: "Print JSON: the bundle's facts and the statement's full JSON view.")
    var json = false

    @Option(help: "A commitments directory; when it publishes the bundle's model, the proof's regions are listed.")
    var commitments = "commitments"

    func run() throws {
        try reportingFailures {
            let bytes = try readFile(bundle)
            let decoded: RankingBundle
            do { decoded = try RankingBundle(encoded: bytes) } catch {
                throw CommandFailure.badInput("\(bundle): \(error)")
            }
            let report = Report(
                bundle: decoded, path: bundle, fileSize: bytes.count,
                regions: Self.proofRegions(decoded, commitmentsDirectory: commitments))
            if json {
                print(try report.json())
            } else {
                print(report.text)
            }
        }
    }

    /// The proof's regions (name, byte range), when `commitmentsDirectory` publishes the bundle's model and the
    /// proof decodes under its layout; nil otherwise (inspect never verifies).
    static func proofRegions(_ bundle: RankingBundle, commitmentsDirectory: String) -> [(String, Range<Int>)]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: commitmentsDirectory) else { return nil }
        for name in names.sorted() {
            guard let publication = try? ModelPublication(name: name, commitmentsDirectory: commitmentsDirectory),
                publication.commitment.modelID == bundle.statement.modelID
            else { continue }
            let statement = bundle.statement
            guard
                let layout = try? RankingLayout(
                    descriptor: publication.commitment.descriptor, candidateCount: statement.n,
                    shownCount: statement.k),
                let proof = try? RankingProof(encoded: bundle.proof, layout: layout)
            else { return nil }
            return proof.regions.map { ($0.name, $0.range) }
        }
        return nil
    }

    /// The summary of one decoded bundle.
    struct Report {
        let bundle: RankingBundle
        let path: String
        let fileSize: Int
        let regions: [(String, Range<Int>)]?

        /// How many shown ids the text view lists before eliding the rest.
        static let shownListLimit = 50

        var text: String {
            let statement = bundle.statement
            let shape = statement.featureShape
            let shownIDs = statement.shown.prefix(Self.shownListLimit).map(String.init).joined(separator: ", ")
            let more = statement.k > Self.shownListLimit ? ", … (\(statement.k - Self.shownListLimit) more)" : ""
            let valid = bundle.signatureIsValid()
            let signatureStatus =
                valid ? "valid under the embedded key (not compared with the published platform key)" : "INVALID"
            return [
                "bundle \(path) (\(fileSize) bytes)",
                "  model id:     \(statement.modelID.hex)",
                "  request:      \(statement.requestID)",
                "  user:         \(statement.userID)",
                "  epoch:        \(statement.epoch)",
                "  candidates:   n = \(statement.n) (\(shape.dense) dense + \(shape.ids) id features each)",
                "  shown:        k = \(statement.k): \(shownIDs)\(more)",
                "  statement:    \(statement.canonicalBytes.count) bytes, SHA-512 \(prefix(statement.digest))",
                "  proof:        \(bundle.proof.count) bytes, SHA-512 \(prefix(bundle.proofDigest)) (not verified here)",
                "  platform key: \(bundle.platformKey.hex)",
                "  signature:    Ed25519, \(signatureStatus)",
            ].joined(separator: "\n") + regionLines

        }

        var regionLines: String {
            guard let regions else { return "" }
            return "\n  proof regions:\n"
                + regions.map { "    \($0.0): \($0.1.count) bytes at \($0.1.lowerBound)" }.joined(separator: "\n")
        }

        /// The first 16 bytes of a digest in hex, with an ellipsis.
        func prefix(_ digest: [UInt8]) -> String { hex(Array(digest.prefix(16))) + "…" }

        func json() throws -> String {
            var object: [String: Any] = [
                "file": path,
                "file_bytes": fileSize,
                "format_version": Int(RankingBundle.formatVersion),
                "statement_bytes": bundle.statement.canonicalBytes.count,
                "statement_sha512": hex(bundle.statement.digest),
                "proof_bytes": bundle.proof.count,
                "proof_sha512": hex(bundle.proofDigest),
                "platform_key": bundle.platformKey.hex,
                "signature": hex(bundle.signature),
                "signature_valid": bundle.signatureIsValid(),
                "statement": bundle.statement.jsonObject(),
            ]
            if let regions {
                object["proof_regions"] = regions.map {
                    ["region": $0.0, "offset": $0.1.lowerBound, "bytes": $0.1.count] as [String: Any]
                }
            }
            let data: Data
            do {
                data = try JSONSerialization.data(
                    withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            } catch {
                throw CommandFailure.badInput("\(path): cannot print as JSON: \(error)")
            }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
