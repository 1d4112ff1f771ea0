import FeedProofTestSupport
import Foundation
@testable import Model
import Testing

/// End to end on the shipped demo ranker: ONNX → quantized model file → golden inference, and the file format's
/// robustness.
@Suite("Model file and import")
struct ModelFileTests {
    static let demoFolder: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" && folder.lastPathComponent != "Tests" { folder = folder.deletingLastPathComponent() }
        return folder.deletingLastPathComponent().appendingPathComponent("feeds/demo")
    }()

    static func demoBytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: demoFolder.appendingPathComponent(name)))
    }

    /// The demo ranker imported with the shipped requests as calibration and 200 held-out requests compared,
    /// exactly as `feedproof model import` does.
    static let imported: Result<ModelFile, ModelImportError> = {
        do {
            let onnx = try demoBytes("ranker.onnx")
            let calibration = try FeedGenerator.decodeRequests(jsonLines: try demoBytes("requests.jsonl"))
            let heldOut = FeedGenerator().requests(.heldOut, count: 200)
            return .success(
                try ModelImport.run(onnx: onnx, source: "ranker.onnx", schema: .demo, calibration: calibration, heldOut: heldOut))
        } catch let error as ModelImportError {
            return .failure(error)
        } catch {
            return .failure(.noCalibrationData)
        }
    }()

    @Test func demoRankerImportsAccurately() throws {
        let file = try Self.imported.get()
        let report = try #require(file.report)
        // Issue 5's bounds: on 200 held-out requests, mean top-10 overlap ≥ 0.95 and mean Kendall τ ≥ 0.9.
        #expect(report.heldOutRequests == 200)
        #expect(report.meanTopKOverlap >= 0.95, "top-10 overlap \(report.meanTopKOverlap)")
        #expect(report.meanKendallTau >= 0.9, "Kendall τ \(report.meanKendallTau)")
        #expect(file.ranker.parameterCount == 21_896)
    }

    @Test func fileRoundTripKeepsEveryTensorAndTheScores() throws {
        let file = try Self.imported.get()
        let bytes = try file.encoded()
        let decoded = try ModelFile(decoding: bytes)
        #expect(decoded.report == file.report)
        #expect(decoded.ranker.layerWeights == file.ranker.layerWeights)
        #expect(decoded.ranker.layerBiases == file.ranker.layerBiases)
        #expect(decoded.ranker.embeddingTables == file.ranker.embeddingTables)
        #expect(decoded.ranker.headWeights == file.ranker.headWeights)
        #expect(try decoded.encoded() == bytes)
        let request = try FeedGenerator.decodeRequests(jsonLines: try Self.demoBytes("requests.jsonl"))[0]
        let features = try FeatureSchema.demo.features(for: request)
        #expect(decoded.ranker.scores(features) == file.ranker.scores(features))
        // The schema travels inside the descriptor.
        #expect(try FeatureSchema(canonicalBytes: decoded.ranker.descriptor.featureSchema) == .demo)
    }

    @Test func malformedFilesGiveTypedErrors() throws {
        let bytes = try Self.imported.get().encoded()
        #expect(throws: ModelFileError.notAModelFile) { try ModelFile(decoding: Array("NOPE".utf8) + bytes) }
        #expect(throws: ModelFileError.trailingBytes(1)) { try ModelFile(decoding: bytes + [0]) }
        var version = bytes
        version[4] = 9
        #expect(throws: ModelFileError.unsupportedVersion(9)) { try ModelFile(decoding: version) }
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            #expect(throws: ModelFileError.self) { try ModelFile(decoding: Array(bytes[0..<cut])) }
        }
        var random = SeededGenerator(seed: 5)
        for length in [0, 3, 5, 9, 100, 4_000] {
            #expect(throws: ModelFileError.self) { try ModelFile(decoding: random.bytes(count: length)) }
        }
        // A huge descriptor length must not allocate or trap.
        var huge = bytes
        for i in 5..<9 { huge[i] = 0xFF }
        #expect(throws: ModelFileError.self) { try ModelFile(decoding: huge) }
    }

    @Test func mismatchedSchemaIsRefused() throws {
        let onnx = try Self.demoBytes("ranker.onnx")
        let narrow = try FeatureSchema(dense: Array(FeatureSchema.demo.dense.dropLast()), ids: FeatureSchema.demo.ids)
        #expect(throws: ModelImportError.self) {
            try ModelImport.run(onnx: onnx, source: "ranker.onnx", schema: narrow, calibration: [], heldOut: [])
        }
        let calibration = try FeedGenerator.decodeRequests(jsonLines: try Self.demoBytes("requests.jsonl"))
        #expect(throws: ModelImportError.self) {
            try ModelImport.run(onnx: Array(onnx.prefix(100)), source: "x", schema: .demo, calibration: calibration, heldOut: [])
        }
    }
}
