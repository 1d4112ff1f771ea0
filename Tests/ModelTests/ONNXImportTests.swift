import FeedProofTestSupport
import Foundation
import Model
import Testing

/// ONNX import against the fixtures of `scripts/make_onnx_fixtures.py` (Tests/Fixtures/onnx): exact parameters and
/// numpy scores for the valid models, the specific error for each invalid one, and typed errors (never a trap)
/// for truncated, corrupted and random files.
@Suite struct ONNXImportTests {
    /// A valid model's JSON sidecar: every parameter in FloatRanker's layout and scored feature vectors.
    struct Sidecar: Decodable {
        struct Embedding: Decodable {
            var name: String
            var idFeature: Int
            var rows: Int
            var dimension: Int
            var table: [Double]
        }
        struct Layer: Decodable {
            var name: String
            var inputs: Int
            var outputs: Int
            var weights: [Double]
            var bias: [Double]
        }
        struct Case: Decodable {
            var dense: [Int32]
            var ids: [Int32]
            var score: Double
        }
        var denseFeatureCount: Int
        var embeddings: [Embedding]
        var trunk: [Layer]
        var heads: Layer
        var headWeights: [Double]
        var cases: [Case]

        /// The ranker the sidecar describes (the JSON numbers are float32 values written exactly).
        var ranker: FloatRanker {
            func layer(_ layer: Layer, relu: Bool) -> FloatRanker.DenseLayer {
                FloatRanker.DenseLayer(
                    name: layer.name, inputs: layer.inputs, outputs: layer.outputs,
                    weights: layer.weights.map { Float($0) }, bias: layer.bias.map { Float($0) }, relu: relu)
            }
            return FloatRanker(
                denseFeatureCount: denseFeatureCount,
                embeddings: embeddings.map {
                    FloatRanker.Embedding(
                        name: $0.name, idFeature: $0.idFeature, rows: $0.rows, dimension: $0.dimension,
                        table: $0.table.map { Float($0) })
                },
                trunk: trunk.map { layer($0, relu: true) }, heads: layer(heads, relu: false),
                headWeights: headWeights.map { Float($0) })
        }
    }

    /// What an invalid fixture must raise (`invalid.json`).
    struct Expectation: Decodable {
        var `case`: String
        var node: String?
        var tensor: String?
        var op: String?
    }

    static let validModels = ["ranker", "ranker-alt", "ranker-dense-only"]

    static let invalidModels = [
        "invalid-unsupported-op.onnx", "invalid-softmax-heads.onnx", "invalid-custom-domain.onnx",
        "invalid-missing-initializer.onnx", "invalid-float64-weights.onnx", "invalid-dynamic-dim.onnx",
        "invalid-shape-mismatch.onnx", "invalid-two-outputs.onnx", "invalid-cycle.onnx", "invalid-unknown-input.onnx",
        "invalid-nan-weight.onnx", "invalid-gemm-alpha.onnx", "invalid-concat-axis.onnx", "invalid-float64-ids.onnx",
        "invalid-raw-data-size.onnx", "invalid-external-data.onnx", "invalid-fan-out.onnx",
        "invalid-score-bias.onnx", "invalid-no-sigmoid.onnx",
    ]

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: try Fixtures.onnxDirectory().appendingPathComponent(name))
    }

    static func sidecar(_ name: String) throws -> Sidecar {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Sidecar.self, from: try data(name + ".json"))
    }

    static func importing(_ bytes: Data) -> Result<FloatRanker, ONNXImportError> {
        Result { () throws(ONNXImportError) in try ONNXImporter.importRanker(from: bytes) }
    }

    // MARK: Valid models

    @Test(arguments: validModels)
    func importsEveryParameterExactly(_ name: String) throws {
        let ranker = try ONNXImporter.importRanker(from: try Self.data(name + ".onnx"))
        let expected = try Self.sidecar(name).ranker
        #expect(ranker.denseFeatureCount == expected.denseFeatureCount)
        #expect(ranker.embeddings.count == expected.embeddings.count)
        for (got, want) in zip(ranker.embeddings, expected.embeddings) {
            #expect(got == want, "embedding \(want.name)")
        }
        #expect(ranker.trunk.count == expected.trunk.count)
        for (got, want) in zip(ranker.trunk, expected.trunk) {
            #expect(got == want, "trunk layer \(want.name)")
        }
        #expect(ranker.heads == expected.heads)
        #expect(ranker.headWeights == expected.headWeights)
        #expect(ranker == expected)
    }

    @Test(arguments: validModels)
    func scoresMatchNumpy(_ name: String) throws {
        let ranker = try ONNXImporter.importRanker(from: try Self.data(name + ".onnx"))
        let sidecar = try Self.sidecar(name)
        #expect(sidecar.cases.count >= 6)
        for item in sidecar.cases {
            let score = Double(ranker.score(FeatureVector(dense: item.dense, ids: item.ids)))
            let tolerance = 1e-4 * max(abs(item.score), 1e-2)
            #expect(
                abs(score - item.score) <= tolerance, "dense \(item.dense) ids \(item.ids): \(score) vs \(item.score)")
        }
    }

    @Test func idFeaturesFollowTheGraphInputOrder() throws {
        // ranker-alt lists its int32 inputs as (topic, author) but concatenates author's rows first.
        let ranker = try ONNXImporter.importRanker(from: try Self.data("ranker-alt.onnx"))
        #expect(ranker.embeddings.map(\.name) == ["emb.author", "emb.topic"])
        #expect(ranker.embeddings.map(\.idFeature) == [1, 0])
        #expect(ranker.inputWidth == 7)
    }

    @Test func byteArrayAndDataOverloadsAgree() throws {
        let data = try Self.data("ranker.onnx")
        #expect(try ONNXImporter.importRanker(from: [UInt8](data)) == ONNXImporter.importRanker(from: data))
    }

    // MARK: Invalid models

    @Test func everyInvalidFixtureIsTested() throws {
        let expectations = try JSONDecoder().decode([String: Expectation].self, from: try Self.data("invalid.json"))
        #expect(Set(expectations.keys) == Set(Self.invalidModels))
    }

    @Test(arguments: invalidModels)
    func invalidModelGivesItsError(_ name: String) throws {
        let expectations = try JSONDecoder().decode([String: Expectation].self, from: try Self.data("invalid.json"))
        let expected = try #require(expectations[name])
        let error = try #require(throws: ONNXImportError.self) {
            try ONNXImporter.importRanker(from: try Self.data(name))
        }
        let found = Self.parts(of: error)
        #expect(found.case == expected.case, "\(error)")
        if let node = expected.node {
            #expect(found.node == node, "\(error)")
            #expect(error.description.contains(node))
        }
        if let tensor = expected.tensor {
            #expect(found.tensor == tensor, "\(error)")
            #expect(error.description.contains(tensor))
        }
        if let op = expected.op {
            #expect(found.op == op, "\(error)")
            #expect(error.description.contains(op))
        }
    }

    @Test func unsupportedOperatorMessageNamesOpAndNode() throws {
        let error = try #require(throws: ONNXImportError.self) {
            try ONNXImporter.importRanker(from: try Self.data("invalid-unsupported-op.onnx"))
        }
        #expect(
            error.description
                == "unsupported operator Tanh at node \"trunk.1.relu\" (Tanh); supported: Gemm, MatMul, Add, Relu, "
                + "Gather, Concat, Sigmoid")
    }

    @Test func nodesAreNamedByNameOrPosition() {
        #expect(ONNXImportError.Node(name: "fc", opType: "Gemm", index: 2).description == "node \"fc\" (Gemm)")
        #expect(ONNXImportError.Node(name: "", opType: "Conv", index: 3).description == "node #3 (Conv)")
        let error = ONNXImportError.unsupportedOperator(op: "Conv", node: .init(name: "", opType: "Conv", index: 3))
        #expect(error.description.hasPrefix("unsupported operator Conv at node #3 (Conv)"))
    }

    /// The case name and the node, tensor and operator an error names.
    static func parts(of error: ONNXImportError) -> (case: String, node: String?, tensor: String?, op: String?) {
        switch error {
        case .malformedProtobuf: ("malformedProtobuf", nil, nil, nil)
        case .missingGraph: ("missingGraph", nil, nil, nil)
        case .outputCount: ("outputCount", nil, nil, nil)
        case .unsupportedOperator(let op, let node): ("unsupportedOperator", node.name, nil, op)
        case .unsupportedAttribute(_, _, let node): ("unsupportedAttribute", node.name, nil, node.opType)
        case .unknownTensor(let tensor, let node): ("unknownTensor", node.name, tensor, node.opType)
        case .missingInitializer(let tensor, let node): ("missingInitializer", node.name, tensor, node.opType)
        case .wrongDataType(let tensor, _, _, let node): ("wrongDataType", node?.name, tensor, node?.opType)
        case .dynamicDimension(let tensor, _, _): ("dynamicDimension", nil, tensor, nil)
        case .unsupportedShape(let tensor, _, _): ("unsupportedShape", nil, tensor, nil)
        case .shapeMismatch(let tensor, _, _, let node): ("shapeMismatch", node?.name, tensor, node?.opType)
        case .invalidDimensions(let tensor, _): ("invalidDimensions", nil, tensor, nil)
        case .elementCountMismatch(let tensor, _, _): ("elementCountMismatch", nil, tensor, nil)
        case .externalData(let tensor): ("externalData", nil, tensor, nil)
        case .nonFiniteWeight(let tensor, _): ("nonFiniteWeight", nil, tensor, nil)
        case .duplicateName(let tensor): ("duplicateName", nil, tensor, nil)
        case .cycle(let node): ("cycle", node.name, nil, node.opType)
        case .unexpectedStructure(_, let node): ("unexpectedStructure", node?.name, nil, node?.opType)
        }
    }

    // MARK: Malformed files

    @Test func emptyAndNonONNXInputsAreTypedErrors() throws {
        // An empty message is a valid, empty ModelProto: no graph.
        let empty = try #require(throws: ONNXImportError.self) { try ONNXImporter.importRanker(from: Data()) }
        #expect(empty == .missingGraph)
        let text = try #require(throws: ONNXImportError.self) {
            try ONNXImporter.importRanker(from: Data("not an onnx model".utf8))
        }
        #expect(Self.parts(of: text).case == "malformedProtobuf")
    }

    @Test func everyTruncationIsATypedErrorOrTheWholeModel() throws {
        let data = try Self.data("ranker.onnx")
        let full = try ONNXImporter.importRanker(from: data)
        var failures = 0
        for length in 0..<data.count {
            switch Self.importing(data.prefix(length)) {
            case .failure: failures += 1
            // Cutting after the graph field (only opset_import follows it) leaves a complete ranker.
            case .success(let ranker): #expect(ranker == full, "prefix of \(length) bytes")
            }
        }
        #expect(failures >= data.count - 16, "\(failures) of \(data.count) truncations failed")
    }

    @Test func randomBytesAreTypedErrors() {
        var generator = SeededGenerator(seed: 0x6f6e_6e78)
        for _ in 0..<500 {
            let count = Int.random(in: 0..<300, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if case .success = Self.importing(Data(bytes)) {
                Issue.record("random bytes imported (seed \(generator.seed)): \(bytes)")
            }
        }
    }

    @Test func corruptedFilesNeverTrap() throws {
        let data = try Self.data("ranker.onnx")
        var generator = SeededGenerator(seed: 0x6f6e_6e79)
        var imported = 0
        for _ in 0..<1500 {
            var bytes = [UInt8](data)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            guard case .success(let ranker) = Self.importing(Data(bytes)) else { continue }
            // A corrupted weight still imports; what imports must be a consistent ranker that scores.
            imported += 1
            Self.expectConsistent(ranker)
            _ = ranker.score(FeatureVector(dense: [1, 2, 3, 4], ids: [1, 2]))
        }
        #expect(imported < 1500)
    }

    /// Every size in the ranker agrees with its neighbours.
    static func expectConsistent(_ ranker: FloatRanker) {
        for embedding in ranker.embeddings {
            #expect(embedding.table.count == embedding.rows * embedding.dimension)
        }
        var width = ranker.inputWidth
        for layer in ranker.trunk + [ranker.heads] {
            #expect(layer.inputs == width)
            #expect(layer.weights.count == layer.inputs * layer.outputs)
            #expect(layer.bias.count == layer.outputs)
            width = layer.outputs
        }
        #expect(ranker.headWeights.count == ranker.heads.outputs)
    }
}
