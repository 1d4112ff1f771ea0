/// What a verifier checks of a transparency log it was handed: every signed tree head is signed by the trusted
/// key (the decoder has already matched each head's size and root to the entries), and, for an entry, that it
/// is in the log with an inclusion proof checked against the latest signed head (RFC 9162 §2.1.3.2).
public enum LogAudit {
    /// The outcome of an audit.
    public struct Verdict: Sendable, Equatable {
        /// Entries in the log.
        public let size: Int
        /// Signed tree heads checked.
        public let treeHeadCount: Int
        /// The audited entry's index, when one was asked for.
        public let entryIndex: Int?
    }

    /// Checks every tree head's signature, and the inclusion of `entry` (if given) under the latest head.
    /// - Throws: ``TransparencyLogError`` naming the failed check; ``TransparencyLogError/entryNotInLog(signedSize:)``
    ///   when the entry is not in the log or no signed head covers it.
    public static func verify(
        _ log: TransparencyLog, publicKey: LogPublicKey, entry: [UInt8]? = nil
    ) throws(TransparencyLogError) -> Verdict {
        try log.verifyTreeHeads(with: publicKey)
        guard let entry else { return Verdict(size: log.size, treeHeadCount: log.treeHeads.count, entryIndex: nil) }
        guard let index = log.index(of: entry), let head = log.latestTreeHead, index < head.size else {
            throw .entryNotInLog(signedSize: log.latestTreeHead?.size ?? 0)
        }
        let proof = try log.inclusionProof(index: index, size: head.size)
        try proof.verify(entry: entry, index: index, treeHead: head)
        return Verdict(size: log.size, treeHeadCount: log.treeHeads.count, entryIndex: index)
    }
}
