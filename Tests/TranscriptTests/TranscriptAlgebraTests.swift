import Algebra
import Testing
import Transcript

/// Typed absorption and challenges: the bridge between transcripts and the group.
@Suite("Transcript scalars and points")
struct TranscriptAlgebraTests {
    @Test("challengeScalar is the 64-byte challenge reduced mod ℓ")
    func challengeScalarIsWideReduction() throws {
        var a = MerlinTranscript(label: "scalar test")
        var b = a
        let scalar = a.challengeScalar(label: "c")
        let bytes = b.challengeBytes(label: "c", count: 64)
        #expect(scalar == (try Scalar(reducingWide: bytes)))
        // Both transcripts advanced identically.
        #expect(a.challengeBytes(label: "next", count: 32) == b.challengeBytes(label: "next", count: 32))
    }

    @Test("absorbing a scalar or a point is absorbing its canonical encoding")
    func typedAbsorptionMatchesEncodings() {
        let scalar = Scalar(123_456_789) * Scalar(-42)
        let point = Scalar(77) * RistrettoPoint.generator
        var typed = MerlinTranscript(label: "absorb")
        typed.appendScalar(label: "s", scalar)
        typed.appendPoint(label: "P", point)
        var raw = MerlinTranscript(label: "absorb")
        raw.appendMessage(label: "s", message: scalar.canonicalBytes)
        raw.appendMessage(label: "P", message: point.encoding)
        #expect(typed.challengeBytes(label: "c", count: 32) == raw.challengeBytes(label: "c", count: 32))
    }

    @Test("a different absorbed point gives a different challenge")
    func challengesBindAbsorbedPoints() {
        var first = MerlinTranscript(label: "bind")
        first.appendPoint(label: "P", RistrettoPoint.generator)
        var second = MerlinTranscript(label: "bind")
        second.appendPoint(label: "P", RistrettoPoint.generator.doubled())
        #expect(first.challengeScalar(label: "c") != second.challengeScalar(label: "c"))
    }

    @Test("RNG scalars: deterministic under a test seed, fresh under OS randomness")
    func rngScalars() {
        let transcript = MerlinTranscript(label: "nonces")
        func rng(_ seed: [UInt8]?) -> TranscriptRNG {
            var builder = transcript.rngBuilder()
            builder.rekey(withWitness: "w", bytes: [1, 2, 3])
            if let seed { return builder.finalize(deterministicSeedForTesting: seed) }
            return builder.finalize()
        }
        let seed = [UInt8](repeating: 9, count: 32)
        #expect(rng(seed).nextScalar() == rng(seed).nextScalar())
        #expect(rng(nil).nextScalar() != rng(nil).nextScalar())
        let generator = rng(nil)
        #expect(generator.nextScalar() != generator.nextScalar())
    }
}
