import FeedAudit
import Foundation
import Model
import Ranking
import Testing

/// The committed golden bundles (feeds/golden/) verify against the committed demo commitment and log
/// (commitments/): a change that breaks old bundles fails the build. `scripts/make-golden.sh` regenerates them.
@Suite("Golden bundles")
struct GoldenBundleTests {
    static func goldenBundles() throws -> [URL] {
        let folder = AuditFixture.repository("feeds/golden")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "fprb" }.sorted { $0.path < $1.path }
    }

    @Test("every golden bundle is valid under the committed commitments and log")
    func goldenBundlesVerify() throws {
        let anchors = try TrustAnchors(commitmentsDirectory: AuditFixture.repository("commitments").path)
        let auditor = FeedAuditor(anchors: anchors)
        let bundles = try Self.goldenBundles()
        #expect(bundles.count >= 3)
        for url in bundles {
            let verdict = auditor.audit(bundleBytes: Array(try Data(contentsOf: url)))
            #expect(verdict.status == .valid, "\(url.lastPathComponent): \(verdict.reason)")
        }
    }

    /// scripts/make-golden.sh makes a new ModelID and platform key each run; the README's captured `feedaudit` and
    /// `verify` output must name the committed ones (and the golden files' sizes), or a user comparing finds a
    /// mismatch.
    @Test("the README's captured audits name the committed ModelID, platform key and golden sizes")
    func readmeCapturesMatchTheGoldenFiles() throws {
        let readme = try String(contentsOf: AuditFixture.repository("README.md"), encoding: .utf8)
        let model = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: AuditFixture.repository("commitments/demo/model.json")))
                as? [String: Any])
        let modelID = try #require(model["modelID"] as? String)
        let platformKey = try #require(model["platformPublicKey"] as? String)
        func hexAfter(_ marker: String) -> [String] {
            readme.components(separatedBy: marker).dropFirst().map { String($0.prefix(16)) }
        }
        let ids = hexAfter("ModelID ")
        let keys = hexAfter("signed by platform key ")
        #expect(!ids.isEmpty && !keys.isEmpty)
        for id in ids where id.allSatisfy(\.isHexDigit) { #expect(id == String(modelID.prefix(16)), "README ModelID \(id)") }
        for key in keys where key.allSatisfy(\.isHexDigit) {
            #expect(key == String(platformKey.prefix(16)), "README platform key \(key)")
        }
        let bundles = try Self.goldenBundles().map { Array(try Data(contentsOf: $0)) }
        let bundleSizes = Set(bundles.map(\.count))
        let proofSizes = Set(try bundles.map { try RankingBundle(encoded: $0).proof.count })
        let capturedBundleSizes = numbers(after: "format: ", in: readme)
        let capturedProofSizes = numbers(after: "proven (", in: readme)
        #expect(!capturedBundleSizes.isEmpty && !capturedProofSizes.isEmpty)
        for size in capturedBundleSizes { #expect(bundleSizes.contains(size), "README bundle size \(size)") }
        for size in capturedProofSizes { #expect(proofSizes.contains(size), "README proof size \(size)") }
    }

    /// The integers written right after each occurrence of `marker`.
    private func numbers(after marker: String, in text: String) -> [Int] {
        text.components(separatedBy: marker).dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }

    @Test("golden bundles state the demo requests they were made from")
    func goldenStatementsMatchRequests() throws {
        for url in try Self.goldenBundles() {
            let bundle = try RankingBundle(encoded: Array(try Data(contentsOf: url)))
            let requestURL = url.deletingLastPathComponent().appendingPathComponent("requests")
                .appendingPathComponent(url.deletingPathExtension().lastPathComponent + ".json")
            let request = try JSONDecoder().decode(FeedRequest.self, from: try Data(contentsOf: requestURL))
            #expect(bundle.statement.candidates == request.candidates)
            #expect(bundle.statement.requestID == request.requestID)
            #expect(bundle.statement.k == min(request.k, request.candidates.count))
        }
    }

    @Test("the bundles and the public commitment hold no weight row and no score in the clear")
    func noSecretsInTheClear() throws {
        let fixture = AuditFixture.shared
        let bundle = try fixture.honestBundle()
        let ranker = fixture.opening.ranker
        let haystacks = [bundle.encoded, fixture.commitment.encoded]
        // Every 8-entry window of every quantized weight row, embedding row and the head weights.
        var needles: [[UInt8]] = []
        func windows(_ values: [Int8], width: Int) {
            guard width >= 8 else { return }
            for row in stride(from: 0, to: values.count, by: width) {
                let slice = values[row..<min(row + width, values.count)].map { UInt8(bitPattern: $0) }
                for start in stride(from: 0, through: slice.count - 8, by: 4) where Set(slice[start..<start + 8]).count > 2 {
                    needles.append(Array(slice[start..<start + 8]))
                }
            }
        }
        for (weights, layer) in zip(ranker.layerWeights, ranker.descriptor.layers) { windows(weights, width: layer.inputs) }
        for (table, e) in zip(ranker.embeddingTables, ranker.descriptor.embeddings) { windows(table, width: e.dimension) }
        // Every candidate's score as 8-byte little- and big-endian integers (scores are never published).
        let scores = ranker.scores(bundle.statement.features)
        for s in scores where abs(s) > 1 << 16 {
            needles.append(withUnsafeBytes(of: s.littleEndian) { Array($0) })
            needles.append(withUnsafeBytes(of: s.bigEndian) { Array($0) })
        }
        #expect(needles.count > 100)
        for haystack in haystacks {
            let windows = Self.windows(haystack)
            for needle in needles {
                #expect(!windows.contains(Self.word(needle[...])), "found \(needle) in the clear")
            }
        }
    }

    /// Every 8-byte window of `bytes` as a 64-bit word.
    static func windows(_ bytes: [UInt8]) -> Set<UInt64> {
        var result = Set<UInt64>(minimumCapacity: bytes.count)
        guard bytes.count >= 8 else { return result }
        for i in 0...(bytes.count - 8) { result.insert(word(bytes[i..<i + 8])) }
        return result
    }

    static func word(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
