import Archive
import Foundation
import Testing

@Suite("Request line reader")
struct RequestLineReaderTests {
    func lines(_ text: [UInt8], max: Int = 64) throws -> [RequestLineReader.Line] {
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reader = try RequestLineReader(
            path: try ArchiveFixture.write(text, "lines.jsonl", in: folder), maxLineBytes: max)
        var result: [RequestLineReader.Line] = []
        while let line = try reader.next() { result.append(line) }
        return result
    }

    @Test("line numbers, CRLF, blank lines and a last line without a newline")
    func basics() throws {
        let read = try lines(Array("one\r\n\n  \ntwo\nthree".utf8))
        #expect(read.map(\.number) == [1, 2, 3, 4, 5])
        #expect(read.map { String(decoding: $0.bytes, as: UTF8.self) } == ["one", "", "  ", "two", "three"])
        #expect(read.map(\.isBlank) == [false, true, true, false, false])
        #expect(read.allSatisfy { !$0.isOverlong })
    }

    @Test("an overlong line is cut, reported with its length, and the next line is intact")
    func overlong() throws {
        let long = [UInt8](repeating: 0x78, count: 200)
        let read = try lines(Array("a\n".utf8) + long + Array("\nb\n".utf8) + long, max: 16)
        #expect(read.map(\.number) == [1, 2, 3, 4])
        #expect(read[1].isOverlong && read[1].length == 200 && read[1].bytes.count == 16)
        #expect(String(decoding: read[2].bytes, as: UTF8.self) == "b" && !read[2].isOverlong)
        #expect(read[3].isOverlong && read[3].length == 200)
    }

    @Test("counting streams the file and skips blank lines")
    func counting() throws {
        let folder = try ArchiveFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Larger than one read chunk, so lines straddle chunk boundaries.
        var text: [UInt8] = []
        for index in 0..<30_000 {
            text += Array("{\"line\": \(index), \"padding\": \"\(String(repeating: "p", count: 40))\"}\n".utf8)
        }
        text += Array("\n \n{\"last\": true}".utf8)
        let path = try ArchiveFixture.write(text, "many.jsonl", in: folder)
        #expect(try RequestLineReader.countRequests(path: path) == 30_001)
        let reader = try RequestLineReader(path: path)
        var count = 0
        var last: RequestLineReader.Line?
        while let line = try reader.next() {
            if !line.isBlank { count += 1 }
            last = line
        }
        #expect(count == 30_001)
        #expect(last?.number == 30_003)
        #expect(throws: ArchiveError.self) {
            try RequestLineReader.countRequests(path: folder.appendingPathComponent("absent").path)
        }
    }
}
