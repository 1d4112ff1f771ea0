import FeedProofTestSupport
import Foundation
import Testing

/// `feedproof verify` exit codes on real files: 0 valid, 1 invalid with a reason, 2 unreadable.
@Suite("feedproof verify")
struct VerifyCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try BuiltExecutable.feedproof()
        process.arguments = arguments
        process.currentDirectoryURL = AuditFixture.repository(".")
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("valid → 0, bad signature → 1 with the reason, truncated or extended → 2")
    func exitCodes() throws {
        let golden = AuditFixture.repository("feeds/golden/demo-0001.fprb")
        let valid = try Self.run(["verify", golden.path])
        #expect(valid.status == 0, "\(valid.output)")
        #expect(valid.output.contains("VALID"))

        let bytes = Array(try Data(contentsOf: golden))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedproof-verify-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ bytes: [UInt8], _ name: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }
        var badSignature = bytes
        badSignature[badSignature.count - 5] ^= 0x10
        let invalid = try Self.run(["verify", try write(badSignature, "bad-signature.fprb"), "--json"])
        #expect(invalid.status == 1, "\(invalid.output)")
        #expect(invalid.output.contains("\"status\" : \"invalid\""))
        #expect(invalid.output.contains("signature"))

        let truncated = try Self.run(["verify", try write(Array(bytes.dropLast(7)), "truncated.fprb")])
        #expect(truncated.status == 2, "\(truncated.output)")
        let extended = try Self.run(["verify", try write(bytes + [1, 2, 3], "extended.fprb")])
        #expect(extended.status == 2, "\(extended.output)")
        let missing = try Self.run(["verify", folder.appendingPathComponent("absent.fprb").path])
        #expect(missing.status == 2, "\(missing.output)")
    }
}
