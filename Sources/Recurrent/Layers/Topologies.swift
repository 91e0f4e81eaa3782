import Autodiff
import TensorCore

/// What a follow-up step of a one-to-many network reads after the first input.
public enum FollowUpInput: Sendable, Equatable {
    /// A zero vector.
    case zeros
    /// The one-hot of the previous token: the previous target while training
    /// (teacher forcing), the previous generated token while sampling. Needs D = V.
    case previousToken
}

/// The classic topologies as losses over a ``SequenceModel``; each is full BPTT
/// on the recorded graph with summed softmax cross-entropy (see ``BPTT``).
public enum Topology {
    /// Many-to-many: a target at every step, L = Σ_t L_t.
    public static func manyToMany<Cell: RecurrentCell>(
        _ model: SequenceModel<Cell>, inputs: [Tensor], targets: [[Int]], initialState: [Tensor]? = nil
    ) throws -> BPTTResult {
        try BPTT.full(model, inputs: inputs, targets: targets.map { Optional($0) }, initialState: initialState)
    }

    /// Many-to-one: one target after the last input, L = L_T.
    public static func manyToOne<Cell: RecurrentCell>(
        _ model: SequenceModel<Cell>, inputs: [Tensor], target: [Int], initialState: [Tensor]? = nil
    ) throws -> BPTTResult {
        let targets: [[Int]?] = inputs.indices.map { $0 == inputs.count - 1 ? target : nil }
        return try BPTT.full(model, inputs: inputs, targets: targets, initialState: initialState)
    }

    /// The inputs of a one-to-many network: `first`, then for each later step zeros
    /// or the one-hot of the previous target (batch of one).
    public static func oneToManyInputs(first: Tensor, targets: [Int], followUp: FollowUpInput, inputSize: Int) throws -> [Tensor] {
        guard first.shape == [1, inputSize] else {
            throw TensorError(.shapeMismatch, "one_to_many", "the first input must have shape (1, \(inputSize)), got \(describeShape(first.shape))")
        }
        var inputs = [first]
        for previous in targets.dropLast() {
            switch followUp {
            case .zeros: inputs.append(try Tensor.zeros([1, inputSize]))
            case .previousToken: inputs.append(try oneHotRow(previous, depth: inputSize))
            }
        }
        return inputs
    }

    /// One-to-many: a single input at step 0, a target at every step.
    public static func oneToMany<Cell: RecurrentCell>(
        _ model: SequenceModel<Cell>, first: Tensor, targets: [Int], followUp: FollowUpInput = .zeros
    ) throws -> BPTTResult {
        let inputs = try oneToManyInputs(first: first, targets: targets, followUp: followUp, inputSize: model.cell.inputSize)
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
