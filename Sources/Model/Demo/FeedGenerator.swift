import Foundation

/// Writes the demo world's requests and training data as JSON Lines (formats in `feeds/demo/README.md`).
///
/// Output is byte-for-byte deterministic for a given world configuration: keys are sorted, there is one object
/// per line, each line ends in `\n`.
public struct FeedGenerator: Sendable {
    /// The world requests come from.
    public let world: DemoWorld
    /// The schema training features are computed with.
    public let schema: FeatureSchema

    /// A generator over `world`, computing training features with `schema`.
    public init(world: DemoWorld = DemoWorld(), schema: FeatureSchema = .demo) {
        self.world = world
        self.schema = schema
    }

    /// Requests `start ..< start + count` of `stream`.
    public func requests(_ stream: DemoWorld.RequestStream, count: Int, startingAt start: Int = 0) -> [FeedRequest] {
        (start..<(start + max(0, count))).map { world.request(stream, index: $0) }
    }

    /// Requests as JSON Lines (the `feeds/demo/requests.jsonl` format).
    /// - Throws: ``FeedFileError/encoding(_:)`` if JSON encoding fails.
    public func requestsJSONLines(_ stream: DemoWorld.RequestStream, count: Int, startingAt start: Int = 0)
        throws(FeedFileError) -> [UInt8]
    {
        var bytes = [UInt8]()
        for index in start..<(start + max(0, count)) {
            bytes += try Self.jsonLine(for: world.request(stream, index: index))
        }
        return bytes
    }

    /// One request as a JSON line (sorted keys, no escaped slashes, trailing newline).
    /// - Throws: ``FeedFileError/encoding(_:)`` if JSON encoding fails.
    public static func jsonLine(for request: FeedRequest) throws(FeedFileError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(request)) + [0x0A]
        } catch {
            throw .encoding(String(describing: error))
        }
    }

    /// Parses JSON Lines of requests; blank lines are skipped.
    /// - Throws: ``FeedFileError/malformedLine(line:reason:)`` naming the 1-based line.
    public static func decodeRequests(jsonLines bytes: [UInt8]) throws(FeedFileError) -> [FeedRequest] {
        let decoder = JSONDecoder()
        var requests = [FeedRequest]()
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                requests.append(try decoder.decode(FeedRequest.self, from: Data(line)))
            } catch {
                throw .malformedLine(line: lineNumber, reason: String(describing: error))
            }
        }
        return requests
    }

    /// Training examples of `request`: one JSON line per candidate,
    /// `{"dense":[…],"ids":[…],"labels":[click,like,share,reply],"post_id":…,"request_id":"…"}`,
    /// features from ``schema``, labels from ``DemoWorld/labels(for:)`` in ``EngagementHead`` order.
    /// - Throws: ``FeedFileError/features(_:)`` if a candidate's features cannot be computed.
    public func trainingJSONLines(for request: FeedRequest) throws(FeedFileError) -> [UInt8] {
        let labels = world.labels(for: request)
        var text = ""
        text.reserveCapacity(request.candidates.count * 96)
        for (post, postLabels) in zip(request.candidates, labels) {
            let features: FeatureVector
            do { features = try schema.features(for: post) } catch { throw .features(error) }
            text += "{\"dense\":["
            text += features.dense.map(String.init).joined(separator: ",")
            text += "],\"ids\":["
            text += features.ids.map(String.init).joined(separator: ",")
            text += "],\"labels\":["
            text += postLabels.map(String.init).joined(separator: ",")
            text += "],\"post_id\":\(post.postID),\"request_id\":\"\(request.requestID)\"}\n"
        }
        return Array(text.utf8)
    }

    /// Writes requests `start ..< start + count` of `stream` as JSON Lines to `path`.
    /// - Throws: ``FeedFileError``.
    public func writeRequests(
        _ stream: DemoWorld.RequestStream, count: Int, startingAt start: Int = 0, to path: String
    ) throws(FeedFileError) {
        try Self.write(requestsJSONLines(stream, count: count, startingAt: start), to: path)
    }

    /// Writes the training examples of requests `start ..< start + count` of `stream` as JSON Lines to `path`.
    /// - Throws: ``FeedFileError``.
    public func writeTrainingData(
        _ stream: DemoWorld.RequestStream, count: Int, startingAt start: Int = 0, to path: String
    ) throws(FeedFileError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw .io(path: path, reason: "cannot create the file") }
        defer { try? handle.close() }
        for index in start..<(start + max(0, count)) {
            let lines = try trainingJSONLines(for: world.request(stream, index: index))
            do { try handle.write(contentsOf: Data(lines)) } catch {
                throw .io(path: path, reason: String(describing: error))
            }
        }
    }

    private static func write(_ bytes: [UInt8], to path: String) throws(FeedFileError) {
        do { try Data(bytes).write(to: URL(fileURLWithPath: path)) } catch {
            throw .io(path: path, reason: String(describing: error))
        }
    }
}

/// Why a feed file could not be written or read.
public enum FeedFileError: Error, Sendable, Equatable {
    /// JSON encoding failed (message from the encoder).
    case encoding(String)
    /// A JSON line is not a valid ``FeedRequest``.
    case malformedLine(line: Int, reason: String)
    /// A candidate's features could not be computed.
    case features(FeatureError)
    /// Reading or writing a file failed.
    case io(path: String, reason: String)
}

extension FeedFileError: CustomStringConvertible {
    /// A message for the CLI.
    public var description: String {
        switch self {
        case .encoding(let reason): "cannot encode request: \(reason)"
        case .malformedLine(let line, let reason): "line \(line): not a feed request: \(reason)"
        case .features(let error): error.description
        case .io(let path, let reason): "\(path): \(reason)"
        }
    }
}
