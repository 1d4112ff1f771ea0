import FeedProofTestSupport
import Testing
import Transcript

/// `keccak.json`: the fixture's shape.
private struct KeccakVectors: Decodable {
    struct Case: Decodable {
        let inputLen: Int
        let inputHex: String
        let sha3256: String
        let shake128OutLen: Int
        let shake128: String
    }

    struct ZeroState: Decodable {
        let afterOnePermutation: String
        let afterTwoPermutations: String
    }

    let cases: [Case]
    let keccakF1600ZeroState: ZeroState
}

@Suite("Keccak-f[1600]")
struct KeccakTests {
    private static func vectors() throws -> KeccakVectors {
        try Fixtures.load(KeccakVectors.self, from: "keccak.json")
    }

    @Test("zero state, permuted once and twice")
    func zeroState() throws {
        let expected = try Self.vectors().keccakF1600ZeroState
        var state = KeccakState()
        state.permute()
        #expect(state.withUnsafeBytes { hexString($0) } == expected.afterOnePermutation)
        // The Keccak team's reference value for lane 0 (independent of the fixture file).
        #expect(state.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } == 0xF125_8F79_40E1_DDE7)
        state.permute()
        #expect(state.withUnsafeBytes { hexString($0) } == expected.afterTwoPermutations)
    }

    @Test("SHA3-256 of every fixture input")
    func sha3() throws {
        let cases = try Self.vectors().cases
        #expect(cases.count == 8)
        for vector in cases {
            let input = try bytes(fromHex: vector.inputHex)
            #expect(input.count == vector.inputLen)
            #expect(hexString(TestSponge.sha3Digest256(input)) == vector.sha3256, "input length \(vector.inputLen)")
        }
    }

    @Test("SHAKE128 of every fixture input")
    func shake() throws {
        let cases = try Self.vectors().cases
        for vector in cases {
            let input = try bytes(fromHex: vector.inputHex)
            let output = TestSponge.shake128(input, outputCount: vector.shake128OutLen)
            #expect(hexString(output) == vector.shake128, "input length \(vector.inputLen)")
        }
    }

    @Test("byte view is lane x + 5y, little-endian, and writes round-trip")
    func byteOrder() {
        var state = KeccakState()
        state.withUnsafeMutableBytes { bytes in
            for index in bytes.indices {
                bytes[index] = UInt8(truncatingIfNeeded: index)
            }
        }
        let copy = state.withUnsafeBytes { Array($0) }
        #expect(copy.count == KeccakState.byteCount)
        #expect(copy == (0..<200).map { UInt8($0) })
        var permuted = state
        permuted.permute()
        #expect(permuted.withUnsafeBytes { Array($0) } != copy)
        #expect(state.withUnsafeBytes { Array($0) } == copy, "a copy permutes independently")
    }
}
