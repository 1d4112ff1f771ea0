import Archive
import ArchiveAudit
import FeedAudit
import FeedProofTestSupport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `verify-archive` stopped early (SIGINT, SIGTERM during the first pass), in the library: the report says so, the
/// rows checked are the range's first ones, the rest are counted as not checked and never as valid, and failures
/// found before the stop are kept. A stop during `--follow`'s follow phase stays a normal end.
@Suite("verify-archive: stopped early")
struct VerifyArchiveStopTests {
    /// A flag the tests set from a progress callback and the verifier polls.
    final class Flag: Sendable {
        let value = Atomic<Bool>(false)
        /// Progress callbacks seen.
        let callbacks = Atomic<Int>(0)
        func set() { value.store(true, ordering: .relaxed) }
        var isSet: Bool { value.load(ordering: .relaxed) }
    }

    @Test("stopped after the first batch: a prefix of rows checked, the rest not checked nor valid, the forgery kept")
    func stopAfterFirstBatch() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Row 2 is forged (in the first page, always checked); row 30 is forged too, but far past the stop: it
        // must show up nowhere, as no unchecked row may.
        let first = try fixture.base.archive("first.sqlite", in: folder)
        var forgedRows: [Int64] = []
        for index in 0..<VerifyArchiveFixture.count {
            if index == 1 || index == 29 {
                forgedRows.append(try fixture.insert(fixture.forged(index).encoded, as: index, into: first))
            } else {
                try first.insert(fixture.honest[index])
            }
        }
        #expect(forgedRows == [2, 30])
        let second = try fixture.archive("second.sqlite", in: folder, honest: 0..<10)
        let stop = Flag()

        // 2 workers, pages of 4: the stop comes with the first finished page; the other worker finishes its own.
        var report = try fixture.verifier(jobs: 2, batchSize: 4).verify(
            [first.path, second.path], shouldStop: { stop.isSet },
            progress: { _ in
                stop.callbacks.add(1, ordering: .relaxed)
                stop.set()
            })
        let checked = report.archives[0].rowsChecked
        #expect(stop.callbacks.load(ordering: .relaxed) == checked / 4)
        #expect([4, 8].contains(checked), "\(report.summary())")
        #expect(report.stopped && report.exitCode == 130 && report.stopSignal == nil)

        let archive = report.archives[0]
        #expect(archive.outcome == .stopped && archive.error == nil)
        #expect(archive.rowsInRange == 40 && archive.rowsNotChecked == 40 - checked)
        #expect(archive.rowsChecked + archive.rowsNotChecked == archive.rowsInRange)
        #expect(archive.checkedRowIDs == RowIDSpan(first: 1, last: Int64(checked)))
        #expect(archive.lastRowIDChecked == Int64(checked))
        #expect(archive.counts.valid == checked - 1 && archive.counts.invalid == 1 && archive.counts.failed == 1)
        #expect(archive.failures.map(\.rowID) == [2] && archive.failures.first?.check == "proof")

        let untouched = report.archives[1]
        #expect(untouched.outcome == .stopped && untouched.rowsInRange == 10 && untouched.rowsNotChecked == 10)
        #expect(untouched.rowsChecked == 0 && untouched.lastRowIDChecked == nil && untouched.counts == VerdictCounts())

        #expect(report.rowsChecked == checked && report.rowsNotChecked == 50 - checked)
        #expect(report.counts.valid == checked - 1 && report.failures.map(\.rowID) == [2])
        #expect(
            report.verdictLine
                == "STOPPED EARLY: \(checked) of 50 rows checked, \(50 - checked) not checked; "
                + "FAILURES: 1 of \(checked) rows")
        let summary = report.summary()
        #expect(
            summary.contains(
                "\(first.path): STOPPED after row \(checked): \(40 - checked) rows not checked "
                    + "(--range \(checked + 1)..40 resumes); \(checked) rows, \(checked - 1) valid, 1 invalid"),
            "\(summary)")
        #expect(
            summary.contains(
                "\(second.path): STOPPED before its first row: 10 rows not checked (--range 1..10 resumes); 0 rows"),
            "\(summary)")
        #expect(!summary.contains("ALL VALID"))

        report.stopSignal = SIGTERM
        #expect(report.exitCode == 143 && report.verdictLine.hasPrefix("STOPPED EARLY (SIGTERM): \(checked) of 50"))
        let object = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        #expect(object["stopped"] as? Bool == true && object["stop_signal"] as? Int == 15)
        #expect(object["exit_code"] as? Int == 143 && object["all_valid"] as? Bool == false)
        #expect(object["rows_checked"] as? Int == checked && object["rows_not_checked"] as? Int == 50 - checked)
        #expect(object["failure_count"] as? Int == 1)
        let archives = try #require(object["archives"] as? [[String: Any]])
        #expect(archives.map { $0["outcome"] as? String } == ["stopped", "stopped"])
        #expect(archives[0]["last_row_id_checked"] as? Int == checked && archives[1]["last_row_id_checked"] is NSNull)
        #expect(archives.map { $0["rows_not_checked"] as? Int } == [40 - checked, 10])
        #expect(try JSONDecoder().decode(ArchiveVerificationReport.self, from: report.jsonData()) == report)
        let markdown = report.markdown()
        #expect(markdown.contains("- **stopped early** by SIGTERM: \(50 - checked) rows in range not checked"))
        #expect(markdown.contains("| \(first.path) | stopped | \(checked) | \(checked - 1) | 1 |"), "\(markdown)")
        #expect(markdown.contains("`\(second.path)` was stopped before its first row: 10 rows not checked"))
    }

    @Test("stopped before the first row, with --follow: nothing checked or valid, the follow phase skipped")
    func stopBeforeAnyRowSkipsFollow() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try fixture.archive("early.sqlite", in: folder, honest: 0..<6)
        let started = ContinuousClock.now
        // The follow options alone would poll for a minute: the first-pass stop must end the run.
        let report = try fixture.verifier().verify(
            [archive.path], follow: FollowOptions(pollInterval: .seconds(60), shouldStop: { false }),
            shouldStop: { true })
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(report.stopped && report.exitCode == 130, "\(report.summary())")
        #expect(report.rowsChecked == 0 && report.rowsNotChecked == 6 && report.counts.valid == 0)
        #expect(report.archives[0].outcome == .stopped && report.archives[0].checkedRowIDs == nil)
        #expect(report.verdictLine == "STOPPED EARLY: 0 of 6 rows checked, 6 not checked")
    }

    @Test("with --follow, the stop flag set once the first pass is done is a normal end, not a stop")
    func stopInFollowPhaseIsNormalEnd() throws {
        let fixture = try VerifyArchiveFixture.get()
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try fixture.archive("followed.sqlite", in: folder, honest: 0..<6)
        let stop = Flag()
        // One flag for both phases, as the CLI does; set when the last row of the first pass is done.
        let report = try fixture.verifier(jobs: 2, batchSize: 2).verify(
            [archive.path], follow: FollowOptions(pollInterval: .seconds(60), shouldStop: { stop.isSet }),
            shouldStop: { stop.isSet },
            progress: { progress in
                if progress.linesDone == progress.totalLines { stop.set() }
            })
        #expect(!report.stopped && report.exitCode == 0, "\(report.summary())")
        #expect(report.archives[0].outcome == .verified && report.rowsChecked == 6 && report.rowsNotChecked == 0)
        #expect(report.verdictLine == "ALL VALID: 6 rows")
    }
}
