/// One check an audit runs on a bundle, in the order ``FeedAuditor`` runs them.
public struct AuditCheck: Sendable, Equatable {
    /// What is checked.
    public enum Kind: String, Sendable, CaseIterable {
        /// The bundle decodes under the strict format (docs/FORMAT.md).
        case format
        /// The platform's Ed25519 signature over (ModelID, statement digest, proof digest).
        case signature
        /// The ModelID is in the trusted transparency log, under a correctly signed tree head.
        case logInclusion = "log-inclusion"
        /// The model's public commitment is known, its well-formedness proof π_wf holds, and the bundle's key is
        /// the one published with it.
        case modelCommitment = "model-commitment"
        /// The stated features are what the public recipes derive from the stated raw metadata.
        case features
        /// The zero-knowledge proof that the shown top-k is the committed model's ranking.
        case proof
    }

    /// What is checked.
    public let kind: Kind
    /// Whether it passed.
    public let passed: Bool
    /// A one-line explanation: what was found, or why it failed.
    public let detail: String

    /// A check's result.
    public init(_ kind: Kind, passed: Bool, _ detail: String) {
        self.kind = kind
        self.passed = passed
        self.detail = detail
    }
}
