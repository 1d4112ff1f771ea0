/// `feedproof model import`: ONNX → float ranker → quantized ranker, checked against the feature schema, with
/// the quantized-vs-float accuracy measured on held-out requests (DESIGN.md §3).
public enum ModelImport {
    /// Imports `onnx`, calibrates on `calibration`, and measures accuracy on `heldOut` (top-`k` overlap and
    /// Kendall τ of the full ranking).
    /// - Throws: ``ModelImportError`` naming the failing stage.
    public static func run(
        onnx: [UInt8], source: String, schema: FeatureSchema, calibration: [FeedRequest], heldOut: [FeedRequest],
        k: Int = 10
    ) throws(ModelImportError) -> ModelFile {
        let float: FloatRanker
        do { float = try ONNXImporter.importRanker(from: onnx) } catch { throw .onnx(error) }
        try check(float, against: schema)

        var calibrationVectors: [FeatureVector] = []
        for request in calibration {
            do { calibrationVectors += try schema.features(for: request) } catch { throw .features(error) }
        }
        guard !calibrationVectors.isEmpty else { throw .noCalibrationData }
        let options = QuantizationOptions(
            featureSchema: schema.canonicalBytes, denseFeatureNames: schema.dense.map(\.name),
            denseFeatureBounds: schema.dense.map { $0.recipe.maximumOutput })
        let quantized: QuantizedRanker
        do { quantized = try QuantizedRanker(float, calibration: calibrationVectors, options: options) } catch {
            throw .quantization(error)
        }

        var comparisons: [AccuracyReport.Request] = []
        for request in heldOut {
            do {
                comparisons.append(
                    AccuracyReport.Request(
                        features: try schema.features(for: request), postIDs: request.candidates.map(\.postID)))
            } catch { throw .features(error) }
        }
        let accuracy = AccuracyReport.compare(float: float, quantized: quantized, requests: comparisons, k: k)
        let report = ImportReport(
            source: source, floatParameterCount: float.parameterCount, calibrationRequests: calibration.count,
            heldOutRequests: heldOut.count, accuracy: accuracy)
        return ModelFile(ranker: quantized, report: report)
    }

    /// The model must consume exactly the schema's features: the dense width, and one embedding per id feature
    /// with a table as large as the id lookup.
    static func check(_ float: FloatRanker, against schema: FeatureSchema) throws(ModelImportError) {
        guard float.denseFeatureCount == schema.dense.count else {
            throw .schemaMismatch(
                "the model reads \(float.denseFeatureCount) dense features, the schema defines \(schema.dense.count)")
        }
        for embedding in float.embeddings {
            guard embedding.idFeature < schema.ids.count else {
                throw .schemaMismatch("embedding \(embedding.name) reads id feature \(embedding.idFeature), which the schema lacks")
            }
            let tableSize = schema.tableSize(ofIDFeature: embedding.idFeature)
            guard Int64(embedding.rows) == tableSize else {
                throw .schemaMismatch(
                    "embedding \(embedding.name) has \(embedding.rows) rows, "
                        + "id feature \(schema.ids[embedding.idFeature].name) maps ids into \(tableSize)")
            }
        }
    }
}

/// Why `feedproof model import` failed.
public enum ModelImportError: Error, Sendable, CustomStringConvertible {
    /// The ONNX file was rejected.
    case onnx(ONNXImportError)
    /// The model's inputs do not match the feature schema.
    case schemaMismatch(String)
    /// A request's metadata could not be turned into features.
    case features(FeatureError)
    /// Quantization refused the model.
    case quantization(QuantizationError)
    /// No calibration candidates were given.
    case noCalibrationData

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .onnx(let error): return "ONNX import failed: \(error)"
        case .schemaMismatch(let why): return "the model does not match the feature schema: \(why)"
        case .features(let error): return "feature recipes failed: \(error)"
        case .quantization(let error): return "quantization failed: \(error)"
        case .noCalibrationData: return "no calibration candidates: give at least one request"
        }
    }
}
