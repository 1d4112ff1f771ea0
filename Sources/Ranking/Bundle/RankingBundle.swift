import Crypto

/// Everything a platform publishes for one proven request, in one file: the statement, the proof, the
/// platform's public key and its Ed25519 signature over (ModelID, statement digest, proof digest)
/// (DESIGN.md §4, "Signatures"), so a served ranking is attributable to the platform.
///
/// The ModelID travels inside the statement (``RankingStatement/modelID``) and is signed explicitly as well.
/// The signature shows who published the bundle; that the ranking is the committed model's is the proof's job,
/// and that the key is the platform's is checked against its published key file (``isSigned(by:)``).
/// The binary layout is in `RankingBundle+Encoding.swift` and `docs/FORMAT.md`.
public struct RankingBundle: Sendable, Equatable {
    /// The largest proof a bundle carries (64 MiB).
    public static let maxProofByteCount = 64 << 20
    /// The domain-separation prefix of every bundle signature, 19 ASCII bytes.
    public static let signaturePrefix: [UInt8] = Array("feedproof-bundle-v1".utf8)

    /// The public statement of the request.
    public let statement: RankingStatement
    /// The ranking proof's bytes (opaque here; their layout belongs to the ranking proof).
    public let proof: [UInt8]
    /// The key that signed the bundle.
    public let platformKey: PlatformPublicKey
    /// The 64-byte Ed25519 signature over ``signedMessage``.
    public let signature: [UInt8]

    /// A bundle from its parts. The signature is not checked here (``signatureIsValid()`` does that), so a
    /// bundle with a wrong signature can be built, encoded and inspected.
    ///
    /// - Throws: ``BundleError/tooLarge(field:value:limit:)`` for a proof over ``maxProofByteCount`` bytes,
    ///   ``BundleError/invalidSignatureLength(_:)`` for a signature that is not 64 bytes.
    public init(
        statement: RankingStatement, proof: [UInt8], platformKey: PlatformPublicKey, signature: [UInt8]
    ) throws(BundleError) {
        guard proof.count <= Self.maxProofByteCount else {
            throw .tooLarge(field: "proof", value: UInt64(proof.count), limit: UInt64(Self.maxProofByteCount))
        }
        guard signature.count == 64 else { throw .invalidSignatureLength(signature.count) }
        self.init(unchecked: statement, proof: proof, platformKey: platformKey, signature: signature)
    }

    /// A bundle from parts already checked.
    init(unchecked statement: RankingStatement, proof: [UInt8], platformKey: PlatformPublicKey, signature: [UInt8]) {
        self.statement = statement
        self.proof = proof
        self.platformKey = platformKey
        self.signature = signature
    }

    /// Signs `statement` and `proof` with the platform's key.
    ///
    /// The proof should be at most ``maxProofByteCount`` bytes: a longer one is signed, but its bundle's
    /// encoding will not decode.
    public static func sign(statement: RankingStatement, proof: [UInt8], key: PlatformSigningKey) -> RankingBundle {
        let message = signedMessage(
            modelID: statement.modelID, statementDigest: statement.digest, proofDigest: digest(of: proof))
        return RankingBundle(
            unchecked: statement, proof: proof, platformKey: key.publicKey, signature: key.signature(for: message))
    }

    /// SHA-512 of ``proof`` (64 bytes).
    public var proofDigest: [UInt8] { Self.digest(of: proof) }

    /// The exact bytes the platform signs (211 bytes):
    ///
    /// ```
    /// "feedproof-bundle-v1"  19 bytes   domain separation (no other FeedProof signature passes for a bundle's)
    /// ModelID                64 bytes
    /// statement digest       64 bytes   SHA-512 of the statement's canonical bytes
    /// proof digest           64 bytes   SHA-512 of the proof bytes
    /// ```
    public var signedMessage: [UInt8] {
        Self.signedMessage(modelID: statement.modelID, statementDigest: statement.digest, proofDigest: proofDigest)
    }

    /// Whether ``signature`` is a valid Ed25519 signature of ``signedMessage`` under the embedded
    /// ``platformKey``. This says the bundle is intact and signed by *that* key; ``isSigned(by:)`` also checks
    /// the key is the one the platform published.
    public func signatureIsValid() -> Bool {
        platformKey.isValidSignature(signature, for: signedMessage)
    }

    /// Whether the bundle carries `trusted` as its key and ``signatureIsValid()``.
    public func isSigned(by trusted: PlatformPublicKey) -> Bool {
        platformKey == trusted && signatureIsValid()
    }

    /// The signed message for these parts.
    static func signedMessage(modelID: ModelID, statementDigest: [UInt8], proofDigest: [UInt8]) -> [UInt8] {
        signaturePrefix + modelID.bytes + statementDigest + proofDigest
    }

    /// SHA-512 of `bytes`.
    static func digest(of bytes: [UInt8]) -> [UInt8] { Array(Crypto.SHA512.hash(data: bytes)) }
}
