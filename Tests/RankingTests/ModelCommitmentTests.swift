import Algebra
import FeedProofTestSupport
import Foundation
import Model
import Proofs
import Testing
import Transcript

@testable import Ranking

/// The model commitment (DESIGN.md §2, "Model publication"): the Hyrax layout of every tensor, π_wf, the ModelID,
/// the "FPMC" and "FPMO" files, and the publication folder.
@Suite("Model commitment")
struct ModelCommitmentTests {
    // MARK: Fixtures

    /// A 2 dense + 1 embedding (3 × 2) → 4 → 2-heads ranker whose tensors hit the int8 and int32 extremes.
    static func tinyRanker(
        embedding: [Int8] = [-128, 127, 0, 5, -7, 100],
        layer0: [Int8] = [1, -2, 3, -4, 127, -128, 0, 9, 10, -11, 12, -13, 64, 32, -16, 8],
        layer1: [Int8] = [-128, 127, 1, 2, 3, 4, -5, -6],
        biases0: [Int32] = [Int32.max, -Int32.max, Int32.min, 0], biases1: [Int32] = [-1, 65_536],
        heads: [Int8] = [127, -128]
    ) throws -> QuantizedRanker {
        let sigmoid = try SigmoidTable.standard(inputBits: 4, inputFractionBits: 2)
        let descriptor = ModelDescriptor(
            featureSchema: [1, 2], denseFeatureCount: 2, inputScale: 1,
            embeddings: [.init(name: "authors", idFeature: 0, rows: 3, dimension: 2, hyraxRowLength: 2)],
            layers: [
                .init(
                    name: "fc0", role: .trunk, inputs: 4, outputs: 4, multiplier: 3, shift: 4, activationLower: 0,
                    activationUpper: 32_767, requantizedBound: 1 << 20, hyraxRowLength: 8),
                .init(
                    name: "heads", role: .heads, inputs: 4, outputs: 2, multiplier: 5, shift: 6,
                    activationLower: sigmoid.lowerBound, activationUpper: sigmoid.upperBound,
                    requantizedBound: 1 << 20, hyraxRowLength: 8),
            ],
            headWeightsHyraxRowLength: 2, sigmoid: sigmoid, rankingRule: .scoreDescendingThenPostIDAscending)
        return try QuantizedRanker(
            descriptor: descriptor, embeddingTables: [embedding], layerWeights: [layer0, layer1],
            layerBiases: [biases0, biases1], headWeights: heads)
    }

    /// One committed tiny model, shared by the tests that only read it.
    static let shared: Result<(commitment: ModelCommitment, opening: ModelOpening), ModelCommitmentError> = {
        do { return .success(try ModelCommitment.commit(try tinyRanker())) } catch let error as ModelCommitmentError {
            return .failure(error)
        } catch {
            return .failure(.fileSystem("\(error)"))
        }
    }()

    static func committed() throws -> (commitment: ModelCommitment, opening: ModelOpening) {
        try shared.get()
    }

    static var key: CommitmentKey { RankingParameters.commitmentKey }

    /// The byte offset in a commitment file where the commitments (and the ModelID's body) start.
    static func bodyStart(_ commitment: ModelCommitment) -> Int { 9 + commitment.descriptor.canonicalBytes.count }

    // MARK: Layout and π_wf

    @Test func committedTensorsFollowTheLayout() throws {
        let (commitment, opening) = try Self.committed()
        let d = commitment.descriptor
        // Embedding 3 × 2 in rows of 2: v = lg 4 + 1. Layers: v = lg P(outputs) + lg 8. Biases: one row.
        let shapes = commitment.commitments.map { ($0.shape.variableCount, $0.shape.columnVariableCount) }
        #expect(shapes.embeddings.map { [$0.0, $0.1] } == [[3, 1]])
        #expect(shapes.layerWeights.map { [$0.0, $0.1] } == [[5, 3], [4, 3]])
        #expect(shapes.layerBiases.map { [$0.0, $0.1] } == [[2, 2], [1, 1]])
        #expect(shapes.headWeights == (1, 1))
        // Row i of layer 0 holds W[i, 0..<4] then zeros; the witnesses open the commitments.
        let w0 = opening.layerWeightWitnesses[0]
        #expect(Array(w0.values[8..<16]) == [127, -128, 0, 9, 0, 0, 0, 0])
        #expect(opening.layerBiasWitnesses[0].values == [Int64(Int32.max), -Int64(Int32.max), Int64(Int32.min), 0])
        #expect(opening.embeddingWitnesses.count == d.embeddings.count)
        #expect(opening.headWeightWitness.commitment == commitment.headWeightCommitment)
        for witness in opening.witnesses.inCommitmentOrder {
            #expect(witness.rowBlinders.count == witness.shape.rowCount)
            #expect(ModelOpening.firstMismatchedRow(witness, key: Self.key) == nil)
        }
        #expect(ModelCommitmentLayout.parameterCount(of: d) == opening.ranker.parameterCount)
    }

    @Test func wellFormednessVerifies() throws {
        let (commitment, _) = try Self.committed()
        try commitment.verify()
        try commitment.wellFormedness.verify(descriptor: commitment.descriptor, commitments: commitment.commitments)
    }

    @Test func outOfRangeWeightsCannotBeProven() throws {
        let ranker = try Self.tinyRanker()
        let layout = try ModelCommitmentLayout.tensors(for: ranker.descriptor)
        var values = ModelCommitmentLayout.values(of: ranker)
        let rng = MerlinTranscript(label: "forgery").rngBuilder().finalize(deterministicSeedForTesting: [7])
        func commitAll(_ values: ModelTensors<[Int64]>) throws -> ModelTensors<HyraxWitness> {
            try values.combined(with: layout) { (tensor, layout) throws(ProofError) in
                try HyraxCommitment.commit(tensor, shape: layout.shape, key: Self.key, rng: rng).witness
            }
        }
        let honest = try commitAll(values)
        let honestProof = try WellFormednessProof.prove(descriptor: ranker.descriptor, witnesses: honest)

        // A weight of 300 (outside int8), an embedding entry of −129, a head weight of 128, a bias of 2^31.
        var forgeries: [ModelTensors<[Int64]>] = []
        values.layerWeights[0][1] = 300
        forgeries.append(values)
        values = ModelCommitmentLayout.values(of: ranker)
        values.embeddings[0][0] = -129
        forgeries.append(values)
        values = ModelCommitmentLayout.values(of: ranker)
        values.headWeights[1] = 128
        forgeries.append(values)
        values = ModelCommitmentLayout.values(of: ranker)
        values.layerBiases[1][0] = Int64(1) << 31
        forgeries.append(values)
        for forged in forgeries {
            let witnesses = try commitAll(forged)
            #expect {
                _ = try WellFormednessProof.prove(descriptor: ranker.descriptor, witnesses: witnesses)
            } throws: { error in
                guard case ModelCommitmentError.proverRefused = error else { return false }
                return true
            }
            // The honest model's proof does not verify for the forged commitments.
            let commitments = witnesses.map { $0.commitment }
            #expect {
                try honestProof.verify(descriptor: ranker.descriptor, commitments: commitments)
            } throws: { error in
                guard case ModelCommitmentError.wellFormednessRejected = error else { return false }
                return true
            }
        }
        try honestProof.verify(descriptor: ranker.descriptor, commitments: honest.map { $0.commitment })
    }

    @Test func paddingDoesNotHideAWrapAround() throws {
        // Values that are int8 only modulo 256 (e.g. 128 + 256k) or int32 only modulo 2^32 are refused too.
        let ranker = try Self.tinyRanker()
        var values = ModelCommitmentLayout.values(of: ranker)
        values.layerWeights[1][0] = -128 - 256
        values.layerBiases[0][3] = -(Int64(1) << 31) - (Int64(1) << 32)
        let layout = try ModelCommitmentLayout.tensors(for: ranker.descriptor)
        let rng = MerlinTranscript(label: "forgery").rngBuilder().finalize(deterministicSeedForTesting: [8])
        let witnesses = try values.combined(with: layout) { (tensor, layout) throws(ProofError) in
            try HyraxCommitment.commit(tensor, shape: layout.shape, key: Self.key, rng: rng).witness
        }
        #expect(throws: ModelCommitmentError.self) {
            _ = try WellFormednessProof.prove(descriptor: ranker.descriptor, witnesses: witnesses)
        }
    }

    // MARK: ModelID

    @Test func modelIDHashesDescriptorRowsAndProof() throws {
        let (commitment, _) = try Self.committed()
        var hasher = Algebra.SHA512()
        hasher.update(commitment.descriptor.canonicalBytes)
        for c in commitment.commitments.inCommitmentOrder {
            for row in c.rows { hasher.update(row.encoding) }
        }
        hasher.update(commitment.wellFormedness.encoded)
        #expect(commitment.modelID.bytes == hasher.finalize())
    }

    @Test func modelIDChangesWithAnySingleWeight() throws {
        let seed: [UInt8] = Array(repeating: 3, count: 32)
        let signing: [UInt8] = Array(repeating: 9, count: 32)
        func id(_ ranker: QuantizedRanker) throws -> ModelID {
            try ModelCommitment.commit(
                ranker, signingKeySeed: signing, key: Self.key,
                finalizeRNG: { $0.finalize(deterministicSeedForTesting: seed) })
                .commitment.modelID
        }
        let base = try id(try Self.tinyRanker())
        // The same model and randomness reproduce the ModelID; OS randomness does not.
        #expect(try id(try Self.tinyRanker()) == base)
        #expect(try ModelCommitment.commit(try Self.tinyRanker()).commitment.modelID != base)
        var seen: Set<ModelID> = [base]
        var embedding: [Int8] = [-128, 127, 0, 5, -7, 100]
        embedding[5] = 99
        seen.insert(try id(try Self.tinyRanker(embedding: embedding)))
        var layer0: [Int8] = [1, -2, 3, -4, 127, -128, 0, 9, 10, -11, 12, -13, 64, 32, -16, 8]
        layer0[15] = 7
        seen.insert(try id(try Self.tinyRanker(layer0: layer0)))
        seen.insert(try id(try Self.tinyRanker(layer1: [-128, 127, 1, 2, 3, 4, -5, -5])))
        seen.insert(try id(try Self.tinyRanker(biases0: [Int32.max, -Int32.max, Int32.min, 1])))
        seen.insert(try id(try Self.tinyRanker(biases1: [-1, 65_535])))
        seen.insert(try id(try Self.tinyRanker(heads: [127, -127])))
        #expect(seen.count == 7)
    }

    // MARK: Commitment file

    @Test func commitmentFileRoundTrips() throws {
        let (commitment, _) = try Self.committed()
        let bytes = commitment.encoded
        #expect(Array(bytes.prefix(5)) == Array("FPMC".utf8) + [1])
        let decoded = try ModelCommitment(encoded: bytes)
        #expect(decoded == commitment)
        #expect(decoded.modelID == commitment.modelID)
        #expect(decoded.commitments == commitment.commitments)
        #expect(decoded.wellFormedness == commitment.wellFormedness)
        #expect(decoded.descriptor == commitment.descriptor)
        try decoded.verify()
    }

    @Test func truncationsAndExtensionsAreRejected() throws {
        let (commitment, _) = try Self.committed()
        let bytes = commitment.encoded
        // Every length through the header, the descriptor and the first commitments, every length of the last
        // 100 bytes, and 300 cuts spread over the rest at varying offsets inside a 32-byte element (each decode
        // parses every element before the cut, so all lengths would take minutes).
        var lengths = Set(0...(Self.bodyStart(commitment) + 40))
        lengths.formUnion(max(0, bytes.count - 100)..<bytes.count)
        let step = bytes.count / 300
        lengths.formUnion((0..<300).map { $0 * step + $0 % 32 })
        for length in lengths.sorted() {
            #expect(throws: ModelCommitmentError.self, "length \(length)") {
                _ = try ModelCommitment(encoded: Array(bytes.prefix(length)))
            }
            if length >= 5 {
                do {
                    _ = try ModelCommitment(encoded: Array(bytes.prefix(length)))
                } catch {
                    // A cut is truncation (or, inside the descriptor, the descriptor's own truncation).
                    switch error {
                    case .truncated, .invalidDescriptor(.truncated): break
                    default: Issue.record("length \(length): \(error)")
                    }
                }
            }
        }
        #expect(throws: ModelCommitmentError.trailingBytes(count: 1)) { _ = try ModelCommitment(encoded: bytes + [0]) }
        #expect(throws: ModelCommitmentError.trailingBytes(count: 32)) {
            _ = try ModelCommitment(encoded: bytes + Array(bytes[Self.bodyStart(commitment)..<(Self.bodyStart(commitment) + 32)]))
        }
        var wrong = bytes
        wrong[0] = UInt8(ascii: "X")
        #expect(throws: ModelCommitmentError.badMagic(expected: "FPMC")) { _ = try ModelCommitment(encoded: wrong) }
        wrong = bytes
        wrong[4] = 2
        #expect(throws: ModelCommitmentError.unsupportedVersion(2)) { _ = try ModelCommitment(encoded: wrong) }
        // A descriptor length beyond the file is refused before anything is allocated for it.
        wrong = bytes
        for i in 5..<9 { wrong[i] = 0xFF }
        #expect(throws: ModelCommitmentError.truncated(offset: 9, needed: Int(UInt32.max), available: bytes.count - 9)) {
            _ = try ModelCommitment(encoded: wrong)
        }
    }

    @Test func randomBytesNeverCrash() throws {
        let (commitment, _) = try Self.committed()
        let bytes = commitment.encoded
        var random = SeededGenerator(seed: 5)
        for trial in 0..<200 {
            var mutated = bytes
            let index = Int(random.next() % UInt64(bytes.count))
            mutated[index] ^= UInt8(1 + random.next() % 255)
            if trial % 4 == 0 { mutated = Array(mutated.prefix(Int(random.next() % UInt64(bytes.count)))) }
            // Either rejected with a typed error, or decoded into a different ModelID.
            if let decoded = try? ModelCommitment(encoded: mutated) {
                #expect(decoded.modelID != commitment.modelID, "seed 5, trial \(trial)")
            }
        }
    }

    @Test func tamperedProofBytesAreRejected() throws {
        let (commitment, _) = try Self.committed()
        let bytes = commitment.encoded
        let proofStart = Self.bodyStart(commitment) + 32 * commitment.commitments.inCommitmentOrder.reduce(0) {
            $0 + $1.rows.count
        }
        var random = SeededGenerator(seed: 6)
        var positions = [proofStart, proofStart + 31, proofStart + 32, bytes.count - 1, bytes.count - 33]
        for _ in 0..<25 { positions.append(proofStart + Int(random.next() % UInt64(bytes.count - proofStart))) }
        for position in positions {
            var tampered = bytes
            tampered[position] ^= 0x01
            #expect(throws: ModelCommitmentError.self, "byte \(position)") {
                let decoded = try ModelCommitment(encoded: tampered)
                try decoded.verify()
            }
        }
        // A commitment row flipped (still a valid point if it decodes) breaks π_wf too.
        var tampered = bytes
        tampered[Self.bodyStart(commitment) + 40] ^= 0x02
        #expect(throws: ModelCommitmentError.self) { try ModelCommitment(encoded: tampered).verify() }
    }

    @Test func commitmentFileHoldsNoWeightInTheClear() throws {
        let (commitment, opening) = try Self.committed()
        let bytes = commitment.encoded
        func contains(_ needle: [UInt8]) -> Bool {
            guard needle.count <= bytes.count else { return false }
            return (0...(bytes.count - needle.count)).contains { Array(bytes[$0..<($0 + needle.count)]) == needle }
        }
        let ranker = opening.ranker
        for weights in ranker.layerWeights {
            let rowWidth = weights.count / (weights.count == 16 ? 4 : 2)
            for row in stride(from: 0, to: weights.count, by: rowWidth) {
                #expect(!contains(weights[row..<(row + rowWidth)].map { UInt8(bitPattern: $0) }))
            }
        }
        #expect(!contains(ranker.embeddingTables[0].map { UInt8(bitPattern: $0) }))
        for biases in ranker.layerBiases {
            let le = biases.flatMap { b in (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: b) >> (8 * $0)) } }
            #expect(!contains(le))
        }
        // Nor does the opening's secret material appear: no blinder, no signing key.
        #expect(!contains(opening.signingKeyRawRepresentation))
        for witness in opening.witnesses.inCommitmentOrder {
            for blinder in witness.rowBlinders { #expect(!contains(blinder.value.canonicalBytes)) }
        }
    }

    // MARK: Opening file

    @Test func openingRoundTripsAndChecksEveryRow() throws {
        let (commitment, opening) = try Self.committed()
        let bytes = try opening.encoded()
        #expect(Array(bytes.prefix(5)) == Array("FPMO".utf8) + [1])
        let loaded = try ModelOpening(encoded: bytes)
        #expect(loaded.commitment == commitment)
        #expect(loaded.signingKeyRawRepresentation == opening.signingKeyRawRepresentation)
        #expect(loaded.platformPublicKey == opening.platformPublicKey)
        #expect(loaded.platformPublicKey.count == 32)
        #expect(loaded.ranker.layerWeights == opening.ranker.layerWeights)
        #expect(loaded.witnesses.map { $0.values } == opening.witnesses.map { $0.values })
        #expect(loaded.witnesses.map { $0.rowBlinders } == opening.witnesses.map { $0.rowBlinders })

        let modelFileLength = Int(bytes[5]) | Int(bytes[6]) << 8 | Int(bytes[7]) << 16 | Int(bytes[8]) << 24
        let descriptorLength = commitment.descriptor.canonicalBytes.count
        // The first embedding entry inside the model file: after "FPQM", version, length and the descriptor.
        let firstWeight = 9 + 9 + descriptorLength
        var tampered = bytes
        tampered[firstWeight] ^= 0x01
        #expect(throws: ModelCommitmentError.openingMismatch(tensor: "embedding 0 (authors)", row: 0)) {
            _ = try ModelOpening(encoded: tampered)
        }
        // A layer-1 weight: W[1, 0], in row 1 of its commitment.
        let layer1 = firstWeight + 6 + 16 + 16 + 4
        tampered = bytes
        tampered[layer1] = 0x00
        #expect(throws: ModelCommitmentError.openingMismatch(tensor: "layer 1 (heads) weights", row: 1)) {
            _ = try ModelOpening(encoded: tampered)
        }
        // The blinder of the second embedding row, then of the head weights (the last blinder).
        let blinders = 9 + modelFileLength
        tampered = bytes
        tampered[blinders + 32 + 3] ^= 0x10
        #expect(throws: ModelCommitmentError.openingMismatch(tensor: "embedding 0 (authors)", row: 1)) {
            _ = try ModelOpening(encoded: tampered)
        }
        let rowCount = commitment.commitments.inCommitmentOrder.reduce(0) { $0 + $1.rows.count }
        tampered = bytes
        tampered[blinders + 32 * (rowCount - 1)] ^= 0x01
        #expect(throws: ModelCommitmentError.openingMismatch(tensor: "head weights", row: 0)) {
            _ = try ModelOpening(encoded: tampered)
        }
        // A zero or non-canonical blinder is refused as such.
        tampered = bytes
        for i in 0..<32 { tampered[blinders + i] = 0 }
        #expect(throws: ModelCommitmentError.invalidBlinder(offset: blinders)) { _ = try ModelOpening(encoded: tampered) }
        tampered = bytes
        for i in 0..<32 { tampered[blinders + i] = 0xFF }
        #expect(throws: ModelCommitmentError.invalidBlinder(offset: blinders)) { _ = try ModelOpening(encoded: tampered) }
        // Truncations and an extension.
        for length in [0, 4, 5, 8, 9, 100, blinders, blinders + 31, bytes.count - 1] {
            #expect(throws: ModelCommitmentError.self, "length \(length)") {
                _ = try ModelOpening(encoded: Array(bytes.prefix(length)))
            }
        }
        #expect(throws: ModelCommitmentError.trailingBytes(count: 1)) { _ = try ModelOpening(encoded: bytes + [0]) }
    }

    @Test func openingOfAnotherCommitmentIsRefused() throws {
        let (_, opening) = try Self.committed()
        let other = try ModelCommitment.commit(try Self.tinyRanker()).commitment
        var bytes = try opening.encoded()
        let length = opening.commitment.encoded.count
        bytes.removeLast(length)
        bytes += other.encoded
        #expect(throws: ModelCommitmentError.openingMismatch(tensor: "embedding 0 (authors)", row: 0)) {
            _ = try ModelOpening(encoded: bytes)
        }
    }

    // MARK: Publication folder

    @Test func publicationFolderRoundTrips() throws {
        let (commitment, opening) = try Self.committed()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("feedproof-commit-\(UInt64.random(in: 0...UInt64.max))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let publication = try ModelPublication(name: "tiny-v1", opening: opening)
        let written = try publication.write(commitmentsDirectory: directory)
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["commitment.fpmc", "model.json", "platform-key.pub"])
        let read = try ModelPublication(name: "tiny-v1", commitmentsDirectory: directory)
        #expect(read == publication)
        #expect(read.commitment.modelID == commitment.modelID)
        let key = try String(contentsOfFile: written[2], encoding: .utf8)
        #expect(key == HexText.encode(opening.platformPublicKey) + "\n")
        let json = try String(contentsOfFile: written[1], encoding: .utf8)
        #expect(json.contains("\"modelID\" : \"\(commitment.modelID.hex)\""))
        #expect(json.contains("\"createdBy\" : \"feedproof model commit\""))
        #expect(json.contains("\"parameterCount\" : \(opening.ranker.parameterCount)"))
        // An existing folder is refused unless forced.
        #expect(throws: ModelCommitmentError.alreadyExists(path: ModelPublication.folder(name: "tiny-v1", commitmentsDirectory: directory))) {
            try publication.write(commitmentsDirectory: directory)
        }
        try publication.write(commitmentsDirectory: directory, force: true)
        // A key file that disagrees with model.json is refused.
        try Data("00\n".utf8).write(to: URL(fileURLWithPath: written[2]))
        #expect(throws: ModelCommitmentError.self) {
            _ = try ModelPublication(name: "tiny-v1", commitmentsDirectory: directory)
        }
        for bad in ["", ".", "..", "a/b", "../x", "x y"] {
            #expect(throws: ModelCommitmentError.invalidName(bad)) { try ModelPublication.checkName(bad) }
        }
    }

    @Test func openingPathInsideCommitmentsIsRefused() throws {
        let files = FileManager.default
        let root = files.temporaryDirectory.appendingPathComponent("feedproof-paths-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? files.removeItem(at: root) }
        let commitments = root.appendingPathComponent("commitments").path
        try files.createDirectory(atPath: commitments, withIntermediateDirectories: true)
        let link = root.appendingPathComponent("link").path
        try files.createSymbolicLink(atPath: link, withDestinationPath: commitments)
        let outside = root.appendingPathComponent("private").path
        try files.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let refused = [
            commitments + "/opening.fpmo", commitments + "/demo/opening.fpmo", commitments,
            root.path + "/private/../commitments/x.fpmo", link + "/x.fpmo", commitments + "/./new/dir/x.fpmo",
        ]
        for path in refused {
            #expect(throws: ModelCommitmentError.self, "\(path)") {
                try ModelPublication.checkOpeningPath(path, commitmentsDirectory: commitments)
            }
            #expect(throws: ModelCommitmentError.self, "\(path) via link") {
                try ModelPublication.checkOpeningPath(path, commitmentsDirectory: link)
            }
        }
        for path in [outside + "/x.fpmo", root.path + "/commitments-private.fpmo", outside + "/../x.fpmo"] {
            try ModelPublication.checkOpeningPath(path, commitmentsDirectory: commitments)
        }
    }

    // MARK: The demo ranker

    @Test func demoRankerCommitsAndVerifies() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("feeds/demo/ranker.fpmodel")
        let file = try ModelFile(decoding: Array(try Data(contentsOf: url)))
        let clock = ContinuousClock()
        var result: (commitment: ModelCommitment, opening: ModelOpening)?
        let commitTime = try clock.measure { result = try ModelCommitment.commit(file.ranker) }
        let (commitment, opening) = try #require(result)
        let verifyTime = try clock.measure { try commitment.verify() }
        print("demo ranker (debug build): commit \(commitTime), verify \(verifyTime), \(commitment.encoded.count) bytes")
        let decoded = try ModelCommitment(encoded: commitment.encoded)
        #expect(decoded.modelID == commitment.modelID)
        let loaded = try ModelOpening(encoded: try opening.encoded())
        #expect(loaded.commitment.modelID == commitment.modelID)
    }
}
