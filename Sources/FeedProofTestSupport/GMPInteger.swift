import CGMP

/// An arbitrary-precision integer owned by Swift: a GMP `mpz_t` initialized on creation and cleared in `deinit`.
///
/// A test oracle only (DESIGN.md §5: GMP is never on a proving path). Instances are mutable scratch space and
/// not `Sendable`; give each test its own.
public final class GMPInteger {
    /// The `mpz_t`, at a stable heap address for the object's lifetime.
    let pointer: UnsafeMutablePointer<__mpz_struct>

    /// Zero.
    public init() {
        pointer = .allocate(capacity: 1)
        __gmpz_init(pointer)
    }

    /// The value of an unsigned machine integer.
    public convenience init(_ value: UInt) {
        self.init()
        __gmpz_set_ui(pointer, value)
    }

    /// The non-negative integer whose little-endian bytes are `bytes` (any length; empty is zero).
    public convenience init(littleEndian bytes: [UInt8]) {
        self.init()
        set(littleEndian: bytes)
    }

    /// 2^exponent.
    public convenience init(powerOfTwo exponent: Int) {
        self.init()
        __gmpz_setbit(pointer, mp_bitcnt_t(exponent))
    }

    deinit {
        __gmpz_clear(pointer)
        pointer.deallocate()
    }

    /// Replaces the value with the non-negative integer whose little-endian bytes are `bytes` (`mpz_import`).
    public func set(littleEndian bytes: [UInt8]) {
        if bytes.isEmpty {
            __gmpz_set_ui(pointer, 0)
            return
        }
        bytes.withUnsafeBytes { raw in
            // order −1: least significant word first; words of 1 byte, so endianness within a word is moot.
            __gmpz_import(pointer, raw.count, -1, 1, 0, 0, raw.baseAddress)
        }
    }

    /// Replaces the value with `other`'s.
    public func set(_ other: GMPInteger) {
        __gmpz_set(pointer, other.pointer)
    }

    /// The magnitude as exactly `count` little-endian bytes (`mpz_export`, zero-padded), or `nil` when it
    /// needs more than `count` bytes.
    public func littleEndianBytes(count: Int) -> [UInt8]? {
        guard (bitWidth + 7) / 8 <= count else { return nil }
        var out = [UInt8](repeating: 0, count: count)
        var written = 0
        out.withUnsafeMutableBytes { raw in
            _ = __gmpz_export(raw.baseAddress, &written, -1, 1, 0, 0, pointer)
        }
        return out
    }

    /// The number of significant bits of the magnitude (0 for zero).
    public var bitWidth: Int {
        signum == 0 ? 0 : Int(__gmpz_sizeinbase(pointer, 2))
    }

    /// −1, 0 or 1 by the sign of the value (GMP's `mpz_sgn`, a macro Swift does not import).
    public var signum: Int {
        let size = pointer.pointee._mp_size
        return size < 0 ? -1 : (size > 0 ? 1 : 0)
    }

    /// Whether bit `index` of the value is set (two's complement for negative values, as `mpz_tstbit`).
    public func testBit(_ index: Int) -> Bool {
        __gmpz_tstbit(pointer, mp_bitcnt_t(index)) != 0
    }

    /// −1, 0 or 1 as `self` is below, equal to or above `other`.
    public func compare(_ other: GMPInteger) -> Int {
        Int(__gmpz_cmp(pointer, other.pointer).signum())
    }
}
