import FeedAudit
import Ranking

/// The plain-text view of audited requests (what `feedaudit --plain` prints, and what it prints whenever standard
/// output is not a terminal): per bundle its verdict, every check, the request and its shown posts; then the
/// totals and, stated plainly, what is proven and what is not.
public enum AuditReport {
    /// The exit code the command documents: 0 when every bundle is valid, 1 when any is invalid, 2 when none is
    /// invalid but some could not be read (or there is nothing to audit).
    public static func exitCode(for requests: [AuditedRequest]) -> Int32 {
        if requests.isEmpty { return 2 }
        if requests.contains(where: { $0.verdict.status == .invalid }) { return 1 }
        if requests.contains(where: { $0.verdict.status == .unreadable }) { return 2 }
        return 0
    }

    /// The exit code after the full-screen view: as ``exitCode(for:)``, with requests still being verified when
    /// the user quit counted as not readable (2) unless another one is invalid (1).
    public static func exitCode(for screen: AuditScreen) -> Int32 {
        let code = exitCode(for: screen.requests)
        return code == 0 && screen.verifyingCount > 0 ? 2 : code
    }

    /// One line of totals, e.g. "3 bundles: 2 valid, 1 invalid, 0 unreadable" (plus how many were not finished).
    public static func totals(_ requests: [AuditedRequest], unfinished: Int = 0) -> String {
        let valid = requests.filter { $0.verdict.status == .valid }.count
        let invalid = requests.filter { $0.verdict.status == .invalid }.count
        let unreadable = requests.count - valid - invalid
        let total = requests.count + unfinished
        let noun = total == 1 ? "bundle" : "bundles"
        let rest = unfinished > 0 ? ", \(unfinished) not finished (quit before verification ended)" : ""
        return "\(total) \(noun): \(valid) valid, \(invalid) invalid, \(unreadable) unreadable" + rest
    }

    /// The report as lines (bundle text sanitized: no control character is printed).
    public static func plainText(_ requests: [AuditedRequest]) -> String {
        var lines: [String] = []
        for request in requests {
            let verdict = request.verdict
            lines.append("\(request.source): \(verdict.status.rawValue.uppercased()) — \(verdict.reason)")
            if let statement = request.statement {
                lines.append(
                    "  request \(statement.requestID), user \(statement.userID), epoch \(statement.epoch): "
                        + "top-\(statement.k) of \(statement.n), ModelID \(statement.modelID.hex.prefix(16))…")
            }
            lines.append("  audited in \(request.durationText)")
            for check in verdict.checks {
                lines.append("  \(check.passed ? "✓" : "✗") \(check.kind.rawValue): \(check.detail)")
            }
            if !request.shownPosts.isEmpty {
                lines.append(
                    verdict.status == .valid
                        ? "  shown, in proven rank order:" : "  shown, as the bundle states (NOT proven: the audit failed):")
            }
            for shown in request.shownPosts {
                lines.append("    \(shown.rank). post \(shown.post.postID) · \(AuditedRequest.summary(of: shown.post))")
            }
        }
        lines.append(totals(requests))
        lines.append("proven (valid bundles only): " + AuditVerdict.covered.joined(separator: "; "))
        lines.append("not proven (by any bundle): " + AuditVerdict.notCovered.joined(separator: "; "))
        return lines.map { DisplayWidth.sanitized($0) }.joined(separator: "\n")
    }
}
