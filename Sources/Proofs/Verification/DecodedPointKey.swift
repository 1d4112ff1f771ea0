import Algebra

/// A decoded point's canonical encoding as a dictionary key, so that a batch of group equations gives each point of
/// a proof one MSM term however many equations use it (a round commitment enters both a sumcheck's consistency
/// combination and an inner-product statement, a child commitment a product proof and the next layer's claim).
///
/// Only decoded points have one (``RistrettoPoint/knownEncodingWords``): computing a point's encoding costs an
/// inverse square root, more than the MSM term it would save. Equal keys are equal group elements, so merging
/// s₁·P + s₂·P into (s₁ + s₂)·P never changes a sum.
struct DecodedPointKey: Hashable {
    private let w0, w1, w2, w3: UInt64

    /// The key of `point`, or nil when its encoding is not known without computing it.
    init?(_ point: RistrettoPoint) {
        guard let words = point.knownEncodingWords else { return nil }
        (w0, w1, w2, w3) = words
    }
}
