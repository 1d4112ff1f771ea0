import Foundation

/// The report as JSON (for scripts), Markdown (for a human or a paper's appendix) and a plain-text summary (stdout).
extension ArchiveVerificationReport {
    /// Pretty-printed JSON with sorted, stable snake_case keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// A Markdown document: totals, a table per archive, counts by ModelID and every failure.
    public func markdown() -> String {
        var lines = ["# FeedProof archive verification", ""]
        lines.append("**\(verdictLine)**")
        lines.append("")
        lines.append("- started: \(startedAt), wall time \(Self.seconds(seconds)), \(Self.rate(rowsPerSecond))")
        lines.append("- jobs: \(jobs), batch size: \(batchSize)\(batchSize == 1 ? " (one by one)" : "")")
        if let range { lines.append("- row id range asked for: \(range)") }
        lines.append("- rows checked: \(rowsChecked)")
        if stopped {
            lines.append(
                "- **stopped early**\(stopSignalName.map { " by \($0)" } ?? ""): \(rowsNotChecked) rows in range "
                    + "not checked (counted nowhere)")
        }
        lines.append("")
        lines.append("## Archives")
        lines.append("")
        lines.append(
            "| archive | outcome | rows | valid | invalid | unreadable | corrupted | row ids | epochs | time | rows/s |"
        )
        lines.append("|---|---|---:|---:|---:|---:|---:|---|---|---:|---:|")
        for archive in archives {
            let c = archive.counts
            lines.append(
                "| \(Self.cell(archive.archive)) | \(archive.outcome.rawValue) | \(c.total) | \(c.valid) | \(c.invalid) "
                    + "| \(c.unreadable) | \(c.corrupted) | \(archive.checkedRowIDs?.description ?? "–") "
                    + "| \(archive.epochs?.description ?? "–") | \(Self.seconds(archive.seconds)) "
                    + "| \(String(format: "%.1f", archive.rowsPerSecond)) |")
        }
        let c = counts
        lines.append(
            "| **total** | | \(c.total) | \(c.valid) | \(c.invalid) | \(c.unreadable) | \(c.corrupted) | | "
                + "| \(Self.seconds(seconds)) | \(String(format: "%.1f", rowsPerSecond)) |")
        for archive in archives where archive.error != nil {
            lines.append("")
            lines.append("`\(archive.archive)` could not be read: \(Self.cell(archive.error ?? ""))")
        }
        for archive in archives where archive.outcome == .stopped {
            lines.append("")
            lines.append("`\(Self.cell(archive.archive))` was stopped \(Self.stopDescription(archive)).")
        }
        lines.append("")
        lines.append("## By ModelID")
        lines.append("")
        lines.append("| ModelID | rows | valid | invalid | unreadable | corrupted |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for (model, c) in countsByModel.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "| `\(model.prefix(16))…` | \(c.total) | \(c.valid) | \(c.invalid) | \(c.unreadable) | \(c.corrupted) |"
            )
        }
        lines.append("")
        lines.append("## Failures (\(failures.count))")
        lines.append("")
        if failures.isEmpty {
            lines.append("None: every row checked verified.")
        } else {
            lines.append("| archive | row | user | request | verdict | check | reason |")
            lines.append("|---|---:|---:|---|---|---|---|")
            for failure in failures {
                lines.append(
                    "| \(Self.cell(failure.archive)) | \(failure.rowID) | \(failure.userID.map(String.init) ?? "?") "
                        + "| \(Self.cell(failure.requestID ?? "?")) | \(failure.category.rawValue) "
                        + "| \(failure.check ?? "") | \(Self.cell(failure.reason)) |")
            }
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// The summary printed on stdout: one line per archive, totals, by ModelID, the first `failureLimit` failures.
    public func summary(failureLimit: Int = 20) -> String {
        var lines: [String] = []
        for archive in archives {
            let c = archive.counts
            var line = "\(archive.archive): "
            if archive.outcome == .unreadable { line += "UNREADABLE (\(archive.error ?? "unknown error")); " }
            if archive.outcome == .stopped { line += "STOPPED \(Self.stopDescription(archive)); " }
            line += "\(c.total) rows, \(c.valid) valid, \(c.invalid) invalid, \(c.unreadable) unreadable, "
            line += "\(c.corrupted) corrupted"
            if let ids = archive.checkedRowIDs { line += "; row ids \(ids)" }
            if let epochs = archive.epochs { line += ", epochs \(epochs)" }
            line += "; \(Self.seconds(archive.seconds)), \(Self.rate(archive.rowsPerSecond))"
            lines.append(line)
        }
        let c = counts
        lines.append(
            "total: \(c.total) rows in \(archives.count) archive\(archives.count == 1 ? "" : "s"): \(c.valid) valid, "
                + "\(c.invalid) invalid, \(c.unreadable) unreadable, \(c.corrupted) corrupted; "
                + "\(Self.seconds(seconds)), \(Self.rate(rowsPerSecond)) (jobs \(jobs), batch size \(batchSize))")
        for (model, c) in countsByModel.sorted(by: { $0.key < $1.key }) {
            lines.append("  model \(model.prefix(16))…: \(c.total) rows, \(c.valid) valid, \(c.failed) failed")
        }
        let failures = self.failures
        for failure in failures.prefix(failureLimit) {
            lines.append("  FAIL \(Self.describe(failure))")
        }
        if failures.count > failureLimit {
            lines.append("  … and \(failures.count - failureLimit) more (see the report)")
        }
        lines.append(verdictLine)
        return lines.joined(separator: "\n")
    }

    /// `ALL VALID`, `FAILURES: …`, `UNREADABLE ARCHIVES: …` or `STOPPED EARLY: …` (then any failures), the last
    /// line of every rendering. A stopped run never reads `ALL VALID`: its rows not checked are unknown.
    public var verdictLine: String {
        let unreadable = unreadableArchives.count
        let failed = counts.failed
        var parts: [String] = []
        if stopped {
            parts.append(
                "STOPPED EARLY\(stopSignalName.map { " (\($0))" } ?? ""): \(rowsChecked) of "
                    + "\(rowsChecked + rowsNotChecked) rows checked, \(rowsNotChecked) not checked")
        }
        if unreadable > 0 { parts.append("UNREADABLE ARCHIVES: \(unreadable)") }
        if failed > 0 { parts.append("FAILURES: \(failed) of \(rowsChecked) rows") }
        return parts.isEmpty ? "ALL VALID: \(rowsChecked) rows" : parts.joined(separator: "; ")
    }

    /// `archive row 17 (user 4, request req-3): invalid, proof: …`
    public static func describe(_ failure: RowVerdict) -> String {
        let user = failure.userID.map(String.init) ?? "?"
        return "\(printable(failure.archive)) row \(failure.rowID) (user \(user), request "
            + "\(printable(failure.requestID ?? "?"))): \(failure.category.rawValue), \(printable(failure.reason))"
    }

    /// `SIGINT`, `SIGTERM` or `signal 1` for ``stopSignal``.
    var stopSignalName: String? {
        switch stopSignal {
        case nil: nil
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case let other?: "signal \(other)"
        }
    }

    /// `after row 8: 32 rows not checked (--range 9..40 resumes)`, or `before its first row: …`.
    static func stopDescription(_ archive: ArchiveVerification) -> String {
        let left = "\(archive.rowsNotChecked) rows not checked"
        var from = archive.requestedRowIDs?.first
        var text = "before its first row: \(left)"
        if let last = archive.lastRowIDChecked {
            // Rows after `last` exist when stopped, so `last` < Int64.max; checked anyway, nothing traps.
            from = last < Int64.max ? last + 1 : nil
            text = "after row \(last): \(left)"
        }
        if let from, let through = archive.requestedRowIDs?.last, from <= through {
            text += " (--range \(from)..\(through) resumes)"
        }
        return text
    }

    static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }

    static func rate(_ rowsPerSecond: Double) -> String { String(format: "%.1f rows/s", rowsPerSecond) }

    /// Text from the archive made safe for a terminal: line breaks flattened, control characters (escape
    /// sequences a forged request id could carry) dropped.
    static func printable(_ text: String) -> String {
        text.unicodeScalars.compactMap { scalar -> String? in
            if scalar == "\n" || scalar == "\r" || scalar == "\t" { return " " }
            if scalar.properties.generalCategory == .control { return nil }
            return String(scalar)
        }.joined()
    }

    /// Text safe in a Markdown table cell: ``printable(_:)`` with pipes escaped.
    static func cell(_ text: String) -> String {
        printable(text).replacingOccurrences(of: "|", with: "\\|")
    }
}
