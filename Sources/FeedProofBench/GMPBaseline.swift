import CGMP

/// The same modular multiplication with GMP (`mpz_mul` then `mpz_mod`), so our scalar multiplication is
/// compared with it on the same machine in the same run. GMP is only a baseline here (DESIGN.md §6).
final class GMPBaseline {
    private var a = mpz_t()
    private var b = mpz_t()
    private var product = mpz_t()
    private var modulus = mpz_t()

    /// Prepares operands a, b below `modulusBytes` (little-endian), which is the group order ℓ in practice.
    init(modulusBytes: [UInt8], aBytes: [UInt8], bBytes: [UInt8]) {
        __gmpz_init(&a)
        __gmpz_init(&b)
        __gmpz_init(&product)
        __gmpz_init(&modulus)
        GMPBaseline.load(&modulus, modulusBytes)
        GMPBaseline.load(&a, aBytes)
        GMPBaseline.load(&b, bBytes)
        __gmpz_mod(&product, &a, &modulus)
        __gmpz_set(&a, &product)
        __gmpz_mod(&product, &b, &modulus)
        __gmpz_set(&b, &product)
    }

    deinit {
        __gmpz_clear(&a)
        __gmpz_clear(&b)
        __gmpz_clear(&product)
        __gmpz_clear(&modulus)
    }

    private static func load(_ value: inout mpz_t, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            // order −1: least significant word first; endian −1: little-endian bytes within a word.
            __gmpz_import(&value, raw.count, -1, 1, -1, 0, raw.baseAddress)
        }
    }

    /// Runs `count` dependent modular multiplications a ← a·b mod ℓ.
    func multiply(count: Int) {
        for _ in 0..<count {
            __gmpz_mul(&product, &a, &b)
            __gmpz_mod(&a, &product, &modulus)
        }
    }
}
