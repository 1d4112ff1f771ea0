/// The Keccak-f[1600] permutation state: 25 lanes of 64 bits (FIPS 202 §3.1).
///
/// Lane `x + 5·y` holds `A[x, y]`; bit `z` of a lane is `A[x, y, z]`. The byte view offered by
/// ``withUnsafeBytes(_:)`` is FIPS 202's string order (§3.1.2, Appendix B.1): 200 bytes, lane by lane, each lane
/// little-endian. That is the order every sponge built on Keccak (SHA-3, SHAKE, STROBE) reads and writes.
///
/// The lanes are a tuple, not an `Array`, so a state lives inline (in registers or on the stack), copies are plain
/// 200-byte moves and ``permute()`` touches no heap and no reference count (DESIGN.md §6).
public struct KeccakState: Sendable {
    /// The lanes `A[x, y]` at index `x + 5·y`, as native integers.
    private var lanes:
        (
            UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64, UInt64, UInt64
        )

    /// The number of bytes in the state: b = 1600 bits (FIPS 202 §3, Table 1).
    public static var byteCount: Int { 200 }

    /// Creates the all-zero state, the initial state of every Keccak sponge (FIPS 202 §4, step 5).
    public init() {
        lanes = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    }

    /// Applies Keccak-f[1600] = Keccak-p[1600, 24] to the state in place (FIPS 202 §3.3, §3.4).
    ///
    /// Each of the 24 rounds is θ, ρ, π, χ, ι (§3.3, Algorithm 7). The round is written out lane by lane over
    /// local variables so that the compiler keeps the state in registers; there is no table lookup indexed by
    /// data, so the running time does not depend on the state.
    ///
    /// - Complexity: O(1): 24 rounds of about 100 word operations.
    public mutating func permute() {
        var a00 = lanes.0
        var a01 = lanes.1
        var a02 = lanes.2
        var a03 = lanes.3
        var a04 = lanes.4
        var a05 = lanes.5
        var a06 = lanes.6
        var a07 = lanes.7
        var a08 = lanes.8
        var a09 = lanes.9
        var a10 = lanes.10
        var a11 = lanes.11
        var a12 = lanes.12
        var a13 = lanes.13
        var a14 = lanes.14
        var a15 = lanes.15
        var a16 = lanes.16
        var a17 = lanes.17
        var a18 = lanes.18
        var a19 = lanes.19
        var a20 = lanes.20
        var a21 = lanes.21
        var a22 = lanes.22
        var a23 = lanes.23
        var a24 = lanes.24
        for round in 0..<24 {
            let roundConstant = keccakRoundConstant(round)
            // θ (§3.2.1): column parities, then each lane absorbs two neighbouring columns.
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotate(c1, 1)
            let d1 = c0 ^ rotate(c2, 1)
            let d2 = c1 ^ rotate(c3, 1)
            let d3 = c2 ^ rotate(c4, 1)
            let d4 = c3 ^ rotate(c0, 1)
            // ρ (§3.2.2) and π (§3.2.3) together: B[y, 2x+3y] = rot(A[x, y] ^ D[x], r[x, y]).
            let b00 = a00 ^ d0
            let b01 = rotate(a06 ^ d1, 44)
            let b02 = rotate(a12 ^ d2, 43)
            let b03 = rotate(a18 ^ d3, 21)
            let b04 = rotate(a24 ^ d4, 14)
            let b05 = rotate(a03 ^ d3, 28)
            let b06 = rotate(a09 ^ d4, 20)
            let b07 = rotate(a10 ^ d0, 3)
            let b08 = rotate(a16 ^ d1, 45)
            let b09 = rotate(a22 ^ d2, 61)
            let b10 = rotate(a01 ^ d1, 1)
            let b11 = rotate(a07 ^ d2, 6)
            let b12 = rotate(a13 ^ d3, 25)
            let b13 = rotate(a19 ^ d4, 8)
            let b14 = rotate(a20 ^ d0, 18)
            let b15 = rotate(a04 ^ d4, 27)
            let b16 = rotate(a05 ^ d0, 36)
            let b17 = rotate(a11 ^ d1, 10)
            let b18 = rotate(a17 ^ d2, 15)
            let b19 = rotate(a23 ^ d3, 56)
            let b20 = rotate(a02 ^ d2, 62)
            let b21 = rotate(a08 ^ d3, 55)
            let b22 = rotate(a14 ^ d4, 39)
            let b23 = rotate(a15 ^ d0, 41)
            let b24 = rotate(a21 ^ d1, 2)
            // χ (§3.2.4): A[x, y] = B[x, y] ^ (~B[x+1, y] & B[x+2, y]).
            a00 = b00 ^ (~b01 & b02)
            a01 = b01 ^ (~b02 & b03)
            a02 = b02 ^ (~b03 & b04)
            a03 = b03 ^ (~b04 & b00)
            a04 = b04 ^ (~b00 & b01)
            a05 = b05 ^ (~b06 & b07)
            a06 = b06 ^ (~b07 & b08)
            a07 = b07 ^ (~b08 & b09)
            a08 = b08 ^ (~b09 & b05)
            a09 = b09 ^ (~b05 & b06)
            a10 = b10 ^ (~b11 & b12)
            a11 = b11 ^ (~b12 & b13)
            a12 = b12 ^ (~b13 & b14)
            a13 = b13 ^ (~b14 & b10)
            a14 = b14 ^ (~b10 & b11)
            a15 = b15 ^ (~b16 & b17)
            a16 = b16 ^ (~b17 & b18)
            a17 = b17 ^ (~b18 & b19)
            a18 = b18 ^ (~b19 & b15)
            a19 = b19 ^ (~b15 & b16)
            a20 = b20 ^ (~b21 & b22)
            a21 = b21 ^ (~b22 & b23)
            a22 = b22 ^ (~b23 & b24)
            a23 = b23 ^ (~b24 & b20)
            a24 = b24 ^ (~b20 & b21)
            // ι (§3.2.5): break the symmetry with the round constant.
            a00 ^= roundConstant
        }
        lanes.0 = a00
        lanes.1 = a01
        lanes.2 = a02
        lanes.3 = a03
        lanes.4 = a04
        lanes.5 = a05
        lanes.6 = a06
        lanes.7 = a07
        lanes.8 = a08
        lanes.9 = a09
        lanes.10 = a10
        lanes.11 = a11
        lanes.12 = a12
        lanes.13 = a13
        lanes.14 = a14
        lanes.15 = a15
        lanes.16 = a16
        lanes.17 = a17
        lanes.18 = a18
        lanes.19 = a19
        lanes.20 = a20
        lanes.21 = a21
        lanes.22 = a22
        lanes.23 = a23
        lanes.24 = a24
    }

    /// Calls `body` with the state's 200 bytes in FIPS 202 string order (§3.1.2: lane `x + 5·y`, little-endian).
    ///
    /// The buffer is only valid inside `body`.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        #if _endian(little)
            return try Swift.withUnsafeBytes(of: lanes) { (bytes) throws(Failure) -> Result in try body(bytes) }
        #else
            var copy = self
            copy.swapLaneBytes()
            return try Swift.withUnsafeBytes(of: copy.lanes) { (bytes) throws(Failure) -> Result in try body(bytes) }
        #endif
    }

    /// Calls `body` with the state's 200 bytes in FIPS 202 string order (§3.1.2), letting it read and write them.
    ///
    /// This is how a sponge absorbs (XOR into the first r bytes) and squeezes (read them) (FIPS 202 §4, Algorithm 8).
    /// The buffer is only valid inside `body`.
    public mutating func withUnsafeMutableBytes<Result, Failure: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        #if _endian(little)
            return try Swift.withUnsafeMutableBytes(of: &lanes) { (bytes) throws(Failure) -> Result in
                try body(bytes)
            }
        #else
            swapLaneBytes()
            defer { swapLaneBytes() }
            return try Swift.withUnsafeMutableBytes(of: &lanes) { (bytes) throws(Failure) -> Result in
                try body(bytes)
            }
        #endif
    }

    #if !_endian(little)
        /// Converts every lane between native and little-endian byte order (its own inverse).
        private mutating func swapLaneBytes() {
            Swift.withUnsafeMutableBytes(of: &lanes) { bytes in
                for lane in 0..<25 {
                    let value = bytes.load(fromByteOffset: lane * 8, as: UInt64.self)
                    bytes.storeBytes(of: value.byteSwapped, toByteOffset: lane * 8, as: UInt64.self)
                }
            }
        }
    #endif
}

/// Rotates left by a constant: the cyclic shift of a lane along z used by θ and ρ (FIPS 202 §3.2.1, §3.2.2).
@inline(__always)
private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
    (value &<< count) | (value &>> (64 &- count))
}

/// The round constant RC of round `round` for ι (FIPS 202 §3.2.5, Algorithm 5 and 6, with ℓ = 6).
///
/// A `switch` over literals instead of a global array: no lazy initialisation, no bounds check, no retain.
@inline(__always)
private func keccakRoundConstant(_ round: Int) -> UInt64 {
    switch round {
    case 0: 0x0000_0000_0000_0001
    case 1: 0x0000_0000_0000_8082
    case 2: 0x8000_0000_0000_808A
    case 3: 0x8000_0000_8000_8000
    case 4: 0x0000_0000_0000_808B
    case 5: 0x0000_0000_8000_0001
    case 6: 0x8000_0000_8000_8081
    case 7: 0x8000_0000_0000_8009
    case 8: 0x0000_0000_0000_008A
    case 9: 0x0000_0000_0000_0088
    case 10: 0x0000_0000_8000_8009
    case 11: 0x0000_0000_8000_000A
    case 12: 0x0000_0000_8000_808B
    case 13: 0x8000_0000_0000_008B
    case 14: 0x8000_0000_0000_8089
    case 15: 0x8000_0000_0000_8003
    case 16: 0x8000_0000_0000_8002
    case 17: 0x8000_0000_0000_0080
    case 18: 0x0000_0000_0000_800A
    case 19: 0x8000_0000_8000_000A
    case 20: 0x8000_0000_8000_8081
    case 21: 0x8000_0000_0000_8080
    case 22: 0x0000_0000_8000_0001
    default: 0x8000_0000_8000_8008
    }
}
