/// Formats benchmark results as an aligned table or as JSON.
public enum BenchmarkReport {
    /// A human-readable table with a target column.
    public static func table(_ results: [Measurement], title: String) -> String {
        var lines = [title]
        let width = max(28, results.map(\.name.count).max() ?? 0)
        lines.append(pad("workload", width) + "  " + leftPad("time/op", 12) + "  " + leftPad("target", 12) + "  status")
        for result in results {
            let status: String
            switch result.meetsTarget {
            case .some(true): status = "ok"
            case .some(false): status = "MISSED"
            case .none: status = ""
            }
            lines.append(
                pad(result.name, width) + "  " + leftPad(format(result.nanosecondsPerOperation, result.unit), 12) + "  "
                    + leftPad(result.targetNanoseconds.map { format($0, result.unit) } ?? "", 12) + "  " + status)
        }
        return lines.joined(separator: "\n")
    }

    /// JSON: an object with the title and one entry per workload (nanoseconds per operation), and the workloads
    /// that could not be measured, with why, if any.
    public static func json(
        _ results: [Measurement], title: String, cores: Int, processor: String? = nil,
        failures: [(name: String, reason: String)] = []
    ) -> String {
        let entries = results.map { r in
            var fields = [
                "\"name\": \(quoted(r.name))",
                r.unit == .bytes
                    ? "\"bytes\": \(Int(r.nanosecondsPerOperation))"
                    : r.unit == .ratio
                        ? "\"ratio\": \(rounded(r.nanosecondsPerOperation))"
                        : "\"ns_per_op\": \(rounded(r.nanosecondsPerOperation))",
                "\"ops_per_round\": \(r.operationsPerRound)",
            ]
            if let target = r.targetNanoseconds {
                fields.append(
                    r.unit == .bytes
                        ? "\"target_bytes\": \(Int(target))"
                        : r.unit == .ratio ? "\"target_ratio\": \(rounded(target))" : "\"target_ns\": \(rounded(target))")
                fields.append("\"meets_target\": \(r.meetsTarget == true)")
            }
            return "    {" + fields.joined(separator: ", ") + "}"
        }
        let failed = failures.map { "    {\"name\": \(quoted($0.name)), \"not_measured\": \(quoted($0.reason))}" }
        let machine = "  \"cores\": \(cores),\n" + (processor.map { "  \"processor\": \(quoted($0)),\n" } ?? "")
        return "{\n  \"benchmark\": \(quoted(title)),\n" + machine + "  \"results\": [\n"
            + entries.joined(separator: ",\n") + "\n  ]"
            + (failed.isEmpty ? "" : ",\n  \"failed\": [\n" + failed.joined(separator: ",\n") + "\n  ]") + "\n}"
    }

    /// A value in its unit: "23.4 ns", "1.52 µs", "148 ms", or "736 B", "98.5 KiB", "3.53 GiB".
    public static func format(_ value: Double, _ unit: Measurement.Unit) -> String {
        switch unit {
        case .nanoseconds: return format(value)
        case .bytes:
            if value < 1024 { return "\(Int(value)) B" }
            if value < 1024 * 1024 { return String(rounded(value / 1024)) + " KiB" }
            if value < 1024 * 1024 * 1024 { return String(rounded(value / (1024 * 1024))) + " MiB" }
            return String(rounded(value / (1024 * 1024 * 1024))) + " GiB"
        case .ratio: return String(rounded(value)) + "×"
        }
    }

    /// "23.4 ns", "1.52 µs", "148 ms".
    public static func format(_ nanoseconds: Double) -> String {
        if nanoseconds < 1_000 { return String(rounded(nanoseconds)) + " ns" }
        if nanoseconds < 1_000_000 { return String(rounded(nanoseconds / 1_000)) + " µs" }
        if nanoseconds < 1_000_000_000 { return String(rounded(nanoseconds / 1_000_000)) + " ms" }
        return String(rounded(nanoseconds / 1_000_000_000)) + " s"
    }

    private static func rounded(_ value: Double) -> Double {
        // Three significant digits.
        guard value > 0 else { return 0 }
        var scale = 1.0
        while value * scale < 100 { scale *= 10 }
        while value * scale >= 1000 { scale /= 10 }
        guard scale < 1 else { return (value * scale).rounded() / scale }
        // Large values: divide by a whole power of ten, so 3.37e9 prints as 3370000000, not 3369999999.999999.
        let step = (1 / scale).rounded()
        return (value / step).rounded() * step
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private static func leftPad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
