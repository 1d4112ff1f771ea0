import FeedAudit
import Ranking

extension AuditScreen {
    /// Narrower than this, one pane is drawn at a time (the focused one).
    public static let twoPaneMinimumColumns = 50
    /// Fewer rows than this, the header is one short line instead of the full proven / not-proven statement.
    public static let fullHeaderMinimumRows = 8

    /// The screen as exactly `size.rows` lines of exactly `size.columns` display cells (none when either is
    /// not positive: zero lines, or empty lines). Text from bundles is sanitized: no control character is drawn.
    public func render(size: (columns: Int, rows: Int)) -> [String] {
        let width = size.columns
        let height = size.rows
        guard height > 0 else { return [] }
        guard width > 0 else { return Array(repeating: "", count: height) }
        let header = headerLines(width: width, rows: height)
        let status = height >= 2 ? [statusLine()] : []
        let bodyHeight = max(0, height - header.count - status.count)
        let body = isShowingHelp ? helpLines(width: width) : bodyLines(width: width, height: bodyHeight)
        var lines = Array(header.prefix(height))
        lines += body.prefix(bodyHeight)
        while lines.count < height - status.count { lines.append("") }
        lines += status
        return lines.prefix(height).map { DisplayWidth.padded(DisplayWidth.sanitized($0), to: width) }
    }

    // MARK: Header and status

    /// The progress indicator's frames (one cell wide each).
    static let spinner: [Character] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    private var spinnerCharacter: Character { Self.spinner[spinnerFrame % Self.spinner.count] }

    private var counts: (valid: Int, invalid: Int, unreadable: Int) {
        var counts = (valid: 0, invalid: 0, unreadable: 0)
        for request in requests {
            switch request.verdict.status {
            case .valid: counts.valid += 1
            case .invalid: counts.invalid += 1
            case .unreadable: counts.unreadable += 1
            }
        }
        return counts
    }

    private func headerLines(width: Int, rows: Int) -> [String] {
        let (valid, invalid, unreadable) = counts
        let verifying = verifyingCount
        let noun = slots.count == 1 ? "request" : "requests"
        var tally = "\(slots.count) \(noun): ✓ \(valid) valid, ✗ \(invalid) invalid, \(unreadable) unreadable"
        if verifying > 0 { tally += ", \(spinnerCharacter) \(verifying) verifying" }
        guard rows >= Self.fullHeaderMinimumRows else {
            let progress = verifying > 0 ? "\(spinnerCharacter)\(verifying) " : ""
            return [
                "\(progress)✓\(valid) ✗\(invalid + unreadable) · proven: top-k by committed model · not: retrieval, metadata"
            ]
        }
        let sectionLines = rows >= 24 ? 3 : 1
        let proven = "PROVEN for ✓ requests: " + AuditVerdict.covered.joined(separator: "; ")
        let notProven = "NOT PROVEN: " + AuditVerdict.notCovered.joined(separator: "; ")
        return ["feedaudit · " + tally] + Self.section(proven, width: width, lines: sectionLines)
            + Self.section(notProven, width: width, lines: sectionLines)
    }

    /// `text` wrapped to `width`, at most `lines` lines, the last ending in "…" when cut.
    private static func section(_ text: String, width: Int, lines: Int) -> [String] {
        let wrapped = DisplayWidth.wrapped(text, to: width)
        guard wrapped.count > lines else { return wrapped }
        var kept = Array(wrapped.prefix(lines))
        kept[lines - 1] = DisplayWidth.truncated(kept[lines - 1] + " " + wrapped[lines], to: width)
        if !kept[lines - 1].hasSuffix("…") {
            kept[lines - 1] = DisplayWidth.truncated(kept[lines - 1] + "…", to: width)
        }
        return kept
    }

    private func statusLine() -> String {
        if isEditingSearch { return "/" + search + "_   (Enter keep · Esc clear)" }
        if isShowingHelp { return "any key: back · q quit" }
        let done = slots.count - verifyingCount
        let progress = done < slots.count ? "\(spinnerCharacter) verifying \(done)/\(slots.count) · " : ""
        let filter = search.isEmpty ? "" : "filter \"\(search)\" (\(visibleItems.count)) · "
        return progress + filter + "↑↓ j k move · Tab pane · Enter details · / search · v re-verify · ? help · q quit"
    }

    private func helpLines(width: Int) -> [String] {
        let text =
            [
                "Keys", "  ↑ ↓ or j k   move in the feed (scroll in the details pane)",
                "  Tab          switch between the feed and the details", "  Enter →      open the details; Esc ← back",
                "  /            search (post id, request id, metadata); Esc clears",
                "  v            audit the selected request again",
                "  ?            this help", "  q  Ctrl-C    quit", "",
                "A ✓ request proves:",
            ] + AuditVerdict.covered.map { "  • " + $0 } + ["", "No verdict proves:"]
            + AuditVerdict.notCovered.map { "  • " + $0 }
        return text.flatMap { DisplayWidth.wrapped($0, to: width) }
    }

    // MARK: Panes

    private func bodyLines(width: Int, height: Int) -> [String] {
        guard height > 0 else { return [] }
        if width < Self.twoPaneMinimumColumns {
            let title = focus == .feed ? "[FEED] details: Tab" : "[DETAILS] feed: Tab"
            let content =
                focus == .feed
                ? feedLines(width: width, height: height - 1) : detailLines(width: width, height: height - 1)
            return [title] + content
        }
        let leftWidth = (width - 1) * 9 / 20
        let rightWidth = width - 1 - leftWidth
        let left = [focus == .feed ? "[FEED]" : " FEED"] + feedLines(width: leftWidth, height: height - 1)
        let right = [focus == .details ? "[DETAILS]" : " DETAILS"] + detailLines(width: rightWidth, height: height - 1)
        return (0..<height).map { row in
            let leftText = row < left.count ? left[row] : ""
            let rightText = row < right.count ? right[row] : ""
            return DisplayWidth.padded(DisplayWidth.sanitized(leftText), to: leftWidth) + "│"
                + DisplayWidth.padded(DisplayWidth.sanitized(rightText), to: rightWidth)
        }
    }

    private static func badge(_ verdict: AuditVerdict) -> String { verdict.status == .valid ? "✓" : "✗" }

    /// The feed in rank order: a line per request, then its shown posts; scrolled to keep the selection in view.
    private func feedLines(width: Int, height: Int) -> [String] {
        guard height > 0 else { return [] }
        let items = visibleItems
        guard !items.isEmpty else { return [search.isEmpty ? "no bundles" : "nothing matches \"\(search)\""] }
        var lines: [String] = []
        var selectedLine = 0
        var lastRequest = -1
        for (position, item) in items.enumerated() {
            let marker = position == selection ? ">" : " "
            guard let request = slots[item.request] else {
                if position == selection { selectedLine = lines.count }
                lines.append("\(marker)\(spinnerCharacter) \(sources[item.request]) · verifying…")
                lastRequest = item.request
                continue
            }
            if item.request != lastRequest {
                lastRequest = item.request
                let badge = Self.badge(request.verdict)
                if let statement = request.statement {
                    let state = request.verdict.status == .valid ? "valid" : request.verdict.reason
                    let lead = item.post == nil ? marker : " "
                    let who = "\(statement.requestID) · user \(statement.userID) · epoch \(statement.epoch)"
                    lines.append("\(lead)\(badge) \(who) · \(state)")
                } else {
                    lines.append("\(marker)\(badge) \(request.source) · unreadable: \(request.verdict.reason)")
                }
                if item.post == nil {
                    if position == selection { selectedLine = lines.count - 1 }
                    continue
                }
            }
            guard let postIndex = item.post else { continue }
            let shown = request.shownPosts[postIndex]
            if position == selection { selectedLine = lines.count }
            lines.append(
                "\(marker)  \(Self.badge(request.verdict)) \(shown.rank). post \(shown.post.postID) · "
                    + AuditedRequest.summary(of: shown.post))
        }
        let offset = max(0, min(selectedLine - height / 2, lines.count - height))
        return lines.dropFirst(offset).prefix(height).map {
            DisplayWidth.truncated(DisplayWidth.sanitized($0), to: width)
        }
    }

    /// The selected post's request (ModelID, verdict, time, every check) and the post (raw metadata, derived features).
    private func detailLines(width: Int, height: Int) -> [String] {
        guard height > 0, let item = selectedItem else { return [] }
        guard let request = slots[item.request] else {
            let text = [
                "Bundle \(sources[item.request])",
                "\(spinnerCharacter) verifying… (format, signature, log inclusion, commitment, features, proof)",
            ]
            return Array(text.flatMap { DisplayWidth.wrapped(DisplayWidth.sanitized($0), to: width) }.prefix(height))
        }
        // The request's verdict first: it is what the user needs at any height.
        var text = requestLines(request)
        if let postIndex = item.post {
            text.append("")
            let shown = request.shownPosts[postIndex]
            let post = shown.post
            let total = request.statement.map { "of \($0.k) shown, \($0.n) candidates" } ?? ""
            text.append("Post \(post.postID) — rank \(shown.rank) \(total)")
            text.append("Raw metadata (stated in the clear, not proven true):")
            text += [
                "  author_id \(post.authorID)", "  topic_id \(post.topicID)", "  likes \(post.likes)",
                "  shares \(post.shares)", "  replies \(post.replies)", "  age_minutes \(post.ageMinutes)",
                "  has_media \(post.hasMedia)", "  follows_author \(post.followsAuthor)",
                "  author_interactions \(post.authorInteractions)",
            ]
            let featuresChecked = request.verdict.checks.contains { $0.kind == .features && $0.passed }
            text.append(
                featuresChecked
                    ? "Derived features (recomputed from the metadata by the public recipes ✓):"
                    : "Derived features (as stated; not confirmed by the recipes):")
            for (index, value) in shown.features.dense.enumerated() {
                text.append("  \(request.denseFeatureName(index)) = \(value)")
            }
            for (index, value) in shown.features.ids.enumerated() {
                text.append("  \(request.idFeatureName(index)) = \(value)")
            }
        }
        let wrapped = text.flatMap { DisplayWidth.wrapped(DisplayWidth.sanitized($0), to: width) }
        let offset = min(detailOffset, max(0, wrapped.count - height))
        return Array(wrapped.dropFirst(offset).prefix(height))
    }

    private func requestLines(_ request: AuditedRequest) -> [String] {
        var text: [String] = []
        let verdict = request.verdict
        if let statement = request.statement {
            text.append("Request \(statement.requestID) (\(request.source))")
            text.append("  user \(statement.userID) · epoch \(statement.epoch) · top-\(statement.k) of \(statement.n)")
            text.append("  ModelID \(statement.modelID.hex.prefix(16))…")
        } else {
            text.append("Bundle \(request.source)")
        }
        text.append("\(Self.badge(verdict)) \(verdict.status.rawValue.uppercased()) — \(verdict.reason)")
        text.append("  audited in \(request.durationText)")
        for check in verdict.checks {
            text.append("  \(check.passed ? "✓" : "✗") \(check.kind.rawValue): \(check.detail)")
        }
        for kind in AuditCheck.Kind.allCases where !verdict.checks.contains(where: { $0.kind == kind }) {
            text.append("  · \(kind.rawValue): not run (an earlier check failed)")
        }
        return text
    }
}
