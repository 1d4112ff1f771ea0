import Archive
import FeedProofTestSupport
import Foundation
import Testing

/// `feedproof verify-archive` as a process: exit codes 0, 1 and 2, the summary naming a forged row, the JSON and
/// Markdown reports, bad ranges and options, and an unreadable shard next to a readable one.
@Suite("feedproof verify-archive command")
struct VerifyArchiveCommandTests {
    @Test("exit 0 all valid, 1 with the forged row named, 2 for an unreadable shard or bad usage; reports written")
    func exitCodesAndReports() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let commitments = try fixture.writeCommitments(in: folder)
        let clean = try fixture.archive("clean.sqlite", in: folder, honest: 0..<6)
        let forged = try fixture.archive("forged.sqlite", in: folder, honest: 0..<5)
        let forgedRow = try fixture.insert(fixture.forged(5).encoded, as: 5, into: forged)
        let statement = fixture.honest[5].statement
        let common = ["--commitments", commitments, "--jobs", "2", "--quiet"]

        let ok = try ArchiveCommandTests.run(["verify-archive", clean.path] + common)
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("ALL VALID: 6 rows"), "\(ok.output)")

        let json = folder.appendingPathComponent("report.json").path
        let markdown = folder.appendingPathComponent("report.md").path
        let failed = try ArchiveCommandTests.run(
            ["verify-archive", clean.path, forged.path, "--report", json, "--markdown", markdown] + common)
        #expect(failed.status == 1, "\(failed.output)")
        #expect(
            failed.output.contains(
                "FAIL \(forged.path) row \(forgedRow) (user \(statement.userID), request \(statement.requestID)): invalid, proof:"
            ),
            "\(failed.output)")
        #expect(failed.output.contains("FAILURES: 1 of 12 rows"), "\(failed.output)")
        let object =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        #expect(object?["exit_code"] as? Int == 1 && object?["rows_checked"] as? Int == 12)
        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(text.contains("| \(forgedRow) | \(statement.userID) | \(statement.requestID) | invalid | proof |"))

        let oneByOne = try ArchiveCommandTests.run(["verify-archive", forged.path, "--batch-size", "1"] + common)
        #expect(oneByOne.status == 1 && oneByOne.output.contains("row \(forgedRow) "), "\(oneByOne.output)")
        let ranged = try ArchiveCommandTests.run(["verify-archive", forged.path, "--range", "1..5"] + common)
        #expect(ranged.status == 0 && ranged.output.contains("ALL VALID: 5 rows"), "\(ranged.output)")

        let missing = folder.appendingPathComponent("missing.sqlite").path
        let partial = try ArchiveCommandTests.run(["verify-archive", missing, clean.path] + common)
        #expect(partial.status == 2, "\(partial.output)")
        #expect(partial.output.contains("missing.sqlite: UNREADABLE"), "\(partial.output)")
        #expect(partial.output.contains("clean.sqlite: 6 rows, 6 valid"), "\(partial.output)")

        let followed = try ArchiveCommandTests.run(
            ["verify-archive", clean.path, "--follow", "--poll-seconds", "0.1", "--idle-exit", "0.5"] + common)
        #expect(followed.status == 0 && followed.output.contains("ALL VALID: 6 rows"), "\(followed.output)")

        for bad in [
            ["--range", "9..2"], ["--range", "x"], ["--jobs", "0"], ["--batch-size", "0"], ["--idle-exit", "1"],
            ["--follow", "--poll-seconds", "0"], ["--follow", "--idle-exit", "-1"],
        ] {
            let usage = try ArchiveCommandTests.run(["verify-archive", clean.path] + common + bad)
            #expect(usage.status == 2, "\(bad): \(usage.output)")
        }
        let noArchive = try ArchiveCommandTests.run(["verify-archive"] + common)
        #expect(noArchive.status == 2, "\(noArchive.output)")
        let badAnchors = try ArchiveCommandTests.run(
            ["verify-archive", clean.path, "--commitments", folder.appendingPathComponent("none").path])
        #expect(badAnchors.status == 2, "\(badAnchors.output)")
    }
}
