/// The prover's hedged random number generator, made by ``TranscriptRNGBuilder/finalize()``.
///
/// Each request for n bytes is meta-AD(LE32(n)); PRF(n) on a STROBE state keyed with the transcript, the witness
/// and OS randomness (merlin `TranscriptRng::fill_bytes`). Use it for every Σ-protocol nonce and commitment
/// blinder of one proof.
///
/// **A class on purpose.** Copying a value-type generator would copy its state, and both copies would then hand
/// out the same bytes: the repeated nonce that reveals a witness. As a reference type, every holder draws from
/// one stream. It is not `Sendable`; give each task its own generator (one builder per task).
public final class TranscriptRNG: RandomNumberGenerator {
    private var strobe: Strobe128

    /// A generator over a keyed STROBE state; see ``TranscriptRNGBuilder``.
    init(strobe: Strobe128) {
        self.strobe = strobe
    }

    /// Fills `buffer` with fresh pseudorandom bytes: meta-AD(LE32(count)); PRF(count).
    ///
    /// Buffers above `UInt32.max` bytes get a saturated length field, as in ``MerlinTranscript``.
    public func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        strobe.metaAD(littleEndian32: MerlinTranscript.lengthField(buffer.count), more: false)
        strobe.prf(into: buffer, more: false)
    }

    /// Returns `count` fresh pseudorandom bytes; the same bytes ``fill(_:)`` writes into a buffer of that size.
    public func nextBytes(count: UInt32) -> [UInt8] {
        // Int(count) is exact on the 64-bit platforms FeedProof supports.
        [UInt8](unsafeUninitializedCapacity: Int(count)) { buffer, initializedCount in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initializedCount = buffer.count
        }
    }

    /// Returns 64 fresh pseudorandom bits: 8 bytes from ``fill(_:)`` read little-endian, as merlin's `next_u64`.
    public func next() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { fill($0) }
        return UInt64(littleEndian: value)
    }
}
