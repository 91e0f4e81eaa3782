import Autodiff
import TensorCore

/// What one backpropagation-through-time pass returns.
public struct BPTTResult: Sendable {
    /// L = Σ_t L_t over the steps that have targets.
    public let loss: Double
    /// L_t for every step (0 where the step has no target).
    public let stepLosses: [Double]
    /// ∂L/∂θ for the model's parameters, in ``SequenceModel/parameterNames`` order.
    public let gradients: [Tensor]
    /// ∂L/∂(initial state), in the cell's state order.
    public let initialStateGradients: [Tensor]
    /// h_1 … h_T.
    public let hs: [Tensor]
    /// The scores y_1 … y_T.
    public let scores: [Tensor]
    /// The state after the last step.
    public let finalState: [Tensor]
}

/// Backpropagation through time on the recorded graph; autodiff does every backward step.
///
/// The loss is softmax cross-entropy **summed** over steps and over the rows of a batch:
///
///     L = Σ_t Σ_rows −log softmax(y_t)[target]
///
/// Targets are given per step as one class per batch row, or `nil` for a
/// step without a loss (a many-to-one network has targets only at the end).
public enum BPTT {
    /// Full BPTT: one graph over all T steps, one backward pass.
    public static func full<Cell: RecurrentCell>(
        _ model: SequenceModel<Cell>, inputs: [Tensor], targets: [[Int]?], initialState: [Tensor]? = nil
    ) throws -> BPTTResult {
        guard targets.count == inputs.count else {
            throw TensorError(.invalidArgument, "bptt", "got \(targets.count) target steps for \(inputs.count) inputs; give one entry per step (nil for no loss)")
        }
        guard let first = inputs.first else {
            throw TensorError(.invalidArgument, "bptt", "the input sequence is empty")
        }
        let start = try initialState ?? model.cell.zeroState(batch: first.shape.first ?? 1)
        let parameters = model.parameters.map(Variable.init)
        let stateLeaves = start.map(Variable.init)
        let pass = try unroll(model, inputs: inputs, targets: targets, from: stateLeaves, parameters: parameters)
        guard let loss = pass.loss else {
            throw TensorError(.invalidArgument, "bptt", "no step has a target, so there is no loss to differentiate")
        }
        let derivatives = try grads(loss, wrt: parameters + stateLeaves).map(\.value)
        return BPTTResult(
            loss: loss.value.scalarValue ?? 0, stepLosses: pass.stepLosses,
            gradients: Array(derivatives[..<parameters.count]),
            initialStateGradients: Array(derivatives[parameters.count...]),
            hs: pass.states.map { $0[0].value }, scores: pass.scores.map(\.value),
            finalState: (pass.states.last ?? stateLeaves).map(\.value))
    }

    /// A recorded unroll: states, scores, per-step losses and their sum (nil if no step has a target).
    struct Unrolled {
        var states: [[Variable]] = []
        var scores: [Variable] = []
        var stepLosses: [Double] = []
        var loss: Variable?
    }

    static func unroll<Cell: RecurrentCell>(
        _ model: SequenceModel<Cell>, inputs: [Tensor], targets: [[Int]?], from state: [Variable], parameters: [Variable]
    ) throws -> Unrolled {
        var result = Unrolled()
        var current = state
        for (x, target) in zip(inputs, targets) {
            let (next, scores) = try model.graphStep(Variable(x), current, parameters)
            current = next
            result.states.append(next)
            result.scores.append(scores)
            if let target {
                let stepLoss = try scores.crossEntropy(targets: target)
                result.stepLosses.append(stepLoss.value.scalarValue ?? 0)
                result.loss = try result.loss.map { try $0 + stepLoss } ?? stepLoss
            } else {
                result.stepLosses.append(0)
            }
        }
        return result
    }
}
