import Algebra
import FeedProofTestSupport
@testable import Proofs
import Testing

/// ``GroupEquationBatch``: several verifications' equations checked with one MSM (issue 9), and a decoded point used
/// by several equations merged into one MSM term without losing any equation's own random weight.
@Suite("Group equation batches")
struct GroupEquationBatchTests {
    let key = ProofTestContext.key

    /// A batch with `count` equations s·G_i + t·H − C = 0, the last one false when `breakLast`.
    func batch(_ count: Int, breakLast: Bool = false, random: inout SeededGenerator) -> GroupEquationBatch {
        var batch = GroupEquationBatch()
        for index in 0..<count {
            let s = random.randomScalar()
            let t = random.randomScalar()
            var c = (try? key.commit([s], offset: index % 8, blinder: Blinder(derived: t))) ?? .identity
            if breakLast && index == count - 1 { c = c + key.blindingBase }
            batch.add { equation in
                equation.addGenerator(s, index: index % 8)
                equation.addBlinding(t)
                equation.add(-Scalar.one, c)
            }
        }
        return batch
    }

    @Test("true batches hold together; one false equation anywhere fails the whole set")
    func combining() {
        var random = SeededGenerator(seed: 0xba7c)
        let good = (0..<5).map { _ in batch(4, random: &random) }
        let bad = batch(4, breakLast: true, random: &random)
        #expect(good.allSatisfy { $0.holds(with: key) })
        #expect(!bad.holds(with: key))
        #expect(GroupEquationBatch.allHold(good, with: key))
        #expect(GroupEquationBatch.allHold([GroupEquationBatch](), with: key))
        for position in 0...good.count {
            var mixed = good
            mixed.insert(bad, at: position)
            #expect(!GroupEquationBatch.allHold(mixed, with: key), "bad batch at \(position)")
        }
    }

    /// One point twice: decoded from its encoding (encoding words known) and as computed (unknown).
    static func decodedAndComputed(_ random: inout SeededGenerator) throws
        -> (decoded: RistrettoPoint, computed: RistrettoPoint)
    {
        let computed = random.randomScalar() * RistrettoPoint.generator
        return (try RistrettoPoint(encoding: computed.encoding), computed)
    }

    @Test func aDecodedPointInSeveralEquationsIsOneTerm() throws {
        var random = SeededGenerator(seed: 0xd1)
        let (p, q) = try Self.decodedAndComputed(&random)
        let (a, b) = (random.randomScalar(), random.randomScalar())
        var batch = GroupEquationBatch()
        batch.add { $0.add(a, p); $0.add(-a, q) }
        batch.add { $0.add(b, p); $0.add(-b, q) }
        let q2 = try RistrettoPoint(encoding: q.encoding)
        batch.add { $0.add(-a, p); $0.add(a, q2) }
        #expect(batch.holds(with: key))
        // p and a second decoding of the same bytes share one term; the computed copy (encoding unknown) is a term
        // per use.
        #expect(batch.termCount == 3)
    }

    @Test func mergedTermsKeepEachEquationsWeight() throws {
        var random = SeededGenerator(seed: 0xd2)
        let (p, _) = try Self.decodedAndComputed(&random)
        let s = random.randomScalar()
        // Two false equations whose unweighted sum is the identity: s·P = 0 and −s·P = 0.
        var batch = GroupEquationBatch()
        batch.add { $0.add(s, p) }
        batch.add { $0.add(-s, p) }
        #expect(batch.termCount == 1)
        #expect(!batch.holds(with: key))
    }

    @Test func aFalseEquationBesideMergedOnesIsRejected() throws {
        var random = SeededGenerator(seed: 0xd3)
        let (p, q) = try Self.decodedAndComputed(&random)
        let a = random.randomScalar()
        var batch = GroupEquationBatch()
        batch.add { $0.add(a, p); $0.add(-a, q) }
        batch.add { $0.add(a, p); $0.add(-(a + .one), q) }
        #expect(!batch.holds(with: key))
        #expect(!GroupEquationBatch.allHold([batch, GroupEquationBatch()], with: key))
    }
}
