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
}
