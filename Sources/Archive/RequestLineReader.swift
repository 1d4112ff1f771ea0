import Foundation

/// Reads a JSON Lines requests file one line at a time through a fixed-size buffer, so a file of any size is
/// streamed, never loaded whole. Lines end with `\n` (a `\r` before it is dropped); the last line needs no `\n`.
/// A line longer than ``maxLineBytes`` is not buffered: it is reported as overlong with its first bytes only.
///
/// Not thread-safe; ``BatchPublisher`` serializes access.
public final class RequestLineReader {
    /// One physical line.
    public struct Line: Sendable {
        /// The 1-based line number.
        public let number: Int
        /// The line's bytes without the line break (only the first ``RequestLineReader/maxLineBytes`` when
        /// ``isOverlong``).
        public let bytes: ArraySlice<UInt8>
        /// Whether the line was longer than the limit (its tail was skipped).
        public let isOverlong: Bool
        /// The line's full length in bytes, without its line break (`\n` or `\r\n`), overlong or not.
        public let length: Int

        /// Whether the line holds only spaces, tabs or nothing (such lines are not requests and are ignored).
        public var isBlank: Bool { !isOverlong && bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
    }

    /// The default longest line: a 1,500-candidate request is about 250 KB.
    public static let defaultMaxLineBytes = 64 << 20
    /// Bytes read from the file at a time.
    static let chunkSize = 1 << 20

    /// The longest line kept whole.
    public let maxLineBytes: Int
    private let handle: FileHandle
    private let path: String
    private var buffer: [UInt8] = []
    private var start = 0
    /// Bytes before this index (from `start`) are known to hold no line break: a long line is scanned once.
    private var scanned = 0
    private var lineNumber = 0
    private var atEnd = false
    /// Whether the last byte skipped of an overlong line was a `\r` (part of its `\r\n` when the `\n` comes next).
    private var skippedEndsWithCR = false

    /// Opens `path` for reading.
    /// - Throws: ``ArchiveError/requests(path:reason:)`` when it cannot be opened.
    public init(path: String, maxLineBytes: Int = RequestLineReader.defaultMaxLineBytes) throws(ArchiveError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .requests(path: path, reason: "cannot open the file")
        }
        self.handle = handle
        self.path = path
        self.maxLineBytes = max(1, maxLineBytes)
    }

    deinit { try? handle.close() }

    /// The next line, or nil at the end of the file.
    /// - Throws: ``ArchiveError/requests(path:reason:)`` on a read error.
    public func next() throws(ArchiveError) -> Line? {
        var overlongPrefix: [UInt8]?
        var skipped = 0
        while true {
            if let newline = buffer[max(start, scanned)...].firstIndex(of: 0x0A) {
                lineNumber += 1
                var end = newline
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                defer {
                    start = newline + 1
                    scanned = start
                }
                if let prefix = overlongPrefix {
                    let endsWithCR = newline > start ? buffer[newline - 1] == 0x0D : skippedEndsWithCR
                    return Line(
                        number: lineNumber, bytes: prefix[...], isOverlong: true,
                        length: skipped + (newline - start) - (endsWithCR ? 1 : 0))
                }
                if end - start > maxLineBytes {
                    return Line(
                        number: lineNumber, bytes: buffer[start..<(start + maxLineBytes)], isOverlong: true,
                        length: end - start)
                }
                return Line(number: lineNumber, bytes: buffer[start..<end], isOverlong: false, length: end - start)
            }
            scanned = buffer.count
            // No line break in the buffer: keep only the prefix of a line that is already too long.
            // (A final `\r` may be half of the line break: it does not count towards the limit.)
            if buffer.count - start - (buffer.last == 0x0D ? 1 : 0) > maxLineBytes {
                if overlongPrefix == nil { overlongPrefix = Array(buffer[start..<(start + maxLineBytes)]) }
                skipped += buffer.count - start
                skippedEndsWithCR = buffer.last == 0x0D
                buffer.removeAll(keepingCapacity: true)
                start = 0
                scanned = 0
            }
            if atEnd {
                guard start < buffer.count || overlongPrefix != nil else { return nil }
                lineNumber += 1
                let rest = buffer[start...]
                buffer.removeAll()
                start = 0
                scanned = 0
                if let prefix = overlongPrefix {
                    overlongPrefix = nil
                    let endsWithCR = rest.isEmpty ? skippedEndsWithCR : rest.last == 0x0D
                    return Line(
                        number: lineNumber, bytes: prefix[...], isOverlong: true,
                        length: skipped + rest.count - (endsWithCR ? 1 : 0))
                }
                var end = rest.endIndex
                if end > rest.startIndex, rest[end - 1] == 0x0D { end -= 1 }
                return Line(
                    number: lineNumber, bytes: Array(rest[..<end])[...], isOverlong: false,
                    length: end - rest.startIndex)
            }
            try fill()
        }
    }

    /// Reads the next chunk, dropping the consumed front of the buffer first.
    private func fill() throws(ArchiveError) {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
        let chunk: Data?
        do { chunk = try handle.read(upToCount: Self.chunkSize) } catch {
            throw .requests(path: path, reason: error.localizedDescription)
        }
        guard let chunk, !chunk.isEmpty else {
            atEnd = true
            return
        }
        buffer.append(contentsOf: chunk)
    }

    /// The number of non-blank lines in `path` (the batch's total), in one streaming pass.
    /// - Throws: ``ArchiveError/requests(path:reason:)``.
    /// - Complexity: O(file size) time, O(chunk) memory.
    public static func countRequests(path: String) throws(ArchiveError) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .requests(path: path, reason: "cannot open the file")
        }
        defer { try? handle.close() }
        var count = 0
        var lineHasContent = false
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: chunkSize) } catch {
                throw .requests(path: path, reason: error.localizedDescription)
            }
            guard let chunk, !chunk.isEmpty else { break }
            chunk.withUnsafeBytes { bytes in
                for byte in bytes {
                    switch byte {
                    case 0x0A:
                        if lineHasContent { count += 1 }
                        lineHasContent = false
                    case 0x20, 0x09, 0x0D: break
                    default: lineHasContent = true
                    }
                }
            }
        }
        return count + (lineHasContent ? 1 : 0)
    }
}
