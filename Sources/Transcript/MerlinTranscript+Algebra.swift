import Algebra

// The transcript speaks the group's language here, so protocols absorb and challenge with typed values.
// (Transcript depends on Algebra for this; DESIGN.md §5 lists it as dependency-free, see docs/decisions.md.)

extension MerlinTranscript {
    /// A challenge scalar: 64 challenge bytes reduced mod ℓ. DESIGN.md §2: 32 bytes mod ℓ would be biased,
    /// 64 bytes make the bias negligible (2^−259 statistical distance).
    public mutating func challengeScalar(label: String) -> Scalar {
        let wide = challengeBytes(label: label, count: 64)
        // Exactly 64 bytes, so the length check in Scalar(reducingWide:) cannot fail.
        return (try? Scalar(reducingWide: wide)) ?? .zero
    }

    /// Absorbs a scalar's canonical 32-byte encoding.
    public mutating func appendScalar(label: String, _ scalar: Scalar) {
        appendMessage(label: label, message: scalar.canonicalBytes)
    }

    /// Absorbs a group element's canonical 32-byte encoding.
    public mutating func appendPoint(label: String, _ point: RistrettoPoint) {
        appendMessage(label: label, message: point.encoding)
    }
}

extension TranscriptRNG {
    /// A uniformly random scalar (64 bytes reduced mod ℓ) for prover nonces and blinders.
    public func nextScalar() -> Scalar {
        let wide = nextBytes(count: 64)
        return (try? Scalar(reducingWide: wide)) ?? .zero
    }
}
