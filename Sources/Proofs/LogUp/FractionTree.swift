import Algebra
import Dispatch

/// The layers of a logUp-GKR fraction tree (ePrint 2023/1284 §3): leaves (p_i, q_i) stand for p_i/q_i, and each
/// parent is the sum of its two children, p = p_L·q_R + p_R·q_L, q = q_L·q_R, so the root is Σ p_i/q_i as one
/// fraction without a single inversion.
///
/// Layer k has 2^k nodes; node j's children are nodes 2j and 2j + 1 of layer k + 1, so in the big-endian
/// variable order of ``EqualityPolynomial`` the child bit is the *last* variable of layer k + 1.
struct FractionTree {
    /// Numerators by layer, root layer (one node) first, leaves last.
    private(set) var numerators: [[Scalar]]
    /// Denominators by layer, in the same order.
    private(set) var denominators: [[Scalar]]

    /// Builds every layer from 2^L leaves (L ≥ 0).
    /// - Complexity: about 3·2^L multiplications, split over the cores for large layers.
    init(leafNumerators: [Scalar], leafDenominators: [Scalar]) {
        var p = [leafNumerators]
        var q = [leafDenominators]
        var currentP = leafNumerators
        var currentQ = leafDenominators
        while currentP.count > 1 {
            let half = currentP.count / 2
            var nextP = [Scalar](repeating: .zero, count: half)
            var nextQ = [Scalar](repeating: .zero, count: half)
            currentP.withUnsafeBufferPointer { cp in
                currentQ.withUnsafeBufferPointer { cq in
                    nextP.withUnsafeMutableBufferPointer { np in
                        nextQ.withUnsafeMutableBufferPointer { nq in
                            let shared = UncheckedSendable((cp, cq, np, nq))
                            let chunks = half >= 1 << 14 ? 16 : 1
                            let chunkSize = (half + chunks - 1) / chunks
                            let body: @Sendable (Int) -> Void = { chunk in
                                let (cp, cq, np, nq) = shared.value
                                for j in (chunk * chunkSize)..<min(half, (chunk + 1) * chunkSize) {
                                    let pl = cp[2 * j], pr = cp[2 * j + 1]
                                    let ql = cq[2 * j], qr = cq[2 * j + 1]
                                    np[j] = pl * qr + pr * ql
                                    nq[j] = ql * qr
                                }
                            }
                            if chunks > 1 {
                                DispatchQueue.concurrentPerform(iterations: chunks, execute: body)
                            } else {
                                body(0)
                            }
                        }
                    }
                }
            }
            p.append(nextP)
            q.append(nextQ)
            currentP = nextP
            currentQ = nextQ
        }
        numerators = p.reversed()
        denominators = q.reversed()
    }

    /// The number of layers below the root (leaves are layer `depth`).
    var depth: Int { numerators.count - 1 }

    /// Hands layer `k` over to the caller and drops the tree's copy: the GKR prover walks the layers once, root
    /// to leaves, so each layer's memory (gigabytes for the leaves of a 2^24-value range check) is freed as soon
    /// as it has been split into the next sumcheck's tables.
    mutating func takeLayer(_ k: Int) -> (numerators: [Scalar], denominators: [Scalar]) {
        let layer = (numerators[k], denominators[k])
        numerators[k] = []
        denominators[k] = []
        return layer
    }
}
