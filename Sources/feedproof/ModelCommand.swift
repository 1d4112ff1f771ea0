import ArgumentParser
import FeedProofBench
import Foundation
import Model
import Ranking

/// `feedproof model`: import an ONNX ranker into a quantized model file, and inspect one.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Import, inspect and commit to ranking models.",
        subcommands: [Import.self, Inspect.self, Commit.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Quantize an ONNX ranker, calibrated on sample requests, into a .fpmodel file.",
            discussion: """
                The model must read the demo feature schema (8 dense features, author and topic ids). Accuracy is \
                measured on held-out requests of the demo world (quantized vs float: top-k overlap, Kendall τ).
                Example:
                  feedproof model import feeds/demo/ranker.onnx \\
                      --calibration feeds/demo/requests.jsonl \\
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

extension ModelCommand {
    /// `feedproof model commit`: publish a model version (DESIGN.md §2, "Model publication").
    struct Commit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "commit",
            abstract: "Commit to a quantized model: write its public commitment folder and the private opening.",
            discussion: """
                Commits to every tensor of the model (Hyrax rows with fresh blinders), proves the weights are int8 and \
                the biases int32 (π_wf), and generates the platform's Ed25519 bundle-signing key. Writes \
                <commitments>/<name>/commitment.fpmc, model.json and platform-key.pub (all public), and the private \
                opening (weights, blinders, signing key) to --opening-out, which must lie outside the commitments \
                directory. Keep the opening secret.
                Example:
                  feedproof model commit feeds/demo/ranker.fpmodel --name demo-v1 \\
                      --opening-out ~/demo-v1.fpmo
                """)

        @Argument(help: "The .fpmodel file.")
        var model: String

        @Option(help: "The model version's name (letters, digits, '.', '_', '-'); its folder's name.")
        var name: String

        @Option(help: "The public commitments directory.")
        var commitments = "commitments"

        @Option(help: "Where to write the private opening (outside the commitments directory).")
        var openingOut: String

        @Flag(help: "Overwrite an existing commitment folder and opening file.")
        var force = false

        func run() throws {
            try reportingFailures {
                do {
                    try ModelPublication.checkName(name)
                    try ModelPublication.checkOpeningPath(openingOut, commitmentsDirectory: commitments)
                } catch {
                    throw CommandFailure.badInput(String(describing: error))
                }
                let folder = ModelPublication.folder(name: name, commitmentsDirectory: commitments)
                let files = FileManager.default
                guard force || !files.fileExists(atPath: folder) else {
                    throw CommandFailure.badInput("\(folder) already exists (use --force to overwrite)")
                }
                guard force || !files.fileExists(atPath: openingOut) else {
                    throw CommandFailure.badInput("\(openingOut) already exists (use --force to overwrite)")
                }
                var isDirectory: ObjCBool = false
                guard !(files.fileExists(atPath: openingOut, isDirectory: &isDirectory) && isDirectory.boolValue) else {
                    throw CommandFailure.badInput("\(openingOut) is a directory; --opening-out names the opening file")
                }
                let openingFolder = URL(fileURLWithPath: openingOut).deletingLastPathComponent().path
                guard files.fileExists(atPath: openingFolder, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw CommandFailure.badInput("the opening's directory \(openingFolder) does not exist")
                }
                let file: ModelFile
                do { file = try ModelFile(decoding: try readFile(model)) } catch let error as ModelFileError {
                    throw CommandFailure.badInput("\(model): \(error)")
                }

                let clock = ContinuousClock()
                var committed: (commitment: ModelCommitment, opening: ModelOpening)?
                var commitError: (any Error)?
                let commitTime = clock.measure {
                    do { committed = try ModelCommitment.commit(file.ranker) } catch { commitError = error }
                }
                guard let (commitment, opening) = committed else {
                    throw CommandFailure.badInput("\(model): \(commitError.map { String(describing: $0) } ?? "commitment failed")")
                }
                var verifyError: (any Error)?
                let verifyTime = clock.measure {
                    do { try commitment.verify() } catch { verifyError = error }
                }
                if let verifyError {
                    // A proof that does not verify is a bug, never the input's fault.
                    throw CommandFailure(description: "self-check failed: \(verifyError)", code: 1)
                }

                // The private opening first: a publication whose opening was lost could never be proven against.
                do { try writePrivateFile(try opening.encoded(), to: openingOut) } catch let error as ModelCommitmentError {
                    throw CommandFailure.badInput(error.description)
                }
                let written: [String]
                do {
                    written = try ModelPublication(name: name, opening: opening)
                        .write(commitmentsDirectory: commitments, force: force)
                } catch {
                    throw CommandFailure.badInput(String(describing: error))
                }

                print("model \(model) committed as \(name)")
                print("  ModelID:      \(commitment.modelID.hex)")
                print("  parameters:   \(file.ranker.parameterCount)")
                print("  commitment:   \(commitment.encoded.count) bytes (commit and prove \(milliseconds(commitTime)) ms, "
                    + "verify \(milliseconds(verifyTime)) ms)")
                for path in written { print("  public:       \(path)") }
                print("  private:      \(openingOut) (weights, blinders and the platform signing key; keep it secret)")
            }
        }

        /// Writes the opening readable by its owner only (mode 0600), replacing an existing file.
        private func writePrivateFile(_ bytes: [UInt8], to path: String) throws {
            let files = FileManager.default
            if files.fileExists(atPath: path) {
                do { try files.removeItem(atPath: path) } catch {
                    throw CommandFailure.badInput("cannot replace \(path): \(error.localizedDescription)")
                }
            }
            guard files.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
                throw CommandFailure.badInput("cannot write \(path)")
            }
        }

        private func milliseconds(_ duration: Duration) -> Int {
            Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
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
