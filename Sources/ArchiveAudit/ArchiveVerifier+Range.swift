import Foundation

/// `--range A..B`: inclusive row ids.
extension ArchiveVerifier {
    /// Parses `A..B` (integers, A ≤ B, spaces around them allowed) into an inclusive range of row ids.
    /// - Throws: ``ArchiveVerificationError/invalidRange(_:)`` for anything else (`5`, `1..`, `9..2`, `a..b`, `1...3`).
    public static func rowIDRange(parsing text: String) throws(ArchiveVerificationError) -> ClosedRange<Int64> {
        let parts = text.split(separator: "..", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 2,
            let low = Int64(parts[0].trimmingCharacters(in: .whitespaces)),
            let high = Int64(parts[1].trimmingCharacters(in: .whitespaces)),
            low <= high
        else { throw .invalidRange(text) }
        return low...high
    }
}
