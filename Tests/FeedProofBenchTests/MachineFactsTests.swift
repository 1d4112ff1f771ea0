import Foundation
import Testing

@testable import FeedProofBench

/// What the timing benchmarks print about the machine: the processor line, the speed index and the JSON fields that
/// carry them, so tables from different hosts of one VM kind can be told apart.
@Suite struct MachineFactsTests {
    /// Where /proc/cpuinfo names the processor, the description starts with that name; elsewhere it is nil.
    @Test func processorComesFromCPUInfo() throws {
        let cpuInfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let name = cpuInfo?.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if let name {
            let processor = try #require(SystemFacts.processor)
            #expect(processor.hasPrefix(name))
            if cpuInfo?.contains("cpu family") == true { #expect(processor.contains("family ")) }
        } else {
            #expect(SystemFacts.processor == nil)
        }
    }

    @Test func summaryNamesCoresAndProcessor() {
        let processor = "AMD EPYC, family 26, model 2"
        #expect(SystemFacts.summary(cores: 2, processor: processor) == "2 cores; AMD EPYC, family 26, model 2")
        #expect(SystemFacts.summary(cores: 2, processor: nil) == "2 cores")
    }

    @Test func speedIndexIsMeasuredUnlessFilteredOut() throws {
        let index = try #require(MachineIndex.measure(quick: true, filter: nil))
        #expect(index.name == MachineIndex.name && index.nanosecondsPerOperation > 0)
        #expect(MachineIndex.measure(quick: true, filter: "machine speed") != nil)
        #expect(MachineIndex.measure(quick: true, filter: "prove, M") == nil)
    }

    /// The JSON report carries the processor when it is known, stays valid JSON, and omits the field otherwise.
    @Test func jsonReportCarriesTheProcessor() throws {
        let results = [Measurement.ratio("a ratio", 1.5)]
        let processor = "AMD EPYC \"quoted\", family 26"
        let with = BenchmarkReport.json(results, title: "ranking", cores: 2, processor: processor)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(with.utf8)) as? [String: Any])
        #expect(object["processor"] as? String == processor)
        #expect(object["cores"] as? Int == 2)
        let without = BenchmarkReport.json(results, title: "ranking", cores: 2)
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(without.utf8)) as? [String: Any])
        #expect(plain["processor"] == nil && plain["benchmark"] as? String == "ranking")
    }
}
