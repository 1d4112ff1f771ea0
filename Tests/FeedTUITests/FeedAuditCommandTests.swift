import Archive
import FeedAudit
import FeedProofTestSupport
import FeedTUI
import Foundation
import Ranking
import Testing

/// `feedaudit` run as a user would: exit codes, plain text, JSON and the archive mode.
@Suite("feedaudit command")
struct FeedAuditCommandTests {
    struct Run {
        let code: Int32
        let output: String
        let errorOutput: String
    }

    /// Runs the `feedaudit` built beside the test bundle from the package folder (so `commitments/` is the default).
    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = try BuiltExecutable.feedaudit()
        process.arguments = arguments
        process.currentDirectoryURL = TUIFixture.repository("")
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            code: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errorOutput: String(decoding: errorData, as: UTF8.self))
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedaudit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("golden bundles: exit 0, plain text (stdout is a pipe) with what is and is not proven")
    func golden() throws {
        let fixture = try TUIFixture.load()
        let run = try Self.run(fixture.goldenPaths)
        #expect(run.code == 0, "\(run.errorOutput)")
        #expect(
            run.output.contains("\(fixture.goldenPaths.count) bundles: \(fixture.goldenPaths.count) valid, 0 invalid"))
        #expect(run.output.contains("proven (valid bundles only): " + AuditVerdict.covered[0]))
        #expect(run.output.contains("not proven (by any bundle): " + AuditVerdict.notCovered[0]))
        #expect(!run.output.contains("interactive view"))
        for path in fixture.goldenPaths { #expect(run.output.contains("\(path): VALID — all checks passed")) }
    }

    @Test("a tampered bundle exits 1 with the failed check; a truncated one exits 2")
    func tampered() throws {
        let fixture = try TUIFixture.load()
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (tampered, truncated) = try fixture.writeDamagedCopies(to: folder)

        let invalid = try Self.run([tampered.path, "--plain"])
        #expect(invalid.code == 1)
        #expect(invalid.output.contains("tampered.fprb: INVALID — signature: the Ed25519 signature does not match"))
        #expect(invalid.output.contains("shown, as the bundle states (NOT proven: the audit failed):"))
        #expect(!invalid.output.contains("shown, in proven rank order:"))
        let mixed = try Self.run([fixture.goldenPaths[0], tampered.path, truncated.path])
        #expect(mixed.code == 1)
        let unreadable = try Self.run([truncated.path])
        #expect(unreadable.code == 2)
        #expect(unreadable.output.contains("UNREADABLE — format: bundle is truncated"))
    }

    @Test("--json prints every verdict")
    func json() throws {
        let fixture = try TUIFixture.load()
        let run = try Self.run(fixture.goldenPaths + ["--json"])
        #expect(run.code == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let bundles = try #require(object["bundles"] as? [[String: Any]])
        #expect(bundles.count == fixture.goldenPaths.count)
        #expect(bundles.allSatisfy { $0["status"] as? String == "valid" })
        #expect(bundles.map { $0["source"] as? String } == fixture.goldenPaths)
        #expect(object["exit_code"] as? Int == 0)
    }

    @Test(
        "bad usage and unreadable input exit 2",
        arguments: [
            [], ["--plain", "--json", "feeds/golden/demo-0001.fprb"], ["no-such-bundle.fprb"],
            ["--archive", "a.sqlite"],
            ["--user", "3", "feeds/golden/demo-0001.fprb"], ["--bogus"],
            ["feeds/golden/demo-0001.fprb", "--commitments", "no-such-folder"],
            ["--archive", "no-such-archive.sqlite", "--user", "3"],
        ])
    func badInput(arguments: [String]) throws {
        let run = try Self.run(arguments)
        #expect(run.code == 2, "\(arguments): \(run.errorOutput)")
        #expect(!run.errorOutput.isEmpty)
    }

    @Test("--archive --user audits that user's bundles only")
    func archive() throws {
        let fixture = try TUIFixture.load()
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bundles = try fixture.goldenPaths.map {
            try RankingBundle(encoded: Array(try Data(contentsOf: URL(fileURLWithPath: $0))))
        }
        let first = try #require(bundles.first)
        let commitment = Array(try Data(contentsOf: TUIFixture.repository("commitments/demo/commitment.fpmc")))
        let header = ArchiveHeader(
            modelID: first.statement.modelID, commitment: commitment, platformKey: first.platformKey.rawRepresentation,
            logTreeSize: 1, logRootHash: [UInt8](repeating: 0, count: 32))
        let path = folder.appendingPathComponent("archive.sqlite").path
        do {
            let archive = try RankingArchive(openingForPublishing: path, header: header)
            for bundle in bundles { try archive.insert(bundle) }
        }
        let user = bundles[1].statement.userID
        let run = try Self.run(["--archive", path, "--user", "\(user)", "--plain"])
        #expect(run.code == 0, "\(run.errorOutput)")
        #expect(run.output.contains("\(bundles[1].statement.requestID): VALID"))
        #expect(!run.output.contains(bundles[0].statement.requestID))
        #expect(run.output.contains("1 bundle: 1 valid"))
        let nobody = try Self.run(["--archive", path, "--user=-1"])
        #expect(nobody.code == 2)
        #expect(nobody.errorOutput.contains("holds no ranking for user -1"))
    }
}
