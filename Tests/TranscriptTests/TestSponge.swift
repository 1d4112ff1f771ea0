import Transcript

/// A minimal FIPS 202 sponge over ``KeccakState``, only for checking the permutation and its byte order against
/// official SHA3-256 and SHAKE128 values.
enum TestSponge {
    /// SHA3-256: rate 136 bytes, domain bits 01 then pad10*1 (FIPS 202 §6.1, Appendix B.2: first pad byte 0x06).
    static func sha3Digest256(_ input: [UInt8]) -> [UInt8] {
        sponge(rate: 136, domainByte: 0x06, input: input, outputCount: 32)
    }

    /// SHAKE128: rate 168 bytes, domain bits 1111 then pad10*1 (FIPS 202 §6.2: first pad byte 0x1F).
    static func shake128(_ input: [UInt8], outputCount: Int) -> [UInt8] {
        sponge(rate: 168, domainByte: 0x1F, input: input, outputCount: outputCount)
    }

    /// SPONGE[Keccak-f[1600], pad10*1, rate] (FIPS 202 §4, Algorithm 8), byte-oriented.
    static func sponge(rate: Int, domainByte: UInt8, input: [UInt8], outputCount: Int) -> [UInt8] {
        var padded = input
        padded.append(domainByte)
        while padded.count % rate != 0 {
            padded.append(0)
        }
        padded[padded.count - 1] |= 0x80
        var state = KeccakState()
        for blockStart in stride(from: 0, to: padded.count, by: rate) {
            state.withUnsafeMutableBytes { bytes in
                for index in 0..<rate {
                    bytes[index] ^= padded[blockStart + index]
                }
            }
            state.permute()
        }
        var output: [UInt8] = []
        while true {
            state.withUnsafeBytes { bytes in
                output.append(contentsOf: bytes.prefix(min(rate, outputCount - output.count)))
            }
            if output.count == outputCount {
                return output
            }
            state.permute()
        }
    }
}
