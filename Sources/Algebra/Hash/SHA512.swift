/// SHA-512 as specified in FIPS 180-4 §6.4, usable incrementally or in one shot.
///
/// ```swift
/// var hasher = SHA512()
/// hasher.update(header)
/// hasher.update(body)
/// let digest = hasher.finalize()  // 64 bytes
/// ```
///
/// The state lives inline (no heap allocation until `finalize()` returns the digest), so a hasher is cheap to
/// create and copy; a copy continues independently from the same point.
public struct SHA512: Sendable {
    /// The digest length in bytes (512 bits).
    public static let byteCount = 64

    /// The block length in bytes (1024 bits, FIPS 180-4 §1).
    public static let blockByteCount = 128

    /// One 1024-bit message block held inline, so buffering never allocates.
    private typealias Block = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    )

    private var state = State()
    /// Bytes of an incomplete block waiting for more input; only the first `bufferedCount` are meaningful.
    private var buffer: Block = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    private var bufferedCount = 0
    /// Message length so far in bytes; the bit length ℓ of §5.1.2 is this times 8, kept as 128 bits at the end.
    private var totalByteCount: UInt64 = 0

    /// Creates a hasher with the initial hash value H(0) of FIPS 180-4 §5.3.5.
    public init() {}

    /// Hashes `bytes` in one call and returns the 64-byte digest.
    ///
    /// - Complexity: O(n) in the number of bytes.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var hasher = SHA512()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Appends the bytes of any collection to the message.
    ///
    /// Contiguous collections (arrays, slices, UTF-8 views of native strings) take the fast path; others are
    /// copied through a small stack buffer.
    /// - Complexity: O(n) in the number of bytes.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { elements in
            update(UnsafeRawBufferPointer(elements))
        }
        if handled != nil { return }
        var chunk: Block = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var iterator = bytes.makeIterator()
        while true {
            let filled = withUnsafeMutableBytes(of: &chunk) { chunkBytes -> Int in
                var count = 0
                while count < chunkBytes.count, let byte = iterator.next() {
                    chunkBytes[count] = byte
                    count += 1
                }
                return count
            }
            if filled == 0 { return }
            withUnsafeBytes(of: chunk) { update(UnsafeRawBufferPointer(rebasing: $0.prefix(filled))) }
        }
    }

    /// Appends the bytes of an array to the message.
    ///
    /// - Complexity: O(n) in the number of bytes.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Appends raw bytes to the message; this is the path every other `update` ends in.
    ///
    /// Whole blocks are compressed straight from `bytes` without copying.
    /// - Complexity: O(n) in the number of bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var input = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        totalByteCount &+= UInt64(truncatingIfNeeded: remaining)

        // Top up a partially filled block first.
        if bufferedCount > 0 {
            let offset = bufferedCount
            let taken = min(Self.blockByteCount - offset, remaining)
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress.map { ($0 + offset).copyMemory(from: input, byteCount: taken) }
            }
            bufferedCount += taken
            input += taken
            remaining -= taken
            if bufferedCount < Self.blockByteCount { return }
            withUnsafeBytes(of: buffer) { state.compress($0) }
            bufferedCount = 0
        }

        // Compress every whole block in place.
        let wholeBytes = remaining & ~(Self.blockByteCount - 1)
        if wholeBytes > 0 {
            state.compress(UnsafeRawBufferPointer(start: input, count: wholeBytes))
            input += wholeBytes
            remaining -= wholeBytes
        }

        // Keep the tail for later.
        if remaining > 0 {
            let tail = remaining
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress.map { $0.copyMemory(from: input, byteCount: tail) }
            }
            bufferedCount = tail
        }
    }

    /// Pads the message (FIPS 180-4 §5.1.2), processes the last block(s) and returns the 64-byte digest H(N).
    public consuming func finalize() -> [UInt8] {
        let used = bufferedCount
        // §5.1.2: append bit 1, then zeros, then ℓ as a 128-bit big-endian integer in the last 16 bytes.
        let bitLengthHigh = totalByteCount >> 61
        let bitLengthLow = totalByteCount << 3
        withUnsafeMutableBytes(of: &buffer) { block in
            block[used] = 0x80
            for index in (used + 1)..<block.count { block[index] = 0 }
        }
        if used + 1 > Self.blockByteCount - 16 {
            // No room for the length: it goes in an extra block of zeros.
            withUnsafeBytes(of: buffer) { state.compress($0) }
            buffer = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        }
        buffer.14 = bitLengthHigh.bigEndian
        buffer.15 = bitLengthLow.bigEndian
        withUnsafeBytes(of: buffer) { state.compress($0) }

        // §6.4.2 step 4: the digest is H(N) written big-endian.
        let digest = state
        return [UInt8](unsafeUninitializedCapacity: Self.byteCount) { output, initialized in
            let raw = UnsafeMutableRawBufferPointer(output)
            raw.storeBytes(of: digest.h0.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: digest.h1.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: digest.h2.bigEndian, toByteOffset: 16, as: UInt64.self)
            raw.storeBytes(of: digest.h3.bigEndian, toByteOffset: 24, as: UInt64.self)
            raw.storeBytes(of: digest.h4.bigEndian, toByteOffset: 32, as: UInt64.self)
            raw.storeBytes(of: digest.h5.bigEndian, toByteOffset: 40, as: UInt64.self)
            raw.storeBytes(of: digest.h6.bigEndian, toByteOffset: 48, as: UInt64.self)
            raw.storeBytes(of: digest.h7.bigEndian, toByteOffset: 56, as: UInt64.self)
            initialized = Self.byteCount
        }
    }
}

extension SHA512 {
    /// The intermediate hash value H(i) of FIPS 180-4 §6.4.2 as eight inline words (no array, no allocation).
    private struct State: Sendable {
        // §5.3.5: H(0), the first 64 bits of the fractional parts of the square roots of the first 8 primes.
        var h0: UInt64 = 0x6a09_e667_f3bc_c908
        var h1: UInt64 = 0xbb67_ae85_84ca_a73b
        var h2: UInt64 = 0x3c6e_f372_fe94_f82b
        var h3: UInt64 = 0xa54f_f53a_5f1d_36f1
        var h4: UInt64 = 0x510e_527f_ade6_82d1
        var h5: UInt64 = 0x9b05_688c_2b3e_6c1f
        var h6: UInt64 = 0x1f83_d9ab_fb41_bd6b
        var h7: UInt64 = 0x5be0_cd19_137e_2179

        /// Runs the compression function of §6.4.2 over every whole 128-byte block in `blocks`.
        ///
        /// - Complexity: O(n) in the number of blocks.
        mutating func compress(_ blocks: UnsafeRawBufferPointer) {
            let blockCount = blocks.count / SHA512.blockByteCount
            guard let base = blocks.baseAddress, blockCount > 0 else { return }
            SHA512.roundConstants.withUnsafeBufferPointer { k in
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 80) { w in
                    var (h0, h1, h2, h3, h4, h5, h6, h7) = (
                        self.h0, self.h1, self.h2, self.h3,
                        self.h4, self.h5, self.h6, self.h7
                    )
                    for blockIndex in 0..<blockCount {
                        let block = base + blockIndex * SHA512.blockByteCount
                        // §6.4.2 step 1: prepare the message schedule W_t.
                        for t in 0..<16 {
                            w[t] = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: t * 8, as: UInt64.self))
                        }
                        for t in 16..<80 {
                            w[t] = sigma1(w[t - 2]) &+ w[t - 7] &+ sigma0(w[t - 15]) &+ w[t - 16]
                        }
                        // Step 2: initialize the working variables with H(i−1).
                        var a = h0
                        var b = h1
                        var c = h2
                        var d = h3
                        var e = h4
                        var f = h5
                        var g = h6
                        var h = h7
                        // Step 3: 80 rounds, unrolled by 8 so the working variables rotate by renaming, not moves.
                        var t = 0
                        while t < 80 {
                            round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                            round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
                            round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
                            round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
                            round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[t + 4])
                            round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[t + 5])
                            round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[t + 6])
                            round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[t + 7])
                            t += 8
                        }
                        // Step 4: H(i) = working variables + H(i−1).
                        h0 &+= a
                        h1 &+= b
                        h2 &+= c
                        h3 &+= d
                        h4 &+= e
                        h5 &+= f
                        h6 &+= g
                        h7 &+= h
                    }
                    (self.h0, self.h1, self.h2, self.h3, self.h4, self.h5, self.h6, self.h7) =
                        (h0, h1, h2, h3, h4, h5, h6, h7)
                }
            }
        }
    }

    /// K, the 80 round constants of FIPS 180-4 §4.2.3: the first 64 bits of the fractional parts of the cube roots
    /// of the first 80 primes.
    private static let roundConstants: [UInt64] = [
        0x428a_2f98_d728_ae22, 0x7137_4491_23ef_65cd, 0xb5c0_fbcf_ec4d_3b2f, 0xe9b5_dba5_8189_dbbc,
        0x3956_c25b_f348_b538, 0x59f1_11f1_b605_d019, 0x923f_82a4_af19_4f9b, 0xab1c_5ed5_da6d_8118,
        0xd807_aa98_a303_0242, 0x1283_5b01_4570_6fbe, 0x2431_85be_4ee4_b28c, 0x550c_7dc3_d5ff_b4e2,
        0x72be_5d74_f27b_896f, 0x80de_b1fe_3b16_96b1, 0x9bdc_06a7_25c7_1235, 0xc19b_f174_cf69_2694,
        0xe49b_69c1_9ef1_4ad2, 0xefbe_4786_384f_25e3, 0x0fc1_9dc6_8b8c_d5b5, 0x240c_a1cc_77ac_9c65,
        0x2de9_2c6f_592b_0275, 0x4a74_84aa_6ea6_e483, 0x5cb0_a9dc_bd41_fbd4, 0x76f9_88da_8311_53b5,
        0x983e_5152_ee66_dfab, 0xa831_c66d_2db4_3210, 0xb003_27c8_98fb_213f, 0xbf59_7fc7_beef_0ee4,
        0xc6e0_0bf3_3da8_8fc2, 0xd5a7_9147_930a_a725, 0x06ca_6351_e003_826f, 0x1429_2967_0a0e_6e70,
        0x27b7_0a85_46d2_2ffc, 0x2e1b_2138_5c26_c926, 0x4d2c_6dfc_5ac4_2aed, 0x5338_0d13_9d95_b3df,
        0x650a_7354_8baf_63de, 0x766a_0abb_3c77_b2a8, 0x81c2_c92e_47ed_aee6, 0x9272_2c85_1482_353b,
        0xa2bf_e8a1_4cf1_0364, 0xa81a_664b_bc42_3001, 0xc24b_8b70_d0f8_9791, 0xc76c_51a3_0654_be30,
        0xd192_e819_d6ef_5218, 0xd699_0624_5565_a910, 0xf40e_3585_5771_202a, 0x106a_a070_32bb_d1b8,
        0x19a4_c116_b8d2_d0c8, 0x1e37_6c08_5141_ab53, 0x2748_774c_df8e_eb99, 0x34b0_bcb5_e19b_48a8,
        0x391c_0cb3_c5c9_5a63, 0x4ed8_aa4a_e341_8acb, 0x5b9c_ca4f_7763_e373, 0x682e_6ff3_d6b2_b8a3,
        0x748f_82ee_5def_b2fc, 0x78a5_636f_4317_2f60, 0x84c8_7814_a1f0_ab72, 0x8cc7_0208_1a64_39ec,
        0x90be_fffa_2363_1e28, 0xa450_6ceb_de82_bde9, 0xbef9_a3f7_b2c6_7915, 0xc671_78f2_e372_532b,
        0xca27_3ece_ea26_619c, 0xd186_b8c7_21c0_c207, 0xeada_7dd6_cde0_eb1e, 0xf57d_4f7f_ee6e_d178,
        0x06f0_67aa_7217_6fba, 0x0a63_7dc5_a2c8_98a6, 0x113f_9804_bef9_0dae, 0x1b71_0b35_131c_471b,
        0x28db_77f5_2304_7d84, 0x32ca_ab7b_40c7_2493, 0x3c9e_be0a_15c9_bebc, 0x431d_67c4_9c10_0d4c,
        0x4cc5_d4be_cb3e_42b6, 0x597f_299c_fc65_7e2a, 0x5fcb_6fab_3ad6_faec, 0x6c44_198c_4a47_5817,
    ]
}

// The logical functions of FIPS 180-4 §4.1.3. Rotations by constants compile to single rotate instructions.

@inline(__always)
private func rotateRight(_ x: UInt64, _ n: UInt64) -> UInt64 {
    (x &>> n) | (x &<< (64 &- n))
}

/// One round of §6.4.2 step 3 with the roles of the eight variables rotated by the caller: d gains T1 (becoming
/// the new e) and h becomes T1 + T2 (the new a).
@inline(__always)
private func round(
    _ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: inout UInt64,
    _ e: UInt64, _ f: UInt64, _ g: UInt64, _ h: inout UInt64,
    _ constantPlusWord: UInt64
) {
    let t1 = h &+ bigSigma1(e) &+ choose(e, f, g) &+ constantPlusWord
    let t2 = bigSigma0(a) &+ majority(a, b, c)
    d &+= t1
    h = t1 &+ t2
}

@inline(__always)
private func choose(_ x: UInt64, _ y: UInt64, _ z: UInt64) -> UInt64 {
    // Equal to (x ∧ y) ⊕ (¬x ∧ z), one operation shorter.
    z ^ (x & (y ^ z))
}

@inline(__always)
private func majority(_ x: UInt64, _ y: UInt64, _ z: UInt64) -> UInt64 {
    // Equal to (x ∧ y) ⊕ (x ∧ z) ⊕ (y ∧ z), one operation shorter.
    (x & y) | (z & (x | y))
}

@inline(__always)
private func bigSigma0(_ x: UInt64) -> UInt64 {
    rotateRight(x, 28) ^ rotateRight(x, 34) ^ rotateRight(x, 39)
}

@inline(__always)
private func bigSigma1(_ x: UInt64) -> UInt64 {
    rotateRight(x, 14) ^ rotateRight(x, 18) ^ rotateRight(x, 41)
}

@inline(__always)
private func sigma0(_ x: UInt64) -> UInt64 {
    rotateRight(x, 1) ^ rotateRight(x, 8) ^ (x &>> 7)
}

@inline(__always)
private func sigma1(_ x: UInt64) -> UInt64 {
    rotateRight(x, 19) ^ rotateRight(x, 61) ^ (x &>> 6)
}
