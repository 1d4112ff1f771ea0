import FeedProofTestSupport
import Testing
import Transcript

/// `merlin.json`: the fixture's shape.
private struct MerlinVectors: Decodable {
    struct Step: Decodable {
        let op: String
        let label: String
        let messageHex: String?
        let value: UInt64?
        let valueLeHex: String?
        let length: UInt32?
        let outputHex: String?
    }

    struct Vector: Decodable {
        let name: String
        let transcriptLabel: String
        let steps: [Step]
        let expectedFinalChallengeHex: String
    }

    let vectors: [Vector]
}

@Suite("Merlin transcript")
struct MerlinTranscriptTests {
    private static func vectors() throws -> [MerlinVectors.Vector] {
        try Fixtures.load(MerlinVectors.self, from: "merlin.json").vectors
    }

    @Test("the fixture holds the six expected transcripts")
    func fixtureShape() throws {
        let names = try Self.vectors().map(\.name)
        #expect(
            names == [
                "simple", "complex", "append_u64", "append_u64_edges", "multiple_challenges_64",
                "long_message_and_long_challenge",
            ])
    }

    @Test("every step of every vector", arguments: 0..<6)
    func vector(index: Int) throws {
        let all = try Self.vectors()
        try #require(index < all.count)
        let vector = all[index]
        var transcript = MerlinTranscript(label: vector.transcriptLabel)
        var lastChallenge: [UInt8]?
        var challengeCount = 0
        for (stepIndex, step) in vector.steps.enumerated() {
            let context = Comment(rawValue: "\(vector.name) step \(stepIndex) (\(step.op) \"\(step.label)\")")
            switch step.op {
            case "append_message":
                let message = try bytes(fromHex: try #require(step.messageHex, context))
                transcript.appendMessage(label: step.label, message: message)
            case "append_u64":
                let value = try #require(step.value, context)
                // The fixture also spells the encoding; check we read the number as it meant.
                #expect(try bytes(fromHex: try #require(step.valueLeHex, context)) == littleEndianBytes(value), context)
                transcript.appendUInt64(label: step.label, value: value)
            case "challenge_bytes":
                let length = try #require(step.length, context)
                let challenge = transcript.challengeBytes(label: step.label, count: length)
                #expect(challenge.count == Int(length), context)
                #expect(hexString(challenge) == step.outputHex, context)
                lastChallenge = challenge
                challengeCount += 1
            default:
                Issue.record(Comment(rawValue: "unknown op: \(context.rawValue)"))
            }
        }
        #expect(challengeCount > 0)
        #expect(lastChallenge.map(hexString) == vector.expectedFinalChallengeHex, "\(vector.name) final challenge")
    }

    @Test("the official complex transcript, run as its loop")
    func complexLoop() {
        // gtank/merlin TestComplexTranscript, written out independently of the fixture's step list.
        var transcript = MerlinTranscript(label: "test protocol")
        transcript.appendMessage(label: "step1", message: Array("some data".utf8))
        let bigData = [UInt8](repeating: 0x63, count: 1024)
        var challenge: [UInt8] = []
        for _ in 0..<32 {
            challenge = transcript.challengeBytes(label: "challenge", count: 32)
            transcript.appendMessage(label: "bigdata", message: bigData)
            transcript.appendMessage(label: "challengedata", message: challenge)
        }
        #expect(hexString(challenge) == "a8c933f54fae76e3f9bea93648c1308e7dfa2152dd51674ff3ca438351cf003c")
    }

    @Test("appendUInt64 is appendMessage of the 8 little-endian bytes")
    func uint64Encoding() {
        var viaInteger = MerlinTranscript(label: "u64")
        var viaBytes = viaInteger
        viaInteger.appendUInt64(label: "x", value: 0x0102_0304_0506_0708)
        viaBytes.appendMessage(label: "x", message: [0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01])
        #expect(viaInteger.challengeBytes(label: "c", count: 32) == viaBytes.challengeBytes(label: "c", count: 32))
    }

    @Test("every message overload absorbs the same bytes")
    func messageOverloads() {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var reference = MerlinTranscript(label: "overloads")
        reference.appendMessage(label: "m", message: message)
        let expected = reference.challengeBytes(label: "c", count: 64)

        var viaSlice = MerlinTranscript(label: "overloads")
        viaSlice.appendMessage(label: "m", message: ([0xFF] + message)[1...])
        #expect(viaSlice.challengeBytes(label: "c", count: 64) == expected)

        var viaRawBuffer = MerlinTranscript(label: "overloads")
        message.withUnsafeBytes { viaRawBuffer.appendMessage(label: "m", message: $0) }
        #expect(viaRawBuffer.challengeBytes(label: "c", count: 64) == expected)

        var viaLazy = MerlinTranscript(label: "overloads")  // not contiguous: takes the copying path
        viaLazy.appendMessage(label: "m", message: message.lazy.map { $0 })
        #expect(viaLazy.challengeBytes(label: "c", count: 64) == expected)
    }

    @Test("challengeBytes(into:) equals challengeBytes(count:)")
    func challengeIntoBuffer() {
        var first = MerlinTranscript(label: "buffers")
        first.appendMessage(label: "m", message: Array("data".utf8))
        var second = first
        let viaArray = first.challengeBytes(label: "c", count: 200)
        var viaBuffer = [UInt8](repeating: 0, count: 200)
        viaBuffer.withUnsafeMutableBytes { second.challengeBytes(label: "c", into: $0) }
        #expect(viaBuffer == viaArray)
        #expect(first.challengeBytes(label: "next", count: 32) == second.challengeBytes(label: "next", count: 32))
    }

    @Test("labels, messages and lengths all bind the challenge")
    func binding() {
        func challenge(_ build: (inout MerlinTranscript) -> Void) -> [UInt8] {
            var transcript = MerlinTranscript(label: "binding")
            build(&transcript)
            return transcript.challengeBytes(label: "c", count: 32)
        }
        let base = challenge { $0.appendMessage(label: "a", message: [1, 2, 3]) }
        #expect(challenge { $0.appendMessage(label: "b", message: [1, 2, 3]) } != base)
        #expect(challenge { $0.appendMessage(label: "a", message: [1, 2, 4]) } != base)
        #expect(challenge { $0.appendMessage(label: "a", message: [1, 2]) } != base)
        #expect(challenge { $0.appendMessage(label: "a", message: [1, 2, 3]) } == base)
        // Same bytes, different split between label and message.
        #expect(challenge { $0.appendMessage(label: "a\u{1}", message: [2, 3]) } != base)
        var other = MerlinTranscript(label: "binding2")
        other.appendMessage(label: "a", message: [1, 2, 3])
        #expect(other.challengeBytes(label: "c", count: 32) != base)
        // The requested length is absorbed: a shorter challenge is not a prefix of a longer one.
        var short = MerlinTranscript(label: "binding")
        var long = short
        let longPrefix = Array(long.challengeBytes(label: "c", count: 64).prefix(32))
        #expect(longPrefix != short.challengeBytes(label: "c", count: 32))
    }

    @Test("copying a transcript forks it")
    func fork() {
        var original = MerlinTranscript(label: "fork")
        original.appendMessage(label: "shared", message: [1, 2, 3])
        let snapshot = original
        var fork = original
        fork.appendMessage(label: "only in fork", message: [4, 5, 6])
        _ = fork.challengeBytes(label: "fork challenge", count: 64)

        var untouched = snapshot
        #expect(original.challengeBytes(label: "c", count: 32) == untouched.challengeBytes(label: "c", count: 32))
        #expect(fork.challengeBytes(label: "c", count: 32) != untouched.challengeBytes(label: "c", count: 32))
    }

    @Test("empty labels and messages, zero-length challenges and 10 KB messages")
    func edgeCases() {
        var transcript = MerlinTranscript(label: "")
        transcript.appendMessage(label: "", message: [UInt8]())
        transcript.appendMessage(label: "", message: UnsafeRawBufferPointer(start: nil, count: 0))
        transcript.appendUInt64(label: "", value: .max)
        #expect(transcript.challengeBytes(label: "", count: 0).isEmpty)
        transcript.challengeBytes(label: "", into: UnsafeMutableRawBufferPointer(start: nil, count: 0))
        let big = (0..<10_240).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        transcript.appendMessage(label: "big", message: big)
        let long = transcript.challengeBytes(label: "long", count: 10_240)
        #expect(long.count == 10_240)
        #expect(Set(long).count > 200, "a long challenge looks random")

        // A zero-length challenge still advances the state.
        var withEmpty = MerlinTranscript(label: "empty")
        var without = withEmpty
        _ = withEmpty.challengeBytes(label: "", count: 0)
        #expect(withEmpty.challengeBytes(label: "c", count: 32) != without.challengeBytes(label: "c", count: 32))

        // Non-ASCII labels are absorbed as UTF-8.
        var unicode = MerlinTranscript(label: "π ≠ 3")
        unicode.appendMessage(label: "λ", message: Array("μ".utf8))
        #expect(unicode.challengeBytes(label: "ρ", count: 64).count == 64)
    }
}

private func littleEndianBytes(_ value: UInt64) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
}
