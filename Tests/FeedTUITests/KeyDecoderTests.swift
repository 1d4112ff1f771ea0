import FeedTUI
import Testing

@Suite("Key decoder")
struct KeyDecoderTests {
    static func decode(_ bytes: [UInt8]) -> [KeyEvent] {
        var decoder = KeyDecoder()
        return decoder.feed(bytes) + decoder.flush()
    }

    static func decodeByteByByte(_ bytes: [UInt8]) -> [KeyEvent] {
        var decoder = KeyDecoder()
        var events: [KeyEvent] = []
        for byte in bytes { events += decoder.feed([byte]) }
        return events + decoder.flush()
    }

    @Test(
        "CSI and SS3 arrows",
        arguments: [
            ([0x1B, 0x5B, 0x41], KeyEvent.up), ([0x1B, 0x5B, 0x42], .down), ([0x1B, 0x5B, 0x43], .right),
            ([0x1B, 0x5B, 0x44], .left), ([0x1B, 0x4F, 0x41], .up), ([0x1B, 0x4F, 0x42], .down),
            ([0x1B, 0x4F, 0x43], .right), ([0x1B, 0x4F, 0x44], .left),
            (Array("\u{1B}[1;5A".utf8), .up),
        ] as [([UInt8], KeyEvent)])
    func arrows(bytes: [UInt8], expected: KeyEvent) {
        #expect(Self.decode(bytes) == [expected])
        #expect(Self.decodeByteByByte(bytes) == [expected])
    }

    @Test("a typed A is a character, not an arrow")
    func typedA() {
        #expect(Self.decode(Array("A[A".utf8)) == [.character("A"), .character("["), .character("A")])
    }

    @Test("ESC [ A split across two reads decodes as one arrow")
    func splitArrow() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B, 0x5B]).isEmpty)
        #expect(decoder.hasPending)
        #expect(decoder.feed([0x41, 0x6A]) == [.up, .character("j")])
        #expect(!decoder.hasPending)
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.feed([0x4F]).isEmpty)
        #expect(decoder.feed([0x42]) == [.down])
    }

    @Test("control keys")
    func controlKeys() {
        #expect(
            Self.decode([0x0D, 0x0A, 0x09, 0x7F, 0x08, 0x03]) == [
                .enter, .enter, .tab, .backspace, .backspace, .interrupt,
            ])
        #expect(Self.decode([0x01]) == [.unknown([0x01])])
    }

    @Test("Escape alone: buffered until flushed, or ended by a byte that starts no sequence")
    func loneEscape() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.flush() == [.escape])
        #expect(!decoder.hasPending)
        #expect(Self.decode([0x1B, 0x71]) == [.escape, .character("q")])
        #expect(Self.decode([0x1B, 0x1B, 0x5B, 0x42]) == [.escape, .down])
        #expect(Self.decode([0x1B, 0x1B]) == [.escape, .escape])
        #expect(Self.decode([0x1B, 0x0D]) == [.escape, .enter])
    }

    @Test("multi-byte UTF-8 characters, whole and split byte by byte", arguments: ["é", "界", "😀", "ü界x😀"])
    func utf8(text: String) {
        let expected = text.map { KeyEvent.character($0) }
        #expect(Self.decode(Array(text.utf8)) == expected)
        #expect(Self.decodeByteByByte(Array(text.utf8)) == expected)
    }

    @Test("invalid UTF-8 is unknown and the following bytes still decode")
    func invalidUTF8() {
        #expect(Self.decode([0xFF, 0x61]) == [.unknown([0xFF]), .character("a")])
        #expect(Self.decode([0xC3, 0x28]) == [.unknown([0xC3]), .character("(")])
        #expect(Self.decode([0xC0, 0x80]) == [.unknown([0xC0]), .unknown([0x80])])
        #expect(Self.decode([0xED, 0xA0, 0x80, 0x62]) == [.unknown([0xED, 0xA0, 0x80]), .character("b")])
        #expect(Self.decode([0xE7, 0x95]) == [.unknown([0xE7, 0x95])])  // cut off at the end
    }

    @Test("unknown and broken escape sequences")
    func unknownSequences() {
        #expect(Self.decode(Array("\u{1B}[2~x".utf8)) == [.unknown(Array("\u{1B}[2~".utf8)), .character("x")])
        #expect(Self.decode(Array("\u{1B}OPx".utf8)) == [.unknown(Array("\u{1B}OP".utf8)), .character("x")])
        #expect(Self.decode([0x1B, 0x5B, 0x31, 0x0D]) == [.unknown([0x1B, 0x5B, 0x31]), .enter])
        #expect(Self.decode([0x1B, 0x5B]) == [.unknown([0x1B, 0x5B])])
        let overlong = [0x1B, 0x5B] + [UInt8](repeating: 0x31, count: 100) + [0x41]
        let events = Self.decode(overlong)
        #expect(
            events.first == .unknown([0x1B, 0x5B] + [UInt8](repeating: 0x31, count: KeyDecoder.maxSequenceLength - 3)))
        #expect(events.last == .character("A"))
    }

    @Test("every split of a mixed stream decodes the same as the whole")
    func everySplit() {
        let stream: [UInt8] = Array("a\u{1B}[A界\u{1B}OD\r\u{1B}[5~😀\t".utf8) + [0x7F, 0xFF, 0x03]
        let whole = Self.decode(stream)
        #expect(whole.count == 11)
        for cut in 0...stream.count {
            var decoder = KeyDecoder()
            let events = decoder.feed(Array(stream[..<cut])) + decoder.feed(Array(stream[cut...])) + decoder.flush()
            #expect(events == whole, "cut at \(cut)")
        }
    }

    @Test("random bytes never trap and every byte is accounted for")
    func randomBytes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let count = Int.random(in: 0...64, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var decoder = KeyDecoder()
            var events: [KeyEvent] = []
            var index = 0
            while index < bytes.count {
                let step = Int.random(in: 1...5, using: &generator)
                events += decoder.feed(Array(bytes[index..<min(index + step, bytes.count)]))
                index += step
            }
            events += decoder.flush()
            #expect(!decoder.hasPending)
            #expect(events.count <= bytes.count)
            #expect(bytes.isEmpty || !events.isEmpty)
        }
    }
}
