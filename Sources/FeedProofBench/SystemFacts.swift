#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about the machine a benchmark ran on.
public enum SystemFacts {
    /// Online processor cores.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// "2 cores; AMD EPYC, family 26, model 2", the processor left out when unknown: how benchmark titles name the
    /// machine they ran on.
    public static func summary(cores: Int, processor: String?) -> String {
        (["\(cores) cores"] + [processor].compactMap { $0 }).joined(separator: "; ")
    }

    /// The processor as /proc/cpuinfo names it, with its family and model ("AMD EPYC, family 26, model 2"): hosts of
    /// one VM kind differ, and benchmark tables say which one measured them. Nil where /proc/cpuinfo is missing.
    public static var processor: String? {
        guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
        defer { fclose(file) }
        var fields: [String: String] = [:]
        var buffer = [CChar](repeating: 0, count: 4096)
        while fields.count < 3, fgets(&buffer, Int32(buffer.count), file) != nil {
            let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingWhitespace()
            if ["model name", "cpu family", "model"].contains(key), fields[key] == nil {
                fields[key] = line[line.index(after: colon)...].trimmingWhitespace()
            }
        }
        guard let name = fields["model name"] else { return nil }
        var parts = [name]
        if let family = fields["cpu family"] { parts.append("family \(family)") }
        if let model = fields["model"] { parts.append("model \(model)") }
        return parts.joined(separator: ", ")
    }
}

extension Substring {
    /// Without leading and trailing spaces, tabs and newlines.
    fileprivate func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}

/// Writes a line to standard error (progress that must not mix with the results on standard output).
public func printToStandardError(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}
