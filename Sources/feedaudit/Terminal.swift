import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The controlling terminal in full-screen mode: raw input through termios (POSIX.1-2017 "General Terminal
/// Interface", §11.2: no echo, no line buffering, no signal keys, so Ctrl-C arrives as a byte), the alternate
/// screen and a hidden cursor.
///
/// The terminal is always given back as it was: ``restore()`` on every exit path, and a handler for the signals
/// that end the process (SIGTERM, SIGHUP, SIGQUIT, SIGINT from `kill`, and the traps SIGILL, SIGTRAP, SIGABRT,
/// SIGSEGV, SIGBUS) restores it before the signal's default action runs. One instance per process.
final class Terminal {
    /// Resizes (SIGWINCH) and finished background work write a byte here, so `poll` wakes at once.
    let wakeReader: Int32
    private let wakeWriter: Int32

    /// Switches the terminal into full-screen raw mode.
    /// - Throws: `TerminalError` when standard input or output is not a terminal or termios fails.
    init() throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { throw .termios(errno) }
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw .pipe(errno) }
        wakeReader = descriptors[0]
        wakeWriter = descriptors[1]
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        TerminalSignals.install(original: original, wakeWriter: wakeWriter)
        var raw = original
        cfmakeraw(&raw)
        // Keep output post-processing as it was; the screen positions every line itself.
        raw.c_oflag = original.c_oflag
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0 else {
            let code = errno
            TerminalSignals.restoreTerminal()
            throw .termios(code)
        }
        write(TerminalSignals.enterSequence)
    }

    deinit { restore() }

    /// Gives the terminal back: the saved termios, the primary screen, the cursor. Safe to call more than once.
    func restore() {
        TerminalSignals.restoreTerminal()
    }

    /// The window's size in cells (80×24 when the kernel does not say).
    var size: (columns: Int, rows: Int) {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 else {
            return (80, 24)
        }
        return (Int(window.ws_col), Int(window.ws_row))
    }

    /// Wakes a ``waitForInput(timeoutMilliseconds:)`` in progress; can be handed to other threads.
    var wakeUp: WakeUp { WakeUp(descriptor: wakeWriter) }

    /// Waits until a key arrives, a wake-up is written or the timeout passes, and returns the keys' bytes (empty
    /// when none). Wake-up bytes are drained.
    func waitForInput(timeoutMilliseconds: Int32) -> [UInt8] {
        var descriptors = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeReader, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&descriptors, nfds_t(descriptors.count), timeoutMilliseconds)
        guard ready > 0 else { return [] }
        if descriptors[1].revents != 0 {
            var sink = [UInt8](repeating: 0, count: 64)
            while read(wakeReader, &sink, sink.count) > 0 {}
        }
        guard descriptors[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = read(STDIN_FILENO, &buffer, buffer.count)
        guard count > 0 else {
            // The terminal hung up (or read failed): report it as Ctrl-C so the caller quits.
            return count == 0 || (errno != EINTR && errno != EAGAIN) ? [0x03] : []
        }
        return Array(buffer.prefix(count))
    }

    /// Draws `lines` (each already exactly the window's width) from the top-left corner, in one write.
    func draw(_ lines: [String]) {
        var frame = "\u{1B}[H"
        for (row, line) in lines.enumerated() {
            frame += "\u{1B}[\(row + 1);1H" + line
        }
        write(frame)
    }

    /// Writes `text` to standard output, retrying short writes.
    func write(_ text: String) {
        TerminalSignals.writeAll(Array(text.utf8))
    }
}

/// Wakes the terminal's input wait from any thread (a byte into its self-pipe).
struct WakeUp: Sendable {
    let descriptor: Int32

    func callAsFunction() {
        var byte: UInt8 = 1
        _ = systemWrite(descriptor, &byte, 1)
    }
}

/// `write(2)`, under a name no method shadows.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// Why the terminal could not be put into full-screen mode.
enum TerminalError: Error, CustomStringConvertible {
    case notATerminal
    case termios(Int32)
    case pipe(Int32)

    var description: String {
        switch self {
        case .notATerminal: "standard input and output must be a terminal for the full-screen view (use --plain)"
        case .termios(let code): "cannot set the terminal's mode: \(String(cString: strerror(code)))"
        case .pipe(let code): "cannot create the wake-up pipe: \(String(cString: strerror(code)))"
        }
    }
}

/// Process-wide state the signal handlers read. Signal handlers are C functions and cannot capture, so this lives
/// in globals written once before the handlers are installed (and only read afterwards, async-signal-safely).
enum TerminalSignals {
    /// Alternate screen on (xterm private mode 1049), cursor hidden (DECTCEM, mode 25), screen cleared.
    static let enterSequence = "\u{1B}[?1049h\u{1B}[?25l\u{1B}[2J"
    /// Colours reset, cursor shown, alternate screen off.
    static let leaveSequence: StaticString = "\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l"

    nonisolated(unsafe) private static var original = termios()
    nonisolated(unsafe) private static var isActive: sig_atomic_t = 0
    nonisolated(unsafe) private static var wakeDescriptor: Int32 = -1

    static let endingSignals: [Int32] = [SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS]

    static func install(original saved: termios, wakeWriter: Int32) {
        original = saved
        wakeDescriptor = wakeWriter
        isActive = 1
        for number in endingSignals { _ = signal(number, restoreAndReraise) }
        _ = signal(SIGWINCH, wakeOnResize)
        // A parent may have started us with signals blocked (the mask is inherited); these must get through.
        var handled = sigset_t()
        sigemptyset(&handled)
        for number in endingSignals + [SIGWINCH] { sigaddset(&handled, number) }
        _ = pthread_sigmask(SIG_UNBLOCK, &handled, nil)
    }

    /// Restores the saved termios and leaves the alternate screen, once (later calls do nothing).
    static func restoreTerminal() {
        guard isActive == 1 else { return }
        isActive = 0
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
        // A StaticString's bytes are in the binary: nothing is allocated inside a signal handler.
        leaveSequence.withUTF8Buffer { bytes in
            _ = systemWrite(STDOUT_FILENO, bytes.baseAddress, bytes.count)
        }
        _ = signal(SIGWINCH, SIG_DFL)
    }

    static func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// A resize: wake the loop, which reads the new size and draws again. Only `write` (async-signal-safe).
    private static let wakeOnResize: @convention(c) (Int32) -> Void = { _ in
        var byte: UInt8 = 0x57
        let saved = errno
        _ = systemWrite(TerminalSignals.wakeDescriptor, &byte, 1)
        errno = saved
    }

    /// A signal that ends the process: give the terminal back, then let the default action happen. Uses only
    /// tcsetattr, write and signal/raise (async-signal-safe, POSIX.1-2017 §2.4.3).
    private static let restoreAndReraise: @convention(c) (Int32) -> Void = { number in
        restoreTerminal()
        _ = signal(number, SIG_DFL)
        _ = raise(number)
    }
}
