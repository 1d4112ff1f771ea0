import Model

// MARK: - Canonical bytes

/// The statement's canonical encoding, version 1 (also in `docs/FORMAT.md`). Integers are big-endian, i64 and
/// i32 two's complement, every field fixed-width or length-prefixed, so the encoding is injective and the
/// decoder accepts exactly the bytes the encoder produces.
///
/// ```
/// offset    size   field
/// 0         4      magic "FPST"
/// 4         2      version, u16 = 1
/// 6         64     ModelID
/// 70        8      epoch, i64
/// 78        8      user id, i64
/// 86        4      L = request id length in bytes, u32 ≤ 4096
/// 90        L      request id, UTF-8
/// 90+L      4      n = candidate count, u32, 1 ≤ n ≤ 1,000,000
/// 94+L      2      d = dense features per candidate, u16
/// 96+L      2      m = id features per candidate, u16
/// 98+L      4      k = shown count, u32, 1 ≤ k ≤ n
/// 102+L     n·R    candidates in request order, R = 65 + 4·(d + m) bytes each (below)
/// 102+L+nR  8·k    shown post ids, i64, best first
/// ```
///
/// Candidate record: post id, author id, topic id, likes, shares, replies, age minutes, author interactions
/// (eight i64), a flags byte (bit 0 has_media, bit 1 follows_author, other bits zero), then the d dense and the
/// m id features (i32 each).
extension RankingStatement {
    /// "FPST".
    static let magic: [UInt8] = Array("FPST".utf8)
    /// The format version this code writes and reads.
    public static let formatVersion: UInt16 = 1
    /// Bytes before the request id.
    static let headerByteCount = 4 + 2 + ModelID.byteCount + 8 + 8 + 4
    /// Bytes of a candidate's raw metadata (eight i64 and the flags byte).
    static let metadataByteCount = 8 * 8 + 1

    /// The exact length of a canonical encoding with these dimensions (saturating, never trapping).
    static func canonicalByteCount(requestIDBytes: Int, n: Int, dense: Int, ids: Int, k: Int) -> Int {
        let record = metadataByteCount + 4 * (dense + ids)
        let (candidateBytes, overflow) = n.multipliedReportingOverflow(by: record)
        guard !overflow, k <= Int.max / 16 else { return Int.max }
        let (total, overflow2) = (headerByteCount + requestIDBytes + 4 + 2 + 2 + 4 + 8 * k)
            .addingReportingOverflow(candidateBytes)
        return overflow2 ? Int.max : total
    }

    /// The canonical encoding (layout above).
    public var canonicalBytes: [UInt8] {
        let (dense, ids) = featureShape
        let idBytes = Array(requestID.utf8)
        var writer = BinaryWriter(
            capacity: Self.canonicalByteCount(
                requestIDBytes: idBytes.count, n: candidates.count, dense: dense, ids: ids, k: shown.count))
        writer.writeHeader(magic: Self.magic, version: Self.formatVersion)
        writer.write(raw: modelID.bytes)
        writer.write(epoch)
        writer.write(userID)
        writer.write(length: idBytes.count)
        writer.write(raw: idBytes)
        writer.write(length: candidates.count)
        writer.write(UInt16(clamping: dense))
        writer.write(UInt16(clamping: ids))
        writer.write(length: shown.count)
        for (post, vector) in zip(candidates, features) {
            writer.write(post.postID)
            writer.write(post.authorID)
            writer.write(post.topicID)
            writer.write(post.likes)
            writer.write(post.shares)
            writer.write(post.replies)
            writer.write(post.ageMinutes)
            writer.write(post.authorInteractions)
            writer.write(UInt8(post.hasMedia ? 1 : 0) | UInt8(post.followsAuthor ? 2 : 0))
            for value in vector.dense { writer.write(value) }
            for value in vector.ids { writer.write(value) }
        }
        for id in shown { writer.write(id) }
        return writer.bytes
    }

    /// Decodes a canonical encoding and validates the statement; re-encoding gives the same bytes.
    ///
    /// Strict: anything but exactly one well-formed, valid version-1 statement is an error, never a trap, and
    /// every count is checked against the bytes that remain before anything is allocated for it.
    ///
    /// - Throws: ``StatementError/badMagic``, ``StatementError/unsupportedVersion(_:)``,
    ///   ``StatementError/truncated(offset:needed:available:)``, ``StatementError/tooLarge(field:value:limit:)``,
    ///   ``StatementError/invalidUTF8(field:offset:)``, ``StatementError/invalidFlags(offset:value:)``,
    ///   ``StatementError/trailingBytes(count:)``, or what ``validate()`` finds.
    public init(canonicalBytes bytes: [UInt8]) throws(StatementError) {
        try self.init(canonicalBytes: bytes[...])
    }

    /// Decodes a canonical encoding held in a slice (offsets in errors count from the slice's first byte).
    public init(canonicalBytes bytes: ArraySlice<UInt8>) throws(StatementError) {
        var reader = BinaryReader<StatementError>(bytes)
        try reader.readHeader(magic: Self.magic, version: Self.formatVersion)
        // ModelID(bytes:) only fails for a length other than 64, which `take` rules out.
        guard let modelID = ModelID(bytes: Array(try reader.take(ModelID.byteCount))) else {
            throw .truncated(offset: reader.offset, needed: ModelID.byteCount, available: reader.remaining)
        }
        let epoch = try reader.readInt64()
        let userID = try reader.readInt64()
        let idLength = try reader.readUInt32("request id length", limit: Self.maxRequestIDBytes)
        let idOffset = reader.offset
        guard let requestID = String(validating: try reader.take(idLength), as: UTF8.self) else {
            throw .invalidUTF8(field: "request id", offset: idOffset)
        }
        let n = try reader.readUInt32("candidate count", limit: Self.maxCandidates)
        let dense = Int(try reader.readUInt16())
        let ids = Int(try reader.readUInt16())
        let k = try reader.readUInt32("shown count", limit: Self.maxCandidates)
        let record = Self.metadataByteCount + 4 * (dense + ids)
        try reader.requireRoom(count: n, itemBytes: record)
        var candidates: [RawPost] = []
        var features: [FeatureVector] = []
        candidates.reserveCapacity(n)
        features.reserveCapacity(n)
        for _ in 0..<n {
            let postID = try reader.readInt64()
            let authorID = try reader.readInt64()
            let topicID = try reader.readInt64()
            let likes = try reader.readInt64()
            let shares = try reader.readInt64()
            let replies = try reader.readInt64()
            let ageMinutes = try reader.readInt64()
            let interactions = try reader.readInt64()
            let flagsOffset = reader.offset
            let flags = try reader.readByte()
            guard flags & ~3 == 0 else { throw .invalidFlags(offset: flagsOffset, value: flags) }
            candidates.append(
                RawPost(
                    postID: postID, authorID: authorID, topicID: topicID, likes: likes, shares: shares,
                    replies: replies, ageMinutes: ageMinutes, hasMedia: flags & 1 != 0, followsAuthor: flags & 2 != 0,
                    authorInteractions: interactions))
            var denseValues = [Int32]()
            denseValues.reserveCapacity(dense)
            for _ in 0..<dense { denseValues.append(try reader.readInt32()) }
            var idValues = [Int32]()
            idValues.reserveCapacity(ids)
            for _ in 0..<ids { idValues.append(try reader.readInt32()) }
            features.append(FeatureVector(dense: denseValues, ids: idValues))
        }
        try reader.requireRoom(count: k, itemBytes: 8)
        var shown: [Int64] = []
        shown.reserveCapacity(k)
        for _ in 0..<k { shown.append(try reader.readInt64()) }
        try reader.finish()
        try self.init(
            modelID: modelID, epoch: epoch, userID: userID, requestID: requestID, candidates: candidates,
            features: features, shown: shown)
    }
}
