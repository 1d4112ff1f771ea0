extension RistrettoPoint {
    /// The one-way map from 64 uniformly random bytes to a group element (RFC 9496 §4.3.4): each 32-byte half
    /// is read as a field element (bit 255 masked), mapped by MAP, and the two images are added.
    ///
    /// - Throws: ``AlgebraError/wrongLength(of:expected:actual:)`` unless exactly 64 bytes are given.
    public init(uniformBytes bytes: some Collection<UInt8>) throws(AlgebraError) {
        guard bytes.count == 64 else {
            throw AlgebraError.wrongLength(of: "one-way map input", expected: 64, actual: bytes.count)
        }
        self = RistrettoPoint.oneWayMap(Array(bytes))
    }

    /// The one-way map on a 64-byte array (shorter input reads as zero-padded; callers pass exactly 64 bytes).
    static func oneWayMap(_ bytes: [UInt8]) -> RistrettoPoint {
        let t1 = FieldElement(lowBytesOf: bytes, at: 0)
        let t2 = FieldElement(lowBytesOf: bytes, at: 32)
        return RistrettoPoint.elligatorMap(t1) + RistrettoPoint.elligatorMap(t2)
    }

    /// MAP(t) of RFC 9496 §4.3.4 (Elligator 2 adapted to ristretto255).
    static func elligatorMap(_ t: FieldElement) -> RistrettoPoint {
        let one = FieldElement.one
        let d = FieldElement.d
        let r = FieldElement.sqrtM1 * t.squared()
        let u = (r + one) * FieldElement.oneMinusDSquared
        let v = (-one - r * d) * (r + d)
        let (wasSquare, root) = FieldElement.sqrtRatioM1(u, v)
        let sPrime = -(root * t).absolute
        let s = FieldElement.select(sPrime, root, if: wasSquare)
        let c = FieldElement.select(r, -one, if: wasSquare)
        let n = c * (r - one) * FieldElement.dMinusOneSquared - v
        let w0 = (s + s) * v
        let w1 = n * FieldElement.sqrtADMinusOne
        let ss = s.squared()
        let w2 = one - ss
        let w3 = one + ss
        return RistrettoPoint(x: w0 * w3, y: w2 * w1, z: w1 * w3, t: w0 * w2)
    }
}
