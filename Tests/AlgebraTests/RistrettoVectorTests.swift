import Algebra
import FeedProofTestSupport
import Testing

/// Known answers from Tests/Fixtures/vectors/ristretto255.json (RFC 9496 Appendix A, libsodium cross-checks).
@Suite("ristretto255 known answers")
struct RistrettoVectorTests {
    let fixture: Any

    init() throws { fixture = try loadFixture("ristretto255") }

    func entries(_ path: String...) throws -> [[String: Any]] {
        var node: Any = fixture
        for key in path.dropLast() { node = try fixtureValue(node, key, as: [String: Any].self) }
        return try fixtureValue(node, path.last ?? "", as: [[String: Any]].self)
    }

    func bytes(_ entry: [String: Any], _ key: String) throws -> [UInt8] {
        try [UInt8](hex: try fixtureValue(entry, key, as: String.self))
    }

    @Test func multiplesOfTheGenerator() throws {
        var multiple = RistrettoPoint.identity
        for (i, entry) in try entries("multiples_of_generator").enumerated() {
            let expected = try bytes(entry, "encoding")
            #expect(multiple.encoding == expected, "\(i)·B")
            let decoded = try RistrettoPoint(encoding: expected)
            #expect(decoded == multiple)
            #expect(decoded.encoding == expected)
            // The stack-buffer encoding: kept from decoding, and computed (RFC 9496 §4.3.2) for a sum.
            #expect(decoded.withEncoding { Array($0) } == expected)
            #expect(multiple.withEncoding { Array($0) } == expected)
            // The encoding's words are known for a decoded point only (a verifier merges its terms by them).
            let words = try #require(decoded.knownEncodingWords)
            let wordBytes = [words.0, words.1, words.2, words.3].flatMap { word in
                (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) }
            }
            #expect(wordBytes == expected)
            #expect(multiple.knownEncodingWords == nil)
            #expect(Scalar(UInt64(i)) * RistrettoPoint.generator == multiple)
            multiple += RistrettoPoint.generator
        }
    }

    @Test func invalidEncodingsAreRejected() throws {
        let invalid = try entries("invalid_encodings")
        #expect(invalid.count == 29)
        for entry in invalid {
            let encoding = try bytes(entry, "encoding")
            let reason = try fixtureValue(entry, "reason", as: String.self)
            #expect(throws: AlgebraError.self, "\(reason)") {
                try RistrettoPoint(encoding: encoding)
            }
        }
    }

    /// The two-lane batch decoder gives each encoding exactly what the one-by-one decoder gives: the RFC's valid
    /// and invalid encodings interleaved (so every lane position and a partial last group see both kinds), plus
    /// wrong lengths; through each of its entry points (arrays, slices of one buffer, and any other collection).
    @Test func batchDecodingMatchesOneByOne() throws {
        let valid = try entries("multiples_of_generator").map { try bytes($0, "encoding") }
        let invalid = try entries("invalid_encodings").map { try bytes($0, "encoding") }
        var encodings: [[UInt8]] = []
        for i in 0..<max(valid.count, invalid.count) {
            if i < valid.count { encodings.append(valid[i]) }
            if i % 3 != 1, i < invalid.count { encodings.append(invalid[i]) }
            if i % 7 == 0 { encodings.append(valid[i % valid.count]) }
        }
        encodings += [[UInt8](repeating: 0, count: 31), [UInt8](repeating: 0, count: 33)]
        let buffer = encodings.flatMap { $0 }
        var offset = 0
        let slices: [ArraySlice<UInt8>] = encodings.map { encoding in
            defer { offset += encoding.count }
            return buffer[offset..<(offset + encoding.count)]
        }
        func expectSameAsOneByOne(_ batch: [Result<RistrettoPoint, AlgebraError>]) {
            for (encoding, result) in zip(encodings, batch) {
                let single = Result { () throws(AlgebraError) in try RistrettoPoint(encoding: encoding) }
                switch (single, result) {
                case (.success(let a), .success(let b)):
                    #expect(a == b && b.encoding == encoding)
                case (.failure(let a), .failure(let b)):
                    #expect("\(a)" == "\(b)")
                default:
                    Issue.record("batch and single decoding disagree on \(encoding)")
                }
            }
        }
        for count in [0, 1, 2, 3, 4, 5, encodings.count - 1, encodings.count] {
            let arrays = RistrettoPoint.decodeAll(Array(encodings.prefix(count)))
            let fromSlices = RistrettoPoint.decodeAll(Array(slices.prefix(count)))
            let generic = RistrettoPoint.decodeAll(encodings.prefix(count).map { AnyCollection($0) })
            #expect(arrays.count == count && fromSlices.count == count && generic.count == count)
            for batch in [arrays, fromSlices, generic] { expectSameAsOneByOne(batch) }
        }
        #expect(RistrettoPoint.decodeAll(encodings).filter { (try? $0.get()) != nil }.count > valid.count)
    }

    @Test func oneWayMap() throws {
        for entry in try entries("from_uniform_bytes") {
            let point = try RistrettoPoint(uniformBytes: try bytes(entry, "input"))
            #expect(point.encoding == (try bytes(entry, "output")))
        }
    }

    @Test(arguments: ["random_ops", "special_ops"])
    func groupOperations(_ set: String) throws {
        for entry in try entries(set, "cases") {
            let a = try RistrettoPoint(encoding: try bytes(entry, "a"))
            let b = try RistrettoPoint(encoding: try bytes(entry, "b"))
            let k = try Scalar(canonical: try bytes(entry, "k"))
            #expect((a + b).encoding == (try bytes(entry, "a_plus_b")))
            #expect((a - b).encoding == (try bytes(entry, "a_minus_b")))
            #expect((k * a).encoding == (try bytes(entry, "k_times_a")))
            #expect(try RistrettoPoint.multiscalarMultiply([k], [a]) == k * a)
        }
    }
}
