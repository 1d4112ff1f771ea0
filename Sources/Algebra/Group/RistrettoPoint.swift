/// An element of the prime-order group ristretto255 (RFC 9496).
///
/// Represented by an edwards25519 point in extended coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, x·y = T/Z.
/// Several Edwards points represent one ristretto255 element; ``==`` and ``encoding`` see through that
/// (RFC 9496 §4.3.3, §4.3.2), so no cofactor handling is needed anywhere.
///
/// Timing: scalar multiplication and MSM here are **variable-time** (their running time depends on the
/// scalars). That is acceptable because only the platform's own prover handles secret scalars, on its own
/// machine; verifiers only handle public data. Do not use these routines where an attacker can time a
/// secret-dependent operation.
@frozen
public struct RistrettoPoint: Sendable {
    @usableFromInline var x: FieldElement
    @usableFromInline var y: FieldElement
    @usableFromInline var z: FieldElement
    @usableFromInline var t: FieldElement
    /// The field element s whose canonical bytes are this point's encoding, when known: decoding sets it, so a
    /// verifier absorbing a decoded point into its transcript does not repeat the inverse square root. Every
    /// other construction leaves it nil (coordinates are never mutated in place).
    @usableFromInline var knownEncoding: FieldElement?

    @inlinable
    init(x: FieldElement, y: FieldElement, z: FieldElement, t: FieldElement) {
        self.x = x
        self.y = y
        self.z = z
        self.t = t
        self.knownEncoding = nil
    }

    /// The identity element (encodes as 32 zero bytes).
    public static let identity = RistrettoPoint(x: .zero, y: .one, z: .one, t: .zero)

    /// The standard generator: the ristretto255 element of the Ed25519 base point (RFC 9496 §4.4).
    public static let generator = RistrettoPoint(
        x: FieldElement(0x62d608f25d51a, 0x412a4b4f6592a, 0x75b7171a4b31d, 0x1ff60527118fe, 0x216936d3cd6e5),
        y: FieldElement(0x6666666666658, 0x4cccccccccccc, 0x1999999999999, 0x3333333333333, 0x6666666666666),
        z: .one,
        t: FieldElement(0x68ab3a5b7dda3, 0x00eea2a5eadbb, 0x2af8df483c27e, 0x332b375274732, 0x67875f0fd78b7)
    )
}

// MARK: - Encoding (RFC 9496 §4.3.1, §4.3.2)

extension RistrettoPoint {
    /// Decodes a canonical 32-byte encoding (RFC 9496 §4.3.1).
    ///
    /// - Throws: ``AlgebraError/wrongLength(of:expected:actual:)`` for anything but 32 bytes, and
    ///   ``AlgebraError/invalidPointEncoding(_:)`` naming the step that rejected a non-canonical or invalid
    ///   encoding. Every such input is rejected; none traps.
    public init(encoding bytes: some Collection<UInt8>) throws(AlgebraError) {
        let state = try DecodingState(canonicalBytes: bytes)
        try self.init(decoding: state, power: state.exponentBase.powPMinus5Over8())
    }

    /// A decoding up to its one exponentiation (RFC 9496 §4.3.1 steps 1 and 2), so that ``decodeAll(_:)`` can run
    /// two exponentiations in lock step.
    @usableFromInline
    struct DecodingState {
        let s: FieldElement
        let u1: FieldElement
        let u2: FieldElement
        /// v·u2², whose inverse square root step 2 needs.
        let radicand: FieldElement
        let v: FieldElement
        /// radicand³, kept for the end of SQRT_RATIO_M1(1, radicand).
        let radicandCubed: FieldElement
        /// radicand⁷, the base of SQRT_RATIO_M1's exponentiation.
        let exponentBase: FieldElement

        init(canonicalBytes bytes: some Collection<UInt8>) throws(AlgebraError) {
            guard bytes.count == 32 else {
                throw AlgebraError.wrongLength(of: "ristretto255 encoding", expected: 32, actual: bytes.count)
            }
            // Step 1: s must be canonical (< p) and non-negative.
            guard let s = FieldElement(canonicalBytes: bytes) else {
                throw AlgebraError.invalidPointEncoding(.nonCanonicalFieldElement)
            }
            guard !s.isNegative else { throw AlgebraError.invalidPointEncoding(.negativeFieldElement) }
            self.init(s: s)
        }

        /// Step 2 (a = −1) up to the exponentiation: u1 = 1 − s², u2 = 1 + s², v = −d·u1² − u2².
        init(s: FieldElement) {
            let ss = s.squared()
            let u1 = FieldElement.one - ss
            let u2 = FieldElement.one + ss
            let u2Squared = u2.squared()
            let v = -(FieldElement.d * u1.squared()) - u2Squared
            self.s = s
            self.u1 = u1
            self.u2 = u2
            self.v = v
            radicand = v * u2Squared
            (radicandCubed, exponentBase) = FieldElement.sqrtRatioExponentBase(.one, radicand)
        }
    }

    /// The rest of step 2 and step 3, given `power` = exponentBase^((p−5)/8).
    init(decoding state: DecodingState, power: FieldElement) throws(AlgebraError) {
        let (wasSquare, invSqrt) = FieldElement.sqrtRatioM1(
            .one, state.radicand, v3: state.radicandCubed, power: power)
        let denX = invSqrt * state.u2
        let denY = invSqrt * denX * state.v
        let x = (state.s + state.s) * denX
        let xAbs = x.absolute
        let y = state.u1 * denY
        let t = xAbs * y

        // Step 3: reject when the square root did not exist, t is negative, or y = 0.
        guard wasSquare else { throw AlgebraError.invalidPointEncoding(.notASquare) }
        guard !t.isNegative else { throw AlgebraError.invalidPointEncoding(.negativeT) }
        guard !y.isZero else { throw AlgebraError.invalidPointEncoding(.zeroY) }
        self.init(x: xAbs, y: y, z: .one, t: t)
        // Encodings are unique (RFC 9496 §4.3.2 re-encodes a decoded element to the same canonical s).
        self.knownEncoding = state.s
    }

    /// Decodes every encoding exactly as ``init(encoding:)`` does (the same points, the same errors), two at a
    /// time: their inverse square roots run in lock step (``FieldElementLanes``), about 15 % faster than one by one
    /// on this project's machine (the squarings are bound by instruction throughput more than by latency).
    public static func decodeAll<Bytes: Collection<UInt8>>(
        _ encodings: [Bytes]
    ) -> [Result<RistrettoPoint, AlgebraError>] {
        decodeEach(encodings)
    }

    /// ``decodeAll(_:)`` for slices of one buffer (how proof readers hold encodings), specialized in this module:
    /// called generically from another module, every byte access of the generic version goes through witness tables,
    /// which cost about a tenth of a decoding.
    public static func decodeAll(_ encodings: [ArraySlice<UInt8>]) -> [Result<RistrettoPoint, AlgebraError>] {
        decodeEach(encodings)
    }

    /// ``decodeAll(_:)`` for separate arrays, specialized in this module.
    public static func decodeAll(_ encodings: [[UInt8]]) -> [Result<RistrettoPoint, AlgebraError>] {
        decodeEach(encodings)
    }

    private static func decodeEach<Bytes: Collection<UInt8>>(
        _ encodings: [Bytes]
    ) -> [Result<RistrettoPoint, AlgebraError>] {
        var results: [Result<RistrettoPoint, AlgebraError>] = []
        results.reserveCapacity(encodings.count)
        var pending: [(index: Int, state: DecodingState)] = []
        pending.reserveCapacity(2)
        func flush() {
            // Lanes beyond the pending ones repeat the last (their results are dropped).
            func base(_ lane: Int) -> FieldElement { pending[min(lane, pending.count - 1)].state.exponentBase }
            let powers = FieldElementLanes(base(0), base(1)).powPMinus5Over8()
            for lane in pending.indices {
                let power = lane == 0 ? powers.a : powers.b
                let item = pending[lane]
                results[item.index] = Result { () throws(AlgebraError) in
                    try RistrettoPoint(decoding: item.state, power: power)
                }
            }
            pending.removeAll(keepingCapacity: true)
        }
        for (index, bytes) in encodings.enumerated() {
            do {
                pending.append((index, try DecodingState(canonicalBytes: bytes)))
                results.append(.failure(.invalidPointEncoding(.notASquare)))  // placeholder until the flush
                if pending.count == 2 { flush() }
            } catch {
                results.append(.failure(error))
            }
        }
        if !pending.isEmpty { flush() }
        return results
    }

    /// The canonical 32-byte encoding (RFC 9496 §4.3.2).
    public var encoding: [UInt8] { encodedField.canonicalBytes }

    /// Calls `body` with the canonical 32-byte encoding in a stack buffer: the same bytes as ``encoding``, without
    /// allocating them (a verifier absorbs every point of a proof into its transcript).
    public func withEncoding<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let w = encodedField.canonicalWords
        return withUnsafeBytes(of: (w.0.littleEndian, w.1.littleEndian, w.2.littleEndian, w.3.littleEndian), body)
    }

    /// The canonical encoding as four little-endian words when it is known without computing it (a decoded point),
    /// nil otherwise. Equal words are equal elements: a verifier merges repeated terms of one decoded point by them.
    public var knownEncodingWords: (UInt64, UInt64, UInt64, UInt64)? { knownEncoding?.canonicalWords }

    /// The field element s whose canonical bytes are the encoding (RFC 9496 §4.3.2), kept from decoding if known.
    private var encodedField: FieldElement {
        if let s = knownEncoding { return s }
        let u1 = (z + y) * (z - y)
        let u2 = x * y
        let (_, invSqrt) = FieldElement.sqrtRatioM1(.one, u1 * u2.squared())
        let den1 = invSqrt * u1
        let den2 = invSqrt * u2
        let zInverse = den1 * den2 * t
        let ix = x * FieldElement.sqrtM1
        let iy = y * FieldElement.sqrtM1
        let enchantedDenominator = den1 * FieldElement.invSqrtAMinusD
        let rotate = (t * zInverse).isNegative
        let xr = FieldElement.select(x, iy, if: rotate)
        var yr = FieldElement.select(y, ix, if: rotate)
        let denInverse = FieldElement.select(den2, enchantedDenominator, if: rotate)
        yr = FieldElement.select(yr, -yr, if: (xr * zInverse).isNegative)
        return (denInverse * (z - yr)).absolute
    }
}

// MARK: - Group law

extension RistrettoPoint: Equatable {
    /// Equality of ristretto255 elements (RFC 9496 §4.3.3): X₁·Y₂ = Y₁·X₂ or Y₁·Y₂ = X₁·X₂.
    @inlinable
    public static func == (lhs: RistrettoPoint, rhs: RistrettoPoint) -> Bool {
        let first = lhs.x * rhs.y == lhs.y * rhs.x
        let second = lhs.y * rhs.y == lhs.x * rhs.x
        return first || second
    }
}

extension RistrettoPoint {
    /// The group operation (complete twisted Edwards addition; no exceptional cases).
    @inlinable
    public static func + (lhs: RistrettoPoint, rhs: RistrettoPoint) -> RistrettoPoint {
        lhs.adding(rhs.projectiveNiels).extended
    }

    /// lhs + (−rhs).
    @inlinable
    public static func - (lhs: RistrettoPoint, rhs: RistrettoPoint) -> RistrettoPoint {
        lhs.subtracting(rhs.projectiveNiels).extended
    }

    /// The inverse element.
    @inlinable
    public static prefix func - (point: RistrettoPoint) -> RistrettoPoint {
        RistrettoPoint(x: -point.x, y: point.y, z: point.z, t: -point.t)
    }

    /// In-place group operation.
    @inlinable
    public static func += (lhs: inout RistrettoPoint, rhs: RistrettoPoint) { lhs = lhs + rhs }

    /// In-place subtraction.
    @inlinable
    public static func -= (lhs: inout RistrettoPoint, rhs: RistrettoPoint) { lhs = lhs - rhs }

    /// 2·P.
    @inlinable
    public func doubled() -> RistrettoPoint {
        projective.doubled().extended
    }

    /// Whether this is the identity element.
    public var isIdentity: Bool { self == RistrettoPoint.identity }
}

// MARK: - Scalar multiplication

extension RistrettoPoint {
    /// k·P by a signed radix-16 window over a table of P…8P. **Variable time** (see the type's notes).
    ///
    /// Short scalars cost less: k is replaced by −k when that is the shorter (so −1, −2^16 are short too), and
    /// only the windows up to the top non-zero digit run. Protocol coefficients are often ±1 or 2^16j.
    /// - Complexity: at most 252 doublings and 64 additions; 4 doublings per window of the shorter of k, −k.
    public static func * (scalar: Scalar, point: RistrettoPoint) -> RistrettoPoint {
        if SignedMagnitude(scalar).isNegative { return -multiply(-scalar, point) }
        return multiply(scalar, point)
    }

    private static func multiply(_ scalar: Scalar, _ point: RistrettoPoint) -> RistrettoPoint {
        let digits = scalar.signedRadix16Digits()
        var top = 63
        while top >= 0, digits[top] == 0 { top -= 1 }
        guard top >= 0 else { return .identity }
        if top == 0, digits[0] == 1 { return point }
        var table = [ProjectiveNielsPoint](repeating: .identity, count: 8)
        table[0] = point.projectiveNiels
        var multiple = point
        for i in 1..<8 {
            multiple = multiple.adding(table[0]).extended
            table[i] = multiple.projectiveNiels
        }
        var accumulator = RistrettoPoint.identity
        for i in stride(from: top, through: 0, by: -1) {
            if i != top {
                var p = accumulator.projective.doubled().projective
                p = p.doubled().projective
                p = p.doubled().projective
                accumulator = p.doubled().extended
            }
            let digit = Int(digits[i])
            if digit > 0 {
                accumulator = accumulator.adding(table[digit - 1]).extended
            } else if digit < 0 {
                accumulator = accumulator.subtracting(table[-digit - 1]).extended
            }
        }
        return accumulator
    }

    /// P·k, the same as k·P.
    @inlinable
    public static func * (point: RistrettoPoint, scalar: Scalar) -> RistrettoPoint {
        scalar * point
    }
}

extension Scalar {
    /// 64 digits a_i ∈ [−8, 8] with value Σ a_i·16^i (the top digit absorbs the final carry; ℓ < 2^253 keeps
    /// it ≤ 8).
    @usableFromInline
    func signedRadix16Digits() -> [Int8] {
        let bytes = canonicalBytes
        var digits = [Int8](repeating: 0, count: 64)
        for i in 0..<32 {
            digits[2 * i] = Int8(bytes[i] & 15)
            digits[2 * i + 1] = Int8(bytes[i] >> 4)
        }
        for i in 0..<63 {
            let carry = (digits[i] &+ 8) >> 4
            digits[i] &-= carry << 4
            digits[i + 1] &+= carry
        }
        return digits
    }
}
