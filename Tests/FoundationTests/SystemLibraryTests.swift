import CXXHash
import FeedProofTestSupport
import Testing

/// The system libraries link and answer: libxxhash (archive checksums) and GMP (the test oracle).
@Suite("System libraries")
struct SystemLibraryTests {
    /// XXH3-64 (seed 0) of `bytes` through libxxhash.
    private func xxh3(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { XXH3_64bits($0.baseAddress, $0.count) }
    }

    /// Expected values from an independent build of the reference implementation (the `xxhash` Python package
    /// 4.1.0, which bundles xxHash 0.8.4): `xxhash.xxh3_64_intdigest(b"")` and `xxh3_64_intdigest(b"abc")`.
    @Test func xxh3KnownAnswers() {
        #expect(xxh3([]) == 0x2D06_8005_38D3_94C2)
        #expect(xxh3(Array("abc".utf8)) == 0x78AF_5F94_892F_3950)
        // Streaming API gives the same digest as the one-shot call.
        let state = XXH3_createState()
        defer { XXH3_freeState(state) }
        #expect(XXH3_64bits_reset(state) == XXH_OK)
        for byte in Array("abc".utf8) { _ = withUnsafeBytes(of: byte) { XXH3_64bits_update(state, $0.baseAddress, 1) } }
        #expect(XXH3_64bits_digest(state) == 0x78AF_5F94_892F_3950)
    }

    @Test func gmpVersionIsAvailable() {
        let version = GMPVersion.string
        let parts = version.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count >= 2, "GMP version string \(version)")
        #expect(parts.first == GMPVersion.headerVersion.major, "library \(version), header \(GMPVersion.headerVersion)")
        #expect(parts.first ?? 0 >= 5)
    }

    @Test func gmpOracleComputesModularArithmetic() {
        let oracle = GMPOracle(modulus: [101])
        #expect(oracle.add([100], [5]) == [4])
        #expect(oracle.subtract([3], [5]) == [99])
        #expect(oracle.multiply([10], [11]) == [9])
        #expect(oracle.inverse([10]).map { oracle.multiply($0, [10]) } == [1])
        #expect(oracle.inverse([0]) == nil)
        #expect(oracle.power([2], [100]) == [1])  // Fermat: 2^(p−1) ≡ 1
        #expect(oracle.legendre([4]) == 1 && oracle.legendre([0]) == 0)
        #expect(oracle.legendre([2]) == -1)  // 101 ≡ 5 (mod 8), so 2 is a non-square
        #expect(oracle.isSquareRoot([2], of: [4]) && !oracle.isSquareRoot([3], of: [4]))
        #expect(GMPInteger(littleEndian: [0x01, 0x02]).littleEndianBytes(count: 3) == [0x01, 0x02, 0x00])
        #expect(GMPInteger(powerOfTwo: 16).littleEndianBytes(count: 2) == nil)
    }
}
