import Algebra
import FeedProofTestSupport
import Testing

/// expand_message_xmd(SHA-512) against RFC 9380 Appendix K.3 and independent Python values.
@Suite struct ExpandMessageTests {
    /// One case of `expand_message_xmd_sha512.json`.
    struct Vector: CustomTestStringConvertible, Sendable {
        let message: [UInt8]
        let outputLength: Int
        let dstPrime: [UInt8]
        let messagePrime: [UInt8]
        let uniformBytes: [UInt8]
        let testDescription: String
    }

    /// The official vectors (RFC 9380 K.3), all ten cases.
    static func officialVectors() throws -> (dst: [UInt8], vectors: [Vector]) {
        let fixture = try loadFixture("expand_message_xmd_sha512.json")
        #expect(try fixtureValue(fixture, "hash", as: String.self) == "SHA-512")
        let dst = try [UInt8](hex: fixtureValue(fixture, "DST_hex"))
        let vectors = try fixtureValue(fixture, "tests", as: [Any].self).map { test in
            let length = try fixtureValue(test, "len_in_bytes", as: Int.self)
            let message = try fixtureValue(test, "msg", as: String.self)
            return Vector(
                message: try [UInt8](hex: fixtureValue(test, "msg_hex")),
                outputLength: length,
                dstPrime: try [UInt8](hex: fixtureValue(test, "DST_prime")),
                messagePrime: try [UInt8](hex: fixtureValue(test, "msg_prime")),
                uniformBytes: try [UInt8](hex: fixtureValue(test, "uniform_bytes")),
                testDescription: "msg \"\(message.prefix(12))…\" (\(message.utf8.count) bytes), len \(length)")
        }
        return (dst, vectors)
    }

    @Test func rfc9380AppendixK3() throws {
        let (dst, vectors) = try Self.officialVectors()
        #expect(vectors.count == 10)
        #expect(Set(vectors.map(\.outputLength)) == [32, 128])
        for vector in vectors {
            let output = try ExpandMessageXMD.expand(
                message: vector.message, dst: dst, outputLength: vector.outputLength)
            #expect(output.hexString == vector.uniformBytes.hexString, "\(vector.testDescription)")

            // DST_prime is what the expander appends to every hash input.
            let dstPrime = ExpandMessageXMD.domainSeparationTagPrime(for: dst)
            #expect(dstPrime == vector.dstPrime, "\(vector.testDescription)")
            // msg_prime = Z_pad ‖ msg ‖ I2OSP(len, 2) ‖ I2OSP(0, 1) ‖ DST_prime (§5.3.1 step 6).
            let length = vector.outputLength
            let messagePrime =
                [UInt8](repeating: 0, count: 128) + vector.message
                + [UInt8(length >> 8), UInt8(length & 0xff), 0] + dstPrime
            #expect(messagePrime == vector.messagePrime, "\(vector.testDescription)")
        }
    }

    @Test func acceptsAnyByteCollection() throws {
        let (dst, vectors) = try Self.officialVectors()
        let vector = try #require(vectors.first { $0.message == Array("abc".utf8) && $0.outputLength == 128 })
        let fromUTF8 = try ExpandMessageXMD.expand(
            message: "abc".utf8, dst: dst[...], outputLength: 128)
        #expect(fromUTF8 == vector.uniformBytes)
    }

    // The values below come from a short Python 3 implementation of RFC 9380 §5.3.1 and §5.3.3 over hashlib
    // (it reproduces the K.3 vectors):
    //   H = lambda b: hashlib.sha512(b).digest()
    //   def xmd(msg, dst, n):
    //       if len(dst) > 255: dst = H(b"H2C-OVERSIZE-DST-" + dst)
    //       ell = -(-n // 64); dp = dst + bytes([len(dst)])
    //       b0 = H(bytes(128) + msg + n.to_bytes(2, "big") + b"\0" + dp); b = [H(b0 + b"\1" + dp)]
    //       for i in range(2, ell + 1): b.append(H(bytes(x ^ y for x, y in zip(b0, b[-1])) + bytes([i]) + dp))
    //       return b"".join(b)[:n]

    static let projectDST = Array("FRT-v1-pedersen_ristretto255_XMD:SHA-512_R255MAP_RO_".utf8)

    // xmd(b"G", projectDST, n).hex() for n in (1, 63, 64, 65, 200).
    @Test(arguments: [
        (1, "28"),
        (
            63,
            "512871b3ac2bb91d1cc0685aa4d33e260c2d5f15109319445a58cfe6234de686"
                + "f3b4466612cc5e21ae8028c9ffa2460a00ad0bc57970d6f0fa0b9847a47884"
        ),
        (
            64,
            "e51807115eb7b68029a1c77f9a5b1835e044e031291c4d228dc0828f664455a3"
                + "afa5a006225b7498d1e339d177d8035e2e00a4f34fca41c7bbf2a51fc2b83450"
        ),
        (
            65,
            "b7dccfdbf6f4863b819795adcfca5884f40bdb7ab56982432fa818da00ce9252"
                + "02f8b4f062c4b1cf77c7f1456bb25dc038c7f8d40406e57f1a5e90f74fe5bf7cee"
        ),
        (
            200,
            "77c00cf618482d59522738f2bdc87779c50bdc4e85105368c1f355b5206c56a7"
                + "54ee14300705f56655042547ee64d85d92533e33142ae1c41c4a99758a28795e"
                + "8b37ff5f06f3663e372da18c8d86fabf3be2a04d2b6ab3eb60471b43cb0944b0"
                + "457b99b08ea2acfed1b1edb691bf89b16096b534b5580466087ba9cf388fffd2"
                + "4593fd57b22fe863640a3e19f26d006d122be5dba2ad699fc2e12df76364f60b"
                + "488b103fe23644c2ac0b79cf80b2d052a2002e062708c63b57170a2a86e4f7d1"
                + "4487d65fd10362d0"
        ),
    ])
    func outputLengthsAroundBlockSize(length: Int, expectedHex: String) throws {
        let output = try ExpandMessageXMD.expand(message: [0x47], dst: Self.projectDST, outputLength: length)
        #expect(output.count == length)
        #expect(output.hexString == expectedHex)
    }

    @Test func maximumOutputLength() throws {
        // hashlib.sha512(xmd(b"abc", projectDST, 16320)).hexdigest()
        #expect(ExpandMessageXMD.maximumOutputLength == 16320)
        let output = try ExpandMessageXMD.expand(
            message: Array("abc".utf8), dst: Self.projectDST, outputLength: 16320)
        #expect(output.count == 16320)
        #expect(
            SHA512.hash(output).hexString
                == "b702de69fc22c6f9d1c20bf407364e284670d6ddbcf486d58864b1613a0e991c"
                + "7929b1cf5d19578459e1fff820b3a2d0ff9a44b446de7771c13baf0081bd9463")
    }

    @Test func oversizeTagIsHashedFirst() throws {
        // §5.3.3: a 256-byte tag becomes SHA-512("H2C-OVERSIZE-DST-" ‖ tag), so DST_prime is 64 bytes ‖ 0x40.
        let longTag = (0..<256).map { UInt8(truncatingIfNeeded: $0 &* 11 &+ 1) }
        let expectedPrime = try [UInt8](
            hex: "b5a00cf823a13d10ebcd32ecfbaa9dcd884ed0f2422d104a78d84f42445113289ab9264cab247338e49491385b4493960dd16"
                + "baca64976260a5dd931da3c2d9b40")
        #expect(ExpandMessageXMD.domainSeparationTagPrime(for: longTag) == expectedPrime)
        #expect(
            try ExpandMessageXMD.expand(message: Array("abc".utf8), dst: longTag, outputLength: 64).hexString
                == "496fc9465c8cf0dcbd86a62188b118d20e929441bb14e6b0a1d2fe6e1d203325"
                + "f4e52ff530b9206d86c95468a891c4eea22086e9b3e7003f7bfcc5efbb3b33ab")
        // A 299-byte tag, xmd(b"", tag, 32).
        let textTag = String(repeating: "FeedProof oversize tag ", count: 13)
        #expect(textTag.utf8.count == 299)
        #expect(
            try ExpandMessageXMD.expand(message: [UInt8](), dst: textTag.utf8, outputLength: 32).hexString
                == "1ba784c822cc938f01b616535db1cca57cc161483e44f448862d66ce7267d0e7")
    }

    @Test func tagOf255BytesIsUsedAsIs() throws {
        // xmd(b"abc", bytes(range(1, 256)), 64): the longest tag that is not hashed.
        let tag = (1...255).map { UInt8($0) }
        #expect(ExpandMessageXMD.domainSeparationTagPrime(for: tag) == tag + [255])
        #expect(
            try ExpandMessageXMD.expand(message: Array("abc".utf8), dst: tag, outputLength: 64).hexString
                == "9d4d04fd0b99c2397ebe3cf16692dfafd2f4b3566720aaec7fb3cb12bd3789d1"
                + "bd532215d42957d90f3f0daeae5c67a67a58abff75136a2edf808b35806c290d")
    }

    @Test(arguments: [0, -1, 16321, 65535, 65536, Int.max, Int.min])
    func rejectsOutputLengthOutsideRange(length: Int) {
        #expect(throws: HashToGroupError.outputLengthOutOfRange(requested: length, allowed: 1...16320)) {
            try ExpandMessageXMD.expand(message: [UInt8](), dst: Self.projectDST, outputLength: length)
        }
    }

    @Test func rejectsEmptyTag() {
        #expect(throws: HashToGroupError.emptyDomainSeparationTag) {
            try ExpandMessageXMD.expand(message: Array("abc".utf8), dst: [UInt8](), outputLength: 64)
        }
    }

    @Test func errorsDescribeThemselves() {
        let error = HashToGroupError.outputLengthOutOfRange(requested: 16321, allowed: 1...16320)
        #expect(error.description.contains("16321"))
        #expect(error.description.contains("1...16320"))
        #expect(HashToGroupError.emptyDomainSeparationTag.description.contains("empty"))
    }

    @Test func hexDecoderRejectsBadInput() throws {
        #expect(try [UInt8](hex: "00ffA0") == [0x00, 0xff, 0xa0])
        #expect(try [UInt8](hex: "") == [])
        #expect(throws: FixtureError.self) { try [UInt8](hex: "abc") }
        #expect(throws: FixtureError.self) { try [UInt8](hex: "0g") }
        #expect(throws: FixtureError.self) { try [UInt8](hex: "0x00") }
    }
}
