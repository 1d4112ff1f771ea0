import Algebra

/// The layers of a logUp-GKR fraction tree (ePrint 2023/1284 §3): leaves (p_i, q_i) stand for p_i/q_i, and each
/// parent is the sum of its two children, p = p_L·q_R + p_R·q_L, q = q_L·q_R, so the root is Σ p_i/q_i as one
/// fraction without a single inversion.
///
/// Layer k has 2^k nodes; node j's children are nodes 2j and 2j + 1 of layer k + 1, so in the big-endian
/// variable order of ``EqualityPolynomial`` the child bit is the *last* variable of layer k + 1.
///
/// Leaves are either stored as scalars or, for a range check, kept as the small integers they are made of
/// (``SmallLeafLayer``). Such a leaf layer is never stored as scalars: the layer above is built from the integers,
/// and the GKR prover's sumcheck over the leaves starts on them (``layerPolynomial(_:lambda:tau:)``). For 2^23
/// leaves that halves the prover's peak memory.
struct FractionTree {
    /// Numerators by stored layer, root layer (one node) first.
    private(set) var numerators: [[Scalar]]
    /// Denominators by stored layer, in the same order.
    private(set) var denominators: [[Scalar]]
    /// The leaves when they are small integers (then the stored layers stop one above them).
    private let smallLeaves: SmallLeafLayer?

    /// The number of layers below the root (leaves are layer `depth`).
    let depth: Int

    /// Builds every layer from 2^L stored leaves (L ≥ 0).
    /// - Complexity: about 3·2^L multiplications, split over the cores for large layers.
    init(leafNumerators: [Scalar], leafDenominators: [Scalar]) {
        var p = [leafNumerators]
        var q = [leafDenominators]
        while p[p.count - 1].count > 1 {
            // The children through buffer pointers: no array access (retain, bounds check) per node.
            let (nextP, nextQ) = p[p.count - 1].withUnsafeBufferPointer { cp in
                q[q.count - 1].withUnsafeBufferPointer { cq in
                    let children = UncheckedSendable((cp, cq))
                    return Self.parents(count: cp.count / 2) { j in
                        let (cp, cq) = children.value
                        return (cp[2 * j], cp[2 * j + 1], cq[2 * j], cq[2 * j + 1])
                    }
                }
            }
            p.append(nextP)
            q.append(nextQ)
        }
        numerators = p.reversed()
        denominators = q.reversed()
        smallLeaves = nil
        depth = numerators.count - 1
    }

    /// Builds the layers above a range check's leaves (depth ≥ 1); the leaves themselves are not stored as scalars.
    init(leaves: SmallLeafLayer) {
        precondition(leaves.depth >= 1, "a small leaf layer needs a layer above it")
        let (firstP, firstQ) = leaves.parents()
        let upper = FractionTree(leafNumerators: firstP, leafDenominators: firstQ)
        self.numerators = upper.numerators
        self.denominators = upper.denominators
        self.smallLeaves = leaves
        self.depth = leaves.depth
    }

    /// The root numerator and denominator.
    var root: (numerator: Scalar, denominator: Scalar) { (numerators[0][0], denominators[0][0]) }

    /// Hands layer `k` (1…depth) over to the caller, split into left and right children — (p_L, p_R, q_L, q_R),
    /// entry j from nodes 2j and 2j + 1 — and drops the tree's copy: the GKR prover walks the layers once, root to
    /// leaves, so each layer's memory is freed as soon as it becomes the next sumcheck's tables.
    mutating func takeSplitLayer(_ k: Int) -> (pl: [Scalar], pr: [Scalar], ql: [Scalar], qr: [Scalar]) {
        if let smallLeaves, k == depth { return smallLeaves.splitScalars() }
        let (p, q) = (numerators[k], denominators[k])
        numerators[k] = []
        denominators[k] = []
        let (pl, pr) = Self.evenOdd(p)
        let (ql, qr) = Self.evenOdd(q)
        return (pl, pr, ql, qr)
    }

    /// The summand of the GKR sumcheck from layer k − 1 to layer k (1…depth), taking layer k over like
    /// ``takeSplitLayer(_:)``; over small-integer leaves its first round runs on the integers.
    mutating func layerPolynomial(_ k: Int, lambda: Scalar, tau: [Scalar]) -> GKRLayerPolynomial {
        if let smallLeaves, k == depth { return GKRLayerPolynomial(leaves: smallLeaves, lambda: lambda, tau: tau) }
        let (pl, pr, ql, qr) = takeSplitLayer(k)
        return GKRLayerPolynomial(pl: pl, pr: pr, ql: ql, qr: qr, lambda: lambda, tau: tau)
    }

    /// The parent layer of `count` nodes from a function giving node j's children (p_L, p_R, q_L, q_R).
    private static func parents(
        count half: Int, children: @Sendable (Int) -> (Scalar, Scalar, Scalar, Scalar)
    ) -> ([Scalar], [Scalar]) {
        var nextP = SumcheckProver.scratch(count: half)
        var nextQ = SumcheckProver.scratch(count: half)
        nextP.withUnsafeMutableBufferPointer { np in
            nextQ.withUnsafeMutableBufferPointer { nq in
                let out = UncheckedSendable((np, nq))
                forEachChunk(count: half) { range in
                    let (np, nq) = out.value
                    for j in range {
                        let (pl, pr, ql, qr) = children(j)
                        np[j] = Scalar.sumOfProducts(pl, qr, pr, ql)
                        nq[j] = ql * qr
                    }
                }
            }
        }
        return (nextP, nextQ)
    }

    /// Runs `body` over 0..<count in chunks, on both cores for large counts.
    private static func forEachChunk(count: Int, _ body: @Sendable (Range<Int>) -> Void) {
        ParallelChunks.forEach(count: count, chunks: count >= 1 << 14 ? 16 : 1, body)
    }

    /// The even-indexed (left child) and odd-indexed (right child) entries of a layer.
    /// Written once each, without zero-filling first, on both cores for large layers (2^22 nodes, 256 MiB of copies,
    /// for the reference model's layer above the leaves).
    static func evenOdd(_ layer: [Scalar]) -> ([Scalar], [Scalar]) {
        let half = layer.count / 2
        var even = SumcheckProver.scratch(count: half)
        var odd = SumcheckProver.scratch(count: half)
        layer.withUnsafeBufferPointer { source in
            even.withUnsafeMutableBufferPointer { even in
                odd.withUnsafeMutableBufferPointer { odd in
                    let shared = UncheckedSendable((source, even, odd))
                    forEachChunk(count: half) { range in
                        let (source, even, odd) = shared.value
                        for j in range {
                            even[j] = source[2 * j]
                            odd[j] = source[2 * j + 1]
                        }
                    }
                }
            }
        }
        return (even, odd)
    }
}
