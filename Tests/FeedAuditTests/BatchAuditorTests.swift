import FeedAudit
import FeedProofTestSupport
import Foundation
import Model
import Ranking
import Testing

/// Batch verification (issue 9): the verdicts of ``BatchAuditor`` are those of ``FeedAuditor`` one by one, and a
/// proof that fails only its final group equations is found by bisection without failing its neighbours.
@Suite("Batch auditor")
struct BatchAuditorTests {
    let fixture = AuditFixture.shared

    /// Kinds of bundle in a mix.
    enum Kind: CaseIterable {
        case honest, forgedProof, badSignature, truncated, changedFeature
    }

    /// Honest bundles of four distinct requests with the same shape (12 candidates, top 4), built once.
    static let honest: [RankingBundle] = {
        let fixture = AuditFixture.shared
        return (0..<4).map { index in
            var request = fixture.request
            request.requestID = "batch-\(index)"
            request.userID = 1_000 + Int64(index)
            do { return try fixture.honestBundle(request) } catch { fatalError("batch fixture: \(error)") }
        }
    }()

    /// A signed bundle whose proof is another statement's (same shape): the signature, log, commitment and
    /// features checks pass and decoding succeeds; the proof's transcript differs, so its group equations fail.
    func forged(_ index: Int) -> RankingBundle {
        let target = Self.honest[index % 4].statement
        let donor = Self.honest[(index + 1) % 4].proof
        return fixture.bundle(target, proof: donor)
    }

    func bytes(_ kind: Kind, _ index: Int) throws -> [UInt8] {
        let honest = Self.honest[index % 4]
        switch kind {
        case .honest: return honest.encoded
        case .forgedProof: return forged(index).encoded
        case .badSignature:
            var bytes = honest.encoded
            bytes[bytes.count - 1] ^= 0x20
            return bytes
        case .truncated: return Array(honest.encoded.prefix(honest.encoded.count / 2))
        case .changedFeature:
            let statement = honest.statement
            var features = statement.features
            features[0].dense[0] += 1
            let changed = try RankingStatement(
                modelID: statement.modelID, epoch: statement.epoch, userID: statement.userID,
                requestID: statement.requestID, candidates: statement.candidates, features: features,
                shown: statement.shown)
            return fixture.bundle(changed, proof: honest.proof).encoded
        }
    }

    @Test("honest bundles verify together, and the proof check says so")
    func allHonest() throws {
        let bundles = (0..<8).map { Self.honest[$0 % 4].encoded }
        let verdicts = BatchAuditor(auditor: fixture.auditor).audit(bundles)
        #expect(verdicts.count == 8)
        for verdict in verdicts {
            #expect(verdict.status == .valid, "\(verdict.reason)")
            #expect(verdict.checks.map(\.kind) == AuditCheck.Kind.allCases)
            #expect(verdict.checks.last?.detail.contains("verified in a batch of 8") == true)
        }
        #expect(BatchAuditor(auditor: fixture.auditor).audit([]).isEmpty)
    }

    @Test("a forged proof that fails only its final equations is found among honest ones, wherever it is")
    func forgedProofIsNamed() throws {
        // The forgery passes every check before the proof's last equation, one by one.
        let alone = fixture.auditor.audit(bundleBytes: forged(0).encoded)
        #expect(alone.status == .invalid)
        #expect(alone.failure?.kind == .proof)
        #expect(alone.reason.contains("batched group equations"), "\(alone.reason)")
        for position in [0, 5, 15] {
            var bundles = (0..<16).map { Self.honest[$0 % 4].encoded }
            bundles[position] = forged(position).encoded
            let verdicts = BatchAuditor(auditor: fixture.auditor).audit(bundles)
            for (index, verdict) in verdicts.enumerated() {
                if index == position {
                    #expect(verdict.status == .invalid, "the forgery at \(position)")
                    #expect(verdict.reason == alone.reason)
                } else {
                    #expect(verdict.status == .valid, "row \(index) next to a forgery at \(position): \(verdict.reason)")
                }
            }
        }
        // Two forgeries in one half, one in the other.
        var bundles = (0..<16).map { Self.honest[$0 % 4].encoded }
        for position in [2, 3, 12] { bundles[position] = forged(position).encoded }
        let statuses = BatchAuditor(auditor: fixture.auditor).audit(bundles).map(\.status)
        #expect(statuses.indices.filter { statuses[$0] == .invalid } == [2, 3, 12])
        #expect(statuses.filter { $0 == .valid }.count == 13)
    }

    @Test("random mixes: batched and one-by-one verdicts agree (status, failed check, reason)")
    func randomMixesAgree() throws {
        var generator = SeededGenerator(seed: 0x9a7c_4e11)
        for round in 0..<4 {
            let kinds = (0..<12).map { _ in Kind.allCases.randomElement(using: &generator)! }
            let bundles = try kinds.enumerated().map { try bytes($0.element, $0.offset) }
            let batched = BatchAuditor(auditor: fixture.auditor).audit(bundles)
            for (index, bytes) in bundles.enumerated() {
                let alone = fixture.auditor.audit(bundleBytes: bytes)
                let context: Comment = "round \(round), row \(index) (\(kinds[index])): \(alone.reason)"
                #expect(batched[index].status == alone.status, context)
                #expect(batched[index].failure?.kind == alone.failure?.kind, context)
                #expect(batched[index].failure?.detail == alone.failure?.detail, context)
                #expect(batched[index].checks.map(\.kind) == alone.checks.map(\.kind), context)
                #expect(batched[index].status == (kinds[index] == .honest ? .valid : kinds[index] == .truncated ? .unreadable : .invalid), context)
            }
        }
    }
}
