import FeedAudit
import Ranking

/// The state of the audit screen: the requests of one user's feed (each audited, or still being verified in the
/// background), which post is selected, which pane has the focus, and the search filter. Rendering (``render(size:)``) and key handling (``handle(_:)``) are pure:
/// the caller owns the terminal, draws the returned lines and acts on the returned ``Action``.
public struct AuditScreen: Sendable {
    /// The two panes.
    public enum Pane: Sendable, Equatable {
        /// The feed in rank order, one request after another.
        case feed
        /// The selected post and its request.
        case details
    }

    /// What the caller should do after a key.
    public enum Action: Sendable, Equatable {
        /// Nothing changed.
        case none
        /// The state changed: draw again.
        case redraw
        /// Leave the screen.
        case quit
        /// Audit request `index` again and give the result to ``replace(_:at:)`` (the request now shows as
        /// verifying).
        case reverify(request: Int)
    }

    /// A selectable row of the feed pane: a shown post, or a request with no readable post.
    public struct Item: Sendable, Equatable {
        /// Index into ``requests``.
        public let request: Int
        /// Index into that request's shown posts, or nil for a request without one.
        public let post: Int?

        /// A row: post `post` of request `request`, or the request itself when `post` is nil.
        public init(request: Int, post: Int?) {
            self.request = request
            self.post = post
        }
    }

    /// Where each request came from (a file path or an archive row), in the order given.
    public let sources: [String]
    /// Each request's audit, in the order of ``sources``; nil while it is being verified.
    public private(set) var slots: [AuditedRequest?]
    /// Advanced by ``tick()`` while requests are being verified: the progress indicator's frame.
    public private(set) var spinnerFrame = 0
    /// The selected row among ``visibleItems``.
    public private(set) var selection = 0
    /// The focused pane.
    public private(set) var focus = Pane.feed
    /// The search filter (case-insensitive; matches request id, source, post id and metadata summary).
    public private(set) var search = ""
    /// Whether keys are typing into the search filter.
    public private(set) var isEditingSearch = false
    /// Whether the help overlay is shown.
    public private(set) var isShowingHelp = false
    /// How many lines the details pane is scrolled.
    public private(set) var detailOffset = 0

    /// A screen over audited `requests`, the first post selected.
    public init(requests: [AuditedRequest]) {
        sources = requests.map(\.source)
        slots = requests
    }

    /// A screen whose requests are all still being verified: each shows as verifying until ``replace(_:at:)``.
    public init(verifying sources: [String]) {
        self.sources = sources
        slots = Array(repeating: nil, count: sources.count)
    }

    /// The audited requests, in the order given (those still being verified left out).
    public var requests: [AuditedRequest] { slots.compactMap { $0 } }

    /// How many requests are still being verified.
    public var verifyingCount: Int { slots.count { $0 == nil } }

    /// Advances the progress indicator; returns whether anything is being verified (whether to draw again).
    public mutating func tick() -> Bool {
        guard verifyingCount > 0 else { return false }
        spinnerFrame &+= 1
        return true
    }

    /// Every selectable row that matches the search filter, in feed order.
    public var visibleItems: [Item] {
        let needle = search.lowercased()
        var items: [Item] = []
        for (index, slot) in slots.enumerated() {
            guard let request = slot else {
                if needle.isEmpty || sources[index].lowercased().contains(needle) {
                    items.append(Item(request: index, post: nil))
                }
                continue
            }
            if request.shownPosts.isEmpty {
                let text = "\(request.source) \(request.statement?.requestID ?? "")".lowercased()
                if needle.isEmpty || text.contains(needle) { items.append(Item(request: index, post: nil)) }
                continue
            }
            let requestText = "\(request.source) \(request.statement?.requestID ?? "")".lowercased()
            for (postIndex, shown) in request.shownPosts.enumerated() {
                let text = requestText + " \(shown.post.postID) " + AuditedRequest.summary(of: shown.post).lowercased()
                if needle.isEmpty || text.contains(needle) { items.append(Item(request: index, post: postIndex)) }
            }
        }
        return items
    }

    /// The selected row, if any row is visible.
    public var selectedItem: Item? {
        let items = visibleItems
        return items.indices.contains(selection) ? items[selection] : nil
    }

    /// Puts the audit of request `index` in place (when its verification finishes, first or after
    /// ``Action/reverify(request:)``). The selected request stays selected, on its first row when its rows changed.
    public mutating func replace(_ request: AuditedRequest, at index: Int) {
        guard slots.indices.contains(index) else { return }
        let selected = selectedItem
        slots[index] = request
        guard let selected else { return clampSelection() }
        let items = visibleItems
        selection =
            items.firstIndex(of: selected) ?? items.firstIndex { $0.request == selected.request }
            ?? items.firstIndex { $0.request > selected.request } ?? max(0, items.count - 1)
    }

    /// Applies one key.
    public mutating func handle(_ key: KeyEvent) -> Action {
        if key == .interrupt { return .quit }
        if isShowingHelp {
            isShowingHelp = false
            return key == .character("q") ? .quit : .redraw
        }
        if isEditingSearch { return handleSearch(key) }
        switch key {
        case .up, .character("k"): return move(by: -1)
        case .down, .character("j"): return move(by: 1)
        case .tab:
            focus = focus == .feed ? .details : .feed
            return .redraw
        case .enter, .right:
            guard focus != .details else { return .none }
            focus = .details
            return .redraw
        case .left:
            guard focus != .feed else { return .none }
            focus = .feed
            return .redraw
        case .escape:
            if focus == .details {
                focus = .feed
                return .redraw
            }
            guard !search.isEmpty else { return .none }
            search = ""
            clampSelection()
            return .redraw
        case .character("/"):
            isEditingSearch = true
            return .redraw
        case .character("v"):
            guard let item = selectedItem, slots[item.request] != nil else { return .none }
            let selected = item.request
            slots[selected] = nil
            selection = visibleItems.firstIndex { $0.request == selected } ?? 0
            detailOffset = 0
            return .reverify(request: selected)
        case .character("?"):
            isShowingHelp = true
            return .redraw
        case .character("q"):
            return .quit
        default:
            return .none
        }
    }

    private mutating func handleSearch(_ key: KeyEvent) -> Action {
        switch key {
        case .character(let character):
            search.append(character)
        case .backspace:
            guard !search.isEmpty else { return .none }
            search.removeLast()
        case .enter:
            isEditingSearch = false
        case .escape:
            isEditingSearch = false
            search = ""
        case .up: return move(by: -1)
        case .down: return move(by: 1)
        default:
            return .none
        }
        selection = 0
        detailOffset = 0
        clampSelection()
        return .redraw
    }

    private mutating func move(by step: Int) -> Action {
        if focus == .details {
            let offset = max(0, detailOffset + step)
            guard offset != detailOffset else { return .none }
            detailOffset = offset
            return .redraw
        }
        let count = visibleItems.count
        let target = min(max(0, selection + step), max(0, count - 1))
        guard target != selection else { return .none }
        selection = target
        detailOffset = 0
        return .redraw
    }

    private mutating func clampSelection() {
        selection = min(selection, max(0, visibleItems.count - 1))
    }
}
