/// The verdict on one archive row (issue 9): what the row claims (row id, user, request, epoch, ModelID) and
/// whether its bundle verifies. Valid rows are counted; every other verdict is listed in the report.
public struct RowVerdict: Sendable, Equatable, Codable {
    /// What happened to the row. `corrupted` is kept apart from `invalid`: a checksum mismatch is storage damage
    /// (the bytes are not what the publisher wrote), not evidence against the platform's ranking.
    public enum Category: String, Sendable, Codable, CaseIterable {
        /// Every check passed: signature, log inclusion, model commitment, features, proof.
        case valid
        /// The bundle was read and a check failed (or the row's columns disagree with its signed statement).
        case invalid
        /// The stored bytes match their checksum but are not a bundle (truncated, wrong format).
        case unreadable
        /// The stored bundle fails its XXH3 checksum, or the row's columns do not have the schema's types.
        case corrupted
    }

    /// The archive the row is in.
    public let archive: String
    /// The row id.
    public let rowID: Int64
    /// The row's `user_id` (nil when the column is damaged).
    public let userID: Int64?
    /// The row's `request_id` (nil when the column is damaged).
    public let requestID: String?
    /// The row's `epoch` (nil when the column is damaged).
    public let epoch: Int64?
    /// The ModelID in hex: the signed statement's when the bundle decodes, else the row's `model_id` column.
    public let modelID: String?
    /// The verdict.
    public let category: Category
    /// The failed check (`signature`, `log-inclusion`, `model-commitment`, `features`, `proof`, `format`,
    /// `checksum`, `row`), nil when valid.
    public let check: String?
    /// Why, in one line.
    public let reason: String

    /// A verdict from its parts.
    public init(
        archive: String, rowID: Int64, userID: Int64?, requestID: String?, epoch: Int64?, modelID: String?,
        category: Category, check: String?, reason: String
    ) {
        self.archive = archive
        self.rowID = rowID
        self.userID = userID
        self.requestID = requestID
        self.epoch = epoch
        self.modelID = modelID
        self.category = category
        self.check = check
        self.reason = reason
    }

    /// Whether the row verified.
    public var isValid: Bool { category == .valid }

    enum CodingKeys: String, CodingKey {
        case archive
        case rowID = "row_id"
        case userID = "user_id"
        case requestID = "request_id"
        case epoch
        case modelID = "model_id"
        case category = "verdict"
        case check, reason
    }
}
