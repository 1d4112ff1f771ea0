import Algebra
import Proofs
import Transcript

/// Produces altered copies of an encoded proof, one per 32-byte element, for "alter every message and expect
/// rejection" tests. A chunk that decodes as a group element is replaced by that element plus the generator;
/// otherwise a canonical scalar is replaced by itself plus one; otherwise its first byte is flipped.
public enum ProofTampering {
    /// One altered copy of `bytes` per 32-byte chunk (the encoding is a flat sequence of 32-byte elements).
    public static func variants(of bytes: [UInt8]) -> [(element: Int, bytes: [UInt8])] {
        var result: [(Int, [UInt8])] = []
        for element in 0..<(bytes.count / 32) {
            let range = (element * 32)..<(element * 32 + 32)
            let chunk = Array(bytes[range])
            let replacement: [UInt8]
            if let point = try? RistrettoPoint(encoding: chunk) {
                replacement = (point + RistrettoPoint.generator).encoding
            } else if let scalar = try? Scalar(canonical: chunk) {
                replacement = (scalar + .one).canonicalBytes
            } else {
                var flipped = chunk
                flipped[0] ^= 1
                replacement = flipped
            }
            var altered = bytes
            altered.replaceSubrange(range, with: replacement)
            result.append((element, altered))
        }
        return result
    }
}

/// Shared fixtures for proof tests: a small commitment key and reproducible or fresh prover randomness.
public enum ProofTestContext {
    /// A commitment key with 1,024 vector generators (derived once per process): enough for the deferred sumcheck
    /// slices of a 2^16-leaf fraction tree (2·depth·(depth − 1) entries).
    public static let key = CommitmentKey(vectorCapacity: 1024)

    /// A prover RNG keyed by `transcript`, with a fixed seed (reproducible) or OS randomness (`seed == nil`).
    public static func rng(for transcript: MerlinTranscript, seed: UInt8? = nil) -> TranscriptRNG {
        var builder = transcript.rngBuilder()
        builder.rekey(withWitness: "test-witness", bytes: [0x42])
        if let seed { return builder.finalize(deterministicSeedForTesting: [UInt8](repeating: seed, count: 32)) }
        return builder.finalize()
    }
}
