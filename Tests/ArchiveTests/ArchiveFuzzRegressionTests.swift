import Archive
import FeedProofTestSupport
import Foundation
import GRDB
import Model
import Testing

/// Inputs the fuzz harnesses `fuzz-requests` and `fuzz-archive-row` (Fuzz/README.md) failed on, replayed on every
/// test run: `Tests/Fixtures/fuzz-regressions/requests/` (request files) and `.../archive-row/` (damaged archives).
@Suite("Fuzz regressions: request lines and archive rows")
struct ArchiveFuzzRegressionTests {
    /// Every line of `path` read with a line limit of `maxLineBytes`.
    func lines(_ path: String, maxLineBytes: Int) throws -> [RequestLineReader.Line] {
        let reader = try RequestLineReader(path: path, maxLineBytes: maxLineBytes)
        var lines: [RequestLineReader.Line] = []
        while let line = try reader.next() { lines.append(line) }
        return lines
    }

    @Test("request files: every line limit sees the same lines and lengths (without the line break), no trap")
    func requestFiles() throws {
        let files = try Fixtures.fuzzRegressions("requests")
        #expect(!files.isEmpty)
        for file in files {
            let whole = try lines(file.path, maxLineBytes: 1 << 20)
            for limit in [1, 2, 12, 16, 64, 1 << 10] {
                let cut = try lines(file.path, maxLineBytes: limit)
                #expect(cut.map(\.number) == whole.map(\.number), "\(file.lastPathComponent), limit \(limit)")
                #expect(cut.map(\.length) == whole.map(\.length), "\(file.lastPathComponent), limit \(limit)")
            }
            #expect(try RequestLineReader.countRequests(path: file.path) == whole.filter { !$0.isBlank }.count)
            for line in whole where !line.isBlank {
                _ = try? JSONDecoder().decode(FeedRequest.self, from: Data(line.bytes))
            }
        }
    }

    @Test("damaged archives: archive check reports every row (whatever its id) and never traps")
    func damagedArchives() throws {
        let files = try Fixtures.fuzzRegressions("archive-row")
        #expect(!files.isEmpty)
        for file in files {
            let folder = try ArchiveFixture.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let copy = folder.appendingPathComponent(file.lastPathComponent)
            try FileManager.default.copyItem(at: file, to: copy)
            let rowCount = try DatabaseQueue(path: copy.path).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM rankings") ?? 0
            }
            let report = try ArchiveChecker.check(path: copy.path)
            #expect(report.rowsChecked == rowCount, "\(file.lastPathComponent)")
            let rowProblems = report.problems.filter { if case .row = $0.scope { true } else { false } }
            #expect(!rowProblems.isEmpty, "\(file.lastPathComponent): every fixture row is damaged")
            // Bulk readers: a damaged row comes back as such, never as a trap.
            if let archive = try? RankingArchive(readingFrom: copy.path) {
                #expect(try archive.rows(from: .min, through: .max, limit: 100).count == rowCount)
            }
        }
    }
}
