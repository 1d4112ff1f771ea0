import Archive
import ArgumentParser
import AuditOptions
import FeedAudit
import FeedTUI
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `feedaudit`: the user's auditor. Audits bundle files, or one user's bundles in an archive, against the trusted
/// commitments and log, and prints what is proven and what is not.
///
/// Exit codes: 0 every bundle valid, 1 any bundle invalid, 2 unreadable input (a bundle none of which is invalid,
/// the commitments, the log, the archive) or bad usage.
@main
struct FeedAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedaudit",
        abstract: "Audit your feed: check every bundle's signature, log inclusion, commitment, features and proof.",
        discussion: """
            Trusts only the commitments directory, the transparency log and the log's public key.

            On a terminal, opens a full-screen view: the feed in rank order with a ✓/✗ per request, the \
            selected post's metadata and features, and each request's checks; bundles are verified in the \
            background. Keys: ↑/↓ or j/k move, Enter open, Tab switch panes, / search, v re-verify, ? help, \
            q quit. Colours follow NO_COLOR (https://no-color.org) and TERM=dumb.

            Prints plain text when --plain is given or standard input or output is not a terminal; --json \
            prints the verdicts as JSON.

            Exit codes: 0 every bundle valid, 1 any bundle invalid, 2 unreadable input (and none invalid) or \
            bad usage.

            Examples:
              feedaudit feeds/golden/*.fprb --plain
              feedaudit --archive archive.sqlite --user 17 --json
            """)

    @Argument(help: "Bundle files (.fprb).")
    var bundles: [String] = []

    @Option(help: "An archive to read the user's bundles from (instead of bundle files).")
    var archive: String?

    @Option(help: "The user whose bundles to audit (with --archive).")
    var user: Int64?

    @OptionGroup(title: "Trust anchors") var trust: TrustAnchorOptions

    @Flag(help: "Print plain text (the default when standard input or output is not a terminal).")
    var plain = false

    @Flag(help: "Print the verdicts as JSON.")
    var json = false

    func validate() throws {
        if plain && json { throw ValidationError("--plain and --json exclude each other") }
        if archive != nil && !bundles.isEmpty { throw ValidationError("give bundle files or --archive, not both") }
        if archive == nil && bundles.isEmpty { throw ValidationError("give bundle files, or --archive with --user") }
        if archive != nil && user == nil { throw ValidationError("--archive needs --user") }
        if archive == nil && user != nil { throw ValidationError("--user needs --archive") }
    }

    func run() throws {
        let anchors: TrustAnchors
        do {
            anchors = try trust.load()
        } catch {
            throw AuditCommandError.trustAnchors(error)
        }
        let auditor = FeedAuditor(anchors: anchors)
        let bundles = try loadBundles()
        if !plain && !json && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
            return try runInteractive(bundles, auditor: auditor)
        }
        let requests = bundles.map { AuditedRequest.audit(source: $0.source, bytes: $0.bytes, with: auditor) }
        if json {
            let object: [String: Any] = [
                "bundles": requests.map { request -> [String: Any] in
                    var entry = request.verdict.jsonObject()
                    entry["source"] = request.source
                    return entry
                },
                "exit_code": Int(AuditReport.exitCode(for: requests)),
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(AuditReport.plainText(requests))
        }
        let code = AuditReport.exitCode(for: requests)
        if code != 0 { throw ExitCode(code) }
    }

    /// The full-screen view; after it closes, one line of totals on the normal screen.
    private func runInteractive(
        _ bundles: [(source: String, bytes: [UInt8])], auditor: FeedAuditor
    ) throws {
        let environment = ProcessInfo.processInfo.environment
        let colors = (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        let screen: AuditScreen
        do {
            screen = try InteractiveAudit(bundles: bundles, auditor: auditor, colors: colors).run()
        } catch {
            throw AuditCommandError.terminal(error)
        }
        print("feedaudit: " + AuditReport.totals(screen.requests, unfinished: screen.verifyingCount))
        let code = AuditReport.exitCode(for: screen)
        if code != 0 { throw ExitCode(code) }
    }

    /// The bundles to audit, with a label naming where each came from.
    private func loadBundles() throws(AuditCommandError) -> [(source: String, bytes: [UInt8])] {
        if let archive, let user {
            let rankings: [ArchivedRanking]
            do { rankings = try RankingArchive(readingFrom: archive).rankings(ofUser: user) } catch {
                throw .archive(path: archive, error)
            }
            guard !rankings.isEmpty else { throw .noRankings(archive: archive, user: user) }
            return rankings.map { ranking in
                let checksum = ranking.checksumMatches ? "" : " (stored checksum does not match)"
                return ("\(archive)#\(ranking.rowID) \(ranking.requestID)\(checksum)", ranking.bundle)
            }
        }
        return try bundles.map { path throws(AuditCommandError) in
            guard let data = FileManager.default.contents(atPath: path) else { throw .unreadableBundle(path: path) }
            return (path, Array(data))
        }
    }

    /// Runs the command, mapping argument-parser usage errors (EX_USAGE, 64) and this command's errors to code 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as AuditCommandError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(withError: ExitCode(2))
        } catch {
            guard exitCode(for: error).rawValue == 64 else { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            exit(withError: ExitCode(2))
        }
    }
}
