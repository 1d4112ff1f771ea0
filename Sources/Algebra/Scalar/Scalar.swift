/// An integer mod ℓ = 2^252 + 27742317777372353535851937790883648493, the order of ristretto255.
///
/// Stored in Montgomery form (`x·R mod ℓ`, R = 2^256) in four 64-bit limbs, always fully reduced, so equal
/// values have equal limbs. Encodings are the canonical 32-byte little-endian form of RFC 9496 §4.4 / RFC 8032.
@frozen
public struct Scalar: Sendable, Hashable {
    // Montgomery representation x·2^256 mod ℓ, little-endian limbs, < ℓ.
    @usableFromInline var m0: UInt64
    @usableFromInline var m1: UInt64
    @usableFromInline var m2: UInt64
    @usableFromInline var m3: UInt64

    @inlinable
    init(montgomery m0: UInt64, _ m1: UInt64, _ m2: UInt64, _ m3: UInt64) {
        self.m0 = m0
        self.m1 = m1
        self.m2 = m2
        self.m3 = m3
    }

    // ℓ in limbs. Its third limb is zero and its fourth is 2^60; the compiler folds both into shifts and adds.
    @usableFromInline static let ell0: UInt64 = 0x5812_631a_5cf5_d3ed
    @usableFromInline static let ell1: UInt64 = 0x14de_f9de_a2f7_9cd6
    @usableFromInline static let ell2: UInt64 = 0
    @usableFromInline static let ell3: UInt64 = 0x1000_0000_0000_0000
    /// −ℓ^(−1) mod 2^64, the Montgomery reduction constant.
    @usableFromInline static let ellInverseNegated: UInt64 = 0xd2b5_1da3_1254_7e1b

    /// R² mod ℓ, which maps a plain integer into Montgomery form by one multiplication.
    @usableFromInline static let r2 = Scalar(
        montgomery: 0xa406_11e3_449c_0f01, 0xd00e_1ba7_6885_9347, 0xceec_73d2_17f5_be65, 0x0399_411b_7c30_9a3d)
    /// R³ mod ℓ, which maps the high half of a 512-bit integer into Montgomery form.
    @usableFromInline static let r3 = Scalar(
        montgomery: 0x2a9e_4968_7b83_a2db, 0x2783_24e6_aef7_f3ec, 0x8065_dc6c_04ec_5b65, 0x0e53_0b77_3599_cec7)

    /// Zero.
    public static let zero = Scalar(montgomery: 0, 0, 0, 0)
    /// One (R mod ℓ in Montgomery form).
    public static let one = Scalar(
        montgomery: 0xd6ec_3174_8d98_951d, 0xc6ef_5bf4_737d_cf70, 0xffff_ffff_ffff_fffe, 0x0fff_ffff_ffff_ffff)

    /// The group order ℓ as 32 little-endian bytes.
    public static let orderBytes: [UInt8] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ]

    /// Whether the value is zero.
    @inlinable
    public var isZero: Bool { (m0 | m1 | m2 | m3) == 0 }
}

// MARK: - Conversions

extension Scalar {
    /// The value of a plain 256-bit integer below 2^256 given as little-endian limbs, reduced mod ℓ.
    @inlinable
    init(reducingLimbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        // x·R²/R = x·R: one Montgomery multiplication both reduces (x < 2^256 < R·ℓ/ℓ) and converts.
        self = Scalar.montgomeryMultiply(Scalar(montgomery: l0, l1, l2, l3), Scalar.r2)
    }

    /// The scalar equal to an unsigned 64-bit integer: one single-limb Montgomery multiplication by R² (R²·v < 2^317,
    /// well inside Montgomery reduction's R·ℓ), a quarter of the limb products of a full one.
    @inlinable
    public init(_ value: UInt64) {
        self = Scalar.montgomeryMultiplySmall(Scalar.r2, by: value)
    }

    /// The scalar equal to a signed 64-bit integer (negative values map to ℓ − |v|).
    @inlinable
    public init(_ value: Int64) {
        let magnitude = Scalar(value.magnitude)
        self = value < 0 ? -magnitude : magnitude
    }

    /// The scalar equal to a signed 8-bit integer, from a 256-entry table (the int8 weights' fast path).
    @inlinable
    public init(_ value: Int8) {
        self = Scalar.int8Table[Int(value) &+ 128]
    }

    /// The scalar equal to a signed 16-bit integer (the activations' fast path: no general reduction).
    @inlinable
    public init(_ value: Int16) {
        let magnitude = Scalar(UInt64(value.magnitude))
        self = value < 0 ? -magnitude : magnitude
    }

    /// The scalar equal to a signed 32-bit integer.
    @inlinable
    public init(_ value: Int32) {
        let magnitude = Scalar(UInt64(value.magnitude))
        self = value < 0 ? -magnitude : magnitude
    }

    /// The scalar equal to a platform integer.
    @inlinable
    public init(_ value: Int) {
        self.init(Int64(value))
    }

    @usableFromInline static let int8Table: [Scalar] = (-128...127).map { Scalar(Int64($0)) }

    /// Decodes the canonical 32-byte little-endian encoding of a value below ℓ.
    ///
    /// - Throws: ``AlgebraError/wrongLength(of:expected:actual:)`` unless exactly 32 bytes are given, and
    ///   ``AlgebraError/nonCanonicalScalar`` for a value ≥ ℓ (RFC 9496 §4.4 requires rejecting those).
    public init(canonical bytes: some Collection<UInt8>) throws(AlgebraError) {
        guard bytes.count == 32 else {
            throw AlgebraError.wrongLength(of: "scalar", expected: 32, actual: bytes.count)
        }
        let w = LittleEndian.words4(bytes)
        // w < ℓ: w − ℓ borrows out of the top limb.
        let (_, b0) = Scalar.sbb(w.0, Scalar.ell0, 0)
        let (_, b1) = Scalar.sbb(w.1, Scalar.ell1, b0)
        let (_, b2) = Scalar.sbb(w.2, Scalar.ell2, b1)
        let (_, b3) = Scalar.sbb(w.3, Scalar.ell3, b2)
        guard b3 == 1 else { throw AlgebraError.nonCanonicalScalar }
        self.init(reducingLimbs: w.0, w.1, w.2, w.3)
    }

    /// Reduces a little-endian integer of at most 64 bytes mod ℓ (RFC 9496 uses 64 uniform bytes so the result
    /// is statistically close to uniform; 32 bytes would be biased).
    ///
    /// - Throws: ``AlgebraError/wrongLength(of:expected:actual:)`` when more than 64 bytes are given.
    public init(reducingWide bytes: some Collection<UInt8>) throws(AlgebraError) {
        guard bytes.count <= 64 else {
            throw AlgebraError.wrongLength(of: "wide scalar input (at most)", expected: 64, actual: bytes.count)
        }
        let w = LittleEndian.words(bytes, count: 8)
        self.init(wideLimbs: w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7])
    }

    /// Reduces the 512-bit integer `lo + hi·2^256` (little-endian limbs) mod ℓ.
    @inlinable
    public init(
        wideLimbs w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64,
        _ w4: UInt64, _ w5: UInt64, _ w6: UInt64, _ w7: UInt64
    ) {
        // lo·R²/R + hi·R³/R = (lo + hi·R)·R: Montgomery form of the wide value. Each product of a value below
        // 2^256 with one below ℓ is below R·ℓ, which Montgomery reduction accepts.
        let low = Scalar.montgomeryMultiply(Scalar(montgomery: w0, w1, w2, w3), Scalar.r2)
        let high = Scalar.montgomeryMultiply(Scalar(montgomery: w4, w5, w6, w7), Scalar.r3)
        self = low + high
    }

    /// The canonical 32-byte little-endian encoding.
    public var canonicalBytes: [UInt8] {
        let (a, b, c, d) = plainLimbs
        return LittleEndian.bytes(a, b, c, d)
    }

    /// The plain (non-Montgomery) value as four little-endian limbs, below ℓ.
    @inlinable
    public var plainLimbs: (UInt64, UInt64, UInt64, UInt64) {
        let p = Scalar.montgomeryReduce(m0, m1, m2, m3, 0, 0, 0, 0)
        return (p.m0, p.m1, p.m2, p.m3)
    }
}

extension Scalar: CustomStringConvertible {
    /// Big-endian hexadecimal of the value.
    public var description: String { LittleEndian.hexDescription(canonicalBytes) }
}
