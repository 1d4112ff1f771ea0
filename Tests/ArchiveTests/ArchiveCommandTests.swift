import Archive
import FeedProofTestSupport
import Foundation
import Ranking
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `feedproof publish` and `feedproof archive` as processes: exit codes, and a batch killed with SIGKILL.
@Suite("feedproof publish and archive commands", .serialized)
struct ArchiveCommandTests {
    static func start(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = try BuiltExecutable.feedproof()
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return (process, pipe)
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let (process, pipe) = try start(arguments)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The opening, log and requests of the fixture as files.
    static func files(in folder: URL, requests: Int) throws -> (opening: String, log: String, requests: String) {
        let fixture = try ArchiveFixture.get()
        return (
            try ArchiveFixture.write(try fixture.opening.encoded(), "tiny.fpmo", in: folder),
            try ArchiveFixture.write(fixture.log.encoded, "log.fptl", in: folder),
            try ArchiveFixture.write(
                try ArchiveFixture.jsonLines((0..<requests).map { ArchiveFixture.request($0, user: Int64($0)) }),
                "requests.jsonl", in: folder)
        )
    }

    @Test("kill -9 during a batch, then the same command again: every request exactly once, nothing half-written")
    func killedBatchResumes() throws {
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let total = 16
        let (opening, log, requests) = try Self.files(in: folder, requests: total)
        let archivePath = folder.appendingPathComponent("killed.sqlite").path
        let arguments = [
            "publish", "--opening", opening, "--log", log, "--requests", requests, "--archive", archivePath,
        ]

        // Keep the pipe (and its file descriptors) alive until the process has been reaped.
        let (process, pipe) = try Self.start(arguments)
        defer { withExtendedLifetime(pipe) {} }
        let deadline = Date().addingTimeInterval(120)
        var seen = 0
        while Date() < deadline, process.isRunning {
            if FileManager.default.fileExists(atPath: archivePath),
                let count = try? RankingArchive(readingFrom: archivePath).rankingCount()
            {
                seen = count
                if count >= 3 { break }
            }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the batch finished before it could be killed")
        let afterKill = try RankingArchive(readingFrom: archivePath).rankingCount()
        #expect(afterKill >= seen && afterKill >= 3 && afterKill < total, "\(afterKill) rows after the kill")
        #expect(try ArchiveChecker.check(path: archivePath).isClean)

        let rerun = try Self.run(arguments)
        #expect(rerun.status == 0, "\(rerun.output)")
        #expect(rerun.output.contains("skipped:   \(afterKill) already archived"), "\(rerun.output)")
        let archive = try RankingArchive(readingFrom: archivePath)
        let rows = try archive.rankings(afterRowID: 0, limit: 100)
        #expect(rows.count == total && Set(rows.map(\.requestID)).count == total)
        #expect(try ArchiveChecker.check(path: archivePath).isClean)
    }

    @Test("exit codes: publish 0 / 2, archive check 0 / 1 / 2, archive merge 0 / 2")
    func exitCodes() throws {
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (opening, log, requests) = try Self.files(in: folder, requests: 3)
        let archivePath = folder.appendingPathComponent("cli.sqlite").path
        let published = try Self.run([
            "publish", "--opening", opening, "--log", log, "--requests", requests, "--archive", archivePath, "--quiet",
        ])
        #expect(published.status == 0, "\(published.output)")
        #expect(published.output.contains("proven:    3"), "\(published.output)")

        let garbage = try ArchiveFixture.write(Array(repeating: 1, count: 300), "garbage.fpmo", in: folder)
        let badOpening = try Self.run([
            "publish", "--opening", garbage, "--log", log, "--requests", requests, "--archive", archivePath,
        ])
        #expect(badOpening.status == 2 && badOpening.output.contains("garbage.fpmo"), "\(badOpening.output)")
        let missing = try Self.run([
            "publish", "--opening", opening, "--log", log, "--requests", folder.appendingPathComponent("no.jsonl").path,
            "--archive", archivePath,
        ])
        #expect(missing.status == 2, "\(missing.output)")
        let badShard = try Self.run([
            "publish", "--opening", opening, "--log", log, "--requests", requests, "--archive", archivePath,
            "--shard", "3/3",
        ])
        #expect(badShard.status == 2, "\(badShard.output)")

        let clean = try Self.run(["archive", "check", archivePath])
        #expect(clean.status == 0 && clean.output.contains("CLEAN"), "\(clean.output)")
        let merged = try Self.run([
            "archive", "merge", archivePath, "--out", folder.appendingPathComponent("m.sqlite").path,
        ])
        #expect(merged.status == 0, "\(merged.output)")

        let archive = try RankingArchive(openingForPublishing: archivePath, header: try ArchiveFixture.get().header)
        try archive.queue.write { db in try db.execute(sql: "UPDATE rankings SET checksum = checksum + 1 WHERE id = 2")
        }
        let damaged = try Self.run(["archive", "check", archivePath, "--json"])
        #expect(damaged.status == 1 && damaged.output.contains("\"damaged_rows\" : [\n    2\n  ]"), "\(damaged.output)")
        let unreadable = try Self.run(["archive", "check", garbage])
        #expect(unreadable.status == 2, "\(unreadable.output)")
        let mergeGarbage = try Self.run([
            "archive", "merge", garbage, "--out", folder.appendingPathComponent("x.sqlite").path,
        ])
        #expect(mergeGarbage.status == 2, "\(mergeGarbage.output)")
        let mergeCorrupt = try Self.run([
            "archive", "merge", archivePath, "--out", folder.appendingPathComponent("y.sqlite").path,
        ])
        #expect(mergeCorrupt.status == 1, "\(mergeCorrupt.output)")
    }
}
