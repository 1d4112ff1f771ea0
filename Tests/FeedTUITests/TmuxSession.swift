import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A detached tmux server of its own (a private socket) running one command in a window of a given size: the
/// terminal a user would have, driven by keys and read back as text.
final class TmuxSession {
    /// Why a session step failed.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The tmux executable on PATH, if any.
    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let url = URL(fileURLWithPath: String(folder)).appendingPathComponent("tmux")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }()

    private let tmux: URL
    private let socket = "feedaudit-test-\(UUID().uuidString.prefix(8))"

    /// Starts `command` (a shell command line) in `folder`, in a `columns`×`rows` window.
    init(command: String, folder: URL, columns: Int, rows: Int) throws {
        guard let tmux = Self.executable else {
            throw Failure(description: "tmux is not installed (make test installs it through scripts/setup.sh --tests)")
        }
        self.tmux = tmux
        let arguments = ["-f", "/dev/null", "new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", "-c", folder.path]
        try run(arguments + [command])
        // A detached session keeps the size it was made with; resize-window changes it (tmux 2.9 or newer).
        try run(["set-option", "-g", "window-size", "manual"])
    }

    deinit {
        _ = try? run(["kill-server"])
    }

    /// Sends keys by tmux name (`Enter`, `Down`, `Escape`, `C-c`) or as literal text with `literal`.
    func send(_ keys: String..., literal: Bool = false) throws {
        try run(["send-keys", "-t", "0"] + (literal ? ["-l"] : []) + keys)
    }

    /// Resizes the window (the program gets SIGWINCH).
    func resize(columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", "0", "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// The processes named `name` whose parent is the pane's shell (from /proc; Linux).
    func paneChildren(named name: String) throws -> [Int32] {
        let text = try run(["display-message", "-p", "-t", "0", "#{pane_pid}"])
        guard let shell = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure(description: "tmux gave no pane pid: \(text)")
        }
        var children: [Int32] = []
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
            guard let pid = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { continue }
            // proc(5): "pid (comm) state ppid …"
            let command = stat[stat.index(after: open)..<close]
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if command == name, fields.count > 1, Int32(fields[1]) == shell { children.append(pid) }
        }
        return children
    }

    /// The visible screen as text, one string per row (`escapes`: with the colour attributes as SGR sequences).
    func capture(escapes: Bool = false) throws -> [String] {
        let text = try run(["capture-pane", "-p", "-t", "0"] + (escapes ? ["-e"] : []))
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Captures until `condition` holds on the screen's text, or fails after `timeout` with the last screen.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Duration = .seconds(120), _ condition: (String) -> Bool
    ) throws -> [String] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var screen: [String] = []
        while clock.now < deadline {
            screen = try capture()
            if condition(screen.joined(separator: "\n")) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure(description: "timed out waiting for \(what); the screen was:\n" + screen.joined(separator: "\n"))
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(120)) throws -> [String] {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Runs tmux with `arguments` and returns what it printed; throws when it exits non-zero.
    ///
    /// Spawned and reaped here (posix_spawn, waitpid) rather than through Foundation's `Process`: the server that
    /// `new-session` starts inherits the client's descriptors, and `Process` then never sees the client end.
    /// Output goes through a file for the same reason (a pipe would stay open for the server's whole life).
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([tmux.path, "-L", socket] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // Test threads (dispatch workers) block signals, and a spawned process inherits the mask; tmux and the
        // program under test must get the default mask and actions, as in a user's shell.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tmux.path, &actions, &attributes, argv, environ)
        guard spawned == 0 else {
            throw Failure(description: "cannot run tmux: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed for tmux") }
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED and WEXITSTATUS (POSIX <sys/wait.h>) on Linux's status layout.
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }
}
