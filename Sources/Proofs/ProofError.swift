/// Why a proof could not be decoded or did not verify. Verifiers return these; they never trap.
public enum ProofError: Error, Equatable, Sendable {
    /// The encoding ended before `needed` more bytes could be read at `offset`.
    case truncated(offset: Int, needed: Int, available: Int)
    /// Bytes were left over after the whole proof was read.
    case trailingBytes(count: Int)
    /// A 32-byte scalar at `offset` was not canonical (≥ ℓ).
    case nonCanonicalScalar(offset: Int)
    /// A 32-byte group element at `offset` was not a canonical ristretto255 encoding.
    case invalidPoint(offset: Int, reason: String)
    /// A proof's shape disagrees with its public parameters (a length, a count, a degree).
    case shapeMismatch(String)
    /// The public parameters do not have enough generators for a vector of `needed` entries.
    case generatorsExhausted(needed: Int, available: Int)
    /// A check of the named protocol failed: the proof is not valid for this statement.
    case verificationFailed(protocol: String, check: String)
    /// A prover was given a witness that does not satisfy the statement (it refuses to produce a proof).
    case invalidWitness(String)
}

extension ProofError: CustomStringConvertible {
    /// A one-line explanation for command-line users.
    public var description: String {
        switch self {
        case .truncated(let offset, let needed, let available):
            return "proof is truncated: needed \(needed) bytes at offset \(offset), only \(available) left"
        case .trailingBytes(let count):
            return "proof has \(count) unexpected trailing bytes"
        case .nonCanonicalScalar(let offset):
            return "proof has a non-canonical scalar (≥ ℓ) at offset \(offset)"
        case .invalidPoint(let offset, let reason):
            return "proof has an invalid group element at offset \(offset): \(reason)"
        case .shapeMismatch(let detail):
            return "proof shape does not match its public parameters: \(detail)"
        case .generatorsExhausted(let needed, let available):
            return "a vector of \(needed) entries needs more than the \(available) public generators"
        case .verificationFailed(let name, let check):
            return "\(name) proof rejected: \(check)"
        case .invalidWitness(let detail):
            return "the witness does not satisfy the statement: \(detail)"
        }
    }
}
