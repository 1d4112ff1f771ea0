/// A Merlin transcript: the Fiat–Shamir state of one proof (merlin.cool, STROBE-128 over Keccak-f[1600]).
///
/// Prover and verifier append the same labelled messages in the same order and draw the same challenges. Byte for
/// byte this is merlin 1.0 / gtank/merlin: every output in `Tests/Fixtures/vectors/merlin.json` is reproduced.
///
/// ```swift
/// var transcript = MerlinTranscript(label: "ranking-v2")
/// transcript.appendMessage(label: "commitment", message: commitmentBytes)
/// let challenge = transcript.challengeBytes(label: "alpha", count: 64)  // reduce wide mod ℓ
/// ```
///
/// **Value semantics fork the transcript.** `MerlinTranscript` is a struct holding its whole state inline (about
/// 230 bytes, no heap). Assigning it to another variable or passing it by value makes an independent copy: later
/// appends to one copy do not affect the other. Forking is useful (trial challenges, sub-protocols that must not
/// touch the parent), but a proof step that means to update the caller's transcript must take it `inout`.
///
/// **Lengths.** Merlin frames message and challenge lengths as 32-bit little-endian integers.
/// ``challengeBytes(label:count:)`` takes a `UInt32` count, so it cannot be asked for more. The buffer-based calls
/// take whatever a buffer holds; above `UInt32.max` bytes (4 GiB) Merlin has no encoding (the Rust crate panics,
/// gtank/merlin wraps mod 2³²), and this type writes the length field as `UInt32.max` (saturating) while still
/// absorbing or producing every byte. No FeedProof message or challenge comes near that size; the rule only
/// guarantees that no input traps, and any other implementation of the format must apply the same rule.
public struct MerlinTranscript: Sendable {
    /// The STROBE-128 object; the RNG builder clones it.
    private var strobe: Strobe128

    /// Starts a transcript for the protocol named `label`.
    ///
    /// STROBE-128 is initialized with the protocol label "Merlin v1.0", then `label` is appended as the message of
    /// the "dom-sep" label (merlin `Transcript::new`). Any label is allowed, including the empty string.
    public init(label: String) {
        strobe = Strobe128(protocolLabel: "Merlin v1.0")
        var label = label
        label.withUTF8 { appendMessage(label: "dom-sep", message: UnsafeRawBufferPointer($0)) }
    }

    /// Absorbs `message` under `label`: meta-AD(label); meta-AD(LE32(length), more); AD(message).
    ///
    /// - Complexity: O(label + message length), one permutation per 166 absorbed bytes.
    public mutating func appendMessage(label: String, message: UnsafeRawBufferPointer) {
        strobe.metaAD(label, more: false)
        strobe.metaAD(littleEndian32: Self.lengthField(message.count), more: true)
        strobe.ad(message, more: false)
    }

    /// Absorbs the bytes of `message` under `label`, exactly as the raw-buffer overload does.
    ///
    /// Contiguous collections (`[UInt8]`, `ArraySlice`, `Data`, buffer pointers) are read in place; any other
    /// collection is copied into an array first.
    public mutating func appendMessage(label: String, message: some Collection<UInt8>) {
        let done: Void? = message.withContiguousStorageIfAvailable { elements in
            appendMessage(label: label, message: UnsafeRawBufferPointer(elements))
        }
        if done == nil {
            Array(message).withUnsafeBytes { appendMessage(label: label, message: $0) }
        }
    }

    /// Absorbs `value` under `label` as its 8-byte little-endian encoding (merlin `append_u64`).
    public mutating func appendUInt64(label: String, value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { appendMessage(label: label, message: $0) }
    }

    /// Draws `count` challenge bytes under `label`: meta-AD(label); meta-AD(LE32(count), more); PRF(count).
    ///
    /// Every message appended before this call binds the output, and every later challenge depends on this one.
    /// A count of zero still advances the state.
    /// For a challenge scalar draw 64 bytes and reduce them mod ℓ (DESIGN.md §2).
    ///
    /// - Parameter count: The number of bytes; `UInt32` because Merlin's length field has 32 bits.
    /// - Complexity: O(label + count), one permutation per 166 bytes plus one.
    public mutating func challengeBytes(label: String, count: UInt32) -> [UInt8] {
        // Int(count) is exact on the 64-bit platforms FeedProof supports.
        [UInt8](unsafeUninitializedCapacity: Int(count)) { buffer, initializedCount in
            challengeBytes(label: label, into: UnsafeMutableRawBufferPointer(buffer))
            initializedCount = buffer.count
        }
    }

    /// Fills `buffer` with challenge bytes drawn under `label`; the same bytes as ``challengeBytes(label:count:)``
    /// with `count` = `buffer.count`.
    ///
    /// Use it with a stack buffer (`withUnsafeTemporaryAllocation`) to draw challenges without allocating.
    /// Buffers above `UInt32.max` bytes get a saturated length field (see the type's discussion).
    public mutating func challengeBytes(label: String, into buffer: UnsafeMutableRawBufferPointer) {
        strobe.metaAD(label, more: false)
        strobe.metaAD(littleEndian32: Self.lengthField(buffer.count), more: true)
        strobe.prf(into: buffer, more: false)
    }

    /// Starts a hedged RNG for the prover's secret randomness, keyed by this transcript's current state.
    ///
    /// The transcript itself is not changed. See ``TranscriptRNGBuilder`` for why the RNG is hedged.
    public func rngBuilder() -> TranscriptRNGBuilder {
        TranscriptRNGBuilder(strobe: strobe)
    }

    /// Merlin's 32-bit length field for `count` bytes, saturating above `UInt32.max` (see the type's discussion).
    static func lengthField(_ count: Int) -> UInt32 {
        UInt32(clamping: count)
    }
}
