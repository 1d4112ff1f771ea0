import Algebra

/// A deterministic random number generator for reproducible property tests: xoshiro256** (Blackman and
/// Vigna, "Scrambled linear pseudorandom number generators", 2021) seeded through SplitMix64.
///
/// Not cryptographic. Tests draw from it with a fixed ``seed`` and print that seed in every failure message,
/// so a failing case can be replayed exactly. It also supplies random scalars, field elements and points.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    /// The seed this generator started from.
    public let seed: UInt64
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose whole output is determined by `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        // SplitMix64 expands the seed into the 256-bit state (never all zero), as the xoshiro authors advise.
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9e37_79b9_7f4a_7c15
            var z = x
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// The next 64 pseudorandom bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    private func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }

    /// `count` pseudorandom bytes.
    public mutating func bytes(count: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count)
        var word: UInt64 = 0
        for index in 0..<count {
            if index & 7 == 0 { word = next() }
            out.append(UInt8(truncatingIfNeeded: word))
            word >>= 8
        }
        return out
    }

    /// 32 little-endian bytes of a uniform integer in [0, ℓ) (rejection sampling on 253-bit values), the
    /// canonical encoding of a uniform scalar.
    public mutating func randomScalarBytes() -> [UInt8] {
        while true {
            var candidate = bytes(count: 32)
            candidate[31] &= 0x1f  // below 2^253 < 2ℓ: at most half the draws are rejected
            if isBelow(candidate, Scalar.orderBytes) { return candidate }
        }
    }

    /// A uniform scalar mod ℓ, decoded from ``randomScalarBytes()`` (so its value is known independently).
    public mutating func randomScalar() -> Scalar {
        let bytes = randomScalarBytes()
        // Canonical by construction; the fallback only keeps this path free of `try!`.
        return (try? Scalar(canonical: bytes)) ?? Scalar.zero
    }

    /// 32 little-endian bytes of a uniform integer in [0, 2^255 − 19), the canonical encoding of a uniform
    /// field element.
    public mutating func randomFieldElementBytes() -> [UInt8] {
        while true {
            var candidate = bytes(count: 32)
            candidate[31] &= 0x7f
            if isBelow(candidate, SeededGenerator.fieldModulusBytes) { return candidate }
        }
    }

    /// A uniform element of GF(2^255 − 19), decoded from ``randomFieldElementBytes()``.
    public mutating func randomFieldElement() -> FieldElement {
        FieldElement(canonicalBytes: randomFieldElementBytes()) ?? FieldElement.zero
    }

    /// A uniform ristretto255 element: the RFC 9496 one-way map of 64 random bytes (cheaper than a scalar
    /// multiplication, and independent of the scalar-multiplication code under test).
    public mutating func randomPoint() -> RistrettoPoint {
        (try? RistrettoPoint(uniformBytes: bytes(count: 64))) ?? RistrettoPoint.identity
    }

    /// A signed integer uniform in `range`.
    public mutating func int64(in range: ClosedRange<Int64>) -> Int64 {
        Int64.random(in: range, using: &self)
    }

    /// p = 2^255 − 19 as 32 little-endian bytes.
    static let fieldModulusBytes: [UInt8] = [0xed] + [UInt8](repeating: 0xff, count: 30) + [0x7f]

    /// Whether little-endian `a` < `b` (both 32 bytes).
    private func isBelow(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        for index in stride(from: 31, through: 0, by: -1) where a[index] != b[index] {
            return a[index] < b[index]
        }
        return false
    }
}
