import Foundation

/// The `feedproof` executable that SwiftPM builds next to the test bundle, for tests that run the command line as
/// a user would (exit codes, signals).
public enum BuiltExecutable {
    /// The URL of `feedproof` beside the running test bundle.
    /// - Throws: `CocoaError(.fileNoSuchFile)` when it has not been built (run `swift build --build-tests`).
    public static func feedproof() throws -> URL {
        let url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("feedproof")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return url
    }
}
