import Foundation

/// A quantized model as `feedproof model import` writes it (`*.fpmodel`): the descriptor, every integer tensor,
/// and the accuracy report measured at import time.
///
/// Layout (little-endian), version 1:
/// ```
/// "FPQM"  version:u8
/// descriptorLength:u32  descriptor (ModelDescriptor canonical bytes)
/// for each embedding: rows·dimension int8
/// for each layer: outputs·inputs int8 weights, then outputs int32 biases
/// headCount int8 head weights
/// scoreScale: float64 bits
/// reportLength:u32  report (UTF-8 JSON of ImportReport; 0 bytes when absent)
/// ```
/// Every count follows from the descriptor; the reader rejects truncation, trailing bytes, and tensors that
/// disagree with the descriptor, with a typed ``ModelFileError``.
public struct ModelFile: Sendable {
    /// The quantized ranker.
    public let ranker: QuantizedRanker
    /// The accuracy measured when the model was imported, if recorded.
    public let report: ImportReport?

    /// The file format version this code writes and reads.
    public static let version: UInt8 = 1
    static let magic: [UInt8] = Array("FPQM".utf8)

    /// A model file for `ranker` with an optional import report.
    public init(ranker: QuantizedRanker, report: ImportReport?) {
        self.ranker = ranker
        self.report = report
    }

    /// The file's bytes.
    public func encoded() throws(ModelFileError) -> [UInt8] {
        var out = ModelFile.magic + [ModelFile.version]
        let descriptor = ranker.descriptor.canonicalBytes
        appendUInt32(UInt32(descriptor.count), to: &out)
        out += descriptor
        for table in ranker.embeddingTables { out += table.map { UInt8(bitPattern: $0) } }
        for (weights, biases) in zip(ranker.layerWeights, ranker.layerBiases) {
            out += weights.map { UInt8(bitPattern: $0) }
            for bias in biases { appendUInt32(UInt32(bitPattern: bias), to: &out) }
        }
        out += ranker.headWeights.map { UInt8(bitPattern: $0) }
        let scale = ranker.scoreScale.bitPattern
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: scale >> (8 * UInt64(i)))) }
        var report: [UInt8] = []
        if let value = self.report {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            do { report = Array(try encoder.encode(value)) } catch { throw .invalidReport(String(describing: error)) }
        }
        appendUInt32(UInt32(report.count), to: &out)
        out += report
        return out
    }

    /// Reads a model file.
    /// - Throws: ``ModelFileError`` for any malformed input; never traps.
    public init(decoding bytes: [UInt8]) throws(ModelFileError) {
        var reader = ByteReader(bytes)
        guard try reader.take(4) == ModelFile.magic else { throw .notAModelFile }
        let version = try reader.take(1)[0]
        guard version == ModelFile.version else { throw .unsupportedVersion(version) }
        let descriptorLength = Int(try reader.uint32())
        let descriptorBytes = try reader.take(descriptorLength)
        let descriptor: ModelDescriptor
        do { descriptor = try ModelDescriptor(canonicalBytes: descriptorBytes) } catch {
            throw .invalidDescriptor(String(describing: error))
        }
        var embeddings: [[Int8]] = []
        for embedding in descriptor.embeddings {
            let count = try ModelFile.count(embedding.rows, embedding.dimension)
            embeddings.append(try reader.take(count).map { Int8(bitPattern: $0) })
        }
        var weights: [[Int8]] = []
        var biases: [[Int32]] = []
        for layer in descriptor.layers {
            let count = try ModelFile.count(layer.outputs, layer.inputs)
            weights.append(try reader.take(count).map { Int8(bitPattern: $0) })
            var layerBiases: [Int32] = []
            for _ in 0..<layer.outputs { layerBiases.append(Int32(bitPattern: try reader.uint32())) }
            biases.append(layerBiases)
        }
        let heads = try reader.take(descriptor.headCount).map { Int8(bitPattern: $0) }
        var scaleBits: UInt64 = 0
        for (i, byte) in try reader.take(8).enumerated() { scaleBits |= UInt64(byte) << (8 * UInt64(i)) }
        let scoreScale = Double(bitPattern: scaleBits)
        guard scoreScale.isFinite, scoreScale > 0 else { throw .invalidScoreScale }
        let reportLength = Int(try reader.uint32())
        let reportBytes = try reader.take(reportLength)
        guard reader.remaining == 0 else { throw .trailingBytes(reader.remaining) }
        var report: ImportReport?
        if reportLength > 0 {
            do { report = try JSONDecoder().decode(ImportReport.self, from: Data(reportBytes)) } catch {
                throw .invalidReport(String(describing: error))
            }
        }
        do {
            self.ranker = try QuantizedRanker(
                descriptor: descriptor, embeddingTables: embeddings, layerWeights: weights, layerBiases: biases,
                headWeights: heads, scoreScale: scoreScale)
        } catch {
            throw .inconsistentTensors(error.description)
        }
        self.report = report
    }

    private static func count(_ a: Int, _ b: Int) throws(ModelFileError) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow, product >= 0 else { throw .inconsistentTensors("tensor of \(a) × \(b) entries") }
        return product
    }

    private func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
    }
}

/// Sequential reads with bounds checks.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int) throws(ModelFileError) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw .truncated(offset: offset) }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func uint32() throws(ModelFileError) -> UInt32 {
        var value: UInt32 = 0
        for (i, byte) in try take(4).enumerated() { value |= UInt32(byte) << (8 * UInt32(i)) }
        return value
    }
}

/// Why a model file could not be read.
public enum ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not start with "FPQM".
    case notAModelFile
    /// A format version this build cannot read.
    case unsupportedVersion(UInt8)
    /// The file ended early.
    case truncated(offset: Int)
    /// Bytes follow the last field.
    case trailingBytes(Int)
    /// The embedded descriptor is invalid.
    case invalidDescriptor(String)
    /// The tensors do not fit the descriptor.
    case inconsistentTensors(String)
    /// The score scale is not a positive finite number.
    case invalidScoreScale
    /// The import report could not be encoded or decoded.
    case invalidReport(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .notAModelFile: return "not a FeedProof model file (expected the \"FPQM\" header)"
        case .unsupportedVersion(let v): return "model file version \(v) is not supported (this build reads 1)"
        case .truncated(let offset): return "model file is truncated at byte \(offset)"
        case .trailingBytes(let n): return "model file has \(n) unexpected trailing bytes"
        case .invalidDescriptor(let why): return "model file's descriptor is invalid: \(why)"
        case .inconsistentTensors(let why): return "model file's tensors do not match its descriptor: \(why)"
        case .invalidScoreScale: return "model file's score scale is not a positive finite number"
        case .invalidReport(let why): return "model file's import report is unreadable: \(why)"
        }
    }
}

/// What `feedproof model import` measured: the quantized model against the float model on held-out requests.
public struct ImportReport: Sendable, Equatable, Codable {
    /// The imported file's name.
    public var source: String
    /// Weights in the float model.
    public var floatParameterCount: Int
    /// Requests used for calibration and for the comparison.
    public var calibrationRequests: Int
    /// Held-out requests compared.
    public var heldOutRequests: Int
    /// The k of the top-k overlap.
    public var k: Int
    /// Mean and lowest top-k overlap between the quantized and float rankings.
    public var meanTopKOverlap: Double
    /// See ``meanTopKOverlap``.
    public var minimumTopKOverlap: Double
    /// Mean and lowest Kendall τ-b of the full rankings.
    public var meanKendallTau: Double
    /// See ``meanKendallTau``.
    public var minimumKendallTau: Double

    /// A report.
    public init(
        source: String, floatParameterCount: Int, calibrationRequests: Int, heldOutRequests: Int, accuracy: AccuracyReport
    ) {
        self.source = source
        self.floatParameterCount = floatParameterCount
        self.calibrationRequests = calibrationRequests
        self.heldOutRequests = heldOutRequests
        self.k = accuracy.k
        self.meanTopKOverlap = accuracy.meanTopKOverlap
        self.minimumTopKOverlap = accuracy.minimumTopKOverlap
        self.meanKendallTau = accuracy.meanKendallTau
        self.minimumKendallTau = accuracy.minimumKendallTau
    }
}
