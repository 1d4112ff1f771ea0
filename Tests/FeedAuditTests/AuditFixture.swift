import FeedAudit
import Foundation
import Model
import Ranking

/// A published demo model with a log and a publisher, built once for the audit tests: the demo ranker committed
/// afresh, its ModelID in a freshly signed log, and small requests (12 candidates, top 4) cut from the demo feed.
struct AuditFixture: @unchecked Sendable {
    let commitment: ModelCommitment
    let opening: ModelOpening
    let publisher: RankingPublisher
    let signingKey: PlatformSigningKey
    let log: TransparencyLog
    let logKey: LogSigningKey
    let anchors: TrustAnchors
    let auditor: FeedAuditor
    let request: FeedRequest

    static let shared: AuditFixture = {
        do { return try AuditFixture() } catch { fatalError("audit fixture: \(error)") }
    }()

    init() throws {
        let ranker = try ModelFile(decoding: Array(try Data(contentsOf: Self.repository("feeds/demo/ranker.fpmodel"))))
            .ranker
        (commitment, opening) = try ModelCommitment.commit(ranker)
        publisher = try RankingPublisher(opening: opening)
        signingKey = try PlatformSigningKey(rawRepresentation: opening.signingKeyRawRepresentation)
        var log = TransparencyLog()
        logKey = LogSigningKey()
        _ = try log.append(commitment.modelID.bytes)
        try log.signTreeHead(timestamp: 1, with: logKey)
        self.log = log
        anchors = TrustAnchors(
            publications: [try ModelPublication(name: "demo", opening: opening)], log: log, logKey: logKey.publicKey)
        auditor = FeedAuditor(anchors: anchors)
        request = try Self.demoRequest(candidates: 12, k: 4)
    }

    /// The first demo request cut to `candidates`, showing `k`.
    static func demoRequest(candidates: Int, k: Int) throws -> FeedRequest {
        let text = try String(contentsOf: repository("feeds/demo/requests.jsonl"), encoding: .utf8)
        guard let line = text.split(separator: "\n").first else { throw CocoaError(.fileReadCorruptFile) }
        var request = try JSONDecoder().decode(FeedRequest.self, from: Data(line.utf8))
        request.candidates = Array(request.candidates.prefix(candidates))
        request.k = k
        return request
    }

    /// A path inside this package, found from this file (never from the working directory).
    static func repository(_ path: String, filePath: String = #filePath) -> URL {
        var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent(path)
    }

    /// A bundle for `statement` proven with `prover` (default: the honest publisher) and signed with the platform key.
    func bundle(_ statement: RankingStatement, proof: [UInt8]) -> RankingBundle {
        RankingBundle.sign(statement: statement, proof: proof, key: signingKey)
    }

    /// The honest bundle of `request`.
    func honestBundle(_ request: FeedRequest? = nil) throws -> RankingBundle {
        try publisher.publish(request ?? self.request)
    }
}
