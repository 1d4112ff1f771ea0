import Algebra
import Model
import Proofs

/// The public shape of one ranking proof, a function of (descriptor, n, k) alone (DESIGN.md §2 zero-knowledge
/// rule 5 and A.4): which blocks the aux vector V holds, where, and how every committed table is laid out.
///
/// Candidates are padded to N = 2^⌈log₂ n⌉ columns (padding candidates have all-zero features, so their golden
/// inference is defined and their scores are ignored). A layer's blocks are P(h_out) × N matrices, row-major
/// (index = neuron·N + candidate), P(x) the next power of two.
///
/// V holds only values range-checked in [0, 2^16):
/// - per trunk layer: A (the output), the limbs of B = max(lower − Q, 0), the limbs of K = C + S where
///   C = max(Q − upper, 0) and S = (upper − lower) − A′ (at most one of the two is non-zero), and the limbs of the
///   remainder R′ of the requantization widened to k′ = 16·⌈k/16⌉ bits (``Layer/protocolShift``);
/// - for the head layer: the limbs of B, C and R′ (A′ = A − lower and σ live in the sigmoid vector L instead, where
///   the table lookup bounds them, so S = range − A′ needs no check of its own);
/// - D0, D1: the two limbs of the ranking differences (N entries);
/// - when it costs V no growth (``lookupsInValues``): the sigmoid lookups L and the lookup's multiplicities.
/// Blocks sit at offsets aligned to their size (largest first), so a claim on a block at point y is a claim on V
/// at (offset bits, y). L = [A′ of the heads; σ of the heads], 2·P(H)·N entries, is otherwise committed on its own.
public struct RankingLayout: Sendable, Equatable {
    /// A block of V.
    public struct Block: Sendable, Equatable {
        /// Offset of the block's first entry in V.
        public let offset: Int
        /// log₂ of the block's size.
        public let variableCount: Int

        /// The block's offset bits as the leading coordinates of a V point (most significant first).
        func prefix(totalVariables: Int) -> [Scalar] {
            let bits = totalVariables - variableCount
            return (0..<bits).map { j in (offset >> (totalVariables - 1 - j)) & 1 == 1 ? Scalar.one : Scalar.zero }
        }
    }

    /// One layer's blocks and constants.
    public struct Layer: Sendable, Equatable {
        /// The layer's descriptor.
        public let descriptor: ModelDescriptor.Layer
        /// P(h_out): the padded neuron count.
        public let paddedOutputs: Int
        /// P(h_in): the matmul's inner dimension.
        public let paddedInputs: Int
        /// The output A (trunk only).
        public let activation: Block?
        /// Limbs of B (least significant first).
        public let belowLimbs: [Block]
        /// Limbs of K = C + S (trunk layers) or of C (the head layer).
        ///
        /// Why K for the trunk: S = range − A′ is linear in A′, and with C = K − S the clamp constraints
        /// A′·B = 0 and S·C = 0 plus K ∈ [0, 2^(16·limbs)) force A′ ≤ range (else S < 0, so C = 0 and K = S < 0) and
        /// C ≥ 0 (else S = 0 and C = K ≥ 0): the old separate range checks of S and C, with one block fewer.
        public let aboveLimbs: [Block]
        /// Limbs of R′ = 2^(k′ − k)·R ∈ [0, 2^k′).
        public let remainderLimbs: [Block]

        /// Whether this is the head layer.
        public var isHeads: Bool { descriptor.role == .heads }
        /// k′ = 16·⌈k/16⌉: the proof checks M′·Z + 2^(k′−1) = 2^k′·Q + R′ with M′ = 2^(k′−k)·M, the golden
        /// identity times 2^(k′−k). The quotient Q is the same, and R′ ∈ [0, 2^k′) is exactly whole 16-bit limbs,
        /// so no limb needs a narrower range check (an integer identity: |M′·Z| < 2^126 ≪ ℓ).
        public var protocolShift: Int { 16 * remainderLimbs.count }
        /// Output variables (log₂ P(h_out)).
        public var outputVariables: Int { paddedOutputs.trailingZeroBitCount }
    }

    /// The descriptor.
    public let descriptor: ModelDescriptor
    /// n, the number of candidates.
    public let candidateCount: Int
    /// k, the number of shown candidates.
    public let shownCount: Int
    /// N = P(n).
    public let paddedCandidates: Int
    /// Layers in descriptor order.
    public let layers: [Layer]
    /// The two limbs of the ranking differences.
    public let differenceLimbs: [Block]
    /// Where the sigmoid lookups L = [A′ of the heads; σ] and the lookup's multiplicities live.
    public enum SigmoidPlacement: Sendable, Equatable {
        /// L committed on its own with this Hyrax layout; the lookup commits and opens its multiplicities.
        case ownCommitment(HyraxCommitment.Shape)
        /// L and the multiplicities (2^b entries) as blocks of V; the lookup's leaf claims join V's batching.
        case inValues(lookups: Block, counts: Block)
    }

    /// Where L and the sigmoid multiplicities live (see the init).
    public let sigmoidPlacement: SigmoidPlacement
    /// V's Hyrax layout.
    public let auxShape: HyraxCommitment.Shape
    /// The range proof's shape (16-bit limbs).
    public let rangeShape: RangeProof.Shape
    /// The sigmoid lookup's shape.
    public let lookupShape: TableLookupProof.Shape

    /// Limb width.
    public static let limbBits = 16
    /// lg of the narrowest committed row (V, L, and the range and lookup multiplicities, unless smaller): 2^10
    /// entries, so a small proof has few row points to decode for inner-product proofs of 1,024 entries.
    static let minimumColumnBits = 10
    /// Largest n a proof may have.
    public static let maximumCandidates = 1 << 20

    /// The layout for a descriptor with n candidates of which k are shown.
    /// - Throws: ``RankingError/invalidShape(_:)`` for n outside 1…2^20, k > n, or a model too large for the
    ///   proof's parameters.
    public init(descriptor: ModelDescriptor, candidateCount n: Int, shownCount k: Int) throws(RankingError) {
        guard (1...Self.maximumCandidates).contains(n) else {
            throw .invalidShape("\(n) candidates; a proof takes 1…\(Self.maximumCandidates)")
        }
        guard (0...n).contains(k) else { throw .invalidShape("k = \(k) for \(n) candidates") }
        guard descriptor.sigmoid.inputBits <= 20,
            descriptor.sigmoid.upperBound - descriptor.sigmoid.lowerBound + 1 == Int64(1) << descriptor.sigmoid.inputBits
        else { throw .invalidShape("the sigmoid table's domain is not 2^b consecutive inputs") }
        self.descriptor = descriptor
        self.candidateCount = n
        self.shownCount = k
        let columns = ModelDescriptor.powerOfTwo(atLeast: n)
        self.paddedCandidates = columns

        // Sizes first (in allocation order), then offsets largest first.
        var sizes: [Int] = []
        func request(_ size: Int) -> Int {
            sizes.append(size)
            return sizes.count - 1
        }
        struct LayerPlan {
            var activation: Int?, below: [Int], above: [Int], remainder: [Int]
        }
        var plans: [LayerPlan] = []
        for layer in descriptor.layers {
            // R′ < 2^k′ must fit the witness's 64-bit integers.
            guard (1...48).contains(layer.shift) else {
                throw .invalidShape("layer \(layer.name): requantization shift \(layer.shift) outside 1…48")
            }
            let blockSize = ModelDescriptor.powerOfTwo(atLeast: layer.outputs) * columns
            let trunk = layer.role == .trunk
            let belowMax = max(0, layer.activationLower + layer.requantizedBound)
            let aboveMax = max(0, layer.requantizedBound - layer.activationUpper)
            // Trunk layers hold K = C + S ≤ max(C, S) (one of them is zero).
            let kMax = trunk ? max(aboveMax, layer.activationUpper - layer.activationLower) : aboveMax
            let remainderLimbs = (layer.shift + 15) / 16
            plans.append(
                LayerPlan(
                    activation: trunk ? request(blockSize) : nil,
                    below: (0..<Self.limbCount(belowMax)).map { _ in request(blockSize) },
                    above: (0..<Self.limbCount(kMax)).map { _ in request(blockSize) },
                    remainder: (0..<remainderLimbs).map { _ in request(blockSize) }))
        }
        let differences = [request(columns), request(columns)]
        // L and the sigmoid multiplicities join V when they fit its padding (V keeps its size, so the prover's
        // costs stay put and L's commitment, the multiplicities' commitment and four openings go) and every entry
        // passes V's range check: A′ < 2^b ≤ 2^16 and σ ≤ 2^15 − 1 by SigmoidTable's invariants, and each
        // multiplicity is at most the P(H)·N lookups, required ≤ 2^15.
        let heads = ModelDescriptor.powerOfTwo(atLeast: descriptor.headCount) * columns
        let tableLength = 1 << descriptor.sigmoid.inputBits
        let withoutLookups = sizes.reduce(0, +)
        let lookupsInValues = heads <= 1 << 15
            && Self.auxLength(withoutLookups + 2 * heads + tableLength).total == Self.auxLength(withoutLookups).total
        let lookupBlocks = lookupsInValues ? (lookups: request(2 * heads), counts: request(tableLength)) : nil
        let order = sizes.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        var offsets = [Int](repeating: 0, count: sizes.count)
        var next = 0
        for index in order {
            offsets[index] = next
            next += sizes[index]
        }
        let (total, embedded) = Self.auxLength(next)
        func block(_ index: Int) -> Block {
            Block(offset: offsets[index], variableCount: sizes[index].trailingZeroBitCount)
        }
        self.layers = zip(descriptor.layers, plans).map { layer, plan in
            Layer(
                descriptor: layer, paddedOutputs: ModelDescriptor.powerOfTwo(atLeast: layer.outputs),
                paddedInputs: ModelDescriptor.powerOfTwo(atLeast: layer.inputs),
                activation: plan.activation.map(block), belowLimbs: plan.below.map(block),
                aboveLimbs: plan.above.map(block), remainderLimbs: plan.remainder.map(block))
        }
        self.differenceLimbs = differences.map(block)
        let v = total.trailingZeroBitCount
        do {
            self.auxShape = try HyraxCommitment.Shape(variableCount: v, columnVariableCount: Self.columns(v, rowBits: 10))
            self.rangeShape = try RangeProof.Shape(
                values: auxShape, tableBits: Self.limbBits, countColumnBits: Self.minimumColumnBits,
                embeddedTableRegion: embedded, valueOpeningsByCaller: true, countsInValues: embedded != nil)
            let sigmoidVariables = 1 + heads.trailingZeroBitCount
            if let lookupBlocks {
                self.sigmoidPlacement = .inValues(
                    lookups: block(lookupBlocks.lookups), counts: block(lookupBlocks.counts))
                self.lookupShape = try TableLookupProof.Shape(
                    lookupBits: sigmoidVariables - 1, tableBits: descriptor.sigmoid.inputBits)
            } else {
                let sigmoidShape = try HyraxCommitment.Shape(
                    variableCount: sigmoidVariables, columnVariableCount: Self.columns(sigmoidVariables, rowBits: 5))
                self.sigmoidPlacement = .ownCommitment(sigmoidShape)
                self.lookupShape = try TableLookupProof.Shape(
                    lookups: sigmoidShape, tableBits: descriptor.sigmoid.inputBits,
                    countColumnBits: Self.minimumColumnBits)
            }
        } catch {
            throw .invalidShape("the model is too large for the proof's parameters: \(error)")
        }
    }

    /// L's Hyrax layout when L has its own commitment; nil when it is a block of V.
    public var sigmoidShape: HyraxCommitment.Shape? {
        if case .ownCommitment(let shape) = sigmoidPlacement { shape } else { nil }
    }

    /// Whether L and the sigmoid multiplicities are blocks of V (the lookup leaves its claims to V's batching).
    public var lookupsInValues: Bool { sigmoidShape == nil }

    /// V's length for blocks ending at `next`, and the range table's embedded region (if any). When V needs 2^16
    /// entries or more, the range table's leaves go into an aligned 2^16 region after the last block and the
    /// multiplicities into V's entries there (RangeProof.Shape.countsInValues), growing V to fit (at most doubling
    /// it): one tree of |V| leaves, no multiplicity commitment or opening. A smaller V keeps the table beside it
    /// with its own multiplicity commitment, a tree of 2·2^16 leaves, no larger than a grown V's. No claim ever
    /// reads V's region.
    static func auxLength(_ next: Int) -> (total: Int, region: Int?) {
        let used = ModelDescriptor.powerOfTwo(atLeast: next)
        let region = (next + (1 << limbBits) - 1) >> limbBits
        guard used >= 1 << limbBits else { return (used, nil) }
        return (max(used, ModelDescriptor.powerOfTwo(atLeast: (region + 1) << limbBits)), region)
    }

    /// A one-line account of the layout: V's size and blocks per layer, L's size (for benchmarks and notes).
    public var summary: String {
        let perLayer = layers.map { layer -> String in
            let blocks = (layer.activation == nil ? 0 : 1) + layer.belowLimbs.count + layer.aboveLimbs.count
                + layer.remainderLimbs.count
            return "\(layer.descriptor.name): \(blocks) × \(layer.paddedOutputs)·\(paddedCandidates)"
        }
        let table =
            rangeShape.layout.embeddedTableRegion.map { "range table and multiplicities in V's region \($0)" }
            ?? "range table beside V"
        let lookups =
            lookupsInValues
            ? "L (2 × \(paddedHeads)·\(paddedCandidates)) and the sigmoid multiplicities in V"
            : "L = 2^\(sigmoidShape?.variableCount ?? 0) entries"
        return "V = 2^\(auxShape.variableCount) entries (\(perLayer.joined(separator: ", ")), D: 2 × \(paddedCandidates)); "
            + "\(lookups); \(table)"
    }

    /// Column bits of a Hyrax layout over 2^v entries: rows at least 2^10 wide (all of it when smaller), square
    /// when larger, then rows capped at 2^rowBits and columns at 2^13 (the opening's inner-product prover costs
    /// about log₂(columns)·columns generator terms). Each row is a point in the proof that a verifier decodes and
    /// adds to its MSM unshared, so a small proof favours few wide rows (``minimumColumnBits``).
    static func columns(_ v: Int, rowBits: Int) -> Int {
        min(13, v, max(minimumColumnBits, (v + 1) / 2, v - rowBits))
    }

    /// 16-bit limbs needed for a non-negative value up to `maximum` (at least one).
    static func limbCount(_ maximum: Int64) -> Int {
        var limbs = 1
        while limbs < 4, maximum >> (16 * limbs) != 0 { limbs += 1 }
        return limbs
    }

    /// log₂ N.
    public var candidateVariables: Int { paddedCandidates.trailingZeroBitCount }
    /// P(number of heads).
    public var paddedHeads: Int { ModelDescriptor.powerOfTwo(atLeast: descriptor.headCount) }
    /// The sigmoid table shifted to start at 0: T′[t] = σ(t + lower).
    public var shiftedSigmoidTable: [Int64] { Self.shiftedSigmoidTable(of: descriptor) }

    /// The descriptor's sigmoid outputs indexed by input − lower bound (what the lookup's table holds).
    public static func shiftedSigmoidTable(of descriptor: ModelDescriptor) -> [Int64] {
        let lower = descriptor.sigmoid.lowerBound
        return (0..<(1 << descriptor.sigmoid.inputBits)).map { descriptor.sigmoid.output(at: Int64($0) + lower) }
    }
}
