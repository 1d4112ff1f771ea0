import Foundation

/// The resident memory of this process, for per-workload peaks.
///
/// On Linux, writing "5" to /proc/self/clear_refs resets the kernel's high-water mark of the resident set (VmHWM in
/// /proc/self/status, also what getrusage's ru_maxrss reads) to the current RSS, so a peak can be measured around
/// one phase (a prove) rather than over the whole process. Elsewhere the peak falls back to ru_maxrss, which covers
/// everything the process did before.
public enum ProcessMemory {
    /// Resets the high-water mark to the current RSS; false where the kernel does not support it.
    @discardableResult
    public static func resetPeak() -> Bool {
        #if os(Linux)
            guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
            defer { try? handle.close() }
            do {
                try handle.write(contentsOf: Data("5".utf8))
                return true
            } catch {
                return false
            }
        #else
            return false
        #endif
    }

    /// The resident set's high-water mark in bytes (VmHWM on Linux, else ru_maxrss).
    public static func peakResidentBytes() -> Int {
        if let kib = statusField("VmHWM") { return kib * 1024 }
        let usage = selfUsage()
        #if os(Linux)
            return usage.ru_maxrss * 1024
        #else
            return usage.ru_maxrss  // bytes on Darwin
        #endif
    }

    /// The current resident set in bytes (VmRSS; nil where /proc is missing).
    public static func currentResidentBytes() -> Int? {
        statusField("VmRSS").map { $0 * 1024 }
    }

    /// Another process's current resident set in bytes (VmRSS of /proc/PID/status; nil when it is gone).
    public static func currentResidentBytes(ofProcess pid: Int32) -> Int? {
        statusField("VmRSS", process: "\(pid)").map { $0 * 1024 }
    }

    /// CPU time (user + system) this process has used so far, in seconds.
    public static func cpuSeconds() -> Double {
        let usage = selfUsage()
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// getrusage(RUSAGE_SELF).
    static func selfUsage() -> rusage {
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage
    }

    /// A "Name:   1234 kB" field of /proc/PROCESS/status (this process by default), in KiB.
    static func statusField(_ name: String, process: String = "self") -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return Int(line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }
}
