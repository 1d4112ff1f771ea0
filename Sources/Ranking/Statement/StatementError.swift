import Model

/// Why a ranking statement was refused: built from inconsistent parts, decoded from malformed bytes, or
/// carrying features that are not what the public recipes give. Nothing in the statement code traps on input:
/// every malformed value ends here.
public enum StatementError: Error, Equatable, Sendable {
    /// A statement needs at least one candidate.
    case noCandidates
    /// More candidates than a statement may hold.
    case tooManyCandidates(count: Int, limit: Int)
    /// Two candidates share a post id.
    case duplicatePostID(Int64)
    /// The ranking shows no post (k must be at least 1).
    case emptyRanking
    /// The ranking shows more posts than there are candidates.
    case tooManyShown(k: Int, n: Int)
    /// A shown post id is not among the candidates.
    case shownNotCandidate(postID: Int64)
    /// A post id appears twice in the ranking.
    case duplicateShown(postID: Int64)
    /// The number of shown posts is not the request's k (clamped to the number of candidates).
    case shownCountMismatch(expected: Int, actual: Int)
    /// The number of feature vectors differs from the number of candidates.
    case featureCountMismatch(features: Int, candidates: Int)
    /// A candidate's feature vector has a different shape from the first candidate's (or from the schema's).
    case featureShapeMismatch(postID: Int64, dense: Int, ids: Int, expectedDense: Int, expectedIDs: Int)
    /// A candidate's stated features differ from the public recipes applied to its raw metadata.
    case featureMismatch(postID: Int64)
    /// The public recipes refused a candidate's raw metadata (for example a negative count).
    case features(FeatureError)
    /// A string field is longer than the format allows (in UTF-8 bytes).
    case stringTooLong(field: String, bytes: Int, limit: Int)
    /// A string field's bytes are not valid UTF-8.
    case invalidUTF8(field: String, offset: Int)
    /// A candidate's flags byte has bits set other than `has_media` (bit 0) and `follows_author` (bit 1).
    case invalidFlags(offset: Int, value: UInt8)
    /// The encoding ended before `needed` more bytes could be read at `offset` (offsets count from the
    /// statement's first byte).
    case truncated(offset: Int, needed: Int, available: Int)
    /// Bytes were left over after the whole statement was read.
    case trailingBytes(count: Int)
    /// The encoding does not start with the magic "FPST".
    case badMagic
    /// The encoding's format version is not one this library reads.
    case unsupportedVersion(UInt16)
    /// A count or length field holds a value above the format's limit (or the whole statement would be
    /// larger than ``RankingStatement/maxCanonicalByteCount``).
    case tooLarge(field: String, value: UInt64, limit: UInt64)
}

extension StatementError: BinaryFormatError {}

extension StatementError: CustomStringConvertible {
    /// A one-line explanation for command-line users.
    public var description: String {
        switch self {
        case .noCandidates:
            return "statement has no candidates"
        case .tooManyCandidates(let count, let limit):
            return "statement has \(count) candidates, at most \(limit) allowed"
        case .duplicatePostID(let id):
            return "post id \(id) appears twice among the candidates"
        case .emptyRanking:
            return "the ranking shows no post (k must be at least 1)"
        case .tooManyShown(let k, let n):
            return "the ranking shows \(k) posts but there are only \(n) candidates"
        case .shownNotCandidate(let id):
            return "shown post \(id) is not among the candidates"
        case .duplicateShown(let id):
            return "post \(id) is shown twice"
        case .shownCountMismatch(let expected, let actual):
            return "the ranking shows \(actual) posts, the request asks for \(expected)"
        case .featureCountMismatch(let features, let candidates):
            return "\(features) feature vectors for \(candidates) candidates"
        case .featureShapeMismatch(let postID, let dense, let ids, let expectedDense, let expectedIDs):
            return "post \(postID) has \(dense) dense and \(ids) id features, "
                + "\(expectedDense) and \(expectedIDs) expected"
        case .featureMismatch(let postID):
            return "post \(postID): the stated features differ from the public recipes applied to its metadata"
        case .features(let error):
            return "feature recipes refused the metadata: \(error)"
        case .stringTooLong(let field, let bytes, let limit):
            return "\(field) is \(bytes) bytes of UTF-8, at most \(limit) allowed"
        case .invalidUTF8(let field, let offset):
            return "\(field) at offset \(offset) is not valid UTF-8"
        case .invalidFlags(let offset, let value):
            return "candidate flags byte at offset \(offset) is \(value); only bits 0 and 1 may be set"
        case .truncated(let offset, let needed, let available):
            return "statement is truncated: needed \(needed) bytes at offset \(offset), only \(available) left"
        case .trailingBytes(let count):
            return "statement has \(count) unexpected trailing bytes"
        case .badMagic:
            return "statement does not start with the magic \"FPST\""
        case .unsupportedVersion(let version):
            return "statement format version \(version) is not supported (this build reads version 1)"
        case .tooLarge(let field, let value, let limit):
            return "\(field) is \(value), at most \(limit) allowed"
        }
    }
}
