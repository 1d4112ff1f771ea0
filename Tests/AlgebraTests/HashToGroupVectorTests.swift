import Algebra
import FeedProofTestSupport
import Testing

/// Known answers from Tests/Fixtures/vectors/hash_to_ristretto255.json, including the project's generators.
@Suite("hash_to_ristretto255 known answers")
struct HashToGroupVectorTests {
    let fixture: Any

    init() throws { fixture = try loadFixture("hash_to_ristretto255") }

    func section(_ key: String) throws -> [String: Any] {
        try fixtureValue(fixture, key, as: [String: Any].self)
    }

    func bytes(_ entry: [String: Any], _ key: String) throws -> [UInt8] {
        try [UInt8](hex: try fixtureValue(entry, key, as: String.self))
    }

    @Test func quuxSuite() throws {
        let suite = try section("quux_suite")
        let dst = try bytes(suite, "DST_hex")
        for entry in try fixtureValue(suite, "cases", as: [[String: Any]].self) {
            let point = try RistrettoPoint.hashToGroup(message: try bytes(entry, "msg_hex"), dst: dst)
            #expect(point.encoding == (try bytes(entry, "element")))
        }
    }

    @Test func rfc9497HashToGroupAndBlinding() throws {
        let suite = try section("rfc9497_hash_to_group")
        for entry in try fixtureValue(suite, "cases", as: [[String: Any]].self) {
            let point = try RistrettoPoint.hashToGroup(
                message: try bytes(entry, "msg_hex"), dst: try bytes(entry, "dst_hex"))
            #expect(point.encoding == (try bytes(entry, "element")))
            // The official RFC 9497 value: blind·element = BlindedElement.
            let blind = try Scalar(canonical: try bytes(entry, "blind"))
            #expect((blind * point).encoding == (try bytes(entry, "blinded_element")))
        }
    }

    @Test func projectGenerators() throws {
        let suite = try section("project_generators")
        #expect(try bytes(suite, "DST_hex") == PedersenGenerators.domainSeparationTag)
        let generators = PedersenGenerators(count: 16)
        for entry in try fixtureValue(suite, "generators", as: [[String: Any]].self) {
            let name = try fixtureValue(entry, "name", as: String.self)
            let expected = try bytes(entry, "element")
            let message = try bytes(entry, "msg_hex")
            #expect(
                try RistrettoPoint.hashToGroup(message: message, dst: PedersenGenerators.domainSeparationTag)
                    .encoding == expected, "\(name)")
            switch name {
            case "H": #expect(generators.blinding.encoding == expected)
            case "U": #expect(generators.scalarValue.encoding == expected)
            default:
                let index = Int(name.dropFirst(2)) ?? -1
                #expect(PedersenGenerators.valueGenerator(index).encoding == expected, "\(name)")
                if index < generators.count {
                    #expect(generators.valueBases.points[index].encoding == expected, "\(name)")
                }
            }
        }
    }
}
