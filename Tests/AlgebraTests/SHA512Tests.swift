import Algebra
import FeedProofTestSupport
import Testing

/// SHA-512 against the FIPS 180-4 examples and hashlib-computed values at the padding boundaries.
@Suite struct SHA512Tests {
    // FIPS 180-4 / NIST "Cryptographic Algorithm Examples" (SHA512.pdf) and the classic FIPS 180-2 appendix C.

    @Test func abc() throws {
        let expected = try [UInt8](
            hex: "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(SHA512.hash(Array("abc".utf8)) == expected)
        #expect(SHA512.hash("abc".utf8) == expected)
    }

    @Test func twoBlockMessage() throws {
        // The 896-bit message: its padding needs a second block.
        let message =
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
            + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(message.utf8.count == 112)
        let expected = try [UInt8](
            hex: "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
                + "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")
        #expect(SHA512.hash(Array(message.utf8)) == expected)
    }

    @Test func emptyMessage() throws {
        let expected = try [UInt8](
            hex: "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")
        #expect(SHA512.hash([UInt8]()) == expected)
        #expect(SHA512().finalize() == expected)
    }

    @Test func oneMillionA() throws {
        // One update call keeps this fast in debug builds.
        let expected = try [UInt8](
            hex: "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
                + "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b")
        var hasher = SHA512()
        hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(hasher.finalize() == expected)
    }

    // Expected values below were computed with Python 3 hashlib:
    //   hashlib.sha512(bytes((i*13+5) & 0xff for i in range(n))).hexdigest()
    @Test(arguments: [
        (
            111,
            "62a2e7673c61612605aea5eba118234b2b3cb12ccd8d2be2a54b86fc9d3e79e6"
                + "2f9e0056ba002e6843a5f07f4dec6aaac3cb7592d3e6491c9f2a9796558bd2a9"
        ),
        (
            112,
            "10c783e0186b159b548a6083dd6b42f1d2ac3cad306f89a4589176a1fc914c1e"
                + "4022d9ff302593a4fdb40b68f8ac5187ed8987d714c1fe1d9d1aaebbb8aa2707"
        ),
        (
            127,
            "9d0ca03a060896d8063a7d12748834242be3be3b7e43f3f0a1aef5862308f3de"
                + "926c435f452c9d79b1faa1a44931aca14721535d4e73b8680e813c7dc8727252"
        ),
        (
            128,
            "3ce012825d65b66ff2c6173a98cf698e12f1e22b8fb49895949a3795c4f9e64a"
                + "8b643791f54876aed796a6c75df99f79ba0379c14a8de2b3212a141d9e7f7f47"
        ),
        (
            129,
            "b7336e5170e8e33674a98d6bc4d5eaee0562dd7dd2758e77aaf13855ad9a32cb"
                + "546443329c3367a151b1590a743d8f0e80e8ab53af7063d026a165ca29c16afc"
        ),
    ])
    func paddingBoundaries(length: Int, expectedHex: String) throws {
        let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
        let expected = try [UInt8](hex: expectedHex)
        #expect(SHA512.hash(message) == expected)
        // The same bytes byte by byte, and through a non-contiguous collection (the iterator path).
        var hasher = SHA512()
        for byte in message { hasher.update(CollectionOfOne(byte)) }
        #expect(hasher.finalize() == expected)
        #expect(SHA512.hash(message.lazy.map { $0 }) == expected)
    }

    // hashlib.sha512(bytes((i*7+3) & 0xff for i in range(200))).hexdigest()
    static let twoHundredBytes = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
    static let twoHundredBytesDigest =
        "cca3c0276046ef9f2897bdfc3ec330f77f4959914b1462bd581b232ddb3e9aa9"
        + "8acf5f5a2b21c7f49d2e43721daa61a2b5cee6af6052dfeb766e66ddb0d1719c"

    @Test func incrementalSplitsMatchOneShot() throws {
        let message = Self.twoHundredBytes
        let expected = try [UInt8](hex: Self.twoHundredBytesDigest)
        #expect(SHA512.hash(message) == expected)
        for split in 0...message.count {
            var hasher = SHA512()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            #expect(hasher.finalize() == expected, "split at \(split)")
        }
    }

    @Test func threeWaySplitsThroughRawBuffers() throws {
        let message = Self.twoHundredBytes
        let expected = try [UInt8](hex: Self.twoHundredBytesDigest)
        for first in stride(from: 0, through: message.count, by: 7) {
            for second in stride(from: first, through: message.count, by: 11) {
                var hasher = SHA512()
                message.withUnsafeBytes { raw in
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[..<first]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[first..<second]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[second...]))
                }
                #expect(hasher.finalize() == expected, "splits at \(first), \(second)")
            }
        }
    }

    @Test func copiesContinueIndependently() throws {
        var hasher = SHA512()
        hasher.update(Self.twoHundredBytes[..<150])
        var copy = hasher
        hasher.update(Self.twoHundredBytes[150...])
        copy.update([0x00])
        #expect(hasher.finalize() == (try [UInt8](hex: Self.twoHundredBytesDigest)))
        #expect(copy.finalize() == SHA512.hash(Array(Self.twoHundredBytes[..<150]) + [0x00]))
    }

    @Test func emptyUpdatesChangeNothing() {
        var hasher = SHA512()
        hasher.update([UInt8]())
        hasher.update(Array("abc".utf8))
        hasher.update(UnsafeRawBufferPointer(start: nil, count: 0))
        hasher.update(EmptyCollection<UInt8>())
        #expect(hasher.finalize() == SHA512.hash(Array("abc".utf8)))
    }
}
