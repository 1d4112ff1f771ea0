import Algebra
import FeedProofTestSupport
import Foundation
@testable import Proofs
import Testing
import Transcript

/// The zero-knowledge logUp-GKR lookup of pairs in a public table: completeness, refusal of pairs outside the
/// table, binding to the lookups, the table and the transcript, tampering and decoding.
@Suite("logUp-GKR table lookup")
struct TableLookupProofTests {
    let key = ProofTestContext.key

    static func transcript(_ context: UInt8 = 7) -> MerlinTranscript {
        var t = MerlinTranscript(label: "table-lookup-test")
        t.appendMessage(label: "context", message: [context])
        return t
    }

    struct Instance {
        let shape: TableLookupProof.Shape
        let commitment: HyraxCommitment
        let witness: HyraxWitness
        let table: [Int64]
    }

    /// A non-decreasing table of 2^b outputs in [0, 2^15], like the sigmoid table.
    static func monotoneTable(bits: Int, seed: UInt64) -> [Int64] {
        var random = SeededGenerator(seed: seed)
        var value: Int64 = random.int64(in: 0...3)
        var table: [Int64] = []
        for _ in 0..<(1 << bits) {
            table.append(value)
            value = min(1 << 15, value + random.int64(in: 0...5))
        }
        return table
    }

    /// The sigmoid table of the ranking heads: inputs [−2^13, 2^13) at scale 2^−10, shifted to [0, 2^14),
    /// outputs at scale 2^−15.
    static let sigmoidTable: [Int64] = (0..<(1 << 14)).map { t in
        let logit = Double(t - (1 << 13)) / 1024
        return Int64((32_768 / (1 + exp(-logit))).rounded())
    }

    /// 2^n random pairs of `table` (inputs uniform in [0, 2^b)).
    static func pairs(count: Int, table: [Int64], seed: UInt64) -> (inputs: [Int64], outputs: [Int64]) {
        var random = SeededGenerator(seed: seed)
        let inputs = (0..<count).map { _ in random.int64(in: 0...Int64(table.count - 1)) }
        return (inputs, inputs.map { table[Int($0)] })
    }

    func instance(
        inputs: [Int64], outputs: [Int64], lookupBits: Int, columnBits: Int, table: [Int64],
        countColumnBits: Int = 2
    ) throws -> Instance {
        let lookupShape = try HyraxCommitment.Shape(variableCount: lookupBits + 1, columnVariableCount: columnBits)
        let tableBits = table.count.trailingZeroBitCount
        let shape = try TableLookupProof.Shape(
            lookups: lookupShape, tableBits: tableBits, countColumnBits: countColumnBits)
        // Inputs fill the first half (zero-padded to 2^n), outputs the second.
        var values = inputs + [Int64](repeating: 0, count: (1 << lookupBits) - inputs.count)
        values += outputs
        let rng = ProofTestContext.rng(for: Self.transcript())
        let (commitment, witness) = try HyraxCommitment.commit(values, shape: lookupShape, key: key, rng: rng)
        return Instance(shape: shape, commitment: commitment, witness: witness, table: table)
    }

    func prove(_ instance: Instance, transcript: MerlinTranscript = transcript()) throws -> TableLookupProof {
        var t = transcript
        return try TableLookupProof.prove(
            lookups: instance.witness, table: instance.table, shape: instance.shape, key: key, transcript: &t,
            rng: ProofTestContext.rng(for: t))
    }

    func accepts(
        _ bytes: [UInt8], _ instance: Instance, commitment: HyraxCommitment? = nil, table: [Int64]? = nil,
        transcript: MerlinTranscript = transcript()
    ) -> Bool {
        var t = transcript
        do {
            let proof = try TableLookupProof(decoding: bytes, shape: instance.shape)
            try proof.verify(
                lookups: commitment ?? instance.commitment, table: table ?? instance.table, shape: instance.shape,
                key: key, transcript: &t)
            return true
        } catch {
            return false
        }
    }

    /// (n, c, b): lookups 2^n, lookup rows 2^c, table 2^b; n > b, n = b and n < b all occur.
    @Test(arguments: [
        (0, 1, 1), (0, 0, 4), (1, 1, 1), (1, 2, 3), (3, 2, 3), (5, 3, 2), (2, 1, 6), (6, 3, 4), (8, 4, 5),
        (10, 6, 3), (10, 5, 10), (4, 2, 14),
    ])
    func completeness(lookupBits: Int, columnBits: Int, tableBits: Int) throws {
        let table = Self.monotoneTable(bits: tableBits, seed: UInt64(tableBits))
        let (inputs, outputs) = Self.pairs(
            count: 1 << lookupBits, table: table, seed: UInt64(lookupBits * 100 + tableBits))
        let instance = try instance(
            inputs: inputs, outputs: outputs, lookupBits: lookupBits, columnBits: columnBits, table: table,
            countColumnBits: min(6, tableBits))
        let proof = try prove(instance)
        #expect(proof.layers.count == max(lookupBits, tableBits) + 1)
        let bytes = proof.encoded
        #expect(bytes.count == TableLookupProof.encodedByteCount(shape: instance.shape))
        #expect(try TableLookupProof(decoding: bytes, shape: instance.shape) == proof)
        #expect(accepts(bytes, instance))
    }

    @Test func sigmoidTableLookups() throws {
        let table = Self.sigmoidTable
        #expect(table.first == 11 && table.last == 32_757)
        #expect(zip(table, table.dropFirst()).allSatisfy { $0 <= $1 })
        var (inputs, outputs) = Self.pairs(count: 128, table: table, seed: 14)
        // The clamp's ends and the midpoint.
        inputs[0] = 0
        inputs[1] = (1 << 14) - 1
        inputs[2] = 1 << 13
        for i in 0..<3 { outputs[i] = table[Int(inputs[i])] }
        let instance = try instance(
            inputs: inputs, outputs: outputs, lookupBits: 7, columnBits: 4, table: table, countColumnBits: 6)
        #expect(accepts(try prove(instance).encoded, instance))
    }

    /// Outputs need not be monotone or positive: any Int64 table works, repeated outputs included.
    @Test func arbitraryTableValues() throws {
        let table: [Int64] = [-5, 7, 7, Int64.min, Int64.max, 0, -1, 7]
        let inputs: [Int64] = [0, 1, 2, 3, 4, 5, 6, 7, 2, 2, 3, 0, 7, 1, 1, 4]
        let instance = try instance(
            inputs: inputs, outputs: inputs.map { table[Int($0)] }, lookupBits: 4, columnBits: 2, table: table)
        let bytes = try prove(instance).encoded
        #expect(accepts(bytes, instance))
        // The same pairs against a table with one output changed: the verifier's public side differs.
        var other = table
        other[5] = 1
        #expect(!accepts(bytes, instance, table: other))
    }

    @Test func pairsOutsideTheTableAreRefused() throws {
        let table = Self.monotoneTable(bits: 3, seed: 9)
        let good: [Int64] = [1, 2, 3, 4]
        let cases: [(inputs: [Int64], outputs: [Int64])] = [
            (good, good.map { table[Int($0)] + 1 }),  // a wrong output
            ([1, 2, -1, 4], [table[1], table[2], table[0], table[4]]),  // an input below the table
            ([1, 2, 8, 4], [table[1], table[2], table[7], table[4]]),  // an input past the table
            ([1, 2, 3, 4], [table[1], table[3], table[2], table[4]]),  // two outputs swapped
        ]
        for (inputs, outputs) in cases {
            let instance = try instance(inputs: inputs, outputs: outputs, lookupBits: 2, columnBits: 1, table: table)
            #expect(throws: ProofError.self) { try prove(instance) }
        }
        // A table of the wrong length is a shape error, for the prover and the verifier.
        let honest = try instance(
            inputs: good, outputs: good.map { table[Int($0)] }, lookupBits: 2, columnBits: 1, table: table)
        var t = Self.transcript()
        #expect(throws: ProofError.shapeMismatch("a table of 4 pairs for 2^3")) {
            try TableLookupProof.prove(
                lookups: honest.witness, table: Array(table.prefix(4)), shape: honest.shape, key: key, transcript: &t,
                rng: ProofTestContext.rng(for: t))
        }
        let bytes = try prove(honest).encoded
        #expect(!accepts(bytes, honest, table: table + table))
    }

    /// Pairs the witness leaves out are (0, 0): fine when T[0] = 0, refused otherwise.
    @Test func unfilledPairsAreZeroPairs() throws {
        var table = Self.monotoneTable(bits: 3, seed: 4)
        table[0] = 0
        let inputs: [Int64] = [3, 5, 0]
        let outputs = inputs.map { table[Int($0)] }
        let filled = try instance(inputs: inputs, outputs: outputs, lookupBits: 2, columnBits: 1, table: table)
        #expect(accepts(try prove(filled).encoded, filled))
        var shifted = table
        for t in shifted.indices { shifted[t] += 1 }
        let refused = try instance(
            inputs: inputs, outputs: inputs.map { shifted[Int($0)] }, lookupBits: 2, columnBits: 1, table: shifted)
        #expect(throws: ProofError.invalidWitness("table lookup: pair 3 is not in the table")) { try prove(refused) }
    }

    @Test func proofIsBoundToTheLookupsAndTheTable() throws {
        let table = Self.monotoneTable(bits: 3, seed: 21)
        let first = try instance(
            inputs: [1, 2, 3, 4], outputs: [1, 2, 3, 4].map { table[Int($0)] }, lookupBits: 2, columnBits: 1,
            table: table)
        let second = try instance(
            inputs: [1, 2, 3, 5], outputs: [1, 2, 3, 5].map { table[Int($0)] }, lookupBits: 2, columnBits: 1,
            table: table)
        let bytes = try prove(first).encoded
        #expect(accepts(bytes, first))
        #expect(!accepts(bytes, first, commitment: second.commitment))
        // Another table of the same size, even one that also contains every looked-up pair.
        var other = table
        other[7] += 1
        #expect(!accepts(bytes, first, table: other))
        // Another transcript context.
        #expect(!accepts(bytes, first, transcript: Self.transcript(8)))
        #expect(!accepts(bytes, first, transcript: MerlinTranscript(label: "table-lookup-test")))
    }

    @Test func differentTranscriptsAreRejected() throws {
        let table = Self.monotoneTable(bits: 4, seed: 2)
        let (inputs, outputs) = Self.pairs(count: 8, table: table, seed: 3)
        let instance = try instance(inputs: inputs, outputs: outputs, lookupBits: 3, columnBits: 2, table: table)
        for context: UInt8 in [0, 6, 8] {
            let bytes = try prove(instance, transcript: Self.transcript(context)).encoded
            #expect(accepts(bytes, instance, transcript: Self.transcript(context)))
            #expect(!accepts(bytes, instance))
        }
    }

    @Test func everyElementTamperedIsRejected() throws {
        let table = Self.monotoneTable(bits: 3, seed: 5)
        let (inputs, outputs) = Self.pairs(count: 4, table: table, seed: 6)
        let instance = try instance(inputs: inputs, outputs: outputs, lookupBits: 2, columnBits: 2, table: table)
        let bytes = try prove(instance).encoded
        #expect(accepts(bytes, instance))
        let variants = ProofTampering.variants(of: bytes)
        #expect(variants.count == bytes.count / 32)
        // Decoding and verification throw only ProofError (typed throws), so every variant either fails to
        // decode with a typed error or is rejected by the verifier.
        var accepted: [Int] = []
        for (element, altered) in variants where accepts(altered, instance) { accepted.append(element) }
        #expect(accepted.isEmpty, "altered elements accepted: \(accepted)")
    }

    /// A cheating prover that commits a pair outside the table and the best counts it can find cannot get a zero
    /// root numerator, so the root-zero proof fails.
    @Test func forgedCountsDoNotHideAPairOutsideTheTable() throws {
        let layout = try RangeCheckLayout(lookupBits: 2, tableBits: 3)
        let table = Self.monotoneTable(bits: 3, seed: 8)
        let inputs: [Int64] = [1, 2, 6, 3]
        var outputs = inputs.map { table[Int($0)] }
        outputs[2] += 1  // (6, T[6] + 1) is not a pair of the table
        var counts = [Int64](repeating: 0, count: 8)
        for x in inputs { counts[Int(x)] += 1 }
        var random = SeededGenerator(seed: 12)
        for _ in 0..<5 {
            let leaves = layout.pairLeaves(
                inputs: inputs, outputs: outputs, table: table, counts: counts, alpha: random.randomScalar(),
                beta: random.randomScalar())
            let tree = FractionTree(leafNumerators: leaves.numerators, leafDenominators: leaves.denominators)
            #expect(!tree.numerators[0][0].isZero)
        }
        // With the honest outputs the same counts balance.
        let honest = layout.pairLeaves(
            inputs: inputs, outputs: inputs.map { table[Int($0)] }, table: table, counts: counts,
            alpha: random.randomScalar(), beta: random.randomScalar())
        let tree = FractionTree(leafNumerators: honest.numerators, leafDenominators: honest.denominators)
        #expect(tree.numerators[0][0].isZero)
    }

    /// The verifier's affine forms agree with the leaf multilinear extensions at random points.
    @Test(arguments: [(2, 3), (4, 2), (3, 3), (0, 1)])
    func publicLeafFormsMatchTheLeafMLEs(lookupBits: Int, tableBits: Int) throws {
        var random = SeededGenerator(seed: 31)
        let layout = try RangeCheckLayout(lookupBits: lookupBits, tableBits: tableBits)
        let table = (0..<(1 << tableBits)).map { _ in random.int64(in: -1000...1000) }
        let inputs = (0..<(1 << lookupBits)).map { _ in random.int64(in: 0...Int64((1 << tableBits) - 1)) }
        let outputs = (0..<(1 << lookupBits)).map { _ in random.int64(in: -1000...1000) }
        let counts = (0..<(1 << tableBits)).map { _ in random.int64(in: 0...9) }
        let alpha = random.randomScalar()
        let beta = random.randomScalar()
        let leaves = layout.pairLeaves(
            inputs: inputs, outputs: outputs, table: table, counts: counts, alpha: alpha, beta: beta)
        let point = (0..<layout.leafBits).map { _ in random.randomScalar() }
        let parts = layout.split(point)
        let x = try MultilinearPolynomial(small: inputs).evaluate(at: parts.lookupPoint)
        let y = try MultilinearPolynomial(small: outputs).evaluate(at: parts.lookupPoint)
        let m = try MultilinearPolynomial(small: counts).evaluate(at: parts.tablePoint)
        let tableOutput = try MultilinearPolynomial(small: table).evaluate(at: parts.tablePoint)
        let p = try MultilinearPolynomial(evaluations: leaves.numerators).evaluate(at: point)
        let q = try MultilinearPolynomial(evaluations: leaves.denominators).evaluate(at: point)
        let pForm = parts.numeratorForm
        let qForm = parts.pairDenominatorForm(alpha: alpha, beta: beta, tableOutput: tableOutput)
        #expect(p == pForm.constant + pForm.countsCoefficient * m)
        #expect(q == qForm.constant + qForm.inputCoefficient * x + qForm.outputCoefficient * y)
    }

    @Test func twoProofsShareNoMessage() throws {
        let table = Self.monotoneTable(bits: 2, seed: 1)
        let instance = try instance(
            inputs: [0, 1, 2, 3], outputs: [0, 1, 2, 3].map { table[Int($0)] }, lookupBits: 2, columnBits: 1,
            table: table)
        let a = try prove(instance).encoded
        let b = try prove(instance).encoded
        let chunksA = Set(stride(from: 0, to: a.count, by: 32).map { Array(a[$0..<($0 + 32)]) })
        let chunksB = Set(stride(from: 0, to: b.count, by: 32).map { Array(b[$0..<($0 + 32)]) })
        #expect(chunksA.intersection(chunksB).isEmpty)
    }

    @Test func decodingNeverTraps() throws {
        let table = Self.monotoneTable(bits: 2, seed: 1)
        let instance = try instance(
            inputs: [0, 1, 2, 3], outputs: [0, 1, 2, 3].map { table[Int($0)] }, lookupBits: 2, columnBits: 1,
            table: table)
        let bytes = try prove(instance).encoded
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: ProofError.self) {
                try TableLookupProof(decoding: Array(bytes[0..<cut]), shape: instance.shape)
            }
        }
        #expect(throws: ProofError.trailingBytes(count: 1)) {
            try TableLookupProof(decoding: bytes + [0], shape: instance.shape)
        }
        #expect(throws: ProofError.trailingBytes(count: 32)) {
            try TableLookupProof(decoding: bytes + Array(bytes.prefix(32)), shape: instance.shape)
        }
        var random = SeededGenerator(seed: 1)
        for length in [0, 1, 31, 32, 500, bytes.count] {
            #expect(throws: ProofError.self) {
                try TableLookupProof(decoding: random.bytes(count: length), shape: instance.shape)
            }
        }
        // Structurally valid garbage (every chunk a point and a canonical scalar) decodes and is rejected.
        let chunks = bytes.count / 32
        for seed in 0..<4 {
            let garbage = ProofDecodingFuzzTests.garbage(chunks: chunks, seed: UInt64(seed))
            #expect(!accepts(garbage, instance))
        }
    }

    @Test func shapesOutOfBoundsAreRefused() throws {
        let empty = try HyraxCommitment.Shape(variableCount: 0, columnVariableCount: 0)
        #expect(throws: ProofError.self) {
            try TableLookupProof.Shape(lookups: empty, tableBits: 3, countColumnBits: 1)
        }
        let two = try HyraxCommitment.Shape(variableCount: 1, columnVariableCount: 1)
        #expect(throws: ProofError.self) { try TableLookupProof.Shape(lookups: two, tableBits: 0, countColumnBits: 1) }
        #expect(throws: ProofError.self) { try TableLookupProof.Shape(lookups: two, tableBits: 3, countColumnBits: -1) }
        let shape = try TableLookupProof.Shape(lookups: two, tableBits: 3, countColumnBits: 9)
        #expect(shape.counts?.columnVariableCount == 3)
        #expect(shape.lookupBits == 0 && shape.tableBits == 3)
    }
}
