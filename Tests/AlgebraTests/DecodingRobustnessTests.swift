import Algebra
import FeedProofTestSupport
import Testing

/// Every decoder, fed garbage of every length 0…100, returns a value or a typed error and never traps
/// (DESIGN.md §2: verifiers return errors, never trap). A trap would crash the test process, so reaching the
/// end of each test is itself the check; the expectations pin down which error each wrong length gets.
@Suite("Decoding robustness")
struct DecodingRobustnessTests {
    /// The base seed; test number i uses `seed + i`.
    static let seed: UInt64 = 0xdec0_de00_2025_0001
    /// Random strings per length (besides all-0x00 and all-0xFF).
    static let randomPerLength = 16

    /// All-zero, all-0xFF and random strings of length `length`.
    static func inputs(length: Int, _ rng: inout SeededGenerator) -> [[UInt8]] {
        var inputs = [[UInt8](repeating: 0, count: length), [UInt8](repeating: 0xff, count: length)]
        for _ in 0..<randomPerLength { inputs.append(rng.bytes(count: length)) }
        return inputs
    }

    @Test func canonicalScalar() {
        let seed = Self.seed + 1
        var rng = SeededGenerator(seed: seed)
        var accepted = 0
        for length in 0...100 {
            for bytes in Self.inputs(length: length, &rng) {
                do throws(AlgebraError) {
                    let value = try Scalar(canonical: bytes)
                    accepted += 1
                    #expect(length == 32 && value.canonicalBytes == bytes, "seed \(seed): \(bytes.hexString)")
                } catch {
                    if length == 32 {
                        #expect(error == .nonCanonicalScalar, "seed \(seed): \(bytes.hexString)")
                    } else {
                        #expect(isWrongLength(error, expected: 32, actual: length), "seed \(seed): \(error)")
                    }
                }
            }
        }
        #expect(accepted >= 1, "the all-zero scalar decodes")
    }

    @Test func wideScalar() {
        let seed = Self.seed + 2
        var rng = SeededGenerator(seed: seed)
        let oracle = GMPOracle.scalars()
        for length in 0...100 {
            for bytes in Self.inputs(length: length, &rng) {
                do throws(AlgebraError) {
                    let value = try Scalar(reducingWide: bytes)
                    #expect(length <= 64, "seed \(seed): accepted \(length) bytes")
                    #expect(value.canonicalBytes == oracle.reduce(bytes), "seed \(seed): \(bytes.hexString)")
                } catch {
                    #expect(length > 64, "seed \(seed): rejected \(length) bytes: \(error)")
                    #expect(isWrongLength(error, expected: 64, actual: length), "\(error)")
                }
            }
        }
    }

    @Test func pointEncoding() {
        let seed = Self.seed + 3
        var rng = SeededGenerator(seed: seed)
        var invalid = 0
        for length in 0...100 {
            var inputs = Self.inputs(length: length, &rng)
            if length == 32 {
                // More 32-byte garbage, plus flipped bits of a valid encoding: most are invalid, none may trap.
                for _ in 0..<60 { inputs.append(rng.bytes(count: 32)) }
                let valid = RistrettoPoint.generator.encoding
                for bit in stride(from: 0, to: 256, by: 9) {
                    var flipped = valid
                    flipped[bit / 8] ^= 1 << UInt8(bit % 8)
                    inputs.append(flipped)
                }
            }
            for bytes in inputs {
                do throws(AlgebraError) {
                    let point = try RistrettoPoint(encoding: bytes)
                    #expect(length == 32 && point.encoding == bytes, "seed \(seed): \(bytes.hexString)")
                } catch {
                    if length == 32 {
                        invalid += 1
                        guard case .invalidPointEncoding = error else {
                            Issue.record("seed \(seed): \(bytes.hexString) gave \(error)")
                            continue
                        }
                    } else {
                        #expect(isWrongLength(error, expected: 32, actual: length), "\(error)")
                    }
                }
            }
        }
        #expect(invalid > 50, "seed \(seed): garbage 32-byte strings are mostly invalid")
    }

    @Test func uniformBytes() {
        let seed = Self.seed + 4
        var rng = SeededGenerator(seed: seed)
        for length in 0...100 {
            for bytes in Self.inputs(length: length, &rng) {
                do throws(AlgebraError) {
                    let point = try RistrettoPoint(uniformBytes: bytes)
                    #expect(length == 64, "seed \(seed): accepted \(length) bytes")
                    // The map's output is a valid element: its encoding decodes back to it.
                    #expect(
                        (try? RistrettoPoint(encoding: point.encoding)) == point, "seed \(seed): \(bytes.hexString)")
                } catch {
                    #expect(isWrongLength(error, expected: 64, actual: length), "\(error)")
                }
            }
        }
    }

    @Test func fieldElement() {
        let seed = Self.seed + 5
        var rng = SeededGenerator(seed: seed)
        let oracle = GMPOracle.field()
        for length in 0...100 {
            for bytes in Self.inputs(length: length, &rng) {
                // `init?(canonicalBytes:)` is failable, not throwing: nil for a wrong length or a value ≥ p.
                let element = FieldElement(canonicalBytes: bytes)
                let isCanonical = length == 32 && oracle.isReduced(bytes)
                #expect((element != nil) == isCanonical, "seed \(seed): \(bytes.hexString)")
                if let element { #expect(element.canonicalBytes == bytes) }
                let masked = FieldElement(maskingHighBit: bytes)
                #expect((masked != nil) == (length == 32), "seed \(seed): maskingHighBit, \(length) bytes")
            }
        }
    }
}

/// Whether `error` is `.wrongLength` with these byte counts (the label text is for people, so it is not pinned).
private func isWrongLength(_ error: AlgebraError, expected: Int, actual: Int) -> Bool {
    guard case .wrongLength(_, let wanted, let given) = error else { return false }
    return wanted == expected && given == actual
}

extension DecodingRobustnessTests {
    /// Decoders take any byte collection: a slice whose indices do not start at 0 decodes like the array.
    @Test func slicesDecodeLikeArrays() throws {
        let seed = Self.seed + 6
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<64 {
            let scalar = rng.randomScalarBytes()
            let point = rng.randomPoint().encoding
            let wide = rng.bytes(count: 64)
            let prefix = rng.bytes(count: Int(rng.next() % 9) + 1)
            func slice(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
                (prefix + bytes + [0xff])[prefix.count..<(prefix.count + bytes.count)]
            }
            #expect(try Scalar(canonical: slice(scalar)) == Scalar(canonical: scalar), "seed \(seed)")
            #expect(try Scalar(reducingWide: slice(wide)) == Scalar(reducingWide: wide), "seed \(seed)")
            #expect(try RistrettoPoint(encoding: slice(point)) == RistrettoPoint(encoding: point), "seed \(seed)")
            #expect(try RistrettoPoint(uniformBytes: slice(wide)) == RistrettoPoint(uniformBytes: wide), "seed \(seed)")
            #expect(FieldElement(canonicalBytes: slice(point)) == FieldElement(canonicalBytes: point), "seed \(seed)")
            #expect(FieldElement(maskingHighBit: slice(wide.prefix(32).map { $0 })) != nil)
        }
    }

    /// Whatever 32 bytes decode re-encode to exactly those bytes (so every element has one encoding), and the
    /// other spellings are rejected: p − s (odd, the negated s) and s with bit 255 set.
    @Test func pointDecodingIsCanonical() {
        let seed = Self.seed + 7
        var rng = SeededGenerator(seed: seed)
        let field = GMPOracle.field()
        var failures = FailureLog(seed: seed)
        var accepted = 0
        for _ in 0..<4_000 {
            var bytes = rng.bytes(count: 32)
            bytes[0] &= 0xfe  // even
            bytes[31] &= 0x7f  // bit 255 clear
            guard let point = try? RistrettoPoint(encoding: bytes) else { continue }
            accepted += 1
            if point.encoding != bytes {
                failures.record("\(bytes.hexString) re-encodes as \(point.encoding.hexString)")
            }
            let negated = field.negate(bytes)
            if !bytes.allSatisfy({ $0 == 0 }), (try? RistrettoPoint(encoding: negated)) != nil {
                failures.record("p − s accepted for s = \(bytes.hexString)")
            }
            var highBit = bytes
            highBit[31] |= 0x80
            if (try? RistrettoPoint(encoding: highBit)) != nil {
                failures.record("s + 2^255 accepted for s = \(bytes.hexString)")
            }
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(accepted > 200, "seed \(seed): only \(accepted) of 4,000 even strings decoded")
    }
}
