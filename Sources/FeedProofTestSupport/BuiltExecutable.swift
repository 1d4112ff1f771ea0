import Foundation

/// The executables SwiftPM builds next to the test bundle, for tests that run the command line as a user would
/// (exit codes, signals, a terminal).
public enum BuiltExecutable {
    /// The URL of `feedproof` beside the running test bundle.
    /// - Throws: `CocoaError(.fileNoSuchFile)` when it has not been built (run `swift build --build-tests`).
    public static func feedproof() throws -> URL { try named("feedproof") }

    /// The URL of `feedaudit` beside the running test bundle.
    /// - Throws: `CocoaError(.fileNoSuchFile)` when it has not been built (run `swift build --build-tests`).
    public static func feedaudit() throws -> URL { try named("feedaudit") }

    private static func named(_ name: String) throws -> URL {
        let url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return url
    }
}
