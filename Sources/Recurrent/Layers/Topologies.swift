import Autodiff
import TensorCore

/// The classic topologies as losses over a ``SequenceModel``; each is full BPTT
/// on the recorded graph with summed softmax cross-entropy (see ``BPTT``). Many-to-many,
/// a target at every step, is ``BPTT/full(_:inputs:targets:initialState:)`` itself.
public enum Topology {
    /// Many-to-one: one target after the last input, L = L_T.
    public static func manyToOne<Cell: RecurrentCell>(
        _ model: SequenceModel<Cell>, inputs: [Tensor], target: [Int], initialState: [Tensor]? = nil
    ) throws -> BPTTResult {
        let targets: [[Int]?] = inputs.indices.map { $0 == inputs.count - 1 ? target : nil }
        return try BPTT.full(model, inputs: inputs, targets: targets, initialState: initialState)
    }

    /// The inputs of a one-to-many network: `first`, then for each later step zeros
    /// or the one-hot of the previous token of `targets` (batch of one). For student
    /// forcing pass the predicted tokens as `targets`.
    public static func oneToManyInputs(first: Tensor, targets: [Int], followUp: FollowUpInput, inputSize: Int) throws -> [Tensor] {
        guard first.shape == [1, inputSize] else {
            throw TensorError(.shapeMismatch, "one_to_many", "the first input must have shape (1, \(inputSize)), got \(describeShape(first.shape))")
        }
        var inputs = [first]
        for previous in targets.dropLast() {
            switch followUp {
            case .zeros: inputs.append(try Tensor.zeros([1, inputSize]))
            case .previousToken, .previousPrediction: inputs.append(try oneHotRow(previous, depth: inputSize))
            }
        }
        return inputs
    }

    /// One-to-many: a single input at step 0, a target at every step.
    ///
    /// With `.previousPrediction` the fed-back tokens are the model's greedy
    /// predictions (computed natively first; they are constants of the graph).
    public static func oneToMany<Cell: RecurrentCell>(
        _ model: SequenceModel<Cell>, first: Tensor, targets: [Int], followUp: FollowUpInput = .zeros
    ) throws -> BPTTResult {
        var fedBack = targets
        if followUp == .previousPrediction {
            var unused = RandomGenerator(seed: 0)
            fedBack = try generate(model, first: first, followUp: .previousPrediction, maxLength: targets.count, using: &unused)
        }
        let inputs = try oneToManyInputs(first: first, targets: fedBack, followUp: followUp, inputSize: model.cell.inputSize)
        return try BPTT.full(model, inputs: inputs, targets: targets.map { [$0] })
    }

    /// Generation for a one-to-many network: `first`, then zeros or the previous generated token,
    /// until `endToken` (not included) or `maxLength` tokens.
    public static func generate<Cell: RecurrentCell>(
        _ model: SequenceModel<Cell>, first: Tensor, followUp: FollowUpInput = .zeros, maxLength: Int,
        endToken: Int? = nil, choice: TokenChoice = .argmax, using generator: inout RandomGenerator
    ) throws -> [Int] {
        let d = model.cell.inputSize
        return try model.decode(first: first, state: model.cell.zeroState(batch: 1), maxLength: maxLength,
                                endToken: endToken, choice: choice, using: &generator) { token in
            followUp == .zeros ? try Tensor.zeros([1, d]) : try oneHotRow(token, depth: d)
        }
    }
}
