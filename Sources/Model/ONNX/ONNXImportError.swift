/// Why an ONNX file could not be imported as a ``FloatRanker`` (see ``ONNXImporter``).
///
/// Every case names what it is about: the node (its name, operator and position in the graph), the tensor, or
/// both, so that a user can find the problem in a model viewer.
public enum ONNXImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A node of the graph, as errors name it.
    public struct Node: Equatable, Hashable, Sendable, CustomStringConvertible {
        /// The node's name in the model (often empty in hand-written graphs).
        public var name: String
        /// The node's operator (`op_type`), for example `Gemm`.
        public var opType: String
        /// The node's position in the graph's node list, from 0.
        public var index: Int

        /// A node reference.
        public init(name: String, opType: String, index: Int) {
            self.name = name
            self.opType = opType
            self.index = index
        }

        /// `node "trunk.0" (Gemm)`, or `node #3 (Gemm)` for an unnamed node.
        public var description: String {
            let op = opType.isEmpty ? "no op_type" : opType
            return name.isEmpty ? "node #\(index) (\(op))" : "node \"\(name)\" (\(op))"
        }
    }

    /// The bytes are not an ONNX protobuf: truncated, corrupt, or some other file; `reason` is the decoder's.
    case malformedProtobuf(reason: String)
    /// The model has no graph.
    case missingGraph
    /// The graph has `count` outputs; a ranker has exactly one, the score.
    case outputCount(Int)
    /// The node uses an operator outside the supported set (Gemm, MatMul, Add, Relu, Gather, Concat, Sigmoid of
    /// the standard ONNX domain); `op` includes the domain when it is not the standard one.
    case unsupportedOperator(op: String, node: Node)
    /// The node has an attribute the importer does not support, or a value of it that it does not (for example
    /// Gemm `alpha` ≠ 1 or `transA` = 1, Concat `axis` ≠ 1, Gather `axis` ≠ 0).
    case unsupportedAttribute(name: String, value: String, node: Node)
    /// The node reads `tensor`, which is neither a graph input, an initializer nor another node's output.
    case unknownTensor(String, node: Node)
    /// The node's weight, bias or embedding table `tensor` is not an initializer (it is absent, or is computed
    /// or fed at run time); the importer needs every parameter as a constant.
    case missingInitializer(String, node: Node)
    /// `tensor` has element type `found` where `expected` is required: weights, biases and embedding tables are
    /// float32, the dense input is float32, id inputs are int64 or int32. `node` is nil for graph inputs and
    /// outputs.
    case wrongDataType(tensor: String, expected: String, found: String, node: Node?)
    /// Graph input `tensor` has a symbolic or unknown size on `axis`; only axis 0 (the batch) may be dynamic.
    case dynamicDimension(tensor: String, axis: Int, parameter: String)
    /// Graph input or output `tensor` has no shape, or a shape of the wrong rank.
    case unsupportedShape(tensor: String, shape: String, expected: String)
    /// `tensor` has shape `found` where the graph around it requires `expected` (for example a layer whose input
    /// width differs from the previous layer's output width). `node` is nil for graph outputs.
    case shapeMismatch(tensor: String, found: [Int], expected: String, node: Node?)
    /// Initializer `tensor` has dimensions `dims` that are negative or whose product overflows.
    case invalidDimensions(tensor: String, dims: [Int64])
    /// Initializer `tensor` holds `found` elements (or raw bytes for `found` elements) but its dimensions say
    /// `expected`.
    case elementCountMismatch(tensor: String, expected: Int, found: Int)
    /// Initializer `tensor` keeps its data in an external file, which the importer does not read.
    case externalData(tensor: String)
    /// Initializer `tensor` has a NaN or infinite value at flat index `index` (the quantizer could not scale it).
    case nonFiniteWeight(tensor: String, index: Int)
    /// Two graph inputs, initializers or node outputs share the name `tensor`.
    case duplicateName(String)
    /// The graph's nodes form a cycle through `node`.
    case cycle(node: Node)
    /// The graph is built from supported operators but not in the ranker's shape (DESIGN.md §3, ``FloatRanker``);
    /// `reason` says what was expected, `node` where it went wrong (nil when it is about the graph as a whole).
    case unexpectedStructure(reason: String, node: Node?)

    /// A one-line explanation for the command line.
    public var description: String {
        switch self {
        case .malformedProtobuf(let reason):
            "not a valid ONNX protobuf: \(reason)"
        case .missingGraph:
            "the ONNX model has no graph"
        case .outputCount(let count):
            "the graph has \(count) outputs; a ranker has exactly one (the score)"
        case .unsupportedOperator(let op, let node):
            "unsupported operator \(op) at \(node); supported: Gemm, MatMul, Add, Relu, Gather, Concat, Sigmoid"
        case .unsupportedAttribute(let name, let value, let node):
            "unsupported attribute \(name) = \(value) at \(node)"
        case .unknownTensor(let tensor, let node):
            "\(node) reads \"\(tensor)\", which no input, initializer or node provides"
        case .missingInitializer(let tensor, let node):
            "missing initializer \"\(tensor)\" for \(node)"
        case .wrongDataType(let tensor, let expected, let found, let node):
            "tensor \"\(tensor)\"\(node.map { " of \($0)" } ?? "") is \(found), expected \(expected)"
        case .dynamicDimension(let tensor, let axis, let parameter):
            "input \"\(tensor)\" has a dynamic size \(parameter) on axis \(axis); only the batch axis 0 may be dynamic"
        case .unsupportedShape(let tensor, let shape, let expected):
            "tensor \"\(tensor)\" has shape \(shape), expected \(expected)"
        case .shapeMismatch(let tensor, let found, let expected, let node):
            "tensor \"\(tensor)\"\(node.map { " of \($0)" } ?? "") has shape \(found), expected \(expected)"
        case .invalidDimensions(let tensor, let dims):
            "initializer \"\(tensor)\" has invalid dimensions \(dims)"
        case .elementCountMismatch(let tensor, let expected, let found):
            "initializer \"\(tensor)\" holds \(found) elements, its dimensions say \(expected)"
        case .externalData(let tensor):
            "initializer \"\(tensor)\" stores its data in an external file, which is not supported"
        case .nonFiniteWeight(let tensor, let index):
            "initializer \"\(tensor)\" has a NaN or infinite value at index \(index)"
        case .duplicateName(let tensor):
            "the name \"\(tensor)\" is defined more than once in the graph"
        case .cycle(let node):
            "the graph has a cycle through \(node)"
        case .unexpectedStructure(let reason, let node):
            "not a supported ranker graph\(node.map { " at \($0)" } ?? ""): \(reason)"
        }
    }
}
