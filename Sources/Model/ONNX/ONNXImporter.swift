import Foundation
import SwiftProtobuf

/// Reads an ONNX ranker into a ``FloatRanker`` (DESIGN.md §3).
///
/// The importer accepts exactly the graph shape of ``FloatRanker``, as PyTorch and hand-built exports write it:
///
/// - Graph inputs (those that are not initializers): at most one float32 input of shape `[N, D]`, the dense
///   features, and any number of int64 (or int32) inputs of shape `[N]`, the public ids. Only the batch axis 0
///   may be symbolic; `D` must be a fixed size. The id inputs are numbered in the order the graph lists them:
///   the k-th integer input is id feature k (`FeatureVector.ids[k]`) and becomes
///   ``FloatRanker/Embedding/idFeature`` of every table it gathers.
/// - `Gather(table, ids)` per embedding, `axis` 0, with a float32 `[rows, dimension]` initializer as the table.
/// - `Concat(axis = 1)` of the dense input first, then the gathered rows (their order is the order of
///   ``FloatRanker/embeddings``). Without embeddings the Concat may be left out and the layers read the dense
///   input directly.
/// - The trunk: dense layers, each a `Gemm` (`alpha` = `beta` = 1, `transA` = 0, `transB` 0 or 1, optional
///   bias `C` of shape `[M]` or `[1, M]`) or a `MatMul` with an optional following `Add` of such a bias, each
///   followed by `Relu`.
/// - The heads: one more dense layer, followed by `Sigmoid`.
/// - The weighted sum of the heads: `MatMul(sigmoid, w)` with `w` of shape `[H, 1]`, or a `Gemm` without bias
///   (`w` as `[H, 1]`, or `[1, H]` with `transB` = 1), producing the graph's single output, the score `[N, 1]`.
///
/// Every parameter must be a float32 initializer (from `float_data` or little-endian `raw_data`) with finite
/// values. Anything else (another operator or domain, an unsupported attribute, a wrong element type, a dynamic
/// non-batch size, inconsistent widths, extra outputs or nodes, cycles) throws an ``ONNXImportError`` naming
/// the node and tensor. No input, however malformed, traps.
public enum ONNXImporter {
    /// The ranker in the ONNX file `data`.
    ///
    /// - Throws: ``ONNXImportError/malformedProtobuf(reason:)`` when `data` does not decode, and the other
    ///   ``ONNXImportError`` cases when the graph is not a supported ranker.
    /// - Complexity: O(file size + parameter count).
    public static func importRanker(from data: Data) throws(ONNXImportError) -> FloatRanker {
        let model: ONNXModelProto
        do {
            model = try ONNXModelProto(serializedBytes: data)
        } catch {
            throw .malformedProtobuf(reason: String(describing: error))
        }
        guard model.hasGraph else { throw .missingGraph }
        var reader = try RankerGraphReader(graph: model.graph)
        return try reader.read()
    }

    /// The ranker in the ONNX file `bytes`; the same as the `Data` overload.
    public static func importRanker(from bytes: [UInt8]) throws(ONNXImportError) -> FloatRanker {
        try importRanker(from: Data(bytes))
    }
}

/// The operators the importer knows, all from the standard ONNX domain.
private let supportedOperators: Set<String> = ["Gemm", "MatMul", "Add", "Relu", "Gather", "Concat", "Sigmoid"]

/// The attributes each supported operator may carry (others would change its meaning silently).
private let allowedAttributes: [String: Set<String>] = [
    "Gemm": ["alpha", "beta", "transA", "transB"],
    "Concat": ["axis"],
    "Gather": ["axis"],
]

/// ONNX `TensorProto.DataType` values the importer accepts.
private enum ElementType {
    static let float32: Int32 = 1
    static let int32: Int32 = 6
    static let int64: Int32 = 7

    /// The readable name of an ONNX element type.
    static func name(_ code: Int32) -> String {
        switch code {
        case 0: "undefined"
        case 1: "float32"
        case 2: "uint8"
        case 3: "int8"
        case 4: "uint16"
        case 5: "int16"
        case 6: "int32"
        case 7: "int64"
        case 8: "string"
        case 9: "bool"
        case 10: "float16"
        case 11: "float64"
        case 12: "uint32"
        case 13: "uint64"
        case 14: "complex64"
        case 15: "complex128"
        case 16: "bfloat16"
        default: "element type \(code)"
        }
    }
}

/// A linear layer found in the graph, before it is known to be trunk or heads.
private struct LinearLayer {
    var name: String
    var inputs: Int
    var outputs: Int
    var weights: [Float]
    var bias: [Float]
    /// The tensor holding W·x + b.
    var output: String
}

/// One pass over a graph: indexes it, checks it, then follows the ranker chain from the inputs to the score.
private struct RankerGraphReader {
    let graph: ONNXGraphProto
    /// Initializers by name.
    var initializers: [String: ONNXTensorProto] = [:]
    /// Graph inputs that are not initializers, in graph order.
    var runtimeInputs: [ONNXValueInfoProto] = []
    /// The node producing each tensor.
    var producer: [String: Int] = [:]
    /// The nodes reading each tensor (each node once), in node order.
    var consumers: [String: [Int]] = [:]
    /// Nodes the chain has accounted for.
    var visited: Set<Int> = []
    /// The graph's single output.
    var outputName = ""

    init(graph: ONNXGraphProto) throws(ONNXImportError) {
        self.graph = graph
        guard graph.output.count == 1 else { throw .outputCount(graph.output.count) }
        outputName = graph.output[0].name
        try checkOperators()
        try indexNames()
        try checkAcyclic()
    }

    func reference(_ index: Int) -> ONNXImportError.Node {
        let node = graph.node[index]
        return ONNXImportError.Node(name: node.name, opType: node.opType, index: index)
    }

    // MARK: Whole-graph checks

    /// Every node uses a supported operator of the standard domain, only the attributes it allows, and has one
    /// output.
    private func checkOperators() throws(ONNXImportError) {
        for (index, node) in graph.node.enumerated() {
            let standardDomain = node.domain.isEmpty || node.domain == "ai.onnx"
            guard standardDomain, supportedOperators.contains(node.opType) else {
                let op = standardDomain ? node.opType : "\(node.domain).\(node.opType)"
                throw .unsupportedOperator(op: op.isEmpty ? "(empty op_type)" : op, node: reference(index))
            }
            let allowed = allowedAttributes[node.opType] ?? []
            for attribute in node.attribute where !allowed.contains(attribute.name) || attribute.hasRefAttrName {
                throw .unsupportedAttribute(name: attribute.name, value: "(any)", node: reference(index))
            }
            guard node.output.count == 1, !node.output[0].isEmpty else {
                throw .unexpectedStructure(
                    reason: "expected exactly one output, found \(node.output.count)", node: reference(index))
            }
        }
    }

    /// Fills the name tables; every name is defined once.
    private mutating func indexNames() throws(ONNXImportError) {
        for tensor in graph.initializer {
            guard initializers.updateValue(tensor, forKey: tensor.name) == nil else {
                throw .duplicateName(tensor.name)
            }
        }
        var inputNames: Set<String> = []
        for input in graph.input {
            guard inputNames.insert(input.name).inserted else { throw .duplicateName(input.name) }
            // IR < 4 lists initializers among the inputs too; those are constants here.
            if initializers[input.name] == nil { runtimeInputs.append(input) }
        }
        for (index, node) in graph.node.enumerated() {
            let output = node.output[0]
            guard initializers[output] == nil, !inputNames.contains(output), producer[output] == nil else {
                throw .duplicateName(output)
            }
            producer[output] = index
            var seen: Set<String> = []
            for input in node.input where !input.isEmpty && seen.insert(input).inserted {
                consumers[input, default: []].append(index)
            }
        }
    }

    /// Kahn's algorithm over the node-to-node edges.
    private func checkAcyclic() throws(ONNXImportError) {
        let count = graph.node.count
        var pending = [Int](repeating: 0, count: count)
        var dependents = [[Int]](repeating: [], count: count)
        for (index, node) in graph.node.enumerated() {
            for input in Set(node.input) {
                guard let source = producer[input] else { continue }
                pending[index] += 1
                dependents[source].append(index)
            }
        }
        var ready = (0..<count).filter { pending[$0] == 0 }
        var done = 0
        while let index = ready.popLast() {
            done += 1
            for dependent in dependents[index] {
                pending[dependent] -= 1
                if pending[dependent] == 0 { ready.append(dependent) }
            }
        }
        if done < count, let stuck = (0..<count).first(where: { pending[$0] > 0 }) {
            throw .cycle(node: reference(stuck))
        }
    }

    // MARK: The chain

    mutating func read() throws(ONNXImportError) -> FloatRanker {
        let (dense, ids) = try classifyInputs()
        var denseWidth = 0
        if let dense { denseWidth = try denseInputWidth(dense) }
        for input in ids { try checkIDInputShape(input) }
        try checkOutputDeclaration()

        // The features: Concat(dense, gathered…), or the dense input alone.
        let concats = graph.node.indices.filter { graph.node[$0].opType == "Concat" }
        guard concats.count <= 1 else {
            throw .unexpectedStructure(reason: "more than one Concat", node: reference(concats[1]))
        }
        var embeddings: [FloatRanker.Embedding] = []
        var current: String
        if let concat = concats.first {
            (current, embeddings) = try readConcat(concat, dense: dense?.name, ids: ids.map(\.name))
            if let dense, !graph.node[concat].input.contains(dense.name) {
                throw .unexpectedStructure(
                    reason: "the dense input \"\(dense.name)\" must be the first input of the Concat",
                    node: reference(concat))
            }
        } else if let dense {
            current = dense.name
        } else {
            throw .unexpectedStructure(reason: "the graph has no float dense input and no Concat", node: nil)
        }
        var width = denseWidth + embeddings.reduce(0) { $0 + $1.dimension }

        // Trunk layers (each + Relu), then the heads (+ Sigmoid).
        var trunk: [FloatRanker.DenseLayer] = []
        var heads: FloatRanker.DenseLayer?
        while heads == nil {
            let index = try soleConsumer(of: current, expecting: "a Gemm or MatMul layer")
            let layer = try readLinearLayer(index, input: current, width: width)
            let activation = try soleConsumer(of: layer.output, expecting: "Relu (trunk) or Sigmoid (heads)")
            let node = graph.node[activation]
            try checkUnary(activation, input: layer.output)
            let dense = FloatRanker.DenseLayer(
                name: layer.name, inputs: layer.inputs, outputs: layer.outputs, weights: layer.weights,
                bias: layer.bias, relu: node.opType == "Relu")
            switch node.opType {
            case "Relu": trunk.append(dense)
            case "Sigmoid": heads = dense
            default:
                throw .unexpectedStructure(
                    reason: "a dense layer must be followed by Relu (trunk) or Sigmoid (heads)",
                    node: reference(activation))
            }
            visited.insert(activation)
            current = node.output[0]
            width = layer.outputs
        }

        // score = Σ_h w_h·σ(logit_h), the graph's output.
        let sum = try soleConsumer(of: current, expecting: "the weighted sum of the heads (MatMul or Gemm)")
        let headWeights = try readWeightedSum(sum, input: current, heads: width)

        if let unvisited = graph.node.indices.first(where: { !visited.contains($0) }) {
            for input in graph.node[unvisited].input where !input.isEmpty && !isDefined(input) {
                throw .unknownTensor(input, node: reference(unvisited))
            }
            throw .unexpectedStructure(
                reason: "the node is not part of the ranker chain (inputs → Gather/Concat → Relu layers → "
                    + "Sigmoid heads → weighted sum)",
                node: reference(unvisited))
        }
        guard let heads else { throw .unexpectedStructure(reason: "no heads layer", node: nil) }
        return FloatRanker(
            denseFeatureCount: denseWidth, embeddings: embeddings, trunk: trunk, heads: heads,
            headWeights: headWeights)
    }

    private func isDefined(_ name: String) -> Bool {
        initializers[name] != nil || producer[name] != nil || graph.input.contains { $0.name == name }
    }

    /// The dense input (the float one) and the id inputs (the integer ones, in graph order).
    private func classifyInputs() throws(ONNXImportError) -> (ONNXValueInfoProto?, [ONNXValueInfoProto]) {
        var dense: ONNXValueInfoProto?
        var ids: [ONNXValueInfoProto] = []
        for input in runtimeInputs {
            let expected = "float32 (dense features) or int64/int32 (ids)"
            guard case .tensorType(let tensor) = input.type.value else {
                throw .wrongDataType(tensor: input.name, expected: expected, found: "not a tensor", node: nil)
            }
            switch tensor.elemType {
            case ElementType.float32:
                if let dense {
                    throw .unexpectedStructure(
                        reason: "two float inputs, \"\(dense.name)\" and \"\(input.name)\"; a ranker has one dense "
                            + "feature input", node: nil)
                }
                dense = input
            case ElementType.int64, ElementType.int32:
                ids.append(input)
            default:
                throw .wrongDataType(
                    tensor: input.name, expected: expected, found: ElementType.name(tensor.elemType), node: nil)
            }
        }
        return (dense, ids)
    }

    /// The static sizes of a graph input's axes after the batch axis.
    private func staticShape(of input: ONNXValueInfoProto, rank: Int, expected: String) throws(ONNXImportError)
        -> [Int]
    {
        let tensor = input.type.tensorType
        guard tensor.hasShape else {
            throw .unsupportedShape(tensor: input.name, shape: "unknown", expected: expected)
        }
        let dims = tensor.shape.dim
        guard dims.count == rank else {
            throw .unsupportedShape(tensor: input.name, shape: describe(dims), expected: expected)
        }
        var sizes: [Int] = []
        for (axis, dim) in dims.enumerated().dropFirst() {
            switch dim.value {
            case .dimValue(let value) where value > 0 && value <= Int32.max:
                sizes.append(Int(value))
            case .dimValue:
                throw .unsupportedShape(tensor: input.name, shape: describe(dims), expected: expected)
            case .dimParam(let name):
                throw .dynamicDimension(tensor: input.name, axis: axis, parameter: "\"\(name)\"")
            case nil:
                throw .dynamicDimension(tensor: input.name, axis: axis, parameter: "(unknown)")
            }
        }
        return sizes
    }

    private func denseInputWidth(_ input: ONNXValueInfoProto) throws(ONNXImportError) -> Int {
        try staticShape(of: input, rank: 2, expected: "[batch, D] with a fixed D")[0]
    }

    private func checkIDInputShape(_ input: ONNXValueInfoProto) throws(ONNXImportError) {
        _ = try staticShape(of: input, rank: 1, expected: "[batch]")
    }

    /// The declared output, where declared, is a float [N, 1].
    private func checkOutputDeclaration() throws(ONNXImportError) {
        let output = graph.output[0]
        guard case .tensorType(let tensor) = output.type.value else { return }
        if tensor.elemType != 0, tensor.elemType != ElementType.float32 {
            throw .wrongDataType(
                tensor: output.name, expected: "float32", found: ElementType.name(tensor.elemType), node: nil)
        }
        guard tensor.hasShape else { return }
        let dims = tensor.shape.dim
        let columns: Int64? = if dims.count == 2, case .dimValue(let value) = dims[1].value { value } else { nil }
        if dims.count != 2 || (columns != nil && columns != 1) {
            throw .unsupportedShape(tensor: output.name, shape: describe(dims), expected: "[batch, 1]")
        }
    }

    private func describe(_ dims: [ONNXTensorShapeProto.Dimension]) -> String {
        let parts = dims.map { dim -> String in
            switch dim.value {
            case .dimValue(let value): String(value)
            case .dimParam(let name): name
            case nil: "?"
            }
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    /// The one node reading `tensor`; the ranker is a chain.
    private func soleConsumer(of tensor: String, expecting what: String) throws(ONNXImportError) -> Int {
        let readers = consumers[tensor] ?? []
        guard readers.count == 1 else {
            if readers.isEmpty {
                let role = tensor == outputName ? "is the graph output" : "is not used"
                throw .unexpectedStructure(
                    reason: "tensor \"\(tensor)\" \(role), but the ranker continues with \(what)",
                    node: producer[tensor].map(reference))
            }
            throw .unexpectedStructure(
                reason: "tensor \"\(tensor)\" feeds \(readers.count) nodes; the ranker is a chain",
                node: reference(readers[1]))
        }
        guard visited.contains(readers[0]) == false else {
            throw .unexpectedStructure(reason: "the node is reached twice", node: reference(readers[0]))
        }
        return readers[0]
    }

    /// A Relu or Sigmoid reading exactly `input`.
    private func checkUnary(_ index: Int, input: String) throws(ONNXImportError) {
        let node = graph.node[index]
        guard node.opType != "Relu" && node.opType != "Sigmoid" || node.input == [input] else {
            throw .unexpectedStructure(reason: "expected one input, \"\(input)\"", node: reference(index))
        }
    }

    // MARK: Gather and Concat

    private mutating func readConcat(_ index: Int, dense: String?, ids: [String]) throws(ONNXImportError)
        -> (String, [FloatRanker.Embedding])
    {
        let node = graph.node[index]
        let axis = try intAttribute("axis", of: index, default: nil)
        guard axis == 1 || axis == -1 else {
            throw .unsupportedAttribute(
                name: "axis", value: axis.map(String.init) ?? "(missing)", node: reference(index))
        }
        guard !node.input.isEmpty else {
            throw .unexpectedStructure(reason: "Concat has no inputs", node: reference(index))
        }
        var embeddings: [FloatRanker.Embedding] = []
        for (position, input) in node.input.enumerated() {
            if input == dense {
                guard position == 0 else {
                    throw .unexpectedStructure(
                        reason: "the dense input \"\(input)\" must be the first input of the Concat",
                        node: reference(index))
                }
                continue
            }
            guard let gather = producer[input], graph.node[gather].opType == "Gather" else {
                if !isDefined(input) { throw .unknownTensor(input, node: reference(index)) }
                throw .unexpectedStructure(
                    reason: "Concat input \"\(input)\" is neither the dense input nor a Gather output",
                    node: reference(index))
            }
            embeddings.append(try readGather(gather, ids: ids))
            guard consumers[input] == [index] else {
                throw .unexpectedStructure(
                    reason: "the gathered rows \"\(input)\" must feed only the Concat", node: reference(gather))
            }
            visited.insert(gather)
        }
        visited.insert(index)
        return (node.output[0], embeddings)
    }

    private func readGather(_ index: Int, ids: [String]) throws(ONNXImportError) -> FloatRanker.Embedding {
        let node = graph.node[index]
        let axis = try intAttribute("axis", of: index, default: 0)
        guard axis == 0 else {
            throw .unsupportedAttribute(name: "axis", value: axis.map(String.init) ?? "", node: reference(index))
        }
        guard node.input.count == 2 else {
            throw .unexpectedStructure(
                reason: "Gather needs a table and ids, found \(node.input.count) inputs", node: reference(index))
        }
        let (tableName, idName) = (node.input[0], node.input[1])
        guard let feature = ids.firstIndex(of: idName) else {
            if !isDefined(idName) { throw .unknownTensor(idName, node: reference(index)) }
            if let input = runtimeInputs.first(where: { $0.name == idName }) {
                let found = ElementType.name(input.type.tensorType.elemType)
                throw .wrongDataType(
                    tensor: idName, expected: "int64 or int32 ids", found: found, node: reference(index))
            }
            throw .unexpectedStructure(
                reason: "Gather indices \"\(idName)\" must be an id input of the graph", node: reference(index))
        }
        let (dims, table) = try floatInitializer(tableName, of: index)
        guard dims.count == 2, dims[0] > 0, dims[1] > 0 else {
            throw .shapeMismatch(tensor: tableName, found: dims, expected: "[rows, dimension]", node: reference(index))
        }
        return FloatRanker.Embedding(
            name: tableName, idFeature: feature, rows: dims[0], dimension: dims[1], table: table)
    }

    // MARK: Dense layers

    /// A Gemm, or a MatMul with an optional bias Add, reading `input` of width `width`.
    private mutating func readLinearLayer(_ index: Int, input: String, width: Int) throws(ONNXImportError)
        -> LinearLayer
    {
        let node = graph.node[index]
        let name = node.name.isEmpty ? node.output[0] : node.name
        switch node.opType {
        case "Gemm":
            let (outputs, weights) = try readGemmWeights(index, input: input, width: width)
            var bias = [Float](repeating: 0, count: outputs)
            if node.input.count == 3, !node.input[2].isEmpty {
                let beta = try floatAttribute("beta", of: index)
                guard beta == 1 else {
                    throw .unsupportedAttribute(name: "beta", value: "\(beta)", node: reference(index))
                }
                bias = try readBias(node.input[2], of: index, outputs: outputs)
            }
            visited.insert(index)
            return LinearLayer(
                name: name, inputs: width, outputs: outputs, weights: weights, bias: bias, output: node.output[0])
        case "MatMul":
            let (outputs, weights) = try readMatMulWeights(index, input: input, width: width)
            visited.insert(index)
            var layer = LinearLayer(
                name: name, inputs: width, outputs: outputs, weights: weights,
                bias: [Float](repeating: 0, count: outputs), output: node.output[0])
            // An optional bias: Add(matmul, b) or Add(b, matmul).
            if let readers = consumers[layer.output], readers.count == 1, graph.node[readers[0]].opType == "Add" {
                let add = readers[0]
                let inputs = graph.node[add].input
                guard inputs.count == 2, inputs.filter({ $0 == layer.output }).count == 1 else {
                    throw .unexpectedStructure(
                        reason: "the bias Add must read \"\(layer.output)\" and one bias initializer",
                        node: reference(add))
                }
                let biasName = inputs[0] == layer.output ? inputs[1] : inputs[0]
                layer.bias = try readBias(biasName, of: add, outputs: outputs)
                layer.output = graph.node[add].output[0]
                visited.insert(add)
            }
            return layer
        default:
            throw .unexpectedStructure(
                reason: "expected a Gemm or MatMul layer reading \"\(input)\"", node: reference(index))
        }
    }

    /// Gemm's B as an outputs × width row-major matrix, after checking A is `input` and the attributes.
    private func readGemmWeights(_ index: Int, input: String, width: Int) throws(ONNXImportError) -> (Int, [Float]) {
        let node = graph.node[index]
        guard node.input.count == 2 || node.input.count == 3, node.input[0] == input else {
            throw .unexpectedStructure(reason: "expected A = \"\(input)\" and an initializer B", node: reference(index))
        }
        let alpha = try floatAttribute("alpha", of: index)
        guard alpha == 1 else {
            throw .unsupportedAttribute(name: "alpha", value: "\(alpha)", node: reference(index))
        }
        let transA = try intAttribute("transA", of: index, default: 0)
        guard transA == 0 else {
            throw .unsupportedAttribute(name: "transA", value: transA.map(String.init) ?? "", node: reference(index))
        }
        let transB = try intAttribute("transB", of: index, default: 0)
        guard transB == 0 || transB == 1 else {
            throw .unsupportedAttribute(name: "transB", value: transB.map(String.init) ?? "", node: reference(index))
        }
        let bName = node.input[1]
        let (dims, values) = try floatInitializer(bName, of: index)
        if transB == 1 {
            guard dims.count == 2, dims[1] == width, dims[0] > 0 else {
                throw .shapeMismatch(
                    tensor: bName, found: dims, expected: "[outputs, \(width)] (transB = 1)", node: reference(index))
            }
            return (dims[0], values)
        }
        guard dims.count == 2, dims[0] == width, dims[1] > 0 else {
            throw .shapeMismatch(tensor: bName, found: dims, expected: "[\(width), outputs]", node: reference(index))
        }
        return (dims[1], transpose(values, rows: dims[0], columns: dims[1]))
    }

    /// MatMul's B ([width, outputs]) as an outputs × width row-major matrix.
    private func readMatMulWeights(_ index: Int, input: String, width: Int) throws(ONNXImportError) -> (Int, [Float]) {
        let node = graph.node[index]
        guard node.input.count == 2, node.input[0] == input else {
            throw .unexpectedStructure(
                reason: "expected MatMul(\"\(input)\", weight initializer)", node: reference(index))
        }
        let bName = node.input[1]
        let (dims, values) = try floatInitializer(bName, of: index)
        guard dims.count == 2, dims[0] == width, dims[1] > 0 else {
            throw .shapeMismatch(tensor: bName, found: dims, expected: "[\(width), outputs]", node: reference(index))
        }
        return (dims[1], transpose(values, rows: dims[0], columns: dims[1]))
    }

    /// A bias of shape [outputs] or [1, outputs].
    private func readBias(_ name: String, of index: Int, outputs: Int) throws(ONNXImportError) -> [Float] {
        let (dims, values) = try floatInitializer(name, of: index)
        guard dims == [outputs] || dims == [1, outputs] else {
            throw .shapeMismatch(
                tensor: name, found: dims, expected: "[\(outputs)] or [1, \(outputs)]", node: reference(index))
        }
        return values
    }

    /// The head weights w of MatMul(σ, w) or Gemm(σ, w) without bias; its output must be the graph output.
    private mutating func readWeightedSum(_ index: Int, input: String, heads: Int) throws(ONNXImportError)
        -> [Float]
    {
        let node = graph.node[index]
        let (outputs, weights): (Int, [Float])
        switch node.opType {
        case "MatMul":
            (outputs, weights) = try readMatMulWeights(index, input: input, width: heads)
        case "Gemm":
            (outputs, weights) = try readGemmWeights(index, input: input, width: heads)
            if node.input.count == 3, !node.input[2].isEmpty {
                let (_, bias) = try floatInitializer(node.input[2], of: index)
                guard bias.allSatisfy({ $0 == 0 }) else {
                    throw .unexpectedStructure(
                        reason: "the weighted sum of the heads must have no bias", node: reference(index))
                }
            }
        default:
            throw .unexpectedStructure(
                reason: "expected the weighted sum of the heads (MatMul or Gemm with one output column)",
                node: reference(index))
        }
        guard outputs == 1 else {
            throw .shapeMismatch(
                tensor: node.input[1], found: node.opType == "MatMul" ? [heads, outputs] : [outputs, heads],
                expected: "one output column (the score)", node: reference(index))
        }
        let output = node.output[0]
        guard output == outputName, consumers[output] == nil else {
            throw .unexpectedStructure(
                reason: "the weighted sum \"\(output)\" must be the graph output (no bias or other node after it)",
                node: reference(index))
        }
        visited.insert(index)
        return weights
    }

    private func transpose(_ values: [Float], rows: Int, columns: Int) -> [Float] {
        var result = [Float](repeating: 0, count: values.count)
        for r in 0..<rows {
            for c in 0..<columns { result[c * rows + r] = values[r * columns + c] }
        }
        return result
    }

    // MARK: Attributes and tensors

    private func attribute(_ name: String, of index: Int) -> ONNXAttributeProto? {
        graph.node[index].attribute.last { $0.name == name }
    }

    /// An INT attribute, `fallback` when absent.
    private func intAttribute(_ name: String, of index: Int, default fallback: Int64?) throws(ONNXImportError)
        -> Int64?
    {
        guard let attribute = attribute(name, of: index) else { return fallback }
        guard attribute.type == .int || (attribute.type == .undefined && attribute.hasI) else {
            throw .unsupportedAttribute(name: name, value: "(not an integer)", node: reference(index))
        }
        return attribute.i
    }

    /// A FLOAT attribute, 1 when absent (the Gemm default for alpha and beta).
    private func floatAttribute(_ name: String, of index: Int) throws(ONNXImportError) -> Float {
        guard let attribute = attribute(name, of: index) else { return 1 }
        guard attribute.type == .float || (attribute.type == .undefined && attribute.hasF) else {
            throw .unsupportedAttribute(name: name, value: "(not a float)", node: reference(index))
        }
        return attribute.f
    }

    /// The float32 initializer `name` read by node `index`: its dimensions and finite values.
    private func floatInitializer(_ name: String, of index: Int) throws(ONNXImportError) -> ([Int], [Float]) {
        guard let tensor = initializers[name] else { throw .missingInitializer(name, node: reference(index)) }
        guard tensor.dataType == ElementType.float32 else {
            throw .wrongDataType(
                tensor: name, expected: "float32", found: ElementType.name(tensor.dataType), node: reference(index))
        }
        guard tensor.dataLocation != .external else { throw .externalData(tensor: name) }
        var dims: [Int] = []
        var count = 1
        for dim in tensor.dims {
            guard dim >= 0, dim <= Int32.max else { throw .invalidDimensions(tensor: name, dims: tensor.dims) }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(dim))
            guard !overflow, product <= Int(Int32.max) else {
                throw .invalidDimensions(tensor: name, dims: tensor.dims)
            }
            dims.append(Int(dim))
            count = product
        }
        let values: [Float]
        if tensor.hasRawData {
            let raw = tensor.rawData
            guard raw.count == count * 4 else {
                throw .elementCountMismatch(tensor: name, expected: count, found: raw.count / 4)
            }
            values = raw.withUnsafeBytes { buffer in
                (0..<count).map { i in
                    Float(
                        bitPattern: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                }
            }
        } else {
            guard tensor.floatData.count == count else {
                throw .elementCountMismatch(tensor: name, expected: count, found: tensor.floatData.count)
            }
            values = tensor.floatData
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteWeight(tensor: name, index: bad) }
        return (dims, values)
    }
}
