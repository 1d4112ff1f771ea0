import Archive
import Synchronization

/// Hands out consecutive rowid ranges of one archive to the workers: each call to ``next()`` reads the next page of
/// up to `pageSize` rows under a lock and moves the cursor past it, so every row in the bounds goes to exactly one
/// worker whatever the gaps in the rowids, and memory stays at one page per worker.
final class RowCursor: Sendable {
    private struct State {
        /// The next row id to read (inclusive), nil when the bounds are exhausted.
        var next: Int64?
        /// The first read error; every worker stops after it.
        var error: ArchiveError?
    }

    private let archive: RankingArchive
    private let upperBound: Int64
    private let pageSize: Int
    private let state: Mutex<State>

    /// A cursor over the rows of `archive` whose ids are in `bounds`.
    init(archive: RankingArchive, bounds: ClosedRange<Int64>, pageSize: Int) {
        self.archive = archive
        self.upperBound = bounds.upperBound
        self.pageSize = max(1, pageSize)
        state = Mutex(State(next: bounds.lowerBound, error: nil))
    }

    /// The next page, or nil when every row has been handed out or a read failed (see ``error``).
    func next() -> [ArchivedRow]? {
        state.withLock { state -> [ArchivedRow]? in
            guard state.error == nil, let from = state.next else { return nil }
            let page: [ArchivedRow]
            do throws(ArchiveError) {
                page = try archive.rows(from: from, through: upperBound, limit: pageSize)
            } catch {
                state.error = error
                return nil
            }
            guard let last = page.last?.rowID, last < upperBound else {
                state.next = nil
                return page.isEmpty ? nil : page
            }
            state.next = last + 1
            return page
        }
    }

    /// The read error that stopped the cursor, if any.
    var error: ArchiveError? { state.withLock { $0.error } }
}
