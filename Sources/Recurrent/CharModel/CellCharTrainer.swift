import Foundation
import TensorCore

/// The min-char-rnn training loop with any recurrent cell (LSTM, GRU, MUT1–3,
/// stacked layers): windows of T characters with one-hot inputs, full BPTT
/// through the window on the native path (``BPTT/fullNative(_:inputs:targets:initialState:)``),
/// the state carried from window to window and reset when the data wraps,
/// elementwise clipping and a flat optimizer (Adagrad by default).
///
/// The vanilla cell has its own faster engine (``CharRNNTrainer``); this one
/// trades speed for generality.
public struct CellCharTrainer: Sendable {
    public private(set) var model: SequenceModel<AnyRecurrentCell>
    public let vocabulary: CharVocabulary
    /// The cell's name as given (`lstm`, `gru`, …).
    public let cellKind: String
    public let seqLength: Int
    public let clip: Double
    public private(set) var iteration = 0
    /// −ln(1/V)·T before training, then 0.999·smooth + 0.001·loss after each step.
    public private(set) var smoothLoss: Double
    private let data: [Int]
    private var position = 0
    private var state: [Tensor]?
    private var optimizer: FlatOptimizer
    /// Student forcing (scheduled sampling): the probability that a step's input is the
    /// model's own most likely prediction instead of the true previous character.
    public var studentProbability = 0.0
    private var coin: RandomGenerator

    /// - Parameters:
    ///   - cell: `rnn`, `lstm`, `gru`, `mut1`, `mut2` or `mut3`.
    ///   - clip: each gradient element is limited to ±clip (0 turns clipping off).
    public init(text: String, cell: String, hidden: Int, layers: Int = 1, seqLength: Int, learningRate: Double,
                clip: Double = 5, optimizer: OptimizerKind = .minCharRNN, seed: UInt64) throws {
        vocabulary = try CharVocabulary(text: text)
        cellKind = cell.lowercased()
        data = try vocabulary.encode(text).map(Int.init)
        guard seqLength >= 1, data.count > seqLength else {
            throw TensorError(.invalidArgument, "train", "the text has \(data.count) characters; it needs at least seq + 1 = \(seqLength + 1)")
        }
        guard hidden >= 1, hidden <= 4096 else { throw TensorError(.invalidArgument, "train", "hidden size must be between 1 and 4096, got \(hidden)") }
        var generator = RandomGenerator(seed: seed)
        let recurrence = try AnyRecurrentCell(named: cell, inputSize: vocabulary.count, hiddenSize: hidden, layers: layers, using: &generator)
        model = try SequenceModel(cell: recurrence, outputSize: vocabulary.count, using: &generator)
        self.seqLength = seqLength
        self.clip = clip
        smoothLoss = -Foundation.log(1.0 / Double(vocabulary.count)) * Double(seqLength)
        self.optimizer = try FlatOptimizer(optimizer, learningRate: learningRate, count: model.parameterCount)
        coin = RandomGenerator(seed: seed &+ 0x5CED)
    }

    /// One window: forward, backward, clip, update. Returns the window's raw loss.
    /// Throws (leaving the model as it was) when the loss or a gradient is not finite.
    @discardableResult
    public mutating func step() throws -> Double {
        if position + seqLength + 1 > data.count {
            position = 0
            state = nil
        }
        let inputs = try windowInputs()
        let targets: [[Int]?] = (0..<seqLength).map { t in [data[position + t + 1]] }
        let result = try BPTT.fullNative(model, inputs: inputs, targets: targets, initialState: state)
        var gradients = result.gradients.flatMap(\.scalars)
        guard result.loss.isFinite, gradients.allSatisfy(\.isFinite) else {
            throw TensorError(.invalidArgument, "train",
                              "training diverged at iteration \(iteration) (the loss or a gradient is not finite); lower --lr or clip harder")
        }
        if clip > 0 { gradients = gradients.map { Swift.min(Swift.max($0, -clip), clip) } }
        let current = model.parameters
        var flat = current.flatMap(\.scalars)
        try optimizer.update(&flat, gradients: gradients)
        var offset = 0
        let updated = try current.map { p -> Tensor in
            defer { offset += p.count }
            return try Tensor(shape: p.shape, scalars: Array(flat[offset..<(offset + p.count)]))
        }
        model = try model.withParameters(updated)
        state = result.finalState
        position += seqLength
        iteration += 1
        smoothLoss = smoothLoss * 0.999 + result.loss * 0.001
        return result.loss
    }

    /// The window's one-hot inputs: the true characters (teacher forcing), each
    /// replaced with probability ``studentProbability`` by the model's own argmax
    /// prediction from the step before (student forcing). The predictions come
    /// from a forward pass with the current weights, the same one BPTT then repeats.
    private mutating func windowInputs() throws -> [Tensor] {
        let v = vocabulary.count
        guard studentProbability > 0 else {
            return try (0..<seqLength).map { t in try Tensor.oneHot([data[position + t]], depth: v) }
        }
        var inputs: [Tensor] = []
        var current = try state ?? model.cell.zeroState()
        var input = try Tensor.oneHot([data[position]], depth: v)
        for t in 0..<seqLength {
            inputs.append(input)
            let step = try model.nativeStep(input, current)
            current = step.state
            guard t + 1 < seqLength else { break }
            let next = coin.nextUniform() < studentProbability ? try step.scores.argmax() : data[position + t + 1]
            input = try Tensor.oneHot([next], depth: v)
        }
        return inputs
    }

    /// `count` characters sampled after `seed` from a fresh state (temperature 0 picks the most likely).
    public func sample(after seed: Int, count: Int, temperature: Double, using generator: inout RandomGenerator) throws -> String {
        var state = try model.cell.zeroState()
        var current = seed
        var out: [Int] = []
        for _ in 0..<max(0, count) {
            let step = try model.nativeStep(try Tensor.oneHot([current], depth: vocabulary.count), state)
            state = step.state
            let scores = try step.scores.reshaped([vocabulary.count])
            if temperature == 0 {
                current = try scores.argmax()
            } else {
                current = try Tensor.choice(try (scores / Tensor(temperature)).softmax(), using: &generator)
            }
            out.append(current)
        }
        return try vocabulary.decode(out)
    }

    /// The trained model on its own (single-layer cells only), e.g. to save it.
    public func charModel() throws -> CharCellModel {
        guard !(model.cell.base is StackedCells<AnyRecurrentCell>) else {
            throw TensorError(.invalidArgument, "train", "saving a model works for one layer only")
        }
        return try CharCellModel(kind: cellKind, vocabulary: vocabulary, network: model)
    }

    /// The index of the first character of the text (where samples start by default).
    public var firstCharacter: Int { data.first ?? 0 }
}
