import Foundation
import GRDB

/// `feedproof archive merge`: joins shard archives into one (DESIGN.md §5, "Scale").
///
/// Every input must have a clean schema and the same header (model, commitment, platform key, log state). Rows are
/// copied in input order and row order; a row whose (user id, request id) is already in the output is skipped when
/// it is an exact duplicate (same epoch, ModelID, bundle and checksum) and refused as a conflict otherwise. Rejected
/// request lines are merged the same way by (source, line). Input rows must pass their checksum. The whole merge is
/// one transaction: on any refusal the output is left as it was (and a new output file is removed).
public enum ArchiveMerger {
    /// What a merge did.
    public struct Summary: Sendable, Equatable {
        /// Ranking rows copied into the output.
        public var rowsAdded = 0
        /// Ranking rows skipped as exact duplicates.
        public var duplicatesSkipped = 0
        /// Rejected-line rows copied.
        public var rejectionsAdded = 0
        /// Rankings in the output afterwards.
        public var outputRows = 0
    }

    /// Merges `inputs` into `output` (created when missing; an existing output must have the same header).
    /// - Throws: ``ArchiveError/invalidArgument(_:)`` for no inputs or an output that is also an input;
    ///   ``ArchiveError/headerMismatch(path:field:detail:)`` for archives of different models or logs;
    ///   ``ArchiveError/conflictingRows(userID:requestID:path:)``, ``ArchiveError/corruptRow(path:rowID:)``; the
    ///   errors of opening an archive.
    public static func merge(_ inputs: [String], into output: String) throws(ArchiveError) -> Summary {
        guard !inputs.isEmpty else { throw .invalidArgument("merge needs at least one input archive") }
        let outputPath = canonicalPath(output)
        for input in inputs where canonicalPath(input) == outputPath {
            throw .invalidArgument("the output \(output) is also an input")
        }
        // A file named twice is merged once (SQLite cannot attach one file twice usefully).
        var seen = Set<String>()
        let inputs = inputs.filter { seen.insert(canonicalPath($0)).inserted }
        var header: ArchiveHeader?
        var firstPath = ""
        for input in inputs {
            let archive = try RankingArchive(readingFrom: input)
            let candidate = try archive.header()
            if let header, let difference = header.difference(from: candidate) {
                throw .headerMismatch(
                    path: input, field: difference.field, detail: "\(difference.detail) (against \(firstPath))")
            }
            if header == nil {
                header = candidate
                firstPath = input
            }
        }
        guard let header else { throw .invalidArgument("merge needs at least one input archive") }

        let existed = FileManager.default.fileExists(atPath: output)
        do throws(ArchiveError) {
            let target = try RankingArchive(openingForPublishing: output, header: header)
            if existed, let difference = try target.header().difference(from: header) {
                throw ArchiveError.headerMismatch(path: output, field: difference.field, detail: difference.detail)
            }
            return try copy(inputs, into: target)
        } catch {
            if !existed {
                for suffix in ["", "-wal", "-shm", "-lock"] { try? FileManager.default.removeItem(atPath: output + suffix) }
            }
            throw error
        }
    }

    private static func copy(_ inputs: [String], into target: RankingArchive) throws(ArchiveError) -> Summary {
        var summary = Summary()
        try RankingArchive.guarded(target.path) {
            try target.queue.writeWithoutTransaction { db in
                for (index, input) in inputs.enumerated() {
                    let alias = "merge_input_\(index)"
                    try db.execute(sql: "ATTACH DATABASE ? AS \(alias)", arguments: [input])
                }
                defer {
                    for index in inputs.indices { try? db.execute(sql: "DETACH DATABASE merge_input_\(index)") }
                }
                // Deferred: only the output takes a write lock; the inputs are only read (and may be read-only
                // files, or archives a publisher is still reading).
                try db.inTransaction(.deferred) {
                    for (index, input) in inputs.enumerated() {
                        try copy(from: "merge_input_\(index)", path: input, db, &summary)
                    }
                    summary.outputRows = try Int.fetchOne(db, sql: "SELECT count(*) FROM main.rankings") ?? 0
                    return .commit
                }
            }
        }
        return summary
    }

    private static func copy(from alias: String, path: String, _ db: Database, _ summary: inout Summary) throws {
        if let corrupt = try Int64.fetchOne(
            db, sql: "SELECT id FROM \(alias).rankings WHERE feedproof_xxh3(bundle) IS NOT checksum ORDER BY id LIMIT 1"
        ) {
            throw ArchiveError.corruptRow(path: path, rowID: corrupt)
        }
        if let conflict = try Row.fetchOne(
            db,
            sql: """
                SELECT s.user_id, s.request_id FROM \(alias).rankings s
                JOIN main.rankings m ON m.user_id = s.user_id AND m.request_id = s.request_id
                WHERE m.epoch IS NOT s.epoch OR m.model_id IS NOT s.model_id OR m.bundle IS NOT s.bundle
                   OR m.checksum IS NOT s.checksum
                ORDER BY s.id LIMIT 1
                """)
        {
            throw ArchiveError.conflictingRows(userID: conflict[0], requestID: conflict[1], path: path)
        }
        let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(alias).rankings") ?? 0
        try db.execute(
            sql: """
                INSERT INTO main.rankings (user_id, request_id, epoch, model_id, bundle, checksum)
                SELECT user_id, request_id, epoch, model_id, bundle, checksum FROM \(alias).rankings s
                WHERE NOT EXISTS (
                    SELECT 1 FROM main.rankings m WHERE m.user_id = s.user_id AND m.request_id = s.request_id)
                ORDER BY s.id
                """)
        summary.rowsAdded += db.changesCount
        summary.duplicatesSkipped += before - db.changesCount

        if let conflict = try Row.fetchOne(
            db,
            sql: """
                SELECT s.source, s.line FROM \(alias).request_errors s
                JOIN main.request_errors m ON m.source = s.source AND m.line = s.line
                WHERE m.reason IS NOT s.reason OR m.excerpt IS NOT s.excerpt LIMIT 1
                """)
        {
            let source: String = conflict[0]
            let line: Int = conflict[1]
            throw ArchiveError.invalidArgument(
                "conflicting rejections of \(source):\(line): \(path) records a different reason than an earlier input")
        }
        try db.execute(
            sql: """
                INSERT INTO main.request_errors (source, line, reason, excerpt)
                SELECT source, line, reason, excerpt FROM \(alias).request_errors s
                WHERE NOT EXISTS (SELECT 1 FROM main.request_errors m WHERE m.source = s.source AND m.line = s.line)
                ORDER BY s.source, s.line
                """)
        summary.rejectionsAdded += db.changesCount
    }

    /// `path` with symbolic links and `.`/`..` resolved, to recognize one file under two names.
    static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
