import NativeKernelInterface
import TensorCore
import Foundation

/// Trains a ``CharRNNModel`` on a text exactly as min-char-rnn does:
///
/// * window n reads `inputs = data[p ..< p+T]`, `targets = data[p+1 ..< p+T+1]`;
/// * at n = 0, and whenever `p + T + 1 > len(data)`, the hidden state resets to 0
///   and p to 0; otherwise the last hidden state carries over;
/// * gradients are clipped, the optimiser updates, then `p += T`.
///
/// A non-finite loss or gradient stops training with an error (the weights are
/// left at their last finite values).
public final class CharRNNTrainer {
    public private(set) var model: CharRNNModel
    public private(set) var optimizer: FlatOptimizer
    public let config: CharRNNTrainingConfig
    /// The encoded training text.
    public let data: [Int32]
    /// The hidden state carried into the next window.
    public private(set) var hidden: [Double]
    /// Data pointer p of the next window.
    public private(set) var position: Int
    /// Number of completed iterations.
    public private(set) var iteration: Int
    public private(set) var smoothLoss: Double
    /// The gradients of the last iteration (after clipping).
    public private(set) var gradients: [Double]

    private let engine: any CharRNNComputing

    /// A trainer for `model` on `text` (every character must be in the model's vocabulary).
    public convenience init(model: CharRNNModel, text: String, config: CharRNNTrainingConfig = .init()) throws {
        try self.init(model: model, data: model.vocabulary.encode(text), config: config)
    }

    /// A trainer on already-encoded data (indices below V, at least T+1 of them).
    public init(model: CharRNNModel, data: [Int32], config: CharRNNTrainingConfig = .init()) throws {
        guard config.seqLength >= 1, config.seqLength <= 100_000 else {
            throw TensorError(.invalidArgument, "train", "sequence length \(config.seqLength) must be in 1...100000")
        }
        guard data.count >= config.seqLength + 1 else {
            throw TensorError(.invalidArgument, "train", "the text has \(data.count) characters but one window needs seq + 1 = \(config.seqLength + 1); use a longer text or a smaller --seq")
        }
        let stepsTimesWidth = config.seqLength * (model.hidden + model.layout.vocabulary)
        guard stepsTimesWidth <= TensorLimits.maxElements else {
            throw TensorError(.limitExceeded, "train", "seq \(config.seqLength) × (H + V) = \(stepsTimesWidth) activations exceed the limit of \(TensorLimits.maxElements); use a shorter --seq")
        }
        let v = Int32(model.layout.vocabulary)
        guard data.allSatisfy({ $0 >= 0 && $0 < v }) else {
            throw TensorError(.indexOutOfRange, "train", "the data holds an index outside 0..<\(v)")
        }
        _ = try config.clipping.validated()
        self.model = model
        self.config = config
        self.data = data
        optimizer = try FlatOptimizer(config.optimizer, learningRate: config.learningRate, count: model.layout.count)
        hidden = [Double](repeating: 0, count: model.hidden)
        position = 0
        iteration = 0
        smoothLoss = -Foundation.log(1.0 / Double(model.layout.vocabulary)) * Double(config.seqLength)
        gradients = [Double](repeating: 0, count: model.layout.count)
        engine = makeCharRNNEngine(layout: model.layout, capacity: config.seqLength)
    }

    /// Replaces the run state (used to resume from a checkpoint or to replay a
    /// reference state). Sizes must match the model.
    public func restore(parameters: [Double], optimizer: FlatOptimizer, hidden: [Double], position: Int,
                        iteration: Int, smoothLoss: Double) throws {
        let n = model.layout.count
        guard optimizer.kind == config.optimizer,
              optimizer.first.count == (optimizer.kind.stateBuffers >= 1 ? n : 0),
              optimizer.second.count == (optimizer.kind.stateBuffers >= 2 ? n : 0) else {
            throw TensorError(.shapeMismatch, "train", "the optimiser state does not fit a \(config.optimizer) optimiser over \(n) parameters")
        }
        guard hidden.count == model.hidden, hidden.allSatisfy(\.isFinite) else {
            throw TensorError(.shapeMismatch, "train", "the hidden state needs \(model.hidden) finite values, got \(hidden.count)")
        }
        guard position >= 0, position <= data.count, iteration >= 0, iteration < Int.max / 2, smoothLoss.isFinite else {
            throw TensorError(.invalidArgument, "train", "position \(position), iteration \(iteration) or smooth loss \(smoothLoss) is out of range")
        }
        try model.setParameters(parameters)
        self.optimizer = optimizer
        self.hidden = hidden
        self.position = position
        self.iteration = iteration
        self.smoothLoss = smoothLoss
    }

    /// Runs one training iteration and returns its losses.
    @discardableResult
    public func step() throws -> CharRNNStep {
        let T = config.seqLength
        if iteration == 0 || position + T + 1 > data.count {
            for i in hidden.indices { hidden[i] = 0 }
            position = 0
        }
        let p = position
        let (loss, health) = model.parameters.withUnsafeBufferPointer { params in
            gradients.withUnsafeMutableBufferPointer { grads in
                hidden.withUnsafeMutableBufferPointer { h in
                    data.withUnsafeBufferPointer { d -> (Double, (finite: Bool, norm: Double)) in
                        guard let params = params.baseAddress, let g = grads.baseAddress,
                              let state = h.baseAddress, let text = d.baseAddress else { return (.nan, (false, 0)) }
                        let loss = engine.lossAndGradients(
                            parameters: params, gradients: g, inputs: text + p, targets: text + p + 1,
                            length: T, h0: state, hLast: state)
                        return (loss, config.clipping.apply(to: grads))
                    }
                }
            }
        }
        guard loss.isFinite, health.finite else {
            let what = loss.isFinite ? "the gradient" : "the loss (\(loss))"
            throw TensorError(.invalidArgument, "train", "\(what) became non-finite at iteration \(iteration); training stopped with the last finite weights. Lower the learning rate (e.g. --lr 0.01) or clip harder")
        }
        smoothLoss = smoothLoss * 0.999 + loss * 0.001
        model.parameters.withUnsafeMutableBufferPointer { params in
            gradients.withUnsafeBufferPointer { grads in optimizer.apply(parameters: params, gradients: grads) }
        }
        let result = CharRNNStep(iteration: iteration, loss: loss, smoothLoss: smoothLoss, gradientNorm: health.norm)
        position += T
        iteration += 1
        return result
    }
}
