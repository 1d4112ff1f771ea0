import Ranking

/// The archive's one header row: which model every row was proven under, and the log it was published in.
/// Shards of one batch carry equal headers; `archive merge` refuses archives whose headers differ.
public struct ArchiveHeader: Sendable, Equatable {
    /// The model's identity (every row's ModelID must equal it).
    public let modelID: ModelID
    /// The public commitment file ("FPMC", `commitment.fpmc`) the ModelID is the digest of.
    public let commitment: [UInt8]
    /// The platform's Ed25519 public key every bundle is signed with (32 bytes).
    public let platformKey: [UInt8]
    /// Size of the transparency log's latest signed tree head when the archive was created.
    public let logTreeSize: Int
    /// Root hash (32 bytes) of that tree head.
    public let logRootHash: [UInt8]

    /// A header from its parts (as stored).
    public init(modelID: ModelID, commitment: [UInt8], platformKey: [UInt8], logTreeSize: Int, logRootHash: [UInt8]) {
        self.modelID = modelID
        self.commitment = commitment
        self.platformKey = platformKey
        self.logTreeSize = logTreeSize
        self.logRootHash = logRootHash
    }

    /// The header of a batch published with `opening`, recording the latest signed tree head of `log`.
    /// - Throws: ``ArchiveError/modelNotInLog(modelID:)`` when that head does not cover the opening's ModelID:
    ///   bundles under a model outside the log would be refused by every verifier.
    public init(opening: ModelOpening, log: TransparencyLog) throws(ArchiveError) {
        let modelID = opening.commitment.modelID
        guard let head = log.latestTreeHead, let index = log.index(of: modelID.bytes), index < head.size else {
            throw .modelNotInLog(modelID: modelID.hex)
        }
        self.init(
            modelID: modelID, commitment: opening.commitment.encoded, platformKey: opening.platformPublicKey,
            logTreeSize: head.size, logRootHash: head.rootHash.bytes)
    }

    /// The first field in which `other` differs from this header, with both values summarized; nil when equal.
    public func difference(from other: ArchiveHeader) -> (field: String, detail: String)? {
        if modelID != other.modelID {
            return ("model_id", "\(modelID.hex.prefix(16))… vs \(other.modelID.hex.prefix(16))…")
        }
        if commitment != other.commitment {
            return ("commitment", "\(commitment.count) vs \(other.commitment.count) bytes, contents differ")
        }
        if platformKey != other.platformKey {
            return ("platform_key", "\(hexPrefix(platformKey)) vs \(hexPrefix(other.platformKey))")
        }
        if logTreeSize != other.logTreeSize || logRootHash != other.logRootHash {
            return (
                "log state",
                "size \(logTreeSize) root \(hexPrefix(logRootHash)) vs size \(other.logTreeSize) root \(hexPrefix(other.logRootHash))"
            )
        }
        return nil
    }
}

/// The first 8 bytes of `bytes` in lowercase hex, with an ellipsis.
func hexPrefix(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var text = ""
    for byte in bytes.prefix(8) {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 15)])
    }
    return text + "…"
}
