/// A public lookup table prepared once for many verifications: its outputs, the digest the transcript absorbs,
/// and its multilinear extension (DESIGN.md A.7). A verifier of many proofs under one model would otherwise hash
/// and convert the same 2^b outputs for every proof.
public struct LookupTable: Sendable {
    /// The outputs T[0] … T[2^b − 1].
    public let outputs: [Int64]
    /// b: the table has 2^b entries.
    public let tableBits: Int
    /// SHA-512 of a domain tag, b and the outputs (``TableLookupProof`` absorbs it).
    let digest: [UInt8]
    /// T̃, whose value at the table point the verifier needs.
    let polynomial: MultilinearPolynomial

    /// Prepares `outputs`, which must hold exactly 2^`tableBits` entries.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` for any other count.
    public init(outputs: [Int64], tableBits: Int) throws(ProofError) {
        guard (0...30).contains(tableBits), outputs.count == 1 << tableBits else {
            throw ProofError.shapeMismatch("a table of \(outputs.count) pairs for 2^\(tableBits)")
        }
        self.outputs = outputs
        self.tableBits = tableBits
        self.digest = TableLookupProof.tableDigest(outputs, tableBits: tableBits)
        self.polynomial = MultilinearPolynomial(small: outputs)
    }
}
