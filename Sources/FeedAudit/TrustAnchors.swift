import Foundation
import Ranking

/// What an auditor trusts (DESIGN.md §4): the published model commitments (`commitments/<name>/`), the
/// transparency log of ModelIDs, and the log's public key. The verifier derives the public parameters itself;
/// nothing else is taken from the platform.
public struct TrustAnchors: Sendable {
    /// A published model, with the result of checking its well-formedness proof π_wf once at load.
    public struct PublishedModel: Sendable {
        /// The publication (commitment, platform key, name).
        public let publication: ModelPublication
        /// Why π_wf was rejected, or nil when it holds.
        public let rejection: String?
        /// A verifier for its rankings (nil when rejected).
        public let verifier: RankingVerifier?
    }

    /// Published models by ModelID.
    public let models: [ModelID: PublishedModel]
    /// The transparency log.
    public let log: TransparencyLog
    /// The log's public key.
    public let logKey: LogPublicKey

    /// Anchors from loaded parts; every publication's π_wf is checked now.
    public init(publications: [ModelPublication], log: TransparencyLog, logKey: LogPublicKey) {
        var models: [ModelID: PublishedModel] = [:]
        for publication in publications {
            let commitment = publication.commitment
            var rejection: String?
            var verifier: RankingVerifier?
            do {
                try commitment.verify()
                verifier = try RankingVerifier(commitment: commitment)
            } catch {
                rejection = "\(error)"
            }
            models[commitment.modelID] = PublishedModel(publication: publication, rejection: rejection, verifier: verifier)
        }
        self.models = models
        self.log = log
        self.logKey = logKey
    }

    /// The default locations inside a commitments directory.
    public static let defaultLogFile = "log.fptl"
    /// The log's public key file (hex, as `feedproof log init` writes it).
    public static let defaultLogKeyFile = "log-key.pub"

    /// Loads every publication folder under `commitmentsDirectory` (each holding a `commitment.fpmc`), the log and
    /// its public key (by default `log.fptl` and `log-key.pub` in the same directory).
    /// - Throws: ``AuditSetupError`` naming the file that cannot be read or is invalid.
    public init(commitmentsDirectory: String, logPath: String? = nil, logKeyPath: String? = nil) throws(AuditSetupError) {
        let files = FileManager.default
        let directory = URL(fileURLWithPath: commitmentsDirectory)
        let names: [String]
        do { names = try files.contentsOfDirectory(atPath: commitmentsDirectory).sorted() } catch {
            throw .unreadable(path: commitmentsDirectory, reason: error.localizedDescription)
        }
        var publications: [ModelPublication] = []
        for name in names {
            let folder = directory.appendingPathComponent(name)
            let commitmentFile = folder.appendingPathComponent(ModelPublication.commitmentFileName).path
            guard files.fileExists(atPath: commitmentFile) else { continue }
            do {
                publications.append(try ModelPublication(name: name, commitmentsDirectory: commitmentsDirectory))
            } catch {
                throw .invalid(path: folder.path, reason: "\(error)")
            }
        }
        let logFile = logPath ?? directory.appendingPathComponent(Self.defaultLogFile).path
        let keyFile = logKeyPath ?? directory.appendingPathComponent(Self.defaultLogKeyFile).path
        let log: TransparencyLog
        do { log = try TransparencyLog(decoding: try Self.read(logFile)) } catch let error as AuditSetupError {
            throw error
        } catch {
            throw .invalid(path: logFile, reason: "\(error)")
        }
        let keyText = try Self.read(keyFile)
        guard let raw = HexText.decode(keyText.filter { $0 != UInt8(ascii: "\n") }) else {
            throw .invalid(path: keyFile, reason: "not a hex-encoded public key")
        }
        let key: LogPublicKey
        do { key = try LogPublicKey(rawRepresentation: raw) } catch { throw .invalid(path: keyFile, reason: "\(error)") }
        self.init(publications: publications, log: log, logKey: key)
    }

    static func read(_ path: String) throws(AuditSetupError) -> [UInt8] {
        do { return Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
    }
}
