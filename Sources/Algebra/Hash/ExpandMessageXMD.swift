/// expand_message_xmd of RFC 9380 §5.3.1 instantiated with SHA-512 (b_in_bytes = 64, s_in_bytes = 128).
///
/// It stretches a message into `outputLength` uniformly random-looking bytes under a domain separation tag;
/// hash_to_ristretto255 asks it for 64 bytes.
///
/// ```swift
/// let uniform = try ExpandMessageXMD.expand(message: "G".utf8, dst: tag, outputLength: 64)
/// ```
public enum ExpandMessageXMD {
    /// The largest output length: ell ≤ 255 blocks of b_in_bytes = 64 (RFC 9380 §5.3.1 step 2), below 65535.
    public static let maximumOutputLength = 255 * SHA512.byteCount

    /// The longest tag used as is; longer ones are first hashed (RFC 9380 §5.3.3).
    public static let maximumDirectDSTLength = 255

    /// Expands `message` into `outputLength` bytes under the domain separation tag `dst` (RFC 9380 §5.3.1).
    ///
    /// A tag longer than 255 bytes is replaced by SHA-512("H2C-OVERSIZE-DST-" ‖ dst), as RFC 9380 §5.3.3 specifies.
    /// - Parameters:
    ///   - message: The bytes to hash (any length).
    ///   - dst: The domain separation tag; must not be empty.
    ///   - outputLength: `len_in_bytes`, in `1...16320`.
    /// - Returns: `outputLength` bytes.
    /// - Throws: ``HashToGroupError/outputLengthOutOfRange(requested:allowed:)`` or
    ///   ``HashToGroupError/emptyDomainSeparationTag``.
    /// - Complexity: O(message length + outputLength).
    public static func expand(
        message: some Collection<UInt8>,
        dst: some Collection<UInt8>,
        outputLength: Int
    ) throws(HashToGroupError) -> [UInt8] {
        // Step 1–2: ell = ceil(len_in_bytes / b_in_bytes); abort if ell > 255 or len_in_bytes > 65535.
        // Zero is refused as well (see HashToGroupError.outputLengthOutOfRange).
        let allowed = 1...maximumOutputLength
        guard allowed.contains(outputLength) else {
            throw .outputLengthOutOfRange(requested: outputLength, allowed: allowed)
        }
        guard !dst.isEmpty else { throw .emptyDomainSeparationTag }
        let ell = (outputLength + SHA512.byteCount - 1) / SHA512.byteCount

        // Step 3 (with §5.3.3 for long tags): DST_prime = DST ‖ I2OSP(len(DST), 1).
        let dstPrime = domainSeparationTagPrime(for: dst)

        // Steps 4–7: b_0 = H(Z_pad ‖ msg ‖ I2OSP(len_in_bytes, 2) ‖ I2OSP(0, 1) ‖ DST_prime).
        var hasher = afterZeroPad
        hasher.update(message)
        hasher.update([UInt8(truncatingIfNeeded: outputLength >> 8), UInt8(truncatingIfNeeded: outputLength), 0])
        hasher.update(dstPrime)
        let b0 = hasher.finalize()

        // Steps 8–11: b_1 = H(b_0 ‖ I2OSP(1, 1) ‖ DST_prime),
        // b_i = H(strxor(b_0, b_(i−1)) ‖ I2OSP(i, 1) ‖ DST_prime) for i = 2…ell.
        var uniform: [UInt8] = []
        uniform.reserveCapacity(ell * SHA512.byteCount)
        var chained = b0
        for i in 1...ell {
            if i > 1 {
                for j in 0..<SHA512.byteCount { chained[j] ^= b0[j] }
            }
            var blockHasher = SHA512()
            blockHasher.update(chained)
            blockHasher.update(CollectionOfOne(UInt8(truncatingIfNeeded: i)))
            blockHasher.update(dstPrime)
            chained = blockHasher.finalize()
            uniform.append(contentsOf: chained)
        }

        // Step 12: substr(uniform_bytes, 0, len_in_bytes).
        uniform.removeLast(uniform.count - outputLength)
        return uniform
    }

    /// DST_prime = DST ‖ I2OSP(len(DST), 1) (RFC 9380 §5.3.1 step 3), where a tag longer than 255 bytes is first
    /// replaced by SHA-512("H2C-OVERSIZE-DST-" ‖ DST) (§5.3.3).
    package static func domainSeparationTagPrime(for dst: some Collection<UInt8>) -> [UInt8] {
        var tag: [UInt8]
        if dst.count > maximumDirectDSTLength {
            var hasher = SHA512()
            hasher.update("H2C-OVERSIZE-DST-".utf8)
            hasher.update(dst)
            tag = hasher.finalize()
        } else {
            tag = Array(dst)
        }
        tag.append(UInt8(truncatingIfNeeded: tag.count))
        return tag
    }

    /// The hasher after absorbing Z_pad = I2OSP(0, s_in_bytes), one all-zero block: every b_0 starts here, so the
    /// block is compressed once per process instead of once per call.
    private static let afterZeroPad: SHA512 = {
        var hasher = SHA512()
        hasher.update([UInt8](repeating: 0, count: SHA512.blockByteCount))
        return hasher
    }()
}
