import Foundation
import Testing

/// The deterministic RNG seed and the zero blinder exist for tests only: no library or tool source may use
/// them (zero-knowledge rules 1 and 3 of DESIGN.md §2). `package` access cannot express "tests only", so this
/// test scans the sources.
@Suite("Test-only API stays in tests")
struct TestOnlyAPITests {
    static let sourcesFolder: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" && folder.lastPathComponent != "Tests" { folder = folder.deletingLastPathComponent() }
        return folder.deletingLastPathComponent().appendingPathComponent("Sources")
    }()

    /// Relative paths of the Swift files under Sources/ that mention `name`.
    static func files(mentioning name: String) throws -> [String] {
        let root = sourcesFolder.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var result: [String] = []
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            if text.contains(name) { result.append(path) }
        }
        return result.sorted()
    }

    @Test func sourcesExist() throws {
        #expect(try Self.files(mentioning: "MerlinTranscript").count > 3)
    }

    @Test func deterministicSeedOnlyInTheBuilderAndTestSupport() throws {
        for path in try Self.files(mentioning: "deterministicSeedForTesting") {
            #expect(
                path == "Transcript/TranscriptRNGBuilder.swift" || path.hasPrefix("FeedProofTestSupport/"),
                "\(path) uses the deterministic test seed")
        }
    }

    @Test func zeroBlinderOnlyInItsDefinition() throws {
        for path in try Self.files(mentioning: "zeroForTesting") {
            #expect(path == "Proofs/Commitments/Blinder.swift", "\(path) refers to the zero blinder")
        }
    }
}
