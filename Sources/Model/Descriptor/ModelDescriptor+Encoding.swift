import Foundation

/// The canonical bytes of a model descriptor, format version 1. All integers little-endian, no padding;
/// strings and blobs are a u32 byte length then the bytes (strings UTF-8). One encoding per descriptor:
/// the decoder re-validates everything, so decode ∘ encode and encode ∘ decode are identities.
///
/// ```
/// "FPMD"                        magic, 4 bytes
/// u16 formatVersion             = 1
/// u16 protocolVersion
/// blob featureSchema            opaque canonical bytes of the feature schema and recipes
/// u32 denseFeatureCount
/// u32 inputScale                m
/// u32 embeddingCount, then per embedding:
///     string name, u32 idFeature, u32 rows, u32 dimension, u32 hyraxRowLength
/// u32 layerCount, then per layer (trunk layers, then the head layer):
///     string name, u8 role (0 trunk, 1 heads), u32 inputs, u32 outputs,
///     u64 multiplier M, u8 shift k, i64 activationLower, i64 activationUpper, u64 requantizedBound,
///     u32 hyraxRowLength
/// u32 headWeightsHyraxRowLength
/// u8 sigmoid inputBits b, u8 sigmoid inputFractionBits f, u8 outputFractionBits (= 15),
///     2^b × i16 entries
/// u8 rankingRule               (1 = descending score, ties by ascending post id)
/// ```
extension ModelDescriptor {
    static let magic: [UInt8] = Array("FPMD".utf8)

    /// The canonical bytes (hashed into the ModelID).
    public var canonicalBytes: [UInt8] {
        var out = DescriptorWriter()
        out.bytes(Self.magic)
        out.u16(Self.formatVersion)
        out.u16(protocolVersion)
        out.blob(featureSchema)
        out.u32(denseFeatureCount)
        out.u32(inputScale)
        out.u32(embeddings.count)
        for embedding in embeddings {
            out.blob(Array(embedding.name.utf8))
            out.u32(embedding.idFeature)
            out.u32(embedding.rows)
            out.u32(embedding.dimension)
            out.u32(embedding.hyraxRowLength)
        }
        out.u32(layers.count)
        for layer in layers {
            out.blob(Array(layer.name.utf8))
            out.u8(layer.role.rawValue)
            out.u32(layer.inputs)
            out.u32(layer.outputs)
            out.u64(UInt64(bitPattern: layer.multiplier))
            out.u8(UInt8(truncatingIfNeeded: layer.shift))
            out.u64(UInt64(bitPattern: layer.activationLower))
            out.u64(UInt64(bitPattern: layer.activationUpper))
            out.u64(UInt64(bitPattern: layer.requantizedBound))
            out.u32(layer.hyraxRowLength)
        }
        out.u32(headWeightsHyraxRowLength)
        out.u8(UInt8(truncatingIfNeeded: sigmoid.inputBits))
        out.u8(UInt8(truncatingIfNeeded: sigmoid.inputFractionBits))
        out.u8(UInt8(SigmoidTable.outputFractionBits))
        for entry in sigmoid.entries { out.u16(UInt16(bitPattern: entry)) }
        out.u8(rankingRule.rawValue)
        return out.data
    }

    /// Decodes and validates canonical bytes; rejects truncated, trailing or invalid bytes with a typed error.
    public init(canonicalBytes bytes: [UInt8]) throws(DescriptorError) {
        var reader = DescriptorReader(bytes: bytes)
        guard try reader.bytes(4, "magic") == Self.magic else { throw .badMagic }
        let format = try reader.u16("formatVersion")
        guard format == Self.formatVersion else { throw .unsupportedFormatVersion(format) }
        let protocolVersion = try reader.u16("protocolVersion")
        let schema = try reader.blob("featureSchema")
        let dense = try reader.int("denseFeatureCount")
        let inputScale = try reader.int("inputScale")
        let embeddingCount = try reader.count("embeddingCount", minimumBytesEach: 20)
        var embeddings: [EmbeddingShape] = []
        for _ in 0..<embeddingCount {
            let name = try reader.string("embedding.name")
            embeddings.append(
                EmbeddingShape(
                    name: name, idFeature: try reader.int("embedding.idFeature"),
                    rows: try reader.int("embedding.rows"),
                    dimension: try reader.int("embedding.dimension"),
                    hyraxRowLength: try reader.int("embedding.hyraxRowLength")))
        }
        let layerCount = try reader.count("layerCount", minimumBytesEach: 50)
        var layers: [Layer] = []
        for _ in 0..<layerCount {
            let name = try reader.string("layer.name")
            let roleByte = try reader.u8("layer.role")
            guard let role = LayerRole(rawValue: roleByte) else {
                throw .invalidField("layer.role", "unknown role \(roleByte)")
            }
            let inputs = try reader.int("layer.inputs")
            let outputs = try reader.int("layer.outputs")
            let multiplier = Int64(bitPattern: try reader.u64("layer.multiplier"))
            let shift = Int(try reader.u8("layer.shift"))
            let lower = Int64(bitPattern: try reader.u64("layer.activationLower"))
            let upper = Int64(bitPattern: try reader.u64("layer.activationUpper"))
            let bound = Int64(bitPattern: try reader.u64("layer.requantizedBound"))
            let rowLength = try reader.int("layer.hyraxRowLength")
            layers.append(
                Layer(
                    name: name, role: role, inputs: inputs, outputs: outputs, multiplier: multiplier, shift: shift,
                    activationLower: lower, activationUpper: upper, requantizedBound: bound,
                    hyraxRowLength: rowLength))
        }
        let headRowLength = try reader.int("headWeightsHyraxRowLength")
        let inputBits = Int(try reader.u8("sigmoid.inputBits"))
        let fractionBits = Int(try reader.u8("sigmoid.inputFractionBits"))
        let outputBits = Int(try reader.u8("sigmoid.outputFractionBits"))
        guard (1...16).contains(inputBits) else {
            throw .invalidField("sigmoid.inputBits", "\(inputBits) is not in 1...16")
        }
        guard outputBits == SigmoidTable.outputFractionBits else {
            throw .invalidField("sigmoid.outputFractionBits", "\(outputBits), expected 15")
        }
        var entries = [Int16](repeating: 0, count: 1 << inputBits)
        for index in entries.indices { entries[index] = Int16(bitPattern: try reader.u16("sigmoid.entries")) }
        let sigmoid = try SigmoidTable(inputBits: inputBits, inputFractionBits: fractionBits, entries: entries)
        let ruleByte = try reader.u8("rankingRule")
        guard let rule = RankingRule(rawValue: ruleByte) else {
            throw .invalidField("rankingRule", "unknown rule \(ruleByte)")
        }
        guard reader.remaining == 0 else { throw .trailingBytes(count: reader.remaining) }
        self.init(
            protocolVersion: protocolVersion, featureSchema: schema, denseFeatureCount: dense, inputScale: inputScale,
            embeddings: embeddings, layers: layers, headWeightsHyraxRowLength: headRowLength, sigmoid: sigmoid,
            rankingRule: rule)
        try validate()
    }
}

struct DescriptorWriter {
    var data: [UInt8] = []

    mutating func bytes(_ b: [UInt8]) { data += b }
    mutating func u8(_ v: UInt8) { data.append(v) }
    mutating func u16(_ v: UInt16) { for i in 0..<2 { data.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    mutating func u32(_ v: Int) {
        let w = UInt32(truncatingIfNeeded: v)
        for i in 0..<4 { data.append(UInt8(truncatingIfNeeded: w >> (8 * i))) }
    }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { data.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    mutating func blob(_ b: [UInt8]) {
        u32(b.count)
        bytes(b)
    }
}

struct DescriptorReader {
    let bytes: [UInt8]
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func bytes(_ count: Int, _ field: String) throws(DescriptorError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw .truncated(field: field, offset: offset) }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func unsigned(_ width: Int, _ field: String) throws(DescriptorError) -> UInt64 {
        guard remaining >= width else { throw .truncated(field: field, offset: offset) }
        var value: UInt64 = 0
        for i in 0..<width { value |= UInt64(bytes[offset + i]) << (8 * i) }
        offset += width
        return value
    }

    mutating func u8(_ field: String) throws(DescriptorError) -> UInt8 { UInt8(try unsigned(1, field)) }
    mutating func u16(_ field: String) throws(DescriptorError) -> UInt16 { UInt16(try unsigned(2, field)) }
    mutating func u64(_ field: String) throws(DescriptorError) -> UInt64 { try unsigned(8, field) }
    /// A u32 as Int (fits on 64-bit platforms).
    mutating func int(_ field: String) throws(DescriptorError) -> Int { Int(try unsigned(4, field)) }

    /// A u32 element count, refused if the remaining bytes cannot hold that many elements (no huge allocations).
    mutating func count(_ field: String, minimumBytesEach: Int) throws(DescriptorError) -> Int {
        let start = offset
        let n = try int(field)
        guard n <= remaining / max(1, minimumBytesEach) else { throw .truncated(field: field, offset: start) }
        return n
    }

    mutating func blob(_ field: String) throws(DescriptorError) -> [UInt8] {
        let length = try int(field)
        return try bytes(length, field)
    }

    mutating func string(_ field: String) throws(DescriptorError) -> String {
        let raw = try blob(field)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw .invalidField(field, "not valid UTF-8")
        }
        return text
    }
}
