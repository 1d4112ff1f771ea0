import CGMP

/// Modular arithmetic computed by GMP, the independent answer the property tests compare `Algebra` with.
///
/// Every operand and result is a little-endian byte string; results are reduced into [0, m) and padded to
/// the modulus's byte width. Scratch integers are reused, so an oracle is cheap per call but is not
/// `Sendable`: create one per test.
public final class GMPOracle {
    /// ℓ = 2^252 + 27742317777372353535851937790883648493, the order of ristretto255, little-endian.
    public static let scalarModulus: [UInt8] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ]

    /// p = 2^255 − 19, the edwards25519 base field's modulus, little-endian.
    public static let fieldModulus: [UInt8] = [0xed] + [UInt8](repeating: 0xff, count: 30) + [0x7f]

    /// The modulus m.
    public let modulus: GMPInteger
    /// The number of bytes of every result.
    public let byteWidth: Int
    private let a = GMPInteger()
    private let b = GMPInteger()
    private let result = GMPInteger()

    /// Arithmetic mod the positive integer with little-endian bytes `modulus`.
    public init(modulus: [UInt8]) {
        self.modulus = GMPInteger(littleEndian: modulus)
        self.byteWidth = max(1, (self.modulus.bitWidth + 7) / 8)
    }

    /// An oracle for scalars mod ℓ.
    public static func scalars() -> GMPOracle { GMPOracle(modulus: scalarModulus) }

    /// An oracle for GF(2^255 − 19).
    public static func field() -> GMPOracle { GMPOracle(modulus: fieldModulus) }

    /// x mod m for a little-endian integer of any length (wide reduction, or the residue of a value ≥ m).
    public func reduce(_ x: [UInt8]) -> [UInt8] {
        a.set(littleEndian: x)
        __gmpz_mod(result.pointer, a.pointer, modulus.pointer)
        return output()
    }

    /// (x + y) mod m.
    public func add(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        load(x, y)
        __gmpz_add(result.pointer, a.pointer, b.pointer)
        __gmpz_mod(result.pointer, result.pointer, modulus.pointer)
        return output()
    }

    /// (x − y) mod m, in [0, m).
    public func subtract(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        load(x, y)
        __gmpz_sub(result.pointer, a.pointer, b.pointer)
        __gmpz_mod(result.pointer, result.pointer, modulus.pointer)
        return output()
    }

    /// (x · y) mod m.
    public func multiply(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        load(x, y)
        __gmpz_mul(result.pointer, a.pointer, b.pointer)
        __gmpz_mod(result.pointer, result.pointer, modulus.pointer)
        return output()
    }

    /// (−x) mod m.
    public func negate(_ x: [UInt8]) -> [UInt8] {
        subtract([0], x)
    }

    /// x^(−1) mod m (`mpz_invert`), or `nil` when x has no inverse (x ≡ 0 for a prime modulus).
    public func inverse(_ x: [UInt8]) -> [UInt8]? {
        a.set(littleEndian: x)
        guard __gmpz_invert(result.pointer, a.pointer, modulus.pointer) != 0 else { return nil }
        return output()
    }

    /// x^k mod m for a non-negative exponent given as little-endian bytes (`mpz_powm`).
    public func power(_ x: [UInt8], _ exponent: [UInt8]) -> [UInt8] {
        load(x, exponent)
        __gmpz_powm(result.pointer, a.pointer, b.pointer, modulus.pointer)
        return output()
    }

    /// The Legendre symbol (x / m) for an odd prime m: 1 for a non-zero square, −1 for a non-square, 0 for
    /// x ≡ 0 (`mpz_legendre`, which gmp.h defines as `mpz_jacobi`; both agree for a prime m).
    public func legendre(_ x: [UInt8]) -> Int {
        a.set(littleEndian: x)
        return Int(__gmpz_jacobi(a.pointer, modulus.pointer))
    }

    /// Whether x is a square mod the odd prime m (zero counts: 0 = 0²).
    public func isSquare(_ x: [UInt8]) -> Bool {
        legendre(x) >= 0
    }

    /// Whether r² ≡ x (mod m).
    public func isSquareRoot(_ r: [UInt8], of x: [UInt8]) -> Bool {
        multiply(r, r) == reduce(x)
    }

    /// Whether the little-endian integer x is below m (so it is a canonical residue).
    public func isReduced(_ x: [UInt8]) -> Bool {
        a.set(littleEndian: x)
        return a.compare(modulus) < 0
    }

    private func load(_ x: [UInt8], _ y: [UInt8]) {
        a.set(littleEndian: x)
        b.set(littleEndian: y)
    }

    /// `result` as `byteWidth` bytes; it is reduced, so it always fits.
    private func output() -> [UInt8] {
        result.littleEndianBytes(count: byteWidth) ?? []
    }
}
