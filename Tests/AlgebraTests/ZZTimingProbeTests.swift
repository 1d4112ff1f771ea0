import Algebra
import FeedProofTestSupport
import Testing
import Foundation

@Suite struct ZZTimingProbeTests {
    func time(_ name: String, _ n: Int, _ body: () throws -> Void) rethrows {
        let start = Date()
        for _ in 0..<n { try body() }
        let per = Date().timeIntervalSince(start) / Double(n)
        print("PROBE \(name): \(String(format: "%.1f", per * 1e6)) µs")
    }
    @Test func probe() throws {
        var rng = SeededGenerator(seed: 1)
        let a = rng.randomFieldElement(), b = rng.randomFieldElement()
        var x = a
        time("field mul", 10000) { x = x * b }
        time("field sq", 10000) { x = x.squared() }
        time("field add", 10000) { x = x + b }
        time("field inv", 100) { x = x.inverted() }
        time("sqrtRatio", 100) { x = FieldElement.sqrtRatioM1(x, b).root }
        let s = rng.randomScalar(), t = rng.randomScalar()
        var y = s
        time("scalar mul", 10000) { y = y * t }
        time("scalar inv", 20) { y = y.inverted()! }
        let p = rng.randomPoint(), q = rng.randomPoint()
        var r = p
        time("point add", 1000) { r = r + q }
        time("point dbl", 1000) { r = r.doubled() }
        time("point eq", 1000) { _ = r == q }
        time("uniformBytes", 50) { r = rng.randomPoint() }
        time("scalar*point", 10) { r = s * r }
        time("encode", 50) { _ = r.encoding }
        let enc = r.encoding
        try time("decode", 50) { r = try RistrettoPoint(encoding: enc) }
        let table = FixedBaseTable(p)
        time("fixedbase table", 5) { _ = FixedBaseTable(p) }
        time("fixedbase mul", 20) { r = table.multiply(s) }
        for n in [1, 16, 64, 300] {
            let pts = (0..<n).map { _ in rng.randomPoint() }
            let sc = (0..<n).map { _ in rng.randomScalar() }
            let sm = (0..<n).map { _ in Scalar(Int64(rng.next() % 200) - 100) }
            try time("msm full \(n)", 3) { r = try RistrettoPoint.multiscalarMultiply(sc, pts) }
            try time("msm small \(n)", 3) { r = try RistrettoPoint.multiscalarMultiply(sm, pts) }
        }
        let pts = (0..<4096).map { i in i < 64 ? rng.randomPoint() : RistrettoPoint.identity }
        var big = pts
        for i in 64..<4096 { big[i] = big[i - 64] + big[i - 63] }
        let sm = (0..<4096).map { _ in Scalar(Int64(rng.next() % 16)) }
        try time("msm small 4096", 1) { r = try RistrettoPoint.multiscalarMultiply(sm, big) }
        let bases = PrecomputedBases(Array(big.prefix(300)))
        try time("precomputed small16 300", 3) { r = try bases.multiscalarMultiply(small: (0..<300).map { Int16($0) }) }
    }
}
