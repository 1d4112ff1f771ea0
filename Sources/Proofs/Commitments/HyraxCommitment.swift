import Algebra
import Dispatch
import Transcript

/// A Hyrax matrix commitment (Hyrax ePrint 2017/1132's commitment to a multilinear polynomial; DESIGN.md §2
/// step 2): a vector of 2^v small integers laid out as 2^(v−c) rows of 2^c entries (index = row·2^c + column, so
/// a point's first v − c coordinates select the row, as in ``EqualityPolynomial``), each row committed as
/// C_i = Com(row_i; ρ_i) with its own fresh uniform blinder (zero-knowledge rule 1). Entries past the input are
/// zero, and those rows are committed like any other, with their own blinder: the commitment's shape depends only
/// on public sizes (zero-knowledge rule 5).
///
/// Open it with ``HyraxOpening``.
public struct HyraxCommitment: ProofMessage, Equatable {
    /// The public layout: 2^v entries as 2^(v−c) rows of 2^c.
    public struct Shape: Sendable, Hashable {
        /// v: the committed polynomial's variable count (log₂ of the padded length).
        public let variableCount: Int
        /// c: log₂ of the row length.
        public let columnVariableCount: Int

        /// The largest v accepted (2^40 entries; far above what fits in memory).
        public static let maximumVariableCount = 40

        /// A layout of 2^v entries in rows of 2^c, 0 ≤ c ≤ v ≤ ``maximumVariableCount``.
        public init(variableCount v: Int, columnVariableCount c: Int) throws(ProofError) {
            guard (0...Shape.maximumVariableCount).contains(v), (0...v).contains(c) else {
                throw ProofError.shapeMismatch("Hyrax layout with \(v) variables and rows of 2^\(c) entries")
            }
            variableCount = v
            columnVariableCount = c
        }

        /// The layout for `entryCount` values in rows of 2^c: v = max(⌈log₂ entryCount⌉, c), so a vector shorter
        /// than one row becomes one zero-padded row of the requested length.
        public init(entryCount: Int, columnVariableCount c: Int) throws(ProofError) {
            guard entryCount >= 0, entryCount <= 1 << Shape.maximumVariableCount else {
                throw ProofError.shapeMismatch("Hyrax layout for \(entryCount) entries")
            }
            var v = 0
            while 1 << v < entryCount { v += 1 }
            try self.init(variableCount: max(v, c), columnVariableCount: c)
        }

        /// v − c, the number of row-selecting variables.
        public var rowVariableCount: Int { variableCount - columnVariableCount }
        /// 2^(v−c) rows.
        public var rowCount: Int { 1 << rowVariableCount }
        /// 2^c entries per row.
        public var rowLength: Int { 1 << columnVariableCount }
        /// 2^v entries in all.
        public var entryCount: Int { 1 << variableCount }
    }

    /// The layout.
    public let shape: Shape
    /// C_0 … C_{rows−1}.
    public let rows: [RistrettoPoint]
    /// SHA-512 over a domain tag, v, c and the row encodings: what ``HyraxOpening`` absorbs, so an opening
    /// binds the whole commitment at a constant transcript cost.
    public let digest: [UInt8]

    /// A commitment from its row commitments (computes their encodings for the digest).
    /// - Throws: ``ProofError/shapeMismatch(_:)`` unless there is one row commitment per row of `shape`.
    public init(shape: Shape, rows: [RistrettoPoint]) throws(ProofError) {
        guard rows.count == shape.rowCount else {
            throw ProofError.shapeMismatch("\(rows.count) row commitments for \(shape.rowCount) rows")
        }
        var encodings: [UInt8] = []
        encodings.reserveCapacity(32 * rows.count)
        for row in rows { encodings.append(contentsOf: row.encoding) }
        self.init(shape: shape, rows: rows, encodings: encodings)
    }

    init(shape: Shape, rows: [RistrettoPoint], encodings: [UInt8]) {
        self.shape = shape
        self.rows = rows
        var hasher = SHA512()
        hasher.update(Array("FeedProof hyrax-commitment v1".utf8))
        hasher.update(HyraxCommitment.littleEndian(UInt64(shape.variableCount)))
        hasher.update(HyraxCommitment.littleEndian(UInt64(shape.columnVariableCount)))
        hasher.update(encodings)
        self.digest = hasher.finalize()
    }

    private static func littleEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// Commits to `values` (zero-padded to `shape.entryCount`), one fresh blinder per row, rows in parallel over
    /// the cores.
    /// - Throws: ``ProofError/shapeMismatch(_:)`` when there are more values than the layout holds, and
    ///   ``ProofError/generatorsExhausted(needed:available:)`` when a row is longer than the key.
    /// - Complexity: one small-scalar multi-scalar multiplication of 2^c points per row.
    public static func commit(
        _ values: [Int64], shape: Shape, key: CommitmentKey, rng: TranscriptRNG
    ) throws(ProofError) -> (commitment: HyraxCommitment, witness: HyraxWitness) {
        guard values.count <= shape.entryCount else {
            throw ProofError.shapeMismatch("\(values.count) values for a layout of \(shape.entryCount)")
        }
        _ = try key.vectorBases(shape.rowLength)
        let rowCount = shape.rowCount
        let length = shape.rowLength
        // Blinders first, in row order, from the (non-Sendable) hedged RNG.
        let blinders = Blinder.random(count: rowCount, using: rng)
        var rows = [RistrettoPoint](repeating: .identity, count: rowCount)
        var encodings = [UInt8](repeating: 0, count: 32 * rowCount)
        rows.withUnsafeMutableBufferPointer { rowBuffer in
            encodings.withUnsafeMutableBufferPointer { encodingBuffer in
                let output = RowOutput(rows: rowBuffer, encodings: encodingBuffer)
                DispatchQueue.concurrentPerform(iterations: rowCount) { r in
                    let start = r * length
                    let end = min(start + length, values.count)
                    let row = start < end ? Array(values[start..<end]) : []
                    // The length was checked against the key above, so commit cannot throw here.
                    let point =
                        (try? key.commit(small: row, blinder: blinders[r]))
                        ?? key.commitScalar(.zero, blinder: blinders[r])
                    output.rows[r] = point
                    let encoding = point.encoding
                    for b in 0..<32 { output.encodings[32 * r + b] = encoding[b] }
                }
            }
        }
        let commitment = HyraxCommitment(shape: shape, rows: rows, encodings: encodings)
        let witness = HyraxWitness(commitment: commitment, values: values, rowBlinders: blinders)
        return (commitment, witness)
    }

    /// Absorbs the commitment (its layout and digest) into a transcript under `label`.
    public func absorb(label: String, into transcript: inout MerlinTranscript) {
        transcript.appendUInt64(label: label + "-variables", value: UInt64(shape.variableCount))
        transcript.appendUInt64(label: label + "-columns", value: UInt64(shape.columnVariableCount))
        transcript.appendMessage(label: label, message: digest)
    }

    /// Writes C_0 … C_{rows−1}.
    public func encode(to writer: inout ProofWriter) {
        writer.write(rows)
    }

    /// Reads one row commitment per row of `shape`.
    public init(from reader: inout ProofReader, shape: Shape) throws(ProofError) {
        let (points, encodings) = try reader.readPointsWithEncodings(shape.rowCount)
        self.init(shape: shape, rows: points, encodings: encodings)
    }

    /// Equal layouts and row commitments (the digest follows from them).
    public static func == (lhs: HyraxCommitment, rhs: HyraxCommitment) -> Bool {
        lhs.shape == rhs.shape && lhs.rows == rhs.rows
    }
}

/// Disjoint output slots for the parallel row commitments (each worker writes only its own row).
private struct RowOutput: @unchecked Sendable {
    let rows: UnsafeMutableBufferPointer<RistrettoPoint>
    let encodings: UnsafeMutableBufferPointer<UInt8>
}
