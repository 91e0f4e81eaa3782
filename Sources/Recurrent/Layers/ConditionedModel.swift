import Autodiff
import TensorCore

/// A token model conditioned on a fixed feature vector v at every step
/// (image-captioning style; v could be a CNN's image code):
///
///     h_t = tanh(W_xh·x_t + W_hh·h_{t−1} + W_ih·v + b),   y_t = W_hy·h_t + b_y
///
/// It is an ordinary ``SequenceModel`` whose step input is `[onehot(token); v]`,
/// so the cell's input weight is `[W_xh  W_ih]` (V + F columns). Any cell works;
/// with an ``ElmanCell`` it is exactly the equation above. Training is teacher
/// forced: inputs START, w_1 … w_n; targets w_1 … w_n, END.
public struct ConditionedModel<Cell: RecurrentCell>: Sendable {
    public let model: SequenceModel<Cell>
    /// F, the length of v.
    public let featureSize: Int
    public let startToken: Int
    public let endToken: Int

    public var vocabularySize: Int { model.readout.outputSize }

    public init(model: SequenceModel<Cell>, featureSize: Int, startToken: Int, endToken: Int) throws {
        let v = model.readout.outputSize
        guard featureSize > 0, model.cell.inputSize == v + featureSize else {
            throw TensorError(.shapeMismatch, "conditioned_model", "the cell must read a one-hot token and the feature vector: input size \(model.cell.inputSize) should be \(v) + \(featureSize)")
        }
        try checkStartAndEnd(startToken, endToken, vocabulary: v, operation: "conditioned_model")
        self.model = model
        self.featureSize = featureSize
        self.startToken = startToken
        self.endToken = endToken
    }

    /// The step input `[onehot(token); v]` as a (1, V + F) row.
    public func stepInput(token: Int, feature: Tensor) throws -> Tensor {
        guard feature.count == featureSize else {
            throw TensorError(.shapeMismatch, "conditioned_model", "the feature vector has \(feature.count) values, expected \(featureSize)")
        }
        return try Tensor.concat([oneHotRow(token, depth: vocabularySize), feature.reshaped([1, featureSize])], axis: 1)
    }

    /// Teacher-forced loss of `caption` (tokens without START/END) given `feature`, by full BPTT
    /// on the recorded graph, or on the native path when `native` is true.
    public func loss(feature: Tensor, caption: [Int], native: Bool = false) throws -> BPTTResult {
        let inputs = try ([startToken] + caption).map { try stepInput(token: $0, feature: feature) }
        let targets: [[Int]?] = (caption + [endToken]).map { [$0] }
        return native ? try BPTT.fullNative(model, inputs: inputs, targets: targets)
                      : try BPTT.full(model, inputs: inputs, targets: targets)
    }

    /// Samples a caption from START until END (not included) or `maxLength` tokens.
    public func sample(feature: Tensor, maxLength: Int, choice: TokenChoice = .argmax,
                       using generator: inout RandomGenerator) throws -> [Int] {
        try model.decode(first: stepInput(token: startToken, feature: feature), state: model.cell.zeroState(batch: 1),
                         maxLength: maxLength, endToken: endToken, choice: choice, using: &generator) {
            try stepInput(token: $0, feature: feature)
        }
    }
}

extension ConditionedModel where Cell == ElmanCell {
    /// W_xh: the token columns of the cell's input weight, shape (H, V).
    public func wxh() throws -> Tensor {
        try model.cell.wxh.indexed([.all, .range(start: 0, end: vocabularySize, step: nil)])
    }

    /// W_ih: the feature columns of the cell's input weight, shape (H, F).
    public func wih() throws -> Tensor {
        try model.cell.wxh.indexed([.all, .range(start: vocabularySize, end: nil, step: nil)])
    }
}
