import ArgumentParser

/// The `feedproof` command line: publishing, verification and measurement of proven feed rankings.
@main
struct FeedProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedproof",
        abstract: "Verifiable feed rankings: commit to a ranking model, prove rankings, verify them.",
        subcommands: []
    )
}
