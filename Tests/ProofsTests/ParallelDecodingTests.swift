import Algebra
import Proofs
import Testing

/// Long runs of group elements are decoded on every core; the result and the errors must be those of the
/// one-by-one decoder.
@Suite("Parallel point decoding")
struct ParallelDecodingTests {
    static func encodings(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var point = RistrettoPoint.generator
        for _ in 0..<count {
            bytes += point.encoding
            point = point + RistrettoPoint.generator
        }
        return bytes
    }

    @Test("a long run decodes to the same points as one by one", arguments: [255, 256, 300, 1_024, 1_041])
    func sameResult(_ count: Int) throws {
        let bytes = Self.encodings(count)
        var reader = ProofReader(bytes)
        let points = try reader.readPoints(count)
        try reader.finish()
        var single = ProofReader(bytes)
        for p in points { #expect(try single.readPoint() == p) }
    }

    @Test("the first invalid element of a long run is reported with its offset", arguments: [0, 17, 300, 599])
    func firstInvalid(_ index: Int) throws {
        var bytes = Self.encodings(600)
        bytes[32 * index] ^= 0x01  // an odd (non-canonical) encoding
        bytes[32 * 599 + 31] |= 0x80  // a later invalid element must not be the one reported (unless it is 599)
        var reader = ProofReader(bytes)
        do {
            _ = try reader.readPoints(600)
            Issue.record("decoded an invalid run")
        } catch {
            guard case .invalidPoint(let offset, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(offset == 32 * index)
        }
    }

    /// A message of single points and scalars, read the way proof decoders read them.
    struct Message: Equatable {
        var points: [RistrettoPoint] = []
        var scalars: [Scalar] = []

        /// `shape` lists the elements: true for a point, false for a scalar.
        static func read(_ reader: inout ProofReader, shape: [Bool]) throws(ProofError) -> Message {
            var message = Message()
            for isPoint in shape {
                if isPoint { message.points.append(try reader.readPoint()) } else {
                    message.scalars.append(try reader.readScalar())
                }
            }
            try reader.finish()
            return message
        }
    }

    static let shape = [true, false, true, true, false, true] + Array(repeating: true, count: 300)

    static func messageBytes() -> [UInt8] {
        var bytes: [UInt8] = []
        var point = RistrettoPoint.generator
        for isPoint in shape {
            bytes += isPoint ? point.encoding : Scalar(UInt64(bytes.count)).canonicalBytes
            point = point + RistrettoPoint.generator
        }
        return bytes
    }

    /// The one-pass outcome: the message or the error.
    static func onePass(_ bytes: [UInt8]) -> Result<Message, ProofError> {
        var reader = ProofReader(bytes)
        return Result { () throws(ProofError) in try Message.read(&reader, shape: shape) }
    }

    static func twoPass(_ bytes: [UInt8]) -> Result<Message, ProofError> {
        Result { () throws(ProofError) in
            try ProofReader.decodingPointsInParallel(bytes) { r throws(ProofError) in try Message.read(&r, shape: shape) }
        }
    }

    @Test("points decoded before the structure give the one-pass message")
    func predecodedMessage() throws {
        let bytes = Self.messageBytes()
        #expect(try Self.twoPass(bytes).get() == Self.onePass(bytes).get())
    }

    @Test(
        "with points decoded first, errors are the one-pass errors",
        arguments: [
            "invalid point", "invalid point then truncated", "non-canonical scalar before an invalid point", "truncated",
            "extended",
        ])
    func predecodedErrors(_ damage: String) {
        var bytes = Self.messageBytes()
        switch damage {
        case "invalid point": bytes[32 * 3] ^= 0x01
        case "invalid point then truncated":
            bytes[32 * 2] ^= 0x01
            bytes.removeLast(40)
        case "non-canonical scalar before an invalid point":
            for i in 32..<64 { bytes[i] = 0xff }
            bytes[32 * 2] ^= 0x01
        case "truncated": bytes.removeLast(1)
        default: bytes.append(0)
        }
        let one = Self.onePass(bytes)
        let two = Self.twoPass(bytes)
        guard case .failure(let expected) = one, case .failure(let got) = two else {
            Issue.record("\(damage): decoded (one pass: \(one), two passes: \(two))")
            return
        }
        #expect("\(got)" == "\(expected)", "\(damage)")
    }
}
