import Archive
import ArchiveAudit
import FeedAudit
import FeedProofTestSupport
import Foundation
import GRDB
import Ranking
import Synchronization
import Testing

/// The researcher's bulk verifier (`ArchiveVerifier`, issue 9): a forged row among hundreds is found and named, a
/// corrupted row is reported apart from an invalid proof, batched and one-by-one verification agree, shards,
/// ranges, unreadable archives and an archive still being written.
@Suite("verify-archive: the bulk verifier")
struct VerifyArchiveTests {
    @Test("one forged row among 200 valid ones (5 shard archives) is found and named: archive, row, user, request")
    func forgedRowAmongHundreds() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Proving hundreds of distinct bundles takes minutes in a debug build, and a bundle cannot be stored under
        // another request id (the statement is signed, and the verifier checks the row against it), so the 200
        // valid rows are 5 archives of the same 40 bundles. The forgery goes into the middle of the fourth, after
        // 23 honest rows, so it shares a batch with honest proofs on both sides.
        let shardCount = 5
        let forgedIndex = 23
        var paths: [String] = []
        var forgedRow: Int64 = 0
        for shard in 0..<shardCount {
            let archive = try fixture.archive("shard-\(shard).sqlite", in: folder, honest: 0..<forgedIndex)
            if shard == 3 {
                forgedRow = try fixture.insert(fixture.forged(forgedIndex).encoded, as: forgedIndex, into: archive)
            }
            for index in (forgedIndex + (shard == 3 ? 1 : 0))..<VerifyArchiveFixture.count {
                try archive.insert(fixture.honest[index])
            }
            paths.append(archive.path)
        }
        let total = shardCount * VerifyArchiveFixture.count

        let alone = fixture.auditor.audit(bundleBytes: fixture.forged(forgedIndex).encoded)
        #expect(alone.failure?.kind == .proof, "only the proof fails: \(alone.reason)")

        let report = try fixture.verifier(jobs: 2, batchSize: 64).verify(paths)
        #expect(report.exitCode == 1)
        #expect(report.rowsChecked == total)
        #expect(report.counts.valid == total - 1)
        #expect(report.counts.invalid == 1 && report.counts.corrupted == 0 && report.counts.unreadable == 0)
        #expect(report.archives.map(\.counts.invalid) == [0, 0, 0, 1, 0])
        let statement = fixture.honest[forgedIndex].statement
        #expect(
            report.failures == [
                RowVerdict(
                    archive: paths[3], rowID: forgedRow, userID: statement.userID, requestID: statement.requestID,
                    epoch: statement.epoch, modelID: statement.modelID.hex, category: .invalid, check: "proof",
                    reason: alone.reason)
            ])
        for archive in report.archives {
            #expect(archive.checkedRowIDs == RowIDSpan(first: 1, last: Int64(VerifyArchiveFixture.count)))
        }
        #expect(report.countsByModel == [statement.modelID.hex: report.counts])
        let summary = report.summary()
        #expect(
            summary.contains(
                "\(paths[3]) row \(forgedRow) (user \(statement.userID), request \(statement.requestID)): invalid, proof:"
            ))
        #expect(summary.hasSuffix("FAILURES: 1 of \(total) rows"))
    }

    @Test(
        "a corrupted row (bad checksum) is reported as corrupted, apart from an invalid proof and an unreadable bundle")
    func corruptedRowIsNotAProofFailure() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try fixture.archive("corrupt.sqlite", in: folder, honest: 0..<20)
        // A byte flipped in a stored bundle after it was written: the checksum column still has the honest value.
        let corruptedRow: Int64 = 7
        try archive.queue.write { db in
            var bytes = fixture.honest[6].encoded
            bytes[bytes.count / 2] ^= 0x01
            try db.execute(
                sql: "UPDATE rankings SET bundle = ? WHERE id = ?", arguments: [Data(bytes), corruptedRow])
            // A row whose checksum is not even an integer: damaged, also corrupted.
            try db.execute(sql: "UPDATE rankings SET checksum = 'x' WHERE id = 12")
        }
        let forgedRow = try fixture.insert(fixture.forged(20).encoded, as: 20, into: archive)
        let truncated = fixture.row(.truncated, 21)
        let truncatedRow = try fixture.insert(truncated.bytes, as: 21, into: archive)

        for batchSize in [1, 64] {
            let report = try fixture.verifier(jobs: 2, batchSize: batchSize).verify([archive.path])
            let context: Comment = "batch size \(batchSize): \(report.summary())"
            #expect(report.counts.valid == 18, context)
            #expect(report.counts.corrupted == 2, context)
            #expect(report.counts.invalid == 1, context)
            #expect(report.counts.unreadable == 1, context)
            let failures = report.failures
            #expect(failures.map(\.rowID) == [corruptedRow, 12, forgedRow, truncatedRow], context)
            #expect(failures.map(\.category) == [.corrupted, .corrupted, .invalid, .unreadable], context)
            #expect(failures.map(\.check) == ["checksum", "row", "proof", "format"], context)
            #expect(failures[0].reason.contains("checksum mismatch"), context)
            #expect(failures[0].userID == fixture.honest[6].statement.userID, context)
            #expect(failures[0].requestID == fixture.honest[6].statement.requestID, context)
            #expect(failures[1].reason.contains("checksum"), context)
            #expect(report.exitCode == 1, context)
        }
    }

    @Test("random mixes: batched (several sizes and jobs) and one-by-one verification give the same verdicts")
    func batchedAndOneByOneAgree() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SeededGenerator(seed: 0x5eed_a7c1)
        for round in 0..<2 {
            let archive = try fixture.base.archive("mix-\(round).sqlite", in: folder)
            var kinds: [VerifyArchiveFixture.Kind] = []
            for index in 0..<VerifyArchiveFixture.count {
                // Mostly honest rows, as in a real archive, so that batches have failures to bisect for.
                let kind: VerifyArchiveFixture.Kind =
                    Int.random(in: 0..<3, using: &generator) == 0
                    ? VerifyArchiveFixture.Kind.allCases.randomElement(using: &generator) ?? .honest : .honest
                let row = fixture.row(kind, index)
                try fixture.insert(row.bytes, as: index, staleChecksum: row.staleChecksum, into: archive)
                kinds.append(kind)
            }
            let oneByOne = try fixture.verifier(jobs: 1, batchSize: 1).verify([archive.path])
            for (jobs, batchSize) in [(2, 64), (3, 7)] {
                let batched = try fixture.verifier(jobs: jobs, batchSize: batchSize).verify([archive.path])
                let context: Comment = "round \(round), jobs \(jobs), batch size \(batchSize)"
                #expect(batched.failures == oneByOne.failures, context)
                #expect(batched.counts == oneByOne.counts, context)
                #expect(batched.countsByModel == oneByOne.countsByModel, context)
            }
            let expected: [RowVerdict.Category] = kinds.map {
                switch $0 {
                case .honest: .valid
                case .forgedProof, .badSignature: .invalid
                case .truncated: .unreadable
                case .corrupted: .corrupted
                }
            }
            let failed = Dictionary(uniqueKeysWithValues: oneByOne.failures.map { ($0.rowID, $0) })
            for (offset, category) in expected.enumerated() {
                let verdict = failed[Int64(offset + 1)]
                let context: Comment = "round \(round), row \(offset + 1) (\(kinds[offset]))"
                #expect((verdict?.category ?? .valid) == category, context)
                if kinds[offset] == .forgedProof { #expect(verdict?.check == "proof", context) }
                if kinds[offset] == .badSignature { #expect(verdict?.check == "signature", context) }
            }
        }
    }

    @Test(
        "shards: each verified, totals summed; --range selects rows; an unreadable archive → exit 2, others still verified"
    )
    func shardsRangesAndUnreadableArchives() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try fixture.archive("shard-0.sqlite", in: folder, honest: 0..<12)
        let second = try fixture.archive("shard-1.sqlite", in: folder, honest: 12..<20)
        try fixture.insert(fixture.row(.badSignature, 20).bytes, as: 20, into: second)
        let notAnArchive = try ArchiveFixture.write(Array("not sqlite at all".utf8), "junk.sqlite", in: folder)
        let missing = folder.appendingPathComponent("missing.sqlite").path

        let clean = try fixture.verifier().verify([first.path])
        #expect(clean.exitCode == 0 && clean.counts.valid == 12 && clean.failures.isEmpty)
        #expect(clean.summary().hasSuffix("ALL VALID: 12 rows"))

        let all = try fixture.verifier().verify([first.path, missing, second.path, notAnArchive])
        #expect(all.exitCode == 2)
        #expect(all.archives.map(\.outcome) == [.verified, .unreadable, .verified, .unreadable])
        #expect(all.archives.map(\.rowsChecked) == [12, 0, 9, 0])
        #expect(all.counts.valid == 20 && all.counts.invalid == 1)
        #expect(all.failures.map(\.rowID) == [9] && all.failures.first?.archive == second.path)
        #expect(all.archives[1].error?.contains("missing.sqlite") == true)
        #expect(all.archives[3].error?.contains("junk.sqlite") == true)

        let ranged = try fixture.verifier(range: 3...8).verify([first.path, second.path])
        #expect(ranged.archives.map(\.rowsChecked) == [6, 6])
        #expect(ranged.archives.map(\.checkedRowIDs) == [RowIDSpan(first: 3, last: 8), RowIDSpan(first: 3, last: 8)])
        #expect(ranged.exitCode == 0)
        let beyond = try fixture.verifier(range: 100...200).verify([first.path])
        #expect(beyond.rowsChecked == 0 && beyond.exitCode == 0)
        let partly = try fixture.verifier(range: 5...100).verify([second.path])
        #expect(partly.rowsChecked == 5 && partly.failures.map(\.rowID) == [9])

        #expect(try ArchiveVerifier.rowIDRange(parsing: "3..9") == 3...9)
        #expect(try ArchiveVerifier.rowIDRange(parsing: " 3 .. 3 ") == 3...3)
        #expect(try ArchiveVerifier.rowIDRange(parsing: "-5..2") == -5...2)
        for bad in ["", "5", "1..", "..5", "9..2", "a..b", "1...3", "1..2..3", "1-5", "99999999999999999999..1"] {
            #expect(throws: ArchiveVerificationError.invalidRange(bad)) { try ArchiveVerifier.rowIDRange(parsing: bad) }
        }
        #expect(throws: ArchiveVerificationError.self) { try fixture.verifier(jobs: 0) }
        #expect(throws: ArchiveVerificationError.self) { try fixture.verifier(batchSize: 0) }
    }

    @Test("an archive still being written: verified up to its last row at the start, never failing on appends")
    func archiveBeingWritten() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try fixture.archive("live.sqlite", in: folder, honest: 0..<20)
        // A class, not a captured `Mutex` local: escaping closures must share the counter by reference.
        final class Counter: Sendable {
            let value = Mutex(0)
        }
        let appended = Counter()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for index in 20..<VerifyArchiveFixture.count {
                do { try writer.insert(fixture.honest[index]) } catch { break }
                appended.value.withLock { $0 += 1 }
            }
            done.signal()
        }
        thread.start()
        var reports: [ArchiveVerificationReport] = []
        for _ in 0..<2 { reports.append(try fixture.verifier(jobs: 2, batchSize: 8).verify([writer.path])) }
        done.wait()
        for report in reports {
            let archive = report.archives[0]
            #expect(archive.outcome == .verified, "\(archive.error ?? "")")
            #expect(report.exitCode == 0, "\(report.summary())")
            #expect(archive.rowsChecked >= 20 && archive.rowsChecked == archive.rowsInRange)
            #expect(archive.checkedRowIDs == RowIDSpan(first: 1, last: Int64(archive.rowsChecked)))
        }
        #expect(appended.value.withLock { $0 } == VerifyArchiveFixture.count - 20)
        let final = try fixture.verifier().verify([writer.path])
        #expect(final.rowsChecked == VerifyArchiveFixture.count && final.exitCode == 0)
    }

    @Test("--follow: rows appended after the start are verified too, and the run ends after the idle time")
    func followAppendedRows() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try fixture.archive("followed.sqlite", in: folder, honest: 0..<10)
        final class Box: Sendable { let row = Mutex<Int64?>(nil) }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            // Appends in three bursts, 0.3 s apart (well inside the idle time), the last one holding a forgery.
            for burst in 0..<3 {
                Thread.sleep(forTimeInterval: 0.3)
                for index in (10 + 5 * burst)..<(15 + 5 * burst) {
                    if burst == 2 && index == 22 {
                        box.row.withLock { $0 = try? fixture.insert(fixture.forged(index).encoded, as: index, into: writer) }
                    } else {
                        _ = try? writer.insert(fixture.honest[index])  // a failure shows as a short count below
                    }
                }
            }
            done.signal()
        }
        thread.start()
        let report = try fixture.verifier(jobs: 2, batchSize: 4).verify(
            [writer.path], follow: FollowOptions(pollInterval: .milliseconds(100), stopAfterIdle: .seconds(2)))
        done.wait()
        let archive = report.archives[0]
        #expect(archive.outcome == .verified, "\(archive.error ?? "")")
        #expect(archive.rowsChecked == 25 && archive.rowsInRange == 25, "\(report.summary())")
        #expect(archive.checkedRowIDs == RowIDSpan(first: 1, last: 25))
        #expect(archive.counts.valid == 24 && report.exitCode == 1, "\(report.summary())")
        #expect(archive.failures.map(\.rowID) == [box.row.withLock { $0 } ?? -1], "\(report.summary())")
    }

    @Test("--follow ends when asked to stop, with the rows verified so far")
    func followStopsWhenAsked() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try fixture.archive("quiet.sqlite", in: folder, honest: 0..<4)
        final class Stop: Sendable { let at = ContinuousClock.now + .milliseconds(600) }
        let stop = Stop()
        let started = ContinuousClock.now
        let report = try fixture.verifier().verify(
            [archive.path],
            follow: FollowOptions(pollInterval: .seconds(60), shouldStop: { ContinuousClock.now >= stop.at }))
        #expect(ContinuousClock.now - started < .seconds(30), "a 60 s poll interval must not delay the stop")
        #expect(report.rowsChecked == 4 && report.exitCode == 0, "\(report.summary())")
    }

    @Test("the JSON and Markdown reports: stable keys, every failure with archive, row, user, request and reason")
    func reports() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try fixture.archive("report.sqlite", in: folder, honest: 0..<6)
        let row = try fixture.insert(fixture.forged(6).encoded, as: 6, into: archive)
        let report = try fixture.verifier(batchSize: 4).verify([archive.path])

        let object = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "all_valid", "archives", "batch_size", "counts", "counts_by_model", "exit_code", "failure_count",
                "jobs",
                "range", "rows_checked", "rows_not_checked", "rows_per_second", "seconds", "started_at", "stop_signal",
                "stopped",
            ])
        #expect(object["exit_code"] as? Int == 1 && object["rows_checked"] as? Int == 7)
        #expect(object["stopped"] as? Bool == false && object["rows_not_checked"] as? Int == 0)
        let archives = try #require(object["archives"] as? [[String: Any]])
        #expect(
            Set(archives[0].keys) == [
                "archive", "checked_row_ids", "counts", "counts_by_model", "epochs", "error", "failures",
                "header_model_id", "last_row_id_checked", "outcome", "requested_row_ids", "rows_checked",
                "rows_in_range", "rows_not_checked", "rows_per_second", "seconds",
            ])
        #expect(archives[0]["outcome"] as? String == "verified" && archives[0]["last_row_id_checked"] as? Int == 7)
        let failure = try #require((archives[0]["failures"] as? [[String: Any]])?.first)
        let statement = fixture.honest[6].statement
        #expect(failure["row_id"] as? Int == Int(row))
        #expect(failure["user_id"] as? Int == Int(statement.userID))
        #expect(failure["request_id"] as? String == statement.requestID)
        #expect(failure["archive"] as? String == archive.path)
        #expect(failure["verdict"] as? String == "invalid" && failure["check"] as? String == "proof")
        #expect((failure["reason"] as? String)?.hasPrefix("proof:") == true)
        let counts = try #require(object["counts"] as? [String: Int])
        #expect(counts == ["valid": 6, "invalid": 1, "unreadable": 0, "corrupted": 0])
        #expect(try JSONDecoder().decode(ArchiveVerificationReport.self, from: report.jsonData()) == report)

        let markdown = report.markdown()
        #expect(markdown.hasPrefix("# FeedProof archive verification"))
        #expect(
            markdown.contains(
                "| \(archive.path) | \(row) | \(statement.userID) | \(statement.requestID) | invalid | proof |"))
        #expect(markdown.contains("## By ModelID") && markdown.contains("`\(statement.modelID.hex.prefix(16))…`"))
        // Text from the archive cannot break the table or the terminal.
        let hostile = RowVerdict(
            archive: "a|b", rowID: 1, userID: 1, requestID: "x\u{1B}[2J|\ny", epoch: 1, modelID: nil,
            category: .invalid, check: "row", reason: "r")
        #expect(ArchiveVerificationReport.describe(hostile).contains("\u{1B}") == false)
    }
}
