/// Why a scalar, field element or group element could not be decoded or computed.
public enum AlgebraError: Error, Equatable, Sendable {
    /// An encoding had the wrong number of bytes.
    case wrongLength(of: String, expected: Int, actual: Int)
    /// A scalar encoding was not below the group order ℓ (RFC 9496 §4.4, RFC 8032 §5.1.7).
    case nonCanonicalScalar
    /// A 32-byte string is not the canonical encoding of any ristretto255 element (RFC 9496 §4.3.1).
    case invalidPointEncoding(PointEncodingFailure)
    /// A multi-scalar multiplication was given different numbers of scalars and points.
    case lengthMismatch(scalars: Int, points: Int)
    /// A multi-scalar multiplication over fixed bases was given more scalars than there are bases.
    case tooManyScalars(count: Int, bases: Int)

    /// The step of RFC 9496 §4.3.1 decoding that rejected an encoding.
    public enum PointEncodingFailure: String, Sendable, Equatable {
        /// The field element s was not below p = 2^255 − 19 (or had bit 255 set).
        case nonCanonicalFieldElement = "s is not a canonical field element (s ≥ 2^255 − 19)"
        /// s was negative (odd), which no canonical encoding is.
        case negativeFieldElement = "s is negative (odd)"
        /// The square root in the decoding formula does not exist.
        case notASquare = "the decoding square root does not exist"
        /// The decoded t = x·y was negative.
        case negativeT = "t = x·y is negative"
        /// The decoded y was zero.
        case zeroY = "y is zero"
    }
}

extension AlgebraError: CustomStringConvertible {
    /// A one-line explanation for command-line users.
    public var description: String {
        switch self {
        case .wrongLength(let what, let expected, let actual):
            return "\(what): expected \(expected) bytes, got \(actual)"
        case .nonCanonicalScalar:
            return "scalar is not canonical: its value is not below the group order ℓ"
        case .invalidPointEncoding(let failure):
            return "not a valid ristretto255 encoding: \(failure.rawValue)"
        case .lengthMismatch(let scalars, let points):
            return "multi-scalar multiplication needs one scalar per point: \(scalars) scalars, \(points) points"
        case .tooManyScalars(let count, let bases):
            return "\(count) scalars for only \(bases) precomputed bases"
        }
    }
}
