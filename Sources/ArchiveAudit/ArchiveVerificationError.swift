/// Bad arguments to the bulk verifier, found before any row is read (the CLI exits 2).
public enum ArchiveVerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `--range` that is not `A..B` with integers A ≤ B.
    case invalidRange(String)
    /// `--jobs` or `--batch-size` outside its allowed range.
    case invalidOption(name: String, value: Int, allowed: ClosedRange<Int>)
    /// No archive given.
    case noArchives

    public var description: String {
        switch self {
        case .invalidRange(let text):
            "invalid range \"\(text)\": expected A..B, two row ids with A ≤ B (e.g. 1..1000)"
        case .invalidOption(let name, let value, let allowed):
            "\(name) \(value) is out of range: allowed \(allowed.lowerBound)…\(allowed.upperBound)"
        case .noArchives: "no archive given"
        }
    }
}
