// Working representations of edwards25519 points used inside group operations and MSM, in the
// Hisil–Wong–Carter–Dawson formulas for a = −1 ("Twisted Edwards curves revisited", Asiacrypt 2008, §3–§4),
// as ref10 and curve25519-dalek arrange them: an addition lands in "completed" P¹×P¹ form, from which either
// extended (4 multiplications) or projective (3 multiplications) coordinates are recovered.

/// ((X : Z), (Y : T)) with x = X/Z, y = Y/T: the output of one addition or doubling.
@frozen @usableFromInline
struct CompletedPoint: Sendable {
    @usableFromInline var x: FieldElement
    @usableFromInline var y: FieldElement
    @usableFromInline var z: FieldElement
    @usableFromInline var t: FieldElement

    @inlinable
    init(x: FieldElement, y: FieldElement, z: FieldElement, t: FieldElement) {
        self.x = x
        self.y = y
        self.z = z
        self.t = t
    }

    /// Extended coordinates: 4 multiplications.
    @inlinable @inline(__always)
    var extended: RistrettoPoint {
        RistrettoPoint(x: x * t, y: y * z, z: z * t, t: x * y)
    }

    /// Projective coordinates (no T), enough for a following doubling: 3 multiplications.
    @inlinable
    var projective: ProjectivePoint {
        ProjectivePoint(x: x * t, y: y * z, z: z * t)
    }
}

/// (X : Y : Z) with x = X/Z, y = Y/Z: the cheapest input to doubling.
@frozen @usableFromInline
struct ProjectivePoint: Sendable {
    @usableFromInline var x: FieldElement
    @usableFromInline var y: FieldElement
    @usableFromInline var z: FieldElement

    @inlinable
    init(x: FieldElement, y: FieldElement, z: FieldElement) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// 2·P (dbl-2008-hwcd): 4 squarings.
    @inlinable
    func doubled() -> CompletedPoint {
        // Lazy sums and differences: every output feeds only the multiplications of .extended/.projective.
        let xx = x.squared()
        let yy = y.squared()
        let zz = z.squared()
        let zz2 = zz.addingLazily(zz)
        let xPlusYSquared = x.addingLazily(y).squared()
        let yyPlusXX = yy.addingLazily(xx)
        let yyMinusXX = yy.subtractingLazily(xx)
        // T = 2Z² − (YY − XX), computed as (2Z² + XX) − YY so the subtrahend stays reduced.
        return CompletedPoint(
            x: xPlusYSquared.subtractingLazily(yyPlusXX), y: yyPlusXX, z: yyMinusXX,
            t: zz2.addingLazily(xx).subtractingLazily(yy))
    }
}

/// (Y + X, Y − X, Z, 2d·T): a point prepared for repeated addition (add-2008-hwcd-3).
@frozen @usableFromInline
struct ProjectiveNielsPoint: Sendable {
    @usableFromInline var yPlusX: FieldElement
    @usableFromInline var yMinusX: FieldElement
    @usableFromInline var z: FieldElement
    @usableFromInline var t2d: FieldElement

    @inlinable
    init(yPlusX: FieldElement, yMinusX: FieldElement, z: FieldElement, t2d: FieldElement) {
        self.yPlusX = yPlusX
        self.yMinusX = yMinusX
        self.z = z
        self.t2d = t2d
    }

    /// −P: swap the sum and difference, negate 2d·T.
    @inlinable
    var negated: ProjectiveNielsPoint {
        ProjectiveNielsPoint(yPlusX: yMinusX, yMinusX: yPlusX, z: z, t2d: -t2d)
    }

    /// The identity (0 : 1 : 1 : 0).
    @usableFromInline static let identity = ProjectiveNielsPoint(yPlusX: .one, yMinusX: .one, z: .one, t2d: .zero)
}

/// (y + x, y − x, 2d·x·y) with Z = 1: a normalized point, one multiplication cheaper to add than
/// ``ProjectiveNielsPoint``. MSM bases and fixed-base tables are stored this way.
@frozen @usableFromInline
struct AffineNielsPoint: Sendable {
    @usableFromInline var yPlusX: FieldElement
    @usableFromInline var yMinusX: FieldElement
    @usableFromInline var xy2d: FieldElement

    @inlinable
    init(yPlusX: FieldElement, yMinusX: FieldElement, xy2d: FieldElement) {
        self.yPlusX = yPlusX
        self.yMinusX = yMinusX
        self.xy2d = xy2d
    }

    /// −P.
    @inlinable
    var negated: AffineNielsPoint {
        AffineNielsPoint(yPlusX: yMinusX, yMinusX: yPlusX, xy2d: -xy2d)
    }

    /// The identity (x, y) = (0, 1).
    @usableFromInline static let identity = AffineNielsPoint(yPlusX: .one, yMinusX: .one, xy2d: .zero)
}

extension RistrettoPoint {
    /// Projective coordinates (drops T).
    @inlinable
    var projective: ProjectivePoint { ProjectivePoint(x: x, y: y, z: z) }

    /// Prepared for repeated addition: one multiplication.
    @inlinable
    var projectiveNiels: ProjectiveNielsPoint {
        ProjectiveNielsPoint(
            yPlusX: y.addingLazily(x), yMinusX: y.subtractingLazily(x), z: z, t2d: t * FieldElement.d2)
    }

    /// P + Q for a prepared Q: 4 multiplications into completed form.
    @inlinable
    func adding(_ other: ProjectiveNielsPoint) -> CompletedPoint {
        let pp = y.addingLazily(x) * other.yPlusX
        let mm = y.subtractingLazily(x) * other.yMinusX
        let tt2d = t * other.t2d
        let zz = z * other.z
        let zz2 = zz.addingLazily(zz)
        return CompletedPoint(
            x: pp.subtractingLazily(mm), y: pp.addingLazily(mm), z: zz2.addingLazily(tt2d),
            t: zz2.subtractingLazily(tt2d))
    }

    /// P − Q for a prepared Q.
    @inlinable
    func subtracting(_ other: ProjectiveNielsPoint) -> CompletedPoint {
        let pp = y.addingLazily(x) * other.yMinusX
        let mm = y.subtractingLazily(x) * other.yPlusX
        let tt2d = t * other.t2d
        let zz = z * other.z
        let zz2 = zz.addingLazily(zz)
        return CompletedPoint(
            x: pp.subtractingLazily(mm), y: pp.addingLazily(mm), z: zz2.subtractingLazily(tt2d),
            t: zz2.addingLazily(tt2d))
    }

    /// P + Q for a normalized Q: 3 multiplications into completed form (madd-2008-hwcd-3).
    @inlinable @inline(__always)
    func adding(_ other: AffineNielsPoint) -> CompletedPoint {
        let pp = y.addingLazily(x) * other.yPlusX
        let mm = y.subtractingLazily(x) * other.yMinusX
        let txy2d = t * other.xy2d
        let z2 = z.addingLazily(z)
        return CompletedPoint(
            x: pp.subtractingLazily(mm), y: pp.addingLazily(mm), z: z2.addingLazily(txy2d),
            t: z2.subtractingLazily(txy2d))
    }

    /// P − Q for a normalized Q.
    @inlinable @inline(__always)
    func subtracting(_ other: AffineNielsPoint) -> CompletedPoint {
        let pp = y.addingLazily(x) * other.yMinusX
        let mm = y.subtractingLazily(x) * other.yPlusX
        let txy2d = t * other.xy2d
        let z2 = z.addingLazily(z)
        return CompletedPoint(
            x: pp.subtractingLazily(mm), y: pp.addingLazily(mm), z: z2.subtractingLazily(txy2d),
            t: z2.addingLazily(txy2d))
    }

    /// Normalizes many points with one field inversion (Montgomery's trick).
    /// - Complexity: O(n): about 7 multiplications per point plus one inversion.
    @usableFromInline
    static func affineNiels(_ points: [RistrettoPoint]) -> [AffineNielsPoint] {
        var inverses = points.map(\.z)
        FieldElement.batchInvert(&inverses)
        let d2 = FieldElement.d2
        var result = [AffineNielsPoint]()
        result.reserveCapacity(points.count)
        for (point, zInverse) in zip(points, inverses) {
            let ax = point.x * zInverse
            let ay = point.y * zInverse
            result.append(AffineNielsPoint(yPlusX: ay + ax, yMinusX: ay - ax, xy2d: ax * ay * d2))
        }
        return result
    }
}
