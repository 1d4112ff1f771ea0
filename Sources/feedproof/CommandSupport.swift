import ArgumentParser
import AuditOptions
import FeedAudit
import FeedProofBench
import Foundation

/// A failure the CLI reports with its exit code: 2 for bad input, 1 for a failed verification.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    let code: Int32

    /// Bad input (unreadable file, malformed data): exit code 2.
    static func badInput(_ message: String) -> CommandFailure { CommandFailure(description: message, code: 2) }
}

/// Reads a whole file, or fails with a bad-input error naming it.
func readFile(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CommandFailure.badInput("cannot read \(path)")
    }
    return Array(data)
}

/// Writes a whole file atomically, or fails naming it.
func writeFile(_ bytes: [UInt8], to path: String) throws {
    do { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
        throw CommandFailure.badInput("cannot write \(path): \(error.localizedDescription)")
    }
}

/// Runs `body`, turning a `CommandFailure` into its message on standard error and its exit code.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let failure as CommandFailure {
        printToStandardError("error: \(failure.description)")
        throw ExitCode(failure.code)
    }
}

extension TrustAnchorOptions {
    /// The trust anchors, or ``CommandFailure/badInput(_:)`` (exit 2) naming what could not be loaded.
    func loadForCommand() throws(CommandFailure) -> TrustAnchors {
        do { return try load() } catch { throw .badInput("\(error)") }
    }
}
