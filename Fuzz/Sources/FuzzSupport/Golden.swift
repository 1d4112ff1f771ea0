import CFuzzDriver
import Foundation
import Model
import Ranking
import FeedAudit

/// The repository's golden files, which every harness checks its inputs against. Found from this file's path
/// (`Fuzz/Sources/FuzzSupport/Golden.swift`, four levels below the repository root), never the working directory.
public enum Golden {
    /// The repository root.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url = url.deletingLastPathComponent() }
        return url
    }()

    /// A file of the repository, or a trap: a harness without its golden files is a setup error, not a finding.
    public static func file(_ relativePath: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(relativePath).path) else {
            fatalError("fuzz setup: cannot read \(relativePath) under \(root.path)")
        }
        return Array(data)
    }

    /// `feeds/golden/demo-0001.fprb`.
    public static let bundleBytes = file("feeds/golden/demo-0001.fprb")
    /// All three golden bundles (the only inputs the auditor may call valid).
    public static let allBundles: Set<[UInt8]> = Set((1...3).map { file("feeds/golden/demo-000\($0).fprb") })
    /// Statement bytes followed by proof bytes of each golden bundle: the only pairs that may verify.
    public static let provenPairs: Set<[UInt8]> = Set(
        allBundles.compactMap { bytes in
            (try? RankingBundle(encoded: bytes)).map { $0.statement.canonicalBytes + $0.proof }
        })
    /// The decoded golden bundle.
    public static let bundle: RankingBundle = {
        do { return try RankingBundle(encoded: bundleBytes) } catch { fatalError("fuzz setup: golden bundle: \(error)") }
    }()
    /// The trust anchors of `commitments/` (demo commitment with π_wf checked, the log and its key).
    public static let anchors: TrustAnchors = {
        do { return try TrustAnchors(commitmentsDirectory: root.appendingPathComponent("commitments").path) } catch {
            fatalError("fuzz setup: commitments/: \(error)")
        }
    }()
    /// The auditor over ``anchors``.
    public static let auditor = FeedAuditor(anchors: anchors)
    /// The demo model's published entry.
    public static let model: TrustAnchors.PublishedModel = {
        guard let model = anchors.models[bundle.statement.modelID], model.rejection == nil, model.verifier != nil else {
            fatalError("fuzz setup: the golden bundle's model is not published and valid under commitments/")
        }
        return model
    }()
    /// The demo commitment (`commitments/demo/commitment.fpmc`).
    public static var commitment: ModelCommitment { model.publication.commitment }
    /// Its verifier.
    public static var verifier: RankingVerifier { model.verifier! }
    /// The demo model's feature schema.
    public static let schema: FeatureSchema = {
        do { return try FeatureSchema(canonicalBytes: commitment.descriptor.featureSchema) } catch {
            fatalError("fuzz setup: schema: \(error)")
        }
    }()
    /// `feeds/demo/ranker.fpmodel`, for golden inference on fuzzed requests.
    public static let ranker: QuantizedRanker = {
        do { return try ModelFile(decoding: file("feeds/demo/ranker.fpmodel")).ranker } catch {
            fatalError("fuzz setup: ranker: \(error)")
        }
    }()
}

/// The harness input as an array.
public func fuzzInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// A finding that is not a trap of the code under test: an oracle of the harness failed. Traps, so libFuzzer
/// keeps the input as a crash.
public func finding(_ message: String) -> Never {
    fatalError("FUZZ FINDING: \(message)")
}

/// Reads structured choices from fuzz bytes; past the end every read gives zero.
public struct FuzzCursor {
    public let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { offset >= bytes.count }
    public var remaining: Int { max(0, bytes.count - offset) }

    public mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func uint(_ byteCount: Int) -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<byteCount { value = value << 8 | UInt64(byte()) }
        return value
    }

    public mutating func take(_ count: Int) -> [UInt8] {
        let n = min(max(0, count), remaining)
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }

    public mutating func rest() -> [UInt8] { take(remaining) }
}

/// When `FUZZ_WRITE_SEEDS` names a folder, writes each seed there as `name` and exits: harnesses derive their
/// structured seeds from the golden files this way (see Fuzz/README.md).
public func writeSeedsIfAsked(_ seeds: @autoclosure () -> [(name: String, bytes: [UInt8])]) {
    guard let folder = ProcessInfo.processInfo.environment["FUZZ_WRITE_SEEDS"] else { return }
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for seed in seeds() {
        _ = FileManager.default.createFile(atPath: folder + "/" + seed.name, contents: Data(seed.bytes))
    }
    exit(0)
}

/// Runs libFuzzer on `target` (each harness's `<module>_main` calls this; see CFuzzDriver.h).
public func runLibFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
    _ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return withUnsafeMutablePointer(to: &argv) { argvPointer in
        LLVMFuzzerRunDriver(&argc, argvPointer, target)
    }
}
