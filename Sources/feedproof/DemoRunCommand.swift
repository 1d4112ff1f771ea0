import Archive
import ArgumentParser
import FeedAudit
import Foundation
import Model
import Ranking

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension DemoCommand {
    /// `feedproof demo run` (what `make demo` runs): the whole publishing story on the demo model, from a fresh clone.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Commit the demo model, log it, publish demo users' rankings into an archive, verify them all.",
            discussion: """
                1. commits feeds/demo/ranker.fpmodel (fresh blinders and platform key) into <out>/commitments/demo/;
                2. creates a transparency log <out>/commitments/log.fptl and appends the ModelID;
                3. generates --users demo requests (cut to --candidates candidates) and publishes them into \
                <out>/archive.sqlite, as `feedproof publish` does;
                4. checks the archive and audits every bundle with FeedAuditor against the new commitment and log.
                The private opening and log key live in a temporary directory that is deleted at the end; nothing \
                private is written under <out>. Exit codes: 0 every ranking verified, 1 a check failed, 2 bad input.
                Example:
                  feedproof demo run --users 20 --candidates 1500
                """)

        @Option(help: "The quantized demo model.") var model = "feeds/demo/ranker.fpmodel"
        @Option(help: "Where the public outputs go (archive.sqlite and commitments/).") var out = "feeds/demo"
        @Option(help: "How many demo requests (users) to publish.") var users = 20
        @Option(help: "Candidates per request (the demo world retrieves 1,500).") var candidates = 1_500
        @Option(help: "Posts shown per ranking.") var k = 10
        @Option(help: "Requests proven concurrently.") var jobs = 1
        @Flag(help: "No progress bar.") var quiet = false

        func run() throws {
            try reportingFailures {
                guard users >= 1, candidates >= 1, k >= 1, jobs >= 1 else {
                    throw CommandFailure.badInput("--users, --candidates, --k and --jobs must be at least 1")
                }
                let clock = ContinuousClock()
                let start = clock.now
                let files = FileManager.default
                let commitments = URL(fileURLWithPath: out).appendingPathComponent("commitments").path
                let archivePath = URL(fileURLWithPath: out).appendingPathComponent("archive.sqlite").path
                let privateFolder = files.temporaryDirectory.appendingPathComponent(
                    "feedproof-demo-\(UUID().uuidString)")
                do {
                    try files.createDirectory(
                        at: privateFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                } catch {
                    throw CommandFailure.badInput(
                        "cannot create a private temporary directory: \(error.localizedDescription)")
                }
                defer { try? files.removeItem(at: privateFolder) }
                let openingPath = privateFolder.appendingPathComponent("demo.fpmo").path
                let logKeyPath = privateFolder.appendingPathComponent("log-key").path
                let requestsPath = privateFolder.appendingPathComponent("requests.jsonl").path

                // 1. Commit the model: a fresh publication replaces the previous demo outputs.
                step(1, "commit \(model)")
                let file: ModelFile
                do { file = try ModelFile(decoding: try readFile(model)) } catch let error as ModelFileError {
                    throw CommandFailure.badInput("\(model): \(error)")
                }
                for stale in [commitments, archivePath, archivePath + "-wal", archivePath + "-shm"] {
                    try? files.removeItem(atPath: stale)
                }
                do { try files.createDirectory(atPath: commitments, withIntermediateDirectories: true) } catch {
                    throw CommandFailure.badInput("cannot create \(commitments): \(error.localizedDescription)")
                }
                let opening: ModelOpening
                let commitSeconds: Double
                do {
                    let commitStart = clock.now
                    let (_, committed) = try ModelCommitment.commit(file.ranker)
                    commitSeconds = (clock.now - commitStart).inSeconds
                    opening = committed
                    try ModelPublication.checkOpeningPath(openingPath, commitmentsDirectory: commitments)
                    try writePrivate(try opening.encoded(), to: openingPath)
                    _ = try ModelPublication(name: "demo", opening: opening).write(commitmentsDirectory: commitments)
                } catch let failure as CommandFailure {
                    throw failure
                } catch {
                    throw CommandFailure.badInput("committing \(model): \(error)")
                }
                let modelID = opening.commitment.modelID
                print(
                    "   ModelID \(modelID.hex.prefix(32))… (\(opening.commitment.encoded.count) bytes, "
                        + String(format: "%.1f s", commitSeconds) + "); public files in \(commitments)/demo/")

                // 2. The transparency log, with the ModelID appended and a signed tree head.
                step(2, "append the ModelID to a new transparency log")
                var transparencyLog = TransparencyLog()
                let logKey = LogSigningKey()
                do {
                    let index = try transparencyLog.append(modelID.bytes)
                    try transparencyLog.signTreeHead(
                        timestamp: UInt64(max(0, Date().timeIntervalSince1970 * 1000)), with: logKey)
                    try writePrivate(Array(hex(logKey.seed).utf8) + [10], to: logKeyPath)
                    try writeFile(
                        Array(hex(logKey.publicKey.rawRepresentation).utf8) + [10],
                        to: URL(fileURLWithPath: commitments).appendingPathComponent(TrustAnchors.defaultLogKeyFile)
                            .path)
                    try writeFile(
                        transparencyLog.encoded,
                        to: URL(fileURLWithPath: commitments).appendingPathComponent(TrustAnchors.defaultLogFile).path)
                    print("   entry \(index), tree size \(transparencyLog.size), root \(transparencyLog.rootHash)")
                } catch let failure as CommandFailure {
                    throw failure
                } catch {
                    throw CommandFailure.badInput("log: \(error)")
                }

                // 3. Requests for the demo users, then the batch job.
                step(3, "publish \(users) demo requests (\(candidates) candidates, top \(k)) into \(archivePath)")
                var requests = FeedGenerator().requests(.demo, count: users)
                var lines: [UInt8] = []
                do {
                    for index in requests.indices {
                        requests[index].candidates = Array(requests[index].candidates.prefix(candidates))
                        requests[index].k = k
                        lines += try FeedGenerator.jsonLine(for: requests[index])
                    }
                } catch {
                    throw CommandFailure.badInput("demo requests: \(error)")
                }
                try writeFile(lines, to: requestsPath)
                let publisher: RankingPublisher
                do { publisher = try RankingPublisher(opening: opening) } catch {
                    throw CommandFailure.badInput("\(error)")
                }
                let publishStart = clock.now
                let summary = try publishBatch(
                    publisher: publisher, log: transparencyLog, requests: requestsPath, archive: archivePath,
                    shard: .whole, jobs: jobs, count: true, quiet: quiet)
                let publishSeconds = (clock.now - publishStart).inSeconds
                print(summary.split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))

                // 4. Check the archive, then audit every bundle against the new commitment and log.
                step(4, "check the archive and verify every ranking against \(commitments)")
                let report: ArchiveReport
                do { report = try ArchiveChecker.check(path: archivePath) } catch {
                    throw CommandFailure.badInput("\(error)")
                }
                print(
                    "   archive check: \(report.isClean ? "clean" : "\(report.problems.count) problems"), \(report.rowsChecked) rows"
                )
                for problem in report.problems { print("   PROBLEM \(problem)") }
                let anchors: TrustAnchors
                do { anchors = try TrustAnchors(commitmentsDirectory: commitments) } catch {
                    throw CommandFailure.badInput("\(error)")
                }
                let auditor = FeedAuditor(anchors: anchors)
                let (valid, total, verifySeconds, failures, distinctUsers) = try auditAll(archivePath, auditor)
                for failure in failures { print("   INVALID \(failure)") }

                let ok = report.isClean && valid == total && total == requests.count
                print("")
                print("summary")
                print(
                    "   model:      \(model), ModelID \(modelID.hex.prefix(16))…, in a log of size \(transparencyLog.size)"
                )
                print(
                    "   published:  \(total) rankings for \(distinctUsers) users, \(candidates) candidates each, in "
                        + String(
                            format: "%.1f s (%.1f s per ranking, %d job%@)", publishSeconds,
                            publishSeconds / Double(max(1, requests.count)), jobs, jobs == 1 ? "" : "s"))
                print(
                    "   verified:   \(valid)/\(total) VALID with FeedAuditor in "
                        + String(
                            format: "%.2f s (%.0f ms each)", verifySeconds, verifySeconds * 1000 / Double(max(1, total))
                        ))
                print(
                    "   archive:    \(archivePath), \(fileSize(archivePath)) bytes, check \(report.isClean ? "clean" : "FAILED")"
                )
                print("   total time: " + String(format: "%.1f s", (clock.now - start).inSeconds))
                print("   (private opening and log key were in \(privateFolder.path), now deleted)")
                print(ok ? "DEMO OK" : "DEMO FAILED")
                if !ok { throw ExitCode(1) }
            }
        }

        /// Audits every row; returns (valid, total, seconds, failure lines, distinct users).
        private func auditAll(_ path: String, _ auditor: FeedAuditor) throws
            -> (Int, Int, Double, [String], Int)
        {
            let archive: RankingArchive
            do { archive = try RankingArchive(readingFrom: path) } catch { throw CommandFailure.badInput("\(error)") }
            let clock = ContinuousClock()
            var valid = 0
            var total = 0
            var failures: [String] = []
            var users = Set<Int64>()
            var elapsed = Duration.zero
            var last = Int64.min
            while true {
                let page: [ArchivedRanking]
                do { page = try archive.rankings(afterRowID: last, limit: 16) } catch {
                    throw CommandFailure.badInput("\(error)")
                }
                guard let final = page.last else { break }
                for row in page {
                    let begin = clock.now
                    let verdict = auditor.audit(bundleBytes: row.bundle)
                    elapsed += clock.now - begin
                    total += 1
                    users.insert(row.userID)
                    if verdict.status == .valid {
                        valid += 1
                    } else {
                        failures.append(
                            "row \(row.rowID) (\(row.requestID)): \(verdict.failure.map { "\($0.kind.rawValue): \($0.detail)" } ?? "\(verdict.status)")"
                        )
                    }
                }
                last = final.rowID
            }
            return (valid, total, elapsed.inSeconds, failures, users.count)
        }

        private func step(_ number: Int, _ text: String) { print("[\(number)/4] \(text)") }


        private func fileSize(_ path: String) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        }

        /// Writes a private file readable by its owner only.
        private func writePrivate(_ bytes: [UInt8], to path: String) throws {
            guard
                FileManager.default.createFile(
                    atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
            else { throw CommandFailure.badInput("cannot write \(path)") }
        }
    }
}
