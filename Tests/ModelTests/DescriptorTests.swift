import FeedProofTestSupport
import Foundation
import Model
import Testing

@Suite struct DescriptorTests {
    static func descriptor(seed: UInt64 = 1) throws -> ModelDescriptor {
        let float = ModelTestModels.random(seed: seed)
        let options = QuantizationOptions(featureSchema: [1, 2, 3, 0xFF], sigmoidInputBits: 10, sigmoidFractionBits: 7)
        return try QuantizedRanker(
            float, calibration: ModelTestModels.features(for: float, count: 32), options: options
        )
        .descriptor
    }

    @Test func roundTrip() throws {
        for seed in [UInt64(1), 2, 3] {
            let d = try Self.descriptor(seed: seed)
            let bytes = d.canonicalBytes
            let decoded = try ModelDescriptor(canonicalBytes: bytes)
            #expect(decoded == d)
            #expect(decoded.canonicalBytes == bytes)
            #expect(Array(bytes.prefix(4)) == Array("FPMD".utf8))
        }
    }

    @Test func everyTruncationIsRejected() throws {
        let bytes = try Self.descriptor().canonicalBytes
        for length in 0..<bytes.count {
            #expect(throws: DescriptorError.self, "length \(length)") {
                try ModelDescriptor(canonicalBytes: Array(bytes.prefix(length)))
            }
            // A cut inside a field is reported as truncation (never as a crash or a wrong value).
            do {
                _ = try ModelDescriptor(canonicalBytes: Array(bytes.prefix(length)))
            } catch {
                if length >= 4 {
                    guard case .truncated = error else {
                        Issue.record("length \(length): \(error)")
                        continue
                    }
                }
            }
        }
    }

    @Test func trailingBytesAreRejected() throws {
        let bytes = try Self.descriptor().canonicalBytes
        #expect(throws: DescriptorError.trailingBytes(count: 1)) { try ModelDescriptor(canonicalBytes: bytes + [0]) }
        #expect(throws: DescriptorError.trailingBytes(count: 3)) {
            try ModelDescriptor(canonicalBytes: bytes + [1, 2, 3])
        }
    }

    @Test func headerAndFieldErrors() throws {
        let bytes = try Self.descriptor().canonicalBytes
        var wrong = bytes
        wrong[0] = UInt8(ascii: "X")
        #expect(throws: DescriptorError.badMagic) { try ModelDescriptor(canonicalBytes: wrong) }
        wrong = bytes
        wrong[4] = 2
        #expect(throws: DescriptorError.unsupportedFormatVersion(2)) { try ModelDescriptor(canonicalBytes: wrong) }
        wrong = bytes
        wrong[wrong.count - 1] = 7
        #expect(throws: DescriptorError.invalidField("rankingRule", "unknown rule 7")) {
            try ModelDescriptor(canonicalBytes: wrong)
        }
    }

    @Test func invalidDescriptorsAreRejected() throws {
        let d = try Self.descriptor()
        var broken = d
        broken.layers[1].inputs += 1
        #expect(throws: DescriptorError.self) { try ModelDescriptor(canonicalBytes: broken.canonicalBytes) }
        broken = d
        broken.layers[0].hyraxRowLength = 24
        #expect(throws: DescriptorError.self) { try ModelDescriptor(canonicalBytes: broken.canonicalBytes) }
        broken = d
        broken.layers[0].shift = 0
        #expect(throws: DescriptorError.self) { try ModelDescriptor(canonicalBytes: broken.canonicalBytes) }
        broken = d
        broken.layers[0].multiplier = 1 << 40
        #expect(throws: DescriptorError.self) { try ModelDescriptor(canonicalBytes: broken.canonicalBytes) }
        broken = d
        broken.layers[0].activationUpper = 255
        #expect(throws: DescriptorError.self) { try ModelDescriptor(canonicalBytes: broken.canonicalBytes) }
        broken = d
        broken.layers[2].role = .trunk
        #expect(throws: DescriptorError.self) { try ModelDescriptor(canonicalBytes: broken.canonicalBytes) }
        broken = d
        broken.inputScale = 0
        #expect(throws: DescriptorError.self) { try ModelDescriptor(canonicalBytes: broken.canonicalBytes) }
        broken = d
        broken.embeddings[0].name = "\u{1F600}"
        var bytes = broken.canonicalBytes
        // Corrupt the emoji's UTF-8 into invalid bytes: the decoder must say so.
        if let index = bytes.firstIndex(of: 0xF0) { bytes[index] = 0xFF }
        #expect(throws: DescriptorError.self) { try ModelDescriptor(canonicalBytes: bytes) }
    }

    @Test func randomBytesAreRejected() {
        var random = SeededGenerator(seed: 77)
        for trial in 0..<500 {
            var bytes = random.bytes(count: Int(random.next() % 300))
            if trial % 2 == 0 { bytes = Array("FPMD".utf8) + [1, 0] + bytes }
            #expect(throws: DescriptorError.self, "seed 77, trial \(trial)") {
                try ModelDescriptor(canonicalBytes: bytes)
            }
        }
    }

    @Test func flippedBytesNeverCrash() throws {
        let bytes = try Self.descriptor().canonicalBytes
        var random = SeededGenerator(seed: 78)
        for _ in 0..<300 {
            var mutated = bytes
            let index = Int(random.next() % UInt64(bytes.count))
            mutated[index] ^= UInt8(1 + random.next() % 255)
            // Either rejected, or decoded into a descriptor whose bytes are exactly the input (canonical).
            if let decoded = try? ModelDescriptor(canonicalBytes: mutated) {
                #expect(decoded.canonicalBytes == mutated, "byte \(index)")
            }
        }
    }

    @Test func jsonViewIsStableAndReadable() throws {
        let d = try Self.descriptor()
        let json = d.jsonString()
        #expect(json == (try ModelDescriptor(canonicalBytes: d.canonicalBytes)).jsonString())
        #expect(json.contains("\"inputScale\""))
        #expect(json.contains("\"multiplier\""))
        #expect(json.contains("\"featureSchemaHex\" : \"010203ff\""))
        let view = try JSONDecoder().decode(ModelDescriptor.JSONView.self, from: Data(json.utf8))
        #expect(view == d.jsonView)
        #expect(view.layers == d.layers)
        // Keys come sorted: "canonicalByteCount" precedes "denseFeatureCount" precedes "embeddings".
        let first = try #require(json.range(of: "\"canonicalByteCount\"")).lowerBound
        let second = try #require(json.range(of: "\"denseFeatureCount\"")).lowerBound
        #expect(first < second)
        #expect(json.contains("\"role\" : \"heads\""))
    }
}
