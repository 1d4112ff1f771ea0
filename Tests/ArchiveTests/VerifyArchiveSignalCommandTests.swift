import Archive
import FeedProofTestSupport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `feedproof verify-archive` as a process under SIGINT and SIGTERM: stopped early with a report (exit 130 or
/// 143), a second Ctrl-C quitting at once, and a stop while following being a normal end.
@Suite("feedproof verify-archive stopped by a signal", .serialized)
struct VerifyArchiveSignalCommandTests {
    /// A running `feedproof` whose merged stdout and stderr are collected as they come.
    final class Running {
        /// The output so far, shared with the reading thread.
        final class Buffer: Sendable {
            let text = Mutex("")
            let ended = DispatchSemaphore(value: 0)
        }

        let process = Process()
        private let pipe = Pipe()
        private let buffer = Buffer()

        init(_ arguments: [String]) throws {
            process.executableURL = try BuiltExecutable.feedproof()
            process.arguments = arguments
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let handle = pipe.fileHandleForReading
            let buffer = buffer
            Thread {
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    buffer.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
                }
                buffer.ended.signal()
            }.start()
        }

        var output: String { buffer.text.withLock { $0 } }

        /// Waits until the output contains `needle` (true) or the process ends or 60 s pass (false).
        func wait(for needle: String) -> Bool {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if output.contains(needle) { return true }
                if !process.isRunning { return output.contains(needle) }
                usleep(10_000)
            }
            return false
        }

        /// Sends `signal` (if any) and waits for the exit; the status, how it ended and everything written.
        func finish(after signal: Int32? = nil) -> (status: Int32, reason: Process.TerminationReason, output: String) {
            if let signal { kill(process.processIdentifier, signal) }
            process.waitUntilExit()
            // The writing end closes with the process, so the reader reaches the end soon after.
            _ = buffer.ended.wait(timeout: .now() + 10)
            return (process.terminationStatus, process.terminationReason, output)
        }
    }

    @Test("SIGINT, then SIGTERM, during the first pass: exit 130 / 143, the reports written and marked stopped")
    func signalStopsFirstPass() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let commitments = try fixture.writeCommitments(in: folder)
        // Row 1 is forged, so the first batch (one row) already fails: the failure must survive the stop.
        let first = try fixture.base.archive("first.sqlite", in: folder)
        try fixture.insert(fixture.forged(0).encoded, as: 0, into: first)
        for index in 1..<VerifyArchiveFixture.count { try first.insert(fixture.honest[index]) }
        let second = try fixture.archive("second.sqlite", in: folder, honest: 0..<VerifyArchiveFixture.count)
        let total = 2 * VerifyArchiveFixture.count

        for (signal, code, name) in [(SIGINT, 130, "SIGINT"), (SIGTERM, 143, "SIGTERM")] {
            let json = folder.appendingPathComponent("\(name).json").path
            let markdown = folder.appendingPathComponent("\(name).md").path
            // One row per batch on one worker: the stop comes within a row's time, long before the 80th row.
            let running = try Running([
                "verify-archive", first.path, second.path, "--commitments", commitments, "--jobs", "1",
                "--batch-size", "1", "--report", json, "--markdown", markdown,
            ])
            // The first progress line comes after the first batch: the signals are caught by then.
            #expect(running.wait(for: "rows  valid"), "\(running.output)")
            let (status, reason, output) = running.finish(after: signal)
            #expect(reason == .exit && status == Int32(code), "\(name): \(output)")
            #expect(output.contains("stopping: finishing the batches being checked"), "\(output)")
            #expect(output.contains("STOPPED EARLY (\(name)): "), "\(output)")
            #expect(output.contains("FAIL \(first.path) row 1 "), "\(output)")
            #expect(output.contains("\(second.path): STOPPED before its first row: 40 rows not checked"), "\(output)")

            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
            let checked = try #require(object["rows_checked"] as? Int)
            #expect(object["stopped"] as? Bool == true && object["stop_signal"] as? Int == Int(signal))
            #expect(object["exit_code"] as? Int == code && object["all_valid"] as? Bool == false)
            #expect(checked >= 1 && checked < total && object["rows_not_checked"] as? Int == total - checked)
            let counts = try #require(object["counts"] as? [String: Int])
            #expect(counts["valid"] == checked - 1 && counts["invalid"] == 1, "\(counts)")
            let archives = try #require(object["archives"] as? [[String: Any]])
            #expect(archives.map { $0["outcome"] as? String } == ["stopped", "stopped"])
            #expect(archives[0]["last_row_id_checked"] as? Int == checked)
            #expect((archives[0]["failures"] as? [[String: Any]])?.map { $0["row_id"] as? Int } == [1])
            let text = try String(contentsOfFile: markdown, encoding: .utf8)
            #expect(text.contains("**stopped early** by \(name)"), "\(text)")
        }
    }

    @Test("a second Ctrl-C quits at once: exit 130, no summary, no report")
    func secondInterruptQuits() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let commitments = try fixture.writeCommitments(in: folder)
        // A 2-row archive, then one batch of 40 rows: seconds of work that the first Ctrl-C lets finish.
        let small = try fixture.archive("small.sqlite", in: folder, honest: 0..<2)
        let large = try fixture.archive("large.sqlite", in: folder, honest: 0..<VerifyArchiveFixture.count)
        let json = folder.appendingPathComponent("report.json").path
        let running = try Running([
            "verify-archive", small.path, large.path, "--commitments", commitments, "--jobs", "1", "--report", json,
        ])
        #expect(running.wait(for: "rows  valid"), "\(running.output)")
        // The 40-row batch starts microseconds after the small archive's progress line and lasts far longer than
        // this pause (about 25 ms a row in a debug build): the first Ctrl-C lands inside it, not before it.
        usleep(50_000)
        kill(running.process.processIdentifier, SIGINT)
        #expect(running.wait(for: "Ctrl-C again to quit at once"), "\(running.output)")
        let (status, reason, output) = running.finish(after: SIGINT)
        #expect(reason == .exit && status == 130, "\(output)")
        #expect(!output.contains("STOPPED EARLY") && !output.contains("total:"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: json))
    }

    @Test("--follow: SIGINT while following is the normal end, exit 0 and a report not marked stopped")
    func interruptWhileFollowing() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let commitments = try fixture.writeCommitments(in: folder)
        let archive = try fixture.archive("followed.sqlite", in: folder, honest: 0..<6)
        let json = folder.appendingPathComponent("report.json").path
        let running = try Running([
            "verify-archive", archive.path, "--commitments", commitments, "--jobs", "2", "--follow",
            "--poll-seconds", "0.1", "--report", json,
        ])
        // The last row of the first pass always gets its progress line.
        #expect(running.wait(for: "6/6 rows"), "\(running.output)")
        let (status, reason, output) = running.finish(after: SIGINT)
        #expect(reason == .exit && status == 0, "\(output)")
        #expect(output.contains("ALL VALID: 6 rows") && !output.contains("STOPPED"), "\(output)")
        let object =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        #expect(object?["stopped"] as? Bool == false && object?["rows_not_checked"] as? Int == 0)
        #expect(object?["stop_signal"] is NSNull && object?["exit_code"] as? Int == 0)
    }
}
