/// An element of GF(2^255 − 19), the base field of edwards25519 and so of ristretto255.
///
/// Five unsigned 51-bit limbs, `value = Σ limb_i · 2^(51·i)`. Between operations a limb may exceed 51 bits
/// slightly ("loose" form, every limb < 2^52); every operation accepts loose inputs and returns loose outputs,
/// and only ``canonicalBytes`` produces the unique representative in [0, p).
///
/// Arithmetic here is branch-free, but the crate-wide contract is only that *verification* never depends on
/// secrets; see ``RistrettoPoint`` for the timing statement.
@frozen
public struct FieldElement: Sendable {
    @usableFromInline var l0: UInt64
    @usableFromInline var l1: UInt64
    @usableFromInline var l2: UInt64
    @usableFromInline var l3: UInt64
    @usableFromInline var l4: UInt64

    @usableFromInline static let mask51: UInt64 = (1 << 51) - 1

    /// Creates an element from five limbs; callers keep every limb below 2^52.
    @inlinable
    init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64, _ l4: UInt64) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
        self.l4 = l4
    }

    /// The additive identity.
    public static let zero = FieldElement(0, 0, 0, 0, 0)
    /// The multiplicative identity.
    public static let one = FieldElement(1, 0, 0, 0, 0)
    /// 2^255 − 19.
    static let modulusDescription = "2^255 - 19"

    /// The element equal to a small unsigned integer.
    @inlinable
    public init(_ value: UInt64) {
        self.init(value & FieldElement.mask51, value >> 51, 0, 0, 0)
    }

    /// Decodes 32 little-endian bytes, ignoring the top bit (bit 255), and reducing mod p.
    ///
    /// This is the RFC 9496 §4.3.4 reading of the one-way map's input halves: non-canonical values are allowed
    /// there. Use ``init(canonicalBytes:)`` where encodings must be unique.
    /// Returns `nil` unless exactly 32 bytes are given.
    public init?(maskingHighBit bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        let w = LittleEndian.words4(bytes)
        self.init(words: (w.0, w.1, w.2, w.3 & 0x7FFF_FFFF_FFFF_FFFF))
    }

    /// Reads 32 little-endian bytes at `offset` of `bytes` (bytes past the end read as zero), masking bit 255.
    @usableFromInline
    init(lowBytesOf bytes: [UInt8], at offset: Int) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for index in 0..<32 where offset + index < bytes.count {
            let byte = UInt64(bytes[offset + index])
            let shift = UInt64((index & 7) * 8)
            switch index >> 3 {
            case 0: words.0 |= byte << shift
            case 1: words.1 |= byte << shift
            case 2: words.2 |= byte << shift
            default: words.3 |= byte << shift
            }
        }
        self.init(words: words)
    }

    /// The value of four little-endian 64-bit words below 2^255 (bit 255 is dropped), in 51-bit limbs.
    init(words: (UInt64, UInt64, UInt64, UInt64)) {
        let m = FieldElement.mask51
        self.init(
            words.0 & m,
            ((words.0 >> 51) | (words.1 << 13)) & m,
            ((words.1 >> 38) | (words.2 << 26)) & m,
            ((words.2 >> 25) | (words.3 << 39)) & m,
            (words.3 >> 12) & m
        )
    }

    /// Decodes a canonical 32-byte little-endian encoding: the value must be below p (so bit 255 is clear).
    ///
    /// Returns `nil` for any other input, as RFC 9496 §4.3.1 requires of ristretto255 decoding.
    public init?(canonicalBytes bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        let w = LittleEndian.words4(bytes)
        // Unique encoding: the value must be below p = 2^255 − 19, whose words are (2^64 − 19, 2^64 − 1,
        // 2^64 − 1, 2^63 − 1); bit 255 set is at least 2^255 > p.
        guard w.3 >> 63 == 0 else { return nil }
        if w.3 == 0x7FFF_FFFF_FFFF_FFFF && w.2 == .max && w.1 == .max && w.0 >= 0xFFFF_FFFF_FFFF_FFED {
            return nil
        }
        self.init(words: w)
    }

    /// The unique 32-byte little-endian encoding of the value in [0, p).
    public var canonicalBytes: [UInt8] {
        let w = canonicalWords
        return LittleEndian.bytes(w.0, w.1, w.2, w.3)
    }

    /// The value in [0, p) as four little-endian 64-bit words: the canonical encoding without allocating it.
    var canonicalWords: (UInt64, UInt64, UInt64, UInt64) {
        let r = reduced()
        return (
            r.l0 | (r.l1 << 51), (r.l1 >> 13) | (r.l2 << 38), (r.l2 >> 26) | (r.l3 << 25), (r.l3 >> 39) | (r.l4 << 12)
        )
    }

    /// The representative in [0, p) with every limb below 2^51.
    @inlinable
    func reduced() -> FieldElement {
        var r = self.carried()
        // Now r < 2^255 + small. q = 1 exactly when r ≥ p: add 19 and see whether bit 255 is reached.
        var q = (r.l0 &+ 19) >> 51
        q = (r.l1 &+ q) >> 51
        q = (r.l2 &+ q) >> 51
        q = (r.l3 &+ q) >> 51
        q = (r.l4 &+ q) >> 51
        r.l0 &+= 19 &* q
        r.l1 &+= r.l0 >> 51
        r.l0 &= FieldElement.mask51
        r.l2 &+= r.l1 >> 51
        r.l1 &= FieldElement.mask51
        r.l3 &+= r.l2 >> 51
        r.l2 &= FieldElement.mask51
        r.l4 &+= r.l3 >> 51
        r.l3 &= FieldElement.mask51
        r.l4 &= FieldElement.mask51  // drops 2^255, i.e. subtracts p together with the +19 above
        return r
    }

    /// One carry pass: every limb below 2^51 + 2^13·19.
    @inlinable
    func carried() -> FieldElement {
        let m = FieldElement.mask51
        var a0 = l0, a1 = l1, a2 = l2, a3 = l3, a4 = l4
        a1 &+= a0 >> 51
        a0 &= m
        a2 &+= a1 >> 51
        a1 &= m
        a3 &+= a2 >> 51
        a2 &= m
        a4 &+= a3 >> 51
        a3 &= m
        a0 &+= (a4 >> 51) &* 19
        a4 &= m
        return FieldElement(a0, a1, a2, a3, a4)
    }

    /// Whether the canonical value is zero.
    @inlinable
    public var isZero: Bool {
        let r = reduced()
        return (r.l0 | r.l1 | r.l2 | r.l3 | r.l4) == 0
    }

    /// RFC 9496 §4.1 IS_NEGATIVE: the low bit of the canonical encoding.
    @inlinable
    public var isNegative: Bool { reduced().l0 & 1 == 1 }
}

extension FieldElement: Equatable {
    /// Equality of the values mod p (not of the limb representations).
    @inlinable
    public static func == (lhs: FieldElement, rhs: FieldElement) -> Bool {
        let a = lhs.reduced()
        let b = rhs.reduced()
        return ((a.l0 ^ b.l0) | (a.l1 ^ b.l1) | (a.l2 ^ b.l2) | (a.l3 ^ b.l3) | (a.l4 ^ b.l4)) == 0
    }
}

extension FieldElement: CustomStringConvertible {
    /// Big-endian hexadecimal of the canonical value.
    public var description: String { LittleEndian.hexDescription(canonicalBytes) }
}
