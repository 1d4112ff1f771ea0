import Dispatch

/// A scalar as sign and magnitude, |v| ≤ (ℓ−1)/2: small negative scalars (ℓ − k) become short magnitudes, so
/// commitments to small signed integers take only as many Pippenger windows as their bit length needs.
@frozen @usableFromInline
struct SignedMagnitude: Sendable {
    @usableFromInline var l0: UInt64
    @usableFromInline var l1: UInt64
    @usableFromInline var l2: UInt64
    @usableFromInline var l3: UInt64
    @usableFromInline var isNegative: Bool

    @inlinable
    init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64, isNegative: Bool) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
        self.isNegative = isNegative
    }

    /// A small signed integer.
    @inlinable
    init(_ value: Int64) {
        self.init(value.magnitude, 0, 0, 0, isNegative: value < 0)
    }

    /// The shorter of v and ℓ − v, with the sign that makes it equal to v mod ℓ.
    @inlinable
    init(_ scalar: Scalar) {
        let (v0, v1, v2, v3) = scalar.plainLimbs
        // ℓ − v (no borrow out since v < ℓ).
        let (n0, b0) = Scalar.sbb(Scalar.ell0, v0, 0)
        let (n1, b1) = Scalar.sbb(Scalar.ell1, v1, b0)
        let (n2, b2) = Scalar.sbb(Scalar.ell2, v2, b1)
        let (n3, _) = Scalar.sbb(Scalar.ell3, v3, b2)
        // Negative when ℓ − v < v, compared from the top limb.
        let useNegative = (n3, n2, n1, n0) < (v3, v2, v1, v0)
        if useNegative {
            self.init(n0, n1, n2, n3, isNegative: true)
        } else {
            self.init(v0, v1, v2, v3, isNegative: false)
        }
    }

    /// The number of significant bits of the magnitude.
    @inlinable
    var bitLength: Int {
        if l3 != 0 { return 256 - l3.leadingZeroBitCount }
        if l2 != 0 { return 192 - l2.leadingZeroBitCount }
        if l1 != 0 { return 128 - l1.leadingZeroBitCount }
        return 64 - l0.leadingZeroBitCount
    }

    /// `width` bits starting at bit `offset` (width ≤ 16).
    @inlinable
    func bits(at offset: Int, width: Int) -> Int {
        let limbIndex = offset >> 6
        let shift = UInt64(offset & 63)
        let low: UInt64
        let high: UInt64
        switch limbIndex {
        case 0: (low, high) = (l0, l1)
        case 1: (low, high) = (l1, l2)
        case 2: (low, high) = (l2, l3)
        case 3: (low, high) = (l3, 0)
        default: (low, high) = (0, 0)
        }
        var value = low >> shift
        if shift != 0 { value |= high << (64 - shift) }
        return Int(value & ((1 << UInt64(width)) - 1))
    }
}

/// Marks a value as safe to share with `concurrentPerform` workers: each worker writes disjoint slots.
/// `package` so the other FeedProof modules' parallel kernels share it instead of declaring their own.
package struct UncheckedSendable<Value>: @unchecked Sendable {
    package let value: Value
    @inlinable package init(_ value: Value) { self.value = value }
}

/// Pippenger's bucket method ("On the evaluation of powers and related problems", 1976; Bernstein et al.,
/// "Faster batch forgery identification", §4) with signed window digits, so each window needs only 2^(c−1)
/// buckets, and the sign of each digit applied to the base point (negating a Niels point is free).
@usableFromInline
enum Pippenger {
    /// Σ scalar_i · base_i for normalized bases.
    /// - Complexity: about ⌈bits/c⌉·(n + 2^c) point additions for the window width c the cost model picks.
    @usableFromInline
    static func multiply(_ scalars: [SignedMagnitude], _ bases: UnsafeBufferPointer<AffineNielsPoint>)
        -> RistrettoPoint
    {
        let n = min(scalars.count, bases.count)
        guard n > 0 else { return .identity }
        var maxBits = 0
        for s in scalars[0..<n] { maxBits = max(maxBits, s.bitLength) }
        guard maxBits > 0 else { return .identity }
        let c = windowWidth(pointCount: n, bits: maxBits)
        let windows = maxBits / c + 1
        let bucketCount = 1 << (c - 1)

        // Signed digits in (−2^(c−1), 2^(c−1)], window-major so each window's pass reads them in order.
        var digits = [Int16](repeating: 0, count: windows * n)
        digits.withUnsafeMutableBufferPointer { d in
            let full = 1 << c
            for i in 0..<n {
                let s = scalars[i]
                var carry = 0
                for w in 0..<windows {
                    var digit = s.bits(at: w * c, width: c) + carry
                    carry = 0
                    if digit > bucketCount {
                        digit -= full
                        carry = 1
                    }
                    d[w * n + i] = Int16(s.isNegative ? -digit : digit)
                }
            }
        }

        // Work items: every window, and when windows are few, chunks of the points, so both cores are busy.
        let cores = Hardware.activeCores
        let chunks = n >= 4096 ? max(1, (2 * cores + windows - 1) / windows) : 1
        let chunkSize = (n + chunks - 1) / chunks
        let tasks = windows * chunks
        var partial = [RistrettoPoint](repeating: .identity, count: tasks)
        digits.withUnsafeBufferPointer { d in
            partial.withUnsafeMutableBufferPointer { out in
                let shared = UncheckedSendable((d, out, bases))
                let work: @Sendable (Int) -> Void = { task in
                    let (d, out, bases) = shared.value
                    let window = task / chunks
                    let chunk = task % chunks
                    // Clamped: with many cores the last chunks can start past the end (``ParallelChunks``).
                    let start = min(n, chunk * chunkSize)
                    let end = min(n, start + chunkSize)
                    out[task] = windowSum(
                        digits: UnsafeBufferPointer(rebasing: d[(window * n + start)..<(window * n + end)]),
                        bases: UnsafeBufferPointer(rebasing: bases[start..<end]),
                        bucketCount: bucketCount)
                }
                if tasks > 1 && n * windows >= 2048 {
                    DispatchQueue.concurrentPerform(iterations: tasks, execute: work)
                } else {
                    for task in 0..<tasks { work(task) }
                }
            }
        }

        // Horner over the windows, top first: result = result·2^c + window sum.
        var result = RistrettoPoint.identity
        for window in stride(from: windows - 1, through: 0, by: -1) {
            if window != windows - 1 {
                var p = result.projective
                for _ in 0..<(c - 1) { p = p.doubled().projective }
                result = p.doubled().extended
            }
            for chunk in 0..<chunks { result = result + partial[window * chunks + chunk] }
        }
        return result
    }

    /// Σ d_i·P_i for one window: add each base into bucket |d_i| with the digit's sign, then the weighted
    /// bucket sum Σ j·B_j by two running sums.
    @inlinable
    static func windowSum(
        digits: UnsafeBufferPointer<Int16>, bases: UnsafeBufferPointer<AffineNielsPoint>, bucketCount: Int
    ) -> RistrettoPoint {
        let buckets = UnsafeMutableBufferPointer<RistrettoPoint>.allocate(capacity: bucketCount)
        defer { buckets.deallocate() }
        buckets.initialize(repeating: .identity)
        for i in 0..<digits.count {
            let digit = Int(digits[i])
            if digit > 0 {
                buckets[digit - 1] = buckets[digit - 1].adding(bases[i]).extended
            } else if digit < 0 {
                buckets[-digit - 1] = buckets[-digit - 1].subtracting(bases[i]).extended
            }
        }
        return weightedSum(UnsafeBufferPointer(buckets))
    }

    /// Σ_j (j + 1)·B_j by two running sums (2·count additions): bucket j holds the points whose digit is ±(j + 1).
    @inlinable
    static func weightedSum(_ buckets: UnsafeBufferPointer<RistrettoPoint>) -> RistrettoPoint {
        var running = RistrettoPoint.identity
        var total = RistrettoPoint.identity
        for j in stride(from: buckets.count - 1, through: 0, by: -1) {
            running = running + buckets[j]
            total = total + running
        }
        return total
    }

    /// The window width minimizing ⌈bits/c⌉·(7·n + 18·2^(c−1)) field multiplications: a mixed addition per
    /// point and two full additions per bucket.
    @usableFromInline
    static func windowWidth(pointCount n: Int, bits: Int) -> Int {
        var best = 1
        var bestCost = Int.max
        for c in 2...15 {
            let windows = bits / c + 1
            let cost = windows * (7 * n + 18 * (1 << (c - 1)))
            if cost < bestCost {
                bestCost = cost
                best = c
            }
        }
        return best
    }
}
