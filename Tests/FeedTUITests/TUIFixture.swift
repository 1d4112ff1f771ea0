import FeedAudit
import FeedTUI
import Foundation

/// The committed golden bundles audited once under the committed commitments and log, plus a tampered copy of the
/// first one (the last signature byte flipped) and a truncated copy.
struct TUIFixture: Sendable {
    let auditor: FeedAuditor
    let golden: [AuditedRequest]
    let tampered: AuditedRequest
    let truncated: AuditedRequest
    let goldenPaths: [String]

    static let shared: Result<TUIFixture, any Error> = Result { try TUIFixture() }

    static func load() throws -> TUIFixture { try shared.get() }

    init() throws {
        let anchors = try TrustAnchors(commitmentsDirectory: Self.repository("commitments").path)
        auditor = FeedAuditor(anchors: anchors)
        let folder = Self.repository("feeds/golden")
        let urls = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "fprb" }.sorted { $0.path < $1.path }
        goldenPaths = urls.map(\.path)
        var golden: [AuditedRequest] = []
        for url in urls {
            golden.append(
                AuditedRequest.audit(
                    source: url.lastPathComponent, bytes: Array(try Data(contentsOf: url)), with: auditor))
        }
        self.golden = golden
        var bytes = Array(try Data(contentsOf: urls[0]))
        truncated = AuditedRequest.audit(source: "truncated.fprb", bytes: Array(bytes.prefix(100)), with: auditor)
        bytes[bytes.count - 1] ^= 0x01
        tampered = AuditedRequest.audit(source: "tampered.fprb", bytes: bytes, with: auditor)
    }

    /// Writes into `folder` a copy of the first golden bundle with its last (signature) byte flipped and one cut to
    /// 100 bytes, and returns their URLs.
    func writeDamagedCopies(to folder: URL) throws -> (tampered: URL, truncated: URL) {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: goldenPaths[0])))
        let truncated = folder.appendingPathComponent("truncated.fprb")
        try Data(bytes.prefix(100)).write(to: truncated)
        bytes[bytes.count - 1] ^= 0x01
        let tampered = folder.appendingPathComponent("tampered.fprb")
        try Data(bytes).write(to: tampered)
        return (tampered, truncated)
    }

    /// A path inside this package, found from this file (never from the working directory).
    static func repository(_ path: String, filePath: String = #filePath) -> URL {
        var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent(path)
    }
}
