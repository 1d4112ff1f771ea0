import Archive
import ArgumentParser
import Foundation
import Ranking

/// `feedproof archive`: inspect, check and merge publisher archives (DESIGN.md §5, "Scale").
struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Inspect, check and merge the SQLite archives `feedproof publish` writes.",
        subcommands: [Info.self, Check.self, Merge.self]
    )

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an archive's header, row count and rejected request lines (or one user's rankings).",
            discussion: """
                Exit codes: 0 shown, 2 unreadable or not an archive.
                Example:
                  feedproof archive info feeds/demo/archive.sqlite --user 17
                """)

        @Argument(help: "The archive.") var archive: String
        @Option(help: "List the rankings of this user id.") var user: Int64?

        func run() throws {
            try reportingFailures {
                do {
                    let opened = try RankingArchive(readingFrom: archive)
                    let header = try opened.header()
                    print("archive \(archive)")
                    print("  model:     \(header.modelID.hex)")
                    print("  log:       size \(header.logTreeSize), root \(hex(header.logRootHash))")
                    print("  platform:  \(hex(header.platformKey))")
                    let range = try opened.rowIDRange().map { " (row ids \($0.lowerBound)…\($0.upperBound))" } ?? ""
                    print("  rankings:  \(try opened.rankingCount())\(range)")
                    let rejections = try opened.rejections()
                    print("  rejected request lines: \(rejections.count)")
                    for rejection in rejections { print("    \(rejection)") }
                    if let user {
                        let rows = try opened.rankings(ofUser: user)
                        print("  user \(user): \(rows.count) ranking\(rows.count == 1 ? "" : "s")")
                        for row in rows {
                            print(
                                "    row \(row.rowID): request \(row.requestID), epoch \(row.epoch), \(row.bundle.count) bytes"
                            )
                        }
                    }
                } catch let error as ArchiveError {
                    throw CommandFailure.badInput(error.description)
                }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find corrupted rows and schema problems (exit 0 clean, 1 problems found, 2 unreadable).",
            discussion: """
                Checks SQLite's integrity, the schema version and tables, the header (its commitment must hash to its \
                ModelID) and every row: checksum, bundle decoding, the row's user, request id, epoch and ModelID \
                against the bundle's statement, and the signature under the header's platform key. It does not verify \
                proofs (use `feedproof verify` or the FeedAudit library for that).
                Example:
                  feedproof archive check feeds/demo/archive.sqlite --json
                """)

        @Argument(help: "The archive.") var archive: String
        @Flag(help: "Print the report as JSON.") var json = false

        func run() throws {
            try reportingFailures {
                let report: ArchiveReport
                do { report = try ArchiveChecker.check(path: archive) } catch {
                    throw CommandFailure.badInput("\(error)")
                }
                if json {
                    let object: [String: Any] = [
                        "archive": archive, "clean": report.isClean, "rows_checked": report.rowsChecked,
                        "rejected_lines": report.rejectedLines, "damaged_rows": report.damagedRows,
                        "problems": report.problems.map(\.description),
                    ]
                    let data = try JSONSerialization.data(
                        withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                } else {
                    print(
                        "archive \(archive): \(report.rowsChecked) rows checked, \(report.rejectedLines) rejected request lines recorded"
                    )
                    for problem in report.problems { print("  PROBLEM \(problem)") }
                    print(
                        report.isClean
                            ? "CLEAN"
                            : "PROBLEMS: \(report.problems.count) (\(Set(report.damagedRows).count) damaged rows)")
                }
                if !report.isClean { throw ExitCode(1) }
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join shard archives into one.",
            discussion: """
                Every input must hold the same model, commitment, platform key and log state. Exact duplicate rows are \
                skipped; two different bundles for one (user id, request id), or a row failing its checksum, refuse \
                the merge. The merge is one transaction: a refused merge leaves the output unchanged.
                Exit codes: 0 merged, 1 conflicting or corrupted rows, 2 unreadable inputs or mismatched headers.
                Example:
                  feedproof archive merge shard-0.sqlite shard-1.sqlite shard-2.sqlite \\
                      --out all.sqlite
                """)

        @Argument(help: "The archives to merge.") var inputs: [String]
        @Option(help: "The merged archive (created if missing).") var out: String

        func run() throws {
            try reportingFailures {
                do {
                    let summary = try ArchiveMerger.merge(inputs, into: out)
                    print("merged \(inputs.count) archive\(inputs.count == 1 ? "" : "s") into \(out)")
                    print(
                        "  added \(summary.rowsAdded) rankings, skipped \(summary.duplicatesSkipped) exact duplicates, "
                            + "added \(summary.rejectionsAdded) rejected lines; \(summary.outputRows) rankings in \(out)"
                    )
                } catch let error as ArchiveError {
                    throw CommandFailure(description: error.description, code: error.isIntegrityFailure ? 1 : 2)
                }
            }
        }
    }
}
