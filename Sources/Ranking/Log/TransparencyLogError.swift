/// Why a transparency-log operation, proof, tree head or encoding was refused. Nothing in the log traps on
/// input: every malformed value ends here.
public enum TransparencyLogError: Error, Equatable, Sendable {
    /// A leaf index was negative or not below the tree size.
    case indexOutOfRange(index: Int, size: Int)
    /// The entry is not in the log, or no signed tree head covers it yet.
    case entryNotInLog(signedSize: Int)
    /// A tree size was negative or larger than the log holds.
    case sizeOutOfRange(size: Int, logSize: Int)
    /// A consistency proof was asked for or checked with the old size above the new one (or negative).
    case sizesOutOfOrder(old: Int, new: Int)
    /// A proof path had a different number of hashes than its index and sizes require.
    case wrongPathLength(expected: Int, actual: Int)
    /// An inclusion path did not lead from the entry to the tree head's root.
    case inclusionRejected(index: Int, size: Int)
    /// A consistency path did not connect the old root to the new root.
    case consistencyRejected(oldSize: Int, newSize: Int)
    /// An inclusion proof is for a different leaf index than the one claimed.
    case proofIndexMismatch(proof: Int, claimed: Int)
    /// A proof is for a different tree size than the signed tree head it is checked against.
    case proofSizeMismatch(proof: Int, treeHead: Int)
    /// The entry is already in the log, at `existingIndex` (the log holds each ModelID once).
    case duplicateEntry(existingIndex: Int)
    /// An entry is longer than the encoding's 32-bit length field allows.
    case entryTooLong(length: Int)
    /// A tree head's signature does not verify under the given public key.
    case invalidSignature
    /// A tree head names a different signing key than the one it is checked with.
    case keyMismatch(expected: LogKeyID, actual: LogKeyID)
    /// 32 bytes that are not a valid Ed25519 public key, or a private key of the wrong length.
    case invalidKey(String)
    /// The signing library refused to sign.
    case signingFailed(String)
    /// A tree head does not match the log: its size exceeds the log or its root differs from the log's root
    /// at that size.
    case treeHeadMismatch(size: Int, reason: String)
    /// A tree head's size or timestamp is lower than the previous tree head's.
    case treeHeadsOutOfOrder(previousSize: Int, size: Int)
    /// The encoding ended before `needed` more bytes could be read at `offset`.
    case truncated(offset: Int, needed: Int, available: Int)
    /// Bytes were left over after the whole value was read.
    case trailingBytes(count: Int)
    /// The encoding does not start with the expected four-byte magic.
    case badMagic(expected: String)
    /// The encoding's format version is not one this library reads.
    case unsupportedVersion(UInt8)
    /// A count or size field holds a value outside what the format allows.
    case invalidField(name: String, value: UInt64)
}

extension TransparencyLogError: CustomStringConvertible {
    /// A one-line explanation for command-line users.
    public var description: String {
        switch self {
        case .indexOutOfRange(let index, let size):
            return "leaf index \(index) is outside a tree of \(size) entries"
        case .entryNotInLog(let signedSize):
            return "the entry is not among the \(signedSize) entries covered by the latest signed tree head"
        case .sizeOutOfRange(let size, let logSize):
            return "tree size \(size) is outside the log's 0…\(logSize) entries"
        case .sizesOutOfOrder(let old, let new):
            return "consistency needs 0 ≤ old size ≤ new size, got \(old) and \(new)"
        case .wrongPathLength(let expected, let actual):
            return "proof path has \(actual) hashes, \(expected) expected"
        case .inclusionRejected(let index, let size):
            return "inclusion proof for entry \(index) does not match the root of the tree of \(size) entries"
        case .consistencyRejected(let oldSize, let newSize):
            return "consistency proof does not show the tree of \(oldSize) entries is a prefix of the one of \(newSize)"
        case .proofIndexMismatch(let proof, let claimed):
            return "inclusion proof is for entry \(proof), not entry \(claimed)"
        case .proofSizeMismatch(let proof, let treeHead):
            return "proof is for a tree of \(proof) entries, the tree head has \(treeHead)"
        case .duplicateEntry(let existingIndex):
            return "entry is already in the log at index \(existingIndex)"
        case .entryTooLong(let length):
            return "entry of \(length) bytes is longer than the format allows"
        case .invalidSignature:
            return "tree head signature does not verify"
        case .keyMismatch(let expected, let actual):
            return "tree head is signed by key \(actual), not the trusted key \(expected)"
        case .invalidKey(let detail):
            return "invalid log key: \(detail)"
        case .signingFailed(let detail):
            return "could not sign the tree head: \(detail)"
        case .treeHeadMismatch(let size, let reason):
            return "tree head of size \(size) does not match the log: \(reason)"
        case .treeHeadsOutOfOrder(let previousSize, let size):
            return "tree head of size \(size) follows one of size \(previousSize) with a smaller size or timestamp"
        case .truncated(let offset, let needed, let available):
            return "encoding is truncated: needed \(needed) bytes at offset \(offset), only \(available) left"
        case .trailingBytes(let count):
            return "encoding has \(count) unexpected trailing bytes"
        case .badMagic(let expected):
            return "encoding does not start with the magic \"\(expected)\""
        case .unsupportedVersion(let version):
            return "encoding version \(version) is not supported"
        case .invalidField(let name, let value):
            return "field \(name) holds \(value), outside what the format allows"
        }
    }
}
