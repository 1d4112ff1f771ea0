import ArgumentParser
import AuditOptions
import FeedAudit
import Foundation
import Ranking

/// `feedproof verify`: audit one bundle against the trusted commitments and log (the `FeedAudit` library).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a ranking bundle: signature, log inclusion, commitment, features and the proof.",
        discussion: """
            Trusts only the commitments directory (one folder per published model), the transparency log and the log's \
            public key; the public parameters are derived, never read.
            Exit codes: 0 valid, 1 invalid (the reason names the failed check), 2 unreadable bundle, commitments or \
            log, or bad usage.
            Example:
              feedproof verify feeds/golden/demo-0001.fprb --json
            """)

    @Argument(help: "The bundle file.")
    var bundle: String

    @OptionGroup(title: "Trust anchors") var trust: TrustAnchorOptions

    @Flag(help: "Print the verdict as JSON.")
    var json = false

    func run() throws {
        try reportingFailures {
            let anchors = try trust.loadForCommand()
            let verdict = FeedAuditor(anchors: anchors).audit(bundleBytes: try readFile(bundle))
            if json {
                let data = try JSONSerialization.data(
                    withJSONObject: verdict.jsonObject(), options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(Self.text(verdict, path: bundle))
            }
            switch verdict.status {
            case .valid: return
            case .invalid: throw ExitCode(1)
            case .unreadable: throw ExitCode(2)
            }
        }
    }

    static func text(_ verdict: AuditVerdict, path: String) -> String {
        var lines = ["\(path): \(verdict.status.rawValue.uppercased()) — \(verdict.reason)"]
        if let s = verdict.statement {
            lines.append("  request \(s.requestID), user \(s.userID), epoch \(s.epoch): top-\(s.k) of \(s.n)")
        }
        for check in verdict.checks {
            lines.append("  \(check.passed ? "✓" : "✗") \(check.kind.rawValue): \(check.detail)")
        }
        if verdict.status == .valid {
            lines.append("  proven:     " + AuditVerdict.covered.joined(separator: "; "))
        }
        lines.append("  not proven: " + AuditVerdict.notCovered.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }
}
