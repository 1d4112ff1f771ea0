import ArgumentParser
import FeedProofBench
import Foundation
import Ranking

/// `feedproof log`: the append-only transparency log of ModelIDs (DESIGN.md §4, RFC 9162).
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Create, append to, show and verify the transparency log of model commitments.",
        discussion: """
            The log file and its public key live under commitments/; the signing key is the platform's secret and is \
            refused there. Example:
              feedproof log init --log commitments/log.fptl \\
                  --public-key commitments/log-key.pub \\
                  --private-key ~/.feedproof/log-key
              feedproof log append <ModelID hex> --log commitments/log.fptl \\
                  --private-key ~/.feedproof/log-key
              feedproof log verify --log commitments/log.fptl \\
                  --public-key commitments/log-key.pub --entry <hex>
            """,
        subcommands: [Init.self, Append.self, Show.self, Verify.self]
    )

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an empty log and a new Ed25519 log key.")

        @Option(help: "The log file to create.") var log: String
        @Option(help: "Where to write the public key (hex).") var publicKey: String
        @Option(help: "Where to write the private signing key (hex; never under commitments/).") var privateKey: String

        func run() throws {
            try reportingFailures {
                guard !URL(fileURLWithPath: privateKey).standardized.pathComponents.contains("commitments") else {
                    throw CommandFailure.badInput("the private log key must not be stored under commitments/")
                }
                guard !FileManager.default.fileExists(atPath: log) else {
                    throw CommandFailure.badInput("\(log) already exists")
                }
                let key = LogSigningKey()
                var transparencyLog = TransparencyLog()
                try signHead(of: &transparencyLog, with: key)
                try writeFile(Array(hex(key.seed).utf8) + [10], to: privateKey)
                _ = try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: privateKey)
                try writeFile(Array(hex(key.publicKey.rawRepresentation).utf8) + [10], to: publicKey)
                try writeFile(transparencyLog.encoded, to: log)
                print("created \(log) (key id \(key.publicKey.keyID))")
            }
        }
    }

    struct Append: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Append an entry (hex) and sign the new tree head.")

        @Argument(help: "The entry, in hex (a ModelID is 64 bytes).") var entry: String
        @Option(help: "The log file.") var log: String
        @Option(help: "The private signing key file.") var privateKey: String

        func run() throws {
            try reportingFailures {
                var transparencyLog = try readLog(log)
                let key = try readSigningKey(privateKey)
                let bytes = try parseHex(entry, what: "entry")
                let index: Int
                do { index = try transparencyLog.append(bytes) } catch { throw CommandFailure.badInput("\(error)") }
                try signHead(of: &transparencyLog, with: key)
                try writeFile(transparencyLog.encoded, to: log)
                print("appended entry \(index); size \(transparencyLog.size), root \(transparencyLog.rootHash)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the log's entries and signed tree heads.")

        @Option(help: "The log file.") var log: String

        func run() throws {
            try reportingFailures {
                let transparencyLog = try readLog(log)
                print("log \(log): \(transparencyLog.size) entries, root \(transparencyLog.rootHash)")
                for (index, entry) in transparencyLog.entries.enumerated() { print("  [\(index)] \(hex(entry))") }
                for head in transparencyLog.treeHeads {
                    print("  tree head: size \(head.size), root \(head.rootHash), time \(head.timestamp) ms")
                }
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every tree head's signature and, optionally, an entry's inclusion (exit 1 if not).")

        @Option(help: "The log file.") var log: String
        @Option(help: "The trusted public key file.") var publicKey: String
        @Option(help: "An entry (hex) that must be in the log under the latest signed tree head.") var entry: String?

        func run() throws {
            try reportingFailures {
                let transparencyLog = try readLog(log)
                let text = String(decoding: try readFile(publicKey), as: UTF8.self)
                let key: LogPublicKey
                do { key = try LogPublicKey(rawRepresentation: try parseHex(text, what: "public key")) } catch
                let error as TransparencyLogError {
                    throw CommandFailure.badInput("\(publicKey): \(error)")
                }
                let wanted = try entry.map { try parseHex($0, what: "entry") }
                do {
                    let verdict = try LogAudit.verify(transparencyLog, publicKey: key, entry: wanted)
                    let inclusion = verdict.entryIndex.map { ", entry included at index \($0)" } ?? ""
                    print("log valid: \(verdict.size) entries, \(verdict.treeHeadCount) signed tree heads\(inclusion)")
                } catch {
                    throw CommandFailure(description: "log verification failed: \(error)", code: 1)
                }
            }
        }
    }
}

private func readLog(_ path: String) throws -> TransparencyLog {
    do { return try TransparencyLog(decoding: try readFile(path)) } catch let error as TransparencyLogError {
        throw CommandFailure.badInput("\(path): \(error)")
    }
}

private func readSigningKey(_ path: String) throws -> LogSigningKey {
    let text = String(decoding: try readFile(path), as: UTF8.self)
    do { return try LogSigningKey(seed: try parseHex(text, what: "private key")) } catch let error as TransparencyLogError {
        throw CommandFailure.badInput("\(path): \(error)")
    }
}

private func signHead(of log: inout TransparencyLog, with key: LogSigningKey) throws {
    let milliseconds = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    let timestamp = max(milliseconds, log.latestTreeHead?.timestamp ?? 0)
    do { try log.signTreeHead(timestamp: timestamp, with: key) } catch { throw CommandFailure.badInput("\(error)") }
}

/// Lowercase hex.
func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var text = ""
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 15)])
    }
    return text
}

/// Bytes from hex text (surrounding whitespace ignored), or a bad-input failure naming `what`.
func parseHex(_ text: String, what: String) throws -> [UInt8] {
    let digits = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
    guard digits.count.isMultiple(of: 2), !digits.isEmpty else {
        throw CommandFailure.badInput("\(what) is not hex (odd or empty length)")
    }
    func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
    var bytes: [UInt8] = []
    var i = 0
    while i < digits.count {
        guard let high = nibble(digits[i]), let low = nibble(digits[i + 1]) else {
            throw CommandFailure.badInput("\(what) is not hex")
        }
        bytes.append(high << 4 | low)
        i += 2
    }
    return bytes
}
