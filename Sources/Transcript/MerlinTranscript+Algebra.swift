import Algebra

// The transcript speaks the group's language here, so protocols absorb and challenge with typed values.
// (Transcript depends on Algebra for this; DESIGN.md §5 lists it as dependency-free, see docs/decisions.md.)

extension MerlinTranscript {
    /// A challenge scalar: 64 challenge bytes reduced mod ℓ. DESIGN.md §2: 32 bytes mod ℓ would be biased,
    /// 64 bytes make the bias negligible (2^−259 statistical distance).
    public mutating func challengeScalar(label: String) -> Scalar {
        var wide = WideBytes()
        withUnsafeMutableBytes(of: &wide.words) { challengeBytes(label: label, into: $0) }
        return wide.reduced
    }

    /// Absorbs a scalar's canonical 32-byte encoding.
    public mutating func appendScalar(label: String, _ scalar: Scalar) {
        let w = scalar.plainLimbs
        withUnsafeBytes(of: (w.0.littleEndian, w.1.littleEndian, w.2.littleEndian, w.3.littleEndian)) {
            appendMessage(label: label, message: $0)
        }
    }

    /// Absorbs a group element's canonical 32-byte encoding.
    public mutating func appendPoint(label: String, _ point: RistrettoPoint) {
        point.withEncoding { appendMessage(label: label, message: $0) }
    }
}

extension TranscriptRNG {
    /// A uniformly random scalar (64 bytes reduced mod ℓ) for prover nonces and blinders.
    public func nextScalar() -> Scalar {
        var wide = WideBytes()
        withUnsafeMutableBytes(of: &wide.words) { fill($0) }
        return wide.reduced
    }
}

/// 64 bytes drawn from a transcript or its RNG, in a stack buffer, read as a little-endian 512-bit integer and
/// reduced mod ℓ (RFC 9496's wide reduction: 32 bytes mod ℓ would be biased).
private struct WideBytes {
    var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    var reduced: Scalar {
        let w = words
        return Scalar(
            wideLimbs: UInt64(littleEndian: w.0), UInt64(littleEndian: w.1), UInt64(littleEndian: w.2),
            UInt64(littleEndian: w.3), UInt64(littleEndian: w.4), UInt64(littleEndian: w.5), UInt64(littleEndian: w.6),
            UInt64(littleEndian: w.7))
    }
}
