/// Why a float ranker could not be quantized (or integer parts could not form a ranker).
public enum QuantizationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A weight, bias, embedding entry or head weight is NaN or infinite (the tensor's name).
    case nonFiniteWeight(tensor: String)
    /// The layer's accumulator bound h_in·2^7·2^15·M < 2^62 (DESIGN.md §2, bias counted as 2^9 inputs) fails.
    case accumulatorBoundExceeded(layer: String, inputs: Int, multiplier: Int64)
    /// A dense feature (its name or index) times the input scale m does not fit int16.
    case denseFeatureOutOfRange(feature: String, value: Int64, inputScale: Int)
    /// A quantized bias does not fit int32.
    case biasOutOfRange(layer: String)
    /// The worst-case requantized value |Q| of the layer is too large for B and C to fit two 16-bit limbs.
    case activationBoundExceeded(layer: String, bound: Int64)
    /// The layer's scales make the multiplier M zero or unrepresentable.
    case unrepresentableScale(layer: String)
    /// Shapes disagree (what and where).
    case shapeMismatch(String)
    /// No calibration feature vectors were given.
    case emptyCalibration
    /// An option is out of range.
    case invalidOption(String)
    /// The descriptor built or supplied is invalid.
    case invalidDescriptor(DescriptorError)

    /// A one-line explanation for the CLI.
    public var description: String {
        switch self {
        case .nonFiniteWeight(let tensor): "tensor \(tensor) holds a NaN or infinite value"
        case .accumulatorBoundExceeded(let layer, let inputs, let multiplier):
            "layer \(layer): accumulator bound (h_in + 2^9)·2^22·M < 2^62 fails (h_in = \(inputs), M = \(multiplier))"
        case .denseFeatureOutOfRange(let feature, let value, let scale):
            "dense feature \(feature): value \(value) times input scale \(scale) does not fit int16"
        case .biasOutOfRange(let layer): "layer \(layer): a quantized bias does not fit int32"
        case .activationBoundExceeded(let layer, let bound):
            "layer \(layer): requantized values can reach \(bound), beyond the 2^31 the range checks allow"
        case .unrepresentableScale(let layer): "layer \(layer): scales give no usable integer multiplier"
        case .shapeMismatch(let what): "shape mismatch: \(what)"
        case .emptyCalibration: "quantization needs at least one calibration feature vector"
        case .invalidOption(let what): "invalid quantization option: \(what)"
        case .invalidDescriptor(let error): error.description
        }
    }
}
