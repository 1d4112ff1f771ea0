extension WorkloadBenchmarks {
    /// The table of `feedproof bench workloads`, with the notes that say how each column was measured.
    public static func table(_ outcomes: [Outcome], cores: Int, processor: String? = nil) -> String {
        let header = [
            "workload", "weights", "emb. entries", "commit (once)", "prove", "prove CPU", "verify", "proof",
            "prover peak RSS", "prove / golden",
        ]
        var rows: [[String]] = []
        var notes: [String] = []
        for outcome in outcomes {
            switch outcome {
            case .measured(let f):
                rows.append([
                    "\(f.size.rawValue): n = \(count(f.candidates)), k = \(f.shown)", count(f.multiplyWeights),
                    count(f.embeddingEntries), BenchmarkReport.format(f.commitSeconds * 1e9),
                    BenchmarkReport.format(f.proveSeconds * 1e9), BenchmarkReport.format(f.proveCPUSeconds * 1e9),
                    BenchmarkReport.format(f.verifySeconds * 1e9), BenchmarkReport.format(Double(f.proofBytes), .bytes),
                    BenchmarkReport.format(Double(f.proverPeakBytes), .bytes),
                    count(Int(f.proveOverGolden.rounded())) + "×",
                ])
                let before = f.residentBeforeProveBytes.map { BenchmarkReport.format(Double($0), .bytes) } ?? "?"
                notes.append(
                    "\(f.size.rawValue): \(f.layout); golden inference \(BenchmarkReport.format(f.goldenSeconds * 1e9)); "
                        + "RSS before the prove \(before), whole child process peak "
                        + "\(BenchmarkReport.format(Double(f.processPeakBytes), .bytes)); prove median of \(f.proveRounds)")
                if f.proveSeconds > feasibleProveSeconds || f.proverPeakBytes > feasiblePeakBytes {
                    notes.append(
                        "\(f.size.rawValue) is past this machine's feasibility bounds (prove ≤ "
                            + "\(Int(feasibleProveSeconds)) s, peak ≤ \(feasiblePeakBytes >> 30) GiB)")
                }
            case .failed(let size, let reason):
                rows.append([size.title] + Array(repeating: "—", count: header.count - 1))
                notes.append("\(size.rawValue) not measured: \(reason)")
            }
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let padding = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        var method: String?
        for case .measured(let f) in outcomes where method == nil { method = f.peakMethod }
        return ([
            "feedproof bench workloads (\(SystemFacts.summary(cores: cores, processor: processor)); "
                + "each workload in its own child process)",
            line(header),
        ] + rows.map(line) + [""] + notes + [
            "commit: Hyrax commitments of every tensor plus the well-formedness proof, once per model version "
                + "(the generators, derived once per process, excluded).",
            "prove / verify: wall-clock medians; prove CPU: user + system time per prove over both cores.",
            "proof: the encoded ranking proof (the model commitment and the statement are not counted).",
            "prover peak RSS: \(method ?? "not measured")",
            "prove / golden: prove time over plain golden integer inference of the same n candidates.",
        ]).joined(separator: "\n")
    }

    /// JSON in the shape of the other groups' (one entry per figure), plus the workloads that failed and why.
    public static func json(_ outcomes: [Outcome], cores: Int, processor: String? = nil) -> String {
        var measurements: [Measurement] = []
        var failures: [(name: String, reason: String)] = []
        for outcome in outcomes {
            switch outcome {
            case .measured(let f): measurements += f.measurements
            case .failed(let size, let reason): failures.append((size.title, reason))
            }
        }
        return BenchmarkReport.json(
            measurements, title: "workloads", cores: cores, processor: processor, failures: failures)
    }

    /// "1,036,032".
    static func count(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }
}
