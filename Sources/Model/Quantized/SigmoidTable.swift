import Foundation

/// The sigmoid of the engagement heads as a lookup table of (x, σ(x)) pairs (DESIGN.md §3).
///
/// Domain: the integers x ∈ [−2^(b−1), 2^(b−1)) with b = ``inputBits``, read as the real number x·2^−f with
/// f = ``inputFractionBits`` (the default b = 14, f = 10 covers [−8, 8) in steps of 1/1024). Output: σ as an
/// integer at scale 2^−15, `entries[x + 2^(b−1)]`, each in [0, 2^15 − 1]. The table has 2^b entries, a power of
/// two, so the prover's logUp table (A.7, tuples `α − (x + β·y)`) needs no padding.
///
/// The entries themselves are part of the model descriptor's canonical bytes, so the definition never depends
/// on a platform's `exp`; ``standard(inputBits:inputFractionBits:)`` only computes them once, at quantization.
public struct SigmoidTable: Sendable, Equatable {
    /// b: the table has 2^b entries and inputs span [−2^(b−1), 2^(b−1)).
    public let inputBits: Int
    /// f: an input integer x stands for the real x·2^−f.
    public let inputFractionBits: Int
    /// The output scale: an entry y stands for y·2^−outputFractionBits (always 15).
    public static let outputFractionBits = 15
    /// The largest output (outputs are int16, non-negative).
    public static let maximumOutput: Int32 = 32_767
    /// σ(x) at scale 2^−15 for x = −2^(b−1) + index.
    public let entries: [Int16]

    /// The smallest input, −2^(b−1).
    public var lowerBound: Int64 { -(Int64(1) << (inputBits - 1)) }
    /// The largest input, 2^(b−1) − 1.
    public var upperBound: Int64 { (Int64(1) << (inputBits - 1)) - 1 }

    /// A table from its parts, validated: 1 ≤ b ≤ 16, 0 ≤ f ≤ 30, 2^b entries in [0, 2^15 − 1], non-decreasing.
    public init(inputBits: Int, inputFractionBits: Int, entries: [Int16]) throws(DescriptorError) {
        guard (1...16).contains(inputBits) else {
            throw .invalidField("sigmoid.inputBits", "\(inputBits) is not in 1...16")
        }
        guard (0...30).contains(inputFractionBits) else {
            throw .invalidField("sigmoid.inputFractionBits", "\(inputFractionBits) is not in 0...30")
        }
        guard entries.count == 1 << inputBits else {
            throw .invalidField("sigmoid.entries", "\(entries.count) entries, expected 2^\(inputBits)")
        }
        var previous: Int16 = 0
        for (index, entry) in entries.enumerated() {
            guard entry >= previous else {
                throw .invalidField("sigmoid.entries", "entry \(index) is negative or decreasing")
            }
            previous = entry
        }
        self.inputBits = inputBits
        self.inputFractionBits = inputFractionBits
        self.entries = entries
    }

    /// The standard table: entry = min(⌊2^15·σ(x·2^−f) + 1/2⌋, 2^15 − 1), computed in Double.
    public static func standard(inputBits: Int = 14, inputFractionBits: Int = 10) throws(DescriptorError)
        -> SigmoidTable
    {
        guard (1...16).contains(inputBits), (0...30).contains(inputFractionBits) else {
            throw .invalidField("sigmoid", "unsupported table shape b = \(inputBits), f = \(inputFractionBits)")
        }
        let half = 1 << (inputBits - 1)
        let scale = Double(1 << inputFractionBits)
        var entries = [Int16](repeating: 0, count: 1 << inputBits)
        for index in entries.indices {
            let x = Double(index - half) / scale
            let y = (32_768.0 / (1.0 + Foundation.exp(-x)) + 0.5).rounded(.down)
            entries[index] = Int16(min(y, 32_767))
        }
        return try SigmoidTable(inputBits: inputBits, inputFractionBits: inputFractionBits, entries: entries)
    }

    /// σ at the integer input x, which must lie in [``lowerBound``, ``upperBound``] (the head's clamp guarantees it).
    @inlinable
    public func output(at x: Int64) -> Int64 {
        Int64(entries[Int(x - lowerBound)])
    }
}
