import Archive
import ArchiveAudit
import FeedAudit
import FeedProofTestSupport
import Foundation
import GRDB
import Ranking

/// Honest bundles of the tiny archive model, proven once, and ways to store them, or forged, tampered, truncated
/// and corrupted variants of them, as archive rows (for `verify-archive`, issue 9).
struct VerifyArchiveFixture: @unchecked Sendable {
    let base: ArchiveFixture
    let auditor: FeedAuditor
    let signingKey: PlatformSigningKey
    /// Honest bundles of requests 0..<count, users 1…5, all with 6 candidates and top 3 (so proofs can be swapped).
    let honest: [RankingBundle]

    /// How many honest bundles are proven: each costs about 0.5 s in a debug build on 2 cores, so the tests reuse
    /// them (across archive copies for the "hundreds of rows" test) rather than prove hundreds.
    static let count = 40

    static let shared: Result<VerifyArchiveFixture, any Error> = Result { try VerifyArchiveFixture() }

    static func get() throws -> VerifyArchiveFixture { try shared.get() }

    init() throws {
        base = try ArchiveFixture.get()
        auditor = FeedAuditor(
            anchors: TrustAnchors(
                publications: [try ModelPublication(name: "tiny", opening: base.opening)], log: base.log,
                logKey: base.logKey.publicKey))
        signingKey = try PlatformSigningKey(rawRepresentation: base.opening.signingKeyRawRepresentation)
        let publisher = base.publisher
        honest = try (0..<Self.count).map { try publisher.publish(ArchiveFixture.request($0)) }
    }

    /// What a row holds.
    enum Kind: CaseIterable {
        /// The honest bundle.
        case honest
        /// The statement with another request's proof, signed again with the platform key: only the proof fails.
        case forgedProof
        /// The honest bundle with its signature's last byte flipped (checksum recomputed): the signature fails.
        case badSignature
        /// The first half of the bundle (checksum recomputed): unreadable.
        case truncated
        /// The honest bundle with a byte of its proof flipped and the stored checksum left as it was: corrupted.
        case corrupted
    }

    /// The bytes of `kind` built from honest bundle `index`, and whether the stored checksum must be the honest one.
    func row(_ kind: Kind, _ index: Int) -> (bytes: [UInt8], staleChecksum: Bool) {
        let bundle = honest[index]
        switch kind {
        case .honest: return (bundle.encoded, false)
        case .forgedProof: return (forged(index).encoded, false)
        case .badSignature:
            var bytes = bundle.encoded
            bytes[bytes.count - 1] ^= 0x20
            return (bytes, false)
        case .truncated: return (Array(bundle.encoded.prefix(bundle.encoded.count / 2)), false)
        case .corrupted:
            var bytes = bundle.encoded
            bytes[bytes.count / 2] ^= 0x01
            return (bytes, true)
        }
    }

    /// Honest bundle `index`'s statement with the next bundle's proof, validly signed by the platform.
    func forged(_ index: Int) -> RankingBundle {
        RankingBundle.sign(
            statement: honest[index].statement, proof: honest[(index + 1) % honest.count].proof, key: signingKey)
    }

    /// Stores `bytes` as the row of honest bundle `index` (its user, request, epoch and ModelID), with the XXH3 of
    /// `bytes`, or of the honest bundle when `staleChecksum` (a byte flipped on disk after the write).
    /// - Returns: the new row id.
    @discardableResult
    func insert(_ bytes: [UInt8], as index: Int, staleChecksum: Bool = false, into archive: RankingArchive) throws
        -> Int64
    {
        let statement = honest[index].statement
        let checksum = XXH3.hash64(staleChecksum ? honest[index].encoded : bytes)
        return try archive.queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO rankings (user_id, request_id, epoch, model_id, bundle, checksum)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    statement.userID, statement.requestID, statement.epoch, Data(statement.modelID.bytes), Data(bytes),
                    Int64(bitPattern: checksum),
                ])
            return db.lastInsertedRowID
        }
    }

    /// A new archive at `name` in `folder` holding honest bundles `indices`, in order.
    func archive(_ name: String, in folder: URL, honest indices: Range<Int>) throws -> RankingArchive {
        let archive = try base.archive(name, in: folder)
        for index in indices { try archive.insert(honest[index]) }
        return archive
    }

    /// A verifier with this fixture's anchors.
    func verifier(jobs: Int = 2, batchSize: Int = ArchiveVerifier.defaultBatchSize, range: ClosedRange<Int64>? = nil)
        throws -> ArchiveVerifier
    {
        try ArchiveVerifier(auditor: auditor, jobs: jobs, batchSize: batchSize, range: range)
    }

    /// Writes the trust anchors as `feedproof verify-archive` reads them: `tiny/` with the commitment, the log and
    /// the log key. Returns the commitments directory.
    func writeCommitments(in folder: URL) throws -> String {
        let directory = folder.appendingPathComponent("commitments").path
        _ = try ModelPublication(name: "tiny", opening: base.opening).write(commitmentsDirectory: directory)
        try ArchiveFixture.write(base.log.encoded, TrustAnchors.defaultLogFile, in: URL(fileURLWithPath: directory))
        let keyHex = base.logKey.publicKey.rawRepresentation.map { String(format: "%02x", $0) }.joined() + "\n"
        try ArchiveFixture.write(
            Array(keyHex.utf8), TrustAnchors.defaultLogKeyFile, in: URL(fileURLWithPath: directory))
        return directory
    }
}
