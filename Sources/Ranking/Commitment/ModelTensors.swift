import Model
import Proofs
import Transcript

/// One value per committed tensor of a model, in the commitment order of DESIGN.md §2 ("Model publication"):
/// every embedding table in descriptor order, then for each layer its weights and its biases, then the head
/// weights. The same order is used by the commitment file, the ModelID, the well-formedness proof and the
/// opening file.
public struct ModelTensors<Element> {
    /// One value per embedding table (descriptor order).
    public var embeddings: [Element]
    /// One value per layer's weight matrix (descriptor order).
    public var layerWeights: [Element]
    /// One value per layer's bias vector (descriptor order).
    public var layerBiases: [Element]
    /// The head-weight vector's value.
    public var headWeights: Element

    /// Tensors from their parts; `layerWeights` and `layerBiases` must have one entry per layer.
    public init(embeddings: [Element], layerWeights: [Element], layerBiases: [Element], headWeights: Element) {
        self.embeddings = embeddings
        self.layerWeights = layerWeights
        self.layerBiases = layerBiases
        self.headWeights = headWeights
    }

    /// Every value in commitment order: embeddings, then (weights, biases) per layer, then the head weights.
    public var inCommitmentOrder: [Element] {
        var all = embeddings
        for (weights, biases) in zip(layerWeights, layerBiases) {
            all.append(weights)
            all.append(biases)
        }
        all.append(headWeights)
        return all
    }

    /// The same structure with `transform` applied to every value, in commitment order.
    public func map<Other, Failure: Error>(
        _ transform: (Element) throws(Failure) -> Other
    ) throws(Failure) -> ModelTensors<Other> {
        var embeddings: [Other] = []
        for value in self.embeddings { embeddings.append(try transform(value)) }
        var weights: [Other] = []
        var biases: [Other] = []
        for (w, b) in zip(layerWeights, layerBiases) {
            weights.append(try transform(w))
            biases.append(try transform(b))
        }
        let head = try transform(headWeights)
        return ModelTensors<Other>(embeddings: embeddings, layerWeights: weights, layerBiases: biases, headWeights: head)
    }

    /// Pairs each value with the value at the same place of `other` (which must have the same structure).
    public func combined<Other, Result, Failure: Error>(
        with other: ModelTensors<Other>, _ transform: (Element, Other) throws(Failure) -> Result
    ) throws(Failure) -> ModelTensors<Result> {
        var embeddings: [Result] = []
        for (a, b) in zip(self.embeddings, other.embeddings) { embeddings.append(try transform(a, b)) }
        var weights: [Result] = []
        for (a, b) in zip(layerWeights, other.layerWeights) { weights.append(try transform(a, b)) }
        var biases: [Result] = []
        for (a, b) in zip(layerBiases, other.layerBiases) { biases.append(try transform(a, b)) }
        let head = try transform(headWeights, other.headWeights)
        return ModelTensors<Result>(
            embeddings: embeddings, layerWeights: weights, layerBiases: biases, headWeights: head)
    }
}

extension ModelTensors: Sendable where Element: Sendable {}
extension ModelTensors: Equatable where Element: Equatable {}

extension ModelTensors where Element == HyraxWitness {
    /// Commits to every tensor of `ranker` as ``ModelCommitmentLayout`` lays it out (one fresh blinder per Hyrax
    /// row from `rng`, in commitment order) and returns the openings.
    /// - Throws: ``ModelCommitmentError/unsupportedLayout(_:)`` for a descriptor the key cannot serve.
    public static func commit(
        _ ranker: QuantizedRanker, key: CommitmentKey = RankingParameters.commitmentKey, rng: TranscriptRNG
    ) throws(ModelCommitmentError) -> ModelTensors<HyraxWitness> {
        let layout = try ModelCommitmentLayout.tensors(for: ranker.descriptor)
        do {
            return try ModelCommitmentLayout.values(of: ranker).combined(with: layout) {
                (values, tensor) throws(ProofError) in
                try HyraxCommitment.commit(values, shape: tensor.shape, key: key, rng: rng).witness
            }
        } catch {
            throw .unsupportedLayout(String(describing: error))
        }
    }

    /// The public commitments these witnesses open.
    public var commitments: ModelTensors<HyraxCommitment> { map { $0.commitment } }
}
