import Algebra

/// Reads proof elements from the canonical binary layout, rejecting truncation, non-canonical scalars and
/// invalid points with a typed ``ProofError`` (never a trap).
public struct ProofReader: Sendable {
    private let bytes: [UInt8]
    /// The offset of the next unread byte.
    public private(set) var offset: Int = 0
    /// Where points come from: decoded one by one, recorded unread (a scanning pass), or looked up.
    private var pointSource = PointSource.decode

    /// A reader over a complete proof encoding.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes not yet read.
    public var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int) throws(ProofError) -> ArraySlice<UInt8> {
        guard count <= remaining else {
            throw ProofError.truncated(offset: offset, needed: count, available: remaining)
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    /// Checks that `count` 32-byte elements can still be read, before anything is allocated for them.
    private func requireElements(_ count: Int) throws(ProofError) {
        guard count >= 0 else { throw ProofError.shapeMismatch("negative element count \(count)") }
        guard count <= remaining / 32 else {
            let (needed, overflow) = count.multipliedReportingOverflow(by: 32)
            throw ProofError.truncated(offset: offset, needed: overflow ? Int.max : needed, available: remaining)
        }
    }

    /// Reads a canonical group element.
    public mutating func readPoint() throws(ProofError) -> RistrettoPoint {
        let start = offset
        let encoding = try take(32)
        switch pointSource {
        case .decode:
            break
        case .record(var offsets):
            // A scanning pass: remember where the point is; its value is never used.
            pointSource = .decode
            offsets.append(start)
            pointSource = .record(offsets)
            return .identity
        case .predecoded(let table, let next):
            if next < table.offsets.count, table.offsets[next] == start {
                pointSource = .predecoded(table, next: next + 1)
                if let point = table.points[next] { return point }
            }
        // Not predecoded here (cannot happen for a pure body) or invalid: decode it for the typed error.
        }
        do {
            return try RistrettoPoint(encoding: encoding)
        } catch {
            throw ProofError.invalidPoint(offset: start, reason: error.description)
        }
    }

    /// Runs `body` — a pure decoder of a whole message — with every point decoded on all cores first.
    ///
    /// Decoding a point is an inverse square root, the largest share of a verifier's time besides its final MSM,
    /// and a proof's points mostly come one or two at a time (sumcheck rounds, inner-product steps), too few for
    /// ``readPoints(_:)`` to spread. So the body runs twice: a scanning pass records where every point lies
    /// (returning placeholders, checking everything else), all points are decoded in parallel, and the real pass
    /// takes them in order. Errors are exactly those of a one-pass decoding: the real pass meets the same
    /// truncation, non-canonical scalar or invalid point at the same place, since an invalid point is left
    /// undecoded and decoded again where it is read.
    public static func decodingPointsInParallel<T, E: Error>(
        _ bytes: [UInt8], _ body: (inout ProofReader) throws(E) -> T
    ) throws(E) -> T {
        var scan = ProofReader(bytes)
        scan.pointSource = .record([])
        _ = try? body(&scan)
        guard case .record(let offsets) = scan.pointSource else { preconditionFailure("the scan's source changed") }
        let points = decodePoints(in: bytes, at: offsets)
        var reader = ProofReader(bytes)
        reader.pointSource = .predecoded(PredecodedPoints(offsets: offsets, points: points), next: 0)
        return try body(&reader)
    }

    /// Reads `count` canonical group elements. Long runs (Hyrax row commitments) are decoded on every core: each
    /// decoding is an inverse square root, the largest share of a verifier's time on big proofs.
    public mutating func readPoints(_ count: Int) throws(ProofError) -> [RistrettoPoint] {
        try requireElements(count)
        guard count >= Self.parallelDecodingThreshold, case .decode = pointSource else {
            var points: [RistrettoPoint] = []
            points.reserveCapacity(count)
            for _ in 0..<count { points.append(try readPoint()) }
            return points
        }
        let start = offset
        let decoded = Self.decodePoints(in: bytes, at: (0..<count).map { start + 32 * $0 })
        if let bad = decoded.firstIndex(where: { $0 == nil }) {
            // Re-read the first invalid element for its typed error and offset.
            offset = start + 32 * bad
            _ = try readPoint()
            throw ProofError.invalidPoint(offset: start + 32 * bad, reason: "decoding disagreed with itself")
        }
        offset = start + 32 * count
        return decoded.compactMap { $0 }
    }

    /// The points encoded at `offsets` of `bytes` (nil where an encoding is invalid), decoded on every core when
    /// there are many: each decoding is an inverse square root. The offsets are in range (the caller read them).
    private static func decodePoints(in bytes: [UInt8], at offsets: [Int]) -> [RistrettoPoint?] {
        var points = [RistrettoPoint?](repeating: nil, count: offsets.count)
        let chunks = offsets.count >= parallelDecodingThreshold ? 16 : 1
        offsets.withUnsafeBufferPointer { at in
            points.withUnsafeMutableBufferPointer { out in
                let shared = UncheckedSendable((at, out))
                ParallelChunks.forEach(count: at.count, chunks: chunks) { range in
                    let (at, out) = shared.value
                    // Array slices: decodeAll's entry point specialized for them (a generic slice type would go
                    // through witness tables for every byte).
                    let decoded = RistrettoPoint.decodeAll(range.map { bytes[at[$0]..<(at[$0] + 32)] })
                    for (i, result) in zip(range, decoded) { out[i] = try? result.get() }
                }
            }
        }
        return points
    }

    /// From how many elements `readPoints` decodes in parallel.
    static let parallelDecodingThreshold = 256

    /// Reads `count` canonical group elements and returns their encodings too (concatenated), so a caller can
    /// hash or absorb them without re-encoding (an inverse square root per point).
    public mutating func readPointsWithEncodings(
        _ count: Int
    ) throws(ProofError) -> (points: [RistrettoPoint], encodings: [UInt8]) {
        let start = offset
        let points = try readPoints(count)
        return (points, Array(bytes[start..<offset]))
    }

    /// Reads a canonical scalar (< ℓ).
    public mutating func readScalar() throws(ProofError) -> Scalar {
        let start = offset
        let encoding = try take(32)
        do {
            return try Scalar(canonical: encoding)
        } catch {
            throw ProofError.nonCanonicalScalar(offset: start)
        }
    }

    /// Reads `count` canonical scalars.
    public mutating func readScalars(_ count: Int) throws(ProofError) -> [Scalar] {
        try requireElements(count)
        var scalars: [Scalar] = []
        scalars.reserveCapacity(count)
        for _ in 0..<count { scalars.append(try readScalar()) }
        return scalars
    }

    /// Confirms the whole encoding was consumed.
    public func finish() throws(ProofError) {
        guard remaining == 0 else { throw ProofError.trailingBytes(count: remaining) }
    }
}

/// Where ``ProofReader/readPoint()`` takes its points from.
private enum PointSource: Sendable {
    /// Decode each point as it is read.
    case decode
    /// A scanning pass: record each point's offset and return a placeholder.
    case record([Int])
    /// Take the points decoded beforehand, in reading order; `next` is the next one's index.
    case predecoded(PredecodedPoints, next: Int)
}

/// Points decoded before the real pass: offsets in reading order and the points (nil where invalid).
private struct PredecodedPoints: Sendable {
    let offsets: [Int]
    let points: [RistrettoPoint?]
}

/// A proof message with a canonical encoding whose shape is fixed by public parameters.
public protocol ProofMessage: Sendable {
    /// The public parameters that fix the encoding's layout (counts, lengths, degrees).
    associatedtype Shape: Sendable

    /// Writes the message.
    func encode(to writer: inout ProofWriter)

    /// Reads a message of the given shape.
    init(from reader: inout ProofReader, shape: Shape) throws(ProofError)
}

extension ProofMessage {
    /// The canonical encoding.
    public var encoded: [UInt8] {
        var writer = ProofWriter()
        encode(to: &writer)
        return writer.bytes
    }

    /// Decodes a complete encoding of the given shape; trailing bytes are an error.
    public init(decoding bytes: [UInt8], shape: Shape) throws(ProofError) {
        var reader = ProofReader(bytes)
        self = try Self(from: &reader, shape: shape)
        try reader.finish()
    }
}

/// The shape of a message whose layout never varies (it has no public size parameters).
public struct FixedShape: Sendable {
    /// The only shape.
    public init() {}
}

extension ProofMessage where Shape == FixedShape {
    /// Decodes a complete encoding of this fixed-layout message; trailing bytes are an error.
    public init(decoding bytes: [UInt8]) throws(ProofError) {
        try self.init(decoding: bytes, shape: FixedShape())
    }
}
