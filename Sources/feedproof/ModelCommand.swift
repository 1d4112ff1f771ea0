import ArgumentParser
import FeedProofBench
import Foundation
import Model

/// `feedproof model`: import an ONNX ranker into a quantized model file, and inspect one.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Import and inspect ranking models.",
        subcommands: [Import.self, Inspect.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Quantize an ONNX ranker, calibrated on sample requests, into a .fpmodel file.",
            discussion: """
                The model must read the demo feature schema (8 dense features, author and topic ids). Accuracy is
                measured on held-out requests of the demo world (quantized vs float: top-k overlap, Kendall τ).
                Example:
                  feedproof model import feeds/demo/ranker.onnx --calibration feeds/demo/requests.jsonl \\
                      --out feeds/demo/ranker.fpmodel
                """)

        @Argument(help: "The ONNX model.")
        var model: String

        @Option(help: "Requests (JSON Lines) whose candidates calibrate the activation ranges.")
        var calibration: String

        @Option(help: "Where to write the quantized model.")
        var out: String

        @Option(help: "How many held-out demo requests to compare on (0 skips the comparison).")
        var heldOut = 200

        @Option(help: "k of the top-k overlap.")
        var k = 10

        func run() throws {
            try reportingFailures {
                let onnx = try readFile(model)
                let calibrationRequests: [FeedRequest]
                do { calibrationRequests = try FeedGenerator.decodeRequests(jsonLines: try readFile(calibration)) } catch
                let error as FeedFileError {
                    throw CommandFailure.badInput("\(calibration): \(error)")
                }
                printToStandardError("generating \(heldOut) held-out requests and comparing (this takes a while)…")
                let heldOutRequests = FeedGenerator().requests(.heldOut, count: heldOut)
                let file: ModelFile
                do {
                    file = try ModelImport.run(
                        onnx: onnx, source: (model as NSString).lastPathComponent, schema: .demo,
                        calibration: calibrationRequests, heldOut: heldOutRequests, k: k)
                } catch {
                    throw CommandFailure.badInput("\(model): \(error)")
                }
                do { try writeFile(try file.encoded(), to: out) } catch let error as ModelFileError {
                    throw CommandFailure.badInput(error.description)
                }
                print(InspectReport(file: file, path: out).text)
            }
        }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Show a .fpmodel file's descriptor, sizes and accuracy report.",
            discussion: "Example:\n  feedproof model inspect feeds/demo/ranker.fpmodel --json")

        @Argument(help: "The .fpmodel file.")
        var model: String

        @Flag(help: "Print the descriptor's JSON view and the report as JSON.")
        var json = false

        func run() throws {
            try reportingFailures {
                let file: ModelFile
                do { file = try ModelFile(decoding: try readFile(model)) } catch let error as ModelFileError {
                    throw CommandFailure.badInput("\(model): \(error)")
                }
                if json {
                    print(file.ranker.descriptor.jsonString())
                } else {
                    print(InspectReport(file: file, path: model).text)
                }
            }
        }
    }
}

/// The human-readable summary of a model file.
struct InspectReport {
    let file: ModelFile
    let path: String

    var text: String {
        let descriptor = file.ranker.descriptor
        var lines = ["model \(path)"]
        lines.append("  parameters:   \(file.ranker.parameterCount) (int8 weights and embeddings, int32 biases)")
        lines.append("  descriptor:   \(descriptor.canonicalBytes.count) bytes")
        for embedding in descriptor.embeddings {
            lines.append("  embedding:    \(embedding.rows) × \(embedding.dimension)")
        }
        for layer in descriptor.layers {
            lines.append("  layer \(layer.name): \(layer.inputs) → \(layer.outputs)")
        }
        lines.append("  heads:        \(descriptor.headCount)")
        if let report = file.report {
            lines.append("accuracy (quantized vs float, \(report.heldOutRequests) held-out requests of the demo world)")
            lines.append("  top-\(report.k) overlap: mean \(fixed(report.meanTopKOverlap)), lowest \(fixed(report.minimumTopKOverlap))")
            lines.append("  Kendall τ:      mean \(fixed(report.meanKendallTau)), lowest \(fixed(report.minimumKendallTau))")
            lines.append("  source: \(report.source), \(report.floatParameterCount) float parameters, "
                + "calibrated on \(report.calibrationRequests) requests")
        } else {
            lines.append("accuracy: not recorded")
        }
        return lines.joined(separator: "\n")
    }

    private func fixed(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = abs(thousandths % 1000)
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - String(fraction).count))\(fraction)"
    }
}
