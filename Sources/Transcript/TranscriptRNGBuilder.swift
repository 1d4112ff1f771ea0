/// Builds a ``TranscriptRNG``: prover randomness bound to the transcript, the witness and fresh OS randomness.
///
/// Merlin's `TranscriptRngBuilder`, byte for byte: clone the transcript's STROBE state, rekey it with each secret
/// witness, then rekey it with 32 bytes from the operating system.
///
/// ```swift
/// var builder = transcript.rngBuilder()
/// builder.rekey(withWitness: "weights", bytes: weightBytes)
/// let rng = builder.finalize()
/// let nonce = rng.nextBytes(count: 64)  // reduce wide mod ℓ
/// ```
///
/// **Why hedged.** A Σ-protocol response is `z = c·x + d` for witness x, challenge c and nonce d. If two proofs
/// ever use the same d with different challenges, anyone holding both computes `x = (z₁ − z₂)/(c₁ − c₂)`:
/// one repeated nonce reveals the committed weights (DESIGN.md §2, zero-knowledge rule 3). Each source of
/// randomness alone has a failure mode:
/// - OS randomness alone repeats or becomes predictable when the OS generator is weak or its state is cloned
///   (a VM snapshot, a forked process, early boot).
/// - Randomness derived only from the transcript and witness (RFC 6979 style) is the same whenever those are the
///   same. A fault injected into one run (a glitched challenge or response), or a request replayed into a prover
///   whose state was tampered with, then yields two different responses to one nonce.
///
/// Keyed by all three, the nonces are secret and fresh if the OS generator works, and still secret and bound to
/// this statement and witness if it does not. Building the RNG does not change the transcript, so prover and
/// verifier stay in step.
public struct TranscriptRNGBuilder: Sendable {
    private var strobe: Strobe128

    /// A builder over a clone of a transcript's STROBE state; see ``MerlinTranscript/rngBuilder()``.
    init(strobe: Strobe128) {
        self.strobe = strobe
    }

    /// Binds the RNG to the secret `bytes` under `label`: meta-AD(label); meta-AD(LE32(length), more);
    /// KEY(bytes) (merlin `rekey_with_witness_bytes`).
    ///
    /// Call it once per witness (weights, blinders) before ``finalize()``. Lengths above `UInt32.max` get a
    /// saturated length field, as in ``MerlinTranscript``.
    public mutating func rekey(withWitness label: String, bytes: UnsafeRawBufferPointer) {
        strobe.metaAD(label, more: false)
        strobe.metaAD(littleEndian32: MerlinTranscript.lengthField(bytes.count), more: true)
        strobe.key(bytes, more: false)
    }

    /// Binds the RNG to the secret `bytes` under `label`, exactly as the raw-buffer overload does.
    public mutating func rekey(withWitness label: String, bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { elements in
            rekey(withWitness: label, bytes: UnsafeRawBufferPointer(elements))
        }
        if done == nil {
            Array(bytes).withUnsafeBytes { rekey(withWitness: label, bytes: $0) }
        }
    }

    /// Mixes in 32 bytes from the OS generator and returns the RNG: meta-AD("rng"); KEY(random bytes).
    ///
    /// The randomness comes from `SystemRandomNumberGenerator` (getrandom on Linux, the system CSPRNG on Darwin).
    public consuming func finalize() -> TranscriptRNG {
        var system = SystemRandomNumberGenerator()
        let random = (system.next(), system.next(), system.next(), system.next())
        return withUnsafeBytes(of: random) { finalize(randomness: $0) }
    }

    /// Test-only finalization: `seed` replaces the 32 bytes of OS randomness, so the output is reproducible.
    ///
    /// `package` on purpose: a fixed seed turns the hedged RNG into a deterministic one (see the type's
    /// discussion), which production code must never do. Any seed length is accepted.
    package consuming func finalize(deterministicSeedForTesting seed: [UInt8]) -> TranscriptRNG {
        seed.withUnsafeBytes { finalize(randomness: $0) }
    }

    /// meta-AD("rng"); KEY(randomness) (merlin `TranscriptRngBuilder::finalize`).
    private consuming func finalize(randomness: UnsafeRawBufferPointer) -> TranscriptRNG {
        strobe.metaAD("rng", more: false)
        strobe.key(randomness, more: false)
        return TranscriptRNG(strobe: strobe)
    }
}
