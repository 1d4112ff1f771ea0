import Archive
import Foundation
import GRDB
import Testing

@Suite("Archive check")
struct ArchiveCheckTests {
    /// A fresh archive of 3 rankings in `folder`.
    func published(in folder: URL) throws -> RankingArchive {
        let fixture = try ArchiveFixture.get()
        let archive = try fixture.archive("check.sqlite", in: folder)
        try fixture.publish((0..<3).map { ArchiveFixture.request($0) }, into: archive, in: folder)
        return archive
    }

    @Test("a byte flipped inside a stored bundle, on disk, is reported for that row only")
    func flippedByteOnDisk() throws {
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path: String
        let target: ArchivedRanking
        do {
            let archive = try published(in: folder)
            #expect(try ArchiveChecker.check(path: archive.path).isClean)
            target = try archive.rankings(afterRowID: 0, limit: 10)[2]
            // Move every row from the WAL into the database file, so the bytes can be found there.
            try archive.queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            path = archive.path
        }
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        // 48 bytes from the middle of the bundle's proof: unique in the file, and within one page.
        let probe = Array(target.bundle[(target.bundle.count / 2)..<(target.bundle.count / 2 + 48)])
        let found = try #require(Data(bytes).range(of: Data(probe)))
        bytes[found.lowerBound + 20] ^= 0x04
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let report = try ArchiveChecker.check(path: path)
        #expect(!report.isClean)
        #expect(Set(report.damagedRows) == [target.rowID], "\(report.problems)")
        #expect(report.problems.contains { $0.message.contains("checksum mismatch") })
    }

    @Test("row fields that disagree with the bundle, an undecodable bundle and a foreign key are reported")
    func rowFieldProblems() throws {
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try published(in: folder)
        let rows = try archive.rankings(afterRowID: 0, limit: 10)
        try archive.queue.write { db in
            try db.execute(sql: "UPDATE rankings SET request_id = 'forged' WHERE id = ?", arguments: [rows[0].rowID])
            try db.execute(sql: "UPDATE rankings SET epoch = epoch + 1 WHERE id = ?", arguments: [rows[1].rowID])
            // Truncated bundle with a recomputed checksum: only decoding can catch it.
            try db.execute(
                sql: "UPDATE rankings SET bundle = substr(bundle, 1, 100) WHERE id = ?", arguments: [rows[2].rowID])
            try db.execute(
                sql: "UPDATE rankings SET checksum = feedproof_xxh3(bundle) WHERE id = ?", arguments: [rows[2].rowID])
        }
        let report = try ArchiveChecker.check(path: archive.path)
        #expect(Set(report.damagedRows) == Set(rows.prefix(3).map(\.rowID)), "\(report.problems)")
        let messages = report.problems.map(\.description)
        #expect(messages.contains { $0.hasPrefix("row \(rows[0].rowID): request_id \"forged\"") })
        #expect(messages.contains { $0.hasPrefix("row \(rows[1].rowID): epoch") })
        #expect(messages.contains { $0.hasPrefix("row \(rows[2].rowID): the bundle does not decode") })
    }

    @Test("schema problems: missing table, missing or wrong version, missing unique index")
    func schemaProblems() throws {
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try published(in: folder)
        try archive.queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TABLE request_errors; PRAGMA user_version = 0")
        }
        var report = try ArchiveChecker.check(path: archive.path)
        #expect(report.problems.contains { $0.scope == .schema && $0.message == "table request_errors is missing" })
        #expect(report.problems.contains { $0.message.contains("schema version (PRAGMA user_version) is missing") })
        #expect(report.rowsChecked == 3)

        try archive.queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 7") }
        report = try ArchiveChecker.check(path: archive.path)
        #expect(report.problems.contains { $0.message.contains("is 7, expected 1") })
        #expect(throws: ArchiveError.unsupportedSchemaVersion(path: archive.path, found: 7, supported: 1)) {
            try RankingArchive(readingFrom: archive.path)
        }
    }

    @Test("a header whose commitment does not match its ModelID is reported")
    func headerProblems() throws {
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try published(in: folder)
        try archive.queue.write { db in
            try db.execute(sql: "UPDATE archive_header SET commitment = substr(commitment, 1, 50)")
        }
        let report = try ArchiveChecker.check(path: archive.path)
        #expect(report.problems.map(\.scope) == [.header], "\(report.problems)")
    }

    @Test("a file that is not SQLite, or no file, is unreadable")
    func unreadable() throws {
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try ArchiveFixture.write(Array(repeating: 0x41, count: 5_000), "text.sqlite", in: folder)
        #expect { try ArchiveChecker.check(path: text) } throws: { error in
            if case .unreadable = error as? ArchiveError { return true }
            return false
        }
        #expect { try ArchiveChecker.check(path: folder.appendingPathComponent("none.sqlite").path) } throws: { error in
            if case .unreadable = error as? ArchiveError { return true }
            return false
        }
    }

    @Test("user lookups use the (user_id, request_id) index and rowid ranges the primary key")
    func indexes() throws {
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try published(in: folder)
        let userPlan = try archive.queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id FROM rankings WHERE user_id = 3").map {
                $0["detail"] as String
            }
        }
        #expect(userPlan.contains { $0.contains("USING INDEX") || $0.contains("USING COVERING INDEX") }, "\(userPlan)")
        let rangePlan = try archive.queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM rankings WHERE id > 2 AND id <= 4").map {
                $0["detail"] as String
            }
        }
        #expect(rangePlan.contains { $0.contains("INTEGER PRIMARY KEY") }, "\(rangePlan)")
        let user = ArchiveFixture.request(1).userID
        let rows = try archive.rankings(ofUser: user)
        #expect(!rows.isEmpty && rows.allSatisfy { $0.userID == user })
        #expect(rows.map(\.rowID) == rows.map(\.rowID).sorted())
        let mode = try archive.queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }
}
