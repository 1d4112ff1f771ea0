import Algebra

/// `feedproof bench algebra`: the speed of the arithmetic every proof stands on, with the targets of the
/// foundation issue (measured on the machine it runs on; the figures in the README say which).
public enum AlgebraBenchmarks {
    /// Runs every workload. `quick` shrinks the large MSMs for a smoke run.
    public static func run(
        quick: Bool = false, only filter: String? = nil, progress: (String) -> Void = { _ in }
    ) -> [Measurement] {
        var results = FilteredResults(filter: filter)
        let watch = FilteredStopwatch(stopwatch: Stopwatch(rounds: quick ? 3 : 7), filter: filter)
        var random = BenchmarkRandom(seed: 0x5eed)

        // Dependent chains so the optimizer cannot batch or drop the work.
        let s1 = random.scalar()
        let s2 = random.scalar()
        let chain = quick ? 100_000 : 1_000_000
        progress("scalar mul")
        results.append(watch.measure("scalar mul", operations: chain, target: 30) {
            var x = s1
            for _ in 0..<chain { x = x * s2 }
            blackHole(x)
        })
        progress("scalar square")
        results.append(watch.measure("scalar square", operations: chain) {
            var x = s1
            for _ in 0..<chain { x = x.squared() }
            blackHole(x)
        })
        progress("scalar add")
        results.append(watch.measure("scalar add", operations: chain) {
            var x = s1
            for _ in 0..<chain { x = x + s2 }
            blackHole(x)
        })
        progress("scalar invert")
        results.append(watch.measure("scalar invert", operations: 1_000) {
            var x = s1
            for _ in 0..<1_000 { x = (x.inverted() ?? .one) + s2 }
            blackHole(x)
        })

        let gmp = GMPBaseline(modulusBytes: Scalar.orderBytes, aBytes: s1.canonicalBytes, bBytes: s2.canonicalBytes)
        progress("GMP mpz_mul + mpz_mod")
        results.append(watch.measure("GMP mpz_mul + mpz_mod (same ℓ)", operations: chain) {
            gmp.multiply(count: chain)
        })

        let f1 = random.fieldElement()
        let f2 = random.fieldElement()
        progress("field mul")
        results.append(watch.measure("field mul", operations: chain, target: 25) {
            var x = f1
            for _ in 0..<chain { x = x * f2 }
            blackHole(x)
        })
        progress("field square")
        results.append(watch.measure("field square", operations: chain) {
            var x = f1
            for _ in 0..<chain { x = x.squared() }
            blackHole(x)
        })
        progress("field invert")
        results.append(watch.measure("field invert", operations: 1_000) {
            var x = f1
            for _ in 0..<1_000 { x = x.inverted() + f2 }
            blackHole(x)
        })

        let p1 = random.point()
        let p2 = random.point()
        let pointChain = chain / 10
        progress("point add")
        results.append(watch.measure("point add", operations: pointChain) {
            var p = p1
            for _ in 0..<pointChain { p = p + p2 }
            blackHole(p)
        })
        progress("point double")
        results.append(watch.measure("point double", operations: pointChain) {
            var p = p1
            for _ in 0..<pointChain { p = p.doubled() }
            blackHole(p)
        })
        progress("point encode")
        results.append(watch.measure("point encode", operations: 1_000) {
            for _ in 0..<1_000 { blackHole(p1.encoding) }
        })
        let encoded = p1.encoding
        progress("point decode")
        results.append(watch.measure("point decode", operations: 1_000) {
            for _ in 0..<1_000 { blackHole(try? RistrettoPoint(encoding: encoded)) }
        })
        // Distinct points, as a proof's are, decoded two at a time in lock step (what verifiers use).
        var point = p1
        let encodings: [[UInt8]] = (0..<1_024).map { _ in
            point = point + p1
            return point.encoding
        }
        progress("point decode, two in lock step")
        results.append(watch.measure("point decode, two in lock step (per point)", operations: encodings.count) {
            blackHole(RistrettoPoint.decodeAll(encodings))
        })
        progress("variable-base scalar mul")
        results.append(watch.measure("variable-base scalar mul", operations: 1_000) {
            var p = p1
            for _ in 0..<1_000 { p = s1 * p }
            blackHole(p)
        })
        let table = FixedBaseTable(p1)
        progress("fixed-base scalar mul")
        results.append(watch.measure("fixed-base scalar mul (table)", operations: 1_000) {
            var k = s1
            for _ in 0..<1_000 {
                blackHole(table.multiply(k))
                k = k + s2
            }
        })
        let wide = WideFixedBaseTable(p1)
        progress("fixed-base scalar mul, wide table")
        results.append(watch.measure("fixed-base scalar mul (wide table, H and U)", operations: 1_000) {
            var k = s1
            for _ in 0..<1_000 {
                blackHole(wide.multiply(k))
                k = k + s2
            }
        })
        progress("hash-to-group")
        let dst = PedersenGenerators.domainSeparationTag
        results.append(watch.measure("hash-to-group", operations: 1_000) {
            for i in 0..<1_000 {
                blackHole(try? RistrettoPoint.hashToGroup(message: [UInt8(i & 255), UInt8(i >> 8)], dst: dst))
            }
        })

        // MSMs over distinct random bases (a multiple of a random point by a random scalar each).
        let sizes = quick ? [10, 12] : [10, 14, 16]
        let largest = 1 << (sizes.max() ?? 10)
        progress("preparing \(largest) random bases")
        let bases = PrecomputedBases(random.points(count: largest))
        let fullScalars = (0..<largest).map { _ in random.scalar() }
        let smallValues = (0..<largest).map { _ in Int32(random.next() & 0xFFFF) }
        let targets: [Int: (full: Double, small: Double)] = [16: (150e6, 20e6)]
        for log in sizes {
            let n = 1 << log
            let scalars = Array(fullScalars[0..<n])
            let small = Array(smallValues[0..<n])
            progress("MSM 2^\(log)")
            results.append(watch.measure("MSM 2^\(log), full scalars", operations: 1, target: targets[log]?.full) {
                blackHole(try? bases.multiscalarMultiply(scalars))
            })
            results.append(watch.measure("MSM 2^\(log), 16-bit scalars", operations: 1, target: targets[log]?.small) {
                blackHole(try? bases.multiscalarMultiply(small: small))
            })
        }
        return results.measurements
    }
}

/// A stopwatch that skips (returns `nil` for) workloads whose name does not contain the filter.
struct FilteredStopwatch {
    let stopwatch: Stopwatch
    let filter: String?

    func measure(_ name: String, operations: Int, target: Double? = nil, _ body: () -> Void) -> Measurement? {
        if let filter, !name.lowercased().contains(filter.lowercased()) { return nil }
        return stopwatch.measure(name, operations: operations, target: target, body)
    }

    /// A size measurement, unless filtered out.
    func size(_ name: String, bytes: Int, target: Int? = nil) -> Measurement? {
        if let filter, !name.lowercased().contains(filter.lowercased()) { return nil }
        return Measurement.size(name, bytes: bytes, target: target)
    }
}

/// Collects the measurements that ran.
struct FilteredResults {
    let filter: String?
    var measurements: [Measurement] = []

    mutating func append(_ measurement: Measurement?) {
        if let measurement { measurements.append(measurement) }
    }

    func first(where predicate: (Measurement) -> Bool) -> Measurement? { measurements.first(where: predicate) }
}
