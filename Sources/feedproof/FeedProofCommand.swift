import ArgumentParser
import FeedProofBench

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `feedproof` command line: publishing, verification and measurement of proven feed rankings.
///
/// Exit codes: 0 success, 1 verification failed, 2 bad input (including usage errors).
@main
struct FeedProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedproof",
        abstract: "Verifiable feed rankings: commit to a ranking model, prove rankings, verify them.",
        discussion: "Exit codes: 0 success, 1 verification failed, 2 bad input.",
        subcommands: [
            ModelCommand.self, InferCommand.self, ProveCommand.self, VerifyCommand.self, InspectCommand.self,
            LogCommand.self, DemoCommand.self, BenchCommand.self,
        ]
    )

    /// Runs the command, mapping argument-parser usage errors (EX_USAGE, 64) to the documented code 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code.rawValue == 64 else { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { printToStandardError(message) }
            exit(withError: ExitCode(2))
        }
    }
}
