import Algebra
import FeedProofTestSupport
import Testing

/// Known answers from Tests/Fixtures/vectors/scalar.json (Python integers mod ℓ, checked with libsodium).
@Suite("Scalar known answers")
struct ScalarVectorTests {
    let fixture: Any

    init() throws { fixture = try loadFixture("scalar") }

    func cases(_ key: String) throws -> [[String: Any]] {
        try fixtureValue(fixture, key, as: [[String: Any]].self)
    }

    func scalar(_ entry: [String: Any], _ key: String) throws -> Scalar {
        try Scalar(canonical: [UInt8](hex: try fixtureValue(entry, key, as: String.self)))
    }

    func hex(_ entry: [String: Any], _ key: String) throws -> [UInt8] {
        try [UInt8](hex: try fixtureValue(entry, key, as: String.self))
    }

    @Test func orderMatchesFixture() throws {
        #expect(Scalar.orderBytes == (try [UInt8](hex: try fixtureValue(fixture, "l_hex_le", as: String.self))))
    }

    @Test func edgeCasesDecodeOrRejectAsMarked() throws {
        for entry in try cases("edge_cases") {
            let bytes = try hex(entry, "encoding")
            let canonical = try fixtureValue(entry, "canonical", as: Bool.self)
            if canonical {
                let value = try Scalar(canonical: bytes)
                #expect(value.canonicalBytes == bytes)
            } else {
                #expect(throws: AlgebraError.nonCanonicalScalar) { try Scalar(canonical: bytes) }
            }
        }
    }

    @Test func wideReduction() throws {
        for entry in try cases("reduce64") {
            let value = try Scalar(reducingWide: try hex(entry, "input"))
            #expect(value.canonicalBytes == (try hex(entry, "output")))
        }
    }

    @Test func addition() throws {
        for entry in try cases("add") {
            let sum = try scalar(entry, "a") + scalar(entry, "b")
            #expect(sum == (try scalar(entry, "a_plus_b")))
        }
    }

    @Test func subtraction() throws {
        for entry in try cases("sub") {
            let difference = try scalar(entry, "a") - scalar(entry, "b")
            #expect(difference == (try scalar(entry, "a_minus_b")))
        }
    }

    @Test func multiplicationAndSquaring() throws {
        for entry in try cases("mul") {
            let a = try scalar(entry, "a")
            let b = try scalar(entry, "b")
            #expect(a * b == (try scalar(entry, "a_times_b")))
            #expect(a.squared() == a * a)
        }
    }

    @Test func inversion() throws {
        var batch: [Scalar] = []
        var expected: [Scalar] = []
        for entry in try cases("invert") {
            let a = try scalar(entry, "a")
            let inverse = try scalar(entry, "inverse")
            #expect(a.inverted() == inverse)
            batch.append(a)
            expected.append(inverse)
        }
        Scalar.batchInvert(&batch)
        #expect(batch == expected)
        #expect(Scalar.zero.inverted() == nil)
    }

    @Test func negation() throws {
        for entry in try cases("negate") {
            #expect(-(try scalar(entry, "a")) == (try scalar(entry, "negation")))
        }
    }

    @Test func smallIntegerConversionsAgree() {
        for value: Int64 in [0, 1, -1, 127, -128, 255, 32767, -32768, 1 << 40, -(1 << 40), .max, .min + 1] {
            let reference = Scalar(value)
            if let narrow = Int8(exactly: value) { #expect(Scalar(narrow) == reference) }
            if let narrow = Int16(exactly: value) { #expect(Scalar(narrow) == reference) }
            if let narrow = Int32(exactly: value) { #expect(Scalar(narrow) == reference) }
            if value >= 0 { #expect(Scalar(UInt64(value)) == reference) }
            #expect(reference + Scalar(-value) == .zero)
        }
        #expect(Scalar(Int64.min) == -Scalar(UInt64(1) << 63))
        #expect(Scalar(3).multiplied(bySmall: 5) == Scalar(15))
    }

    @Test func wrongLengthsAreTypedErrors() {
        for length in [0, 1, 31, 33, 64] {
            #expect(throws: AlgebraError.wrongLength(of: "scalar", expected: 32, actual: length)) {
                try Scalar(canonical: [UInt8](repeating: 0, count: length))
            }
        }
        #expect(throws: AlgebraError.self) { try Scalar(reducingWide: [UInt8](repeating: 1, count: 65)) }
    }
}
