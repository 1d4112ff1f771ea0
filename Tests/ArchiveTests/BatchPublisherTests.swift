import Archive
import Foundation
import GRDB
import Model
import Ranking
import Testing

@Suite("Batch publishing")
struct BatchPublisherTests {
    /// Every (user id, request id) in `archive`, with the row checks of `archive check`.
    func keys(_ archive: RankingArchive) throws -> [String] {
        var keys: [String] = []
        var last = Int64.min
        while let page = Optional(try archive.rankings(afterRowID: last, limit: 100)), let final = page.last {
            for row in page {
                let bundle = try RankingBundle(encoded: row.bundle)
                #expect(bundle.statement.userID == row.userID && bundle.statement.requestID == row.requestID)
                #expect(row.checksumMatches)
                keys.append("\(row.userID)/\(row.requestID)")
            }
            last = final.rowID
        }
        return keys
    }

    @Test("every request is proven once; a rerun proves nothing and skips everything")
    func publishAndRerun() throws {
        let fixture = try ArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try fixture.archive("a.sqlite", in: folder)
        let requests = (0..<6).map { ArchiveFixture.request($0) }
        let first = try fixture.publish(requests, into: archive, in: folder)
        #expect(first.proven == 6 && first.alreadyArchived == 0 && first.rejected == 0)
        let second = try fixture.publish(requests, into: archive, in: folder)
        #expect(second.proven == 0 && second.alreadyArchived == 6)
        #expect(try keys(archive).sorted() == requests.map { "\($0.userID)/\($0.requestID)" }.sorted())
        let report = try ArchiveChecker.check(path: archive.path)
        #expect(report.isClean && report.rowsChecked == 6, "\(report.problems)")
        // Every archived bundle verifies as a proof of its statement.
        let verifier = try RankingVerifier(commitment: fixture.opening.commitment)
        for row in try archive.rankings(afterRowID: 0, limit: 10) {
            let bundle = try RankingBundle(encoded: row.bundle)
            try verifier.verify(proof: bundle.proof, statement: bundle.statement)
        }
    }

    @Test("duplicate lines, and a reused (user, request id), are archived once")
    func duplicates() throws {
        let fixture = try ArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try fixture.archive("dup.sqlite", in: folder)
        let request = ArchiveFixture.request(0)
        let reused = ArchiveFixture.request(0, likesOffset: 7)  // same user and request id, other candidates
        let result = try fixture.publish(
            [request, request, ArchiveFixture.request(1), reused], into: archive, in: folder)
        #expect(result.proven == 2 && result.alreadyArchived == 2)
        #expect(try archive.rankingCount() == 2)
        let stored = try RankingBundle(encoded: try archive.rankings(ofUser: request.userID)[0].bundle)
        #expect(stored.statement.candidates == request.candidates)  // the first line wins
    }

    @Test("a crash after N rows loses nothing: the rerun adds exactly the rest and keeps the first N untouched")
    func resumeAfterInjectedCrash() throws {
        let fixture = try ArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try fixture.archive("crash.sqlite", in: folder)
        let requests = (0..<7).map { ArchiveFixture.request($0) }
        let path = try ArchiveFixture.write(try ArchiveFixture.jsonLines(requests), "requests.jsonl", in: folder)
        let publisher = fixture.publisher
        let calls = Counter()
        let crashing = BatchPublisher(archive: archive) { request in
            guard calls.increment() <= 3 else { throw SimulatedCrash() }
            return try publisher.publish(request)
        }
        #expect(throws: ArchiveError.aborted(line: 4, reason: "\(SimulatedCrash())")) {
            try crashing.run(requestsAt: path)
        }
        #expect(try archive.rankingCount() == 3)
        let before = try archive.rankings(afterRowID: 0, limit: 10)

        let rerun = try BatchPublisher(archive: archive, publisher: publisher).run(requestsAt: path, totalLines: 7)
        #expect(rerun.alreadyArchived == 3 && rerun.proven == 4 && rerun.linesDone == 7)
        let after = try archive.rankings(afterRowID: 0, limit: 10)
        #expect(Array(after.prefix(3)) == before)
        let resumedKeys = try keys(archive)
        #expect(Set(resumedKeys).count == 7 && after.count == 7)
        #expect(try ArchiveChecker.check(path: archive.path).isClean)
    }

    @Test("a transaction cut off before its commit leaves no row on disk, and the rerun writes it once")
    func halfWrittenTransactionRollsBack() throws {
        let fixture = try ArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try fixture.archive("half.sqlite", in: folder)
        let requests = (0..<3).map { ArchiveFixture.request($0) }
        try fixture.publish(Array(requests.prefix(2)), into: archive, in: folder)
        // A tiny page cache makes SQLite spill the uncommitted row's pages into the WAL before the commit.
        try archive.queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = 2") }
        let wal = archive.path + "-wal"
        let walBefore = try fileSize(wal)
        let snapshot = folder.appendingPathComponent("snapshot")
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        let copied = snapshot.appendingPathComponent("half.sqlite").path
        let walDuring = Counter()
        // The disk as a kill -9 would leave it: the database and WAL files copied while the transaction is open.
        let inserted = try archive.insert(
            try fixture.publisher.publish(requests[2]), source: nil, line: nil,
            beforeCommit: {
                _ = walDuring.set(try fileSize(wal))
                try FileManager.default.copyItem(atPath: archive.path, toPath: copied)
                try FileManager.default.copyItem(atPath: wal, toPath: copied + "-wal")
            })
        #expect(inserted)
        #expect(
            walDuring.value > walBefore, "the uncommitted row reached the WAL (\(walBefore) → \(walDuring.value) bytes)"
        )

        let recovered = try RankingArchive(openingForPublishing: copied, header: fixture.header)
        #expect(try recovered.rankingCount() == 2)
        #expect(try ArchiveChecker.check(path: copied).isClean)
        let rerun = try fixture.publish(requests, into: recovered, in: folder)
        #expect(rerun.proven == 1 && rerun.alreadyArchived == 2)
        let recoveredKeys = try keys(recovered)
        let recoveredCount = try recovered.rankingCount()
        #expect(Set(recoveredKeys).count == 3 && recoveredCount == 3)
    }

    @Test("malformed lines are recorded with their line numbers; the other rows are intact")
    func malformedLines() throws {
        let fixture = try ArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try fixture.archive("bad.sqlite", in: folder)
        var negative = ArchiveFixture.request(3)
        negative.candidates[2].likes = -4
        var text: [UInt8] = []
        text += try FeedGenerator.jsonLine(for: ArchiveFixture.request(0))  // 1
        text += Array("{not json at all\n".utf8)  // 2
        text += try FeedGenerator.jsonLine(for: ArchiveFixture.request(1))  // 3
        text += Array("{\"request_id\":\"x\",\"user_id\":1}\n".utf8)  // 4: keys missing
        text += Array("   \n".utf8)  // 5: blank, ignored
        text += Array("[\"\(String(repeating: "long ", count: 2_000))\"]\n".utf8)  // 6: over the limit
        text += try FeedGenerator.jsonLine(for: negative)  // 7: the recipes refuse a negative count
        text += [0xFF, 0xFE, 0x7B, 0x0A]  // 8: not UTF-8
        text += try FeedGenerator.jsonLine(for: ArchiveFixture.request(2))  // 9
        let path = try ArchiveFixture.write(text, "mixed.jsonl", in: folder)
        let batch = BatchPublisher(archive: archive, maxLineBytes: 4_096) { try fixture.publisher.publish($0) }
        let result = try batch.run(requestsAt: path, totalLines: try RequestLineReader.countRequests(path: path))
        #expect(result.proven == 3 && result.rejected == 5 && result.linesDone == 8)
        #expect(try archive.rankingCount() == 3)
        let rejections = try archive.rejections()
        #expect(rejections.map(\.line) == [2, 4, 6, 7, 8])
        #expect(
            rejections.allSatisfy { $0.source == "mixed.jsonl" && $0.excerpt.count <= RejectedRequest.excerptLimit + 1 }
        )
        #expect(rejections[0].reason.contains("invalid JSON"))
        #expect(rejections[1].reason.contains("missing key \"epoch\"") || rejections[1].reason.contains("missing key"))
        #expect(rejections[2].reason.contains("longer than the limit of 4096"))
        #expect(rejections[2].excerpt.hasSuffix("…"))
        #expect(rejections[3].reason.contains("cannot publish") && rejections[3].reason.contains("likes"))
        #expect(rejections[0].excerpt == "{not json at all")
        // A rerun records the same rejections once and adds no row.
        _ = try batch.run(requestsAt: path)
        let rerunRejections = try archive.rejections()
        let rerunCount = try archive.rankingCount()
        #expect(rerunRejections == rejections && rerunCount == 3)
        #expect(try ArchiveChecker.check(path: archive.path).rejectedLines == 5)
    }

    @Test("concurrent jobs archive every request exactly once")
    func concurrentJobs() throws {
        let fixture = try ArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try fixture.archive("jobs.sqlite", in: folder)
        let requests = (0..<8).map { ArchiveFixture.request($0) }
        let path = try ArchiveFixture.write(try ArchiveFixture.jsonLines(requests + requests), "r.jsonl", in: folder)
        let result = try BatchPublisher(archive: archive, publisher: fixture.publisher, jobs: 3).run(requestsAt: path)
        #expect(result.proven == 8 && result.alreadyArchived == 8)
        let archivedKeys = try keys(archive)
        let archivedCount = try archive.rankingCount()
        #expect(Set(archivedKeys).count == 8 && archivedCount == 8)
    }

    @Test("an archive of another model is refused")
    func otherModelRefused() throws {
        let fixture = try ArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try fixture.archive("a.sqlite", in: folder)
        let other = try ArchiveFixture.commitTinyModel()
        var log = TransparencyLog()
        _ = try log.append(other.commitment.modelID.bytes)
        try log.signTreeHead(timestamp: 1, with: LogSigningKey())
        let header = try ArchiveHeader(opening: other, log: log)
        #expect {
            try RankingArchive(openingForPublishing: folder.appendingPathComponent("a.sqlite").path, header: header)
        } throws: { error in
            if case .headerMismatch(_, let field, _) = error as? ArchiveError { return field == "model_id" }
            return false
        }
        // A model missing from the log has no header at all.
        #expect(throws: ArchiveError.modelNotInLog(modelID: other.commitment.modelID.hex)) {
            try ArchiveHeader(opening: other, log: fixture.log)
        }
    }
}

/// A thread-safe counter for publish closures.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
    func set(_ value: Int) -> Int {
        lock.withLock {
            count = value
            return value
        }
    }
    var value: Int { lock.withLock { count } }
}

func fileSize(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}
