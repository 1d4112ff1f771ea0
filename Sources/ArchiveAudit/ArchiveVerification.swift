/// What the bulk verifier found in one archive (shard): the counts, every failure, what was covered and how fast.
public struct ArchiveVerification: Sendable, Equatable, Codable {
    /// Whether the archive could be read to the end.
    public enum Outcome: String, Sendable, Codable {
        /// Every row in the covered range was read and given a verdict.
        case verified
        /// The archive could not be opened, or reading stopped part-way (see ``ArchiveVerification/error``);
        /// the counts cover the rows read before that.
        case unreadable
        /// The run was stopped (SIGINT, SIGTERM) before every row in the range was checked: the rows up to
        /// ``ArchiveVerification/lastRowIDChecked`` were, ``ArchiveVerification/rowsNotChecked`` rows after it were
        /// not (and are counted nowhere else).
        case stopped
    }

    /// The archive's path, as given.
    public let archive: String
    /// Whether it was read to the end.
    public var outcome: Outcome
    /// Why it could not be read, when it could not.
    public var error: String?
    /// The header's ModelID (hex), when the header could be read.
    public var headerModelID: String?
    /// The row ids asked for (`--range`, else the whole archive), clipped to the rows present when the run started.
    public var requestedRowIDs: RowIDSpan?
    /// The first and last row id actually checked.
    public var checkedRowIDs: RowIDSpan?
    /// The smallest and largest epoch among the rows checked (the publication periods covered).
    public var epochs: RowIDSpan?
    /// Rows in ``requestedRowIDs`` when the run started (what ``rowsChecked`` reaches unless reading stops).
    public var rowsInRange = 0
    /// Rows given a verdict.
    public var rowsChecked: Int { counts.total }
    /// Rows in range never given a verdict: those left by a stop, or after a read error. 0 when the run covered
    /// every row.
    public var rowsNotChecked: Int { max(0, rowsInRange - rowsChecked) }
    /// The last row id given a verdict. Workers take pages in row order and finish every page they take, so every
    /// row of the range up to this one was checked and none after it: `--range` from the next id resumes a
    /// stopped run.
    public var lastRowIDChecked: Int64? { checkedRowIDs?.last }
    /// Rows by verdict.
    public var counts = VerdictCounts()
    /// Rows by ModelID (hex) and verdict.
    public var countsByModel: [String: VerdictCounts] = [:]
    /// Every row that did not verify, in row order.
    public var failures: [RowVerdict] = []
    /// Wall time spent on this archive, in seconds.
    public var seconds = 0.0

    /// An empty result for `archive`.
    public init(archive: String) {
        self.archive = archive
        outcome = .verified
    }

    /// Rows verified per second.
    public var rowsPerSecond: Double { seconds > 0 ? Double(rowsChecked) / seconds : 0 }

    /// Adds row verdicts (any order; ``failures`` are sorted by ``finish()``).
    mutating func add(_ verdicts: [RowVerdict]) {
        for verdict in verdicts {
            counts.add(verdict.category)
            countsByModel[verdict.modelID ?? "unknown", default: VerdictCounts()].add(verdict.category)
            checkedRowIDs = RowIDSpan(checkedRowIDs, including: verdict.rowID)
            if let epoch = verdict.epoch { epochs = RowIDSpan(epochs, including: epoch) }
            if !verdict.isValid { failures.append(verdict) }
        }
    }

    /// Puts the failures in row order (workers finish their batches in any order).
    mutating func finish() { failures.sort { $0.rowID < $1.rowID } }

    enum CodingKeys: String, CodingKey {
        case archive, outcome, error
        case headerModelID = "header_model_id"
        case requestedRowIDs = "requested_row_ids"
        case checkedRowIDs = "checked_row_ids"
        case epochs
        case rowsInRange = "rows_in_range"
        case rowsChecked = "rows_checked"
        case rowsNotChecked = "rows_not_checked"
        case lastRowIDChecked = "last_row_id_checked"
        case counts
        case countsByModel = "counts_by_model"
        case failures, seconds
        case rowsPerSecond = "rows_per_second"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(archive, forKey: .archive)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(error, forKey: .error)
        try container.encode(headerModelID, forKey: .headerModelID)
        try container.encode(requestedRowIDs, forKey: .requestedRowIDs)
        try container.encode(checkedRowIDs, forKey: .checkedRowIDs)
        try container.encode(epochs, forKey: .epochs)
        try container.encode(rowsInRange, forKey: .rowsInRange)
        try container.encode(rowsChecked, forKey: .rowsChecked)
        try container.encode(rowsNotChecked, forKey: .rowsNotChecked)
        try container.encode(lastRowIDChecked, forKey: .lastRowIDChecked)
        try container.encode(counts, forKey: .counts)
        try container.encode(countsByModel, forKey: .countsByModel)
        try container.encode(failures, forKey: .failures)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(rowsPerSecond, forKey: .rowsPerSecond)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        archive = try container.decode(String.self, forKey: .archive)
        outcome = try container.decode(Outcome.self, forKey: .outcome)
        error = try container.decodeIfPresent(String.self, forKey: .error)
        headerModelID = try container.decodeIfPresent(String.self, forKey: .headerModelID)
        requestedRowIDs = try container.decodeIfPresent(RowIDSpan.self, forKey: .requestedRowIDs)
        checkedRowIDs = try container.decodeIfPresent(RowIDSpan.self, forKey: .checkedRowIDs)
        epochs = try container.decodeIfPresent(RowIDSpan.self, forKey: .epochs)
        rowsInRange = try container.decode(Int.self, forKey: .rowsInRange)
        counts = try container.decode(VerdictCounts.self, forKey: .counts)
        countsByModel = try container.decode([String: VerdictCounts].self, forKey: .countsByModel)
        failures = try container.decode([RowVerdict].self, forKey: .failures)
        seconds = try container.decode(Double.self, forKey: .seconds)
    }
}
