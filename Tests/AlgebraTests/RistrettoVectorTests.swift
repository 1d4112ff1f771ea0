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
