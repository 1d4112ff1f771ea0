import FeedProofTestSupport
import Testing
import Transcript

@Suite("Hedged transcript RNG")
struct TranscriptRNGTests {
    /// A transcript with one public message, the state a prover would key its RNG from.
    private static func transcript(_ label: String = "rng test") -> MerlinTranscript {
        var transcript = MerlinTranscript(label: label)
        transcript.appendMessage(label: "statement", message: Array("public data".utf8))
        return transcript
    }

    private static let seed = [UInt8](repeating: 0xA5, count: 32)

    /// Deterministic output for `witness` under `transcript`, with the test seed.
    private static func output(
        _ transcript: MerlinTranscript, witness: [UInt8], seed: [UInt8] = seed, count: UInt32 = 64
    ) -> [UInt8] {
        var builder = transcript.rngBuilder()
        builder.rekey(withWitness: "witness", bytes: witness)
        return builder.finalize(deterministicSeedForTesting: seed).nextBytes(count: count)
    }

    @Test("known answer: transcript, two witnesses (one spanning blocks), fixed seed")
    func knownAnswer() {
        // Derived with the Python STROBE-128 of Tests/Fixtures/vectors/gen_vectors.py, extended by merlin's KEY
        // (begin_op(A|C) then overwrite) and its TranscriptRngBuilder steps; not an official merlin vector.
        var builder = Self.transcript().rngBuilder()
        builder.rekey(withWitness: "witness", bytes: (0..<32).map { UInt8($0) })
        builder.rekey(withWitness: "blinders", bytes: [UInt8](repeating: 7, count: 300))
        let rng = builder.finalize(deterministicSeedForTesting: Self.seed)
        #expect(
            hexString(rng.nextBytes(count: 64))
                == "30567f4ab587973b0a640572c2c27dbded4ef96301dd3b985f7aee152aec6517"
                + "8d41175d17a4612e230e0428625ecb830c927dd289dacc3546b67912c90c1099")
        #expect(rng.next() == 0x5a8f_3de2_7c41_204d)
        #expect(
            hexString(rng.nextBytes(count: 200))
                == "c6db1e970481204fe738dccfe758bfe115fbbdffbd9223cb5b5e4738ec376fb41fa4d598d2b998c2b2062660a9f793"
                + "903a387ef0a7308c21293979a7f3432e80d30de704935833b77d26928355368b57ce115948149fb0b65f70e8cc8d76"
                + "00ce91ec09faf0577e21b2f9abe7e1ca3960a773847228215ff1bd48e975691cb8ff8000ed1c6f1060eaec45fcd557"
                + "2500b67ea4ad6898ada1fab7cfb0a6edfd33688025fffe1606962e8a44c1550508b7e806995515ec56b31ddeb95de2"
                + "18e2831dbedbd6e5d7c9825e")
    }

    @Test("building an RNG leaves the transcript unchanged")
    func transcriptUnchanged() {
        var transcript = Self.transcript()
        var builder = transcript.rngBuilder()
        builder.rekey(withWitness: "witness", bytes: [1, 2, 3])
        _ = builder.finalize().nextBytes(count: 64)
        // The same value the Python reference gives for this transcript with no RNG involved.
        #expect(
            hexString(transcript.challengeBytes(label: "c", count: 32))
                == "bf4c8d16787ed749b014c5bf31da4e6c4161f7f206a663b574bed73c062d6432")
    }

    @Test("same transcript, witness and seed give the same bytes")
    func deterministic() {
        let witness: [UInt8] = [9, 8, 7, 6]
        #expect(Self.output(Self.transcript(), witness: witness) == Self.output(Self.transcript(), witness: witness))
    }

    @Test("a different witness gives different bytes")
    func witnessBinds() {
        let transcript = Self.transcript()
        #expect(Self.output(transcript, witness: [9, 8, 7, 6]) != Self.output(transcript, witness: [9, 8, 7, 5]))
        #expect(Self.output(transcript, witness: []) != Self.output(transcript, witness: [0]))
    }

    @Test("a different transcript gives different bytes")
    func transcriptBinds() {
        var later = Self.transcript()
        later.appendMessage(label: "commitment", message: [0])
        #expect(Self.output(Self.transcript(), witness: [1]) != Self.output(later, witness: [1]))
        let otherLabel = Self.transcript("another protocol")
        #expect(Self.output(Self.transcript(), witness: [1]) != Self.output(otherLabel, witness: [1]))
    }

    @Test("a different seed gives different bytes")
    func seedBinds() {
        let transcript = Self.transcript()
        var otherSeed = Self.seed
        otherSeed[31] ^= 1
        #expect(Self.output(transcript, witness: [1]) != Self.output(transcript, witness: [1], seed: otherSeed))
    }

    @Test("OS randomness: identical state, different bytes")
    func hedged() {
        var builder = Self.transcript().rngBuilder()
        builder.rekey(withWitness: "witness", bytes: [1, 2, 3])
        let twin = builder
        let first = builder.finalize().nextBytes(count: 64)
        let second = twin.finalize().nextBytes(count: 64)
        #expect(first != second)
        #expect(first.count == 64 && second.count == 64)
    }

    @Test("successive draws differ, and fill, nextBytes and next agree")
    func drawing() {
        func rng() -> TranscriptRNG {
            var builder = Self.transcript().rngBuilder()
            builder.rekey(withWitness: "witness", bytes: [1])
            return builder.finalize(deterministicSeedForTesting: Self.seed)
        }
        let a = rng()
        let first = a.nextBytes(count: 32)
        let second = a.nextBytes(count: 32)
        #expect(first != second)

        let b = rng()
        var buffer = [UInt8](repeating: 0, count: 32)
        buffer.withUnsafeMutableBytes { b.fill($0) }
        #expect(buffer == first)

        let c = rng()
        _ = c.nextBytes(count: 32)
        let word = c.next()
        let d = rng()
        _ = d.nextBytes(count: 32)
        let bytes = d.nextBytes(count: 8)
        #expect(word == bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        #expect(c.nextBytes(count: 32) == d.nextBytes(count: 32))
    }

    @Test("copies of an RNG share one stream, so they never repeat a nonce")
    func referenceSemantics() {
        var builder = Self.transcript().rngBuilder()
        builder.rekey(withWitness: "witness", bytes: [1])
        let rng = builder.finalize(deterministicSeedForTesting: Self.seed)
        let alias = rng
        #expect(rng.nextBytes(count: 32) != alias.nextBytes(count: 32))
    }

    @Test("works as a RandomNumberGenerator")
    func generatorConformance() {
        var builder = Self.transcript().rngBuilder()
        builder.rekey(withWitness: "witness", bytes: [1])
        var rng = builder.finalize()
        let values = (0..<16).map { _ in UInt64.random(in: 0..<1_000_000, using: &rng) }
        #expect(values.allSatisfy { $0 < 1_000_000 })
        #expect(Set(values).count > 1)
    }

    @Test("empty labels and witnesses, zero-length draws and 10 KB witnesses")
    func edgeCases() {
        var builder = MerlinTranscript(label: "").rngBuilder()
        builder.rekey(withWitness: "", bytes: [UInt8]())
        builder.rekey(withWitness: "", bytes: UnsafeRawBufferPointer(start: nil, count: 0))
        builder.rekey(withWitness: "big", bytes: [UInt8](repeating: 0x5A, count: 10_240))
        let rng = builder.finalize(deterministicSeedForTesting: [])
        #expect(rng.nextBytes(count: 0).isEmpty)
        rng.fill(UnsafeMutableRawBufferPointer(start: nil, count: 0))
        #expect(rng.nextBytes(count: 10_240).count == 10_240)
    }
}
