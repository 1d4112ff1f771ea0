import Algebra

/// A public lookup table prepared once for many verifications: its outputs and the digest the transcript absorbs
/// (DESIGN.md A.7), so a verifier of many proofs under one model does not hash the same 2^b outputs for every
/// proof; ``evaluate(at:)`` gives T̃ at a proof's table point.
public struct LookupTable: Sendable {
    /// The outputs T[0] … T[2^b − 1].
    public let outputs: [Int64]
    /// b: the table has 2^b entries.
    public let tableBits: Int
    /// SHA-512 of a domain tag, b and the outputs (``TableLookupProof`` absorbs it).
    let digest: [UInt8]

    /// Prepares `outputs`, which must hold exactly 2^`tableBits` entries.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` for any other count.
    public init(outputs: [Int64], tableBits: Int) throws(ProofError) {
        guard (0...30).contains(tableBits), outputs.count == 1 << tableBits else {
            throw ProofError.shapeMismatch("a table of \(outputs.count) pairs for 2^\(tableBits)")
        }
        self.outputs = outputs
        self.tableBits = tableBits
        self.digest = TableLookupProof.tableDigest(outputs, tableBits: tableBits)
    }

    /// T̃(point) on the small integers themselves (``MultilinearPolynomial/evaluate(small:at:)``: two eq tables of
    /// 2^⌈b/2⌉ entries and integer block sums), about a quarter of folding the table's converted entries.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when the point has the wrong length.
    func evaluate(at point: [Scalar]) throws(ProofError) -> Scalar {
        guard point.count == tableBits else {
            throw ProofError.shapeMismatch("point has \(point.count) coordinates for \(tableBits) variables")
        }
        return try MultilinearPolynomial.evaluate(small: outputs, at: point)
    }
}
