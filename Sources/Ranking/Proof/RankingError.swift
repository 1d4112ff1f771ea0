import Proofs

/// Why a ranking proof could not be made or was rejected.
public enum RankingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// (descriptor, n, k) has no valid proof layout.
    case invalidShape(String)
    /// The prover's inputs do not fit together (model, opening, statement).
    case invalidInput(String)
    /// The published ranking is not what the committed model produces (the prover refuses).
    case rankingMismatch(String)
    /// A proof component failed; `region` names the part of the proof.
    case proof(region: String, ProofError)

    public var description: String {
        switch self {
        case .invalidShape(let reason): return "invalid proof shape: \(reason)"
        case .invalidInput(let reason): return "invalid input: \(reason)"
        case .rankingMismatch(let reason): return "the ranking is not the model's: \(reason)"
        case .proof(let region, let error): return "\(region): \(error)"
        }
    }
}
