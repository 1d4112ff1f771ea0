import Algebra

/// Appends proof elements in the canonical binary layout: 32-byte group encodings, 32-byte canonical scalars,
/// nothing else (no lengths: every count follows from public shape parameters).
public struct ProofWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty writer.
    public init() {}

    /// Appends a group element's canonical encoding.
    public mutating func write(_ point: RistrettoPoint) {
        bytes.append(contentsOf: point.encoding)
    }

    /// Appends group elements in order.
    public mutating func write(_ points: [RistrettoPoint]) {
        for point in points { write(point) }
    }

    /// Appends a scalar's canonical encoding.
    public mutating func write(_ scalar: Scalar) {
        bytes.append(contentsOf: scalar.canonicalBytes)
    }

    /// Appends scalars in order.
    public mutating func write(_ scalars: [Scalar]) {
        for scalar in scalars { write(scalar) }
    }
}
