import Algebra
import FeedProofTestSupport
import Foundation
import Model
import Ranking
import Testing

/// Ranking bundles: the platform's Ed25519 signature over (ModelID, statement digest, proof digest), the
/// platform key and its key file, and the strict bundle encoding.
@Suite("Ranking bundle")
struct BundleTests {
    /// A fixed platform key (seed 0x01, 0x02, …, 0x20), so failures replay exactly.
    static func platformKey() throws -> PlatformSigningKey {
        try PlatformSigningKey(rawRepresentation: (1...32).map { UInt8($0) })
    }

    /// `count` bytes standing in for a proof (the bundle treats the proof as opaque).
    static func fakeProof(count: Int = 200, seed: UInt64 = 7) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// A signed bundle of the small statement.
    static func smallBundle() throws -> RankingBundle {
        RankingBundle.sign(statement: try StatementSamples.smallStatement(), proof: fakeProof(), key: try platformKey())
    }

    // MARK: Signatures

    @Test("a signed bundle verifies and round-trips, with the demo request's statement")
    func demoBundleRoundTrip() throws {
        let statement = try StatementSamples.demoStatement()
        let key = try Self.platformKey()
        let bundle = RankingBundle.sign(statement: statement, proof: Self.fakeProof(count: 4096), key: key)
        #expect(bundle.signatureIsValid())
        #expect(bundle.isSigned(by: key.publicKey))
        #expect(!bundle.isSigned(by: PlatformSigningKey().publicKey))
        #expect(bundle.signature.count == 64)

        let bytes = bundle.encoded
        let statementBytes = statement.canonicalBytes
        #expect(bytes.count == 110 + statementBytes.count + 4096)
        #expect(Array(bytes.prefix(6)) == Array("FPRB".utf8) + [0, 1])
        #expect(Array(bytes[6..<10]) == bigEndian(UInt32(statementBytes.count)))
        #expect(Array(bytes[10..<(10 + statementBytes.count)]) == statementBytes)
        #expect(Array(bytes.suffix(64)) == bundle.signature)
        #expect(Array(bytes.suffix(96).prefix(32)) == key.publicKey.rawRepresentation)

        let decoded = try RankingBundle(encoded: bytes)
        #expect(decoded == bundle)
        #expect(decoded.signatureIsValid())
        #expect(decoded.encoded == bytes)
    }

    @Test("the signed message is the documented 211 bytes")
    func signedMessageLayout() throws {
        let bundle = try Self.smallBundle()
        let message = bundle.signedMessage
        #expect(message.count == 211)
        #expect(Array(message.prefix(19)) == Array("feedproof-bundle-v1".utf8))
        #expect(Array(message[19..<83]) == bundle.statement.modelID.bytes)
        #expect(Array(message[83..<147]) == bundle.statement.digest)
        #expect(Array(message[147..<211]) == bundle.proofDigest)
        #expect(bundle.proofDigest == Array(Algebra.SHA512.hash(bundle.proof)))
    }

    @Test("changing the ModelID, statement, proof, key or signature invalidates the signature")
    func tamperingInvalidates() throws {
        let bundle = try Self.smallBundle()
        let statement = bundle.statement
        #expect(bundle.signatureIsValid())

        func rebuilt(
            statement newStatement: RankingStatement? = nil, proof: [UInt8]? = nil, key: PlatformPublicKey? = nil,
            signature: [UInt8]? = nil
        ) throws -> RankingBundle {
            try RankingBundle(
                statement: newStatement ?? statement, proof: proof ?? bundle.proof,
                platformKey: key ?? bundle.platformKey, signature: signature ?? bundle.signature)
        }
        #expect(try rebuilt().signatureIsValid())

        // ModelID.
        for byte in [0, 31, 63] {
            var id = statement.modelID.bytes
            id[byte] ^= 0x10
            let other = try RankingStatement(
                modelID: try #require(ModelID(bytes: id)), epoch: statement.epoch, userID: statement.userID,
                requestID: statement.requestID, candidates: statement.candidates, features: statement.features,
                shown: statement.shown)
            #expect(!(try rebuilt(statement: other)).signatureIsValid(), "ModelID byte \(byte)")
        }

        // The statement: ranking order, epoch, user, request id, metadata, features.
        let reordered = try RankingStatement(
            modelID: statement.modelID, epoch: statement.epoch, userID: statement.userID,
            requestID: statement.requestID, candidates: statement.candidates, features: statement.features,
            shown: [statement.shown[1], statement.shown[0], statement.shown[2]])
        #expect(!(try rebuilt(statement: reordered)).signatureIsValid())
        let otherEpoch = try RankingStatement(
            modelID: statement.modelID, epoch: statement.epoch + 1, userID: statement.userID,
            requestID: statement.requestID, candidates: statement.candidates, features: statement.features,
            shown: statement.shown)
        #expect(!(try rebuilt(statement: otherEpoch)).signatureIsValid())
        let otherUser = try RankingStatement(
            modelID: statement.modelID, epoch: statement.epoch, userID: statement.userID ^ 1,
            requestID: statement.requestID, candidates: statement.candidates, features: statement.features,
            shown: statement.shown)
        #expect(!(try rebuilt(statement: otherUser)).signatureIsValid())
        var candidates = statement.candidates
        candidates[0].replies += 1
        let otherMetadata = try RankingStatement(
            modelID: statement.modelID, epoch: statement.epoch, userID: statement.userID,
            requestID: statement.requestID, candidates: candidates, features: statement.features,
            shown: statement.shown)
        #expect(!(try rebuilt(statement: otherMetadata)).signatureIsValid())

        // Every byte of the proof, the key and the signature.
        for index in bundle.proof.indices {
            var proof = bundle.proof
            proof[index] ^= 0x01
            #expect(!(try rebuilt(proof: proof)).signatureIsValid(), "proof byte \(index)")
        }
        #expect(!(try rebuilt(proof: bundle.proof + [0])).signatureIsValid())
        #expect(!(try rebuilt(proof: Array(bundle.proof.dropLast()))).signatureIsValid())
        for index in 0..<32 {
            var raw = bundle.platformKey.rawRepresentation
            raw[index] ^= 0x01
            // Some altered encodings are not keys at all; the others must not verify.
            guard let key = try? PlatformPublicKey(rawRepresentation: raw) else { continue }
            #expect(!(try rebuilt(key: key)).signatureIsValid(), "key byte \(index)")
        }
        #expect(!(try rebuilt(key: PlatformSigningKey().publicKey)).signatureIsValid())
        for index in 0..<64 {
            var signature = bundle.signature
            signature[index] ^= 0x01
            #expect(!(try rebuilt(signature: signature)).signatureIsValid(), "signature byte \(index)")
        }
    }

    @Test("bundle parts are checked when a bundle is built")
    func checkedParts() throws {
        let bundle = try Self.smallBundle()
        #expect(throws: BundleError.invalidSignatureLength(63)) {
            try RankingBundle(
                statement: bundle.statement, proof: bundle.proof, platformKey: bundle.platformKey,
                signature: Array(bundle.signature.dropLast()))
        }
        let limit = RankingBundle.maxProofByteCount
        #expect(throws: BundleError.tooLarge(field: "proof", value: UInt64(limit + 1), limit: UInt64(limit))) {
            try RankingBundle(
                statement: bundle.statement, proof: [UInt8](repeating: 0, count: limit + 1),
                platformKey: bundle.platformKey, signature: bundle.signature)
        }
    }

    // MARK: Platform keys

    @Test("platform keys: raw bytes, seed and the hex key file")
    func platformKeys() throws {
        let key = try Self.platformKey()
        #expect(key.rawRepresentation == (1...32).map { UInt8($0) })
        let again = try PlatformSigningKey(rawRepresentation: key.rawRepresentation)
        #expect(again.publicKey == key.publicKey)
        #expect(throws: BundleError.self) {
            try PlatformSigningKey(rawRepresentation: [UInt8](repeating: 1, count: 31))
        }

        let publicKey = key.publicKey
        #expect(publicKey.rawRepresentation.count == 32)
        #expect(publicKey.hex.count == 64 && publicKey.hex == publicKey.hex.lowercased())
        #expect(publicKey.hexFileContents == publicKey.hex + "\n")
        #expect(try PlatformPublicKey(rawRepresentation: publicKey.rawRepresentation) == publicKey)
        #expect(try PlatformPublicKey(hexFileContents: publicKey.hexFileContents) == publicKey)
        #expect(try PlatformPublicKey(hexFileContents: publicKey.hex) == publicKey)
        #expect(try PlatformPublicKey(hexFileContents: publicKey.hex.uppercased()) == publicKey)
        let hex = publicKey.hex
        let badFiles: [String] = [
            "", "\n", String(hex.dropLast()), hex + "0", hex + "\n\n", hex + "\r\n", " " + hex, hex + " \n",
            "0x" + String(hex.dropFirst(2)), String(hex.dropLast()) + "g",
        ]
        for bad in badFiles {
            #expect(throws: BundleError.self, "\(bad.debugDescription)") { try PlatformPublicKey(hexFileContents: bad) }
        }
        #expect(throws: BundleError.self) { try PlatformPublicKey(rawRepresentation: [UInt8](repeating: 0, count: 33)) }

        let message: [UInt8] = Array("hello".utf8)
        let signature = key.signature(for: message)
        #expect(publicKey.isValidSignature(signature, for: message))
        #expect(!publicKey.isValidSignature(signature, for: message + [0]))
        #expect(!publicKey.isValidSignature(Array(signature.dropLast()), for: message))
    }

    // MARK: Strict decoding

    @Test("every truncation of the encoding fails with a truncation error")
    func everyTruncationFails() throws {
        let bytes = try Self.smallBundle().encoded
        for length in 0..<bytes.count {
            do {
                _ = try RankingBundle(encoded: Array(bytes.prefix(length)))
                Issue.record("a \(length)-byte prefix of \(bytes.count) decoded")
            } catch {
                guard case .truncated(let offset, let needed, let available) = error else {
                    Issue.record("prefix \(length): \(error), not a truncation")
                    continue
                }
                #expect(offset + available == length && needed > available, "prefix \(length): \(error)")
            }
        }
    }

    @Test("an extended encoding fails")
    func extendedFails() throws {
        let bytes = try Self.smallBundle().encoded
        #expect(throws: BundleError.trailingBytes(count: 1)) { try RankingBundle(encoded: bytes + [0]) }
        #expect(throws: BundleError.trailingBytes(count: 100)) {
            try RankingBundle(encoded: bytes + [UInt8](repeating: 0xEE, count: 100))
        }
        // Two bundles back to back are not one bundle.
        #expect(throws: BundleError.trailingBytes(count: bytes.count)) { try RankingBundle(encoded: bytes + bytes) }
    }

    @Test("every single-byte change fails to decode or fails the signature")
    func everyByteFlip() throws {
        let bundle = try Self.smallBundle()
        let bytes = bundle.encoded
        for index in bytes.indices {
            for mask: UInt8 in [0x01, 0x80] {
                var altered = bytes
                altered[index] ^= mask
                guard let decoded = try? RankingBundle(encoded: altered) else { continue }
                #expect(decoded.encoded == altered, "byte \(index) ^ \(mask): not canonical")
                #expect(!decoded.signatureIsValid(), "byte \(index) ^ \(mask): signature still valid")
            }
        }
    }

    @Test("malformed headers and lengths give their typed errors")
    func malformedFields() throws {
        let bundle = try Self.smallBundle()
        let bytes = bundle.encoded
        let statementCount = bundle.statement.canonicalBytes.count

        var wrong = bytes
        wrong[3] = UInt8(ascii: "X")
        #expect(throws: BundleError.badMagic) { try RankingBundle(encoded: wrong) }
        #expect(throws: BundleError.badMagic) { try RankingBundle(encoded: bundle.statement.canonicalBytes) }

        wrong = bytes
        wrong[4] = 1
        #expect(throws: BundleError.unsupportedVersion(257)) { try RankingBundle(encoded: wrong) }

        wrong = bytes
        wrong.replaceSubrange(6..<10, with: bigEndian(UInt32(RankingStatement.maxCanonicalByteCount + 1)))
        #expect(
            throws: BundleError.tooLarge(
                field: "statement", value: UInt64(RankingStatement.maxCanonicalByteCount + 1),
                limit: UInt64(RankingStatement.maxCanonicalByteCount))
        ) { try RankingBundle(encoded: wrong) }

        // A statement length within the limit but beyond the file: refused before anything is read or allocated.
        wrong.replaceSubrange(6..<10, with: bigEndian(UInt32(RankingStatement.maxCanonicalByteCount)))
        #expect(
            throws: BundleError.truncated(
                offset: 10, needed: RankingStatement.maxCanonicalByteCount, available: bytes.count - 10)
        ) { try RankingBundle(encoded: wrong) }

        let proofLengthOffset = 10 + statementCount
        wrong = bytes
        wrong.replaceSubrange(
            proofLengthOffset..<(proofLengthOffset + 4), with: bigEndian(UInt32(RankingBundle.maxProofByteCount + 1)))
        #expect(throws: BundleError.self) { try RankingBundle(encoded: wrong) }

        // The statement length off by one: the framing or the statement breaks.
        for delta in [-1, 1] {
            wrong = bytes
            wrong.replaceSubrange(6..<10, with: bigEndian(UInt32(statementCount + delta)))
            #expect(throws: BundleError.self) { try RankingBundle(encoded: wrong) }
        }

        // A framed but invalid statement is reported as such.
        wrong = bytes
        wrong[10] = UInt8(ascii: "X")
        #expect(throws: BundleError.invalidStatement(.badMagic)) { try RankingBundle(encoded: wrong) }
    }

    @Test("random garbage of every length 0…200 never traps")
    func garbageNeverTraps() throws {
        var generator = SeededGenerator(seed: 0x4650_5242)
        let valid = try Self.smallBundle().encoded
        for length in 0...200 {
            for round in 0..<20 {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                // Half the rounds keep a valid header (and maybe more of a real bundle) to reach deeper fields.
                if round.isMultiple(of: 2) {
                    let keep = min(length, Int.random(in: 6...120, using: &generator))
                    bytes.replaceSubrange(0..<keep, with: valid[0..<keep])
                }
                #expect(throws: BundleError.self, "seed \(generator.seed), length \(length)") {
                    try RankingBundle(encoded: bytes)
                }
            }
        }
    }

    @Test("error messages name the problem")
    func errorMessages() {
        #expect(BundleError.truncated(offset: 10, needed: 8, available: 3).description.contains("offset 10"))
        #expect(BundleError.trailingBytes(count: 4).description.contains("4 unexpected trailing bytes"))
        #expect(BundleError.invalidStatement(.duplicatePostID(9)).description.contains("post id 9"))
        #expect(StatementError.tooManyShown(k: 11, n: 10).description.contains("11"))
    }
}
