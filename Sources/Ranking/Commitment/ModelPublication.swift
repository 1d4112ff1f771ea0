import Crypto
import Foundation
import Model

/// The public folder of one published model version, `<commitments>/<name>/` (DESIGN.md §2 and §4;
/// commitments/README.md):
/// - `commitment.fpmc`: the ``ModelCommitment`` file (descriptor, row commitments, π_wf);
/// - `model.json`: a readable summary (``Metadata``): name, ModelID, parameter count, the descriptor's JSON
///   view, the platform's public key and the tool that made it;
/// - `platform-key.pub`: the platform's Ed25519 bundle-signing public key as 64 lowercase hex digits and "\n".
///
/// Nothing private is ever written here: the ``ModelOpening`` goes elsewhere (see
/// ``checkOpeningPath(_:commitmentsDirectory:)``).
public struct ModelPublication: Sendable, Equatable {
    /// The readable summary written to `model.json` (keys sorted, pretty-printed).
    public struct Metadata: Sendable, Equatable, Codable {
        /// The model's name (the folder's name).
        public var name: String
        /// The ModelID in lowercase hex.
        public var modelID: String
        /// Embedding entries, weights, biases and head weights.
        public var parameterCount: Int
        /// The descriptor's JSON view.
        public var descriptor: ModelDescriptor.JSONView
        /// The platform's Ed25519 public key in lowercase hex.
        public var platformPublicKey: String
        /// The tool that made the folder.
        public var createdBy: String
    }

    /// The model's name, which is also its folder's name.
    public let name: String
    /// The public commitment.
    public let commitment: ModelCommitment
    /// The platform's Ed25519 bundle-signing public key (32 bytes).
    public let platformPublicKey: [UInt8]

    /// The commitment file's name inside the folder.
    public static let commitmentFileName = "commitment.fpmc"
    /// The summary's name inside the folder.
    public static let metadataFileName = "model.json"
    /// The public key file's name inside the folder.
    public static let publicKeyFileName = "platform-key.pub"
    /// The `createdBy` value this code writes.
    public static let creator = "feedproof model commit"

    /// A publication, after checking the name and that the public key is a valid Ed25519 key.
    /// - Throws: ``ModelCommitmentError/invalidName(_:)`` or ``ModelCommitmentError/invalidSigningKey(_:)``.
    public init(name: String, commitment: ModelCommitment, platformPublicKey: [UInt8]) throws(ModelCommitmentError) {
        try Self.checkName(name)
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: platformPublicKey)) != nil else {
            throw .invalidSigningKey("an Ed25519 public key is 32 bytes, got \(platformPublicKey.count)")
        }
        self.name = name
        self.commitment = commitment
        self.platformPublicKey = platformPublicKey
    }

    /// The publication of an opening's commitment and public key.
    public init(name: String, opening: ModelOpening) throws(ModelCommitmentError) {
        try self.init(name: name, commitment: opening.commitment, platformPublicKey: opening.platformPublicKey)
    }

    /// The summary for `model.json`.
    public var metadata: Metadata {
        Metadata(
            name: name, modelID: commitment.modelID.hex,
            parameterCount: ModelCommitmentLayout.parameterCount(of: commitment.descriptor),
            descriptor: commitment.descriptor.jsonView, platformPublicKey: HexText.encode(platformPublicKey),
            createdBy: Self.creator)
    }

    /// The `model.json` bytes.
    public var metadataJSON: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every field is a plain string, number or array: encoding cannot fail.
        return Array((try? encoder.encode(metadata)) ?? Data("{}".utf8)) + [0x0A]
    }

    /// The `platform-key.pub` bytes: lowercase hex of the key and a newline.
    public var publicKeyFile: [UInt8] { Array((HexText.encode(platformPublicKey) + "\n").utf8) }

    /// `<commitmentsDirectory>/<name>`.
    public static func folder(name: String, commitmentsDirectory: String) -> String {
        URL(fileURLWithPath: commitmentsDirectory).appendingPathComponent(name).path
    }

    // MARK: Writing and reading

    /// Writes the folder `<commitmentsDirectory>/<name>/` (creating directories as needed) and returns the paths
    /// of the three files written.
    /// - Throws: ``ModelCommitmentError/alreadyExists(path:)`` when the folder exists and `force` is false,
    ///   ``ModelCommitmentError/fileSystem(_:)`` when a file cannot be written.
    @discardableResult
    public func write(commitmentsDirectory: String, force: Bool = false) throws(ModelCommitmentError) -> [String] {
        let folder = Self.folder(name: name, commitmentsDirectory: commitmentsDirectory)
        let files = FileManager.default
        if files.fileExists(atPath: folder), !force { throw .alreadyExists(path: folder) }
        do {
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .fileSystem("cannot create \(folder): \(error.localizedDescription)")
        }
        var written: [String] = []
        for (file, bytes) in [
            (Self.commitmentFileName, commitment.encoded), (Self.metadataFileName, metadataJSON),
            (Self.publicKeyFileName, publicKeyFile),
        ] {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(file).path
            do { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                throw .fileSystem("cannot write \(path): \(error.localizedDescription)")
            }
            written.append(path)
        }
        return written
    }

    /// Reads the folder `<commitmentsDirectory>/<name>/` and checks that its files agree: `model.json` names this
    /// folder, the commitment's ModelID and parameter count, and the key in `platform-key.pub`.
    /// - Throws: ``ModelCommitmentError/fileSystem(_:)`` for a missing file, any error of
    ///   ``ModelCommitment/init(encoded:)``, ``ModelCommitmentError/publicationMismatch(_:)`` when the files
    ///   disagree.
    public init(name: String, commitmentsDirectory: String) throws(ModelCommitmentError) {
        try Self.checkName(name)
        let folder = URL(fileURLWithPath: Self.folder(name: name, commitmentsDirectory: commitmentsDirectory))
        func read(_ file: String) throws(ModelCommitmentError) -> [UInt8] {
            let path = folder.appendingPathComponent(file).path
            guard let data = FileManager.default.contents(atPath: path) else { throw .fileSystem("cannot read \(path)") }
            return Array(data)
        }
        let commitment = try ModelCommitment(encoded: try read(Self.commitmentFileName))
        let keyText = String(decoding: try read(Self.publicKeyFileName), as: UTF8.self)
        guard keyText.hasSuffix("\n"), keyText == keyText.lowercased(),
            let key = HexText.decode(Array(keyText.dropLast().utf8)) else {
            throw .publicationMismatch("\(Self.publicKeyFileName) is not 64 lowercase hex digits and a newline")
        }
        try self.init(name: name, commitment: commitment, platformPublicKey: key)
        let metadata: Metadata
        do { metadata = try JSONDecoder().decode(Metadata.self, from: Data(try read(Self.metadataFileName))) } catch {
            throw .publicationMismatch("\(Self.metadataFileName) is unreadable: \(error)")
        }
        guard metadata == self.metadata else {
            throw .publicationMismatch(
                "\(Self.metadataFileName) does not match the commitment, folder name and public key")
        }
    }

    // MARK: Paths

    /// Refuses a model name that is not a plain folder name: 1–128 characters from [A-Za-z0-9._-], not "." or
    /// "..".
    public static func checkName(_ name: String) throws(ModelCommitmentError) {
        let allowed = name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2E || c == 0x5F
                || c == 0x2D
        }
        guard allowed, (1...128).contains(name.utf8.count), name != ".", name != ".." else {
            throw .invalidName(name)
        }
    }

    /// Refuses an opening path inside (or equal to) the commitments directory, after resolving both to absolute
    /// paths without "." or ".." components and with every symbolic link of their existing parts resolved.
    /// - Throws: ``ModelCommitmentError/openingInsideCommitments(opening:commitments:)``.
    public static func checkOpeningPath(_ openingPath: String, commitmentsDirectory: String) throws(ModelCommitmentError) {
        let opening = resolvedPath(openingPath)
        let commitments = resolvedPath(commitmentsDirectory)
        let prefix = commitments.hasSuffix("/") ? commitments : commitments + "/"
        if opening == commitments || opening.hasPrefix(prefix) {
            throw .openingInsideCommitments(opening: openingPath, commitments: commitmentsDirectory)
        }
    }

    /// An absolute, standardized path whose longest existing prefix has its symbolic links resolved (the rest,
    /// not yet created, is appended as written, with "." and ".." applied).
    static func resolvedPath(_ path: String) -> String {
        var components = URL(fileURLWithPath: path).standardizedFileURL.pathComponents.filter { $0 != "/" }
        var missing: [String] = []
        while !components.isEmpty {
            let candidate = "/" + components.joined(separator: "/")
            if let real = realPath(candidate) {
                return ([real] + missing.reversed()).reduce("") { partial, part in
                    partial.isEmpty ? part : (partial.hasSuffix("/") ? partial + part : partial + "/" + part)
                }
            }
            missing.append(components.removeLast())
        }
        return "/" + missing.reversed().joined(separator: "/")
    }

    /// realpath(3) of an existing path, or nil.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
