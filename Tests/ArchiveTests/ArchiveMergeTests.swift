import Archive
import Foundation
import GRDB
import Ranking
import Testing

@Suite("Sharding and merge")
struct ArchiveMergeTests {
    @Test("three shards take every request exactly once, and their merge holds them all")
    func shardsAndMerge() throws {
        let fixture = try ArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let requests = (0..<9).map { ArchiveFixture.request($0, user: Int64(10 + $0)) }
        let path = try ArchiveFixture.write(try ArchiveFixture.jsonLines(requests), "all.jsonl", in: folder)
        var shardPaths: [String] = []
        var seen: [String: Int] = [:]
        for index in 0..<3 {
            let archive = try fixture.archive("shard-\(index).sqlite", in: folder)
            let shard = try Shard(index: index, count: 3)
            let result = try BatchPublisher(archive: archive, publisher: fixture.publisher, shard: shard)
                .run(requestsAt: path)
            #expect(result.proven + result.otherShard == 9)
            for row in try archive.rankings(afterRowID: 0, limit: 100) {
                #expect(shard.contains(userID: row.userID))
                seen["\(row.userID)/\(row.requestID)", default: 0] += 1
            }
            shardPaths.append(archive.path)
        }
        #expect(seen.count == 9 && seen.values.allSatisfy { $0 == 1 })

        let merged = folder.appendingPathComponent("merged.sqlite").path
        let summary = try ArchiveMerger.merge(shardPaths, into: merged)
        #expect(summary.rowsAdded == 9 && summary.duplicatesSkipped == 0 && summary.outputRows == 9)
        #expect(try ArchiveChecker.check(path: merged).isClean)
        #expect(try RankingArchive(readingFrom: merged).header() == fixture.header)
        // Merging again (one input named twice) skips exact duplicates; the output is unchanged.
        let again = try ArchiveMerger.merge(shardPaths + [shardPaths[0]], into: merged)
        #expect(again.rowsAdded == 0 && again.duplicatesSkipped == 9 && again.outputRows == 9)
    }

    @Test("archives of another model, or another log state, are refused and no output is left")
    func mismatchedHeaders() throws {
        let fixture = try ArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ours = try fixture.archive("ours.sqlite", in: folder)
        try fixture.publish([ArchiveFixture.request(0)], into: ours, in: folder)

        let other = try ArchiveFixture.commitTinyModel()
        var log = TransparencyLog()
        _ = try log.append(other.commitment.modelID.bytes)
        try log.signTreeHead(timestamp: 1, with: LogSigningKey())
        let theirs = try RankingArchive(
            openingForPublishing: folder.appendingPathComponent("theirs.sqlite").path,
            header: try ArchiveHeader(opening: other, log: log))
        let out = folder.appendingPathComponent("out.sqlite").path
        #expect { try ArchiveMerger.merge([ours.path, theirs.path], into: out) } throws: { error in
            if case .headerMismatch(_, let field, _) = error as? ArchiveError { return field == "model_id" }
            return false
        }
        #expect(!FileManager.default.fileExists(atPath: out))

        // Same model, but a log that had grown when this shard started.
        var grown = fixture.log
        _ = try grown.append(Array(repeating: 7, count: 64))
        try grown.signTreeHead(timestamp: 2, with: LogSigningKey())
        let later = try RankingArchive(
            openingForPublishing: folder.appendingPathComponent("later.sqlite").path,
            header: try ArchiveHeader(opening: fixture.opening, log: grown))
        #expect { try ArchiveMerger.merge([ours.path, later.path], into: out) } throws: { error in
            if case .headerMismatch(_, let field, _) = error as? ArchiveError { return field == "log state" }
            return false
        }
        #expect(throws: ArchiveError.invalidArgument("the output \(ours.path) is also an input")) {
            try ArchiveMerger.merge([ours.path], into: ours.path)
        }
    }

    @Test("two different bundles for one request, or a corrupted input row, refuse the merge and change nothing")
    func conflictsAndCorruption() throws {
        let fixture = try ArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let request = ArchiveFixture.request(0)
        let first = try fixture.archive("first.sqlite", in: folder)
        try fixture.publish([request, ArchiveFixture.request(1)], into: first, in: folder)
        // Proven again: fresh proof randomness, so a different bundle for the same key.
        let second = try fixture.archive("second.sqlite", in: folder)
        try fixture.publish([request], into: second, in: folder)

        let out = folder.appendingPathComponent("out.sqlite").path
        _ = try ArchiveMerger.merge([first.path], into: out)
        #expect(
            throws: ArchiveError.conflictingRows(
                userID: request.userID, requestID: request.requestID, path: second.path)
        ) {
            try ArchiveMerger.merge([second.path], into: out)
        }
        #expect(try RankingArchive(readingFrom: out).rankingCount() == 2)

        let third = try fixture.archive("third.sqlite", in: folder)
        try fixture.publish([ArchiveFixture.request(2), ArchiveFixture.request(3)], into: third, in: folder)
        let victim = try third.rankings(afterRowID: 0, limit: 10)[1]
        try third.queue.write { db in
            try db.execute(
                sql: "UPDATE rankings SET bundle = zeroblob(length(bundle)) WHERE id = ?", arguments: [victim.rowID])
        }
        #expect(throws: ArchiveError.corruptRow(path: third.path, rowID: victim.rowID)) {
            try ArchiveMerger.merge([third.path], into: out)
        }
        #expect(try RankingArchive(readingFrom: out).rankingCount() == 2)
        #expect(try ArchiveChecker.check(path: out).isClean)
    }
}
